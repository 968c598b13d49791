import { describe, expect, it } from 'vitest';
import { backupFileName, BACKUP_FILE_PATTERN, filesToRotate, nextRunAt, parseClock } from '../../src/modules/backup/domain/schedule.js';

describe('the server’s nightly backup: when, what name, what rotation removes', () => {
  it('reads HH:MM and refuses anything else', () => {
    expect(parseClock('02:30')).toBe(150);
    expect(parseClock('2:05')).toBe(125);
    expect(parseClock('23:59')).toBe(23 * 60 + 59);
    for (const bad of ['24:00', '02:60', '0230', '2時30分', '', ' : ']) expect(parseClock(bad), bad).toBeNull();
  });

  it('runs next at that time in Asia/Tokyo, never at once and never twice a day', () => {
    // 2026-12-07 22:00 UTC = 12-08 07:00 JST → next 02:30 JST is 12-09 02:30 JST = 12-08 17:30 UTC
    expect(nextRunAt(new Date('2026-12-07T22:00:00Z'), 150).toISOString()).toBe('2026-12-08T17:30:00.000Z');
    // 2026-12-07 17:00 UTC = 12-08 02:00 JST → 02:30 JST the same day
    expect(nextRunAt(new Date('2026-12-07T17:00:00Z'), 150).toISOString()).toBe('2026-12-07T17:30:00.000Z');
    // exactly at the time: the next day, not now again
    expect(nextRunAt(new Date('2026-12-07T17:30:00Z'), 150).toISOString()).toBe('2026-12-08T17:30:00.000Z');
    // fiscal-year end: 2027-03-31 23:00 JST → 2027-04-01 02:30 JST
    expect(nextRunAt(new Date('2027-03-31T14:00:00Z'), 150).toISOString()).toBe('2027-03-31T17:30:00.000Z');
  });

  it('names files by Tokyo date and time, in the documented pattern', () => {
    const name = backupFileName(new Date('2026-12-07T17:30:00Z'));
    expect(name).toBe('gyokaku-20261208-0230.gyokaku.jsonl.gz');
    expect(BACKUP_FILE_PATTERN.test(name)).toBe(true);
  });

  it('keeps the newest N backups and never touches other files', () => {
    const names = [
      'gyokaku-20261201-0230.gyokaku.jsonl.gz',
      'gyokaku-20261203-0230.gyokaku.jsonl.gz',
      'notes.txt',
      'gyokaku-20261202-0230.gyokaku.jsonl.gz',
      'gyokaku-20261204-0230.gyokaku.jsonl.gz.partial',
      '432041.gyokaku.jsonl.gz',
    ];
    expect(filesToRotate(names, 2)).toEqual(['gyokaku-20261201-0230.gyokaku.jsonl.gz']);
    expect(filesToRotate(names, 1)).toEqual(['gyokaku-20261201-0230.gyokaku.jsonl.gz', 'gyokaku-20261202-0230.gyokaku.jsonl.gz']);
    expect(filesToRotate(names, 5)).toEqual([]);
  });
});
