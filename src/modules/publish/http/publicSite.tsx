/**
 * The citizens' pages of a municipality, rendered on the server (no script, no session, nothing from
 * other hosts, per the app's CSP), mounted at the root before the staff UI's catch-all:
 * - GET /m/:code/progress and /m/:code/progress/:roundId: the published progress (publicProgress.tsx);
 * - GET /m/:code/council: the published opinions of review bodies and the responses (publicOpinions.tsx);
 * - GET /m/:code/open-data: the datasets, from the same catalogue as
 *   GET /api/public/m/:code/opendata/catalog.json, with links to the public files;
 * - GET /m/:code/open-data/schema: every field of every resource, from the same definitions as the
 *   files (domain/opendata.ts); the catalogue's `documentation` points here;
 * - GET /m/:code/public[...]: the site's home, plan, item, KPI, finance and search pages (public*.tsx,
 *   addresses in publicPaths.ts); any other address under it is the site's 404.
 * Their stylesheet is served here too (publicLayout.tsx) so they do not depend on the staff UI's build.
 */
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { OpenDataCatalogDto, OpenDataDatasetDto, OpenDataLicenseDto } from '../../../shared/api-types-publish.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { FIELD_TYPE_LABELS, FORMATS, RESOURCE_IDS, RESOURCES, type FieldType, type ResourceDef } from '../domain/opendata.js';
import { resourceFileName } from '../domain/catalog.js';
import { loadCatalog, openDataBase, openDataPath } from './openData.js';
import { PUBLIC_CACHE_CONTROL } from './publicRoutes.js';
import { DateText, Layout, NotFoundPage, PUBLIC_STYLESHEET, STYLESHEET, municipalityNotFound, page, publicMunicipality, publicPaths } from './publicLayout.js';
import { publicOpinionRoutes } from './publicOpinions.js';
import { publicProgressRoutes } from './publicProgress.js';
import { publicAnnualReportRoutes } from './publicAnnualReport.js';
import { publicHomeRoutes } from './publicHome.js';
import { publicPlanRoutes } from './publicPlan.js';
import { publicItemRoutes } from './publicItem.js';
import { publicKpiRoutes } from './publicKpis.js';
import { publicFinanceRoutes } from './publicFinance.js';
import { publicSearchRoutes } from './publicSearch.js';
import { pageCache } from './pageCache.js';

export const OPEN_DATA_PAGE = '/m/:code/open-data';
export const OPEN_DATA_SCHEMA_PAGE = '/m/:code/open-data/schema'; // = schemaPagePath(':code'), a literal for the route's param type

/** Links on the page are paths: they work behind any proxy, and the page names no other host but the license's. */
// the catalogue's links are absolute on GYOKAKU_PUBLIC_URL or relative: the page links by path either way
const pathOf = (url: string) => new URL(url, 'http://base.invalid').pathname;

const shortLicense = (l: OpenDataLicenseDto) => l.id.replace(/-/g, ' ');

const DatasetRow: FC<{ d: OpenDataDatasetDto; schemaUrl: string }> = ({ d, schemaUrl }) => (
  <tr>
    <th scope="row">
      <span class="name">{d.title}</span>
      <span class="desc">{d.description}</span>
      <a class="desc" href={`${pathOf(schemaUrl)}#resource-${d.resource}`}>
        項目の定義<span class="vh">（{d.title}）</span>
      </a>
    </th>
    <td>
      <DateText iso={d.modified} />
    </td>
    <td class="num">{d.recordCount.toLocaleString('ja-JP')}件</td>
    <td>
      <a href={d.license.url} rel="license">
        {shortLicense(d.license)}
      </a>
    </td>
    <td>
      <ul class="downloads">
        {d.distributions.map((x) => (
          <li>
            <a href={pathOf(x.downloadURL)} type={x.mediaType}>
              {x.format}
              <span class="vh">（{d.title}）</span>
            </a>
          </li>
        ))}
      </ul>
    </td>
  </tr>
);

const OpenDataPage: FC<{ catalog: OpenDataCatalogDto; code: string }> = ({ catalog, code }) => {
  const p = catalog.publisher;
  const license = catalog.license;
  return (
    <Layout title={`${p.name}のオープンデータ（行政改革の計画と進捗状況）`} municipality={{ code, name: p.name }} section="open-data">
      <header>
        <p class="lead">
          {p.prefecture} {p.name}（全国地方公共団体コード {p.lgCode}）
        </p>
        <h1>{p.name}のオープンデータ</h1>
        <p>{catalog.description}</p>
      </header>
      <main>
        <section aria-labelledby="datasets-heading">
          <h2 id="datasets-heading">公開しているデータ</h2>
          <p>
            データの最終更新日:{' '}
            <strong>
              <DateText iso={catalog.modified} />
            </strong>
          </p>
          <div class="table-wrap" role="region" aria-labelledby="datasets-caption" tabindex={0}>
            <table>
              <caption id="datasets-caption">
                {p.name}のデータセットの一覧（{catalog.datasets.length}件）
              </caption>
              <thead>
                <tr>
                  <th scope="col">データ</th>
                  <th scope="col">更新日</th>
                  <th scope="col">件数</th>
                  <th scope="col">ライセンス</th>
                  <th scope="col">ダウンロード</th>
                </tr>
              </thead>
              <tbody>
                {catalog.datasets.map((d) => (
                  <DatasetRow d={d} schemaUrl={catalog.documentation} />
                ))}
              </tbody>
            </table>
          </div>
          <p class="note">
            CSV は文字コード UTF-8（BOM付き）・改行 CRLF で、1行目は日本語の項目名です。JSON
            の各レコードのキーは、カタログに載せた項目の識別子です。日付は日本時間です。各項目の意味と書き方は
            <a href={pathOf(catalog.documentation)}>項目の定義</a>にあります。
          </p>
        </section>

        <section aria-labelledby="rules-heading">
          <h2 id="rules-heading">公開の決まり</h2>
          <ul>
            <li>
              進捗状況・数値目標の実績値・財政と定員の表は、<strong>事務局が公表したときにだけ</strong>載せます。載せるのは締め切った照会の結果のうち事務局が確認した回答、公表した年度の実績値、公表した年度版の表です。
            </li>
            <li>
              載せる内容は<strong>公表したときのまま</strong>（公表時点の写し）です。公表の後に庁内で値や記述が変わっても、改めて公表するまでは変わりません。各データには<strong>公表日</strong>を付けます。
            </li>
            <li>公表した内容を訂正したときは、訂正後の内容に置き換え、何を訂正したかを<strong>正誤</strong>として各ページに載せます。取り下げた内容は載せません。</li>
            <li>計画と体系（取組・担当課・スケジュール・変更の経過）は、現在の計画の内容です。中止・統合した項目も、その状態とともに載せます。</li>
            <li>審議会等の意見と対応は、事務局が公表した会議の、対応を終えた意見だけを載せます。</li>
          </ul>
        </section>

        <section aria-labelledby="license-heading">
          <h2 id="license-heading">利用条件</h2>
          <p>
            これらのデータは{' '}
            <a href={license.url} rel="license">
              {license.title}
            </a>{' '}
            で公開しています。出典（例:「{p.name} 行政改革の計画と進捗状況」）を示せば、複製・加工・再配布・商用利用ができます。
          </p>
        </section>

        <section aria-labelledby="catalog-heading">
          <h2 id="catalog-heading">機械で読むためのカタログ</h2>
          <p>
            データセットの一覧・項目の定義・ダウンロード先は、カタログ（DCAT に準拠した JSON）にまとめています。アカウントなしで取得でき、他のサイトのプログラムからも読めます。
          </p>
          <p>
            <a href={pathOf(catalog.catalogURL)} type="application/json">
              カタログ（catalog.json）
            </a>
          </p>
          <p class="note">
            ファイルの場所: <code>{openDataPath('public', code)}/</code>
          </p>
        </section>
      </main>
    </Layout>
  );
};

const FieldRows: FC<{ def: ResourceDef }> = ({ def }) => (
  <>
    {def.fields.map((x, i) => (
      <tr>
        <td class="num">{i + 1}</td>
        <td>
          <code>{x.id}</code>
        </td>
        <th scope="row">{x.title}</th>
        <td class="nowrap">{FIELD_TYPE_LABELS[x.type].label}</td>
        <td>{x.description}</td>
      </tr>
    ))}
  </>
);

const USED_TYPES: FieldType[] = [...new Set(RESOURCE_IDS.flatMap((id) => RESOURCES[id].fields.map((x) => x.type)))];

const SchemaPage: FC<{ name: string; code: string }> = ({ name, code }) => (
  <Layout title={`${name}のオープンデータ 項目の定義`} municipality={{ code, name }} section="open-data">
    <header>
      <p class="lead">
        <a href={publicPaths.openData(code)}>{name}のオープンデータ</a>
      </p>
      <h1>項目の定義</h1>
      <p>
        {name}が公開している行政改革のオープンデータ（{RESOURCE_IDS.length}
        種類）の、ファイルごとの項目の一覧です。項目の識別子（英字）は JSON のキーとカタログの項目定義に使い、意味は変えません。新しい項目は末尾に加えます。
      </p>
    </header>
    <main>
      <section aria-labelledby="format-heading">
        <h2 id="format-heading">共通の形式</h2>
        <ul>
          <li>1種類のデータにつき1ファイルで、CSV と JSON の2形式があります。どのファイルも最初の2項目は全国地方公共団体コードと地方公共団体名です。</li>
          <li>CSV は文字コード UTF-8（BOM付き）・改行 CRLF で、1行目は日本語の項目名です。JSON は records の各レコードのキーが項目の識別子です。</li>
          <li>各行の ID（UUID）は変わりません。ファイルどうしはこの ID でつながります（例: 進捗状況の項目ID → 計画の体系の項目ID）。</li>
          <li>年度は始まる年の西暦（2026 = 令和8年度、4月〜翌3月）で、和暦の項目を並べます。日付は日本時間です。</li>
        </ul>
        <div class="table-wrap" role="region" aria-labelledby="types-caption" tabindex={0}>
          <table>
            <caption id="types-caption">型の書き方</caption>
            <thead>
              <tr>
                <th scope="col">型</th>
                <th scope="col">書き方</th>
              </tr>
            </thead>
            <tbody>
              {USED_TYPES.map((t) => (
                <tr>
                  <th scope="row" class="nowrap">
                    {FIELD_TYPE_LABELS[t].label}
                  </th>
                  <td>{FIELD_TYPE_LABELS[t].note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {RESOURCE_IDS.map((id) => {
        const def = RESOURCES[id];
        return (
          <section aria-labelledby={`resource-${id}`}>
            <h2 id={`resource-${id}`}>
              {def.title}（<code>{id}</code>）
            </h2>
            <p>{def.description}</p>
            <ul class="downloads">
              {FORMATS.map((format) => (
                <li>
                  <a href={`${openDataPath('public', code)}/${id}.${format}`}>
                    {format.toUpperCase()}
                    <span class="vh">（{def.title}）</span>
                  </a>{' '}
                  <span class="note">{resourceFileName(code, id, format)}</span>
                </li>
              ))}
            </ul>
            <div class="table-wrap" role="region" aria-labelledby={`fields-${id}`} tabindex={0}>
              <table>
                <caption id={`fields-${id}`}>
                  {def.title}の項目（{def.fields.length}項目、この順に並びます）
                </caption>
                <thead>
                  <tr>
                    <th scope="col">順</th>
                    <th scope="col">識別子</th>
                    <th scope="col">項目名（CSV の見出し）</th>
                    <th scope="col">型</th>
                    <th scope="col">説明</th>
                  </tr>
                </thead>
                <tbody>
                  <FieldRows def={def} />
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </main>
  </Layout>
);

/** Mounted at the root, before the staff UI's catch-all. */
export function publicSiteRoutes() {
  const r = new Hono<AppEnv>();
  r.use('/m/:code/*', pageCache());
  r.get(PUBLIC_STYLESHEET, (c) => c.body(STYLESHEET, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': PUBLIC_CACHE_CONTROL }));
  r.route('/', publicProgressRoutes());
  r.route('/', publicOpinionRoutes());
  r.route('/', publicAnnualReportRoutes());
  r.route('/', publicHomeRoutes());
  r.route('/', publicSearchRoutes());
  r.route('/', publicPlanRoutes());
  r.route('/', publicItemRoutes());
  r.route('/', publicKpiRoutes());
  r.route('/', publicFinanceRoutes());
  r.get(OPEN_DATA_PAGE, async (c) => {
    const m = await publicMunicipality(c);
    if (!m) return page(c, municipalityNotFound(c.req.param('code')), 404);
    const catalog = await loadCatalog(c, openDataBase(c, 'public'));
    return page(c, <OpenDataPage catalog={catalog} code={m.code} />, 200);
  });
  r.get(OPEN_DATA_SCHEMA_PAGE, async (c) => {
    const m = await publicMunicipality(c);
    if (!m) return page(c, municipalityNotFound(c.req.param('code')), 404);
    return page(c, <SchemaPage name={m.name} code={m.code} />, 200);
  });
  // the rest of the site's own address space is the site's: an unknown page is its 404, never the staff UI
  r.get('/m/:code/public/*', async (c) => {
    const m = await publicMunicipality(c);
    if (!m) return page(c, municipalityNotFound(c.req.param('code')), 404);
    return page(c, <NotFoundPage title="ページが見つかりません" message="このアドレスのページはありません。アドレスを確かめてください。" municipality={m} />, 404);
  });
  return r;
}

