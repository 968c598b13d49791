/**
 * Login limits (pure; the clock is a parameter). Three counters, each kept in the login_throttle
 * table and updated by one atomic statement per attempt, before the password is checked, so that
 * attempts sent in parallel all count:
 *
 * - address + account ('pair'): after PAIR.free failures from one address for one account, that
 *   address must wait 2, 4, 8 … seconds (capped at 15 minutes) between attempts for that account.
 *   Nobody else is slowed down: the real user, from another address, signs in as usual.
 * - account, from any address ('account'): the same delay after ACCOUNT.free failures, for a guess
 *   spread over many addresses. The address of the account's last successful login is not counted
 *   or slowed by it, so an attack from elsewhere does not keep the real user out.
 * - address, over all accounts ('address'): at most ADDRESS.max failures in a window, against one
 *   address trying many accounts.
 *
 * Unknown accounts are counted exactly like existing ones (the key is the 団体コード and login id
 * as typed), so the answers never tell whether an account exists. A successful login clears the
 * pair and account counters and gives its attempt back to the address counter.
 */

export type ThrottleKind = 'pair' | 'account' | 'address';

export interface ProgressiveLimit {
  mode: 'progressive';
  /** failures allowed before any delay */
  free: number;
  /** first delay; doubles with each further failure */
  baseDelayMs: number;
  maxDelayMs: number;
  /** the counter starts again after this long without an attempt */
  forgetAfterMs: number;
}

export interface WindowLimit {
  mode: 'window';
  max: number;
  windowMs: number;
}

export type ThrottleLimit = ProgressiveLimit | WindowLimit;

export interface LoginLimits {
  pair: ProgressiveLimit;
  account: ProgressiveLimit;
  address: WindowLimit;
}

const MINUTE = 60_000;

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  pair: { mode: 'progressive', free: 5, baseDelayMs: 2_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE },
  account: { mode: 'progressive', free: 20, baseDelayMs: 2_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE },
  // a shared office address (NAT) has many staff: only failures count, and successes give theirs back
  address: { mode: 'window', max: 50, windowMs: 15 * MINUTE },
};

/** The wait after the n-th counted failure (0: none yet). */
export function progressiveDelayMs(failures: number, l: ProgressiveLimit): number {
  if (failures < l.free) return 0;
  const exp = Math.min(failures - l.free, 30);
  return Math.min(l.baseDelayMs * 2 ** exp, l.maxDelayMs);
}

/** Until when a key is refused after its n-th counted failure, or null. */
export function blockedUntilAfter(failures: number, l: ThrottleLimit, now: Date, windowStart: Date): Date | null {
  if (l.mode === 'window') return failures >= l.max ? new Date(windowStart.getTime() + l.windowMs) : null;
  const d = progressiveDelayMs(failures, l);
  return d > 0 ? new Date(now.getTime() + d) : null;
}

export interface ThrottleRowState {
  failures: number;
  windowStart: Date;
  blockedUntil: Date | null;
  updatedAt: Date;
}

/**
 * One attempt against a stored counter (null: none yet): refused while blocked, else counted.
 * The database statement in commands/loginThrottle.ts computes exactly this, atomically.
 */
export function attempt(row: ThrottleRowState | null, l: ThrottleLimit, now: Date): ThrottleRowState & { refused: boolean } {
  const t = now.getTime();
  const reset =
    row === null || (l.mode === 'window' ? row.windowStart.getTime() <= t - l.windowMs : row.updatedAt.getTime() < t - l.forgetAfterMs);
  if (reset) {
    return { failures: 1, windowStart: now, blockedUntil: blockedUntilAfter(1, l, now, now), updatedAt: now, refused: false };
  }
  if (row.blockedUntil && row.blockedUntil.getTime() > t) return { ...row, updatedAt: now, refused: true };
  const failures = row.failures + 1;
  return { failures, windowStart: row.windowStart, blockedUntil: blockedUntilAfter(failures, l, now, row.windowStart), updatedAt: now, refused: false };
}

export const TOO_MANY_LOGIN_ATTEMPTS_MESSAGE = (waitMs: number): string => {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const wait = seconds < 60 ? `${seconds}秒` : `${Math.ceil(seconds / 60)}分`;
  return `ログインの失敗が続いたため、このログインIDでの受付を一時的に止めています。${wait}ほど待ってから、もう一度お試しください。パスワードを忘れた場合は、管理者にパスワードの再設定を依頼してください。`;
};

export const TOO_MANY_ADDRESS_ATTEMPTS_MESSAGE = (waitMs: number): string => {
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  return `この端末（接続元）からのログインの失敗が多すぎるため、受付を一時的に止めています。${minutes}分ほど待ってから、もう一度お試しください。`;
};
