/**
 * The citizens' site pages (home, plan, item, KPI, finance, search) on both databases: a plan with
 * items, closed rounds, KPIs and a financial table, published through the real command; then each page
 * is read as a citizen (no session). Checked: the published content is there as published (a value
 * edited after publication does not appear, an unpublished round never does), charts come with their
 * text alternative and data table, search is tolerant of width and kana, and every malformed or
 * foreign id is the 404 page.
 */
import { and, eq } from 'drizzle-orm';
import { raw } from 'hono/html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Store } from '../../src/db/client.js';
import { plans, reports, tags } from '../../src/db/schema.js';
import { createFiscalTable, replaceFiscalTable } from '../../src/modules/finance/commands/tables.js';
import { getFiscalTable } from '../../src/modules/finance/queries/tables.js';
import { todayInTokyo } from '../../src/modules/fiscal/domain/index.js';
import { createKpi, setKpiValue } from '../../src/modules/kpis/commands/kpis.js';
import { targetYearEnded } from '../../src/modules/kpis/domain/evaluation.js';
import { updateNode } from '../../src/modules/plans/commands/nodes.js';
import { findNode } from '../../src/modules/plans/db/repo.js';
import { fiscalCandidate, kpiCandidate } from '../../src/modules/publish/queries/candidates.js';
import { financePreviewNode, kpiPreviewNode } from '../../src/modules/publish/http/publicSitePreview.js';
import { STYLESHEET } from '../../src/modules/publish/http/publicLayout.js';
import { publicPaths } from '../../src/modules/publish/http/publicPaths.js';
import { PUBLIC_CACHE_CONTROL } from '../../src/modules/publish/http/publicRoutes.js';
import type { CommandContext } from '../../src/shared/context.js';
import { buildPdcaFixture, type PdcaFixture } from '../support/pdcaFixtures.js';
import { publishAs } from '../support/publishing.js';
import { backends, openTestStore, run } from '../support/stores.js';

// the KPI's target year is 令和9年度 (ends 2028-03-31): until then 21 < 30 is 目標年度前, not 未達成
const KPI_TARGET_ENDED = targetYearEnded(2027, todayInTokyo());
const KPI_VERDICT = KPI_TARGET_ENDED ? '未達成' : '目標年度前';

const KB = 1024;

/** Headings in order never skip a level, and there is one h1. */
function headingProblems(html: string): string[] {
  const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
  const out: string[] = [];
  if (levels.filter((l) => l === 1).length !== 1) out.push(`h1 が ${levels.filter((l) => l === 1).length} 個`);
  levels.forEach((l, i) => {
    if (i && l > levels[i - 1]! + 1) out.push(`h${levels[i - 1]} の次に h${l}`);
  });
  return out;
}

/** What every page must be: a whole document in Japanese, no script, nothing from other hosts, headings in order, tables with captions and scoped headers. */
function expectAccessiblePage(html: string, where: string, maxKb = 150) {
  expect(html.startsWith('<!DOCTYPE html>'), where).toBe(true);
  expect(html, where).toContain('<html lang="ja">');
  expect(html, where).not.toMatch(/<script/i);
  expect(html, where).not.toMatch(/(src|href|action)=["']https?:/i);
  expect(headingProblems(html), where).toEqual([]);
  const tables = html.match(/<table\b/g)?.length ?? 0;
  expect(html.match(/<caption\b/g)?.length ?? 0, where).toBe(tables);
  // every header cell says what it heads
  expect(html, where).not.toMatch(/<th(?=[\s>])(?![^>]*scope=)[^>]*>/);
  expect(html, where).toContain('href="#content"');
  expect(Buffer.byteLength(html), where).toBeLessThan(maxKb * KB);
}

describe.each(backends())('citizens’ site pages on %s', (kind) => {
  let store: Store;
  let f: PdcaFixture;
  let other: PdcaFixture;
  let app: ReturnType<typeof createApp>;
  let kpiId: string;
  let tableId: string;
  let bigPlanId: string;

  const get = async (path: string) => {
    const res = await app.request(path);
    return { status: res.status, html: await res.text(), headers: res.headers };
  };
  const code = () => f.municipality.code;
  const inF = <T>(fn: (ctx: CommandContext) => Promise<T>) => run(store, f.municipality.id, fn);

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildPdcaFixture(store, '公開ページ市');
    other = await buildPdcaFixture(store, '別の公開ページ市');
    // auth required: the pages must answer without a session
    app = createApp({ store, auth: 'required' });
    const mid = f.municipality.id;

    await store.db.update(plans).set({ philosophy: '市民とともに　持続可能な市役所をつくる' }).where(and(eq(plans.municipalityId, mid), eq(plans.id, f.planId)));
    const [tag] = await store.db.insert(tags).values({ municipalityId: mid, name: 'デジタル化', category: '視点' }).returning();
    // half-width kana and full-width digits, as some staff type them
    const a1 = (await findNode({ db: store.db, municipalityId: mid }, f.planId, f.nodes.A1))!;
    await inF((ctx) =>
      updateNode(ctx, f.planId, f.nodes.A1, {
        version: a1.version,
        description: 'ﾊﾟｿｺﾝでのｶﾅ入力作業を自動化し、２０業務を対象にする。',
        priority: true,
        tagIds: [tag!.id],
        change: { kind: 'revised', effectiveDate: '2025-04-01', reason: '対象業務を拡大したため' },
      }),
    );

    // KPI of A3 with an actual for FY2025; a financial table
    const kpi = await inF((ctx) =>
      createKpi(ctx, f.planId, { nodeId: f.nodes.A3, category: '歳入の確保', number: '1', name: 'ふるさと納税の受入件数', unit: '件', scale: 0, bound: 'at_least', baselineFiscalYear: 2023, baselineValue: '10', targetFiscalYear: 2027, targetValue: '30' }),
    );
    kpiId = kpi.id;
    await inF((ctx) => setKpiValue(ctx, f.planId, kpi.id, { version: kpi.version, fiscalYear: 2025, kind: 'actual', value: '21' }));
    const table = await inF((ctx) =>
      createFiscalTable(ctx, f.planId, {
        kind: 'budget',
        title: '歳入歳出の見通し',
        valueKind: 'yen',
        unit: '百万円',
        scale: 0,
        firstFiscalYear: 2024,
        lastFiscalYear: 2026,
        source: '財政計画 図表3',
        rows: [
          { section: '歳入', label: '市税', rowKind: 'item', values: [{ fiscalYear: 2024, kind: 'actual', text: '5,000' }, { fiscalYear: 2025, kind: 'plan', text: '5,100' }, { fiscalYear: 2026, kind: 'plan', text: '5,200' }] },
          { section: '歳入', label: '歳入計', rowKind: 'total', values: [{ fiscalYear: 2024, kind: 'actual', text: '5,000' }, { fiscalYear: 2025, kind: 'plan', text: '5,100' }, { fiscalYear: 2026, kind: 'plan', text: '5,200' }] },
          { section: '歳出', label: '人件費', rowKind: 'item', values: [{ fiscalYear: 2024, kind: 'actual', text: '4,900' }, { fiscalYear: 2025, kind: 'plan', text: '5,050' }, { fiscalYear: 2026, kind: 'plan', text: '5,300' }] },
          { section: '歳出', label: '歳出計', rowKind: 'total', values: [{ fiscalYear: 2024, kind: 'actual', text: '4,900' }, { fiscalYear: 2025, kind: 'plan', text: '5,050' }, { fiscalYear: 2026, kind: 'plan', text: '5,300' }] },
        ],
      }),
    );
    tableId = table.id;

    // publish: R1 (A7 only submitted → 回答なし) and RQ, the KPI values of FY2025, the table as FY2025 版
    await publishAs(store, mid, { kind: 'round', planId: f.planId, subjectId: f.rounds.R1, fiscalYear: 0, unaccepted: 'no_answer' });
    await publishAs(store, mid, { kind: 'round', planId: f.planId, subjectId: f.rounds.RQ, fiscalYear: 0, unaccepted: 'no_answer' });
    await publishAs(store, mid, { kind: 'kpi_values', planId: f.planId, subjectId: f.planId, fiscalYear: 2025, unaccepted: null });
    await publishAs(store, mid, { kind: 'fiscal_table', planId: f.planId, subjectId: table.id, fiscalYear: 2025, unaccepted: null });

    // edited after publication: none of this may reach the site until published again
    await store.db
      .update(reports)
      .set({ narrative: '公表後に書き換えた取組内容' })
      .where(and(eq(reports.municipalityId, mid), eq(reports.id, f.reports['R1.A1']!)));
    const k2 = await inF((ctx) => setKpiValue(ctx, f.planId, kpi.id, { version: kpi.version + 1, fiscalYear: 2025, kind: 'actual', value: '25' }));
    expect(k2.version).toBe(kpi.version + 2);
    const stored = await getFiscalTable({ db: store.db, municipalityId: mid }, f.planId, table.id);
    await inF((ctx) =>
      replaceFiscalTable(ctx, f.planId, table.id, {
        version: stored.version,
        kind: 'budget',
        title: stored.title,
        valueKind: 'yen',
        unit: '百万円',
        scale: 0,
        firstFiscalYear: 2024,
        lastFiscalYear: 2026,
        rows: stored.rows.map((r) => ({ id: r.id, section: r.section, label: r.label, rowKind: r.rowKind, values: r.values.map((v) => ({ fiscalYear: v.fiscalYear, kind: v.kind, text: r.label === '市税' && v.fiscalYear === 2024 ? '9,876' : v.text })) })),
      }),
    );

    // a second plan with 30 KPIs and three published years: the page stays small and quick
    const [big] = await store.db
      .insert(plans)
      .values({ municipalityId: mid, kind: '実行計画', title: 'KPIの多い計画', firstFiscalYear: 2024, lastFiscalYear: 2028, stage: '決定', levelNames: ['施策'], phases: [{ code: 'jisshi', label: '実施' }] })
      .returning();
    bigPlanId = big!.id;
    for (let i = 1; i <= 30; i++) {
      const k = await inF((ctx) =>
        createKpi(ctx, bigPlanId, { category: i <= 15 ? '歳出の削減' : '市民サービス', number: String(i), name: `指標その${i}`, unit: '%', scale: 1, bound: i % 2 ? 'at_least' : 'at_most', baselineFiscalYear: 2023, baselineValue: '50.0', targetFiscalYear: 2028, targetValue: i % 2 ? '60.0' : '40.0' }),
      );
      let version = k.version;
      for (const fy of [2024, 2025, 2026]) version = (await inF((ctx) => setKpiValue(ctx, bigPlanId, k.id, { version, fiscalYear: fy, kind: 'actual', value: (50 + i / 10 + fy - 2024).toFixed(1) }))).version;
    }
    for (const fy of [2024, 2025, 2026]) await publishAs(store, mid, { kind: 'kpi_values', planId: bigPlanId, subjectId: bigPlanId, fiscalYear: fy, unaccepted: null });
  }, 120_000);
  afterAll(() => store.close());

  it('home: plans, the latest published progress with counts, KPIs at a glance, downloads', async () => {
    const r = await get(publicPaths.home(code()));
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe(PUBLIC_CACHE_CONTROL);
    expect(r.headers.get('etag')).toBeTruthy();
    expectAccessiblePage(r.html, 'home');
    expect(r.html).toContain(`<a href="${publicPaths.plan(code(), f.planId)}">公開ページ市 第6次行政改革大綱</a>`);
    expect(r.html).toContain('令和6年度〜令和9年度');
    // RQ (as of 2025-09-30) is the latest published round; R2 is open and never shown
    expect(r.html).toContain(`<a href="${publicPaths.round(code(), f.rounds.RQ)}">令和7年度第2四半期</a>`);
    expect(r.html).not.toContain(f.rounds.R2);
    // KPI: 21 < 30 before the target year → 目標年度前で未達成 1 (after it: 遅れ)
    expect(r.html).toMatch(KPI_TARGET_ENDED ? /遅れ（目標年度を過ぎて未達成・維持できていない）: <strong>1件<\/strong>/ : /目標年度前で未達成: <strong>1件<\/strong>/);
    expect(r.html).toContain(publicPaths.roundFile(code(), f.rounds.R1, 'pdf'));
    expect(r.html).toContain(publicPaths.openData(code()));
    expect(r.html).toContain(`<a href="${publicPaths.finance(code(), f.planId)}">`);
    // 年次報告書 of the years with a published round or KPI values (R1: FY2024; RQ and the KPIs: FY2025)
    expect(r.html).toContain(`<a href="${publicPaths.annualReport(code(), f.planId, 2025)}">令和7年度`);
    expect(r.html).toContain(`<a href="${publicPaths.annualReport(code(), f.planId, 2024)}">令和6年度`);
    // the navigation of the site, the municipality name leading home
    for (const label of ['ホーム', '計画', '進捗状況', '審議会等の意見と対応', 'オープンデータ', '検索']) expect(r.html).toContain(`>${label}</a>`);
    expect(r.html).toMatch(/<a href="[^"]+" aria-current="page">ホーム<\/a>/);
    expect(r.html).toContain(`<a class="site-name" href="${publicPaths.home(code())}">`);
  });

  it('home of a municipality that has published nothing yet', async () => {
    const r = await get(publicPaths.home(other.municipality.code));
    expect(r.status).toBe(200);
    expectAccessiblePage(r.html, 'home (nothing published)');
    expect(r.html).toContain('別の公開ページ市 第6次行政改革大綱');
    expect(r.html).toContain('<h4>進捗状況</h4><p>まだ公表していません。</p>');
    expect(r.html).toContain('公表している意見はまだありません。');
    expect(r.html).not.toContain(f.planId);
    const kpis = await get(publicPaths.kpis(other.municipality.code, other.planId));
    expect(kpis.status).toBe(200);
    expect(kpis.html).toContain('この計画の数値目標・KPI は、まだ公表していません。');
    const finance = await get(publicPaths.finance(other.municipality.code, other.planId));
    expect(finance.html).toContain('この計画の財政・定員の表は、まだ公表していません。');
  });

  it('plan: 経営理念 and the 体系図 down to each item with 重点, tags and the published status', async () => {
    const r = await get(publicPaths.plan(code(), f.planId));
    expect(r.status).toBe(200);
    expectAccessiblePage(r.html, 'plan');
    expect(r.html).toContain('<h2 id="philosophy-heading">経営理念</h2>');
    expect(r.html).toContain('市民とともに　持続可能な市役所をつくる');
    expect(r.html).toContain(`<a href="${publicPaths.item(code(), f.planId, f.nodes.A1)}">1 ＲＰＡによる定型業務の自動化</a><span class="badge">重点</span>`);
    expect(r.html).toContain('タグ: 視点: デジタル化');
    expect(r.html).toContain('<span class="level">重点項目</span>');
    expect(r.html).toContain('窓口受付時間の延長</a><span class="badge">中止</span>');
    // statuses from RQ, the latest published round (A7 accepted 一部実施 there); R2's A7 (done) is unpublished
    const a7 = r.html.slice(r.html.indexOf(publicPaths.item(code(), f.planId, f.nodes.A7)));
    expect(a7.slice(0, a7.indexOf('</li>'))).toContain('令和7年度第2四半期の状況');
    expect(r.html).toContain(`<a href="${publicPaths.kpis(code(), f.planId)}">数値目標・KPI</a>`);
    expect(r.html).toContain(`<a href="${publicPaths.annualReport(code(), f.planId, 2024)}">令和6年度`);
  });

  it('item: description, 担当課, schedule, its status in every published round as published, KPIs and 変更調書', async () => {
    const r = await get(publicPaths.item(code(), f.planId, f.nodes.A1));
    expect(r.status).toBe(200);
    expectAccessiblePage(r.html, 'item');
    expect(r.html).toContain('ﾊﾟｿｺﾝでのｶﾅ入力作業を自動化し、２０業務を対象にする。');
    expect(r.html).toContain('総務課（主担当）、財政課');
    expect(r.html).toMatch(/令和6年度<\/th><td>検討<\/td>/);
    expect(r.html).toMatch(/令和7年度<\/th><td>実施<\/td>/);
    // R1 as published: its narrative before the edit, its status; R2 (open) not at all
    expect(r.html).toContain(`<tr id="round-${f.rounds.R1}">`);
    expect(r.html).toContain('A1のR1の取組内容');
    expect(r.html).not.toContain('公表後に書き換えた取組内容');
    expect(r.html).not.toContain('A1のR2の取組内容');
    expect(r.html).not.toContain(f.rounds.R2);
    expect(r.html).toMatch(/<span class="mark" aria-hidden="true">○<\/span> 実施/);
    // 変更調書: date, kind, mark, reason — and nobody's name
    expect(r.html).toContain('対象業務を拡大したため');
    expect(r.html).toContain('改訂');
    expect(r.html).toContain('【R7年度改訂】');
    expect(r.html).not.toContain('システム管理者');

    // A7: R1's answer was not accepted → 回答なし; RQ's accepted answer shown
    const a7 = await get(publicPaths.item(code(), f.planId, f.nodes.A7));
    expect(a7.html).not.toContain('料金改定の調整に時間を要した');
    expect(a7.html).toContain('回答なし');
    expect(a7.html).toContain('A7のRQの取組内容');
    expect(a7.html).not.toContain('使用料を改定し、令和7年10月から施行した');

    // a level above the items lists its items; an item stopped says so
    const t1 = await get(publicPaths.item(code(), f.planId, f.nodes.T1));
    expect(t1.status).toBe(200);
    expectAccessiblePage(t1.html, 'item (level)');
    expect(t1.html).toContain('<h2 id="children-heading">この重点項目の取組</h2>');
    expect(t1.html).toContain(`<a href="${publicPaths.item(code(), f.planId, f.nodes.M1)}">(1) 事務事業の見直し</a>`);
    const a6 = await get(publicPaths.item(code(), f.planId, f.nodes.A6));
    expect(a6.html).toContain('窓口受付時間の延長（中止）');

    // A3 carries the published KPI
    const a3 = await get(publicPaths.item(code(), f.planId, f.nodes.A3));
    expect(a3.html).toContain(`${publicPaths.kpis(code(), f.planId)}#kpi-${kpiId}`);
    expect(a3.html).toContain(`最新の実績 21件（令和7年度）、評価 <strong>${KPI_VERDICT}</strong>`);
  });

  it('KPIs: values as published, the evaluation and its rule in words, a chart with alt text and data table', async () => {
    const r = await get(publicPaths.kpis(code(), f.planId));
    expect(r.status).toBe(200);
    expectAccessiblePage(r.html, 'kpis');
    expect(r.html).toContain('目標値 30件以上で達成。令和7年度の実績 21件は目標に届いていません。目標まであと9件です。');
    expect(r.html).toContain(`<strong>${KPI_VERDICT}</strong>`);
    if (!KPI_TARGET_ENDED) expect(r.html).toContain('目標年度（令和9年度）が終わるまでは「未達成」とせず「目標年度前」としています。');
    // edited after publication: not shown
    expect(r.html).not.toContain('25件');
    expect(r.html).toMatch(/<figure class="chart" id="chart-[^"]+"><figcaption>ふるさと納税の受入件数の実績と目標<\/figcaption><svg [^>]*role="img" aria-label="ふるさと納税の受入件数の実績の推移。[^"]*最新の実績 令和7年度 21件/);
    expect(r.html).toContain('<title>ふるさと納税の受入件数の実績の推移。');
    expect(r.html).toMatch(/<caption id="chart-[^"]+-caption">ふるさと納税の受入件数（単位: 件）（グラフのデータ）<\/caption>/);
    expect(r.html).toMatch(/<th scope="row" class="nowrap">令和7年度<\/th><td class="num">21<\/td>/);
    expect(r.html).toContain(`<a href="${publicPaths.item(code(), f.planId, f.nodes.A3)}">3 ふるさと納税の推進</a>`);
  });

  it('KPIs: 30 KPIs with charts render quickly, well under 150 KB on the wire', async () => {
    const started = performance.now();
    const r = await get(publicPaths.kpis(code(), bigPlanId));
    const ms = performance.now() - started;
    expect(r.status).toBe(200);
    // 30 inline charts are about 145 KB of SVG before compression (each ~4.8 KB: axis, grid, legend)
    expectAccessiblePage(r.html, 'kpis (30)', 256);
    const wire = await app.request(publicPaths.kpis(code(), bigPlanId), { headers: { 'accept-encoding': 'gzip' } });
    expect(wire.headers.get('content-encoding')).toBe('gzip');
    expect((await wire.arrayBuffer()).byteLength).toBeLessThan(32 * KB);
    expect(r.html.match(/<svg [^>]*role="img"/g)).toHaveLength(30);
    expect(r.html.match(/（グラフのデータ）<\/caption>/g)).toHaveLength(30);
    expect(r.html).toContain('<h2 id="group-0">歳出の削減</h2>');
    // 指標その1 (at least 60.0): 52.1 in FY2026 → not achieved; 指標その2 (at most 40.0): 52.2 → not achieved
    expect(r.html).toContain('目標値 60.0%以上で達成。令和8年度の実績 52.1%は目標に届いていません。');
    expect(ms).toBeLessThan(5_000);
  });

  it('finance: the table as published with its 公表日 and source, a chart with its data table', async () => {
    const r = await get(publicPaths.finance(code(), f.planId));
    expect(r.status).toBe(200);
    expectAccessiblePage(r.html, 'finance');
    expect(r.html).toContain(`<h2 id="table-${tableId}">歳入歳出の見通し`);
    expect(r.html).toContain('令和7年度版・公表日');
    expect(r.html).toContain('（単位：百万円）');
    expect(r.html).toContain('出典: 財政計画 図表3');
    expect(r.html).toContain('<tr class="group"><th scope="colgroup" colspan="4">歳入</th></tr>');
    expect(r.html).toMatch(/<tr class="total"><th scope="row">歳入計<\/th><td class="num">5,000<\/td>/);
    // edited after publication: not shown
    expect(r.html).not.toContain('9,876');
    expect(r.html).toMatch(/<figure class="chart" id="chart-[^"]+"><figcaption>歳入歳出の見通しの推移（百万円）<\/figcaption><svg [^>]*role="img" aria-label="歳入歳出の見通しの推移/);
    expect(r.html).toMatch(/<caption id="chart-[^"]+-caption">歳入歳出の見通しの推移（単位: 百万円）（グラフのデータ）<\/caption>/);
    expect(r.html).toContain('<th scope="col">歳入計（実績）</th>');
  });

  it('previews render the same pages with the candidate in place of its year', async () => {
    const scope = { db: store.db, municipalityId: f.municipality.id };
    const m = { code: code(), name: '公開ページ市' };
    const kpiHtml = await (await kpiPreviewNode(scope, m, await kpiCandidate(scope, f.planId, 2025), raw('<div class="preview-banner">プレビュー</div>'))).toString();
    expect(kpiHtml).toContain('<div class="preview-banner">プレビュー</div>');
    expect(kpiHtml).toContain('令和7年度の実績 25件は目標に届いていません。');
    expect(kpiHtml).toMatch(/<svg [^>]*role="img"/);
    const tableHtml = await (
      await financePreviewNode(scope, m, await fiscalCandidate(scope, { code: code(), name: m.name }, f.planId, tableId, 2025), raw('<div class="preview-banner">プレビュー</div>'))
    ).toString();
    expect(tableHtml).toContain('9,876');
    expect(tableHtml).toContain('<h1>中期財政計画・職員定員管理計画</h1>');
    // a later 年度版 takes the page; the published one is listed as earlier
    const later = await (await financePreviewNode(scope, m, await fiscalCandidate(scope, { code: code(), name: m.name }, f.planId, tableId, 2026), null)).toString();
    expect(later).toContain('令和8年度版');
    expect(later).toMatch(/令和7年度版（公表日/);
    // the public pages still show what was published
    expect((await get(publicPaths.kpis(code(), f.planId))).html).not.toContain('25件');
  });

  it('search: plans, items and published narratives, whatever the width or kana', async () => {
    const search = async (q: string) => get(`${publicPaths.search(code())}?q=${encodeURIComponent(q)}`);
    for (const q of ['ｶﾅ', 'カナ', 'かな']) {
      const r = await search(q);
      expect(r.status, q).toBe(200);
      expect(r.html, q).toContain(`<a href="${publicPaths.item(code(), f.planId, f.nodes.A1)}">1 ＲＰＡによる定型業務の自動化</a>`);
      expect(r.html, q).toContain('<mark>ｶﾅ</mark>');
    }
    expectAccessiblePage((await search('カナ')).html, 'search');
    // full-width digits in the text, half-width in the query, and the other way round
    expect((await search('20業務')).html).toContain('<mark>２０業務</mark>');
    expect((await search('ＲＰＡ')).html).toContain('1 ＲＰＡによる定型業務の自動化');
    expect((await search('rpa')).html).toContain('1 ＲＰＡによる定型業務の自動化');
    // a published narrative links to the item's row of that round; an unpublished one is never found
    const n = await search('Ａ４のＲ１');
    expect(n.html).toContain(`${publicPaths.item(code(), f.planId, f.nodes.A4)}#round-${f.rounds.R1}`);
    expect(n.html).toContain('進捗状況（令和6年度実績）');
    expect((await search('A3のR2')).html).toContain('見つかりませんでした');
    expect((await search('公表後に書き換えた')).html).toContain('見つかりませんでした');
    // the plan by its 経営理念
    expect((await search('持続可能な市役所')).html).toContain(`<a href="${publicPaths.plan(code(), f.planId)}">`);
    // messages, all on a 200 page with the form and its label
    const empty = await get(publicPaths.search(code()));
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('<label for="q">キーワード</label>');
    expect((await search('   ')).html).toContain('キーワードが入力されていません');
    const long = await search('あ'.repeat(101));
    expect(long.status).toBe(200);
    expect(long.html).toContain('キーワードが長すぎます（101文字）。100文字以内で入力してください。');
    const none = await search('存在しない言葉');
    expect(none.html).toContain('「存在しない言葉」を含む計画・取組・進捗状況の記述は見つかりませんでした');
    // another municipality's content is never searched
    expect((await search('別の公開ページ市')).html).toContain('見つかりませんでした');
  });

  it('answers the 404 page for malformed or unknown codes and ids, and for another municipality’s plan', async () => {
    const c = code();
    const otherPlan = other.planId;
    const paths = [
      '/m/abc/public',
      '/m/999999/public',
      '/m/999999/public/search?q=x',
      publicPaths.plan(c, 'not-a-uuid'),
      publicPaths.plan(c, '00000000-0000-4000-8000-000000000000'),
      publicPaths.plan(c, otherPlan),
      publicPaths.kpis(c, otherPlan),
      publicPaths.finance(c, otherPlan),
      publicPaths.kpis(c, "1' or '1'='1"),
      publicPaths.item(c, f.planId, 'x'),
      publicPaths.item(c, f.planId, other.nodes.A1),
      publicPaths.item(c, otherPlan, other.nodes.A1),
      // a node of the right municipality under another of its plans
      publicPaths.item(c, bigPlanId, f.nodes.A1),
      `/m/${c}/public/nothing-here`,
    ];
    for (const p of paths) {
      const r = await get(p);
      expect(r.status, p).toBe(404);
      expect(r.headers.get('cache-control'), p).toBe('no-store');
      expect(r.html, p).toMatch(/が見つかりません/);
      expect(r.html, p).not.toContain('別の公開ページ市');
    }
  });

  it('fits a phone: tables scroll in their own box, hidden text cannot widen the page, charts scale', () => {
    expect(STYLESHEET).toMatch(/\.table-wrap \{[^}]*position: relative;[^}]*overflow-x: auto;/);
    expect(STYLESHEET).toMatch(/\.vh \{[^}]*position: absolute;[^}]*clip-path: inset\(50%\);/);
    expect(STYLESHEET).toMatch(/body \{[^}]*overflow-x: clip;/);
    expect(STYLESHEET).toMatch(/svg\[role="img"\] \{[^}]*max-width: 100%; height: auto;/);
    expect(STYLESHEET).toMatch(/a:focus-visible[^{]*\{ outline: 3px solid/);
  });
});
