/**
 * What every citizens' page shares: the HTML frame with the municipality's navigation, the
 * stylesheet (served by this app, system fonts only: nothing loads from other hosts), dates in
 * 和暦 beside ISO, the 404 page, and the answer with caching (ETag, 5 minutes).
 */
import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import type { AppEnv } from '../../../shared/http/types.js';
import { formatWarekiDate } from '../../fiscal/domain/index.js';
import { findMunicipalityByCode } from '../../municipalities/queries/municipalities.js';
import { PUBLIC_CACHE_CONTROL, etagOf, matchesIfNoneMatch } from './publicRoutes.js';

export const PUBLIC_STYLESHEET = '/public-site.css';

/** The pages of a municipality, as paths (they work behind any proxy). */
export const publicPaths = {
  progress: (code: string) => `/m/${code}/progress`,
  round: (code: string, roundId: string) => `/m/${code}/progress/${roundId}`,
  roundFile: (code: string, roundId: string, format: 'pdf' | 'xlsx') => `/m/${code}/progress/${roundId}/table.${format}`,
  // not /opinions: the staff UI has that path
  opinions: (code: string) => `/m/${code}/council`,
  openData: (code: string) => `/m/${code}/open-data`,
  schema: (code: string) => `/m/${code}/open-data/schema`,
};

export type PublicSection = 'progress' | 'opinions' | 'open-data';

export const DateText: FC<{ iso: string | null; empty?: string }> = ({ iso, empty = 'まだありません' }) =>
  iso ? (
    <time datetime={iso}>
      {formatWarekiDate(iso)}
      <span class="iso">（{iso}）</span>
    </time>
  ) : (
    <span>{empty}</span>
  );

/** The frame; with a municipality, its navigation between the sections (the current one marked for screen readers too). */
export const Layout: FC<{ title: string; municipality?: { code: string; name: string }; section?: PublicSection; wide?: boolean; children?: unknown }> = ({
  title,
  municipality,
  section,
  wide,
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
      {municipality ? (
        <nav class="site" aria-label={`${municipality.name}の行政改革`}>
          <span class="site-name">{municipality.name} 行政改革</span>
          <ul>
            <li>
              <a href={publicPaths.progress(municipality.code)} aria-current={section === 'progress' ? 'page' : undefined}>
                進捗状況
              </a>
            </li>
            <li>
              <a href={publicPaths.opinions(municipality.code)} aria-current={section === 'opinions' ? 'page' : undefined}>
                審議会等の意見と対応
              </a>
            </li>
            <li>
              <a href={publicPaths.openData(municipality.code)} aria-current={section === 'open-data' ? 'page' : undefined}>
                オープンデータ
              </a>
            </li>
          </ul>
        </nav>
      ) : null}
      {children}
    </body>
  </html>
);

export const NotFoundPage: FC<{ title: string; message: string }> = ({ title, message }) => (
  <Layout title={title}>
    <main>
      <h1>{title}</h1>
      <p>{message}</p>
    </main>
  </Layout>
);

export const municipalityNotFound = (code: string) => (
  <NotFoundPage title="団体が見つかりません" message={`団体コード ${code} の団体の公開ページはありません。アドレスを確かめてください。`} />
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

/** The page as the answer: cached 5 minutes with an ETag of its bytes (304 on a match); errors are not cached. */
export async function page(c: Context<AppEnv>, node: { toString(): string | Promise<string> }, status: 200 | 404) {
  const text = `<!DOCTYPE html>${await node.toString()}`;
  if (status !== 200) return c.html(text, status, { 'cache-control': 'no-store' });
  const etag = etagOf(text);
  const caching = { 'cache-control': PUBLIC_CACHE_CONTROL, etag };
  if (matchesIfNoneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304, caching);
  return c.html(text, 200, caching);
}

/** System fonts only (nothing loads from other hosts); one column that fits a phone, wide tables scroll sideways. */
export const STYLESHEET = `
:root { color-scheme: light; --fg: #1a1a1a; --muted: #4d4d4d; --line: #cccccc; --link: #0031d8; --bg-head: #f2f2f2; --bg-group: #e8f1fe; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 64rem; padding: 1rem; font-family: system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", Meiryo, sans-serif;
  font-size: 1rem; line-height: 1.7; color: var(--fg); background: #fff; }
h1 { font-size: 1.75rem; line-height: 1.4; margin: 0.25rem 0 0.75rem; }
h2 { font-size: 1.35rem; line-height: 1.4; margin: 2rem 0 0.75rem; padding-bottom: 0.25rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.15rem; line-height: 1.4; margin: 1.5rem 0 0.5rem; }
a { color: var(--link); text-underline-offset: 0.2em; }
a:focus-visible, .table-wrap:focus-visible { outline: 3px solid #ff9900; outline-offset: 2px; }
nav.site { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem 1.5rem; padding-bottom: 0.5rem; margin-bottom: 1rem; border-bottom: 1px solid var(--line); }
nav.site .site-name { font-weight: bold; }
nav.site ul { list-style: none; margin: 0; padding: 0; display: flex; gap: 1.25rem; }
nav.site a { display: inline-block; padding: 0.25rem 0; }
nav.site a[aria-current="page"] { font-weight: bold; color: var(--fg); text-decoration-thickness: 3px; }
.lead, .note, .iso { color: var(--muted); }
.note { font-size: 0.9rem; }
.iso { font-size: 0.85rem; white-space: nowrap; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; min-width: 40rem; }
caption { text-align: left; font-weight: bold; padding: 0.5rem 0; }
th, td { border: 1px solid var(--line); padding: 0.5rem 0.6rem; vertical-align: top; text-align: left; }
thead th { background: var(--bg-head); white-space: nowrap; }
tbody th { font-weight: normal; }
tr.group th { background: var(--bg-group); font-weight: bold; }
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
h4 { font-size: 1rem; margin: 0.75rem 0 0.25rem; }
h2 .desc, h4 .desc { display: block; font-weight: normal; }
ol.opinions { padding-left: 1.5rem; }
ol.opinions > li { margin-bottom: 1.5rem; }
ol.opinions h3 { margin-top: 0.5rem; }
.downloads { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.75rem; }
.downloads a { display: inline-block; min-width: 2.75rem; padding: 0.25rem 0; }
.vh { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
code { font-size: 0.9rem; word-break: break-all; }
@media (max-width: 40rem) { body { padding: 0.75rem; } h1 { font-size: 1.45rem; } }
@media print { nav.site { display: none; } .table-wrap { overflow: visible; } a { color: inherit; } }
`;
