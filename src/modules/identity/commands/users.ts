/**
 * Account administration (事務局 for its own municipality, システム管理者 for all).
 * Each command checks the pure policies itself, so no caller can skip them, and
 * writes its audit row in the caller's transaction. Audit rows never hold a password hash.
 */
import { and, eq, sql } from 'drizzle-orm';
import { userDepartments, users } from '../../../db/schema.js';
import type { Role } from '../../access/domain/policy.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import type { CommandContext, TenantScope } from '../../../shared/context.js';
import { conflict, FieldErrors, forbidden, notFound } from '../../../shared/errors.js';
import { LOGIN_ID_PATTERN, normalizeLoginId, passwordProblems } from '../domain/password.js';
import { needsDepartment } from '../domain/roles.js';
import { hashPassword } from '../crypto/passwordHash.js';
import { canCreateUser, canAssignRole, canManageUser } from '../policies/userAdmin.js';
import { auditSnapshot, presentUser } from '../presenters/user.js';
import { activeSessionCounts, departmentsOfUsers, existingDepartmentIds, findUser, findUserByLoginId, type UserRow } from '../queries/users.js';
import { municipalityCodeOf } from '../../municipalities/queries/municipalities.js';
import { clearAccount } from './loginThrottle.js';
import { revokeSessionsOfUser } from './sessions.js';

/** The tenant's 団体コード: a password may not contain it. */
const codeOf = async (ctx: CommandContext): Promise<string> => ctx.municipalityCode ?? (await municipalityCodeOf(ctx.db, ctx.municipalityId));

export async function userDepartmentIds(scope: TenantScope, userId: string): Promise<string[]> {
  const rows = await scope.db
    .select({ id: userDepartments.departmentId })
    .from(userDepartments)
    .where(and(eq(userDepartments.municipalityId, scope.municipalityId), eq(userDepartments.userId, userId)));
  return rows.map((r) => r.id);
}

async function checkDepartments(ctx: CommandContext, errors: FieldErrors, role: Role, departmentIds: string[]): Promise<void> {
  const found = await existingDepartmentIds(ctx, departmentIds);
  if (departmentIds.some((id) => !found.has(id))) errors.add('departmentIds', '選択した組織が見つかりません。');
  if (needsDepartment(role) && !departmentIds.length) errors.add('departmentIds', '担当課の役割には所属課を1つ以上指定してください。');
}

async function setDepartments(ctx: CommandContext, userId: string, departmentIds: string[]): Promise<void> {
  await ctx.db.delete(userDepartments).where(and(eq(userDepartments.municipalityId, ctx.municipalityId), eq(userDepartments.userId, userId)));
  if (departmentIds.length)
    await ctx.db.insert(userDepartments).values(departmentIds.map((departmentId) => ({ municipalityId: ctx.municipalityId, userId, departmentId })));
}

async function loadManageable(ctx: CommandContext, id: string): Promise<UserRow> {
  const user = await findUser(ctx, id);
  if (!user) throw notFound('アカウント');
  if (!canManageUser(ctx.actor, { municipalityId: user.municipalityId, role: user.role as Role })) throw forbidden();
  return user;
}

export interface UserCreateInput {
  loginId: string;
  name: string;
  email?: string;
  role: Role;
  departmentIds?: string[];
  password: string;
}

/**
 * Creates an account with an initial password. `passwordHash` may be given when
 * the caller already hashed this password (the demo loader hashes its one demo password once).
 */
export async function createUser(ctx: CommandContext, input: UserCreateInput, opts: { passwordHash?: string; now?: Date } = {}): Promise<UserRow> {
  if (!canCreateUser(ctx.actor, ctx.municipalityId, input.role)) throw forbidden(input.role === 'system_admin' ? 'システム管理者のアカウントはシステム管理者だけが作成できます。' : undefined);
  const loginId = normalizeLoginId(input.loginId);
  const departmentIds = [...new Set(input.departmentIds ?? [])];
  const errors = new FieldErrors();
  if (!LOGIN_ID_PATTERN.test(loginId))
    errors.add('loginId', 'ログインIDは半角の英数字と記号（. _ @ -）で2〜64文字にしてください（先頭は英数字）。');
  else if (await findUserByLoginId(ctx, loginId)) errors.add('loginId', `ログインID「${loginId}」は既に使われています。`);
  if (!input.name.trim()) errors.add('name', '氏名を入力してください。');
  for (const p of passwordProblems(input.password, { loginId, municipalityCode: await codeOf(ctx) })) errors.add('password', p);
  await checkDepartments(ctx, errors, input.role, departmentIds);
  errors.throwIfAny();
  const now = opts.now ?? new Date();
  const passwordHash = opts.passwordHash ?? (await hashPassword(input.password));
  const [row] = await ctx.db
    .insert(users)
    .values({
      municipalityId: ctx.municipalityId,
      loginId,
      name: input.name.trim(),
      email: (input.email ?? '').trim(),
      role: input.role,
      passwordHash,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await setDepartments(ctx, row!.id, departmentIds);
  await recordAudit(ctx, { action: 'user.create', entity: 'user', entityId: row!.id, after: auditSnapshot(row!, departmentIds) });
  return row!;
}

export interface UserPatchInput {
  version: number;
  name?: string;
  email?: string;
  role?: Role;
  departmentIds?: string[];
  disabled?: boolean;
}

/** Changes name, mail, role, departments or the disabled flag (version check: 409 on a stale form). Disabling revokes the sessions. */
export async function updateUser(ctx: CommandContext, id: string, input: UserPatchInput, now: Date = new Date()): Promise<UserRow> {
  const before = await loadManageable(ctx, id);
  const beforeDepts = await userDepartmentIds(ctx, id);
  const role = input.role ?? (before.role as Role);
  if (input.role && input.role !== before.role && !canAssignRole(ctx.actor, input.role))
    throw forbidden('システム管理者の役割はシステム管理者だけが付与できます。');
  const errors = new FieldErrors();
  if (ctx.actor.id === id && input.role !== undefined && input.role !== before.role) errors.add('role', '自分自身の役割は変更できません。');
  if (ctx.actor.id === id && input.disabled === true) errors.add('disabled', '自分自身のアカウントは利用停止にできません。');
  if (input.name !== undefined && !input.name.trim()) errors.add('name', '氏名を入力してください。');
  const departmentIds = input.departmentIds ? [...new Set(input.departmentIds)] : beforeDepts;
  if (input.departmentIds || input.role) await checkDepartments(ctx, errors, role, departmentIds);
  errors.throwIfAny();

  const [row] = await ctx.db
    .update(users)
    .set({
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.email !== undefined ? { email: input.email.trim() } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
      version: sql`${users.version} + 1`,
      updatedAt: now,
    })
    .where(and(eq(users.municipalityId, ctx.municipalityId), eq(users.id, id), eq(users.version, input.version)))
    .returning();
  if (!row) {
    const current = (await findUser(ctx, id)) ?? before;
    const depts = (await departmentsOfUsers(ctx, [id])).get(id) ?? [];
    const n = (await activeSessionCounts(ctx, now, [id])).get(id) ?? 0;
    throw conflict('他の人が先にこのアカウントを更新しました。最新の内容を確認してからもう一度保存してください。', presentUser(current, depts, n, now));
  }
  if (input.departmentIds) await setDepartments(ctx, id, departmentIds);
  let revokedSessions = 0;
  if (row.disabled && !before.disabled) revokedSessions = await revokeSessionsOfUser(ctx.db, ctx.municipalityId, id, now);
  await recordAudit(ctx, {
    action: 'user.update',
    entity: 'user',
    entityId: id,
    before: auditSnapshot(before, beforeDepts),
    after: { ...auditSnapshot(row, departmentIds), ...(revokedSessions ? { revokedSessions } : {}) },
  });
  return row;
}

/**
 * Sets a new password chosen by the administrator, clears a lock, and revokes
 * every session of the account. Hash before calling when inside a transaction:
 * pass `passwordHash` (see hashPassword) — it is computed here otherwise.
 */
export async function resetUserPassword(ctx: CommandContext, id: string, password: string, opts: { passwordHash?: string; now?: Date } = {}): Promise<number> {
  const user = await loadManageable(ctx, id);
  const problems = passwordProblems(password, { loginId: user.loginId, municipalityCode: await codeOf(ctx) });
  if (problems.length) {
    const errors = new FieldErrors();
    for (const p of problems) errors.add('password', p);
    errors.throwIfAny();
  }
  const now = opts.now ?? new Date();
  const passwordHash = opts.passwordHash ?? (await hashPassword(password));
  await ctx.db
    .update(users)
    // a password set by the administrator also ends a pending activation: its code must not overwrite it later
    .set({ passwordHash, activationCodeHash: null, activationExpiresAt: null, failedLogins: 0, lockedUntil: null, version: sql`${users.version} + 1`, updatedAt: now })
    .where(and(eq(users.municipalityId, ctx.municipalityId), eq(users.id, id)));
  await clearAccount(ctx.db, await codeOf(ctx), user.loginId);
  const revoked = await revokeSessionsOfUser(ctx.db, ctx.municipalityId, id, now);
  await recordAudit(ctx, { action: 'user.password_reset', entity: 'user', entityId: id, after: { revokedSessions: revoked } });
  return revoked;
}

/** Clears the login limits of the account (from every address) and its failure count. */
export async function unlockUser(ctx: CommandContext, id: string): Promise<void> {
  const user = await loadManageable(ctx, id);
  await ctx.db
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null })
    .where(and(eq(users.municipalityId, ctx.municipalityId), eq(users.id, id)));
  await clearAccount(ctx.db, await codeOf(ctx), user.loginId);
  await recordAudit(ctx, { action: 'user.unlock', entity: 'user', entityId: id, before: { failedLogins: user.failedLogins, lockedUntil: user.lockedUntil } });
}

/** Ends every session of the account (e.g. a lost or shared PC). Returns how many. */
export async function revokeUserSessions(ctx: CommandContext, id: string, now: Date = new Date()): Promise<number> {
  await loadManageable(ctx, id);
  const revoked = await revokeSessionsOfUser(ctx.db, ctx.municipalityId, id, now);
  await recordAudit(ctx, { action: 'user.sessions_revoke', entity: 'user', entityId: id, after: { revokedSessions: revoked } });
  return revoked;
}
