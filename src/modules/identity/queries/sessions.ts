/**
 * Looks a session up from its cookie: the tenant by 団体コード, then the session by
 * (municipality_id, token_hash) — both on unique keys, the session inside one tenant,
 * so a database sharded by municipality_id (municipalities as a reference table)
 * answers it from one shard.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { municipalities, sessions, userDepartments, users } from '../../../db/schema.js';
import type { Actor } from '../../access/domain/policy.js';
import { actorFor } from '../domain/actor.js';
import { sessionState, type SessionCookie } from '../domain/session.js';
import { tokenHash } from '../crypto/tokens.js';
import type { UserRow } from './users.js';

export type SessionRow = typeof sessions.$inferSelect;

export interface ResolvedSession {
  municipality: typeof municipalities.$inferSelect;
  session: SessionRow;
  user: UserRow;
  departmentIds: string[];
  actor: Actor;
}

/** The live session the cookie names, or null (unknown, revoked, expired, idle, or its account disabled). */
export async function resolveSession(db: Executor, cookie: SessionCookie, now: Date): Promise<ResolvedSession | null> {
  // One statement per request (it runs on every API call): the tenant by its unique code, the
  // session by (municipality_id, token_hash) within it, the user, and the user's departments.
  const rows = await db
    .select({
      municipality: municipalities,
      session: sessions,
      user: users,
      departmentIds: sql<string[] | null>`(select json_agg(${userDepartments.departmentId}) from ${userDepartments}
        where ${userDepartments.municipalityId} = ${sessions.municipalityId} and ${userDepartments.userId} = ${users.id})`,
    })
    .from(municipalities)
    .innerJoin(sessions, and(eq(sessions.municipalityId, municipalities.id), eq(sessions.tokenHash, tokenHash(cookie.token))))
    .innerJoin(users, and(eq(users.municipalityId, sessions.municipalityId), eq(users.id, sessions.userId)))
    .where(eq(municipalities.code, cookie.municipalityCode))
    .limit(1);
  const row = rows[0];
  if (!row || row.user.disabled || sessionState(row.session, now) !== 'active') return null;
  const departmentIds = row.departmentIds ?? [];
  return {
    municipality: row.municipality,
    session: row.session,
    user: row.user,
    departmentIds,
    actor: actorFor(row.user, departmentIds, row.municipality),
  };
}
