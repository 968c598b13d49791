/**
 * Account lockout after consecutive failed logins (pure; the clock is a parameter).
 * Five failures in a row lock the account for fifteen minutes; the counter starts
 * again from zero when the lock is set and after every successful login.
 */

export const MAX_CONSECUTIVE_FAILURES = 5;
export const LOCK_DURATION_MS = 15 * 60 * 1000;

export interface LockState {
  failedLogins: number;
  lockedUntil: Date | null;
}

export const isLocked = (s: Pick<LockState, 'lockedUntil'>, now: Date): boolean =>
  s.lockedUntil !== null && s.lockedUntil.getTime() > now.getTime();

/** The state after one more failure, given the stored count. */
export function afterFailure(failedLogins: number, now: Date): LockState & { justLocked: boolean } {
  const n = failedLogins + 1;
  if (n >= MAX_CONSECUTIVE_FAILURES) return { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCK_DURATION_MS), justLocked: true };
  return { failedLogins: n, lockedUntil: null, justLocked: false };
}

let jstFormatter: Intl.DateTimeFormat | undefined;

/** e.g. 2026年5月1日 14:05 — an instant as read on a clock in Japan. */
export function formatJst(instant: Date): string {
  jstFormatter ??= new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const p: Record<string, string> = {};
  for (const part of jstFormatter.formatToParts(instant)) p[part.type] = part.value;
  return `${p.year}年${p.month}月${p.day}日 ${p.hour}:${p.minute}`;
}

export const INVALID_CREDENTIALS_MESSAGE = '団体コード、ログインID、またはパスワードが正しくありません。';

export const lockedMessage = (lockedUntil: Date): string =>
  `ログインに${MAX_CONSECUTIVE_FAILURES}回続けて失敗したため、このアカウントは一時的にロックされています。${formatJst(lockedUntil)}（日本時間）以降にもう一度お試しください。`;
