/**
 * The annual report (年次報告書) for citizens on both databases: the page carries each section's
 * content from the published snapshots only (the round targeting the year and the change against
 * the previous published one, the year's KPI values with evaluation, the budget table's key rows with
 * its chart, the 効果額 of accepted answers with the rule, the year's published opinions); the PDF is a
 * PDF with the plan's title; unknown plans, years with nothing published and malformed ids are 404.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Store } from '../../src/db/client.js';
import { annualReportYears } from '../../src/modules/publish/queries/annualReport.js';
import { publicPaths } from '../../src/modules/publish/http/publicPaths.js';
import { EFFECT_RULE } from '../../src/modules/publish/domain/annualReport.js';
import { backends, createTestMunicipality, openTestStore } from '../support/stores.js';
import {
  buildPublicSiteFixture,
  CLOSED_OPINION,
  OPEN_OPINION,
  OTHER_PLAN_OPINION,
  UNPUBLISHED_MEETING_TITLE,
  UNPUBLISHED_ROUND_LABEL,
  type PublicSiteFixture,
} from '../support/publicSiteFixture.js';

const HAS_PDFTOTEXT = !spawnSync('pdftotext', ['-v']).error;

/** The page's text without tags (and without the inline charts' SVG), spaces collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** The part of the page from a section's heading to the next h2. */
const section = (html: string, id: string) => {
  const from = html.indexOf(`id="${id}"`);
  expect(from, id).toBeGreaterThan(0);
  const next = html.indexOf('<h2', from + 1);
  return textOf(html.slice(from, next < 0 ? undefined : next));
};

describe.each(backends())('annual report on %s', (kind) => {
  let store: Store;
  let f: PublicSiteFixture;
  let app: ReturnType<typeof createApp>;
  const code = () => f.municipality.code;
  const get = async (path: string) => {
    const res = await app.request(path);
    return { status: res.status, type: res.headers.get('content-type') ?? '', headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildPublicSiteFixture(store);
    app = createApp({ store, auth: 'required' });
  }, 120_000);
  afterAll(() => store.close());

  it('has a report for each year with a published round or published KPI values, newest first', async () => {
    const scope = { db: store.db, municipalityId: f.municipality.id };
    expect(await annualReportYears(scope, f.planId)).toEqual([2026, 2025, 2024]);
    // another plan with nothing published, and another municipality's view of this plan: none
    expect(await annualReportYears(scope, f.otherPlan)).toEqual([]);
    const other = await createTestMunicipality(store.db, '別市');
    expect(await annualReportYears({ db: store.db, municipalityId: other.id }, f.planId)).toEqual([]);
  });

  it('shows the year’s published round with the counts by status, the KPIs, the table, the 効果額 and the opinions', async () => {
    const r = await get(publicPaths.annualReport(code(), f.planId, 2024));
    expect(r.status).toBe(200);
    expect(r.type).toContain('text/html');
    const html = r.body.toString('utf8');
    expect(textOf(html)).toContain('令和6年度 年次報告書');
    expect(textOf(html)).toContain('公開市 第6次行政改革大綱');

    const progress = section(html, 'progress-heading');
    expect(progress).toContain('令和6年度実績');
    // R1 as published: A1 A6 done, A2 partial, A4 not_done, A3 later; A7 (not accepted), A5 and A8 回答なし
    expect(progress).toMatch(/重点項目ごとの状況の件数/);
    expect(progress).toMatch(/1 持続可能な行財政運営 1件 1件 0件 1件 1件 4件 2 市民サービスの向上 1件 0件 1件 0件 2件 4件 計 2件 1件 1件 1件 3件 8件/);
    expect(progress).toContain('対象の取組 8件（うち事務局が確認して公表した回答 5件）');
    expect(progress).toContain('比べられる前回の公表した調査はありません');
    expect(html).not.toContain(UNPUBLISHED_ROUND_LABEL);
    expect(html).toContain(publicPaths.round(code(), f.rounds.R1));

    const kpis = section(html, 'kpis-heading');
    expect(kpis).toContain('ふるさと納税の受入件数');
    // 令和6年度's report, the target in 令和9年度: 目標年度前 — 未達成 only in the target year's report or later
    expect(kpis).toMatch(/1,500件.*目標年度前.*目標まであと500件.*進捗率 50\.0%/);
    expect(kpis).toMatch(/89\.0%.*決算見込み.*達成/);
    expect(kpis).toContain('達成 1件、目標年度前 1件、未達成 0件、実績なし 0件');

    const finance = section(html, 'finance-heading');
    expect(finance).toContain('歳入歳出の見通し');
    expect(finance).toContain('令和6年度版');
    expect(finance).toMatch(/歳入合計 20,100 20,000 19,800 19,600 19,500/);
    expect(finance).not.toContain('市税'); // an item row of a table with totals is not a key row
    expect(html).toMatch(/<svg [^>]*role="img" aria-label="歳入歳出の見通し/);

    const effects = section(html, 'effects-heading');
    expect(effects).toContain(EFFECT_RULE);
    expect(effects).toContain('2,500,000円');
    expect(effects).toContain('1,000,000円');
    expect(effects).toContain('3,500,000円');
    expect(effects).toContain('13.0時間');
    // the answer not accepted is not counted
    expect(html).not.toContain('99,999,999');

    const opinions = section(html, 'opinions-heading');
    expect(opinions).toContain(CLOSED_OPINION);
    expect(opinions).toContain('令和7年度に対象業務を拡大します。');
    expect(opinions).toContain('計画全体の進め方についての意見。'); // held 31 March 2025: FY2024
    expect(opinions).not.toContain('翌年度の会議での意見。');
    expect(html).not.toContain(OPEN_OPINION);
    expect(html).not.toContain(OTHER_PLAN_OPINION);
    expect(html).not.toContain(UNPUBLISHED_MEETING_TITLE);

    // links to the other years' reports and to the PDF
    for (const y of [2025, 2026]) expect(html).toContain(`href="${publicPaths.annualReport(code(), f.planId, y)}"`);
    expect(html).toContain(`href="${publicPaths.annualReportPdf(code(), f.planId, 2024)}"`);
  });

  it('compares with the previous published round and leaves out what the year has not got', async () => {
    const html = (await get(publicPaths.annualReport(code(), f.planId, 2025))).body.toString('utf8');
    const progress = section(html, 'progress-heading');
    expect(progress).toContain('令和7年度第2四半期');
    expect(progress).toContain('前回「令和6年度実績」からの増減');
    // RQ: A7 partial, six items 回答なし, against R1's 2 / 1 / 1 / 1 / 3 of 8
    expect(progress).toMatch(/計 0件 −2 1件 ±0 0件 −1 0件 −1 6件 \+3 7件 −1/);
    expect(section(html, 'kpis-heading')).toContain('令和7年度の数値目標・KPI の実績は公表していません');
    expect(html).not.toContain('id="effects-heading"');

    const only = (await get(publicPaths.annualReport(code(), f.planId, 2026))).body.toString('utf8');
    expect(section(only, 'progress-heading')).toContain('令和8年度を対象とした調査の結果は公表していません');
    expect(section(only, 'kpis-heading')).toMatch(/ふるさと納税の受入件数.*— 実績なし 令和8年度の実績値はありません/);
  });

  it('serves the report as an A4 portrait PDF with the plan’s title', async () => {
    const r = await get(publicPaths.annualReportPdf(code(), f.planId, 2024));
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/pdf');
    expect(r.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(r.headers.get('content-disposition')).toContain('inline');
    // A4 portrait: 595 × 842 points
    expect(r.body.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.2\d* 841\.8\d*\]/);
    if (HAS_PDFTOTEXT) {
      const text = spawnSync('pdftotext', ['-raw', '-', '-'], { input: r.body }).stdout.toString('utf8').replace(/\s+/g, '');
      expect(text).toContain('公開市第6次行政改革大綱令和6年度年次報告書');
      expect(text).toContain(EFFECT_RULE);
      expect(text).toContain(CLOSED_OPINION.replace(/\s+/g, ''));
      expect(text).toContain('ふるさと納税の受入件数');
      expect(text).toContain('達成1件、目標年度前1件、未達成0件、実績なし0件');
      expect(text).not.toContain(UNPUBLISHED_ROUND_LABEL);
    } else {
      console.warn('pdftotext (poppler-utils) が見つからないため、PDF の文字の確認を省略します。');
    }
    // the same bytes again come from the cache, with the ETag
    const again = await app.request(publicPaths.annualReportPdf(code(), f.planId, 2024), { headers: { 'if-none-match': r.headers.get('etag')! } });
    expect(again.status).toBe(304);
  }, 60_000);

  it('answers 404 for an unknown plan, a year with nothing published, malformed ids and another municipality', async () => {
    const other = await createTestMunicipality(store.db, '別市');
    const paths = [
      publicPaths.annualReport(code(), f.otherPlan, 2024),
      publicPaths.annualReport(code(), '00000000-0000-4000-8000-000000000000', 2024),
      publicPaths.annualReport(code(), f.planId, 2023),
      publicPaths.annualReport(code(), f.planId, 2027),
      `/m/${code()}/public/plans/not-a-uuid/reports/2024`,
      `/m/${code()}/public/plans/${f.planId}/reports/R6`,
      `/m/${code()}/public/plans/${f.planId}/reports/99999`,
      publicPaths.annualReport(other.code, f.planId, 2024),
      publicPaths.annualReport('999999', f.planId, 2024),
      publicPaths.annualReportPdf(code(), f.planId, 2023),
      publicPaths.annualReportPdf(other.code, f.planId, 2024),
    ];
    for (const p of paths) {
      const r = await get(p);
      expect(r.status, p).toBe(404);
      expect(r.type, p).toContain('text/html');
      expect(r.body.toString('utf8'), p).toMatch(/見つかりません/);
    }
  });
});
