/**
 * What is left of the hard account lock (pure): accounts are no longer locked by failed logins — an
 * attacker could keep anyone out that way — but slowed down per address (loginThrottle.ts). A lock set
 * by an older version stays readable (users.locked_until) until it runs out or an administrator clears it.
 */

export interface LockState {
  failedLogins: number;
  lockedUntil: Date | null;
}

export const isLocked = (s: Pick<LockState, 'lockedUntil'>, now: Date): boolean =>
  s.lockedUntil !== null && s.lockedUntil.getTime() > now.getTime();

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

// One message for a wrong password, an unknown or disabled account and an account not yet activated, so the
// answer never tells whether an ID exists; it reminds new staff of the activation step instead.
export const INVALID_CREDENTIALS_MESSAGE =
  '団体コード、ログインID、またはパスワードが正しくありません。はじめて利用する方は、管理者から受け取った有効化コードで先にパスワードを設定してください。';
