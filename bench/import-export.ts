/**
 * Benchmark: the published progress table of 2,000 action items (5 years of schedule,
 * 5 years of status) out as .xlsx, and the same file back in through the imports
 * module (parse → mapping → dry run → commit into an empty plan), each against bare
 * exceljs on the same cells in the same run.
 *
 *   npx tsx bench/import-export.ts      (or: npm run bench:transfer)
 *
 * Environment:
 *   BENCH_DATABASE_URL / DATABASE_URL   PostgreSQL to use; if neither is set a throwaway
 *                                       server is started with scripts/pg-throwaway.sh
 *   BENCH_N=5                           measured calls per case (export, bare write, parse,
 *                                       mapping, dry run, bare load)
 *   BENCH_WARMUP=1                      warm-up calls per case
 *   BENCH_COMMIT_N=3                    commits, each into a fresh empty plan
 *   BENCH_PER_NODE=1                    plus one commit with commitImport's per-node path
 *                                       ({ bulk: false }), printed apart, not in the total
 *   BENCH_BACKENDS=pglite,postgres      which backends to run
 *   BENCH_KEEP=1                        keep the benchmark municipality's rows afterwards
 *   BENCH_OUT=path.xlsx                 also write the exported file there
 *   BENCH_ONLY=export                   the export cases only (no import, parse or commit)
 *
 * Data creation is not measured. The script prints figures and only fails on a
 * broken run or wrong data (the import did not create 2,000 items …), never on timings.
 */
import { batched, positiveInt, redact, rng, startThrowaway, stopThrowaway, TITLE_VERBS, TITLE_WORDS, uniqueMunicipalityCode } from './support.js';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { and, count, eq } from 'drizzle-orm';
import { createApp } from '../src/app.js';
import { openStore, type Store } from '../src/db/client.js';
import * as s from '../src/db/schema.js';
import { demoAdministrator } from '../src/modules/access/domain/policy.js';
import { cellText, physicalColumns } from '../src/modules/exports/domain/columns.js';
import { loadProgressTable } from '../src/modules/exports/queries/progressTable.js';
import { writeProgressXlsx } from '../src/modules/exports/xlsx/progressWorkbook.js';
import { fiscalYearLabel } from '../src/modules/fiscal/domain/index.js';
import { commitImport } from '../src/modules/imports/commands/commitImport.js';
import { buildImport } from '../src/modules/imports/domain/build.js';
import type { ParsedUpload } from '../src/modules/imports/domain/grid.js';
import type { ImportMapping } from '../src/modules/imports/domain/mapping.js';
import { prepareTable } from '../src/modules/imports/domain/prepare.js';
import { proposeMapping } from '../src/modules/imports/domain/propose.js';
import { buildVocab } from '../src/modules/imports/domain/vocab.js';
import { parseUploadFile } from '../src/modules/imports/parsers/index.js';
import { presentDryRun } from '../src/modules/imports/presenters/imports.js';
import { loadImportContext } from '../src/modules/imports/queries/context.js';
import { PREFECTURES } from '../src/modules/municipalities/domain/localGovCode.js';
import { LEGEND_PRESETS } from '../src/modules/pdca/domain/legend.js';
import { orderFields } from '../src/modules/pdca/domain/round.js';
import type { NodeSnapshot } from '../src/modules/plans/domain/node.js';
import { DEFAULT_PHASES } from '../src/modules/plans/domain/plan.js';
import type { CommandContext, TenantScope } from '../src/shared/context.js';

const N = positiveInt(process.env.BENCH_N, 5);
const WARMUP = positiveInt(process.env.BENCH_WARMUP, 1, true);
const COMMIT_N = positiveInt(process.env.BENCH_COMMIT_N, 3);
const KEEP = process.env.BENCH_KEEP === '1';
/** also time one commit with commitImport's per-node path ({ bulk: false }: createNode per group and item) */
const PER_NODE = process.env.BENCH_PER_NODE === '1';
const OUT = process.env.BENCH_OUT;
/** `export`: measure the export only, skipping the (much longer) import part */
const EXPORT_ONLY = process.env.BENCH_ONLY === 'export';
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',').map((x) => x.trim());

const GOAL_RATIO = 2;
const GOAL_MS = 3000;
/** a past plan period, so every year's round is history (as-of dates before today) */
const FY_FIRST = 2021;
const FY_LAST = 2025;
const YEARS = FY_LAST - FY_FIRST + 1;
const LEVEL_NAMES = ['基本方針', '重点項目', '施策', '実施項目'];
/** 2 基本方針 × 5 重点項目 × 10 施策, each 施策 with 20 実施項目 = 2,000 action items */
const SHAPE = [2, 5, 10, 20] as const;
const EXPECTED_ACTIONS = SHAPE[0] * SHAPE[1] * SHAPE[2] * SHAPE[3];
const EXPECTED_NODES = SHAPE[0] + SHAPE[0] * SHAPE[1] + SHAPE[0] * SHAPE[1] * SHAPE[2] + EXPECTED_ACTIONS;
const ACTOR = demoAdministrator;
const LEGEND = LEGEND_PRESETS.find((p) => p.key === 'maru-sankaku')!;


// ───────────────────────────── data ─────────────────────────────


const DEPT_NAMES = [
  '総務課', '人事課', '財政課', '企画課', '情報政策課', 'DX推進室', '税務課', '収納課', '市民課', '保険年金課',
  '福祉総務課', '障害福祉課', '高齢福祉課', '子育て支援課', '健康増進課', '環境政策課', '廃棄物対策課', '産業振興課', '観光課', '農林課',
  '都市計画課', '建築指導課', '道路課', '下水道課', '会計課', '学校教育課', '生涯学習課', '文化スポーツ課', '危機管理課', '契約管財課',
];
const NARRATIVES = [
  '対象業務の棚卸しを行い、関係課と調整のうえ見直し方針を決定した。',
  '電子申請の対象手続を拡大し、利用率は前年度から増加した。',
  '委託仕様を見直し、次年度の契約から反映する準備を進めた。',
  '検討会議を開催し、課題の整理と実施スケジュールの確認を行った。',
];



interface Seeded {
  municipalityId: string;
  code: string;
  planId: string;
  /** the round the table is exported for: the last fiscal year's */
  roundId: string;
  nodes: number;
  actions: number;
  reports: number;
  seedMs: number;
}

type Tx = Parameters<Parameters<Store['db']['transaction']>[0]>[0];

/** A plan row as createPlan writes it, with its 決定 stage and the ○△×－ legend (saveLegends). */
async function insertPlan(tx: Tx, municipalityId: string, title: string): Promise<string> {
  const planId = randomUUID();
  await tx.insert(s.plans).values({
    municipalityId,
    id: planId,
    kind: '行政改革大綱',
    title,
    firstFiscalYear: FY_FIRST,
    lastFiscalYear: FY_LAST,
    stage: '決定',
    philosophy: '持続可能な行財政運営と市民サービスの向上',
    levelNames: LEVEL_NAMES,
    phases: DEFAULT_PHASES,
  });
  await tx.insert(s.planStages).values({ municipalityId, planId, stage: '決定', date: `${FY_FIRST}-03-25`, note: '' });
  await tx.insert(s.statusLegends).values({ municipalityId, planId, axis: 'status', name: LEGEND.name, values: LEGEND.values });
  return planId;
}

async function seed(store: Store): Promise<Seeded> {
  const t0 = performance.now();
  // the code is random per run (shared databases), the data shape is fixed
  const code = await uniqueMunicipalityCode(store, rng(Date.now() ^ process.pid));
  const r = rng(20260401);
  const municipalityId = randomUUID();
  const prefecture = PREFECTURES[Number(code.slice(0, 2)) - 1]!;
  const recordedBy = `${ACTOR.id}:${ACTOR.name}`;
  const effectiveFrom = `${FY_FIRST}-04-01`;
  let planId = '';
  let roundId = '';

  await store.db.transaction(async (tx) => {
    await tx.insert(s.municipalities).values({ id: municipalityId, code, name: `ベンチ市${code}`, prefecture });
    const deptIds = DEPT_NAMES.map(() => randomUUID());
    await tx.insert(s.departments).values(DEPT_NAMES.map((name, i) => ({ municipalityId, id: deptIds[i]!, name, kind: name.endsWith('室') ? '室' : '課', sortOrder: i })));
    planId = await insertPlan(tx, municipalityId, `第7次行政改革大綱（ベンチマーク ${code}）`);

    const nodes: (typeof s.planNodes.$inferInsert)[] = [];
    const depts: (typeof s.nodeDepartments.$inferInsert)[] = [];
    const scheds: (typeof s.nodeSchedules.$inferInsert)[] = [];
    const changes: (typeof s.nodeChanges.$inferInsert)[] = [];
    const actions: { id: string; start: number }[] = [];
    let actionNo = 0;

    const addNode = (parentId: string | null, depth: number, sortOrder: number, number: string, title: string): string => {
      const id = randomUUID();
      const isAction = depth === LEVEL_NAMES.length - 1;
      const description = isAction ? `${title}について、現状の課題を整理し、費用対効果を検証したうえで段階的に取り組む。` : '';
      const nodeDepts: NodeSnapshot['departments'] = [];
      const schedule: Record<string, string> = {};
      if (isAction) {
        const chosen = new Set<string>();
        const k = r.int(1, 3);
        while (chosen.size < k) chosen.add(r.pick(deptIds));
        [...chosen].forEach((deptId, i) => nodeDepts.push({ id: deptId, lead: i === 0 }));
        // every fiscal year scheduled: 検討 until the start year, 実施 in it, 継続 after
        const start = r.int(0, 2);
        for (let fy = FY_FIRST; fy <= FY_LAST; fy++) {
          const i = fy - FY_FIRST;
          schedule[String(fy)] = i < start ? 'kento' : i === start ? 'jisshi' : 'keizoku';
        }
        actions.push({ id, start });
      }
      nodes.push({ municipalityId, id, planId, parentId, depth, sortOrder, number, title, description, priority: false, isAction, effectiveFrom });
      nodeDepts.forEach((d, i) => depts.push({ municipalityId, nodeId: id, departmentId: d.id, isLead: d.lead, sortOrder: i }));
      for (const [fy, phase] of Object.entries(schedule)) scheds.push({ municipalityId, nodeId: id, fiscalYear: Number(fy), phase });
      const snapshot: NodeSnapshot = {
        parentId,
        depth,
        sortOrder,
        number,
        title,
        description,
        priority: false,
        isAction,
        status: 'active',
        mergedIntoId: null,
        departments: nodeDepts,
        tagIds: [],
        schedule,
        marks: [],
      };
      changes.push({ municipalityId, planId, nodeId: id, kind: 'created', effectiveDate: effectiveFrom, snapshot: snapshot as unknown as Record<string, unknown>, recordedBy });
      return id;
    };

    for (let a = 1; a <= SHAPE[0]; a++) {
      const p0 = addNode(null, 0, a * 10, String(a), `基本方針${a} 効率的で効果的な行政運営の推進`);
      for (let b = 1; b <= SHAPE[1]; b++) {
        const p1 = addNode(p0, 1, b * 10, `${a}-${b}`, `重点項目${a}-${b} ${r.pick(TITLE_WORDS)}改革`);
        for (let c = 1; c <= SHAPE[2]; c++) {
          const p2 = addNode(p1, 2, c * 10, `(${c})`, `施策${a}-${b}-${c} ${r.pick(TITLE_WORDS)}${r.pick(TITLE_VERBS)}`);
          for (let d = 1; d <= SHAPE[3]; d++) {
            actionNo++;
            addNode(p2, 3, d * 10, String(actionNo), `${r.pick(TITLE_WORDS)}${r.pick(TITLE_VERBS)}（No.${actionNo}）`);
          }
        }
      }
    }
    await batched(nodes, (c) => tx.insert(s.planNodes).values(c));
    await batched(depts, (c) => tx.insert(s.nodeDepartments).values(c));
    await batched(scheds, (c) => tx.insert(s.nodeSchedules).values(c));
    await batched(changes, (c) => tx.insert(s.nodeChanges).values(c));

    // one closed round per fiscal year with an accepted report per item, as importClosedRound writes them
    let previousRoundId: string | null = null;
    for (let fy = FY_FIRST; fy <= FY_LAST; fy++) {
      const asOfDate = `${fy + 1}-03-31`;
      const label = `${fiscalYearLabel(fy)}実績`;
      const [round]: { id: string }[] = await tx
        .insert(s.rounds)
        .values({ municipalityId, planId, label, asOfDate, targetFiscalYear: fy, deadline: asOfDate, state: 'closed', fields: orderFields(['status', 'narrative']), previousRoundId, closedAt: new Date() })
        .returning({ id: s.rounds.id });
      previousRoundId = round!.id;
      const i = fy - FY_FIRST;
      const rows: (typeof s.reports.$inferInsert)[] = actions.map((it) => ({
        municipalityId,
        roundId: round!.id,
        nodeId: it.id,
        state: 'accepted',
        // before the start year: 次年度以降; afterwards mostly done
        statusCode: i < it.start ? 'later' : r.next() < 0.7 ? 'done' : r.pick(['partial', 'not_done']),
        narrative: r.pick(NARRATIVES),
        updatedBy: recordedBy,
      }));
      const comment = `過去の実績として取込み（${label}）`;
      await batched(rows, async (chunk) => {
        const inserted = await tx.insert(s.reports).values(chunk).returning({ id: s.reports.id });
        await tx
          .insert(s.reportEvents)
          .values(inserted.map((x) => ({ municipalityId, reportId: x.id, actor: recordedBy, action: 'import', fromState: 'not_started', toState: 'accepted', comment })));
      });
    }
    roundId = previousRoundId!;
  });
  for (const t of ['plan_nodes', 'node_departments', 'node_schedules', 'node_changes', 'departments', 'rounds', 'reports', 'report_events']) await store.rawQuery(`analyze ${t}`);

  const [cnt] = await store.rawQuery<{ nodes: number; actions: number }>(
    'select count(*)::int as nodes, (count(*) filter (where is_action))::int as actions from plan_nodes where municipality_id = $1 and plan_id = $2',
    [municipalityId, planId],
  );
  const [rep] = await store.rawQuery<{ n: number }>('select count(*)::int as n from reports where municipality_id = $1', [municipalityId]);
  return { municipalityId, code, planId, roundId, nodes: cnt?.nodes ?? 0, actions: cnt?.actions ?? 0, reports: rep?.n ?? 0, seedMs: performance.now() - t0 };
}

async function emptyPlan(store: Store, municipalityId: string, n: number): Promise<string> {
  return store.db.transaction((tx) => insertPlan(tx, municipalityId, `取込み先の計画 ${n}`));
}

async function cleanup(store: Store, municipalityId: string): Promise<void> {
  // children before parents (foreign keys)
  const tables = [
    s.reportEvents, s.reports, s.rounds, s.statusLegends, s.exportLayouts, s.importMappings, s.jobs,
    s.nodeChanges, s.nodeTags, s.nodeSchedules, s.nodeDepartments, s.planNodes, s.planStages, s.planLinks, s.plans, s.tags, s.departments, s.auditLog,
  ];
  await store.db.transaction(async (tx) => {
    for (const table of tables) await tx.delete(table).where(s.sql`${table.municipalityId} = ${municipalityId}`);
    await tx.delete(s.municipalities).where(s.sql`${s.municipalities.id} = ${municipalityId}`);
  });
}

// ───────────────────────────── measuring ─────────────────────────────

interface Stats {
  p50: number;
  max: number;
  min: number;
  n: number;
}

function stats(xs: number[]): Stats {
  const a = [...xs].sort((x, y) => x - y);
  return { p50: a[Math.max(0, Math.ceil(0.5 * a.length) - 1)]!, max: a[a.length - 1]!, min: a[0]!, n: a.length };
}

/**
 * Cases run interleaved (A B C, A B C …) so a noisy neighbour hits all of them alike.
 * Returns one Stats per case, in the order given.
 */
async function measureInterleaved<T extends readonly (() => Promise<unknown>)[]>(cases: T, n = N, warmup = WARMUP): Promise<{ [K in keyof T]: Stats }> {
  for (let i = 0; i < warmup; i++) for (const fn of cases) await fn();
  const times: number[][] = cases.map(() => []);
  for (let i = 0; i < n; i++)
    for (const [k, fn] of cases.entries()) {
      const t0 = performance.now();
      await fn();
      times[k]!.push(performance.now() - t0);
    }
  return times.map(stats) as { [K in keyof T]: Stats };
}

type AnyQuery = (...a: unknown[]) => Promise<unknown>;

/**
 * Counts the SQL statements run while `active` (nothing else runs during the commit):
 * on PostgreSQL every pg.Client's query, on PGlite the object `transaction()` passes.
 */
function statementCounter(store: Store) {
  const state = { active: false, n: 0, log: [] as { sql: string; ms: number }[] };
  const wrap = (target: { query: AnyQuery }) => {
    const original = target.query;
    target.query = function (this: unknown, ...a: unknown[]) {
      if (!state.active) return original.apply(this, a);
      state.n++;
      // the statement's time from sending to its result (the pool calls some with a callback: not timed)
      const text = typeof a[0] === 'string' ? a[0] : String((a[0] as { text?: string } | undefined)?.text ?? '');
      const t0 = performance.now();
      const res = original.apply(this, a);
      if (res && typeof (res as Promise<unknown>).then === 'function')
        void (res as Promise<unknown>).then(
          () => state.log.push({ sql: text, ms: performance.now() - t0 }),
          () => {},
        );
      return res;
    } as AnyQuery;
  };
  const client = (store.db as unknown as { $client: Record<string, unknown> }).$client;
  if (store.kind === 'postgres') {
    // every pooled client (the pool also calls connect() with a callback internally)
    wrap(pg.Client.prototype as unknown as { query: AnyQuery });
  } else {
    const transaction = client.transaction as (fn: (tx: { query: AnyQuery }) => Promise<unknown>) => Promise<unknown>;
    client.transaction = function (this: unknown, fn: (tx: { query: AnyQuery }) => Promise<unknown>) {
      return transaction.call(this, (tx) => {
        wrap(tx);
        return fn(tx);
      });
    };
  }
  return state;
}

function fail(msg: string): never {
  throw new Error(`DATA CHECK FAILED: ${msg}`);
}

// ───────────────────────────── the baselines ─────────────────────────────

/** Every cell of the exported sheet as a string: the two header rows, then one row per item. */
function exportGrid(table: Awaited<ReturnType<typeof loadProgressTable>>): string[][] {
  const cols = physicalColumns(table.table, table.layout);
  const header = [cols.map((c) => (c.year && !c.groupStart ? '' : c.title)), cols.map((c) => c.year?.short ?? '')];
  return [...header, ...table.table.rows.map((row) => cols.map((c) => cellText(row, c)))];
}

/** Bare exceljs: one sheet, the same strings, no styles, merges, widths or summary sheet. */
async function bareWrite(grid: string[][], level?: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('実施状況');
  for (const row of grid) ws.addRow(row);
  const buf = level === undefined ? await wb.xlsx.writeBuffer() : await wb.xlsx.writeBuffer({ zip: { compression: 'DEFLATE', compressionOptions: { level } } } as never);
  return Buffer.from(buf);
}

/** Bare exceljs: load the buffer and read every cell's value (all sheets). Returns the number of non-empty cells. */
async function bareLoad(buf: Buffer): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  let cells = 0;
  for (const ws of wb.worksheets)
    ws.eachRow({ includeEmpty: true }, (row) => {
      row.eachCell({ includeEmpty: true }, (c) => {
        const v = c.value;
        if (v !== null && v !== undefined && v !== '') cells++;
      });
    });
  return cells;
}

/**
 * The floor for any import: the data rows the import stores (plan_nodes, node_departments,
 * node_schedules, rounds, reports) copied from an imported plan into another plan in SQL, a
 * statement per table: no file, no JSON, no application code, no history rows (node_changes,
 * audit, report events). Rolled back, so it can be repeated into the same empty plan. (One
 * statement with a CTE per table was slower, 0.6–0.8 s against 0.4 s on PostgreSQL.)
 * Returns the statements' time in ms and the rows they wrote.
 */
async function bareCopy(store: Store, municipalityId: string, fromPlan: string, toPlan: string): Promise<{ ms: number; rows: number }> {
  const m = municipalityId;
  let out = { ms: 0, rows: 0 };
  const rollback = new Error('rollback');
  const statements = [
    s.sql`create temp table nm on commit drop as select id as old, gen_random_uuid() as new from plan_nodes where municipality_id = ${m}::uuid and plan_id = ${fromPlan}::uuid`,
    s.sql`create temp table rm on commit drop as select id as old, gen_random_uuid() as new from rounds where municipality_id = ${m}::uuid and plan_id = ${fromPlan}::uuid`,
    s.sql`insert into plan_nodes (municipality_id, id, plan_id, parent_id, depth, sort_order, number, title, description, priority, is_action, effective_from)
          select p.municipality_id, a.new, ${toPlan}::uuid, b.new, p.depth, p.sort_order, p.number, p.title, p.description, p.priority, p.is_action, p.effective_from
          from plan_nodes p join nm a on a.old = p.id left join nm b on b.old = p.parent_id
          where p.municipality_id = ${m}::uuid order by p.depth`,
    s.sql`insert into node_departments (municipality_id, node_id, department_id, is_lead, sort_order)
          select x.municipality_id, a.new, x.department_id, x.is_lead, x.sort_order
          from node_departments x join nm a on a.old = x.node_id where x.municipality_id = ${m}::uuid`,
    s.sql`insert into node_schedules (municipality_id, node_id, fiscal_year, phase)
          select x.municipality_id, a.new, x.fiscal_year, x.phase
          from node_schedules x join nm a on a.old = x.node_id where x.municipality_id = ${m}::uuid`,
    s.sql`insert into rounds (municipality_id, id, plan_id, label, as_of_date, target_fiscal_year, deadline, state, fields, previous_round_id, closed_at)
          select x.municipality_id, a.new, ${toPlan}::uuid, x.label, x.as_of_date, x.target_fiscal_year, x.deadline, x.state, x.fields, b.new, x.closed_at
          from rounds x join rm a on a.old = x.id left join rm b on b.old = x.previous_round_id where x.municipality_id = ${m}::uuid
          order by x.as_of_date`,
    s.sql`insert into reports (municipality_id, round_id, node_id, state, status_code, achievement_code, narrative, issues, next_plan,
                               effect_revenue_yen, effect_expense_yen, effect_kind, hours_saved_tenths, numbers, updated_by)
          select x.municipality_id, a.new, b.new, x.state, x.status_code, x.achievement_code, x.narrative, x.issues, x.next_plan,
                 x.effect_revenue_yen, x.effect_expense_yen, x.effect_kind, x.hours_saved_tenths, x.numbers, x.updated_by
          from reports x join rm a on a.old = x.round_id join nm b on b.old = x.node_id where x.municipality_id = ${m}::uuid`,
    s.sql`select (select count(*) from plan_nodes where municipality_id = ${m}::uuid and plan_id = ${toPlan}::uuid)
               + (select count(*) from node_departments d join nm a on a.new = d.node_id where d.municipality_id = ${m}::uuid)
               + (select count(*) from node_schedules d join nm a on a.new = d.node_id where d.municipality_id = ${m}::uuid)
               + (select count(*) from rounds where municipality_id = ${m}::uuid and plan_id = ${toPlan}::uuid)
               + (select count(*) from reports d join rm a on a.new = d.round_id where d.municipality_id = ${m}::uuid) as rows`,
  ];
  try {
    await store.db.transaction(async (tx) => {
      const t0 = performance.now();
      let res: unknown;
      // the last statement counts the rows afterwards: not timed
      for (const q of statements.slice(0, -1)) await tx.execute(q);
      const ms = performance.now() - t0;
      res = await tx.execute(statements[statements.length - 1]!);
      out = { ms, rows: Number((res as { rows: { rows: number | string }[] }).rows[0]?.rows ?? 0) };
      throw rollback;
    });
  } catch (e) {
    if (e !== rollback) throw e;
  }
  return out;
}

// ───────────────────────────── running a backend ─────────────────────────────

interface ImportRun {
  /** commitImport(…, { bulk: false }) (BENCH_PER_NODE=1), not counted in the total */
  perNode: boolean;
  commitMs: number;
  /** from the commit's progress reports: ms spent on groups, items, and each round */
  /** rounds: all status years together (importClosedRounds writes them in one pass and reports each afterwards) */
  phases: { groups: number; items: number; rounds: number; roundCount: number; rest: number };
  /** SQL statements the commit's transaction ran (BEGIN/COMMIT included on PostgreSQL) */
  statements: number;
  /** the slowest statements of the commit (send → result) */
  slowest: { sql: string; ms: number }[];
  itemsCreated: number;
  groupsCreated: number;
  rounds: number;
  reports: number;
  actionsInDb: number;
}

interface Result {
  backend: string;
  version: string;
  seed: Seeded;
  xlsxBytes: number;
  bareBytes: number;
  rows: number;
  cols: number;
  exportHttp: Stats;
  exportLoad: Stats;
  exportWrite: Stats;
  bareWrite: Stats;
  bareWrite1: Stats;
  /** null with BENCH_ONLY=export */
  parse: Stats | null;
  /** bareCopy: the imported data rows written by one statement (no file, no application code) */
  floor: Stats | null;
  floorRows: number;
  mapping: Stats | null;
  dryRun: Stats | null;
  bareLoad: Stats | null;
  bareCells: number;
  dryRunSummary: string;
  commits: ImportRun[];
}

async function runBackend(label: string, store: Store): Promise<Result> {
  const [ver] = await store.rawQuery<{ v: string }>('select current_setting($1) as v', ['server_version']);
  const seeded = await seed(store);
  try {
    if (seeded.nodes !== EXPECTED_NODES || seeded.actions !== EXPECTED_ACTIONS) fail(`seeded ${seeded.nodes} nodes / ${seeded.actions} actions`);
    if (seeded.reports !== EXPECTED_ACTIONS * YEARS) fail(`seeded ${seeded.reports} reports`);
    const app = createApp({ store });
    const scope: TenantScope = { db: store.db, municipalityId: seeded.municipalityId };
    const url = `/api/m/${seeded.code}/rounds/${seeded.roundId}/exports/progress.xlsx`;

    const download = async (): Promise<Buffer> => {
      const res = await app.request(url);
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}: ${body.toString('utf8').slice(0, 500)}`);
      return body;
    };

    // ── export ──
    const xlsx = await download();
    if (OUT) fs.writeFileSync(OUT, xlsx);
    const loaded = await loadProgressTable(scope, seeded.roundId, 'accepted', () => true);
    if (loaded.table.rows.length !== EXPECTED_ACTIONS) fail(`progress table has ${loaded.table.rows.length} rows, expected ${EXPECTED_ACTIONS}`);
    if (loaded.table.scheduleYears.length !== YEARS || loaded.table.statusYears.length !== YEARS)
      fail(`progress table has ${loaded.table.scheduleYears.length} schedule / ${loaded.table.statusYears.length} status years`);
    const grid = exportGrid(loaded);
    const bare = await bareWrite(grid);
    const summary = loaded.layout.summarySheet ? loaded.summary : null;
    const [exportHttp, exportLoad, exportWrite, bareW, bareW1] = await measureInterleaved([
      download,
      () => loadProgressTable(scope, seeded.roundId, 'accepted', () => true),
      () => writeProgressXlsx(loaded.table, loaded.layout, summary),
      () => bareWrite(grid),
      () => bareWrite(grid, 1),
    ] as const);
    const exported = {
      backend: label,
      version: ver?.v ?? '?',
      seed: seeded,
      xlsxBytes: xlsx.byteLength,
      bareBytes: bare.byteLength,
      rows: grid.length,
      cols: grid[0]!.length,
      exportHttp,
      exportLoad,
      exportWrite,
      bareWrite: bareW,
      bareWrite1: bareW1,
    };
    if (EXPORT_ONLY) return { ...exported, floor: null, floorRows: 0, parse: null, mapping: null, dryRun: null, bareLoad: null, bareCells: 0, dryRunSummary: '', commits: [] };

    // ── import: parse → mapping → dry run (nothing written), against a bare load ──
    const target0 = await emptyPlan(store, seeded.municipalityId, 0);
    let upload!: ParsedUpload;
    let mapping!: ImportMapping;
    const parse = async () => {
      upload = await parseUploadFile(new Uint8Array(xlsx), `${fiscalYearLabel(FY_LAST)}実績_実施状況.xlsx`);
    };
    /** what POST /imports/uploads does after parsing, without its dry run: context, sheet and header, proposal */
    const propose = async (planId: string) => {
      const ctx = await loadImportContext(scope, planId);
      const prepared = prepareTable(upload, {});
      if (!prepared.ok) fail(`prepareTable: ${prepared.issues.map((i) => i.message).join(' / ')}`);
      const vocab = buildVocab({ legend: ctx.legend, phases: ctx.plan.phases, departmentNames: ctx.departments.map((d) => d.name) });
      mapping = proposeMapping({ kind: upload.kind, sheet: prepared.sheet, header: prepared.header, legend: ctx.legend, phases: ctx.plan.phases, vocab });
    };
    /** what POST /imports/uploads/:id/dry-run does: context, sheet and header again, build, present */
    const dryRun = async (planId: string) => {
      const ctx = await loadImportContext(scope, planId);
      const prepared = prepareTable(upload, { sheet: mapping.sheet, headerRows: mapping.headerRows });
      if (!prepared.ok) fail(`prepareTable: ${prepared.issues.map((i) => i.message).join(' / ')}`);
      const plan = buildImport({ kind: upload.kind, sheet: prepared.sheet, header: prepared.header, mapping, ctx });
      return { plan, dto: presentDryRun(plan, ctx) };
    };

    await parse();
    await propose(target0);
    const first = await dryRun(target0);
    const errors = first.plan.issues.filter((i) => i.severity === 'error');
    const roles = mapping.columns.map((c) => c.role.kind + ('fiscalYear' in c.role && c.role.fiscalYear !== null ? String(c.role.fiscalYear) : '')).join(' ');
    if (!first.plan.ok || errors.length)
      fail(`the dry run of the exported file has ${errors.length} errors (roles: ${roles}): ${errors.slice(0, 5).map((i) => `${i.row ?? '-'}:${i.column ?? '-'} ${i.message}`).join(' / ')}`);
    if (first.plan.items.length !== EXPECTED_ACTIONS) fail(`the dry run plans ${first.plan.items.length} items, expected ${EXPECTED_ACTIONS} (roles: ${roles})`);
    const plannedRounds = first.plan.rounds.filter((r) => r.action === 'create');
    if (plannedRounds.length !== YEARS) fail(`the dry run plans ${plannedRounds.length} rounds, expected ${YEARS} (roles: ${roles})`);
    const warningList = first.plan.issues.filter((i) => i.severity !== 'error');
    const warnings = `${warningList.length}${warningList.length ? ` (${warningList.slice(0, 3).map((i) => i.message).join(' / ')})` : ''}`;
    const dryRunSummary =
      `roles: ${roles}\n  dry run: ${first.plan.items.length} items, ${first.plan.groups.length} groups, ` +
      `${plannedRounds.length} rounds (${plannedRounds.reduce((n, r) => n + r.answers.length, 0)} answers), 0 errors, warnings: ${warnings}`;

    const bareCells = await bareLoad(xlsx);
    const [parseS, mappingS, dryRunS, bareL] = await measureInterleaved([parse, () => propose(target0), () => dryRun(target0), () => bareLoad(xlsx)] as const);

    // ── import: commit, each into a fresh empty plan ──
    const commits: ImportRun[] = [];
    const counter = statementCounter(store);
    for (let k = 0; k < COMMIT_N + (PER_NODE ? 1 : 0); k++) {
      const perNode = k === COMMIT_N;
      const planId = k === 0 ? target0 : await emptyPlan(store, seeded.municipalityId, k);
      // the commit's progress reports (every 10 steps, and after each round) date its phases
      const marks: { at: number; message: string }[] = [];
      const report = async (_done: number, _total: number, message = '') => void marks.push({ at: performance.now(), message });
      counter.n = 0;
      counter.log = [];
      counter.active = true;
      const t0 = performance.now();
      const res = await store.db.transaction((tx) => {
        const ctx: CommandContext = { db: tx, municipalityId: seeded.municipalityId, actor: ACTOR, ip: '127.0.0.1' };
        return perNode ? commitImport(ctx, { planId, upload, mapping }, report, { bulk: false }) : commitImport(ctx, { planId, upload, mapping }, report);
      });
      const commitMs = performance.now() - t0;
      counter.active = false;
      const statements = counter.n;
      // named by the tables they write (several for one statement with data-modifying CTEs), else by their start
      const name = (q: string) => {
        const into = [...q.matchAll(/insert into "?(\w+)"?/gi)].map((x) => x[1]);
        return into.length ? `insert ${into.join(' + ')}` : q.replace(/\s+/g, ' ').trim().slice(0, 50);
      };
      const slowest = [...counter.log].sort((a, b) => b.ms - a.ms).slice(0, 4).map((x) => ({ sql: name(x.sql), ms: x.ms }));
      const lastOf = (re: RegExp) => marks.filter((x) => re.test(x.message)).pop()?.at;
      const started = marks[0]?.at ?? t0;
      // the bulk path reports once per phase, the per-node path every 10 nodes; items say 項目…, rounds 照会「…」,
      // departments 組織「…」, everything else is a group (基本方針など112件を作成しました, 「…」を作成しました)
      const groupsEnd = lastOf(/^(?!項目|照会「|組織「|取込みを始めます)/) ?? started;
      const itemsEnd = lastOf(/^項目/) ?? groupsEnd;
      const roundMarks = marks.filter((x) => /^照会「/.test(x.message)).map((x) => x.at);
      const phases = {
        groups: groupsEnd - started,
        items: itemsEnd - groupsEnd,
        rounds: (roundMarks[roundMarks.length - 1] ?? itemsEnd) - itemsEnd,
        roundCount: roundMarks.length,
        rest: commitMs - ((roundMarks[roundMarks.length - 1] ?? itemsEnd) - started),
      };
      const m = seeded.municipalityId;
      const [actions] = await store.db
        .select({ n: count() })
        .from(s.planNodes)
        .where(and(eq(s.planNodes.municipalityId, m), eq(s.planNodes.planId, planId), eq(s.planNodes.isAction, true)));
      const [reports] = await store.rawQuery<{ n: number }>(
        'select count(*)::int as n from reports r join rounds o on o.municipality_id = r.municipality_id and o.id = r.round_id where r.municipality_id = $1 and o.plan_id = $2',
        [m, planId],
      );
      const run: ImportRun = {
        perNode,
        commitMs,
        phases,
        statements,
        slowest,
        itemsCreated: res.itemsCreated,
        groupsCreated: res.groupsCreated,
        rounds: res.rounds.length,
        reports: reports?.n ?? 0,
        actionsInDb: Number(actions?.n ?? 0),
      };
      if (run.itemsCreated !== EXPECTED_ACTIONS || run.actionsInDb !== EXPECTED_ACTIONS) fail(`the import created ${run.itemsCreated} items (${run.actionsInDb} in the plan), expected ${EXPECTED_ACTIONS}`);
      if (run.groupsCreated !== EXPECTED_NODES - EXPECTED_ACTIONS) fail(`the import created ${run.groupsCreated} groups, expected ${EXPECTED_NODES - EXPECTED_ACTIONS}`);
      if (run.rounds !== YEARS || run.reports !== EXPECTED_ACTIONS * YEARS) fail(`the import created ${run.rounds} rounds with ${run.reports} reports, expected ${YEARS} with ${EXPECTED_ACTIONS * YEARS}`);
      commits.push(run);
    }

    // ── the floor: the same data rows written by one SQL statement, nothing else ──
    const floorPlan = await emptyPlan(store, seeded.municipalityId, COMMIT_N + 1);
    let floorRows = 0;
    const floorTimes: number[] = [];
    for (let i = 0; i < WARMUP + N; i++) {
      const c = await bareCopy(store, seeded.municipalityId, target0, floorPlan);
      floorRows = c.rows;
      if (i >= WARMUP) floorTimes.push(c.ms);
    }
    const expectedRows = commits[0] ? commits[0].reports + EXPECTED_NODES + YEARS : 0;
    if (floorRows < expectedRows) fail(`the bare copy wrote ${floorRows} rows, expected at least ${expectedRows}`);

    return {
      ...exported,
      floor: stats(floorTimes),
      floorRows,
      parse: parseS,
      mapping: mappingS,
      dryRun: dryRunS,
      bareLoad: bareL,
      bareCells,
      dryRunSummary,
      commits,
    };
  } finally {
    if (!KEEP) await cleanup(store, seeded.municipalityId);
  }
}

// ───────────────────────────── printing ─────────────────────────────

const f = (x: number) => x.toFixed(0).padStart(9);
const kb = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
const x2 = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

const defaultCommits = (r: Result) => r.commits.filter((c) => !c.perNode);

type Imported = Result & { parse: Stats; mapping: Stats; dryRun: Stats; bareLoad: Stats; floor: Stats };
const imported = (r: Result): r is Imported => r.parse !== null && r.mapping !== null && r.dryRun !== null && r.bareLoad !== null && r.floor !== null;

function importTotal(r: Imported): number {
  return r.parse.p50 + r.mapping.p50 + r.dryRun.p50 + stats(defaultCommits(r).map((c) => c.commitMs)).p50;
}

function printResult(r: Result): void {
  const line = '─'.repeat(100);
  console.log(`\n${line}\n${r.backend}\nserver ${r.version} — plan of ${r.seed.nodes.toLocaleString('en')} nodes, ${r.seed.actions.toLocaleString('en')} action items, ${YEARS} closed rounds, ${r.seed.reports.toLocaleString('en')} accepted reports`);
  console.log(`municipality ${r.seed.code}, seeded in ${(r.seed.seedMs / 1000).toFixed(1)} s (not measured); N=${N} interleaved calls after ${WARMUP} warm-up each; ${r.commits.length} commit(s)`);
  console.log(`sheet: ${r.rows.toLocaleString('en')} rows × ${r.cols} columns (2 header rows + items); progress.xlsx ${kb(r.xlsxBytes)}, bare ${kb(r.bareBytes)}`);
  console.log(line);
  console.log(`${'case'.padEnd(68)}${'p50 ms'.padStart(9)}${'max ms'.padStart(9)}   vs bare p50`);
  const row = (name: string, st: Stats, base?: Stats) => console.log(`${name.padEnd(68)}${f(st.p50)}${f(st.max)}   ${base ? x2(st.p50, base.p50).padStart(7) : ''}`);
  console.log('1. Export');
  row('  GET …/exports/progress.xlsx (app.request, whole body)', r.exportHttp, r.bareWrite);
  row('    loadProgressTable (SQL + buildProgressTable)', r.exportLoad);
  row('    writeProgressXlsx (styles, merges, 集計 sheet, level 1)', r.exportWrite, r.bareWrite);
  row('  baseline: bare exceljs, same strings, writeBuffer()', r.bareWrite);
  row('  (bare exceljs, writeBuffer at deflate level 1, for reference)', r.bareWrite1);
  if (!imported(r)) return;
  console.log('2. Import (module functions, as the routes call them)');
  row('  parse: parseUploadFile (JSZip + exceljs load + cell texts)', r.parse, r.bareLoad);
  row('  mapping: loadImportContext + prepareTable + proposeMapping', r.mapping);
  row('  dry run: loadImportContext + prepareTable + buildImport + present', r.dryRun);
  const commit = stats(defaultCommits(r).map((c) => c.commitMs));
  row(`  commit: commitImport in one transaction (n=${commit.n})`, commit);
  const perNode = r.commits.find((c) => c.perNode);
  if (perNode) row('  (commitImport { bulk: false }: createNode per node, not in the total)', stats([perNode.commitMs]));
  const total = importTotal(r);
  console.log(`${'  total (sum of the p50s)'.padEnd(68)}${f(total)}${''.padStart(9)}   ${x2(total, r.bareLoad.p50).padStart(7)}`);
  row(`  baseline: bare exceljs load + read every cell (${r.bareCells.toLocaleString('en')} non-empty)`, r.bareLoad);
  row(`  floor: the same ${r.floorRows.toLocaleString('en')} data rows copied in SQL, a statement per table (rolled back)`, r.floor);
  console.log(`  ${r.dryRunSummary}`);
  for (const c of r.commits) {
    const p = c.phases;
    console.log(
      `  ${c.perNode ? 'per-node commit' : 'commit'}: ${c.itemsCreated} items + ${c.groupsCreated} groups created, ${c.rounds} rounds with ${c.reports.toLocaleString('en')} reports; ` +
        `${c.statements.toLocaleString('en')} SQL statements (${(c.commitMs / c.statements).toFixed(2)} ms each on average)`,
    );
    console.log(
      `    phases (from its progress reports): groups ${p.groups.toFixed(0)} ms, items ${p.items.toFixed(0)} ms, ` +
        `${p.roundCount} rounds together ${p.rounds.toFixed(0)} ms, lock + context + build + audit + COMMIT ${p.rest.toFixed(0)} ms`,
    );
    console.log(`    slowest statements: ${c.slowest.map((x) => `${x.ms.toFixed(0)} ms ${x.sql}`).join(' | ')}`);
  }
}

function goalLines(r: Result): string[] {
  const out: string[] = [];
  const check = (what: string, ms: number, base: number) => {
    const ratio = ms / base;
    const met = ratio <= GOAL_RATIO && ms < GOAL_MS;
    out.push(`${met ? 'MET    ' : 'NOT MET'}  ${r.backend.split(' ')[0]} ${what}: ${ms.toFixed(0)} ms = ${ratio.toFixed(2)}× bare exceljs (${base.toFixed(0)} ms)`);
  };
  check('export (GET progress.xlsx p50)', r.exportHttp.p50, r.bareWrite.p50);
  if (!imported(r)) return out;
  check('import (parse + mapping + dry run + commit)', importTotal(r), r.bareLoad.p50);
  // for reference, not part of the verdict: the same work as the bare read (reading and checking the
  // file, writing nothing), so the ratio shows what the database write adds
  const read = r.parse.p50 + r.mapping.p50 + r.dryRun.p50;
  out.push(`(reference) ${r.backend.split(' ')[0]} import without the commit (parse + mapping + dry run): ${read.toFixed(0)} ms = ${(read / r.bareLoad.p50).toFixed(2)}× bare exceljs`);
  // the least any import can take: reading the file (bare exceljs) and writing its rows (bare SQL)
  const floor = r.bareLoad.p50 + r.floor.p50;
  out.push(`(floor) ${r.backend.split(' ')[0]} bare exceljs read + the same data rows copied in SQL: ${floor.toFixed(0)} ms = ${(floor / r.bareLoad.p50).toFixed(2)}× bare exceljs`);
  return out;
}

function printGoal(results: Result[]): void {
  console.log(`\nGoal: 2,000 items × ${YEARS}+${YEARS} years, export and import each within ${GOAL_RATIO}× of bare exceljs, and under ${GOAL_MS / 1000} s either way`);
  const lines = results.flatMap(goalLines);
  for (const l of lines) console.log(`  ${l}`);
  const verdicts = lines.filter((l) => !l.startsWith('('));
  console.log(verdicts.every((l) => l.startsWith('MET')) ? 'GOAL MET.' : 'GOAL NOT MET.');
}

// ───────────────────────────── PostgreSQL ─────────────────────────────

const loadavg = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');

// ───────────────────────────── main ─────────────────────────────

async function main(): Promise<void> {
  const results: Result[] = [];
  let throwaway: { url: string; dir: string } | undefined;
  const stop = () => {
    if (throwaway) stopThrowaway(throwaway.dir);
    throwaway = undefined;
  };
  process.once('SIGINT', () => {
    stop();
    process.exit(130);
  });
  // an error thrown inside a driver callback ends the process without the finally below
  process.once('exit', stop);
  try {
    console.log(`import-export benchmark — Node ${process.version}, exceljs 4.4.0, N=${N}, warm-up ${WARMUP}, commits ${COMMIT_N}; load average ${loadavg()}`);
    if (BACKENDS.includes('pglite')) {
      const store = await openStore({ dataDir: 'memory://' });
      try {
        const r = await runBackend('PGlite (memory://)', store);
        printResult(r);
        results.push(r);
      } finally {
        await store.close();
      }
    }
    if (BACKENDS.includes('postgres')) {
      let url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
      let how = process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'DATABASE_URL';
      if (!url) {
        try {
          throwaway = startThrowaway();
          url = throwaway.url;
          how = 'throwaway, scripts/pg-throwaway.sh';
        } catch (e) {
          console.log(`\nPostgreSQL skipped: ${(e as Error).message}`);
        }
      }
      if (url) {
        const store = await openStore({ databaseUrl: url });
        try {
          const r = await runBackend(`PostgreSQL (${how}: ${redact(url)})`, store);
          printResult(r);
          results.push(r);
        } finally {
          await store.close();
        }
      }
    }
    printGoal(results);
    console.log(`(load average at the end: ${loadavg()} on ${os.availableParallelism()} CPUs)`);
  } finally {
    stop();
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  });
}
