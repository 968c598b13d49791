/**
 * Login, logout and changing one's own password. Each outcome writes its audit
 * row in a transaction of its own that commits even when the answer is a refusal
 * (a failed login must leave its trace). Password hashing runs outside any
 * transaction, so no database connection waits on argon2.
 */
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../../db/client.js';
import { userRecoveryCodes, users } from '../../../db/schema.js';
import type { Actor } from '../../access/domain/policy.js';
import { recordAudit, type AuditEntry } from '../../audit/commands/recordAudit.js';
import { findMunicipalityByCode } from '../../municipalities/queries/municipalities.js';
import { FieldErrors, validationError } from '../../../shared/errors.js';
import { actorFor, anonymousActor, maskLoginId } from '../domain/actor.js';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from '../domain/loginThrottle.js';
import { normalizeLoginId, passwordProblems } from '../domain/password.js';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from '../crypto/passwordHash.js';
import { looksLikeRecoveryCode, matchTotp, recoveryCodeHash } from '../crypto/totp.js';
import { clearKeys, countAttempt, giveBack, throttleKeys } from './loginThrottle.js';
import type { ResolvedSession } from '../queries/sessions.js';
import { findUserByLoginId, type UserRow } from '../queries/users.js';
import { userDepartmentIds } from './users.js';
import { createSession, purgeDeadSessionsOfUser, revokeSession, revokeSessionsOfUser, type SessionMeta } from './sessions.js';

export interface LoginInput {
  municipalityCode: string;
  loginId: string;
  password: string;
  /** the 6-digit code of the authenticator app, or a recovery code (accounts with a second factor) */
  totpCode?: string;
}

export type LoginOutcome =
  | { ok: true; token: string; session: ResolvedSession }
  | { ok: false; reason: 'invalid' }
  /** password right, the account has a second factor and no code was given */
  | { ok: false; reason: 'totp_required' }
  | { ok: false; reason: 'totp_invalid' }
  /** refused before any check: this address (for this login id, or over all ids) failed too often */
  | { ok: false; reason: 'throttled'; scope: 'account' | 'address'; retryAfterMs: number };

export interface LoginOptions {
  limits?: LoginLimits;
}

const INVALID = { ok: false, reason: 'invalid' } as const;

async function audit(db: Executor, municipalityId: string, actor: Actor, ip: string, entry: AuditEntry): Promise<void> {
  await recordAudit({ db, municipalityId, actor, ip }, entry);
}

/** How long a password check takes here (moving average): a refused attempt waits as long, without the work. */
let verifyMs: number | null = null;
async function timedVerify(hash: string | null, password: string): Promise<boolean> {
  const started = performance.now();
  const ok = hash === null ? await verifyAgainstDummy(password) : await verifyPassword(hash, password);
  const took = performance.now() - started;
  verifyMs = verifyMs === null ? took : verifyMs * 0.8 + took * 0.2;
  return ok;
}
async function spendVerifyTime(): Promise<void> {
  if (verifyMs === null) {
    await timedVerify(null, 'x');
    return;
  }
  await new Promise((resolve) => setTimeout(resolve, verifyMs!));
}

async function countFailure(db: Executor, u: Pick<UserRow, 'municipalityId' | 'id'>): Promise<void> {
  // informative (shown to administrators); the limits themselves are the login_throttle counters
  await db
    .update(users)
    .set({ failedLogins: sql`${users.failedLogins} + 1` })
    .where(and(eq(users.municipalityId, u.municipalityId), eq(users.id, u.id)));
}

/**
 * Checks the second factor and uses it up: a TOTP code's step must be later than the last one accepted
 * (one conditional update, so two requests with the same code cannot both pass), a recovery code must be unused.
 */
async function useSecondFactor(db: Executor, user: UserRow, code: string, now: Date): Promise<'totp' | 'recovery' | null> {
  if (looksLikeRecoveryCode(code)) {
    const used = await db
      .update(userRecoveryCodes)
      .set({ usedAt: now })
      .where(
        and(
          eq(userRecoveryCodes.municipalityId, user.municipalityId),
          eq(userRecoveryCodes.userId, user.id),
          eq(userRecoveryCodes.codeHash, recoveryCodeHash(code)),
          isNull(userRecoveryCodes.usedAt),
        ),
      )
      .returning({ userId: userRecoveryCodes.userId });
    return used.length ? 'recovery' : null;
  }
  const step = matchTotp(user.totpSecret!, code, now, user.totpLastStep);
  if (step === null) return null;
  const taken = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(
      and(
        eq(users.municipalityId, user.municipalityId),
        eq(users.id, user.id),
        or(isNull(users.totpLastStep), lt(users.totpLastStep, step)),
      ),
    )
    .returning({ id: users.id });
  return taken.length ? 'totp' : null;
}

/**
 * Signs in. Every attempt is first counted against the limits (domain/loginThrottle.ts) — before the
 * password is checked, so that parallel attempts count — and one that is over a limit is refused
 * after about the time a check takes, whether or not the account exists.
 */
export async function login(db: Db, input: LoginInput, meta: SessionMeta, opts: LoginOptions = {}): Promise<LoginOutcome> {
  const limits = opts.limits ?? DEFAULT_LOGIN_LIMITS;
  const { now, ip } = meta;
  const loginId = normalizeLoginId(input.loginId);
  const keys = throttleKeys(ip, input.municipalityCode, loginId);
  const m = await findMunicipalityByCode(db, input.municipalityCode);
  const user = m ? await findUserByLoginId({ db, municipalityId: m.id }, loginId) : null;

  const throttled = async (scope: 'account' | 'address', until: Date | null): Promise<LoginOutcome> => {
    await spendVerifyTime();
    return { ok: false, reason: 'throttled', scope, retryAfterMs: Math.max(1000, (until?.getTime() ?? now.getTime()) - now.getTime()) };
  };
  // no address (no socket: in-process calls) means no per-address counter; the others still count
  const address = ip ? await countAttempt(db, keys.address, limits.address, now) : { refused: false, failures: 0, blockedUntil: null };
  if (address.refused) return throttled('address', address.blockedUntil);
  const pair = await countAttempt(db, keys.pair, limits.pair, now);
  if (pair.refused) return throttled('account', pair.blockedUntil);
  // the address the account last signed in from is not slowed down by failures from elsewhere
  const trusted = user !== null && ip !== '' && user.lastLoginIp === ip;
  const account = trusted ? null : await countAttempt(db, keys.account, limits.account, now);
  if (account?.refused) return throttled('account', account.blockedUntil);

  /** a counted failure: the audit row, and once the address reaches its ceiling, a row saying so */
  const failed = async (municipalityId: string, actor: Actor, entityId: string, after: Record<string, unknown>) => {
    await db.transaction(async (tx) => {
      await audit(tx, municipalityId, actor, ip, { action: 'auth.login_failed', entity: 'user', entityId, after: { ...after, failuresFromAddress: pair.failures } });
      if (address.failures === limits.address.max) await audit(tx, municipalityId, anonymousActor, ip, { action: 'auth.rate_limited', entity: 'user', entityId: '', after: { ip } });
    });
  };

  if (!m) {
    // no tenant to write an audit row in; the counters above still count it
    await timedVerify(null, input.password);
    return INVALID;
  }
  if (!user) {
    await timedVerify(null, input.password);
    await failed(m.id, anonymousActor, '', { loginId: maskLoginId(loginId), reason: 'unknown_user' });
    return INVALID;
  }
  const actor = actorFor(user, []);
  if (user.passwordHash === null) {
    // imported and not yet activated: it has no password to check. The same time is spent as for a check,
    // and a disabled account answers as for a wrong password.
    await timedVerify(null, input.password);
    await failed(m.id, actor, user.id, { loginId, reason: user.disabled ? 'disabled' : 'not_activated' });
    // answered as a wrong password: saying "not activated" would tell anyone that the ID exists
    return INVALID;
  }
  const storedHash = user.passwordHash;
  const passwordOk = await timedVerify(storedHash, input.password);
  if (user.disabled) {
    // same answer as a wrong password; a disabled account does not count failures
    await failed(m.id, actor, user.id, { loginId, reason: 'disabled' });
    return INVALID;
  }
  if (!passwordOk) {
    await countFailure(db, user);
    await failed(m.id, actor, user.id, { loginId, reason: 'wrong_password' });
    return INVALID;
  }

  let secondFactor: 'totp' | 'recovery' | null = null;
  if (user.totpSecret) {
    // the attempt stays counted: guessing codes is limited like guessing passwords
    const code = input.totpCode?.trim() ?? '';
    if (!code) return { ok: false, reason: 'totp_required' };
    secondFactor = await useSecondFactor(db, user, code, now);
    if (!secondFactor) {
      await countFailure(db, user);
      await failed(m.id, actor, user.id, { loginId, reason: 'wrong_second_factor' });
      return { ok: false, reason: 'totp_invalid' };
    }
  }

  const rehashed = needsRehash(storedHash) ? await hashPassword(input.password) : null;
  return db.transaction(async (tx): Promise<LoginOutcome> => {
    const [updated] = await tx
      .update(users)
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now, lastLoginIp: ip, ...(rehashed ? { passwordHash: rehashed } : {}) })
      // a concurrent change may have disabled the account since the check above
      .where(and(eq(users.municipalityId, m.id), eq(users.id, user.id), eq(users.disabled, false)))
      .returning();
    if (!updated) return INVALID;
    await clearKeys(tx, [keys.pair, keys.account]);
    if (ip) await giveBack(tx, keys.address, limits.address);
    await purgeDeadSessionsOfUser(tx, m.id, user.id, now);
    const { token, session } = await createSession(tx, m.id, user.id, meta);
    const departmentIds = await userDepartmentIds({ db: tx, municipalityId: m.id }, user.id);
    const sessionActor = actorFor(updated, departmentIds, m);
    await audit(tx, m.id, sessionActor, ip, {
      action: 'auth.login',
      entity: 'session',
      entityId: session.id,
      after: { userId: user.id, loginId, ...(secondFactor ? { secondFactor } : {}) },
    });
    return {
      ok: true,
      token,
      session: { municipality: m, session, user: updated, departmentIds, actor: sessionActor },
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
  for (const p of passwordProblems(input.newPassword, { loginId: s.user.loginId, municipalityCode: s.municipality.code })) errors.add('newPassword', p);
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
