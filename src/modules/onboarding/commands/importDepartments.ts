/** The organisation CSV: dry run, or the commit of every row in the caller's transaction (all or nothing). */
import { createHash } from 'node:crypto';
import type { ImportResultDto } from '../../../shared/api-types-onboarding.js';
import type { CommandContext, TenantScope } from '../../../shared/context.js';
import { AppError, conflict, validationError } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { applyDepartmentImport } from '../../departments/commands/importDepartments.js';
import { listDepartments } from '../../departments/queries/departments.js';
import { planDepartmentImport, type DepartmentImportPlan, type ExistingDepartment } from '../domain/departmentRows.js';
import { importResult, rowErrorFields } from '../domain/result.js';
import type { CsvTable } from '../domain/table.js';

export const fingerprint = (parts: string[]): string => createHash('sha256').update(parts.sort().join('\n')).digest('hex').slice(0, 32);

async function plan(scope: TenantScope, table: CsvTable): Promise<{ plan: DepartmentImportPlan; basis: string }> {
  const existing: ExistingDepartment[] = await listDepartments(scope);
  const p = planDepartmentImport(table.headers, table.rows, existing);
  if (p.fileProblems.length) throw validationError(p.fileProblems.map((message) => ({ path: 'file', message })), p.fileProblems[0]);
  return { plan: p, basis: fingerprint(existing.map((d) => `${d.id}:${d.version}`)) };
}

export async function dryRunDepartmentImport(scope: TenantScope, table: CsvTable): Promise<ImportResultDto> {
  const { plan: p, basis } = await plan(scope, table);
  return importResult(p.rows, { dryRun: true, committed: false, encoding: table.encoding, basis });
}

export const refusedImport = (result: ImportResultDto) =>
  new AppError(
    'import_invalid',
    422,
    `${result.summary.errors}行に誤りがあるため、何も登録していません。各行のメッセージを確認し、ファイルを直してからもう一度取り込んでください。`,
    rowErrorFields(result.rows),
    result,
  );

export const staleBasis = () =>
  conflict('確認（ドライラン）の後に、登録済みの内容が他の人によって変更されました。何も登録していません。もう一度確認してから取り込んでください。');

/** Writes every row or none: any row error refuses the whole file (422, nothing written). */
export async function commitDepartmentImport(ctx: CommandContext, table: CsvTable, expectedBasis?: string): Promise<ImportResultDto> {
  const { plan: p, basis } = await plan(ctx, table);
  const result = importResult(p.rows, { dryRun: false, committed: false, encoding: table.encoding, basis });
  if (result.summary.errors) throw refusedImport(result);
  if (expectedBasis && expectedBasis !== basis) throw staleBasis();
  await applyDepartmentImport(ctx, p.creates, p.updates);
  await recordAudit(ctx, { action: 'department.import', entity: 'department', entityId: '', after: { ...result.summary, encoding: table.encoding } });
  return { ...result, committed: true };
}
