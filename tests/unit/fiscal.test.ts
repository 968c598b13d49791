import { afterEach, describe, expect, it } from 'vitest';
import {
  ERAS,
  eraOfDate,
  eraOfFiscalYear,
  fiscalYearLabel,
  fiscalYearOf,
  fiscalYearRange,
  fiscalYearShort,
  fiscalYearsBetween,
  formatWarekiDate,
  isInFiscalYear,
  normalizeWidth,
  parseFiscalYear,
  parseFiscalYearOrThrow,
  parseIsoDate,
  todayInTokyo,
  warekiToWestern,
} from '../../src/modules/fiscal/domain/index.js';

describe('fiscalYearOf', () => {
  it.each([
    ['2026-04-01', 2026],
    ['2026-03-31', 2025],
    ['2027-03-31', 2026],
    ['2026-01-01', 2025],
    ['2025-12-31', 2025],
    ['2024-02-29', 2023],
    ['1989-01-07', 1988],
    ['2019-04-30', 2019],
  ])('calendar date %s → FY%i', (date, fy) => {
    expect(fiscalYearOf(date)).toBe(fy);
  });

  it.each([
    // 04-01 00:00 JST is 03-31 15:00 UTC
    ['2026-03-31T14:59:59.999Z', 2025],
    ['2026-03-31T15:00:00.000Z', 2026],
    ['2026-03-31T23:59:59Z', 2026],
    ['2026-04-01T00:00:00Z', 2026],
    // end of FY2026: 2027-03-31 23:59:59 JST = 14:59:59 UTC
    ['2027-03-31T14:59:59Z', 2026],
    ['2027-03-31T15:00:00Z', 2027],
    // new year in Japan: still the same FY
    ['2025-12-31T15:00:00Z', 2025],
  ])('instant %s → FY%i (Asia/Tokyo)', (iso, fy) => {
    expect(fiscalYearOf(new Date(iso))).toBe(fy);
  });

  it('accepts ISO date-time strings with an explicit offset as instants', () => {
    expect(fiscalYearOf('2026-03-31T15:00:00Z')).toBe(2026);
    expect(fiscalYearOf('2026-04-01T00:00:00+09:00')).toBe(2026);
    expect(fiscalYearOf('2026-03-31T23:59:59+09:00')).toBe(2025);
  });

  it.each(['', 'garbage', '2026-02-30', '2026-13-01', '2026-00-10', '2026/04/01', '2026-4-1', '2026-04-01T00:00'])(
    'rejects %j',
    (bad) => {
      expect(() => fiscalYearOf(bad)).toThrow(RangeError);
    },
  );

  it('rejects an invalid Date', () => {
    expect(() => fiscalYearOf(new Date('nope'))).toThrow(RangeError);
  });

  describe('does not depend on the machine time zone', () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'])('TZ=%s', (tz) => {
      process.env.TZ = tz;
      // precondition: the process really runs in a zone other than Japan's
      expect(new Date('2026-03-31T15:00:00Z').getTimezoneOffset()).not.toBe(-540);
      expect(fiscalYearOf(new Date('2026-03-31T14:59:59Z'))).toBe(2025);
      expect(fiscalYearOf(new Date('2026-03-31T15:00:00Z'))).toBe(2026);
      expect(fiscalYearOf('2026-03-31')).toBe(2025);
      expect(todayInTokyo(new Date('2026-03-31T15:00:00Z'))).toBe('2026-04-01');
    });
  });
});

describe('todayInTokyo', () => {
  it.each([
    ['2026-03-31T14:59:59Z', '2026-03-31'],
    ['2026-03-31T15:00:00Z', '2026-04-01'],
    ['2025-12-31T15:00:00Z', '2026-01-01'],
    ['2024-02-28T15:00:00Z', '2024-02-29'],
    ['0999-06-01T00:00:00Z', '0999-06-01'],
  ])('%s → %s', (iso, expected) => {
    expect(todayInTokyo(new Date(iso))).toBe(expected);
  });

  it('defaults to now and returns an ISO date', () => {
    expect(todayInTokyo()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('fiscalYearRange / isInFiscalYear', () => {
  it.each([
    [2026, '2026-04-01', '2027-03-31'],
    [2019, '2019-04-01', '2020-03-31'],
    [1988, '1988-04-01', '1989-03-31'],
  ])('FY%i → %s … %s', (fy, start, end) => {
    expect(fiscalYearRange(fy)).toEqual({ start, end });
    expect(fiscalYearOf(start)).toBe(fy);
    expect(fiscalYearOf(end)).toBe(fy);
  });

  it.each([2026.5, Number.NaN, 0, -1, 9999])('rejects %s', (fy) => {
    expect(() => fiscalYearRange(fy)).toThrow(RangeError);
  });

  it('isInFiscalYear', () => {
    expect(isInFiscalYear('2027-03-31', 2026)).toBe(true);
    expect(isInFiscalYear('2027-04-01', 2026)).toBe(false);
    expect(isInFiscalYear(new Date('2026-03-31T15:00:00Z'), 2026)).toBe(true);
  });
});

describe('fiscalYearsBetween', () => {
  it('lists fiscal years inclusively', () => {
    expect(fiscalYearsBetween(2022, 2026)).toEqual([2022, 2023, 2024, 2025, 2026]);
    expect(fiscalYearsBetween(2026, 2026)).toEqual([2026]);
  });

  it('maps dates to their fiscal years', () => {
    expect(fiscalYearsBetween('2025-03-31', '2025-04-01')).toEqual([2024, 2025]);
    expect(fiscalYearsBetween('2025-04-01', '2026-03-31')).toEqual([2025]);
    expect(fiscalYearsBetween(new Date('2026-03-31T15:00:00Z'), 2027)).toEqual([2026, 2027]);
  });

  it('rejects reversed or invalid bounds', () => {
    expect(() => fiscalYearsBetween(2026, 2025)).toThrow(RangeError);
    expect(() => fiscalYearsBetween(2025.5, 2026)).toThrow(RangeError);
  });
});

describe('parseIsoDate', () => {
  it.each([
    ['2024-02-29', { year: 2024, month: 2, day: 29 }],
    ['2000-02-29', { year: 2000, month: 2, day: 29 }],
    ['2023-02-29', null],
    ['1900-02-29', null],
    ['2026-04-31', null],
    ['2026-4-01', null],
    [' 2026-04-01', null],
  ])('%s', (s, expected) => {
    expect(parseIsoDate(s)).toEqual(expected);
  });
});

describe('eras', () => {
  it('are contiguous: each era ends the day before the next starts', () => {
    for (let i = 0; i + 1 < ERAS.length; i++) {
      const cur = ERAS[i]!;
      const next = ERAS[i + 1]!;
      const dayAfterEnd = new Date(`${cur.end}T00:00:00Z`);
      dayAfterEnd.setUTCDate(dayAfterEnd.getUTCDate() + 1);
      expect(dayAfterEnd.toISOString().slice(0, 10)).toBe(next.start);
      expect(Number(cur.end!.slice(0, 4))).toBe(cur.lastYear);
    }
  });
});

describe('eraOfDate', () => {
  it.each([
    ['1868-01-25', '明治', 1],
    ['1912-07-29', '明治', 45],
    ['1912-07-30', '大正', 1],
    ['1926-12-24', '大正', 15],
    ['1926-12-25', '昭和', 1],
    ['1989-01-07', '昭和', 64],
    ['1989-01-08', '平成', 1],
    ['2019-04-30', '平成', 31],
    ['2019-05-01', '令和', 1],
    ['2026-04-01', '令和', 8],
  ])('%s → %s%i年', (date, name, year) => {
    const r = eraOfDate(date);
    expect(r?.era.name).toBe(name);
    expect(r?.year).toBe(year);
  });

  it('returns null before 明治', () => {
    expect(eraOfDate('1868-01-24')).toBeNull();
    expect(eraOfDate('1600-10-21')).toBeNull();
  });

  it('converts a Date instant in Asia/Tokyo', () => {
    // 2019-04-30T15:00Z = 2019-05-01 00:00 JST
    expect(eraOfDate(new Date('2019-04-30T14:59:59Z'))?.era.name).toBe('平成');
    expect(eraOfDate(new Date('2019-04-30T15:00:00Z'))?.era.name).toBe('令和');
  });

  it('throws on malformed dates', () => {
    expect(() => eraOfDate('2019-02-30')).toThrow(RangeError);
    expect(() => eraOfDate('令和元年')).toThrow(RangeError);
  });

  it('formats a date in 和暦', () => {
    expect(formatWarekiDate('2019-05-01')).toBe('令和元年5月1日');
    expect(formatWarekiDate('2019-04-30')).toBe('平成31年4月30日');
    expect(formatWarekiDate('2026-12-03')).toBe('令和8年12月3日');
    expect(() => formatWarekiDate('1800-01-01')).toThrow(RangeError);
  });
});

describe('fiscalYearLabel / fiscalYearShort', () => {
  it.each([
    // fy, default label, start-era label, default short, start-era short
    [2026, '令和8年度', '令和8年度', 'R8', 'R8'],
    [2020, '令和2年度', '令和2年度', 'R2', 'R2'],
    [2019, '令和元年度', '平成31年度', 'R1', 'H31'],
    [2018, '平成30年度', '平成30年度', 'H30', 'H30'],
    [1989, '平成元年度', '平成元年度', 'H1', 'H1'],
    [1988, '昭和63年度', '昭和63年度', 'S63', 'S63'],
    [1926, '昭和元年度', '大正15年度', 'S1', 'T15'],
    [1912, '大正元年度', '明治45年度', 'T1', 'M45'],
    [1868, '明治元年度', '明治元年度', 'M1', 'M1'],
  ])('FY%i', (fy, label, startLabel, short, startShort) => {
    expect(fiscalYearLabel(fy)).toBe(label);
    expect(fiscalYearLabel(fy, { era: 'latest' })).toBe(label);
    expect(fiscalYearLabel(fy, { era: 'start' })).toBe(startLabel);
    expect(fiscalYearShort(fy)).toBe(short);
    expect(fiscalYearShort(fy, { era: 'start' })).toBe(startShort);
  });

  it('throws before 明治 and for non-integers', () => {
    expect(() => fiscalYearLabel(1867)).toThrow(RangeError);
    expect(() => fiscalYearShort(1867, { era: 'start' })).toThrow(RangeError);
    expect(() => fiscalYearLabel(2026.5)).toThrow(RangeError);
  });

  it('round-trips through the parser', () => {
    for (let fy = 1868; fy <= 2200; fy++) {
      expect(parseFiscalYear(fiscalYearLabel(fy))).toBe(fy);
      expect(parseFiscalYear(fiscalYearShort(fy))).toBe(fy);
      expect(parseFiscalYear(fiscalYearLabel(fy, { era: 'start' }))).toBe(fy);
      expect(parseFiscalYear(fiscalYearShort(fy, { era: 'start' }))).toBe(fy);
    }
  });

  it('eraOfFiscalYear exposes the era object', () => {
    const r = eraOfFiscalYear(2019, { era: 'start' });
    expect(r.era.romaji).toBe('Heisei');
    expect(r.year).toBe(31);
  });
});

describe('warekiToWestern', () => {
  it.each([
    ['令和', 1, 2019],
    ['R', 8, 2026],
    ['r', 8, 2026],
    ['Heisei', 31, 2019],
    ['平成', 32, null],
    ['昭和', 64, 1989],
    ['昭和', 65, null],
    ['大正', 15, 1926],
    ['大正', 16, null],
    ['明治', 45, 1912],
    ['明治', 46, null],
    ['令和', 0, null],
    ['令和', 182, 2200],
    ['令和', 183, null],
    ['令和', 1.5, null],
    ['天平', 1, null],
  ])('%s %s → %s', (era, year, expected) => {
    expect(warekiToWestern(era, year)).toBe(expected);
  });
});

describe('normalizeWidth', () => {
  it.each([
    ['Ｒ４', 'R4'],
    ['２０２６年度', '2026年度'],
    ['ＦＹ２０２６', 'FY2026'],
    ['ｒ．４', 'r.4'],
    ['令和８（２０２６）年度', '令和8(2026)年度'],
    ['\u3000Ｈ３０\u3000', ' H30 '],
    ['ａｂｃＸＹＺ０９／～！', 'abcXYZ09/~!'],
    ['令和元年度', '令和元年度'],
    ['ｶﾀｶﾅ', 'ｶﾀｶﾅ'], // half-width katakana is not ASCII: untouched
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeWidth(input)).toBe(expected);
  });
});

describe('parseFiscalYear', () => {
  it.each([
    // short era forms
    ['R4', 2022],
    ['r4', 2022],
    ['Ｒ４', 2022],
    ['ｒ４', 2022],
    ['R.4', 2022],
    ['R. 4', 2022],
    ['R04', 2022],
    ['R 4', 2022],
    ['R8', 2026],
    ['R1', 2019],
    ['R元', 2019],
    ['H30', 2018],
    ['H31', 2019],
    ['h31', 2019],
    ['H1', 1989],
    ['S64', 1989],
    ['S63', 1988],
    ['T15', 1926],
    ['M45', 1912],
    // long era forms
    ['令和4年度', 2022],
    ['令和４年度', 2022],
    ['令和 4 年度', 2022],
    ['令和元年度', 2019],
    ['令和元年', 2019],
    ['令和4年', 2022],
    ['令和4', 2022],
    ['令和四年度', 2022],
    ['平成三十一年度', 2019],
    ['平成十年度', 1998],
    ['平成30年度', 2018],
    ['平成31年度', 2019],
    ['平成元年度', 1989],
    ['昭和64年', 1989],
    ['昭和64年度', 1989],
    ['大正15年度', 1926],
    ['明治元年', 1868],
    ['㋿8年度', 2026],
    ['㍻31年度', 2019],
    // Western forms
    ['2026年度', 2026],
    ['2026', 2026],
    ['２０２６年度', 2026],
    ['２０２６', 2026],
    ['2026年', 2026],
    ['FY2026', 2026],
    ['fy2026', 2026],
    ['FY 2026', 2026],
    ['ＦＹ２０２６', 2026],
    ['2026FY', 2026],
    ['1868', 1868],
    ['2200年度', 2200],
    // combined forms
    ['2026/R8', 2026],
    ['R8/2026', 2026],
    ['2026 / R8', 2026],
    ['２０２６／Ｒ８', 2026],
    ['令和8年度（2026年度）', 2026],
    ['令和8年度(2026)', 2026],
    ['令和8（2026）年度', 2026],
    ['2026年度（令和8年度）', 2026],
    ['R1(2019)', 2019],
    ['平成31(2019)年度', 2019],
    // whitespace
    ['  R8  ', 2026],
    ['\u3000令和８年度\u3000', 2026],
    ['\t2026年度\n', 2026],
  ])('%j → %i', (input, expected) => {
    expect(parseFiscalYear(input)).toBe(expected);
    expect(parseFiscalYearOrThrow(input)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    'garbage',
    '年度',
    'R',
    '令和',
    '令和0年度',
    'R0',
    'R00',
    '令和183年度',
    '平成32年度',
    'H32',
    '平成0年',
    '昭和65年',
    'S65',
    '大正16年',
    '明治46年',
    'X4',
    'RR4',
    'R4R',
    'R-4',
    '令和4年度度',
    '令和4.5年度',
    '令和十十年度',
    '1867',
    '1867年度',
    '2201',
    '0',
    '26',
    '26年度',
    '20266',
    'FY',
    'FY26',
    '2026-04-01',
    '2026/R7', // disagreeing notations
    '令和7年度（2026年度）',
    '2026/2026/R8',
    '(2026)',
    '令和8年度()',
  ])('%j → null', (input) => {
    expect(parseFiscalYear(input)).toBeNull();
    expect(() => parseFiscalYearOrThrow(input)).toThrow(Error);
  });

  it('returns null for non-string input at runtime', () => {
    expect(parseFiscalYear(undefined as unknown as string)).toBeNull();
    expect(parseFiscalYear(2026 as unknown as string)).toBeNull();
  });

  it('throws a Japanese message showing the input', () => {
    expect(() => parseFiscalYearOrThrow(' 平成32年度 ')).toThrow(
      '「平成32年度」を年度として読み取れません（例: 令和8年度, R8, 2026年度）',
    );
    expect(() => parseFiscalYearOrThrow('XX')).toThrow(
      '「XX」を年度として読み取れません（例: 令和8年度, R8, 2026年度）',
    );
  });
});
