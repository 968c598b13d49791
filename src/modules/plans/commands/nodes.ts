/**
 * Commands on plan nodes. Each runs inside the caller's transaction, re-reads
 * what it changes, checks the version the user saw, writes the current state,
 * the history row (node_changes) and the audit row together.
 */
import { readAll } from '../../../db/parallel.js';
import { and, eq, sql } from 'drizzle-orm';
import { planNodes } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { conflict, notFound, validationError, type FieldError } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { findDepartments } from '../../departments/queries/departments.js';
import { fiscalYearOf, fiscalYearRange, parseIsoDate, todayInTokyo } from '../../fiscal/domain/index.js';
import { findTags } from '../../tags/queries/tags.js';
import {
  normalizeDepartments,
  normalizeSchedule,
  revisionMark,
  validateNodeFields,
  type ChangeKind,
  type NodeDepartmentRef,
  type NodeSnapshot,
} from '../domain/node.js';
import { reorder, subtreeIds, wouldCreateCycle } from '../domain/tree.js';
import { findNode, findPlan, loadSnapshot, nodeChangeRows, planNodeRows, type NodeRow, type PlanRow } from '../db/repo.js';
import { insertChange, replaceNodeRelations } from '../db/write.js';
import { getNodeDetail } from '../queries/plans.js';

export interface ChangeInput {
  kind?: ChangeKind;
  /** ISO date; defaults depend on the command */
  effectiveDate?: string;
  reason?: string;
  /** printed mark; for added/revised it is generated (【R2年度改訂】) when omitted */
  mark?: string;
}

export interface NodeInput {
  parentId: string | null;
  number?: string;
  title: string;
  description?: string;
  priority?: boolean;
  isAction?: boolean;
  departments?: NodeDepartmentRef[];
  tagIds?: string[];
  schedule?: Record<string, string | null>;
  /** 0-based position among siblings; default last */
  position?: number;
  change?: ChangeInput;
}

export type NodePatch = Partial<Omit<NodeInput, 'parentId' | 'position' | 'change'>> & { version: number; change?: ChangeInput };

async function loadPlan(ctx: CommandContext, planId: string): Promise<PlanRow> {
  const plan = await findPlan(ctx, planId);
  if (!plan) throw notFound('計画');
  return plan;
}

async function loadNode(ctx: CommandContext, planId: string, nodeId: string): Promise<NodeRow> {
  const node = await findNode(ctx, planId, nodeId);
  if (!node) throw notFound('項目');
  return node;
}

async function ruleContext(ctx: CommandContext, plan: PlanRow, depts: NodeDepartmentRef[], tagIds: string[]) {
  const [d, t] = await readAll(ctx.db, [() => findDepartments(ctx, depts.map((x) => x.id)), () => findTags(ctx, tagIds)] as const);
  return {
    phases: plan.phases,
    firstFiscalYear: plan.firstFiscalYear,
    lastFiscalYear: plan.lastFiscalYear,
    knownDepartmentIds: new Set(d.map((x) => x.id)),
    knownTagIds: new Set(t.map((x) => x.id)),
  };
}

function checkDate(path: string, value: string | undefined, errors: FieldError[]): void {
  if (value !== undefined && !parseIsoDate(value)) errors.push({ path, message: '日付はYYYY-MM-DDの形式で入力してください。' });
}

/** History must stay in date order: a change may not take effect before the node's latest recorded change. */
async function checkNotBeforeLatest(ctx: CommandContext, planId: string, nodeId: string, date: string, errors: FieldError[]) {
  const rows = await nodeChangeRows(ctx, planId, { nodeId });
  const last = rows[rows.length - 1];
  if (last && date < last.effectiveDate)
    errors.push({ path: 'change.effectiveDate', message: `適用日は前回の変更の適用日（${last.effectiveDate}）以降にしてください。` });
}

function markFor(kind: ChangeKind, change: ChangeInput | undefined, effectiveDate: string): string {
  if (change?.mark !== undefined) return change.mark.trim();
  if (kind === 'added' || kind === 'revised') return revisionMark(kind, fiscalYearOf(effectiveDate));
  return '';
}

async function siblingsOf(ctx: CommandContext, planId: string, parentId: string | null) {
  const rows = await ctx.db
    .select({ id: planNodes.id, sortOrder: planNodes.sortOrder })
    .from(planNodes)
    .where(
      and(
        eq(planNodes.municipalityId, ctx.municipalityId),
        eq(planNodes.planId, planId),
        parentId === null ? sql`${planNodes.parentId} is null` : eq(planNodes.parentId, parentId),
      ),
    )
    .orderBy(planNodes.sortOrder);
  return rows;
}

async function applyOrder(ctx: CommandContext, order: { id: string; sortOrder: number }[], except?: string) {
  for (const o of order) {
    if (o.id === except) continue;
    await ctx.db
      .update(planNodes)
      .set({ sortOrder: o.sortOrder })
      .where(and(eq(planNodes.municipalityId, ctx.municipalityId), eq(planNodes.id, o.id)));
  }
}

export async function createNode(ctx: CommandContext, planId: string, input: NodeInput) {
  const plan = await loadPlan(ctx, planId);
  const departments = normalizeDepartments(input.departments ?? []);
  const tagIds = [...new Set(input.tagIds ?? [])];
  const schedule = normalizeSchedule(input.schedule ?? {});
  const fields = { number: (input.number ?? '').trim(), title: input.title, description: input.description ?? '', departments, schedule, tagIds };
  const errors = validateNodeFields(fields, await ruleContext(ctx, plan, input.departments ?? [], tagIds));

  let depth = 0;
  if (input.parentId) {
    const parent = await findNode(ctx, planId, input.parentId);
    if (!parent) errors.push({ path: 'parentId', message: '上位の項目がこの計画に見つかりません。' });
    else depth = parent.depth + 1;
  }
  // Items registered with the plan count from its first day; 追加項目 from the day given.
  const kind: ChangeKind = input.change?.kind ?? 'created';
  if (kind !== 'created' && kind !== 'added') errors.push({ path: 'change.kind', message: '新しい項目の変更種別は「策定時」か「追加」にしてください。' });
  const effectiveDate = input.change?.effectiveDate ?? (kind === 'added' ? todayInTokyo() : fiscalYearRange(plan.firstFiscalYear).start);
  checkDate('change.effectiveDate', input.change?.effectiveDate, errors);
  if (errors.length) throw validationError(errors);

  const siblings = await siblingsOf(ctx, planId, input.parentId);
  const position = input.position ?? siblings.length;
  const order = reorder(
    siblings.map((s) => s.id),
    '__new__',
    position,
  );
  // appending after siblings whose order has gaps (moves) must not reuse an existing sort order
  const sortOrder =
    position >= siblings.length
      ? Math.max(0, ...siblings.map((s) => s.sortOrder)) + 10
      : order.find((o) => o.id === '__new__')!.sortOrder;
  const [node] = await ctx.db
    .insert(planNodes)
    .values({
      municipalityId: ctx.municipalityId,
      planId,
      parentId: input.parentId,
      depth,
      sortOrder,
      number: fields.number,
      title: fields.title.trim(),
      description: fields.description,
      priority: input.priority ?? false,
      isAction: input.isAction ?? depth >= plan.levelNames.length - 1,
      effectiveFrom: effectiveDate,
    })
    .returning();
  if (position < siblings.length) await applyOrder(ctx, order, '__new__');
  const mark = markFor(kind, input.change, effectiveDate);
  const snapshot: NodeSnapshot = {
    parentId: node!.parentId,
    depth,
    sortOrder,
    number: node!.number,
    title: node!.title,
    description: node!.description,
    priority: node!.priority,
    isAction: node!.isAction,
    status: 'active',
    mergedIntoId: null,
    departments,
    tagIds,
    schedule,
    marks: mark ? [mark] : [],
  };
  await replaceNodeRelations(ctx, node!.id, snapshot);
  await insertChange(ctx, { planId, nodeId: node!.id, kind, effectiveDate, mark, reason: input.change?.reason ?? '', snapshot });
  await recordAudit(ctx, { action: 'node.create', entity: 'plan_node', entityId: node!.id, after: snapshot });
  return node!;
}

/** Bumps the version only if it is still the one the user saw; otherwise 409 with the stored state. */
async function bumpVersion(ctx: CommandContext, node: NodeRow, version: number, set: Partial<typeof planNodes.$inferInsert>) {
  const [row] = await ctx.db
    .update(planNodes)
    .set({ ...set, version: sql`${planNodes.version} + 1`, updatedAt: new Date() })
    .where(and(eq(planNodes.municipalityId, ctx.municipalityId), eq(planNodes.id, node.id), eq(planNodes.version, version)))
    .returning();
  if (!row) throw await staleVersion(ctx, node.planId, node.id);
  return row;
}

/** 409 carrying the stored item in the same shape the UI shows (NodeDto), so both versions can be compared. */
async function staleVersion(ctx: CommandContext, planId: string, nodeId: string) {
  const current = await getNodeDetail(ctx, planId, nodeId);
  return conflict(
    'この項目は他の人が先に更新しました。あなたの入力は保存されていません。相手の変更内容を確認し、必要なら入力し直して保存してください。',
    current.node,
  );
}

export async function updateNode(ctx: CommandContext, planId: string, nodeId: string, patch: NodePatch) {
  const plan = await loadPlan(ctx, planId);
  const node = await loadNode(ctx, planId, nodeId);
  const before = await loadSnapshot(ctx, node);
  if (patch.version !== node.version) throw await staleVersion(ctx, planId, nodeId);
  const departments = patch.departments ? normalizeDepartments(patch.departments) : before.departments;
  const tagIds = patch.tagIds ? [...new Set(patch.tagIds)] : before.tagIds;
  const schedule = patch.schedule ? normalizeSchedule(patch.schedule) : before.schedule;
  const fields = {
    number: (patch.number ?? before.number).trim(),
    title: patch.title ?? before.title,
    description: patch.description ?? before.description,
    departments,
    schedule,
    tagIds,
  };
  const errors = validateNodeFields(fields, await ruleContext(ctx, plan, patch.departments ?? before.departments, tagIds));
  const kind: ChangeKind = patch.change?.kind ?? 'edited';
  if (kind !== 'edited' && kind !== 'revised') errors.push({ path: 'change.kind', message: '項目の編集の変更種別は「修正」か「改訂」にしてください。' });
  checkDate('change.effectiveDate', patch.change?.effectiveDate, errors);
  const effectiveDate = patch.change?.effectiveDate ?? todayInTokyo();
  if (!errors.length) await checkNotBeforeLatest(ctx, planId, nodeId, effectiveDate, errors);
  if (errors.length) throw validationError(errors);

  const row = await bumpVersion(ctx, node, patch.version, {
    number: fields.number,
    title: fields.title.trim(),
    description: fields.description,
    priority: patch.priority ?? node.priority,
    isAction: patch.isAction ?? node.isAction,
  });
  await replaceNodeRelations(ctx, nodeId, { departments, tagIds, schedule }, {
    departments: !!patch.departments,
    tags: !!patch.tagIds,
    schedule: !!patch.schedule,
  });
  const mark = markFor(kind, patch.change, effectiveDate);
  const after: NodeSnapshot = {
    ...before,
    number: row.number,
    title: row.title,
    description: row.description,
    priority: row.priority,
    isAction: row.isAction,
    departments,
    tagIds,
    schedule,
    marks: mark && !before.marks.includes(mark) ? [...before.marks, mark] : before.marks,
  };
  await insertChange(ctx, { planId, nodeId, kind, effectiveDate, mark, reason: patch.change?.reason ?? '', snapshot: after });
  await recordAudit(ctx, { action: 'node.update', entity: 'plan_node', entityId: nodeId, before, after });
  return row;
}

export interface MoveInput {
  version: number;
  parentId: string | null;
  position: number;
  effectiveDate?: string;
  reason?: string;
}

export async function moveNode(ctx: CommandContext, planId: string, nodeId: string, input: MoveInput) {
  await loadPlan(ctx, planId);
  const node = await loadNode(ctx, planId, nodeId);
  const all = await planNodeRows(ctx, planId);
  const byId = new Map(all.map((n) => [n.id, n]));
  const errors: FieldError[] = [];
  if (input.parentId && !byId.has(input.parentId)) errors.push({ path: 'parentId', message: '移動先の項目がこの計画に見つかりません。' });
  else if (wouldCreateCycle(nodeId, input.parentId, byId)) errors.push({ path: 'parentId', message: '項目を自分自身やその下位の項目の下には移動できません。' });
  checkDate('effectiveDate', input.effectiveDate, errors);
  const effectiveDate = input.effectiveDate ?? todayInTokyo();
  if (!errors.length) await checkNotBeforeLatest(ctx, planId, nodeId, effectiveDate, errors);
  if (errors.length) throw validationError(errors.map((e) => (e.path === 'change.effectiveDate' ? { ...e, path: 'effectiveDate' } : e)));

  const before = await loadSnapshot(ctx, node);
  const newDepth = input.parentId ? byId.get(input.parentId)!.depth + 1 : 0;
  const siblings = all.filter((n) => n.parentId === input.parentId && n.id !== nodeId).sort((a, b) => a.sortOrder - b.sortOrder);
  const order = reorder(siblings.map((s) => s.id), nodeId, input.position);
  const sortOrder = order.find((o) => o.id === nodeId)!.sortOrder;
  const row = await bumpVersion(ctx, node, input.version, { parentId: input.parentId, depth: newDepth, sortOrder });
  await applyOrder(ctx, order, nodeId);
  // Descendants keep their place below the node; only their depth shifts.
  const delta = newDepth - node.depth;
  if (delta !== 0) {
    for (const id of subtreeIds(nodeId, all)) {
      if (id === nodeId) continue;
      await ctx.db
        .update(planNodes)
        .set({ depth: sql`${planNodes.depth} + ${delta}` })
        .where(and(eq(planNodes.municipalityId, ctx.municipalityId), eq(planNodes.id, id)));
    }
  }
  const after: NodeSnapshot = { ...before, parentId: input.parentId, depth: newDepth, sortOrder };
  await insertChange(ctx, { planId, nodeId, kind: 'moved', effectiveDate, reason: input.reason ?? '', snapshot: after });
  await recordAudit(ctx, { action: 'node.move', entity: 'plan_node', entityId: nodeId, before, after });
  return row;
}

export interface EndInput {
  version: number;
  effectiveDate: string;
  reason: string;
  intoId?: string;
}

/** 中止 (stop) or 統合 (merge into another item): the node stays in history, ending on the given date. */
export async function endNode(ctx: CommandContext, planId: string, nodeId: string, kind: 'stopped' | 'merged', input: EndInput) {
  await loadPlan(ctx, planId);
  const node = await loadNode(ctx, planId, nodeId);
  const errors: FieldError[] = [];
  if (node.status !== 'active') errors.push({ path: 'status', message: 'この項目は既に中止または統合されています。' });
  if (!input.reason.trim()) errors.push({ path: 'reason', message: `${kind === 'stopped' ? '中止' : '統合'}の理由を入力してください（変更調書に載ります）。` });
  checkDate('effectiveDate', input.effectiveDate, errors);
  if (kind === 'merged') {
    if (!input.intoId) errors.push({ path: 'intoId', message: '統合先の項目を選んでください。' });
    else if (input.intoId === nodeId) errors.push({ path: 'intoId', message: '自分自身には統合できません。' });
    else {
      const into = await findNode(ctx, planId, input.intoId);
      if (!into || into.status !== 'active') errors.push({ path: 'intoId', message: '統合先の項目が見つからないか、既に終了しています。' });
    }
  }
  if (!errors.length) {
    const e2: FieldError[] = [];
    await checkNotBeforeLatest(ctx, planId, nodeId, input.effectiveDate, e2);
    errors.push(...e2.map((e) => ({ ...e, path: 'effectiveDate' })));
  }
  if (errors.length) throw validationError(errors);
  const before = await loadSnapshot(ctx, node);
  const row = await bumpVersion(ctx, node, input.version, {
    status: kind,
    mergedIntoId: kind === 'merged' ? input.intoId! : null,
    effectiveTo: input.effectiveDate,
  });
  const after: NodeSnapshot = { ...before, status: kind, mergedIntoId: row.mergedIntoId };
  await insertChange(ctx, { planId, nodeId, kind, effectiveDate: input.effectiveDate, reason: input.reason.trim(), snapshot: after });
  await recordAudit(ctx, { action: kind === 'stopped' ? 'node.stop' : 'node.merge', entity: 'plan_node', entityId: nodeId, before, after });
  return row;
}
