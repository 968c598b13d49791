/**
 * What every citizens' page shares: the HTML frame with the municipality's navigation, the
 * stylesheet (served by this app, system fonts only: nothing loads from other hosts), dates in
 * 和暦 beside ISO, the 404 page, the chart figure (SVG + data table), and the answer with an ETag
 * (revalidated on every visit, so a correction or withdrawal shows at once).
 */
import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import { CHART_FONT_FAMILY, CHART_FONT_SIZE, chartDataTable, renderChart, type ChartSpec, type RenderedChart } from '../../../shared/charts/index.js';
import { log } from '../../../shared/log.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { formatWarekiDate } from '../../fiscal/domain/index.js';
import { findMunicipalityByCode } from '../../municipalities/queries/municipalities.js';
import { PUBLIC_CACHE_CONTROL, etagOf, matchesIfNoneMatch } from './publicRoutes.js';

export const PUBLIC_STYLESHEET = '/public-site.css';

export { publicPaths } from './publicPaths.js';
import { publicPaths } from './publicPaths.js';

export type PublicSection = 'home' | 'plans' | 'progress' | 'opinions' | 'open-data' | 'search';

export const DateText: FC<{ iso: string | null; empty?: string }> = ({ iso, empty = 'まだありません' }) =>
  iso ? (
    <time datetime={iso}>
      {formatWarekiDate(iso)}
      <span class="iso">（{iso}）</span>
    </time>
  ) : (
    <span>{empty}</span>
  );

/** One entry of the site navigation; the current section is marked for screen readers too. */
const NavLink: FC<{ href: string; current: boolean; children?: unknown }> = ({ href, current, children }) => (
  <li>
    <a href={href} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  </li>
);

/**
 * The frame; with a municipality, its navigation between the sections. A skip link leads past the
 * navigation to the page's own content (JIS X 8341-3 / WCAG 2.4.1).
 */
export const Layout: FC<{ title: string; municipality?: { code: string; name: string }; section?: PublicSection; wide?: boolean; banner?: unknown; children?: unknown }> = ({
  title,
  municipality,
  section,
  wide,
  banner,
  children,
}) => (
  <html lang="ja">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title}</title>
      <link rel="stylesheet" href={PUBLIC_STYLESHEET} />
    </head>
    <body class={wide ? 'wide' : undefined}>
      <a class="skip" href="#content">
        本文へ移動
      </a>
      {banner ?? null}
      {municipality ? (
        <nav class="site" aria-label={`${municipality.name}の行政改革`}>
          <a class="site-name" href={publicPaths.home(municipality.code)}>
            {municipality.name} 行政改革
          </a>
          <ul>
            <NavLink href={publicPaths.home(municipality.code)} current={section === 'home'}>
              ホーム
            </NavLink>
            <NavLink href={`${publicPaths.home(municipality.code)}#plans`} current={section === 'plans'}>
              計画
            </NavLink>
            <NavLink href={publicPaths.progress(municipality.code)} current={section === 'progress'}>
              進捗状況
            </NavLink>
            <NavLink href={publicPaths.opinions(municipality.code)} current={section === 'opinions'}>
              審議会等の意見と対応
            </NavLink>
            <NavLink href={publicPaths.openData(municipality.code)} current={section === 'open-data'}>
              オープンデータ
            </NavLink>
            <NavLink href={publicPaths.search(municipality.code)} current={section === 'search'}>
              検索
            </NavLink>
          </ul>
        </nav>
      ) : null}
      <div id="content">{children}</div>
    </body>
  </html>
);

export const NotFoundPage: FC<{ title: string; message: string; municipality?: PublicMunicipality }> = ({ title, message, municipality }) => (
  <Layout title={title} municipality={municipality}>
    <main>
      <h1>{title}</h1>
      <p>{message}</p>
      {municipality ? (
        <p>
          <a href={publicPaths.home(municipality.code)}>{municipality.name}の行政改革のホーム</a>へ戻る
        </p>
      ) : null}
    </main>
  </Layout>
);

export const municipalityNotFound = (code: string) => (
  <NotFoundPage title="団体が見つかりません" message={`団体コード ${code} の団体の公開ページはありません。アドレスを確かめてください。`} />
);

/**
 * A chart's SVG as inlined in a page: ECharts writes the same font declaration on every text element;
 * it is said once on the root instead (SVG text inherits it), a quarter of the bytes of a small chart.
 */
export function compactChartSvg(svg: string): string {
  const style = ` style="font-size:${CHART_FONT_SIZE}px;font-family:${CHART_FONT_FAMILY};"`;
  if (!svg.includes(style)) return svg;
  return svg.split(style).join('').replace(/^<svg\b/, `<svg font-size="${CHART_FONT_SIZE}" font-family="${CHART_FONT_FAMILY}"`);
}

/**
 * The chart of a spec, or null when the figures cannot be drawn (the renderer refuses a malformed
 * spec, e.g. years spanning too long): the page then shows the figures without the picture.
 */
export async function chartOrNull(spec: ChartSpec): Promise<RenderedChart | null> {
  try {
    return await renderChart(spec);
  } catch (err) {
    log.warn({ err, chart: spec.kind }, 'グラフを描けなかったため、公開ページには表だけを載せます');
    return null;
  }
}

/** A chart's data table (figures right-aligned), right after the chart: screen readers, print and anyone who wants the figures. */
export const ChartTable: FC<{ chart: RenderedChart; id: string }> = ({ chart, id }) => {
  const view = chartDataTable(chart.table);
  return (
    <div class="table-wrap" role="region" aria-labelledby={`${id}-caption`} tabindex={0}>
      <table class="compact">
        <caption id={`${id}-caption`}>{view.caption}（グラフのデータ）</caption>
        <thead>
          <tr>
            {view.head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.rows.map((r) => (
            <tr>
              <th scope="row" class="nowrap">
                {r.header}
              </th>
              {r.cells.map((c) => (
                <td class={c.numeric ? 'num' : undefined}>{c.text}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

/** The one way a page shows a chart: the SVG (role="img" with its text alternative) in a figure with a caption, then its data table. */
export const ChartFigure: FC<{ chart: RenderedChart; caption: string; id: string }> = ({ chart, caption, id }) => (
  <>
    <figure class="chart" id={id}>
      <figcaption>{caption}</figcaption>
      {raw(compactChartSvg(chart.svg))}
    </figure>
    <ChartTable chart={chart} id={id} />
  </>
);

/** A municipality as the pages name it. */
export type PublicMunicipality = { code: string; name: string };

/**
 * The municipality of the path's 団体コード, set as the request's tenant (the queries are scoped by it),
 * or null for a code that is malformed or names no municipality (the pages answer 404).
 */
export async function publicMunicipality(c: Context<AppEnv>): Promise<PublicMunicipality | null> {
  const code = c.req.param('code') ?? '';
  const m = /^\d{6}$/.test(code) ? await findMunicipalityByCode(c.get('store').db, code) : null;
  if (m) c.set('municipality', m);
  return m;
}

/** The page as the answer, with an ETag of its bytes (304 on a match; PUBLIC_CACHE_CONTROL); errors are not cached. */
export async function page(c: Context<AppEnv>, node: { toString(): string | Promise<string> }, status: 200 | 404) {
  const text = `<!DOCTYPE html>${await node.toString()}`;
  if (status !== 200) return c.html(text, status, { 'cache-control': 'no-store' });
  const etag = etagOf(text);
  const caching = { 'cache-control': PUBLIC_CACHE_CONTROL, etag };
  if (matchesIfNoneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304, caching);
  return c.html(text, 200, caching);
}

/**
 * System fonts only (nothing loads from other hosts); one column that fits a phone (390 px): wide
 * tables scroll inside their own box, charts scale down, long words wrap, and text hidden for screen
 * readers (.vh) is clipped inside its positioned box so it never widens the page.
 * Colours: text ≥ 4.5:1 on their backgrounds, the focus ring ≥ 3:1.
 */
export const STYLESHEET = `
:root { color-scheme: light; --fg: #1a1a1a; --muted: #4d4d4d; --line: #cccccc; --link: #0031d8; --bg-head: #f2f2f2; --bg-group: #e8f1fe; --focus: #b35900; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 64rem; padding: 1rem; font-family: system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", Meiryo, sans-serif;
  font-size: 1rem; line-height: 1.7; color: var(--fg); background: #fff; overflow-wrap: break-word; position: relative; overflow-x: hidden; overflow-x: clip; }
#content { position: relative; }
h1 { font-size: 1.75rem; line-height: 1.4; margin: 0.25rem 0 0.75rem; }
h2 { font-size: 1.35rem; line-height: 1.4; margin: 2rem 0 0.75rem; padding-bottom: 0.25rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.15rem; line-height: 1.4; margin: 1.5rem 0 0.5rem; }
a { color: var(--link); text-underline-offset: 0.2em; }
a:focus-visible, .table-wrap:focus-visible, input:focus-visible, button:focus-visible, summary:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: 0.5rem; top: -10rem; background: #fff; padding: 0.5rem 0.75rem; border: 2px solid var(--fg); z-index: 10; }
.skip:focus { top: 0.5rem; }
nav.site { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem 1.5rem; padding-bottom: 0.5rem; margin-bottom: 1rem; border-bottom: 1px solid var(--line); }
nav.site .site-name { font-weight: bold; color: var(--fg); }
nav.site ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }
nav.site a { display: inline-block; padding: 0.25rem 0; }
nav.site a[aria-current="page"] { font-weight: bold; color: var(--fg); text-decoration-thickness: 3px; }
.lead, .note, .iso { color: var(--muted); }
.note { font-size: 0.9rem; }
.iso { font-size: 0.85rem; white-space: nowrap; }
.table-wrap { position: relative; max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; min-width: 40rem; }
table.compact { min-width: 0; width: auto; }
caption { text-align: left; font-weight: bold; padding: 0.5rem 0; }
th, td { border: 1px solid var(--line); padding: 0.5rem 0.6rem; vertical-align: top; text-align: left; }
thead th { background: var(--bg-head); white-space: nowrap; }
tbody th { font-weight: normal; }
tr.group th { background: var(--bg-group); font-weight: bold; }
tr.total th, tr.total td { font-weight: bold; }
tr.breakdown th { padding-left: 1.5rem; }
.name { display: block; font-weight: bold; }
.desc { display: block; font-size: 0.9rem; color: var(--muted); }
body.wide { max-width: 90rem; }
.item { min-width: 14rem; }
.dept { min-width: 6rem; }
.num { text-align: right; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.center { text-align: center; }
.mark { font-size: 1.1rem; }
.text { min-width: 16rem; white-space: pre-line; }
.pre { white-space: pre-line; }
h4 { font-size: 1rem; margin: 0.75rem 0 0.25rem; }
h1 .desc, h2 .desc, h3 .desc, h4 .desc { display: block; font-weight: normal; }
ol.opinions { padding-left: 1.5rem; }
ol.opinions > li { margin-bottom: 1.5rem; }
ol.opinions h3 { margin-top: 0.5rem; }
.downloads { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.75rem; }
.downloads a { display: inline-block; min-width: 2.75rem; padding: 0.25rem 0; }
.preview-banner { border: 3px solid #b35900; background: #fff4e5; padding: 0.75rem 1rem; margin-bottom: 1rem; }
.vh { position: absolute; top: 0; left: 0; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
code { font-size: 0.9rem; word-break: break-all; }
figure { margin: 1rem 0; }
figure.chart { max-width: 36rem; }
figure.chart svg, svg[role="img"] { display: block; max-width: 100%; height: auto; }
figcaption { font-weight: bold; margin-bottom: 0.25rem; }
dl.facts { display: grid; grid-template-columns: minmax(6rem, max-content) 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; min-width: 0; }
.badge { display: inline-block; border: 1px solid var(--fg); border-radius: 0.25rem; padding: 0 0.35rem; font-size: 0.85rem; line-height: 1.5; margin-left: 0.25rem; white-space: nowrap; }
.tags { display: inline; font-size: 0.9rem; color: var(--muted); }
ul.tree, ul.tree ul { list-style: none; margin: 0; padding-left: 0; }
ul.tree ul { padding-left: 1rem; border-left: 2px solid var(--line); margin-left: 0.25rem; }
ul.tree li { margin: 0.35rem 0; }
.level { font-size: 0.85rem; color: var(--muted); margin-right: 0.35rem; }
ul.counts { list-style: none; padding: 0; margin: 0.25rem 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
ul.plain { padding-left: 1.25rem; }
.card { border: 1px solid var(--line); border-radius: 0.5rem; padding: 0.25rem 1rem 0.75rem; margin: 1rem 0; }
.card h3 { margin-top: 0.75rem; }
form.search { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.5rem 0 1rem; }
form.search input { font: inherit; padding: 0.4rem 0.5rem; border: 1px solid #767676; border-radius: 0.25rem; min-width: 0; flex: 1 1 14rem; max-width: 30rem; }
form.search button { font: inherit; padding: 0.4rem 1rem; border: 1px solid var(--fg); border-radius: 0.25rem; background: var(--fg); color: #fff; cursor: pointer; }
mark { background: #fff0a0; color: inherit; }
ol.results { padding-left: 1.5rem; }
ol.results > li { margin-bottom: 0.75rem; }
.problem { border-left: 4px solid #b35900; padding: 0.25rem 0.75rem; }
@media (max-width: 40rem) { body { padding: 0.75rem; } h1 { font-size: 1.45rem; } dl.facts { grid-template-columns: 1fr; } dl.facts dd { margin-bottom: 0.5rem; } }
@media print { nav.site, .skip, form.search { display: none; } .table-wrap { overflow: visible; } a { color: inherit; } }
`;
