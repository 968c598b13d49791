/**
 * Dates as shown (fiscal/domain/display.ts): the day in Japan, never the UTC day of an instant, and
 * the same functions on the server and in the staff UI.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  clockLabel,
  dateLabel,
  dateLabelWithWeekday,
  dateTimeLabel,
  daysBetween,
  monthLabel,
  todayInTokyo,
  tokyoDateOf,
  weekdayLabel,
} from '../../src/modules/fiscal/domain/index.js';
import * as webFormat from '../../web/src/lib/format.js';
import * as webSecretariat from '../../web/src/pages/secretariat/lib.js';

// 2026-04-01 00:30 in Japan is still 2026-03-31 15:30 in UTC
const JST_0030 = '2026-04-01T00:30:00+09:00';
const SAME_IN_UTC = '2026-03-31T15:30:00.000Z';

const savedTz = process.env.TZ;
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('the day in Japan of an instant', () => {
  it('is the Japanese day between 00:00 and 08:59 JST, when the UTC date is the day before', () => {
    for (const v of [JST_0030, SAME_IN_UTC, new Date(SAME_IN_UTC)]) {
      expect(tokyoDateOf(v)).toBe('2026-04-01');
      expect(dateLabel(v)).toBe('令和8年4月1日');
      expect(dateLabelWithWeekday(v)).toBe('令和8年4月1日（水）');
      expect(dateTimeLabel(v)).toBe('令和8年4月1日 00:30');
    }
    // the last minute before 09:00 JST and the first after it
    expect(tokyoDateOf('2026-03-31T23:59:00Z')).toBe('2026-04-01');
    expect(tokyoDateOf('2026-03-31T14:59:59Z')).toBe('2026-03-31');
    expect(tokyoDateOf('2026-03-31T15:00:00Z')).toBe('2026-04-01');
  });

  it('does not depend on the time zone of the machine', () => {
    for (const tz of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Tokyo']) {
      process.env.TZ = tz;
      expect(tokyoDateOf(SAME_IN_UTC)).toBe('2026-04-01');
      expect(dateTimeLabel(SAME_IN_UTC, { weekday: true, seconds: true })).toBe('令和8年4月1日（水） 00:30:00');
      expect(todayInTokyo(new Date(SAME_IN_UTC))).toBe('2026-04-01');
      expect(dateLabel('2026-04-01')).toBe('令和8年4月1日');
    }
  });

  it('takes a calendar date as that day, and a date-time without an offset as a clock in Japan', () => {
    expect(tokyoDateOf('2026-03-31')).toBe('2026-03-31');
    expect(dateTimeLabel('2026-04-01T09:05')).toBe('令和8年4月1日 09:05');
    expect(clockLabel(new Date('2026-12-31T15:05:00Z'))).toBe('00:05');
    expect(tokyoDateOf('2026-02-30')).toBeNull();
    expect(tokyoDateOf('2026-04-01T25:00')).toBeNull();
  });

  it('names eras at their exact boundaries, with 元年', () => {
    expect(dateLabel('2019-04-30')).toBe('平成31年4月30日');
    expect(dateLabel('2019-05-01')).toBe('令和元年5月1日');
    // 2019-04-30T15:00Z is 5/1 in Japan: 令和, not 平成
    expect(dateLabel('2019-04-30T15:00:00Z')).toBe('令和元年5月1日');
    expect(monthLabel('2019-05')).toBe('令和元年5月');
    expect(monthLabel('2026-12')).toBe('令和8年12月');
  });

  it('shows what it cannot read as given, and nothing for no value', () => {
    expect(dateLabel(null)).toBe('');
    expect(dateLabel('')).toBe('');
    expect(dateLabel('来年度')).toBe('来年度');
    expect(dateTimeLabel('not a date')).toBe('not a date');
    expect(monthLabel('x')).toBe('x');
  });
});

describe('calendar arithmetic', () => {
  it('adds days across months, leap days and years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-04-01', 365 * 3)).toBe('2029-03-31');
    expect(() => addDays('2026-13-01', 1)).toThrow(RangeError);
  });

  it('counts days between dates and names the weekday', () => {
    expect(daysBetween('2026-03-31', '2026-04-01')).toBe(1);
    expect(daysBetween('2026-04-01', '2026-03-31')).toBe(-1);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(weekdayLabel('2026-12-18')).toBe('金');
    expect(weekdayLabel('1970-01-01')).toBe('木');
    expect(weekdayLabel('2000-02-29')).toBe('火');
    // every day of 1999–2000 (2000: a leap year though a century) agrees with Date’s calendar in UTC
    for (let d = new Date(Date.UTC(1999, 0, 1)); d.getUTCFullYear() < 2001; d.setUTCDate(d.getUTCDate() + 1)) {
      const iso = d.toISOString().slice(0, 10);
      expect(weekdayLabel(iso)).toBe('日月火水木金土'[d.getUTCDay()]);
      expect(addDays(iso, 1)).toBe(new Date(d.getTime() + 86_400_000).toISOString().slice(0, 10));
    }
  });
});

describe('one formatter for the server and the staff UI', () => {
  it('the UI re-exports the server’s functions rather than its own copies', () => {
    expect(webFormat.formatDate).toBe(dateLabel);
    expect(webFormat.formatDateTime).toBe(dateTimeLabel);
    expect(webFormat.todayIso).toBe(todayInTokyo);
    expect(webFormat.monthLabel).toBe(monthLabel);
    expect(webSecretariat.monthLabel).toBe(monthLabel);
    expect(webSecretariat.dateW(SAME_IN_UTC)).toBe(dateLabelWithWeekday(JST_0030));
    expect(webSecretariat.instantW(SAME_IN_UTC)).toBe('令和8年4月1日（水） 00:30');
  });
});
