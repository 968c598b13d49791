/**
 * The staff CSV: dry run, or the commit of every row in the caller's transaction (all or nothing).
 * New accounts get a one-time activation code, returned here once; existing ones keep their password.
 */
import type { ActivationCodeDto, UserImportResultDto } from '../../../shared/api-types-onboarding.js';
import type { CommandContext, TenantScope } from '../../../shared/context.js';
import { validationError } from '../../../shared/errors.js';
import type { Actor } from '../../access/domain/policy.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { listDepartments } from '../../departments/queries/departments.js';
import { createPendingUser } from '../../identity/commands/activation.js';
import { updateUser } from '../../identity/commands/users.js';
import { departmentsOfUsers, listUserRows } from '../../identity/queries/users.js';
import { municipalityCodeOf } from '../../municipalities/queries/municipalities.js';
import { activationCsv, importResult } from '../domain/result.js';
import type { CsvTable } from '../domain/table.js';
import { planUserImport, type ExistingUser, type UserImportPlan } from '../domain/userRows.js';
import { fingerprint, refusedImport, staleBasis } from './importDepartments.js';

async function plan(scope: TenantScope, actor: Actor, table: CsvTable): Promise<{ plan: UserImportPlan; basis: string }> {
  const rows = await listUserRows(scope);
  const depts = await departmentsOfUsers(scope, rows.map((u) => u.id));
  const existing: ExistingUser[] = rows.map((u) => ({
    id: u.id,
    loginId: u.loginId,
    name: u.name,
    email: u.email,
    role: u.role,
    disabled: u.disabled,
    version: u.version,
    departmentIds: (depts.get(u.id) ?? []).map((d) => d.id),
  }));
  const departments = await listDepartments(scope);
  const p = planUserImport(table.headers, table.rows, existing, departments, { id: actor.id, role: actor.role });
  if (p.fileProblems.length) throw validationError(p.fileProblems.map((message) => ({ path: 'file', message })), p.fileProblems[0]);
  return { plan: p, basis: fingerprint(existing.map((u) => `${u.id}:${u.version}`)) };
}

export async function dryRunUserImport(scope: TenantScope, actor: Actor, table: CsvTable): Promise<UserImportResultDto> {
  const { plan: p, basis } = await plan(scope, actor, table);
  return { ...importResult(p.rows, { dryRun: true, committed: false, encoding: table.encoding, basis }), activationCodes: [], activationCsv: '' };
}

export async function commitUserImport(ctx: CommandContext, table: CsvTable, expectedBasis?: string, now: Date = new Date()): Promise<UserImportResultDto> {
  const { plan: p, basis } = await plan(ctx, ctx.actor, table);
  const result = importResult(p.rows, { dryRun: false, committed: false, encoding: table.encoding, basis });
  if (result.summary.errors) throw refusedImport(result);
  if (expectedBasis && expectedBasis !== basis) throw staleBasis();
  const codes: ActivationCodeDto[] = [];
  for (const u of p.creates) {
    const issued = await createPendingUser(ctx, { loginId: u.loginId, name: u.name, email: u.email, role: u.role, departmentIds: u.departmentIds }, now);
    if (u.disabled) await updateUser(ctx, issued.userId, { version: 1, disabled: true }, now);
    codes.push({ userId: issued.userId, loginId: issued.loginId, name: issued.name, code: issued.code, expiresAt: issued.expiresAt.toISOString() });
  }
  // updateUser checks the version the rows were compared with: a change made since answers 409 and rolls everything back
  for (const u of p.updates) await updateUser(ctx, u.existing!.id, { version: u.existing!.version, ...u.patch }, now);
  await recordAudit(ctx, { action: 'user.import', entity: 'user', entityId: '', after: { ...result.summary, encoding: table.encoding } });
  const code = ctx.municipalityCode ?? (await municipalityCodeOf(ctx.db, ctx.municipalityId));
  return { ...result, committed: true, activationCodes: codes, activationCsv: activationCsv(code, codes) };
}
