/**
 * The commit: the import plan is built again from the same table and mapping against
 * the plan as stored now (not as it was at the dry run) — before the transaction and
 * off the event loop (prepareImport), then checked inside the caller's ONE transaction
 * against the plan's current data (commitPreparedImport) — and, if it has no errors, written through
 * the same commands the UI uses — departments (only when asked to create missing
 * ones), groups, items (createNode / updateNode / moveNode, with the printed
 * 【R2年度改訂】 marks as 改訂 changes), then one closed round per status year
 * (importClosedRounds, all years in one pass). Any error rolls the whole transaction back: all or nothing.
 */
import { and, eq } from 'drizzle-orm';
import { plans } from '../../../db/schema.js';
import type { ImportCommitResultDto } from '../../../shared/api-types-imports.js';
import type { CommandContext, TenantScope } from '../../../shared/context.js';
import { AppError } from '../../../shared/errors.js';
import { log } from '../../../shared/log.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { createDepartment } from '../../departments/commands/departments.js';
import { fiscalYearOf, fiscalYearRange } from '../../fiscal/domain/index.js';
import { importClosedRounds } from '../../pdca/commands/history.js';
import { createNode, moveNode, updateNode } from '../../plans/commands/nodes.js';
import { revisionMark } from '../../plans/domain/node.js';
import { buildImport, creationDate, type ImportPlan, type PlannedRevision } from '../domain/build.js';
import { insertNewNodes, newNodeId, type NewNode } from '../../plans/commands/bulkNodes.js';
import { foldName } from '../domain/departments.js';
import type { ParsedUpload } from '../domain/grid.js';
import type { Issue } from '../domain/issues.js';
import type { ImportMapping } from '../domain/mapping.js';
import { prepareTable } from '../domain/prepare.js';
import { refusal } from '../domain/refusal.js';
import { commitPlanOffThread } from '../parsers/parseOffThread.js';
import { prepareCommitOf, type PreparedCommit } from '../presenters/views.js';
import { loadImportContext } from '../queries/context.js';
import { loadImportContextData } from '../queries/contextData.js';
import { contextFingerprint } from '../queries/fingerprint.js';

export { refusal };

export type ProgressReport = (progress: number, total: number, message?: string) => Promise<void>;

const noReport: ProgressReport = async () => {};

/**
 * Lets the event loop answer other requests between the commit's phases and batches of writes: the
 * transaction stays one, but on PostgreSQL other requests run on other connections meanwhile.
 * (On PGlite they wait for the transaction all the same.)
 */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Builds the import plan against the plan as stored now, on this thread (tests; the routes use prepareImport). */
export async function planImport(ctx: Pick<CommandContext, 'db' | 'municipalityId'>, planId: string, upload: ParsedUpload, mapping: ImportMapping): Promise<ImportPlan | { issues: Issue[] }> {
  const context = await loadImportContext(ctx, planId);
  const prepared = prepareTable(upload, { sheet: mapping.sheet, headerRows: mapping.headerRows });
  if (!prepared.ok) return { issues: prepared.issues };
  return buildImport({ kind: upload.kind, sheet: prepared.sheet, header: prepared.header, mapping, ctx: context });
}

/** A commit prepared before its transaction: its plan of writes and the digest of the data it was built on. */
export interface ReadyCommit {
  prepared: PreparedCommit;
  fingerprint: string;
}

/**
 * Everything the commit computes, before its transaction and off the event loop: the digest of the plan's
 * data first (so that any change after it, even while the context is read, shows at the commit), then the
 * context (the nodes as JSON text) and, in a worker process, the plan of writes. Problems: { issues }.
 */
export async function prepareImport(scope: TenantScope, planId: string, uploadJson: string, mapping: ImportMapping): Promise<ReadyCommit | { issues: Issue[] }> {
  const fingerprint = await contextFingerprint(scope, planId);
  const context = await loadImportContextData(scope, planId);
  const prepared = await commitPlanOffThread(uploadJson, context, mapping);
  if ('issues' in prepared) return prepared;
  return { prepared, fingerprint };
}

export interface CommitOptions {
  /**
   * true (default): new groups and items are written in batches (plans/commands/bulkNodes.ts, the rows createNode
   * writes); false: one createNode per node (tests compare the two).
   */
  bulk?: boolean;
}

/** One import of a plan at a time: a second one waits here and then sees the first one's items. */
async function lockPlan(ctx: CommandContext, planId: string): Promise<void> {
  await ctx.db
    .select({ id: plans.id })
    .from(plans)
    .where(and(eq(plans.municipalityId, ctx.municipalityId), eq(plans.id, planId)))
    .for('update');
}

/** The commit with everything computed on this thread, inside the transaction (tests, scripts). */
export async function commitImport(
  ctx: CommandContext,
  input: { planId: string; upload: ParsedUpload; mapping: ImportMapping },
  report: ProgressReport = noReport,
  opts: CommitOptions = {},
): Promise<ImportCommitResultDto> {
  await lockPlan(ctx, input.planId);
  const context = await loadImportContext(ctx, input.planId);
  await breathe();
  const prepared = prepareCommitOf(input.upload, context, input.mapping);
  if ('issues' in prepared) throw refusal(prepared.issues);
  await breathe();
  return writeImport(ctx, { planId: input.planId, mapping: input.mapping, prepared }, report, opts);
}

/**
 * The commit of a plan of writes prepared before the transaction (prepareImport). Inside the transaction,
 * after the plan is locked, the digest of its data is taken again: if anything changed since the
 * preparation (another import committed first, an item was edited), the plan of writes is built again
 * here from the data as it is now, so what is written always fits the plan as stored; if the table no
 * longer fits it, nothing is written (409). All or nothing, as the transaction is one.
 */
export async function commitPreparedImport(
  ctx: CommandContext,
  input: { planId: string; mapping: ImportMapping; uploadJson: string; ready: ReadyCommit },
  report: ProgressReport = noReport,
  opts: CommitOptions = {},
): Promise<ImportCommitResultDto> {
  await lockPlan(ctx, input.planId);
  let prepared = input.ready.prepared;
  if ((await contextFingerprint(ctx, input.planId)) !== input.ready.fingerprint) {
    log.info({ planId: input.planId }, '取込みの準備中に計画が変更されたため、取込みの内容を作り直します');
    const again = await commitPlanOffThread(input.uploadJson, await loadImportContextData(ctx, input.planId), input.mapping);
    if ('issues' in again) {
      const errors = again.issues.filter((i) => i.severity === 'error');
      throw new AppError(
        'import_plan_changed',
        409,
        `取込みの確認のあとで計画が変更され、この表はそのままでは取り込めなくなりました。何も保存していません。もう一度確認してから実行してください。エラー${errors.length}件、1件目: ${errors[0]?.message ?? '（内容不明）'}`,
      );
    }
    prepared = again;
  }
  await breathe();
  return writeImport(ctx, { planId: input.planId, mapping: input.mapping, prepared }, report, opts);
}

/** The writes of a prepared commit (the caller holds the plan's lock, in its transaction). */
async function writeImport(
  ctx: CommandContext,
  input: { planId: string; mapping: ImportMapping; prepared: PreparedCommit },
  report: ProgressReport,
  opts: CommitOptions,
): Promise<ImportCommitResultDto> {
  const bulk = opts.bulk ?? true;
  const { planId } = input;
  const { plan, placement, planInfo, departmentCount } = input.prepared;
  const planWasEmpty = placement.planWasEmpty;
  const planStart = fiscalYearRange(planInfo.firstFiscalYear).start;
  const groupsToCreate = plan.groups.filter((g) => !g.existingId);
  const roundsToCreate = plan.rounds.filter((r) => r.action === 'create');
  const total = plan.departmentsToCreate.length + groupsToCreate.length + plan.items.length + roundsToCreate.length;
  let done = 0;
  const step = async (message: string, force = false) => {
    done++;
    if (force || done % 10 === 0 || done === total) await report(done, total, message);
  };
  await report(0, total, '取込みを始めます');

  // departments (only when the user asked for the missing ones to be created)
  const created = new Map<string, string>();
  const maxSort = departmentCount;
  for (const [i, d] of plan.departmentsToCreate.entries()) {
    const row = await createDepartment(ctx, { name: d.name, kind: d.kind, sortOrder: maxSort + i });
    created.set(foldName(d.name), row.id);
    await step(`組織「${d.name}」を登録しました`);
  }
  const deptIds = (refs: NonNullable<ImportPlan['items'][number]['departments']>) =>
    refs.map((d) => ({ id: 'id' in d ? d.id : created.get(foldName(d.create))!, lead: d.lead }));

  // where new nodes go: after the existing children of their parent (and after each other)
  // (copies: a commit built again inside the transaction must not see the first attempt's changes)
  const depthOf = new Map(placement.depthOf);
  const lastSort = new Map(placement.lastSort);
  const childCount = placement.childCount;
  const nextSort = (parentId: string | null) => {
    const v = Math.max(lastSort.get(parentId) ?? 0, (childCount.get(parentId) ?? 0) * 10) + 10;
    lastSort.set(parentId, v);
    return v;
  };

  // groups, parents first (they are listed in the order the table names them)
  const groupId = new Map<string, string>();
  for (const g of plan.groups) if (g.existingId) groupId.set(g.key, g.existingId);
  const itemStart = (i: number) => creationDate(plan.items[i]!, planInfo.firstFiscalYear, plan.effectiveDate);
  const newGroups: NewNode[] = [];
  for (const g of groupsToCreate) {
    const under = plan.items.map((it, i) => (it.parentKey !== null && (it.parentKey === g.key || it.parentKey.startsWith(`${g.key}\u0000`)) ? itemStart(i) : null));
    const starts = under.filter((x): x is string => x !== null).sort();
    const date = planWasEmpty ? planStart : [plan.effectiveDate, ...starts].sort()[0]!;
    const parentId = g.parentKey === null ? null : groupId.get(g.parentKey)!;
    if (bulk) {
      const id = newNodeId();
      const depth = parentId === null ? 0 : depthOf.get(parentId)! + 1;
      newGroups.push({
        id,
        parentId,
        depth,
        sortOrder: nextSort(parentId),
        number: g.number,
        title: g.title,
        description: '',
        isAction: false,
        departments: [],
        schedule: {},
        kind: planWasEmpty ? 'created' : 'added',
        effectiveDate: date,
        mark: '',
      });
      groupId.set(g.key, id);
      depthOf.set(id, depth);
    } else {
      const node = await createNode(ctx, planId, {
        parentId,
        number: g.number,
        title: g.title,
        isAction: false,
        change: planWasEmpty ? { kind: 'created', effectiveDate: date } : { kind: 'added', effectiveDate: date, mark: '' },
      });
      groupId.set(g.key, node.id);
      await step(`「${g.title}」を作成しました`);
    }
  }
  if (newGroups.length) {
    await insertNewNodes(ctx, planId, newGroups);
    await breathe();
    done += newGroups.length;
    await report(done, total, `${planInfo.levelNames[0] ?? '階層'}など${newGroups.length}件を作成しました`);
  }
  const parentOf = (key: string | null) => (key === null ? null : groupId.get(key)!);

  // items
  const itemIds: string[] = [];
  const moves: { id: string; version: number; parentKey: string | null }[] = [];
  let itemsCreated = 0;
  let itemsUpdated = 0;
  let itemsUnchanged = 0;
  const newItems: NewNode[] = [];
  const revisedLater: { id: string; revisions: PlannedRevision[] }[] = [];
  for (const [i, it] of plan.items.entries()) {
    const revised = it.revisions.filter((r) => r.kind === 'revised').sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
    if (!it.existingId) {
      const added = it.revisions.find((r) => r.kind === 'added');
      const parentId = parentOf(it.parentKey);
      const effectiveDate = it.createKind === 'created' ? planStart : (added?.effectiveDate ?? plan.effectiveDate);
      if (bulk) {
        const id = newNodeId();
        newItems.push({
          id,
          parentId,
          depth: parentId === null ? 0 : depthOf.get(parentId)! + 1,
          sortOrder: nextSort(parentId),
          number: it.number,
          title: it.title,
          description: it.description ?? '',
          isAction: true,
          departments: it.departments ? deptIds(it.departments) : [],
          schedule: it.schedule ?? {},
          kind: it.createKind,
          effectiveDate,
          // as createNode marks it: the printed 追加 mark, or 【R8年度追加項目】 for an item added now
          mark: it.createKind === 'created' ? '' : (added?.mark ?? revisionMark('added', fiscalYearOf(effectiveDate))),
        });
        itemIds.push(id);
        if (revised.length) revisedLater.push({ id, revisions: revised });
      } else {
        const node = await createNode(ctx, planId, {
          parentId,
          number: it.number,
          title: it.title,
          description: it.description ?? '',
          isAction: true,
          departments: it.departments ? deptIds(it.departments) : [],
          schedule: it.schedule ?? {},
          change:
            it.createKind === 'created'
              ? { kind: 'created', effectiveDate: planStart }
              : added
                ? { kind: 'added', effectiveDate: added.effectiveDate, mark: added.mark }
                : { kind: 'added', effectiveDate: plan.effectiveDate },
        });
        let version = node.version;
        for (const r of revised)
          version = (await updateNode(ctx, planId, node.id, { version, change: { kind: 'revised', effectiveDate: r.effectiveDate, mark: r.mark } })).version;
        itemIds.push(node.id);
        await step(`項目を取り込んでいます（${i + 1}/${plan.items.length}）`);
      }
      itemsCreated++;
    } else {
      const id = it.existingId;
      let version = it.existingVersion!;
      if (it.action === 'update') {
        for (const r of revised) version = (await updateNode(ctx, planId, id, { version, change: { kind: 'revised', effectiveDate: r.effectiveDate, mark: r.mark } })).version;
        const fieldChanges = it.changes.filter((c) => !c.startsWith('所属'));
        if (fieldChanges.length) {
          const row = await updateNode(ctx, planId, id, {
            version,
            title: it.title,
            ...(it.number ? { number: it.number } : {}),
            ...(it.description !== null ? { description: it.description } : {}),
            ...(it.departments ? { departments: deptIds(it.departments) } : {}),
            ...(it.schedule ? { schedule: it.schedule } : {}),
            change: { kind: input.mapping.options.changeKind, effectiveDate: plan.effectiveDate, reason: '表の取込みによる更新' },
          });
          version = row.version;
        }
        if (it.move) moves.push({ id, version, parentKey: it.parentKey });
        itemsUpdated++;
      } else itemsUnchanged++;
      itemIds.push(id);
      await step(`項目を取り込んでいます（${i + 1}/${plan.items.length}）`);
    }
  }
  if (newItems.length) {
    await breathe();
    await insertNewNodes(ctx, planId, newItems);
    await breathe();
    // 【R2年度改訂】 printed in a new item's title: its 改訂 after its creation, as the plan commands record it
    for (const r of revisedLater) {
      let version = 1;
      for (const rev of r.revisions)
        version = (await updateNode(ctx, planId, r.id, { version, change: { kind: 'revised', effectiveDate: rev.effectiveDate, mark: rev.mark } })).version;
    }
    done += newItems.length;
    await report(done, total, `項目を取り込んでいます（${plan.items.length}/${plan.items.length}、新しい項目${newItems.length}件）`);
  }

  // moves last: createNode appends after the siblings' count, which a move out of a group would make collide
  for (const mv of moves)
    await moveNode(ctx, planId, mv.id, { version: mv.version, parentId: parentOf(mv.parentKey), position: Number.MAX_SAFE_INTEGER, effectiveDate: plan.effectiveDate, reason: '表の取込みによる移動' });

  // the status years, oldest first (each round is compared with the one before it)
  // (all in one pass: the plan and its items are read once and every year is checked before any is written)
  const rounds: ImportCommitResultDto['rounds'] = [];
  const years = [...roundsToCreate].sort((a, b) => a.asOfDate.localeCompare(b.asOfDate));
  const imported = await importClosedRounds(
    ctx,
    planId,
    years.map((r) => ({
      label: r.label,
      asOfDate: r.asOfDate,
      targetFiscalYear: r.fiscalYear,
      answers: r.answers.map(({ item, ...a }) => ({ ...a, nodeId: itemIds[item]! })),
    })),
  );
  for (const [i, r] of years.entries()) {
    const res = imported[i]!;
    rounds.push({ id: res.round.id, label: res.round.label, fiscalYear: r.fiscalYear, reportCount: res.reportCount });
    await step(`照会「${r.label}」を取り込みました`, true);
  }

  const result: ImportCommitResultDto = {
    planId,
    itemsCreated,
    itemsUpdated,
    itemsUnchanged,
    groupsCreated: groupsToCreate.length,
    departmentsCreated: plan.departmentsToCreate.map((d) => d.name),
    rounds,
    roundsSkipped: plan.rounds.filter((r) => r.action === 'skip').map((r) => r.label),
  };
  await recordAudit(ctx, {
    action: 'import.commit',
    entity: 'plan',
    entityId: planId,
    // the cells the user corrected on the dry-run screen are part of what was imported
    after: { fileName: input.prepared.fileName, source: input.prepared.kind, ...result, corrections: input.mapping.corrections ?? [] },
  });
  return result;
}
