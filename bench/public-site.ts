/**
 * Benchmark: the citizens' site pages as the server renders them, beside the same bytes served as a
 * static file by the same server. A 300-item round is published, a plan with 30 KPIs is published
 * with actuals; then, through the whole app (app.request, no socket):
 *
 *   - the round's progress page        GET /m/:code/progress/:roundId
 *   - the plan's KPI page              GET /m/:code/public/plans/:planId/kpis
 *   - the home page                    GET /m/:code/public
 *   - the plan's annual report         GET /m/:code/public/plans/:planId/reports/2025
 *   - each page's saved HTML as a static file of the same app (serveStatic under /assets/)
 *
 * p50 / p95 / max server time and the bytes of each (identity and as served with gzip), and the
 * ratio of each page's p95 to its static file's p95. Goal: p95 within 3× of the static file and
 * under 50 ms on PostgreSQL. A page that does not answer 200 fails the run (named, with its answer).
 *
 *   npm run bench:public
 *   BENCH_DATABASE_URL=postgres://… npm run bench:public        # PostgreSQL too (or TEST_DATABASE_URL)
 *
 * Environment:
 *   BENCH_DATABASE_URL / TEST_DATABASE_URL   PostgreSQL to use; without either only PGlite runs
 *   BENCH_BACKENDS=pglite,postgres           which backends to run
 *   BENCH_N=60                               measured requests per case
 *   BENCH_WARMUP=5                           warm-up requests per case
 *   BENCH_KEEP=1                             keep the benchmark municipality's rows afterwards
 *
 * Data creation and publishing are timed but not part of the figures. Timings are never asserted.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app.js';
import { openStore, type Store } from '../src/db/client.js';
import * as s from '../src/db/schema.js';
import { stopAllOffThreads } from '../src/modules/jobs/worker/pool.js';
import { PREFECTURES } from '../src/modules/municipalities/domain/localGovCode.js';
import { presetByKey } from '../src/modules/pdca/domain/legend.js';
import { DEFAULT_PHASES } from '../src/modules/plans/domain/plan.js';
import { publish } from '../src/modules/publish/commands/publications.js';
import { clearPageCache } from '../src/modules/publish/http/pageCache.js';
import { publicPaths } from '../src/modules/publish/http/publicPaths.js';
import { createLogger } from '../src/shared/log.js';
import { batched, positiveInt, redact, rng, TITLE_VERBS, TITLE_WORDS, uniqueMunicipalityCode } from './support.js';

const BACKENDS = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',').map((x) => x.trim());
const N = positiveInt(process.env.BENCH_N, 60);
const WARMUP = positiveInt(process.env.BENCH_WARMUP, 5, true);
const KEEP = process.env.BENCH_KEEP === '1';
const ITEMS = 300;
const KPIS = 30;
const GOAL_RATIO = 3;
const GOAL_P95_MS = 50;

type App = ReturnType<typeof createApp>;

interface Seeded {
  municipalityId: string;
  code: string;
  planId: string;
  roundId: string;
  seedMs: number;
  publishMs: number;
}

const NARRATIVE = '業務の手順を見直し、関係課と調整のうえ、対象となる事務の範囲を広げた。来年度は効果を検証し、ほかの業務にも展開する予定である。';

/** A municipality with a 300-item plan, a closed round answered and accepted for every item, 30 KPIs with actuals. */
async function seed(store: Store): Promise<Seeded> {
  const t0 = performance.now();
  const r = rng(20260401);
  const db = store.db;
  const code = await uniqueMunicipalityCode(store, r);
  const municipalityId = randomUUID();
  const name = `公開ベンチ市${code}`;
  await db.insert(s.municipalities).values({ id: municipalityId, code, name, prefecture: PREFECTURES[Number(code.slice(0, 2)) - 1]! });
  const m = municipalityId;
  const planId = randomUUID();
  const depts = Array.from({ length: 20 }, (_, i) => ({ municipalityId: m, id: randomUUID(), name: `${TITLE_WORDS[i % TITLE_WORDS.length]}課${i + 1}`, kind: '課', sortOrder: i }));
  await db.insert(s.departments).values(depts);
  await db.insert(s.plans).values({
    municipalityId: m,
    id: planId,
    kind: '行政改革大綱',
    title: `${name} 第6次行政改革大綱`,
    firstFiscalYear: 2024,
    lastFiscalYear: 2028,
    stage: '決定',
    levelNames: ['基本方針', '重点項目', '実施項目'],
    phases: DEFAULT_PHASES,
  });
  await db.insert(s.statusLegends).values({ municipalityId: m, planId, axis: 'status', name: '取組状況（○△×－）', values: presetByKey('maru-sankaku')!.values });

  // 3 基本方針 × 5 重点項目 × 20 実施項目
  const tops = Array.from({ length: 3 }, (_, i) => ({ municipalityId: m, id: randomUUID(), planId, parentId: null, depth: 0, sortOrder: i, number: String(i + 1), title: `基本方針${i + 1} 持続可能な行財政運営の推進`, isAction: false, effectiveFrom: '2024-04-01' }));
  const mids = tops.flatMap((t, i) =>
    Array.from({ length: 5 }, (_, j) => ({ municipalityId: m, id: randomUUID(), planId, parentId: t.id, depth: 1, sortOrder: j, number: `(${j + 1})`, title: `重点項目${i + 1}-${j + 1} ${r.pick(TITLE_WORDS)}の見直し`, isAction: false, effectiveFrom: '2024-04-01' })),
  );
  const items = mids.flatMap((g, i) =>
    Array.from({ length: ITEMS / mids.length }, (_, j) => ({
      municipalityId: m,
      id: randomUUID(),
      planId,
      parentId: g.id,
      depth: 2,
      sortOrder: j,
      number: String(i * (ITEMS / mids.length) + j + 1),
      title: `${r.pick(TITLE_WORDS)}${r.pick(TITLE_VERBS)}`,
      description: `${r.pick(TITLE_WORDS)}について、事務の流れを見直し、市民の負担を減らす。`,
      isAction: true,
      effectiveFrom: '2024-04-01',
    })),
  );
  await db.insert(s.planNodes).values(tops);
  await db.insert(s.planNodes).values(mids);
  await batched(items, (chunk) => db.insert(s.planNodes).values(chunk));
  await batched(
    items.map((n, i) => ({ municipalityId: m, nodeId: n.id, departmentId: depts[i % depts.length]!.id, isLead: true, sortOrder: 0 })),
    (chunk) => db.insert(s.nodeDepartments).values(chunk),
  );
  await batched(
    items.flatMap((n) => [2024, 2025, 2026, 2027, 2028].map((fiscalYear) => ({ municipalityId: m, nodeId: n.id, fiscalYear, phase: fiscalYear === 2024 ? 'kento' : 'jisshi' }))),
    (chunk) => db.insert(s.nodeSchedules).values(chunk),
  );

  const roundId = randomUUID();
  await db.insert(s.rounds).values({ municipalityId: m, id: roundId, planId, label: '令和7年度実績', asOfDate: '2026-03-31', targetFiscalYear: 2025, deadline: '2026-05-31', state: 'closed', fields: ['status', 'narrative', 'issues', 'effect'], closedAt: new Date('2026-06-01T00:00:00Z') });
  const codes = ['done', 'partial', 'not_done', 'later'];
  await batched(
    items.map((n, i) => ({
      municipalityId: m,
      id: randomUUID(),
      roundId,
      nodeId: n.id,
      state: 'accepted',
      statusCode: codes[r.int(0, codes.length - 1)]!,
      narrative: `${n.title}について、${NARRATIVE}`,
      issues: i % 3 === 0 ? '関係機関との調整に時間を要している。' : '',
      effectExpenseYen: i % 10 === 0 ? r.int(1, 500) * 10_000 : null,
      updatedBy: 'bench',
    })),
    (chunk) => db.insert(s.reports).values(chunk),
  );

  const kpiRows = Array.from({ length: KPIS }, (_, i) => ({
    municipalityId: m,
    id: randomUUID(),
    planId,
    category: ['歳入確保', '歳出削減', '業務改革'][i % 3]!,
    number: String(i + 1),
    sortOrder: i,
    name: `${r.pick(TITLE_WORDS)}に関する指標${i + 1}`,
    unit: i % 2 ? '%' : '件',
    scale: i % 2 ? 1 : 0,
    bound: i % 4 === 3 ? 'at_most' : 'at_least',
    baselineFiscalYear: 2023,
    baselineValue: 1000 + i * 10,
    targetFiscalYear: 2028,
    targetValue: i % 4 === 3 ? 800 : 1500 + i * 10,
  }));
  await db.insert(s.kpis).values(kpiRows);
  await db.insert(s.kpiValues).values(
    kpiRows.flatMap((k, i) => [2024, 2025].map((fiscalYear) => ({ municipalityId: m, kpiId: k.id, fiscalYear, kind: 'actual', value: 1000 + i * 10 + (fiscalYear - 2023) * r.int(20, 120) * (k.bound === 'at_most' ? -1 : 1), recordedBy: 'bench' }))),
  );
  const seedMs = performance.now() - t0;

  const t1 = performance.now();
  const publisher = { code, name };
  const actor = { id: 'bench', name: 'ベンチ 事務局', role: 'secretariat' as const, municipalityId: m, departmentIds: [] };
  const base = { expectedSeq: 0, correction: '', reason: 'ベンチマーク', unaccepted: null };
  await db.transaction(async (tx) => {
    const ctx = { db: tx, municipalityId: m, actor, ip: '' };
    await publish(ctx, publisher, { ...base, kind: 'round', planId, subjectId: roundId, fiscalYear: 0 });
    for (const fiscalYear of [2024, 2025]) await publish(ctx, publisher, { ...base, kind: 'kpi_values', planId, subjectId: planId, fiscalYear });
  });
  await store.rawQuery('analyze');
  return { municipalityId, code, planId, roundId, seedMs, publishMs: performance.now() - t1 };
}

async function cleanup(store: Store, municipalityId: string): Promise<void> {
  // children before parents (foreign keys)
  const tables = [s.publications, s.auditLog, s.reportEvents, s.reports, s.rounds, s.kpiValues, s.kpis, s.nodeSchedules, s.nodeDepartments, s.planNodes, s.statusLegends, s.plans, s.departments];
  await store.db.transaction(async (tx) => {
    for (const table of tables) await tx.delete(table).where(s.sql`${table.municipalityId} = ${municipalityId}`);
    await tx.delete(s.municipalities).where(s.sql`${s.municipalities.id} = ${municipalityId}`);
  });
}

// ───────────── measuring ─────────────

interface Stats {
  p50: number;
  p95: number;
  max: number;
}

function stats(xs: number[]): Stats {
  const a = [...xs].sort((x, y) => x - y);
  const rank = (p: number) => a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))]!;
  return { p50: rank(50), p95: rank(95), max: a[a.length - 1]! };
}

/** One GET through the whole app, body read; fails the run on anything but 200. */
async function get(app: App, name: string, url: string, headers: Record<string, string> = {}): Promise<Buffer> {
  const res = await app.request(url, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200)
    throw new Error(`PAGE NOT AVAILABLE: ${name} — GET ${url} answered ${res.status}, not 200 (${body.toString('utf8').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 200).trim()}). Is the page built and mounted?`);
  return body;
}

/** `cold`: the rendered page is forgotten before each request (the first visitor after a publication or a change). */
async function measure(app: App, name: string, url: string, cold = false): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) await get(app, name, url);
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    if (cold) clearPageCache();
    const t0 = performance.now();
    await get(app, name, url);
    times.push(performance.now() - t0);
  }
  return stats(times);
}

interface CaseResult {
  name: string;
  page: Stats;
  /** rendered again each time (page cache emptied before each request) */
  cold: Stats;
  file: Stats;
  bytes: number;
  gzip: number;
}

interface BackendResult {
  backend: string;
  seeded: Seeded;
  cases: CaseResult[];
}

async function runBackend(label: string, store: Store): Promise<BackendResult> {
  console.log(`\n== ${label}`);
  const seeded = await seed(store);
  console.log(`data: ${ITEMS} items, ${ITEMS} accepted answers, ${KPIS} KPIs × 2 years in ${seeded.seedMs.toFixed(0)} ms; published in ${seeded.publishMs.toFixed(0)} ms`);
  // the static files live in the app's own web root, served by its serveStatic under /assets/
  const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-bench-public-'));
  fs.writeFileSync(path.join(webRoot, 'index.html'), '<!DOCTYPE html><title>bench</title>');
  fs.mkdirSync(path.join(webRoot, 'assets'));
  const app = createApp({ store, auth: 'required', logger: createLogger('silent'), webRoot });
  const pages = [
    { name: 'progress page (300 items)', slug: 'round', url: publicPaths.round(seeded.code, seeded.roundId) },
    { name: 'KPI page (30 KPIs)', slug: 'kpis', url: publicPaths.kpis(seeded.code, seeded.planId) },
    { name: 'home page', slug: 'home', url: publicPaths.home(seeded.code) },
    { name: 'annual report FY2025', slug: 'report', url: publicPaths.annualReport(seeded.code, seeded.planId, 2025) },
  ];
  const cases: CaseResult[] = [];
  try {
    for (const p of pages) {
      const html = await get(app, p.name, p.url);
      const gzip = (await get(app, p.name, p.url, { 'accept-encoding': 'gzip' })).length;
      const file = `/assets/bench-${p.slug}.html`;
      fs.writeFileSync(path.join(webRoot, file), html);
      // the static copy answers the same bytes
      if (!(await get(app, `${p.name} (static)`, file)).equals(html)) throw new Error(`static copy of ${p.name} differs`);
      // interleaved per case so both see the same machine load
      const page = await measure(app, p.name, p.url);
      const cold = await measure(app, p.name, p.url, true);
      const fileStats = await measure(app, `${p.name} (static)`, file);
      cases.push({ name: p.name, page, cold, file: fileStats, bytes: html.length, gzip });
    }
  } finally {
    fs.rmSync(webRoot, { recursive: true, force: true });
    if (!KEEP) await cleanup(store, seeded.municipalityId);
  }
  return { backend: label, seeded, cases };
}

const ms = (x: number) => x.toFixed(1);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function print(r: BackendResult): void {
  console.log('| case | p50 ms | p95 ms | max ms | static p50 | static p95 | p95 ÷ static p95 | rendered afresh p50 / p95 ms | bytes | gzip |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of r.cases)
    console.log(
      `| ${c.name} | ${ms(c.page.p50)} | ${ms(c.page.p95)} | ${ms(c.page.max)} | ${ms(c.file.p50)} | ${ms(c.file.p95)} | ${(c.page.p95 / c.file.p95).toFixed(2)}× | ${ms(c.cold.p50)} / ${ms(c.cold.p95)} | ${kb(c.bytes)} | ${kb(c.gzip)} |`,
    );
}

function printGoal(results: BackendResult[]): void {
  const goal = `public pages p95 within ${GOAL_RATIO}× of the static file and under ${GOAL_P95_MS} ms on PostgreSQL`;
  const pg = results.find((r) => r.backend.startsWith('PostgreSQL'));
  if (!pg) {
    console.log(`\nGOAL NOT CHECKED: ${goal} — no PostgreSQL (set BENCH_DATABASE_URL or TEST_DATABASE_URL).`);
    return;
  }
  const misses = pg.cases.flatMap((c) => [
    ...(c.page.p95 > GOAL_P95_MS ? [`${c.name} p95 ${ms(c.page.p95)} ms`] : []),
    ...(c.page.p95 > GOAL_RATIO * c.file.p95 ? [`${c.name} ${(c.page.p95 / c.file.p95).toFixed(2)}× the static file`] : []),
  ]);
  console.log(misses.length ? `\nGOAL NOT MET: ${goal} — ${misses.join('; ')}.` : `\nGOAL MET: ${goal}.`);
}

async function main(): Promise<void> {
  const results: BackendResult[] = [];
  console.log(`public-site benchmark — Node ${process.version}, N=${N}, warm-up ${WARMUP}`);
  try {
    if (BACKENDS.includes('pglite')) {
      const store = await openStore({ dataDir: 'memory://' });
      try {
        results.push(await runBackend('PGlite (memory://)', store));
        print(results[results.length - 1]!);
      } finally {
        await store.close();
      }
    }
    const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
    if (BACKENDS.includes('postgres') && url) {
      const how = process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'TEST_DATABASE_URL';
      const store = await openStore({ databaseUrl: url });
      try {
        results.push(await runBackend(`PostgreSQL (${how}: ${redact(url)})`, store));
        print(results[results.length - 1]!);
      } finally {
        await store.close();
      }
    } else if (BACKENDS.includes('postgres')) console.log('\nPostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL).');
    printGoal(results);
  } finally {
    await stopAllOffThreads();
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  });
}
