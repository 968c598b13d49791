/**
 * Sign-in housekeeping, run by every app process (server.ts): sessions that ended more than a day ago
 * (revoked, past their absolute or idle expiry) and login counters untouched for a day are deleted.
 * A login also purges its own user's dead sessions; this catches the users who never come back.
 * The audit log keeps the record of every login and logout.
 */
import { and, isNotNull, lt, or } from 'drizzle-orm';
import type { Db, Executor } from '../../../db/client.js';
import { sessions } from '../../../db/schema.js';
import { log } from '../../../shared/log.js';
import { IDLE_TIMEOUT_MS } from '../domain/session.js';
import { purgeOldAttempts } from './loginThrottle.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_KEEP_AFTER_END_MS = DAY_MS;
export const LOGIN_COUNTER_KEEP_MS = DAY_MS;
export const SIGN_IN_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** Deletes sessions that ended (revoked, expired or idle) more than `keepMs` before `now`. Returns how many. */
export async function purgeEndedSessions(db: Executor, now: Date, keepMs = SESSION_KEEP_AFTER_END_MS): Promise<number> {
  const before = new Date(now.getTime() - keepMs);
  const rows = await db
    .delete(sessions)
    .where(
      or(
        and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, before)),
        lt(sessions.expiresAt, before),
        lt(sessions.lastSeenAt, new Date(before.getTime() - IDLE_TIMEOUT_MS)),
      ),
    )
    .returning({ id: sessions.id });
  return rows.length;
}

export async function sweepSignIn(db: Executor, now: Date = new Date()): Promise<{ sessions: number; loginCounters: number }> {
  const s = await purgeEndedSessions(db, now);
  const c = await purgeOldAttempts(db, now, LOGIN_COUNTER_KEEP_MS);
  return { sessions: s, loginCounters: c };
}

/** Sweeps once an hour without keeping the process alive; returns the stop function. Started by server.ts only. */
export function startSignInSweeper(db: Db, intervalMs = SIGN_IN_SWEEP_INTERVAL_MS): () => void {
  const timer = setInterval(
    () =>
      void sweepSignIn(db)
        .then((n) => {
          if (n.sessions || n.loginCounters) log.info(n, '終了したセッションと古いログイン試行の記録を削除しました');
        })
        .catch((err: unknown) => log.error({ err }, '終了したセッションの削除でエラーが発生しました')),
    intervalMs,
  );
  timer.unref();
  return () => clearInterval(timer);
}
