/**
 * Accounts without a password: created by the staff import, activated by their owner with a
 * one-time code. The code is returned once to the caller and only its SHA-256 is stored.
 */
import { randomInt, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { users } from '../../../db/schema.js';
import type { Actor, Role } from '../../access/domain/policy.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { findMunicipalityByCode } from '../../municipalities/queries/municipalities.js';
import type { CommandContext } from '../../../shared/context.js';
import { AppError, FieldErrors, forbidden, notFound } from '../../../shared/errors.js';
import { ACTIVATION_VALID_MS, ALREADY_ACTIVATED_MESSAGE, activationOpen, normalizeActivationCode } from '../domain/activation.js';
import { actorFor, anonymousActor } from '../domain/actor.js';
import { normalizeLoginId, passwordProblems } from '../domain/password.js';
import { activationCodeHash, newActivationCode } from '../crypto/codes.js';
import { hashPassword } from '../crypto/passwordHash.js';
import { canManageUser } from '../policies/userAdmin.js';
import { findUser, findUserByLoginId, type UserRow } from '../queries/users.js';
import { createUser } from './users.js';

export interface IssuedCode {
  userId: string;
  loginId: string;
  name: string;
  code: string;
  expiresAt: Date;
}

async function storeCode(ctx: CommandContext, user: UserRow, now: Date): Promise<IssuedCode> {
  const code = newActivationCode();
  const expiresAt = new Date(now.getTime() + ACTIVATION_VALID_MS);
  await ctx.db
    .update(users)
    .set({ activationCodeHash: activationCodeHash(normalizeActivationCode(code)), activationExpiresAt: expiresAt })
    .where(and(eq(users.municipalityId, ctx.municipalityId), eq(users.id, user.id)));
  // the audit row names the expiry, never the code or its hash
  await recordAudit(ctx, { action: 'user.activation_issue', entity: 'user', entityId: user.id, after: { loginId: user.loginId, expiresAt: expiresAt.toISOString() } });
  return { userId: user.id, loginId: user.loginId, name: user.name, code, expiresAt };
}

export interface PendingUserInput {
  loginId: string;
  name: string;
  email?: string;
  role: Role;
  departmentIds?: string[];
}

/** Random katakana: it can never contain a login id or a 団体コード, so the password rules never refuse it. */
const throwawayPassword = (): string => Array.from({ length: 24 }, () => String.fromCharCode(0x30a2 + randomInt(0x30f3 - 0x30a2))).join('');

/**
 * Creates an account that cannot sign in until activated, and its first code. The account rules
 * (policy, login id, departments, audit row) are createUser's: it is called with a throwaway
 * password whose hash is never computed, and the hash column is emptied in the same transaction.
 */
export async function createPendingUser(ctx: CommandContext, input: PendingUserInput, now: Date = new Date()): Promise<IssuedCode> {
  const row = await createUser(ctx, { ...input, password: throwawayPassword() }, { passwordHash: '', now });
  await ctx.db
    .update(users)
    .set({ passwordHash: null })
    .where(and(eq(users.municipalityId, ctx.municipalityId), eq(users.id, row.id)));
  return storeCode(ctx, row, now);
}

/** A new code for an account not yet activated; the previous code stops working. */
export async function reissueActivationCode(ctx: CommandContext, userId: string, now: Date = new Date()): Promise<IssuedCode> {
  const user = await findUser(ctx, userId);
  if (!user) throw notFound('アカウント');
  if (!canManageUser(ctx.actor, { municipalityId: user.municipalityId, role: user.role as Role })) throw forbidden();
  if (user.passwordHash !== null) throw new AppError('already_activated', 409, ALREADY_ACTIVATED_MESSAGE);
  return storeCode(ctx, user, now);
}

export interface ActivateInput {
  municipalityCode: string;
  loginId: string;
  code: string;
  newPassword: string;
}

export type ActivateOutcome = { ok: true; loginId: string } | { ok: false };

const sameHash = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

async function auditFailure(db: Db, municipalityId: string, actor: Actor, ip: string, entityId: string, reason: string) {
  await db.transaction((tx) =>
    recordAudit({ db: tx, municipalityId, actor, ip }, { action: 'auth.activation_failed', entity: 'user', entityId, after: { reason } }),
  );
}

/**
 * Sets the first password with a code. Password rules are checked first (422, they say nothing about
 * the account); every other refusal is the same { ok: false }. The code is consumed by a conditional
 * update, so two requests with the same code cannot both succeed.
 */
export async function activateAccount(db: Db, input: ActivateInput, meta: { ip: string; now: Date }): Promise<ActivateOutcome> {
  const loginId = normalizeLoginId(input.loginId);
  const errors = new FieldErrors();
  for (const p of passwordProblems(input.newPassword, { loginId, municipalityCode: input.municipalityCode })) errors.add('newPassword', p);
  errors.throwIfAny();
  const m = await findMunicipalityByCode(db, input.municipalityCode);
  if (!m) return { ok: false };
  const user = await findUserByLoginId({ db, municipalityId: m.id }, loginId);
  if (!user) {
    await auditFailure(db, m.id, anonymousActor, meta.ip, '', 'unknown_user');
    return { ok: false };
  }
  const actor = actorFor(user, []);
  const given = activationCodeHash(normalizeActivationCode(input.code));
  const reason = !activationOpen(user, meta.now)
    ? user.passwordHash !== null
      ? 'already_activated'
      : user.disabled
        ? 'disabled'
        : 'expired_or_none'
    : !sameHash(given, user.activationCodeHash!)
      ? 'wrong_code'
      : null;
  if (reason) {
    await auditFailure(db, m.id, actor, meta.ip, user.id, reason);
    return { ok: false };
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx): Promise<ActivateOutcome> => {
    const [row] = await tx
      .update(users)
      .set({
        passwordHash,
        activationCodeHash: null,
        activationExpiresAt: null,
        activatedAt: meta.now,
        failedLogins: 0,
        lockedUntil: null,
        version: sql`${users.version} + 1`,
        updatedAt: meta.now,
      })
      .where(
        and(
          eq(users.municipalityId, m.id),
          eq(users.id, user.id),
          isNull(users.passwordHash),
          eq(users.activationCodeHash, given),
          gt(users.activationExpiresAt, meta.now),
          eq(users.disabled, false),
        ),
      )
      .returning({ id: users.id });
    const ctx = { db: tx, municipalityId: m.id, actor, ip: meta.ip };
    if (!row) {
      // a concurrent activation used the code first
      await recordAudit(ctx, { action: 'auth.activation_failed', entity: 'user', entityId: user.id, after: { reason: 'consumed_concurrently' } });
      return { ok: false };
    }
    await recordAudit(ctx, { action: 'auth.activate', entity: 'user', entityId: user.id, after: { loginId } });
    return { ok: true, loginId };
  });
}
