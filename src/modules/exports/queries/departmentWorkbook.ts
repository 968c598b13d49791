/**
 * Loads a department's part of an open round and builds its workbook (and the zip of
 * every department's). Tenant-scoped, set-wise reads; the rows come from the pure rules in
 * domain/departmentWorkbook.ts and the cells are written by xlsx/departmentWorkbook.ts.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { readAll } from '../../../db/parallel.js';
import { departments, nodeDepartments, nodeSchedules, reports } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';
import { AppError, notFound } from '../../../shared/errors.js';
import { fiscalYearShort } from '../../fiscal/domain/index.js';
import { findPlan, type PlanRow } from '../../plans/db/repo.js';
import { buildTree, walk } from '../../plans/domain/tree.js';
import { dateLabel } from '../../pdca/domain/round.js';
import { REPORT_FIELD_LABELS, TEXT_MAX } from '../../pdca/domain/report.js';
import { ROUND_CLOSED_MESSAGE } from '../../pdca/domain/round.js';
import type { ReportState } from '../../pdca/domain/workflow.js';
import { findRound, planItems, reportsOfNodes, reportRowsOfRound, type PlanItemRow, type ReportRow, type RoundRow } from '../../pdca/db/repo.js';
import { contentOf } from '../../pdca/presenters/pdca.js';
import { effectiveLegends, type EffectiveLegends } from '../../pdca/queries/legends.js';
import { shortRoundLabel } from '../domain/layout.js';
import { phaseText } from '../domain/progressTable.js';
import {
  departmentRows,
  FIRST_DATA_ROW,
  WORKBOOK_FORMAT,
  WORKBOOK_FORMAT_VERSION,
  workbookColumns,
  type DepartmentItemInput,
  type WorkbookLegends,
  type WorkbookMeta,
} from '../domain/departmentWorkbook.js';
import { renderOffThread } from '../../publish/pdf/offThread.js';
import { checksumOf } from '../xlsx/departmentWorkbook.js';
import { safeFileName } from '../xlsx/styles.js';
import { loadJSZip } from '../../../shared/lazyModules.js';

export interface WorkbookFile {
  fileName: string;
  buffer: Buffer;
  checksum: string;
  itemCount: number;
}

/** Workbooks are for rounds being answered. */
export function assertOpenForWorkbooks(round: RoundRow): void {
  if (round.state === 'open') return;
  if (round.state === 'closed') throw new AppError('round_closed', 409, `${ROUND_CLOSED_MESSAGE}回答用ファイルは照会中の照会についてだけ作成・取込みできます。`);
  throw new AppError('round_not_open', 409, 'この照会はまだ開始されていません。回答用ファイルは照会を開始してから作成できます。');
}

export async function roundOr404(scope: TenantScope, roundId: string): Promise<RoundRow> {
  const r = await findRound(scope, roundId);
  if (!r) throw notFound('照会');
  return r;
}

export async function departmentOr404(scope: TenantScope, departmentId: string): Promise<{ id: string; name: string }> {
  const rows = await scope.db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(and(eq(departments.municipalityId, scope.municipalityId), eq(departments.id, departmentId)))
    .limit(1);
  if (!rows[0]) throw notFound('組織');
  return rows[0];
}

/** Departments responsible for at least one item of the round, in master order. */
export async function departmentsOfRound(scope: TenantScope, roundId: string): Promise<{ id: string; name: string }[]> {
  const m = scope.municipalityId;
  return scope.db
    .selectDistinct({ id: departments.id, name: departments.name, sortOrder: departments.sortOrder })
    .from(departments)
    .innerJoin(nodeDepartments, and(eq(nodeDepartments.municipalityId, departments.municipalityId), eq(nodeDepartments.departmentId, departments.id)))
    .innerJoin(reports, and(eq(reports.municipalityId, nodeDepartments.municipalityId), eq(reports.nodeId, nodeDepartments.nodeId)))
    .where(and(eq(departments.municipalityId, m), eq(reports.roundId, roundId)))
    .orderBy(asc(departments.sortOrder), asc(departments.name), asc(departments.id));
}

export interface WorkbookContext {
  municipality: { code: string; name: string };
  /** who asks for the file (written into the metadata) */
  actorName: string;
  now?: Date;
}

function instructionLines(o: {
  round: RoundRow;
  planTitle: string;
  departmentName: string;
  municipalityName: string;
  fields: readonly string[];
  generatedAt: string;
}): string[] {
  const asked = o.fields.filter((f) => f !== 'numbers').map((f) => REPORT_FIELD_LABELS[f as keyof typeof REPORT_FIELD_LABELS] ?? f);
  const lines = [
    `記入要領（${o.round.label}　${o.departmentName}）`,
    `計画: ${o.planTitle}　／　照会: ${o.round.label}（対象年度 ${fiscalYearShort(o.round.targetFiscalYear)}、基準日 ${dateLabel(o.round.asOfDate)}）　／　回答期限: ${dateLabel(o.round.deadline)}`,
    `このファイルは${o.municipalityName}の進行管理システムが${o.departmentName}の担当項目について作成した回答用ファイルです（作成日時: ${o.generatedAt}）。`,
    '1. 「回答」シートの白いセルに入力してください。灰色のセル（整理番号・実施項目・前回の回答など）は変更できません。',
    `2. 照会項目: ${asked.join('、')}。進捗状況・達成度・効果の種類は、セルを選ぶと表示される一覧から選んでください（凡例は下の表のとおり）。`,
    `3. 文章の欄は各${TEXT_MAX}文字以内です。セル内で改行するときは Alt＋Enter を押してください。`,
    '4. 効果額は円単位の0以上の整数で入力してください（例: 1200000）。削減時間は1年あたりの時間で、小数第1位まで入力できます（例: 12.5）。',
    '5. 行やシートの追加・削除・並べ替えはしないでください。ファイル名は変更してもかまいません。',
    '6. 入力が終わったら、システムの照会の画面から「Excelから取り込み」でこのファイルをアップロードしてください。取り込んだ内容は「作成中（下書き）」として保存されます。提出は画面から行ってください。',
    '7. 提出済み・承認済み・確認済みの報告は取り込まれません（該当する行は灰色になっています）。修正が必要なときは差戻しを受けてから入力してください。',
    '8. ファイルを作成した後に画面から報告を保存し、その報告の行がファイルと異なるときは、上書きを防ぐためファイル全体を取り込みません。その場合はもう一度ダウンロードして入力し直してください（同じファイルを直して再度取り込むのは問題ありません）。',
    '9. 他の課・他の照会の回答用ファイルは取り込めません。数値（指標）は画面から入力してください。',
  ];
  return lines;
}

/** What every department's workbook of a round reads: loaded once (the zip reuses it for every department). */
export interface RoundWorkbookData {
  plan: PlanRow;
  legends: EffectiveLegends;
  /** the round's reports by item */
  reportsByNode: Map<string, ReportRow>;
  /** items of the plan (for paths) */
  itemById: Map<string, PlanItemRow>;
  /** items with a report, in tree order */
  ordered: PlanItemRow[];
  phaseOf: Map<string, string>;
  previousByNode: Map<string, ReportRow>;
  previousRound: RoundRow | null;
  /** responsible departments of the round's items */
  departmentsByNode: Map<string, { departmentId: string; lead: boolean; name: string }[]>;
}

/** Loads the round's data; with `departmentId`, only the reports of that department's items. */
export async function loadRoundWorkbookData(scope: TenantScope, round: RoundRow, departmentId?: string): Promise<RoundWorkbookData> {
  const plan = await findPlan(scope, round.planId);
  if (!plan) throw notFound('計画');
  const m = scope.municipalityId;
  const ofDepartment = async () => {
    if (!departmentId) return reportRowsOfRound(scope, round.id);
    // the department's items first (index on department), then their reports (primary key): faster than a sub-select
    const ids = await scope.db
      .select({ nodeId: nodeDepartments.nodeId })
      .from(nodeDepartments)
      .where(and(eq(nodeDepartments.municipalityId, m), eq(nodeDepartments.departmentId, departmentId)));
    return reportsOfNodes(scope, round.id, ids.map((r) => r.nodeId));
  };
  const [reportRows, items, legends] = await readAll(scope.db, [ofDepartment, () => planItems(scope, plan.id), () => effectiveLegends(scope, plan.id)] as const);
  const nodeIds = reportRows.map((r) => r.nodeId);
  const [deptRows, prevRows, previousRound, sched] = await readAll(scope.db, [
    () =>
      nodeIds.length
        ? scope.db
            .select({ nodeId: nodeDepartments.nodeId, departmentId: nodeDepartments.departmentId, lead: nodeDepartments.isLead, name: departments.name })
            .from(nodeDepartments)
            .innerJoin(departments, and(eq(departments.municipalityId, nodeDepartments.municipalityId), eq(departments.id, nodeDepartments.departmentId)))
            .where(and(eq(nodeDepartments.municipalityId, m), inArray(nodeDepartments.nodeId, nodeIds)))
        : Promise.resolve([]),
    () => (round.previousRoundId && nodeIds.length ? reportsOfNodes(scope, round.previousRoundId, nodeIds) : Promise.resolve([])),
    () => (round.previousRoundId ? findRound(scope, round.previousRoundId) : Promise.resolve(null)),
    () =>
      nodeIds.length
        ? scope.db
            .select({ nodeId: nodeSchedules.nodeId, phase: nodeSchedules.phase })
            .from(nodeSchedules)
            .where(and(eq(nodeSchedules.municipalityId, m), eq(nodeSchedules.fiscalYear, round.targetFiscalYear), inArray(nodeSchedules.nodeId, nodeIds)))
        : Promise.resolve([]),
  ] as const);
  const reportsByNode = new Map(reportRows.map((r) => [r.nodeId, r]));
  const departmentsByNode = new Map<string, { departmentId: string; lead: boolean; name: string }[]>();
  for (const d of deptRows) (departmentsByNode.get(d.nodeId) ?? departmentsByNode.set(d.nodeId, []).get(d.nodeId)!).push(d);
  return {
    plan,
    legends,
    reportsByNode,
    itemById: new Map(items.map((n) => [n.id, n])),
    ordered: [...walk(buildTree(items))].filter((n) => reportsByNode.has(n.id)),
    phaseOf: new Map(sched.map((s) => [s.nodeId, s.phase])),
    previousByNode: new Map(prevRows.map((r) => [r.nodeId, r])),
    previousRound,
    departmentsByNode,
  };
}

/** One department's workbook for an open round (`data`: preloaded for several departments). */
export async function buildDepartmentWorkbook(
  scope: TenantScope,
  round: RoundRow,
  department: { id: string; name: string },
  wctx: WorkbookContext,
  data?: RoundWorkbookData,
): Promise<WorkbookFile> {
  const d = data ?? (await loadRoundWorkbookData(scope, round, department.id));
  const { plan, legends, previousRound } = d;
  const mine = d.ordered.filter((n) => d.departmentsByNode.get(n.id)?.some((x) => x.departmentId === department.id));
  if (!mine.length) throw notFound(`この照会で${department.name}が担当する項目`);

  const wl: WorkbookLegends = { status: legends.status.values, achievement: legends.achievement?.values ?? null };
  const pathOf = (id: string) => {
    const out: string[] = [];
    const seen = new Set<string>([id]);
    let cur = d.itemById.get(id)?.parentId ?? null;
    while (cur && !seen.has(cur)) {
      seen.add(cur);
      const n = d.itemById.get(cur);
      if (!n) break;
      out.unshift([n.number, n.title].filter(Boolean).join(' '));
      cur = n.parentId;
    }
    return out;
  };
  const previousCounts = (state: string) => state === 'submitted' || state === 'approved' || state === 'accepted';
  const inputs: DepartmentItemInput[] = mine.map((n) => {
    const r = d.reportsByNode.get(n.id)!;
    const depts = d.departmentsByNode.get(n.id) ?? [];
    const prev = d.previousByNode.get(n.id);
    const prevSymbol = prev?.statusCode ? (wl.status.find((v) => v.code === prev.statusCode)?.symbol ?? prev.statusCode) : '';
    const phase = d.phaseOf.get(n.id);
    return {
      reportId: r.id,
      version: r.version,
      state: r.state as ReportState,
      number: n.number,
      title: n.title,
      path: pathOf(n.id),
      lead: depts.some((x) => x.lead && x.departmentId === department.id),
      leadName: depts.find((x) => x.lead)?.name ?? null,
      phaseText: phase ? phaseText(plan.phases, phase) : '',
      content: contentOf(r),
      // the previous round's answer as the department submitted it (drafts never left the round)
      previous: prev && previousCounts(prev.state) ? { statusSymbol: prevSymbol, narrative: prev.narrative } : null,
    };
  });

  const previousLabel = previousRound ? shortRoundLabel(previousRound.label) : null;
  const columns = workbookColumns(round.fields, wl, { fyShort: fiscalYearShort(round.targetFiscalYear), previousLabel });
  const rows = departmentRows(inputs, columns, wl);
  const generatedAt = (wctx.now ?? new Date()).toISOString();
  const meta: WorkbookMeta = {
    format: WORKBOOK_FORMAT,
    formatVersion: WORKBOOK_FORMAT_VERSION,
    municipalityCode: wctx.municipality.code,
    roundId: round.id,
    roundLabel: round.label,
    planId: plan.id,
    departmentId: department.id,
    departmentName: department.name,
    generatedAt,
    generatedBy: wctx.actorName,
    fields: [...round.fields],
    columns: columns.map((c) => c.key),
    firstDataRow: FIRST_DATA_ROW,
    keys: rows.map((r) => ({ reportId: r.reportId, version: r.version, number: r.number, title: r.title })),
  };
  const legendTables = [{ title: `${REPORT_FIELD_LABELS.status}（${legends.status.name}）`, values: legends.status.values }];
  if (legends.achievement && round.fields.includes('achievement'))
    legendTables.push({ title: `${REPORT_FIELD_LABELS.achievement}（${legends.achievement.name}）`, values: legends.achievement.values });
  // laid out in the render worker: a 課 with hundreds of items, or the zip of 60 課, does not hold up other requests
  const buffer = await renderOffThread('departmentWorkbook', {
    meta,
    columns,
    rows,
    instructions: instructionLines({ round, planTitle: plan.title, departmentName: department.name, municipalityName: wctx.municipality.name, fields: round.fields, generatedAt }),
    legendTables,
    heading: {
      title: `${round.label} 回答用ファイル（${department.name}）`,
      note: `回答期限: ${dateLabel(round.deadline)}。白いセルに入力し、照会の画面の「Excelから取り込み」でアップロードしてください。灰色のセルは変更できません。詳しくは「記入要領」シートをご覧ください。`,
    },
  });
  const checksum = checksumOf(meta);
  return { fileName: safeFileName(`${round.label}_${department.name}.xlsx`), buffer, checksum, itemCount: rows.length };
}

/** Every department with items in the round, one workbook each, zipped; `onProgress` after each (export jobs report it). */
export async function buildWorkbooksZip(
  scope: TenantScope,
  round: RoundRow,
  wctx: WorkbookContext,
  onProgress?: (done: number, total: number, department: string) => Promise<void>,
): Promise<{ fileName: string; buffer: Buffer; count: number }> {
  const depts = await departmentsOfRound(scope, round.id);
  if (!depts.length) throw notFound('この照会の対象項目');
  const data = await loadRoundWorkbookData(scope, round);
  const zip = new (await loadJSZip())();
  const now = wctx.now ?? new Date();
  const used = new Set<string>();
  for (const [i, d] of depts.entries()) {
    const f = await buildDepartmentWorkbook(scope, round, d, { ...wctx, now }, data);
    // the same 課 name twice (e.g. a renamed and a new one) must not overwrite a file
    let name = `${String(i + 1).padStart(2, '0')}_${f.fileName}`;
    while (used.has(name)) name = `${String(i + 1).padStart(2, '0')}_${d.id.slice(0, 8)}_${f.fileName}`;
    used.add(name);
    // an xlsx is already deflated: stored as it is
    zip.file(name, f.buffer, { date: now, compression: 'STORE' });
    await onProgress?.(i + 1, depts.length, d.name);
  }
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
  return { fileName: safeFileName(`${round.label}_回答用ファイル.zip`), buffer, count: depts.length };
}
