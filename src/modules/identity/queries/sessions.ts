/**
 * Looks a session up from its cookie: first the tenant by 団体コード, then the
 * session by (municipality_id, token_hash) — both on unique keys, the second
 * inside one tenant, so a database sharded by municipality_id answers it from one shard.
 */
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { sessions, userDepartments, users } from '../../../db/schema.js';
import type { Actor } from '../../access/domain/policy.js';
import { findMunicipalityByCode } from '../../municipalities/queries/municipalities.js';
import { actorFor } from '../domain/actor.js';
import { sessionState, type SessionCookie } from '../domain/session.js';
import { tokenHash } from '../crypto/tokens.js';
import type { UserRow } from './users.js';

export type SessionRow = typeof sessions.$inferSelect;

export interface ResolvedSession {
  municipality: { id: string; code: string; name: string };
  session: SessionRow;
  user: UserRow;
  departmentIds: string[];
  actor: Actor;
}

/** The live session the cookie names, or null (unknown, revoked, expired, idle, or its account disabled). */
export async function resolveSession(db: Executor, cookie: SessionCookie, now: Date): Promise<ResolvedSession | null> {
  const m = await findMunicipalityByCode(db, cookie.municipalityCode);
  if (!m) return null;
  const rows = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, and(eq(users.municipalityId, sessions.municipalityId), eq(users.id, sessions.userId)))
    .where(and(eq(sessions.municipalityId, m.id), eq(sessions.tokenHash, tokenHash(cookie.token))))
    .limit(1);
  const row = rows[0];
  if (!row || row.user.disabled || sessionState(row.session, now) !== 'active') return null;
  const depts = await db
    .select({ id: userDepartments.departmentId })
    .from(userDepartments)
    .where(and(eq(userDepartments.municipalityId, m.id), eq(userDepartments.userId, row.user.id)));
  const departmentIds = depts.map((d) => d.id);
  return {
    municipality: { id: m.id, code: m.code, name: m.name },
    session: row.session,
    user: row.user,
    departmentIds,
    actor: actorFor(row.user, departmentIds),
  };
}
