/**
 * Login, logout and changing one's own password. Each outcome writes its audit
 * row in a transaction of its own that commits even when the answer is a refusal
 * (a failed login must leave its trace). Password hashing runs outside any
 * transaction, so no database connection waits on argon2.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../../db/client.js';
import { users } from '../../../db/schema.js';
import type { Actor } from '../../access/domain/policy.js';
import { recordAudit, type AuditEntry } from '../../audit/commands/recordAudit.js';
import { findMunicipalityByCode } from '../../municipalities/queries/municipalities.js';
import { FieldErrors, validationError } from '../../../shared/errors.js';
import { actorFor, anonymousActor, maskLoginId } from '../domain/actor.js';
import { afterFailure, isLocked } from '../domain/lockout.js';
import { normalizeLoginId, passwordProblems } from '../domain/password.js';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from '../crypto/passwordHash.js';
import type { ResolvedSession } from '../queries/sessions.js';
import { findUserByLoginId, type UserRow } from '../queries/users.js';
import { userDepartmentIds } from './users.js';
import { createSession, purgeDeadSessionsOfUser, revokeSession, revokeSessionsOfUser, type SessionMeta } from './sessions.js';

export interface LoginInput {
  municipalityCode: string;
  loginId: string;
  password: string;
}

export type LoginOutcome =
  | { ok: true; token: string; session: ResolvedSession }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'not_activated' }
  | { ok: false; reason: 'locked'; lockedUntil: Date };

const INVALID = { ok: false, reason: 'invalid' } as const;

async function audit(db: Executor, municipalityId: string, actor: Actor, ip: string, entry: AuditEntry): Promise<void> {
  await recordAudit({ db, municipalityId, actor, ip }, entry);
}

async function lockRow(tx: Executor, u: Pick<UserRow, 'municipalityId' | 'id'>) {
  const [row] = await tx
    .select({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil, disabled: users.disabled })
    .from(users)
    .where(and(eq(users.municipalityId, u.municipalityId), eq(users.id, u.id)))
    .for('update');
  return row!;
}

export async function login(db: Db, input: LoginInput, meta: SessionMeta): Promise<LoginOutcome> {
  const { now, ip } = meta;
  const loginId = normalizeLoginId(input.loginId);
  const m = await findMunicipalityByCode(db, input.municipalityCode);
  if (!m) {
    // no tenant to write an audit row in; the per-IP limiter still counts it
    await verifyAgainstDummy(input.password);
    return INVALID;
  }
  const user = await findUserByLoginId({ db, municipalityId: m.id }, loginId);
  if (!user) {
    await verifyAgainstDummy(input.password);
    await db.transaction((tx) =>
      audit(tx, m.id, anonymousActor, ip, { action: 'auth.login_failed', entity: 'user', entityId: '', after: { loginId: maskLoginId(loginId), reason: 'unknown_user' } }),
    );
    return INVALID;
  }
  const actor = actorFor(user, []);
  if (isLocked(user, now)) {
    await db.transaction((tx) =>
      audit(tx, m.id, actor, ip, { action: 'auth.login_refused_locked', entity: 'user', entityId: user.id, after: { lockedUntil: user.lockedUntil } }),
    );
    return { ok: false, reason: 'locked', lockedUntil: user.lockedUntil! };
  }

  if (user.passwordHash === null) {
    // imported and not yet activated: it has no password to check. The same time is spent as for a check,
    // and a disabled account answers as for a wrong password.
    await verifyAgainstDummy(input.password);
    const reason = user.disabled ? 'disabled' : 'not_activated';
    await db.transaction((tx) => audit(tx, m.id, actor, ip, { action: 'auth.login_failed', entity: 'user', entityId: user.id, after: { loginId, reason } }));
    return user.disabled ? INVALID : { ok: false, reason: 'not_activated' };
  }
  const storedHash = user.passwordHash;
  const passwordOk = await verifyPassword(storedHash, input.password);

  if (user.disabled) {
    // same answer as a wrong password; a disabled account does not count failures
    await db.transaction((tx) =>
      audit(tx, m.id, actor, ip, { action: 'auth.login_failed', entity: 'user', entityId: user.id, after: { loginId, reason: 'disabled' } }),
    );
    return INVALID;
  }

  if (!passwordOk) {
    return db.transaction(async (tx): Promise<LoginOutcome> => {
      const cur = await lockRow(tx, user);
      if (isLocked(cur, now)) return { ok: false, reason: 'locked', lockedUntil: cur.lockedUntil! };
      const next = afterFailure(cur.failedLogins, now);
      await tx
        .update(users)
        .set({ failedLogins: next.failedLogins, lockedUntil: next.lockedUntil })
        .where(and(eq(users.municipalityId, m.id), eq(users.id, user.id)));
      await audit(tx, m.id, actor, ip, {
        action: 'auth.login_failed',
        entity: 'user',
        entityId: user.id,
        after: { loginId, reason: 'wrong_password', consecutiveFailures: cur.failedLogins + 1 },
      });
      if (!next.justLocked) return INVALID;
      await audit(tx, m.id, actor, ip, { action: 'auth.lock', entity: 'user', entityId: user.id, after: { lockedUntil: next.lockedUntil } });
      return { ok: false, reason: 'locked', lockedUntil: next.lockedUntil! };
    });
  }

  const rehashed = needsRehash(storedHash) ? await hashPassword(input.password) : null;
  return db.transaction(async (tx): Promise<LoginOutcome> => {
    // a concurrent failure may have locked the account since the check above
    const cur = await lockRow(tx, user);
    if (isLocked(cur, now)) return { ok: false, reason: 'locked', lockedUntil: cur.lockedUntil! };
    if (cur.disabled) return INVALID;
    const [updated] = await tx
      .update(users)
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now, ...(rehashed ? { passwordHash: rehashed } : {}) })
      .where(and(eq(users.municipalityId, m.id), eq(users.id, user.id)))
      .returning();
    await purgeDeadSessionsOfUser(tx, m.id, user.id, now);
    const { token, session } = await createSession(tx, m.id, user.id, meta);
    const departmentIds = await userDepartmentIds({ db: tx, municipalityId: m.id }, user.id);
    const sessionActor = actorFor(updated!, departmentIds);
    await audit(tx, m.id, sessionActor, ip, { action: 'auth.login', entity: 'session', entityId: session.id, after: { userId: user.id, loginId } });
    return {
      ok: true,
      token,
      session: { municipality: m, session, user: updated!, departmentIds, actor: sessionActor },
    };
  });
}

/** Ends the session (revoked_at) and records it. */
export async function logout(db: Db, s: ResolvedSession, meta: { ip: string; now: Date }, reason: 'logout' | 'replaced' = 'logout'): Promise<void> {
  await db.transaction(async (tx) => {
    if (await revokeSession(tx, s.session, meta.now))
      await audit(tx, s.municipality.id, s.actor, meta.ip, { action: 'auth.logout', entity: 'session', entityId: s.session.id, after: { userId: s.user.id, reason } });
  });
}

export interface PasswordChangeInput {
  currentPassword: string;
  newPassword: string;
}

/**
 * Changes one's own password: the current one must be given; the new one must
 * follow the rules. Every other session of the user is revoked; this one stays.
 * Returns how many sessions were revoked.
 */
export async function changeOwnPassword(db: Db, s: ResolvedSession, input: PasswordChangeInput, meta: { ip: string; now: Date }): Promise<number> {
  const errors = new FieldErrors();
  for (const p of passwordProblems(input.newPassword, s.user.loginId)) errors.add('newPassword', p);
  if (input.newPassword === input.currentPassword) errors.add('newPassword', '現在のパスワードとは異なるパスワードにしてください。');
  errors.throwIfAny();
  if (!(await verifyPassword(s.user.passwordHash ?? '', input.currentPassword))) {
    await db.transaction((tx) =>
      audit(tx, s.municipality.id, s.actor, meta.ip, { action: 'auth.password_change_failed', entity: 'user', entityId: s.user.id, after: { reason: 'wrong_current_password' } }),
    );
    throw validationError([{ path: 'currentPassword', message: '現在のパスワードが正しくありません。' }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, version: sql`${users.version} + 1`, updatedAt: meta.now })
      .where(and(eq(users.municipalityId, s.municipality.id), eq(users.id, s.user.id)));
    const revoked = await revokeSessionsOfUser(tx, s.municipality.id, s.user.id, meta.now, s.session.id);
    await audit(tx, s.municipality.id, s.actor, meta.ip, { action: 'auth.password_change', entity: 'user', entityId: s.user.id, after: { revokedSessions: revoked } });
    return revoked;
  });
}

/** Records that the per-IP limiter began refusing logins (once per window, not per refused request). */
export async function recordRateLimited(db: Db, municipalityCode: string, meta: { ip: string }): Promise<void> {
  const m = await findMunicipalityByCode(db, municipalityCode);
  if (!m) return;
  await db.transaction((tx) => audit(tx, m.id, anonymousActor, meta.ip, { action: 'auth.rate_limited', entity: 'user', entityId: '', after: { ip: meta.ip } }));
}
