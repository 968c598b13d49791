/**
 * Financial / staffing tables: create, replace as a whole (the grid editor sends the whole table),
 * delete. Each runs inside the caller's transaction: the table, its rows, their figures and the
 * audit row commit together, or nothing is written.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, max, sql } from 'drizzle-orm';
import { fiscalTableRows, fiscalTables, fiscalTableValues } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { AppError, conflict, notFound, validationError, type FieldError } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { findPlan } from '../../plans/db/repo.js';
import { kpisSourcedFrom } from '../../kpis/db/repo.js';
import { sourceProblem } from '../../kpis/domain/source.js';
import { validateTable, type CleanRow, type TableInput } from '../domain/table.js';
import { findTable, loadTables } from '../db/repo.js';
import { tableAuditState } from '../presenters/table.js';
import { getFiscalTable } from '../queries/tables.js';

export type TableCreateInput = Omit<TableInput, 'sortOrder' | 'source' | 'note'> & { sortOrder?: number; source?: string; note?: string };
export type TableReplaceInput = TableCreateInput & { version: number };

const STALE = 'この表は他の人が先に更新しました。あなたの入力は保存されていません。最新の内容を確認してから、もう一度保存してください。';

async function requirePlan(ctx: CommandContext, planId: string) {
  const plan = await findPlan(ctx, planId);
  if (!plan) throw notFound('計画');
  return plan;
}

/**
 * KPIs that take their values from rows of this table keep them: a row they use is not removed,
 * and the table does not change to a unit or scale they cannot read (kpis/domain/source.ts).
 */
async function keepKpiSources(
  ctx: CommandContext,
  rows: readonly { id: string; label: string }[],
  removedIds: ReadonlySet<string>,
  measure: { valueKind: 'yen' | 'number'; unit: string; scale: number } | null,
) {
  const users = await kpisSourcedFrom(ctx, rows.map((r) => r.id));
  const labelOf = (id: string) => rows.find((r) => r.id === id)?.label ?? '';
  const problems: string[] = [];
  for (const k of users) {
    if (!measure || removedIds.has(k.sourceRowId)) {
      problems.push(`行「${labelOf(k.sourceRowId)}」は数値目標・KPI「${k.name}」が値の取り込み元にしているため、削除できません。`);
      continue;
    }
    const problem = sourceProblem(measure, k);
    if (problem) problems.push(`数値目標・KPI「${k.name}」が行「${labelOf(k.sourceRowId)}」の値を取り込んでいます: ${problem}`);
  }
  if (problems.length)
    throw new AppError('kpi_source', 409, `${problems.join(' ')} 先に数値目標・KPIの編集で取り込み元を外すか、指標の単位・桁数を合わせてください。何も保存していません。`);
}

function check(input: TableInput, extra: FieldError[] = []) {
  const { errors, table } = validateTable(input);
  if (errors.length || extra.length || !table) throw validationError([...errors, ...extra]);
  return table;
}

async function insertRows(ctx: CommandContext, tableId: string, rows: readonly (CleanRow & { id: string })[]) {
  const m = ctx.municipalityId;
  if (rows.length)
    await ctx.db
      .insert(fiscalTableRows)
      .values(rows.map((r) => ({ municipalityId: m, id: r.id, tableId, sortOrder: r.sortOrder, section: r.section, label: r.label, rowKind: r.rowKind })));
}

async function insertValues(ctx: CommandContext, rows: readonly (CleanRow & { id: string })[]) {
  const values = rows.flatMap((r) => r.values.map((v) => ({ municipalityId: ctx.municipalityId, rowId: r.id, fiscalYear: v.fiscalYear, kind: v.kind, value: v.value })));
  // one statement per 1,000 figures keeps the parameter count well below PostgreSQL's limit
  for (let i = 0; i < values.length; i += 1000) await ctx.db.insert(fiscalTableValues).values(values.slice(i, i + 1000));
}

async function loadOne(ctx: CommandContext, planId: string, tableId: string) {
  const t = await findTable(ctx, planId, tableId);
  if (!t) throw notFound('財政計画・定員管理の表');
  return (await loadTables(ctx, [t]))[0]!;
}

export async function createFiscalTable(ctx: CommandContext, planId: string, input: TableCreateInput) {
  await requirePlan(ctx, planId);
  const idErrors: FieldError[] = input.rows.flatMap((r, i) =>
    r.id ? [{ path: `rows.${i}.id`, message: `${i + 1}行目: 新しい表の行には id を付けないでください。` }] : [],
  );
  let sortOrder = input.sortOrder;
  if (sortOrder === undefined) {
    const [row] = await ctx.db
      .select({ n: max(fiscalTables.sortOrder) })
      .from(fiscalTables)
      .where(and(eq(fiscalTables.municipalityId, ctx.municipalityId), eq(fiscalTables.planId, planId)));
    sortOrder = row?.n === null || row?.n === undefined ? 0 : row.n + 1;
  }
  const clean = check({ ...input, sortOrder, source: input.source ?? '', note: input.note ?? '' }, idErrors);
  const [t] = await ctx.db
    .insert(fiscalTables)
    .values({ municipalityId: ctx.municipalityId, planId, ...clean.fields })
    .returning();
  const rows = clean.rows.map((r) => ({ ...r, id: randomUUID() }));
  await insertRows(ctx, t!.id, rows);
  await insertValues(ctx, rows);
  const after = await loadOne(ctx, planId, t!.id);
  await recordAudit(ctx, { action: 'fiscal_table.create', entity: 'fiscal_table', entityId: t!.id, after: tableAuditState(after) });
  return t!;
}

/**
 * Replaces the table's settings, rows and figures with what was sent. Rows sent with their id
 * keep it (the open data's stable row_id); rows not sent are removed with their figures.
 */
export async function replaceFiscalTable(ctx: CommandContext, planId: string, tableId: string, input: TableReplaceInput) {
  const before = await loadOne(ctx, planId, tableId);
  const known = new Set(before.rows.map((r) => r.id));
  const idErrors: FieldError[] = input.rows.flatMap((r, i) =>
    r.id && !known.has(r.id)
      ? [{ path: `rows.${i}.id`, message: `${i + 1}行目「${r.label.trim()}」はこの表の行ではありません。新しい行なら id を付けずに送ってください。` }]
      : [],
  );
  const clean = check(
    { ...input, sortOrder: input.sortOrder ?? before.table.sortOrder, source: input.source ?? before.table.source, note: input.note ?? before.table.note },
    idErrors,
  );
  if (before.table.version !== input.version) throw conflict(STALE, await getFiscalTable(ctx, planId, tableId, before.table));
  const sentIds = new Set(clean.rows.flatMap((r) => (r.id ? [r.id] : [])));
  await keepKpiSources(ctx, before.rows, new Set(before.rows.filter((r) => !sentIds.has(r.id)).map((r) => r.id)), clean.fields);
  const m = ctx.municipalityId;
  const [updated] = await ctx.db
    .update(fiscalTables)
    .set({ ...clean.fields, version: sql`${fiscalTables.version} + 1`, updatedAt: new Date() })
    .where(and(eq(fiscalTables.municipalityId, m), eq(fiscalTables.planId, planId), eq(fiscalTables.id, tableId), eq(fiscalTables.version, input.version)))
    .returning();
  if (!updated) throw conflict(STALE, await getFiscalTable(ctx, planId, tableId));

  const keptIds = new Set(clean.rows.flatMap((r) => (r.id ? [r.id] : [])));
  const removed = before.rows.filter((r) => !keptIds.has(r.id)).map((r) => r.id);
  // figures are rewritten whole; removed rows take theirs with them (ON DELETE CASCADE)
  if (before.rows.length)
    await ctx.db.delete(fiscalTableValues).where(and(eq(fiscalTableValues.municipalityId, m), inArray(fiscalTableValues.rowId, before.rows.map((r) => r.id))));
  if (removed.length)
    await ctx.db.delete(fiscalTableRows).where(and(eq(fiscalTableRows.municipalityId, m), eq(fiscalTableRows.tableId, tableId), inArray(fiscalTableRows.id, removed)));
  const rows = clean.rows.map((r) => ({ ...r, id: r.id ?? randomUUID() }));
  for (const r of rows.filter((x) => keptIds.has(x.id)))
    await ctx.db
      .update(fiscalTableRows)
      .set({ sortOrder: r.sortOrder, section: r.section, label: r.label, rowKind: r.rowKind })
      .where(and(eq(fiscalTableRows.municipalityId, m), eq(fiscalTableRows.tableId, tableId), eq(fiscalTableRows.id, r.id)));
  await insertRows(ctx, tableId, rows.filter((x) => !keptIds.has(x.id)));
  await insertValues(ctx, rows);
  const after = await loadOne(ctx, planId, tableId);
  await recordAudit(ctx, { action: 'fiscal_table.replace', entity: 'fiscal_table', entityId: tableId, before: tableAuditState(before), after: tableAuditState(after) });
  return updated;
}

export async function deleteFiscalTable(ctx: CommandContext, planId: string, tableId: string, version: number) {
  const before = await loadOne(ctx, planId, tableId);
  if (before.table.version !== version) throw conflict(STALE, await getFiscalTable(ctx, planId, tableId, before.table));
  await keepKpiSources(ctx, before.rows, new Set(before.rows.map((r) => r.id)), null);
  // rows and figures go with the table (ON DELETE CASCADE)
  const deleted = await ctx.db
    .delete(fiscalTables)
    .where(and(eq(fiscalTables.municipalityId, ctx.municipalityId), eq(fiscalTables.planId, planId), eq(fiscalTables.id, tableId), eq(fiscalTables.version, version)))
    .returning({ id: fiscalTables.id });
  if (!deleted.length) throw conflict(STALE);
  await recordAudit(ctx, { action: 'fiscal_table.delete', entity: 'fiscal_table', entityId: tableId, before: tableAuditState(before) });
}
