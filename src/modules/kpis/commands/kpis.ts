/**
 * Commands of 数値目標・KPI. Each runs inside the caller's transaction: the change and its audit
 * row commit together. Edits name the version they started from; a stale one gets 409 with the
 * stored KPI. Every statement filters on municipality_id.
 */
import { and, eq, sql } from 'drizzle-orm';
import { kpis, kpiValues } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { conflict, notFound, validationError, type FieldError } from '../../../shared/errors.js';
import { actorLabel } from '../../access/domain/actorLabel.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { findPlan } from '../../plans/db/repo.js';
import { normalizeKpi, normalizeValue, type KpiFields, type KpiInput } from '../domain/kpi.js';
import { decimalString, rescale } from '../domain/value.js';
import { findKpi, kpiRowsOfPlan, labelsFor, sourceRows, valuesOf, type KpiRow } from '../db/repo.js';
import { sourceProblem, type SourceMeasure } from '../domain/source.js';
import { kpiAuditState } from '../presenters/kpi.js';
import { getKpi } from '../queries/kpis.js';

const STALE = 'この数値目標・KPIは他の人が先に更新しました。あなたの入力は保存されていません。最新の内容を確認してから、もう一度保存してください。';

async function planOr404(ctx: CommandContext, planId: string) {
  const plan = await findPlan(ctx, planId);
  if (!plan) throw notFound('計画');
  return plan;
}

async function kpiOr404(ctx: CommandContext, planId: string, kpiId: string) {
  const row = await findKpi(ctx, planId, kpiId);
  if (!row) throw notFound('数値目標・KPI');
  return row;
}

/**
 * The item and the department must be this municipality's, and the item must belong to the plan;
 * a source row must be in one of the plan's tables, with figures the KPI can take (unit, scale).
 */
async function checkLinks(ctx: CommandContext, planId: string, f: KpiFields, errors: FieldError[]) {
  const labels = await labelsFor(ctx, f.nodeId ? [f.nodeId] : [], f.departmentId ? [f.departmentId] : []);
  if (f.nodeId) {
    const node = labels.nodes.get(f.nodeId);
    if (!node || node.planId !== planId) errors.push({ path: 'nodeId', message: '指定された項目はこの計画にありません。' });
  }
  if (f.departmentId && !labels.departments.has(f.departmentId)) errors.push({ path: 'departmentId', message: '指定された担当課はこの団体にありません。' });
  if (f.sourceRowId) {
    const [row] = await sourceRows(ctx, [f.sourceRowId]);
    if (!row || row.planId !== planId) errors.push({ path: 'sourceRowId', message: '取り込み元に指定された表の行は、この計画の財政計画・定員管理の表にありません。' });
    else {
      const problem = sourceProblem({ valueKind: row.valueKind as SourceMeasure['valueKind'], unit: row.unit, scale: row.scale }, f);
      if (problem) errors.push({ path: 'sourceRowId', message: `「${row.tableTitle}」の「${row.rowLabel}」: ${problem}` });
    }
  }
}

export async function createKpi(ctx: CommandContext, planId: string, input: KpiInput & { sortOrder?: number }) {
  await planOr404(ctx, planId);
  const { fields, errors } = normalizeKpi(input);
  await checkLinks(ctx, planId, fields, errors);
  if (errors.length) throw validationError(errors);
  const sortOrder = input.sortOrder ?? (await kpiRowsOfPlan(ctx, planId)).reduce((m, r) => Math.max(m, r.sortOrder + 1), 0);
  const [row] = await ctx.db
    .insert(kpis)
    .values({ municipalityId: ctx.municipalityId, planId, ...fields, sortOrder })
    .returning();
  await recordAudit(ctx, { action: 'kpi.create', entity: 'kpi', entityId: row!.id, after: kpiAuditState(row!, []) });
  return row!;
}

export interface KpiPatch extends Partial<KpiInput> {
  version: number;
}

export async function updateKpi(ctx: CommandContext, planId: string, kpiId: string, patch: KpiPatch) {
  const before = await kpiOr404(ctx, planId, kpiId);
  if (before.version !== patch.version) throw conflict(STALE, await getKpi(ctx, planId, kpiId, before));
  const scale = patch.scale ?? before.scale;
  // a baseline or target the patch leaves out keeps its quantity: written out as decimal text and re-read at the new scale
  const stored = (v: number | null) => (v === null ? null : decimalString(v, before.scale));
  const { fields, errors } = normalizeKpi({
    nodeId: patch.nodeId !== undefined ? patch.nodeId : before.nodeId,
    category: patch.category ?? before.category,
    number: patch.number ?? before.number,
    name: patch.name ?? before.name,
    unit: patch.unit ?? before.unit,
    scale,
    bound: patch.bound ?? before.bound,
    baselineFiscalYear: patch.baselineFiscalYear !== undefined ? patch.baselineFiscalYear : before.baselineFiscalYear,
    baselineValue: patch.baselineValue !== undefined ? patch.baselineValue : stored(before.baselineValue),
    baselineNote: patch.baselineNote ?? before.baselineNote,
    targetFiscalYear: patch.targetFiscalYear !== undefined ? patch.targetFiscalYear : before.targetFiscalYear,
    targetValue: patch.targetValue !== undefined ? patch.targetValue : stored(before.targetValue),
    targetLabel: patch.targetLabel ?? before.targetLabel,
    description: patch.description ?? before.description,
    departmentId: patch.departmentId !== undefined ? patch.departmentId : before.departmentId,
    sourceRowId: patch.sourceRowId !== undefined ? patch.sourceRowId : before.sourceRowId,
  });
  await checkLinks(ctx, planId, fields, errors);
  const beforeValues = await valuesOf(ctx, [kpiId]);
  const rescaled = beforeValues.map((v) => ({ ...v, next: rescale(v.value, before.scale, scale) }));
  if (scale !== before.scale && rescaled.some((v) => v.next === null))
    errors.push({ path: 'scale', message: `小数の桁数を${scale}にすると、入力済みの値の桁が失われます。値を確認してから変更してください。` });
  if (errors.length) throw validationError(errors);
  const [row] = await ctx.db
    .update(kpis)
    .set({ ...fields, version: sql`${kpis.version} + 1`, updatedAt: new Date() })
    .where(and(eq(kpis.municipalityId, ctx.municipalityId), eq(kpis.planId, planId), eq(kpis.id, kpiId), eq(kpis.version, patch.version)))
    .returning();
  if (!row) throw conflict(STALE, await getKpi(ctx, planId, kpiId));
  if (scale !== before.scale)
    for (const v of rescaled)
      await ctx.db
        .update(kpiValues)
        .set({ value: v.next! })
        .where(and(eq(kpiValues.municipalityId, ctx.municipalityId), eq(kpiValues.kpiId, kpiId), eq(kpiValues.fiscalYear, v.fiscalYear), eq(kpiValues.kind, v.kind)));
  await recordAudit(ctx, {
    action: 'kpi.update',
    entity: 'kpi',
    entityId: kpiId,
    before: kpiAuditState(before, beforeValues),
    after: kpiAuditState(row, await valuesOf(ctx, [kpiId])),
  });
  return row;
}

export async function deleteKpi(ctx: CommandContext, planId: string, kpiId: string, version: number) {
  const before = await kpiOr404(ctx, planId, kpiId);
  if (before.version !== version) throw conflict(STALE, await getKpi(ctx, planId, kpiId, before));
  const beforeValues = await valuesOf(ctx, [kpiId]);
  await ctx.db.delete(kpiValues).where(and(eq(kpiValues.municipalityId, ctx.municipalityId), eq(kpiValues.kpiId, kpiId)));
  const deleted = await ctx.db
    .delete(kpis)
    .where(and(eq(kpis.municipalityId, ctx.municipalityId), eq(kpis.planId, planId), eq(kpis.id, kpiId), eq(kpis.version, version)))
    .returning({ id: kpis.id });
  if (!deleted.length) throw conflict(STALE);
  await recordAudit(ctx, { action: 'kpi.delete', entity: 'kpi', entityId: kpiId, before: kpiAuditState(before, beforeValues) });
}

export interface KpiValueInput {
  version: number;
  fiscalYear: number;
  kind: string;
  /** as typed; empty or null clears the value */
  value: string | number | null;
  note?: string;
}

/** Records (or, with an empty value, clears) one year's actual or milestone; the KPI's version moves on. */
export async function setKpiValue(ctx: CommandContext, planId: string, kpiId: string, input: KpiValueInput): Promise<KpiRow> {
  const before = await kpiOr404(ctx, planId, kpiId);
  if (before.version !== input.version) throw conflict(STALE, await getKpi(ctx, planId, kpiId, before));
  if (before.sourceRowId) {
    const [row] = await sourceRows(ctx, [before.sourceRowId]);
    throw validationError(
      [{ path: 'value', message: `この指標の値は${row ? `表「${row.tableTitle}」の「${row.rowLabel}」` : '財政計画・定員管理の表'}から取り込んでいます。値は表で入力してください（取り込みをやめるには、指標の編集で取り込み元を外します）。` }],
      '表から取り込んでいる値は、ここでは変更できません。',
    );
  }
  const v = normalizeValue(before, input);
  if (v.errors.length) throw validationError(v.errors);
  const m = ctx.municipalityId;
  const key = and(eq(kpiValues.municipalityId, m), eq(kpiValues.kpiId, kpiId), eq(kpiValues.fiscalYear, v.fiscalYear), eq(kpiValues.kind, v.kind));
  const [old] = await ctx.db.select().from(kpiValues).where(key);
  // the version check comes first, so two editors of the same year cannot both win
  const [row] = await ctx.db
    .update(kpis)
    .set({ version: sql`${kpis.version} + 1`, updatedAt: new Date() })
    .where(and(eq(kpis.municipalityId, m), eq(kpis.id, kpiId), eq(kpis.version, input.version)))
    .returning();
  if (!row) throw conflict(STALE, await getKpi(ctx, planId, kpiId));
  if (v.value === null) {
    await ctx.db.delete(kpiValues).where(key);
  } else {
    const values = { value: v.value, note: v.note, recordedBy: actorLabel(ctx.actor), recordedAt: new Date() };
    await ctx.db
      .insert(kpiValues)
      .values({ municipalityId: m, kpiId, fiscalYear: v.fiscalYear, kind: v.kind, ...values })
      .onConflictDoUpdate({ target: [kpiValues.municipalityId, kpiValues.kpiId, kpiValues.fiscalYear, kpiValues.kind], set: values });
  }
  const label = (x: { value: number; note: string } | undefined | null) => (x ? { value: x.value, note: x.note } : null);
  await recordAudit(ctx, {
    action: v.value === null ? 'kpi.value.clear' : 'kpi.value.set',
    entity: 'kpi',
    entityId: kpiId,
    before: { fiscalYear: v.fiscalYear, kind: v.kind, current: label(old) },
    after: { fiscalYear: v.fiscalYear, kind: v.kind, current: v.value === null ? null : { value: v.value, note: v.note } },
  });
  return row;
}

/** New order of a plan's KPIs: the list must name each of them exactly once. */
export async function reorderKpis(ctx: CommandContext, planId: string, ids: readonly string[]) {
  await planOr404(ctx, planId);
  const rows = await kpiRowsOfPlan(ctx, planId);
  const known = new Set(rows.map((r) => r.id));
  const errors: FieldError[] = [];
  if (new Set(ids).size !== ids.length) errors.push({ path: 'ids', message: '同じ数値目標・KPIが2回以上指定されています。' });
  if (ids.some((id) => !known.has(id))) errors.push({ path: 'ids', message: 'この計画にない数値目標・KPIが含まれています。' });
  if (ids.length !== rows.length || rows.some((r) => !ids.includes(r.id)))
    errors.push({ path: 'ids', message: `この計画の数値目標・KPI（${rows.length}件）をすべて、新しい順に並べて指定してください。` });
  if (errors.length) throw validationError(errors.slice(0, 1));
  for (const [i, id] of ids.entries())
    await ctx.db
      .update(kpis)
      .set({ sortOrder: i, version: sql`${kpis.version} + 1`, updatedAt: new Date() })
      .where(and(eq(kpis.municipalityId, ctx.municipalityId), eq(kpis.planId, planId), eq(kpis.id, id)));
  await recordAudit(ctx, { action: 'kpi.reorder', entity: 'plan', entityId: planId, before: rows.map((r) => r.id), after: [...ids] });
}
