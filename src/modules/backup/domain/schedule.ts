/**
 * When the server's own nightly backup runs, what its files are called and which ones rotation
 * removes. Pure: the clock and the file list come in as arguments.
 *
 * The embedded store (PGlite) can be opened by one process only, so `gyokaku backup` needs the
 * server stopped; a server configured with GYOKAKU_BACKUP_DIR backs itself up instead, without a stop.
 */

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000; // Japan has no daylight saving time

/** 'HH:MM' (00:00–23:59) → minutes after midnight, or null when malformed. */
export function parseClock(text: string): number | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** The next moment strictly after `now` at `minutes` past midnight in Asia/Tokyo. */
export function nextRunAt(now: Date, minutes: number): Date {
  const tokyo = new Date(now.getTime() + TOKYO_OFFSET_MS);
  const midnightTokyoUtc = Date.UTC(tokyo.getUTCFullYear(), tokyo.getUTCMonth(), tokyo.getUTCDate()) - TOKYO_OFFSET_MS;
  let next = midnightTokyoUtc + minutes * 60_000;
  if (next <= now.getTime()) next += 24 * 60 * 60_000;
  return new Date(next);
}

export const BACKUP_FILE_PATTERN = /^gyokaku-(\d{8}-\d{4})\.gyokaku\.jsonl\.gz$/;

/** gyokaku-YYYYMMDD-HHMM.gyokaku.jsonl.gz, stamped in Asia/Tokyo (the same name the documented cron script uses). */
export function backupFileName(at: Date): string {
  const t = new Date(at.getTime() + TOKYO_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `gyokaku-${t.getUTCFullYear()}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}-${p(t.getUTCHours())}${p(t.getUTCMinutes())}.gyokaku.jsonl.gz`;
}

/** The backup files to delete so that the newest `keep` remain; other files in the folder are never touched. */
export function filesToRotate(names: readonly string[], keep: number): string[] {
  const ours = names.filter((n) => BACKUP_FILE_PATTERN.test(n)).sort();
  return ours.slice(0, Math.max(0, ours.length - keep));
}
