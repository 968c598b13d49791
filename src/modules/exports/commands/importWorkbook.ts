/**
 * Importing a filled-in department workbook: every row becomes a DRAFT save through pdca's
 * saveReport (version-checked, attributed to the uploader, one report.save audit row each),
 * plus one workbook.import audit row — all in the caller's transaction.
 *
 * Order: the file must be ours, of this municipality, this round and the department asked
 * for, with its checksum and key cells intact; the uploader must answer for that department;
 * the round must be open; then every row is checked (legend marks, text lengths, integer yen)
 * and every problem is reported together. Nothing is written unless the whole file passes.
 * Rows whose report has left the department (submitted / approved / accepted) are reported,
 * not overwritten; rows saved by someone else since the file was made refuse the upload (409).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { auditLog, departments, nodeDepartments, reports } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { AppError, forbidden, notFound, validationError } from '../../../shared/errors.js';
import type { WorkbookImportResultDto } from '../../../shared/api-types-exports.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { saveReport } from '../../pdca/commands/reports.js';
import type { ReportState } from '../../pdca/domain/workflow.js';
import { findRound } from '../../pdca/db/repo.js';
import { workflowRoleOf } from '../../pdca/policies/pdca.js';
import { contentOf } from '../../pdca/presenters/pdca.js';
import { effectiveLegends } from '../../pdca/queries/legends.js';
import { planUpload, workbookProblem, type CurrentReport } from '../domain/departmentWorkbook.js';
import { presentImportResult } from '../presenters/layout.js';
import { assertOpenForWorkbooks } from '../queries/departmentWorkbook.js';
import type { ReadWorkbook } from '../xlsx/departmentWorkbook.js';
import { UUID_RE } from '../../../shared/ids.js';


export interface ImportWorkbookInput {
  file: ReadWorkbook;
  fileName: string;
  municipalityCode: string;
  /** the department the uploader chose on screen (optional): the file must be that department's */
  departmentId: string | null;
}

async function departmentName(ctx: CommandContext, id: string): Promise<string | null> {
  if (!UUID_RE.test(id)) return null;
  const rows = await ctx.db
    .select({ name: departments.name })
    .from(departments)
    .where(and(eq(departments.municipalityId, ctx.municipalityId), eq(departments.id, id)))
    .limit(1);
  return rows[0]?.name ?? null;
}

/** Versions earlier uploads of this very file (same checksum) left on each report. */
async function versionsSavedByFile(ctx: CommandContext, roundId: string, checksum: string): Promise<Map<string, number>> {
  const rows = await ctx.db
    .select({ after: auditLog.after })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.municipalityId, ctx.municipalityId),
        eq(auditLog.entity, 'round'),
        eq(auditLog.entityId, roundId),
        eq(auditLog.action, 'workbook.import'),
        sql`${auditLog.after}->>'checksum' = ${checksum}`,
      ),
    )
    .orderBy(asc(auditLog.at));
  const out = new Map<string, number>();
  for (const r of rows) {
    const saved = (r.after as { saved?: { reportId: string; version: number }[] } | null)?.saved ?? [];
    for (const s of saved) out.set(s.reportId, s.version);
  }
  return out;
}

export async function importDepartmentWorkbook(ctx: CommandContext, roundId: string, input: ImportWorkbookInput): Promise<WorkbookImportResultDto> {
  const { meta } = input.file;
  if (!workflowRoleOf(ctx.actor)) throw forbidden('閲覧のみの権限です。回答を取り込むことはできません。');

  const round = await findRound(ctx, roundId, 'share');
  if (!round) throw notFound('照会');
  const expectedDept = input.departmentId ? await departmentName(ctx, input.departmentId) : null;
  if (input.departmentId && expectedDept === null) throw notFound('組織');

  const otherRound = meta.roundId !== roundId && UUID_RE.test(meta.roundId) ? await findRound(ctx, meta.roundId) : null;
  const problem = workbookProblem(
    meta,
    input.file.checksumOk,
    input.file.rows,
    { municipalityCode: input.municipalityCode, roundId, roundLabel: round.label, departmentId: input.departmentId, departmentName: expectedDept },
    { otherRoundLabel: otherRound?.label ?? null, otherDepartmentName: await departmentName(ctx, meta.departmentId) },
  );
  if (problem) throw new AppError(problem.code, 422, problem.message, problem.fields);

  const deptName = await departmentName(ctx, meta.departmentId);
  if (deptName === null) throw new AppError('other_department', 422, `このファイルの課（${meta.departmentName}）はこの団体の組織に見つかりません。回答用ファイルをダウンロードし直してください。`);
  const actor = ctx.actor;
  if ((actor.role === 'dept_reporter' || actor.role === 'dept_approver') && !actor.departmentIds.includes(meta.departmentId))
    throw forbidden(`このファイルは${deptName}の回答用ファイルです。所属する課のファイルだけを取り込めます。`);

  assertOpenForWorkbooks(round);

  const ids = meta.keys.map((k) => k.reportId).filter((id) => UUID_RE.test(id));
  const [reportRows, deptNodes, legends, savedByThisFile] = [
    ids.length
      ? await ctx.db
          .select()
          .from(reports)
          .where(and(eq(reports.municipalityId, ctx.municipalityId), eq(reports.roundId, roundId), inArray(reports.id, ids)))
          .for('update')
      : [],
    await ctx.db
      .select({ nodeId: nodeDepartments.nodeId })
      .from(nodeDepartments)
      .where(and(eq(nodeDepartments.municipalityId, ctx.municipalityId), eq(nodeDepartments.departmentId, meta.departmentId))),
    await effectiveLegends(ctx, round.planId),
    await versionsSavedByFile(ctx, roundId, input.file.storedChecksum),
  ] as const;

  const current = new Map<string, CurrentReport>(
    reportRows.map((r) => [r.id, { reportId: r.id, nodeId: r.nodeId, state: r.state as ReportState, version: r.version, content: contentOf(r) }]),
  );
  const wl = { status: legends.status.values, achievement: legends.achievement?.values ?? null };
  const plan = planUpload({
    meta,
    rows: input.file.rows,
    current,
    departmentNodeIds: new Set(deptNodes.map((d) => d.nodeId)),
    rules: { fields: round.fields, status: wl.status, achievement: wl.achievement },
    legends: wl,
    savedByThisFile,
  });
  if (plan.errors.length)
    throw validationError(plan.errors, `取り込めない行が${new Set(plan.errors.map((e) => e.path.split('.').slice(0, 2).join('.'))).size}行あります。各行のメッセージを確認して修正し、もう一度アップロードしてください（何も保存していません）。`);
  if (plan.stale.length)
    throw new AppError(
      'stale_workbook',
      409,
      'このファイルを作成した後に、画面などから保存された報告があります。上書きを防ぐため、ファイルは取り込みませんでした（何も保存していません）。回答用ファイルをダウンロードし直し、入力した内容を写してからアップロードしてください。',
      plan.stale.map((s) => ({ path: `rows.${s.rowNumber}`, message: s.message })),
    );

  const saved: { reportId: string; rowNumber: number; number: string; title: string; state: string; version: number }[] = [];
  for (const s of plan.saves) {
    const row = await saveReport(ctx, s.reportId, { ...s.draft, version: s.version });
    saved.push({ reportId: s.reportId, rowNumber: s.rowNumber, number: s.number, title: s.title, state: row.state, version: row.version });
  }
  await recordAudit(ctx, {
    action: 'workbook.import',
    entity: 'round',
    entityId: roundId,
    after: {
      departmentId: meta.departmentId,
      departmentName: deptName,
      fileName: input.fileName,
      generatedAt: meta.generatedAt,
      generatedBy: meta.generatedBy,
      checksum: input.file.storedChecksum,
      onBehalf: actor.role === 'secretariat' || actor.role === 'system_admin',
      saved: saved.map((s) => ({ reportId: s.reportId, version: s.version })),
      skipped: plan.skipped.map((s) => ({ reportId: s.reportId, state: s.state })),
      unchanged: plan.unchanged,
    },
  });
  return presentImportResult({
    roundId,
    department: { id: meta.departmentId, name: deptName },
    fileName: input.fileName,
    generatedAt: meta.generatedAt,
    saved,
    skipped: plan.skipped,
    unchanged: plan.unchanged,
  });
}
