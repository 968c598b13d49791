/**
 * The TOTP second factor of one's own account: enrol (a secret shown once, as text and as an
 * otpauth:// URI), confirm with a first code (then it is required at every login and ten one-time
 * recovery codes are handed out, only their hashes kept), turn off (with the password). An
 * administrator can remove it from an account whose owner lost the device and the recovery codes.
 * The secret never appears in an answer after enrolment, in an audit row or in a log line.
 */
import { and, count, eq, isNull } from 'drizzle-orm';
import type { Db, Executor } from '../../../db/client.js';
import { userRecoveryCodes, users } from '../../../db/schema.js';
import type { Role } from '../../access/domain/policy.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import type { CommandContext } from '../../../shared/context.js';
import { AppError, forbidden, notFound, validationError } from '../../../shared/errors.js';
import { verifyPassword } from '../crypto/passwordHash.js';
import { groupSecret, matchTotp, newRecoveryCodes, newTotpSecret, otpauthUri, recoveryCodeHash } from '../crypto/totp.js';
import { canManageUser } from '../policies/userAdmin.js';
import type { ResolvedSession } from '../queries/sessions.js';
import { findUser } from '../queries/users.js';

export interface TotpEnrolment {
  /** Base32, in groups of four for typing */
  secret: string;
  otpauthUri: string;
}

const where = (s: Pick<ResolvedSession, 'municipality' | 'user'>) => and(eq(users.municipalityId, s.municipality.id), eq(users.id, s.user.id));

const ctxOf = (db: Executor, s: ResolvedSession, ip: string): CommandContext => ({ db, municipalityId: s.municipality.id, actor: s.actor, ip });

/** Unused recovery codes left. */
export async function recoveryCodesLeft(db: Executor, municipalityId: string, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(userRecoveryCodes)
    .where(and(eq(userRecoveryCodes.municipalityId, municipalityId), eq(userRecoveryCodes.userId, userId), isNull(userRecoveryCodes.usedAt)));
  return Number(row?.n ?? 0);
}

/** A new secret waiting for its first code (a previous unconfirmed one is replaced). */
export async function startTotpEnrolment(db: Db, s: ResolvedSession): Promise<TotpEnrolment> {
  if (s.user.totpSecret) throw new AppError('totp_already_enabled', 409, '二段階認証は既に有効です。設定し直すときは、いったん無効にしてから登録してください。');
  const secret = newTotpSecret();
  await db.update(users).set({ totpPendingSecret: secret }).where(where(s));
  return { secret: groupSecret(secret), otpauthUri: otpauthUri(secret, `${s.municipality.code}/${s.user.loginId}`) };
}

async function storeRecoveryCodes(db: Executor, municipalityId: string, userId: string, now: Date): Promise<string[]> {
  const codes = newRecoveryCodes();
  await db.delete(userRecoveryCodes).where(and(eq(userRecoveryCodes.municipalityId, municipalityId), eq(userRecoveryCodes.userId, userId)));
  await db.insert(userRecoveryCodes).values(codes.map((c) => ({ municipalityId, userId, codeHash: recoveryCodeHash(c), createdAt: now })));
  return codes;
}

/** Turns the factor on with the first code from the app; returns the recovery codes (shown once). */
export async function confirmTotpEnrolment(db: Db, s: ResolvedSession, code: string, meta: { ip: string; now: Date }): Promise<string[]> {
  const [row] = await db.select({ pending: users.totpPendingSecret, enabled: users.totpSecret }).from(users).where(where(s));
  if (row?.enabled) throw new AppError('totp_already_enabled', 409, '二段階認証は既に有効です。');
  if (!row?.pending) throw new AppError('totp_not_started', 409, '二段階認証の登録が始まっていません。「登録を始める」からやり直してください。');
  const step = matchTotp(row.pending, code, meta.now, null);
  if (step === null)
    throw validationError([{ path: 'code', message: '確認コードが正しくありません。認証アプリに表示されている6桁の数字を、時間内に入力してください（端末の時刻がずれていないかも確かめてください）。' }]);
  return db.transaction(async (tx) => {
    const done = await tx
      .update(users)
      .set({ totpSecret: row.pending, totpPendingSecret: null, totpEnabledAt: meta.now, totpLastStep: step })
      .where(and(where(s), eq(users.totpPendingSecret, row.pending!), isNull(users.totpSecret)))
      .returning({ id: users.id });
    if (!done.length) throw new AppError('conflict', 409, '二段階認証の登録が別の画面で変更されました。画面を再読み込みしてからやり直してください。');
    const codes = await storeRecoveryCodes(tx, s.municipality.id, s.user.id, meta.now);
    await recordAudit(ctxOf(tx, s, meta.ip), { action: 'auth.totp_enable', entity: 'user', entityId: s.user.id, after: { recoveryCodes: codes.length } });
    return codes;
  });
}

/** New recovery codes (the old ones stop working); the password is asked again. */
export async function regenerateRecoveryCodes(db: Db, s: ResolvedSession, password: string, meta: { ip: string; now: Date }): Promise<string[]> {
  if (!s.user.totpSecret) throw new AppError('totp_not_enabled', 409, '二段階認証が有効になっていません。');
  if (!(await verifyPassword(s.user.passwordHash ?? '', password))) throw validationError([{ path: 'password', message: 'パスワードが正しくありません。' }]);
  return db.transaction(async (tx) => {
    const codes = await storeRecoveryCodes(tx, s.municipality.id, s.user.id, meta.now);
    await recordAudit(ctxOf(tx, s, meta.ip), { action: 'auth.totp_recovery_codes', entity: 'user', entityId: s.user.id, after: { recoveryCodes: codes.length } });
    return codes;
  });
}

async function clearFactor(db: Executor, municipalityId: string, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null })
    .where(and(eq(users.municipalityId, municipalityId), eq(users.id, userId)));
  await db.delete(userRecoveryCodes).where(and(eq(userRecoveryCodes.municipalityId, municipalityId), eq(userRecoveryCodes.userId, userId)));
}

/** Turns one's own second factor off; the password is asked again. */
export async function disableOwnTotp(db: Db, s: ResolvedSession, password: string, meta: { ip: string; now: Date }): Promise<void> {
  if (!(await verifyPassword(s.user.passwordHash ?? '', password))) throw validationError([{ path: 'password', message: 'パスワードが正しくありません。' }]);
  await db.transaction(async (tx) => {
    await clearFactor(tx, s.municipality.id, s.user.id);
    await recordAudit(ctxOf(tx, s, meta.ip), { action: 'auth.totp_disable', entity: 'user', entityId: s.user.id, after: {} });
  });
}

/** The administrator removes an account's second factor (device and recovery codes lost); the owner enrols again. */
export async function resetUserTotp(ctx: CommandContext, userId: string): Promise<void> {
  const user = await findUser(ctx, userId);
  if (!user) throw notFound('アカウント');
  if (!canManageUser(ctx.actor, { municipalityId: user.municipalityId, role: user.role as Role })) throw forbidden();
  await clearFactor(ctx.db, ctx.municipalityId, userId);
  await recordAudit(ctx, { action: 'user.totp_reset', entity: 'user', entityId: userId, after: { hadSecondFactor: user.totpSecret !== null } });
}
