/**
 * Benchmark: plan tree and roadmap of 1,000 action items, through the full HTTP
 * stack (Hono app.request, no socket), against one hand-written SQL query that
 * fetches the same data.
 *
 *   npx tsx bench/plan-tree.ts          (or: npm run bench)
 *
 * Environment:
 *   BENCH_DATABASE_URL / DATABASE_URL   PostgreSQL to use; if neither is set a throwaway
 *                                       server is started with scripts/pg-throwaway.sh
 *   BENCH_N=50                          measured requests per case
 *   BENCH_WARMUP=5                      warm-up requests per case
 *   BENCH_PROFILE=0                     skip the "where the time goes" breakdown (on by default)
 *   BENCH_BACKENDS=pglite,postgres      which backends to run
 *   BENCH_KEEP=1                        keep the benchmark municipality's rows afterwards
 *
 * Data creation is not measured. The script prints figures and only fails on a
 * broken run or wrong data (roadmap total !== 1000 …), never on timings.
 */
import { batched, positiveInt, redact, rng, startThrowaway, stopThrowaway, TITLE_VERBS, TITLE_WORDS, uniqueMunicipalityCode } from './support.js';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app.js';
import { openStore, type Store } from '../src/db/client.js';
import * as s from '../src/db/schema.js';
import { PREFECTURES } from '../src/modules/municipalities/domain/localGovCode.js';
import type { NodeSnapshot } from '../src/modules/plans/domain/node.js';
import { DEFAULT_PHASES } from '../src/modules/plans/domain/plan.js';
import { getRoadmap, getTree } from '../src/modules/plans/queries/plans.js';
import type { PlanTreeDto, RoadmapDto, TreeNodeDto } from '../src/shared/api-types.js';
import type { TenantScope } from '../src/shared/context.js';

const N = positiveInt(process.env.BENCH_N, 50);
const WARMUP = positiveInt(process.env.BENCH_WARMUP, 5, true);
const PROFILE = process.env.BENCH_PROFILE !== '0';
const KEEP = process.env.BENCH_KEEP === '1';
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',').map((x) => x.trim());

const GOAL_MS = 50;
const GOAL_RATIO = 2;
const FY_FIRST = 2026;
const FY_LAST = 2030;
const LEVEL_NAMES = ['基本方針', '重点項目', '施策', '実施項目'];
/** 2 基本方針 × 5 重点項目 × 10 施策, each 施策 with 10 実施項目 = 1,000 action items */
const SHAPE = [2, 5, 10, 10] as const;
const EXPECTED_ACTIONS = SHAPE[0] * SHAPE[1] * SHAPE[2] * SHAPE[3];
const EXPECTED_NODES = SHAPE[0] + SHAPE[0] * SHAPE[1] + SHAPE[0] * SHAPE[1] * SHAPE[2] + EXPECTED_ACTIONS;


// ───────────────────────────── data ─────────────────────────────


const DEPT_NAMES = [
  '総務課', '人事課', '財政課', '企画課', '情報政策課', 'DX推進室', '税務課', '収納課', '市民課', '保険年金課',
  '福祉総務課', '障害福祉課', '高齢福祉課', '子育て支援課', '健康増進課', '環境政策課', '廃棄物対策課', '産業振興課', '観光課', '農林課',
  '都市計画課', '建築指導課', '道路課', '下水道課', '会計課', '学校教育課', '生涯学習課', '文化スポーツ課', '危機管理課', '契約管財課',
];
const TAGS = [
  { name: '全庁横断的な取組', category: '区分' },
  { name: '歳出の見直し', category: '視点' },
  { name: '歳入の確保', category: '視点' },
  { name: '行政サービスのデジタル化', category: '視点' },
  { name: '公共施設の適正配置', category: '視点' },
];



interface Seeded {
  municipalityId: string;
  code: string;
  planId: string;
  nodes: number;
  actions: number;
  seedMs: number;
}

async function seed(store: Store): Promise<Seeded> {
  const t0 = performance.now();
  // the code is random per run (shared databases), the data shape is fixed
  const code = await uniqueMunicipalityCode(store, rng(Date.now() ^ process.pid));
  const r = rng(20260401);
  const municipalityId = randomUUID();
  const planId = randomUUID();
  const prefecture = PREFECTURES[Number(code.slice(0, 2)) - 1]!;
  const recordedBy = 'bench:ベンチマーク';
  const effectiveFrom = `${FY_FIRST}-04-01`;

  await store.db.transaction(async (tx) => {
    await tx.insert(s.municipalities).values({ id: municipalityId, code, name: `ベンチ市${code}`, prefecture });
    const deptIds = DEPT_NAMES.map(() => randomUUID());
    await tx.insert(s.departments).values(DEPT_NAMES.map((name, i) => ({ municipalityId, id: deptIds[i]!, name, kind: name.endsWith('室') ? '室' : '課', sortOrder: i })));
    const tagIds = TAGS.map(() => randomUUID());
    await tx.insert(s.tags).values(TAGS.map((t, i) => ({ municipalityId, id: tagIds[i]!, name: t.name, category: t.category, sortOrder: i })));
    await tx.insert(s.plans).values({
      municipalityId,
      id: planId,
      kind: '行政改革大綱',
      title: `第7次行政改革大綱（ベンチマーク ${code}）`,
      firstFiscalYear: FY_FIRST,
      lastFiscalYear: FY_LAST,
      stage: '決定',
      philosophy: '持続可能な行財政運営と市民サービスの向上',
      levelNames: LEVEL_NAMES,
      phases: DEFAULT_PHASES,
    });
    await tx.insert(s.planStages).values({ municipalityId, planId, stage: '決定', date: `${FY_FIRST}-03-25`, note: '' });

    const nodes: (typeof s.planNodes.$inferInsert)[] = [];
    const depts: (typeof s.nodeDepartments.$inferInsert)[] = [];
    const scheds: (typeof s.nodeSchedules.$inferInsert)[] = [];
    const nodeTags: (typeof s.nodeTags.$inferInsert)[] = [];
    const changes: (typeof s.nodeChanges.$inferInsert)[] = [];
    let actionNo = 0;

    const addNode = (parentId: string | null, depth: number, sortOrder: number, number: string, title: string): string => {
      const id = randomUUID();
      const isAction = depth === LEVEL_NAMES.length - 1;
      const description = isAction ? `${title}について、現状の課題を整理し、費用対効果を検証したうえで段階的に取り組む。対象業務の棚卸しと関係課との調整を行う。` : '';
      const priority = isAction && r.next() < 0.1;
      const nodeDepts: NodeSnapshot['departments'] = [];
      const nodeTagIds: string[] = [];
      const schedule: Record<string, string> = {};
      if (isAction) {
        // 1–3 departments, the first is the lead
        const chosen = new Set<string>();
        const k = r.int(1, 3);
        while (chosen.size < k) chosen.add(r.pick(deptIds));
        [...chosen].forEach((deptId, i) => nodeDepts.push({ id: deptId, lead: i === 0 }));
        if (r.next() < 0.6) nodeTagIds.push(r.pick(tagIds));
        // every fiscal year scheduled: 検討 until the start year, 実施 in it, 継続 after
        const start = r.int(0, 2);
        for (let fy = FY_FIRST; fy <= FY_LAST; fy++) {
          const i = fy - FY_FIRST;
          schedule[String(fy)] = i < start ? 'kento' : i === start ? 'jisshi' : 'keizoku';
        }
      }
      nodes.push({ municipalityId, id, planId, parentId, depth, sortOrder, number, title, description, priority, isAction, effectiveFrom });
      nodeDepts.forEach((d, i) => depts.push({ municipalityId, nodeId: id, departmentId: d.id, isLead: d.lead, sortOrder: i }));
      for (const [fy, phase] of Object.entries(schedule)) scheds.push({ municipalityId, nodeId: id, fiscalYear: Number(fy), phase });
      for (const tagId of nodeTagIds) nodeTags.push({ municipalityId, nodeId: id, tagId });
      const snapshot: NodeSnapshot = {
        parentId,
        depth,
        sortOrder,
        number,
        title,
        description,
        priority,
        isAction,
        status: 'active',
        mergedIntoId: null,
        departments: nodeDepts,
        tagIds: nodeTagIds,
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

    // parents come before children in `nodes`, so batches respect the parent foreign key
    await batched(nodes, (c) => tx.insert(s.planNodes).values(c));
    await batched(depts, (c) => tx.insert(s.nodeDepartments).values(c));
    await batched(scheds, (c) => tx.insert(s.nodeSchedules).values(c));
    await batched(nodeTags, (c) => tx.insert(s.nodeTags).values(c));
    await batched(changes, (c) => tx.insert(s.nodeChanges).values(c));
  });
  // fresh statistics, as a running system would have them
  for (const t of ['plan_nodes', 'node_departments', 'node_schedules', 'node_tags', 'node_changes', 'departments', 'tags']) await store.rawQuery(`analyze ${t}`);

  const [cnt] = await store.rawQuery<{ nodes: number; actions: number }>(
    'select count(*)::int as nodes, (count(*) filter (where is_action))::int as actions from plan_nodes where municipality_id = $1 and plan_id = $2',
    [municipalityId, planId],
  );
  return { municipalityId, code, planId, nodes: cnt?.nodes ?? 0, actions: cnt?.actions ?? 0, seedMs: performance.now() - t0 };
}

async function cleanup(store: Store, municipalityId: string): Promise<void> {
  // children before parents (foreign keys)
  const tables = [s.nodeChanges, s.nodeTags, s.nodeSchedules, s.nodeDepartments, s.planNodes, s.planStages, s.planLinks, s.plans, s.tags, s.departments, s.auditLog];
  await store.db.transaction(async (tx) => {
    for (const table of tables) await tx.delete(table).where(s.sql`${table.municipalityId} = ${municipalityId}`);
    await tx.delete(s.municipalities).where(s.sql`${s.municipalities.id} = ${municipalityId}`);
  });
}

// ───────────────────────────── the baseline query ─────────────────────────────

/**
 * Every node of the plan with its departments (and their names), tags, schedule
 * and marks, in one statement. PostgreSQL 15 SQL.
 */
const RAW_SQL = `
with n as (
  select id, parent_id, depth, sort_order, number, title, description, priority, is_action, status,
         merged_into_id, effective_from, effective_to, version
    from plan_nodes
   where municipality_id = $1 and plan_id = $2
), d as (
  select nd.node_id,
         json_agg(json_build_object('id', nd.department_id, 'name', dp.name, 'lead', nd.is_lead) order by nd.sort_order) as departments
    from node_departments nd
    join n on n.id = nd.node_id
    join departments dp on dp.municipality_id = nd.municipality_id and dp.id = nd.department_id
   where nd.municipality_id = $1
   group by nd.node_id
), t as (
  select nt.node_id, array_agg(nt.tag_id::text order by nt.tag_id) as tag_ids
    from node_tags nt
    join n on n.id = nt.node_id
   where nt.municipality_id = $1
   group by nt.node_id
), sc as (
  select ns.node_id, json_object_agg(ns.fiscal_year, ns.phase order by ns.fiscal_year) as schedule
    from node_schedules ns
    join n on n.id = ns.node_id
   where ns.municipality_id = $1
   group by ns.node_id
), mk as (
  select node_id, array_agg(distinct mark) as marks
    from node_changes
   where municipality_id = $1 and plan_id = $2 and mark <> ''
   group by node_id
)
select n.*,
       coalesce(d.departments, '[]'::json) as departments,
       coalesce(t.tag_ids, '{}'::text[]) as tag_ids,
       coalesce(sc.schedule, '{}'::json) as schedule,
       coalesce(mk.marks, '{}'::text[]) as marks
  from n
  left join d on d.node_id = n.id
  left join t on t.node_id = n.id
  left join sc on sc.node_id = n.id
  left join mk on mk.node_id = n.id
 order by n.depth, n.parent_id, n.sort_order`;

// ───────────────────────────── measuring ─────────────────────────────

interface Stats {
  /** GC pause time per call while measuring (ms), when known */
  gc?: number;
  p50: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
}

function stats(xs: number[]): Stats {
  const a = [...xs].sort((x, y) => x - y);
  const rank = (p: number) => a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))]!;
  return { p50: rank(50), p95: rank(95), mean: a.reduce((x, y) => x + y, 0) / a.length, min: a[0]!, max: a[a.length - 1]! };
}

async function measure(fn: () => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const times: number[] = [];
  await flushGcEntries();
  const gc0 = gc.total;
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  await flushGcEntries();
  return { ...stats(times), gc: (gc.total - gc0) / N };
}

type App = ReturnType<typeof createApp>;

async function getJson<T>(app: App, url: string): Promise<{ body: T; bytes: number }> {
  const res = await app.request(url);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}: ${text.slice(0, 500)}`);
  return { body: JSON.parse(text) as T, bytes: Buffer.byteLength(text) };
}

function fail(msg: string): never {
  throw new Error(`DATA CHECK FAILED: ${msg}`);
}

function verifyTree(tree: PlanTreeDto): void {
  let nodes = 0;
  let actions = 0;
  const visit = (xs: TreeNodeDto[]) => {
    for (const n of xs) {
      nodes++;
      if (n.isAction) {
        actions++;
        if (n.children.length) fail(`action item ${n.id} has children`);
      }
      visit(n.children);
    }
  };
  visit(tree.roots);
  if (actions !== EXPECTED_ACTIONS) fail(`tree has ${actions} action items, expected ${EXPECTED_ACTIONS}`);
  if (nodes !== EXPECTED_NODES) fail(`tree has ${nodes} nodes, expected ${EXPECTED_NODES}`);
  if (tree.plan.actionCount !== EXPECTED_ACTIONS) fail(`tree plan.actionCount is ${tree.plan.actionCount}`);
}

function verifyRoadmap(rm: RoadmapDto): void {
  if (rm.total !== EXPECTED_ACTIONS) fail(`roadmap total is ${rm.total}, expected ${EXPECTED_ACTIONS}`);
  if (rm.rows.length !== EXPECTED_ACTIONS) fail(`roadmap has ${rm.rows.length} rows, expected ${EXPECTED_ACTIONS}`);
  const years = FY_LAST - FY_FIRST + 1;
  for (const row of rm.rows) {
    if (Object.keys(row.schedule).length !== years) fail(`roadmap row ${row.number} has ${Object.keys(row.schedule).length} scheduled years, expected ${years}`);
    if (row.departments.length < 1 || row.departments.length > 3) fail(`roadmap row ${row.number} has ${row.departments.length} departments`);
    if (row.departments.filter((d) => d.lead).length !== 1) fail(`roadmap row ${row.number} does not have exactly one lead department`);
    if (row.path.length !== LEVEL_NAMES.length - 1) fail(`roadmap row ${row.number} has a path of ${row.path.length}`);
  }
}

interface RawRow {
  id: string;
  is_action: boolean;
  departments: { id: string; name: string; lead: boolean }[];
  tag_ids: string[];
  schedule: Record<string, string>;
  marks: string[];
}

function verifyRaw(rows: RawRow[]): void {
  if (rows.length !== EXPECTED_NODES) fail(`raw query returned ${rows.length} rows, expected ${EXPECTED_NODES}`);
  const actions = rows.filter((r) => r.is_action);
  if (actions.length !== EXPECTED_ACTIONS) fail(`raw query returned ${actions.length} action items`);
  if (actions.some((r) => Object.keys(r.schedule).length !== FY_LAST - FY_FIRST + 1)) fail('raw query schedule incomplete');
}

// ───────────────────────────── profiling ─────────────────────────────

/** Milliseconds spent in garbage collection while `fn` runs (PerformanceObserver 'gc'). */
const gc = { total: 0 };
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gc.total += e.duration;
});

/**
 * GC entries reach the observer in a later macrotask; PGlite answers without
 * ever yielding to the event loop, so give the observer a turn before reading.
 */
async function flushGcEntries(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => setImmediate(resolve));
}

interface QueryRecord {
  label: string;
  args: unknown[];
  start: number;
  end: number;
  rows: number;
}

type DriverQuery = (...a: unknown[]) => Promise<{ rows?: unknown[] }>;

/** Records every statement the driver runs (drizzle and rawQuery both call $client.query). */
function instrument(store: Store) {
  const client = (store.db as unknown as { $client: { query: DriverQuery } }).$client;
  const original = client.query;
  let log: QueryRecord[] = [];
  client.query = async function (this: unknown, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string }).text ?? '');
    const start = performance.now();
    const res = await original.apply(this, args as never);
    log.push({ label: labelOf(text), args, start, end: performance.now(), rows: res?.rows?.length ?? 0 });
    return res;
  } as DriverQuery;
  return {
    take(): QueryRecord[] {
      const l = log;
      log = [];
      return l;
    },
    /** the same statement again, alone: server + wire + driver decoding, no drizzle mapping */
    replay: (q: QueryRecord) => original.apply(client, q.args as never),
    restore() {
      client.query = original;
    },
  };
}

/** "table(s)  caller" for a statement drizzle generated */
function labelOf(sqlText: string): string {
  const from = /\bfrom "([a-z_]+)"/.exec(sqlText)?.[1] ?? '?';
  const join = /\bjoin "([a-z_]+)"/.exec(sqlText)?.[1];
  const callers: Record<string, string> = {
    municipalities: 'loadTenant',
    plans: 'findPlan',
    plan_stages: 'getPlan',
    plan_links: 'getPlan',
    plan_nodes: /count\(/.test(sqlText) ? 'getPlan → nodeCounts' : 'planNodeRows',
    departments: 'deptNameMap',
    tags: 'listTags',
    node_changes: 'planNodeRelations (marks)',
    node_departments: 'planNodeRelations',
    node_schedules: 'planNodeRelations',
    node_tags: 'planNodeRelations',
  };
  const what = (join ? `${from} ⋈ ${join}` : from) + (from === 'plan_nodes' && /count\(/.test(sqlText) ? ' count(*)' : '');
  return `${what.padEnd(30)}${callers[from] ?? ''}`;
}

const median = (xs: number[]) => stats(xs).p50;

interface Profile {
  request: Stats;
  direct: Stats;
  stringify: Stats;
  queryWall: Stats;
  isolatedSum: number;
  perQuery: { label: string; offset: number; inRequest: number; alone: number; rows: number }[];
  bytes: number;
}

async function profile(app: App, store: Store, url: string, direct: () => Promise<unknown>): Promise<Profile> {
  const inst = instrument(store);
  try {
    const request: number[] = [];
    const walls: number[] = [];
    const perLabel = new Map<string, { offsets: number[]; durations: number[]; rows: number; sample: QueryRecord }>();
    for (let i = 0; i < WARMUP + N; i++) {
      inst.take();
      const t0 = performance.now();
      const res = await app.request(url);
      await res.text();
      const t1 = performance.now();
      const log = inst.take();
      if (i < WARMUP) continue;
      request.push(t1 - t0);
      walls.push(Math.max(...log.map((q) => q.end)) - Math.min(...log.map((q) => q.start)));
      for (const q of log) {
        const e = perLabel.get(q.label) ?? { offsets: [], durations: [], rows: q.rows, sample: q };
        e.offsets.push(q.start - t0);
        e.durations.push(q.end - q.start);
        perLabel.set(q.label, e);
      }
    }
    // each statement alone, one after another
    const perQuery: Profile['perQuery'] = [];
    for (const [label, e] of perLabel) {
      const alone = await measure(() => inst.replay(e.sample));
      perQuery.push({ label, offset: median(e.offsets), inRequest: median(e.durations), alone: alone.p50, rows: e.rows });
    }
    inst.restore();
    let result: unknown;
    const directStats = await measure(async () => {
      result = await direct();
    });
    let bytes = 0;
    const stringify = await measure(async () => {
      bytes = Buffer.byteLength(JSON.stringify(result));
    });
    return {
      request: stats(request),
      direct: directStats,
      stringify,
      queryWall: stats(walls),
      isolatedSum: perQuery.reduce((a, q) => a + q.alone, 0),
      perQuery: perQuery.sort((a, b) => a.offset - b.offset),
      bytes,
    };
  } finally {
    inst.restore();
  }
}

// ───────────────────────────── running a backend ─────────────────────────────

interface Result {
  backend: string;
  version: string;
  tree: Stats;
  roadmap: Stats;
  raw: Stats;
  treeBytes: number;
  roadmapBytes: number;
  rawRows: number;
  seed: Seeded;
  profiles?: { tree: Profile; roadmap: Profile };
}

async function runBackend(label: string, store: Store): Promise<Result> {
  const [ver] = await store.rawQuery<{ v: string }>('select current_setting($1) as v', ['server_version']);
  const seeded = await seed(store);
  try {
    if (seeded.nodes !== EXPECTED_NODES || seeded.actions !== EXPECTED_ACTIONS) fail(`seeded ${seeded.nodes} nodes / ${seeded.actions} actions`);
    const app = createApp({ store });
    const treeUrl = `/api/m/${seeded.code}/plans/${seeded.planId}/tree`;
    const roadmapUrl = `/api/m/${seeded.code}/plans/${seeded.planId}/roadmap`;
    const rawParams = [seeded.municipalityId, seeded.planId];

    // correctness first (also the first warm-up)
    const tree = await getJson<PlanTreeDto>(app, treeUrl);
    verifyTree(tree.body);
    const roadmap = await getJson<RoadmapDto>(app, roadmapUrl);
    verifyRoadmap(roadmap.body);
    const rawRows = await store.rawQuery<RawRow>(RAW_SQL, rawParams);
    verifyRaw(rawRows);

    const hit = async (url: string) => {
      const res = await app.request(url);
      await res.text();
      if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}`);
    };
    const treeStats = await measure(() => hit(treeUrl));
    const roadmapStats = await measure(() => hit(roadmapUrl));
    const rawStats = await measure(() => store.rawQuery(RAW_SQL, rawParams));

    // and once more after the timed runs: the data must not have changed
    verifyRoadmap((await getJson<RoadmapDto>(app, roadmapUrl)).body);

    const result: Result = {
      backend: label,
      version: ver?.v ?? '?',
      tree: treeStats,
      roadmap: roadmapStats,
      raw: rawStats,
      treeBytes: tree.bytes,
      roadmapBytes: roadmap.bytes,
      rawRows: rawRows.length,
      seed: seeded,
    };
    if (PROFILE) {
      const scope: TenantScope = { db: store.db, municipalityId: seeded.municipalityId };
      result.profiles = {
        tree: await profile(app, store, treeUrl, () => getTree(scope, seeded.planId)),
        roadmap: await profile(app, store, roadmapUrl, () => getRoadmap(scope, seeded.planId)),
      };
    }
    return result;
  } finally {
    if (!KEEP) await cleanup(store, seeded.municipalityId);
  }
}

// ───────────────────────────── printing ─────────────────────────────

const f = (x: number) => x.toFixed(1).padStart(8);
const kb = (b: number) => `${(b / 1024).toFixed(0)} KiB`;

function printResult(r: Result): void {
  const line = '─'.repeat(100);
  console.log(`\n${line}\n${r.backend}\nserver ${r.version} — plan of ${r.seed.nodes.toLocaleString('en')} nodes, ${r.seed.actions.toLocaleString('en')} action items`);
  console.log(`municipality ${r.seed.code}, seeded in ${(r.seed.seedMs / 1000).toFixed(1)} s (not measured); N=${N} sequential calls after ${WARMUP} warm-up calls each`);
  console.log(line);
  console.log(`${'case'.padEnd(34)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'mean ms'.padStart(8)}${'max ms'.padStart(8)}${'GC ms'.padStart(8)}   p95 / raw p95`);
  const row = (name: string, st: Stats, ratio?: number, extra = '') =>
    console.log(`${name.padEnd(34)}${f(st.p50)}${f(st.p95)}${f(st.mean)}${f(st.max)}${f(st.gc ?? NaN)}   ${ratio === undefined ? '       ' : `${ratio.toFixed(2)}×`.padStart(7)}${extra}`);
  row('GET …/tree     (app.request)', r.tree, r.tree.p95 / r.raw.p95, `   ${kb(r.treeBytes)} JSON`);
  row('GET …/roadmap  (app.request)', r.roadmap, r.roadmap.p95 / r.raw.p95, `   ${kb(r.roadmapBytes)} JSON`);
  row('raw SQL, 1 query (store.rawQuery)', r.raw, undefined, `   ${r.rawRows.toLocaleString('en')} rows`);
  console.log('(GC ms = garbage-collection pause time per call, mean)');

  if (r.profiles) {
    for (const [name, p] of Object.entries(r.profiles)) {
      const kv = (k: string, ms: number, note = '') => console.log(`    ${k.padEnd(60)}${f(ms)} ms${note ? `   ${note}` : ''}`);
      console.log(`\n  Where the time goes — GET ${name} (medians; separate run with every SQL statement timed)`);
      kv('whole request: app.request + reading the body', p.request.p50);
      kv(`get${name === 'tree' ? 'Tree' : 'Roadmap'}() called directly: SQL + mapping + assembly`, p.direct.p50, `GC ${(p.direct.gc ?? 0).toFixed(1)} ms per call`);
      kv('JSON.stringify of its result', p.stringify.p50, kb(p.bytes));
      kv(`${p.perQuery.length} SQL statements, first start → last end`, p.queryWall.p50);
      kv('the same statements run alone, one after another, summed', p.isolatedSum, 'server + wire + driver decoding, no drizzle mapping');
      console.log(`      ${'statement'.padEnd(56)}${'starts at'.padStart(10)}${'takes'.padStart(8)}${'alone'.padStart(8)}${'rows'.padStart(7)}`);
      for (const q of p.perQuery)
        console.log(`      ${q.label.padEnd(56)}${`+${q.offset.toFixed(1)}`.padStart(10)}${f(q.inRequest)}${f(q.alone)}${String(q.rows).padStart(7)}`);
    }
  }
}

function printGoal(results: Result[]): void {
  const goal = `tree + roadmap of 1,000 items under ${GOAL_MS} ms p95 on PostgreSQL, within ${GOAL_RATIO}× of the raw query`;
  const pg = results.find((r) => r.backend.startsWith('PostgreSQL'));
  console.log('');
  if (!pg) {
    console.log(`GOAL NOT EVALUATED: ${goal} — PostgreSQL was not run.`);
    return;
  }
  const misses: string[] = [];
  for (const [name, st] of [['tree', pg.tree], ['roadmap', pg.roadmap]] as const) {
    if (st.p95 >= GOAL_MS) misses.push(`${name} p95 ${st.p95.toFixed(1)} ms ≥ ${GOAL_MS} ms`);
    const ratio = st.p95 / pg.raw.p95;
    if (ratio > GOAL_RATIO) misses.push(`${name} p95 is ${ratio.toFixed(2)}× the raw query (${pg.raw.p95.toFixed(1)} ms)`);
  }
  console.log(
    misses.length
      ? `GOAL NOT MET: ${goal} — ${misses.join('; ')}.`
      : `GOAL MET: ${goal} (tree ${pg.tree.p95.toFixed(1)} ms, roadmap ${pg.roadmap.p95.toFixed(1)} ms, raw ${pg.raw.p95.toFixed(1)} ms).`,
  );
}

// ───────────────────────────── PostgreSQL ─────────────────────────────

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
  try {
    console.log(`plan-tree benchmark — Node ${process.version}, N=${N}, warm-up ${WARMUP}`);
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
        throwaway = startThrowaway();
        url = throwaway.url;
        how = 'throwaway, scripts/pg-throwaway.sh';
      }
      const store = await openStore({ databaseUrl: url });
      try {
        const r = await runBackend(`PostgreSQL (${how}: ${redact(url)})`, store);
        printResult(r);
        results.push(r);
      } finally {
        await store.close();
      }
    }
    printGoal(results);
  } finally {
    stop();
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  gcObserver.observe({ entryTypes: ['gc'] });
  main()
    .catch((err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      process.exitCode = 1;
    })
    .finally(() => gcObserver.disconnect());
}

/** for ad-hoc experiments: `import { seed, RAW_SQL } from './plan-tree.js'` */
export { seed, cleanup, RAW_SQL, EXPECTED_ACTIONS, EXPECTED_NODES };
