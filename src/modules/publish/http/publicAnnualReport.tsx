/**
 * The annual report (年次報告書) of a plan and fiscal year, for citizens: one page and one PDF (A4
 * portrait), both printing the model of domain/annualReport.ts assembled from what is published now.
 * - GET /m/:code/public/plans/:planId/reports/:fy
 * - GET /m/:code/public/plans/:planId/reports/:fy/report.pdf (laid out in the render worker, kept by digest)
 * An unknown plan, a year with nothing published, or a malformed id or year is 404 (the page does
 * not tell which).
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import { renderChart, type RenderedChart } from '../../../shared/charts/index.js';
import { keptPromises } from '../../../shared/promiseCache.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { scopeOf } from '../../../shared/http/tenant.js';
import { UUID_RE } from '../../../shared/ids.js';
import { fiscalYearLabel, isFiscalYear } from '../../fiscal/domain/index.js';
import { safeFileName } from '../../exports/xlsx/styles.js';
import { contentDisposition } from '../../jobs/domain/files.js';
import { hoursText, kpiCountsText, REPORT_CHART_SIZE, yenText, type AnnualReport, type FinancePart, type ProgressPart } from '../domain/annualReport.js';
import { renderOffThread } from '../pdf/offThread.js';
import { StatusCountTable } from './publicCounts.js';
import { loadAnnualReport } from '../queries/annualReport.js';
import { PUBLIC_CACHE_CONTROL, matchesIfNoneMatch } from './publicRoutes.js';
import { ChartFigure, DateText, Layout, NotFoundPage, municipalityNotFound, page, publicMunicipality, publicPaths, type PublicMunicipality } from './publicLayout.js';

type Municipality = PublicMunicipality;

/** A chart with its caption and data table, as on the other pages of the site. */
const Chart: FC<{ chart: RenderedChart; id: string }> = ({ chart, id }) => <ChartFigure chart={chart} caption={chart.table.caption} id={id} />;

// ───────────── sections ─────────────

const ProgressSection: FC<{ m: Municipality; p: ProgressPart | null; yearLabel: string; chart: RenderedChart | null }> = ({ m, p, yearLabel, chart }) => (
  <section aria-labelledby="progress-heading">
    <h2 id="progress-heading">取組の進捗状況</h2>
    {!p ? (
      <p>{yearLabel}を対象とした調査の結果は公表していません。</p>
    ) : (
      <>
        <p>
          <a href={publicPaths.round(m.code, p.round.id)}>{p.round.label}</a>（<DateText iso={p.round.asOfDate} />
          時点）の結果です。対象の取組 {p.total.total.count.toLocaleString('ja-JP')}件（うち事務局が確認して公表した回答 {p.round.itemCount.toLocaleString('ja-JP')}
          件）を、状況の区分ごとに数えています。
        </p>
        {p.others.length ? (
          <p class="note">
            同じ年度のほかの調査:{' '}
            {p.others.map((o, i) => (
              <>
                {i ? '、' : ''}
                <a href={publicPaths.round(m.code, o.id)}>{o.label}</a>
              </>
            ))}
          </p>
        ) : null}
        <StatusCountTable id="progress-caption" levelName={p.levelName} previousLabel={p.previous?.label ?? null} statuses={p.statuses} rows={[...p.rows, p.total]} />
        <p class="note">
          {p.previous ? (
            <>
              前回: <a href={publicPaths.round(m.code, p.previous.id)}>{p.previous.label}</a>（<DateText iso={p.previous.asOfDate} />
              時点）
            </>
          ) : (
            '比べられる前回の公表した調査はありません。'
          )}
        </p>
        {p.legend.length ? (
          <ul class="note">
            {p.legend.map((l) => (
              <li>
                <span aria-hidden="true">{l.symbol}</span> <strong>{l.label}</strong>
                {l.definition && l.definition !== l.label ? `: ${l.definition}` : ''}
              </li>
            ))}
          </ul>
        ) : null}
        {chart ? <Chart chart={chart} id="chart-status" /> : null}
      </>
    )}
  </section>
);

const KpiSection: FC<{ m: Municipality; r: AnnualReport }> = ({ m, r }) => {
  const k = r.kpis;
  return (
    <section aria-labelledby="kpis-heading">
      <h2 id="kpis-heading">数値目標・KPI</h2>
      {!k ? (
        <p>{r.yearLabel}の数値目標・KPI の実績は公表していません。</p>
      ) : (
        <>
          <p>
            {r.yearLabel}の実績値（<DateText iso={k.publishedOn} />
            公表）と、目標に対する評価です。{kpiCountsText(k.counts)}（目標年度前＝目標値の年度がまだ終わっていない指標）。
          </p>
          <div class="table-wrap" role="region" aria-labelledby="kpis-caption" tabindex={0}>
            <table>
              <caption id="kpis-caption">
                {r.yearLabel}の数値目標・KPI（{k.rows.length}件）
              </caption>
              <thead>
                <tr>
                  <th scope="col">指標</th>
                  <th scope="col">基準値</th>
                  <th scope="col">目標値</th>
                  <th scope="col">{r.yearLabel}の実績</th>
                  <th scope="col">評価</th>
                </tr>
              </thead>
              <tbody>
                {k.rows.map((row) => (
                  <tr>
                    <th scope="row">
                      <span class="name">
                        {row.number ? `${row.number} ` : ''}
                        {row.name}
                      </span>
                      {row.category ? <span class="desc">{row.category}</span> : null}
                    </th>
                    <td>{row.baseline}</td>
                    <td>{row.target}</td>
                    <td class="nowrap">
                      {row.actual}
                      {row.actualNote ? <span class="desc">{row.actualNote}</span> : null}
                    </td>
                    <td>
                      <strong>{row.statusLabel}</strong>
                      {row.note ? <span class="desc">{row.note}</span> : null}
                      {row.progress ? <span class="desc">進捗率 {row.progress}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="note">
            年度ごとの推移: <a href={publicPaths.kpis(m.code, r.plan.id)}>{r.plan.title}の数値目標・KPI</a>
          </p>
        </>
      )}
    </section>
  );
};

const FinanceTable: FC<{ f: FinancePart; i: number; chart: RenderedChart | null }> = ({ f, i, chart }) => (
  <>
    <h3 id={`finance-${i}`}>
      {f.title}
      <span class="desc">
        {f.editionLabel}（<DateText iso={f.publishedOn} />
        公表）
      </span>
    </h3>
    <div class="table-wrap" role="region" aria-labelledby={`finance-${i}-caption`} tabindex={0}>
      <table>
        <caption id={`finance-${i}-caption`}>
          {f.title}の主な行{f.unitLine}
        </caption>
        <thead>
          <tr>
            <th scope="col">区分</th>
            {f.columns.map((c) => (
              <th scope="col" class="center">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {f.rows.map((row) => (
            <tr>
              <th scope="row">{row.label}</th>
              {row.cells.map((t) => (
                <td class="num">{t}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    {chart ? (
      <>
        <p class="note">グラフは、実績のある年度は実績、ほかの年度は計画・見込みの値です。</p>
        <Chart chart={chart} id={`chart-finance-${i}`} />
      </>
    ) : null}
  </>
);

const EffectSection: FC<{ r: AnnualReport }> = ({ r }) => {
  const e = r.effects;
  if (!e) return null;
  return (
    <section aria-labelledby="effects-heading">
      <h2 id="effects-heading">取組の効果額</h2>
      <p>
        {e.rule}です（「{e.roundLabel}」の回答 {e.items.length}件）。
      </p>
      <div class="table-wrap" role="region" aria-labelledby="effects-caption" tabindex={0}>
        <table>
          <caption id="effects-caption">{r.yearLabel}の効果額（合計）</caption>
          <tbody>
            <tr>
              <th scope="row">効果額（歳入増）</th>
              <td class="num">{yenText(e.revenueYen)}</td>
            </tr>
            <tr>
              <th scope="row">効果額（歳出減）</th>
              <td class="num">{yenText(e.expenseYen)}</td>
            </tr>
            <tr>
              <th scope="row">効果額の合計</th>
              <td class="num">
                <strong>{yenText(e.totalYen)}</strong>
              </td>
            </tr>
            <tr>
              <th scope="row">削減時間（年間）</th>
              <td class="num">{hoursText(e.hoursTenths)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <div class="table-wrap" role="region" aria-labelledby="effect-items-caption" tabindex={0}>
        <table>
          <caption id="effect-items-caption">効果額を記入した取組（{e.items.length}件）</caption>
          <thead>
            <tr>
              <th scope="col">取組</th>
              <th scope="col">歳入増</th>
              <th scope="col">歳出減</th>
              <th scope="col">削減時間</th>
              <th scope="col">効果の区分</th>
            </tr>
          </thead>
          <tbody>
            {e.items.map((i) => (
              <tr>
                <th scope="row">{[i.number, i.title].filter(Boolean).join(' ')}</th>
                <td class="num">{i.revenueYen === null ? '—' : yenText(i.revenueYen)}</td>
                <td class="num">{i.expenseYen === null ? '—' : yenText(i.expenseYen)}</td>
                <td class="num">{i.hoursTenths === null ? '—' : hoursText(i.hoursTenths)}</td>
                <td>{i.kind}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
};

const OpinionSection: FC<{ m: Municipality; r: AnnualReport }> = ({ m, r }) => (
  <section aria-labelledby="opinions-heading">
    <h2 id="opinions-heading">審議会等の意見と対応</h2>
    {!r.meetings.length ? (
      <p>{r.yearLabel}に開催し公表した会議の、この計画についての意見はありません。</p>
    ) : (
      r.meetings.map((mt) => (
        <>
          <h3 id={`meeting-${mt.id}`}>
            {mt.title}
            <span class="desc">
              {mt.body}・<DateText iso={mt.heldOn} />
              開催（
              <DateText iso={mt.publishedOn} />
              公表）
            </span>
          </h3>
          <ol class="opinions">
            {mt.opinions.map((o) => (
              <li>
                <h4>{o.concerns ? `意見（${o.concerns}）` : '意見'}</h4>
                <p class="text">{o.body}</p>
                <h4>
                  {m.name}の対応{o.departmentName ? <span class="desc">担当: {o.departmentName}</span> : null}
                </h4>
                <p class="text">{o.response || '（対応の記載はありません）'}</p>
              </li>
            ))}
          </ol>
        </>
      ))
    )}
    <p class="note">
      すべての会議の意見と対応: <a href={publicPaths.opinions(m.code)}>審議会等の意見と対応</a>
    </p>
  </section>
);

interface Drawn {
  status: RenderedChart | null;
  finance: (RenderedChart | null)[];
}

export const AnnualReportPage: FC<{ m: Municipality; r: AnnualReport; years: number[]; drawn: Drawn; banner?: unknown }> = ({ m, r, years, drawn, banner }) => {
  const others = years.filter((y) => y !== r.fiscalYear);
  return (
    <Layout title={`${r.title}｜${m.name}の行政改革`} municipality={m} banner={banner}>
      <header>
        <p class="lead">
          <a href={publicPaths.home(m.code)}>{m.name}の行政改革</a> ＞ <a href={publicPaths.plan(m.code, r.plan.id)}>{r.plan.title}</a>
        </p>
        <h1>
          {r.yearLabel} 年次報告書<span class="desc">{r.plan.title}</span>
        </h1>
        <p>
          {r.plan.title}（計画期間 {r.plan.periodLabel}）の{r.yearLabel}の取組の状況を、{m.name}
          が公表した内容からまとめた報告書です。公表したときの内容のままで、公表していない回答や値は含みません。
        </p>
        <p>
          公表日: <DateText iso={r.publishedOn || null} />
        </p>
        <ul class="downloads">
          <li>
            <a href={publicPaths.annualReportPdf(m.code, r.plan.id, r.fiscalYear)} type="application/pdf">
              PDF（A4縦）<span class="vh">（{r.title}）</span>
            </a>
          </li>
        </ul>
        <nav aria-labelledby="toc-heading">
          <h2 id="toc-heading" class="vh">
            この報告書の目次
          </h2>
          <ol>
            <li>
              <a href="#progress-heading">取組の進捗状況</a>
            </li>
            <li>
              <a href="#kpis-heading">数値目標・KPI</a>
            </li>
            <li>
              <a href="#finance-heading">財政の見通し</a>
            </li>
            {r.effects ? (
              <li>
                <a href="#effects-heading">取組の効果額</a>
              </li>
            ) : null}
            <li>
              <a href="#opinions-heading">審議会等の意見と対応</a>
            </li>
          </ol>
        </nav>
      </header>
      <main>
        <ProgressSection m={m} p={r.progress} yearLabel={r.yearLabel} chart={drawn.status} />
        <KpiSection m={m} r={r} />
        <section aria-labelledby="finance-heading">
          <h2 id="finance-heading">財政の見通し</h2>
          {r.finance.length ? (
            <>
              <p>計画期間（{r.plan.periodLabel}）の主な行です。</p>
              {r.finance.map((f, i) => (
                <FinanceTable f={f} i={i} chart={drawn.finance[i] ?? null} />
              ))}
              <p class="note">
                表の全体: <a href={publicPaths.finance(m.code, r.plan.id)}>{r.plan.title}の財政・定員の見通し</a>
              </p>
            </>
          ) : (
            <p>計画期間の財政・定員の表は公表していません。</p>
          )}
        </section>
        <EffectSection r={r} />
        <OpinionSection m={m} r={r} />
        {others.length ? (
          <section aria-labelledby="years-heading">
            <h2 id="years-heading">ほかの年度の報告書</h2>
            <ul>
              {others.map((y) => (
                <li>
                  <a href={publicPaths.annualReport(m.code, r.plan.id, y)}>{fiscalYearLabel(y)} 年次報告書</a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </main>
    </Layout>
  );
};

/** The charts of a report, drawn (or taken from the cache). */
export async function drawReportCharts(r: AnnualReport): Promise<Drawn> {
  const [status, ...finance] = await Promise.all([r.statusChart ? renderChart(r.statusChart, REPORT_CHART_SIZE) : null, ...r.finance.map((f) => (f.chart ? renderChart(f.chart, REPORT_CHART_SIZE) : null))]);
  return { status: status ?? null, finance };
}

const reportNotFound = (
  <NotFoundPage title="年次報告書が見つかりません" message="この計画・年度の年次報告書は公表されていません。アドレスを確かめるか、計画のページからお探しください。" />
);

/** The plan and year of the path, when well-formed. */
function target(c: Context<AppEnv>): { planId: string; fiscalYear: number } | null {
  const planId = c.req.param('planId') ?? '';
  const fy = c.req.param('fy') ?? '';
  if (!UUID_RE.test(planId) || !/^\d{4}$/.test(fy) || !isFiscalYear(Number(fy))) return null;
  return { planId, fiscalYear: Number(fy) };
}

async function loadReport(c: Context<AppEnv>): Promise<{ report: AnnualReport; years: number[] } | null> {
  const t = target(c);
  return t ? loadAnnualReport(scopeOf(c), t.planId, t.fiscalYear) : null;
}

/**
 * PDFs are laid out in the worker thread and kept by the digest of what they are made from, so a
 * report asked for by many citizens is laid out once (and again only when a publication changes it).
 */
const pdfs = keptPromises<{ bytes: Buffer; etag: string }>(16);

function renderedPdf(m: Municipality, r: AnnualReport): Promise<{ bytes: Buffer; etag: string }> {
  const digest = createHash('sha256').update(JSON.stringify([m.code, m.name, r])).digest('base64url').slice(0, 32);
  return pdfs(`${r.plan.id}:${r.fiscalYear}:${digest}`, async () => ({ bytes: await renderOffThread('annualReportPdf', { report: r, municipality: m.name }), etag: `"${digest}"` }));
}

export function publicAnnualReportRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/m/:code/public/plans/:planId/reports/:fy', async (c) => {
    const m = await publicMunicipality(c);
    if (!m) return page(c, municipalityNotFound(c.req.param('code')), 404);
    const loaded = await loadReport(c);
    if (!loaded) return page(c, reportNotFound, 404);
    return page(c, <AnnualReportPage m={m} r={loaded.report} years={loaded.years} drawn={await drawReportCharts(loaded.report)} />, 200);
  });
  r.get('/m/:code/public/plans/:planId/reports/:fy/report.pdf', async (c) => {
    const m = await publicMunicipality(c);
    if (!m) return page(c, municipalityNotFound(c.req.param('code')), 404);
    const loaded = await loadReport(c);
    if (!loaded) return page(c, reportNotFound, 404);
    const report = loaded.report;
    const file = await renderedPdf(m, report);
    const caching = { 'cache-control': PUBLIC_CACHE_CONTROL, etag: file.etag };
    if (matchesIfNoneMatch(c.req.header('if-none-match'), file.etag)) return c.body(null, 304, caching);
    return c.body(new Uint8Array(file.bytes), 200, {
      ...caching,
      'content-type': 'application/pdf',
      'content-disposition': contentDisposition('inline', safeFileName(`${report.title}.pdf`), `annual-report-${report.fiscalYear}.pdf`),
    });
  });
  return r;
}
