import { and, eq, isNotNull, isNull, lt, ne, or } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { sessions } from '../../../db/schema.js';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from '../domain/session.js';
import { newSessionToken, tokenHash } from '../crypto/tokens.js';
import type { SessionRow } from '../queries/sessions.js';

export interface SessionMeta {
  ip: string;
  userAgent: string;
  now: Date;
}

/** A new session; the token is returned once (for the cookie) and only its hash is stored. */
export async function createSession(db: Executor, municipalityId: string, userId: string, meta: SessionMeta): Promise<{ token: string; session: SessionRow }> {
  const token = newSessionToken();
  const [session] = await db
    .insert(sessions)
    .values({
      municipalityId,
      userId,
      tokenHash: tokenHash(token),
      createdAt: meta.now,
      lastSeenAt: meta.now,
      expiresAt: new Date(meta.now.getTime() + ABSOLUTE_TIMEOUT_MS),
      ip: meta.ip.slice(0, 100),
      userAgent: meta.userAgent.slice(0, 400),
    })
    .returning();
  return { token, session: session! };
}

/** Slides the idle expiry (the caller writes at most once a minute). */
export async function touchSession(db: Executor, s: Pick<SessionRow, 'municipalityId' | 'id'>, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ lastSeenAt: now })
    .where(and(eq(sessions.municipalityId, s.municipalityId), eq(sessions.id, s.id), isNull(sessions.revokedAt)));
}

export async function revokeSession(db: Executor, s: Pick<SessionRow, 'municipalityId' | 'id'>, now: Date): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.municipalityId, s.municipalityId), eq(sessions.id, s.id), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Revokes every open session of a user, except the one named (the caller's own, on a password change). Returns how many. */
export async function revokeSessionsOfUser(db: Executor, municipalityId: string, userId: string, now: Date, exceptSessionId?: string): Promise<number> {
  const conds = [eq(sessions.municipalityId, municipalityId), eq(sessions.userId, userId), isNull(sessions.revokedAt)];
  if (exceptSessionId) conds.push(ne(sessions.id, exceptSessionId));
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(...conds))
    .returning({ id: sessions.id });
  return rows.length;
}

/**
 * Deletes a user's sessions that can no longer be used (revoked, or past the absolute
 * or idle expiry). Run at each login, so the table holds about the live sessions;
 * the audit log keeps the record of every login and logout.
 */
export async function purgeDeadSessionsOfUser(db: Executor, municipalityId: string, userId: string, now: Date): Promise<void> {
  await db
    .delete(sessions)
    .where(
      and(
        eq(sessions.municipalityId, municipalityId),
        eq(sessions.userId, userId),
        or(isNotNull(sessions.revokedAt), lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - IDLE_TIMEOUT_MS))),
      ),
    );
}
