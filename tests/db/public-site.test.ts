/**
 * Open data for everyone, on both databases, with sign-in required for the rest of the API: the public
 * routes (/api/public/m/:code/opendata/…) answer without a session, with the staff routes' bytes, CORS *
 * and cache headers; the citizens' page (/m/:code/open-data) lists the datasets with working links; and
 * the public prefix opens nothing else (dot segments, encoded separators, other methods, other routes: 401).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishClosedRounds } from '../support/publishing.js';
import { createApp } from '../../src/app.js';
import type { Store } from '../../src/db/client.js';
import { formatWarekiDate } from '../../src/modules/fiscal/domain/index.js';
import { SESSION_COOKIE } from '../../src/modules/identity/domain/session.js';
import { isPublicApiRequest } from '../../src/modules/identity/http/middleware.js';
import { DEFAULT_LICENSE, FIELD_TYPE_LABELS, RESOURCE_IDS, RESOURCES } from '../../src/modules/publish/domain/opendata.js';
import type { OpenDataCatalogDto, OpenDataResourceDto } from '../../src/shared/api-types-publish.js';
import { buildPdcaFixture, type PdcaFixture } from '../support/pdcaFixtures.js';
import { backends, openTestStore } from '../support/stores.js';

const BOM = [0xef, 0xbb, 0xbf];

describe('the public prefix rule', () => {
  const pub = (url: string, path = new URL(url).pathname, method = 'GET') => isPublicApiRequest(method, url, path);

  it('lets GET and HEAD of plain /api/public/ paths through, nothing else', () => {
    expect(pub('http://h/api/public/m/432041/opendata/catalog.json')).toBe(true);
    expect(pub('http://h/api/public/m/432041/opendata/progress.csv?x=1')).toBe(true);
    expect(pub('http://h/api/public/m/432041/opendata/catalog.json', undefined, 'HEAD')).toBe(true);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) expect(pub('http://h/api/public/m/432041/opendata/catalog.json', undefined, method)).toBe(false);
    for (const path of ['/api/public', '/api/public/', '/api/publicx/m/1', '/api/m/432041/plans', '/api/me', '/public/api/x', '/api/public//m/1'])
      expect(pub(`http://h${path}`, path)).toBe(false);
  });

  it('refuses any spelling that could resolve elsewhere, as sent or as routed', () => {
    // raw request targets that were not normalised on the way in
    expect(isPublicApiRequest('GET', 'http://h/api/public/../m/432041/plans', '/api/public/../m/432041/plans')).toBe(false);
    expect(isPublicApiRequest('GET', 'http://h/api/public/./m/1', '/api/public/./m/1')).toBe(false);
    expect(isPublicApiRequest('GET', 'http://h/api/public/%2e%2e/m/432041/plans', '/api/public/../m/432041/plans')).toBe(false);
    expect(isPublicApiRequest('GET', 'http://h/api/public/%2E%2E/m/432041/plans', '/api/public/%2E%2E/m/432041/plans')).toBe(false);
    expect(isPublicApiRequest('GET', 'http://h/api/public/..%2fm%2f432041%2fplans', '/api/public/..%2fm%2f432041%2fplans')).toBe(false);
    expect(isPublicApiRequest('GET', 'http://h/api/public%2f..%2fm/432041/plans', '/api/public%2f..%2fm/432041/plans')).toBe(false);
    expect(isPublicApiRequest('GET', 'http://h/api/public/..\\m/432041/plans', '/api/public/..\\m/432041/plans')).toBe(false);
    // the routed path must be the raw one
    expect(isPublicApiRequest('GET', 'http://h/api/public/m/1/opendata/a.csv', '/api/m/1/plans')).toBe(false);
  });
});

describe.each(backends())('public open data on %s', (kind) => {
  let store: Store;
  let f: PdcaFixture;
  let app: ReturnType<typeof createApp>;
  /** the same store seen through the staff routes (demo actor = 事務局 of every municipality) */
  let staff: ReturnType<typeof createApp>;

  const get = async (a: ReturnType<typeof createApp>, path: string, headers: Record<string, string> = {}) => {
    const res = await a.request(path, { headers });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };
  const code = () => f.municipality.code;
  const publicBase = () => `/api/public/m/${code()}/opendata`;
  const staffBase = () => `/api/m/${code()}/opendata`;
  const catalog = async () => JSON.parse((await get(app, `${publicBase()}/catalog.json`)).body.toString('utf8')) as OpenDataCatalogDto;

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildPdcaFixture(store, '公開市');
    // closing publishes nothing: the secretariat publishes the closed rounds
    await publishClosedRounds(store, f.municipality.id);
    app = createApp({ store, auth: 'required' });
    staff = createApp({ store });
  });
  afterAll(() => store.close());

  it('serves the catalogue without a session, same as the staff one but linking to the public files', async () => {
    const r = await get(app, `${publicBase()}/catalog.json`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const s = await get(staff, `${staffBase()}/catalog.json`);
    expect(s.status).toBe(200);
    // the only difference: the folder the links name
    expect(r.body.toString('utf8')).toBe(s.body.toString('utf8').replaceAll(`${staffBase()}/`, `${publicBase()}/`));
    const c = JSON.parse(r.body.toString('utf8')) as OpenDataCatalogDto;
    expect(new URL(c.catalogURL, 'http://localhost').pathname).toBe(`${publicBase()}/catalog.json`);
    expect(c.datasets.map((d) => d.resource)).toEqual([...RESOURCE_IDS]);
    expect(c.publisher).toEqual({ lgCode: code(), name: '公開市', prefecture: 'テスト県' });
  });

  it('serves every file of the catalogue without a session, byte for byte as the staff route', async () => {
    const c = await catalog();
    for (const d of c.datasets) {
      for (const dist of d.distributions) {
        const url = new URL(dist.downloadURL, 'http://localhost');
        const file = `${d.resource}.${dist.format.toLowerCase()}`;
        expect(url.pathname).toBe(`${publicBase()}/${file}`);
        const r = await get(app, url.pathname);
        expect(r.status, url.pathname).toBe(200);
        const s = await get(staff, `${staffBase()}/${file}`);
        expect(s.status).toBe(200);
        expect(r.body.equals(s.body), file).toBe(true);
        expect(r.headers.get('content-type')).toBe(s.headers.get('content-type'));
        expect(r.headers.get('content-disposition')).toBe(s.headers.get('content-disposition'));
        expect(r.headers.get('content-type')).toContain(dist.mediaType);
        if (dist.format === 'CSV') {
          expect([...r.body.subarray(0, 3)]).toEqual(BOM);
          const text = r.body.toString('utf8');
          expect(text.endsWith('\r\n')).toBe(true);
          expect(text.split('\r\n').length - 1).toBeGreaterThanOrEqual(d.recordCount + 1);
        } else {
          expect((JSON.parse(r.body.toString('utf8')) as OpenDataResourceDto).records).toHaveLength(d.recordCount);
        }
      }
    }
    expect(c.datasets.find((d) => d.resource === 'progress')!.recordCount).toBe(6);
  });

  it('never shows an open round, nor an answer the secretariat has not accepted', async () => {
    const progress = JSON.parse((await get(app, `${publicBase()}/progress.json`)).body.toString('utf8')) as OpenDataResourceDto;
    const roundIds = new Set(progress.records.map((x) => x.round_id));
    expect([...roundIds].sort()).toEqual([f.rounds.R1, f.rounds.RQ].sort());
    const reportIds = new Set(progress.records.map((x) => x.report_id));
    for (const [key, id] of Object.entries(f.reports)) if (key.startsWith('R2.')) expect(reportIds.has(id)).toBe(false);
    for (const name of RESOURCE_IDS) {
      for (const format of ['csv', 'json']) {
        const text = (await get(app, `${publicBase()}/${name}.${format}`)).body.toString('utf8');
        // R2 is open: even its accepted answers (A3, A7) stay out; R1's A7 was only submitted
        for (const s of [f.rounds.R2, f.rounds.R3, 'A3のR2の取組内容', '使用料を改定し、令和7年10月から施行した', '料金改定の調整に時間を要した'])
          expect(text, `${name}.${format}`).not.toContain(s);
      }
    }
  });

  it('answers 404 in Japanese for an unknown 団体コード or file', async () => {
    const r = await get(app, '/api/public/m/999999/opendata/catalog.json');
    expect(r.status).toBe(404);
    expect((JSON.parse(r.body.toString('utf8')) as { error: { message: string } }).error.message).toBe('団体コード 999999 の団体が見つかりません。');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect((await get(app, `${publicBase()}/progress.xml`)).status).toBe(404);
    expect((await get(app, `${publicBase()}/kpi.csv`)).status).toBe(404);
    expect((await get(app, `/api/public/m/${code()}/plans`)).status).toBe(404);
    const page = await get(app, '/m/999999/open-data');
    expect(page.status).toBe(404);
    expect(page.body.toString('utf8')).toContain('団体コード 999999 の団体の公開ページはありません');
  });

  it('sends cache headers and answers 304 to a matching If-None-Match', async () => {
    for (const path of [`${publicBase()}/catalog.json`, `${publicBase()}/structure.csv`, `/m/${code()}/open-data`]) {
      const r = await get(app, path);
      expect(r.headers.get('cache-control')).toBe('public, no-cache');
      const etag = r.headers.get('etag')!;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect((await get(app, path)).headers.get('etag')).toBe(etag);
      const again = await get(app, path, { 'if-none-match': `W/"other", ${etag}` });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.get('etag')).toBe(etag);
      expect((await get(app, path, { 'if-none-match': '"other"' })).status).toBe(200);
    }
    // the staff routes stay uncached
    expect((await get(staff, `${staffBase()}/structure.csv`)).headers.get('cache-control')).toBe('no-store');
  });

  it('gives CORS to the public GETs only', async () => {
    const r = await get(app, `${publicBase()}/plans.json`, { origin: 'https://data.example.jp' });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    for (const path of ['/api/me', '/api/health', `/api/m/${code()}/plans`, `${staffBase()}/plans.json`, `/m/${code()}/open-data`]) {
      const res = await get(app, path, { origin: 'https://data.example.jp' });
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    expect((await get(staff, `${staffBase()}/plans.json`, { origin: 'https://data.example.jp' })).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps every other /api route behind the session, however the path is spelt', async () => {
    const c = code();
    for (const path of [
      '/api/me',
      `/api/m/${c}/plans`,
      `${staffBase()}/catalog.json`,
      `${staffBase()}/progress.csv`,
      `/api/public/../m/${c}/plans`,
      `/api/public/./../m/${c}/opendata/catalog.json`,
      `/api/public/%2e%2e/m/${c}/plans`,
      `/api/public/%2E%2E/m/${c}/opendata/progress.csv`,
      `/api/public/m/${c}/..%2f..%2f..%2fm%2f${c}%2fplans`,
      `/api/public%2f..%2fm/${c}/plans`,
      `/api/public/..\\m/${c}/plans`,
      `/api/public/m/${c}/opendata/..%2f..%2f..%2f..%2fme`,
      `/api/publicm/${c}/opendata/catalog.json`,
    ]) {
      const r = await get(app, path);
      expect(r.status, path).toBe(401);
    }
    // nothing but reading: a change without a session is refused before any route
    const post = await app.request(`${publicBase()}/catalog.json`, { method: 'POST', headers: { 'x-requested-with': 'gyokaku', origin: 'http://localhost' } });
    expect([401, 403]).toContain(post.status);
    // a stale session cookie does not stand in the way of public data
    expect((await get(app, `${publicBase()}/catalog.json`, { cookie: `${SESSION_COOKIE}=${code()}.stale` })).status).toBe(200);
  });

  it('keeps the rule over a real socket, where the request target arrives as sent', async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;
    const status = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    try {
      const c = code();
      expect(await status(`${publicBase()}/catalog.json`)).toBe(200);
      for (const path of [`/api/public/../m/${c}/plans`, `/api/public/%2e%2e/m/${c}/plans`, `/api/public/m/${c}/../../../m/${c}/plans`, `/api/public/..%2fm%2f${c}%2fplans`])
        expect(await status(path), path).toBe(401);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('renders the citizens’ page with every dataset, working links and nothing from other hosts', async () => {
    const r = await get(app, `/m/${code()}/open-data`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    const page = r.body.toString('utf8');
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<html lang="ja">');
    expect(page).toContain('<h1>公開市のオープンデータ</h1>');
    expect(page).toMatch(/<caption[^>]*>[^<]*データセットの一覧/);
    expect(page).toContain('<th scope="col">');
    expect(page).toContain('<th scope="row">');
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('締め切った照会');
    expect(page).toContain('事務局が確認した回答');
    // the only other host named is the license's, and only as a link
    const hosts = [...page.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    expect(hosts.length).toBeGreaterThan(0);
    for (const h of hosts) expect(h).toBe(DEFAULT_LICENSE.url);
    expect(page).not.toMatch(/(src|srcset|action|poster|data)=["']https?:/i);
    expect(page).toContain(`<a href="${DEFAULT_LICENSE.url}" rel="license">`);

    const c = await catalog();
    for (const d of c.datasets) {
      expect(page).toContain(d.title);
      expect(page).toContain(d.description);
      expect(page).toContain(`${d.recordCount.toLocaleString('ja-JP')}件`);
      if (d.modified) expect(page).toContain(`<time datetime="${d.modified}">${formatWarekiDate(d.modified)}`);
    }
    const links = [...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!).filter((h) => h.startsWith('/'));
    for (const d of c.datasets) for (const dist of d.distributions) expect(links).toContain(new URL(dist.downloadURL, 'http://localhost').pathname);
    expect(links).toContain(`${publicBase()}/catalog.json`);
    expect(links).toContain('/public-site.css');
    for (const link of links) {
      const res = await get(app, link);
      expect(res.status, link).toBe(200);
    }
    expect((await get(app, '/public-site.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('defines every field of every resource on a public page, which the catalogue names as its documentation', async () => {
    const c = await catalog();
    const doc = new URL(c.documentation, 'http://localhost');
    expect(doc.pathname).toBe(`/m/${code()}/open-data/schema`);
    // the staff catalogue names the same public page
    const staffCatalog = JSON.parse((await get(staff, `${staffBase()}/catalog.json`)).body.toString('utf8')) as OpenDataCatalogDto;
    expect(staffCatalog.documentation).toBe(c.documentation);

    const r = await get(app, doc.pathname);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('public, no-cache');
    const page = r.body.toString('utf8');
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<h1>項目の定義</h1>');
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/https?:\/\//);
    for (const id of RESOURCE_IDS) {
      const def = RESOURCES[id];
      const at = page.indexOf(`<h2 id="resource-${id}">`);
      expect(at, id).toBeGreaterThan(0);
      // this resource's section: its fields in order, each with its id, CSV header and type
      const next = RESOURCE_IDS.slice(RESOURCE_IDS.indexOf(id) + 1).map((x) => page.indexOf(`<h2 id="resource-${x}">`));
      const section = page.slice(at, next[0] ?? page.length);
      let from = 0;
      def.fields.forEach((f, i) => {
        const row = `<td class="num">${i + 1}</td><td><code>${f.id}</code></td><th scope="row">${f.title}</th><td class="nowrap">${FIELD_TYPE_LABELS[f.type].label}</td>`;
        const pos = section.indexOf(row, from);
        expect(pos, `${id}.${f.id}`).toBeGreaterThan(from - 1);
        from = pos;
      });
      expect(section).toContain(`${code()}_${id}.csv`);
    }
    // the dataset list links each dataset to its section; every link on the page answers
    const list = (await get(app, `/m/${code()}/open-data`)).body.toString('utf8');
    for (const id of RESOURCE_IDS) expect(list).toContain(`href="${doc.pathname}#resource-${id}"`);
    const links = [...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    expect(links).toContain(`/m/${code()}/open-data`);
    for (const link of links) expect((await get(app, link)).status, link).toBe(200);
    expect((await get(app, '/m/999999/open-data/schema')).status).toBe(404);
  });

  it('lists the published rounds for citizens: closed ones only, newest first, each page answering', async () => {
    const r = await get(app, `/m/${code()}/progress`);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('public, no-cache');
    const page = r.body.toString('utf8');
    expect(page).toContain('<h1>行政改革の進捗状況</h1>');
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('aria-current="page"');
    const roundLinks = [...page.matchAll(/href="(\/m\/\d{6}\/progress\/[^"]+)"/g)].map((m) => m[1]!);
    // RQ (as of 2025-09-30) before R1 (2025-03-31); R2 is open and R3 a draft
    expect(roundLinks).toEqual([`/m/${code()}/progress/${f.rounds.RQ}`, `/m/${code()}/progress/${f.rounds.R1}`]);
    expect(page).not.toContain(f.rounds.R2);
    expect(page).not.toContain('令和7年度実績<');
    expect(page).toContain('令和6年度実績');
    for (const link of roundLinks) expect((await get(app, link)).status, link).toBe(200);
  });

  it('publishes a closed round’s table from the accepted answers only, with the counts and their change', async () => {
    const r = await get(app, `/m/${code()}/progress/${f.rounds.RQ}`);
    expect(r.status).toBe(200);
    const page = r.body.toString('utf8');
    expect(page).toContain('<h1>令和7年度第2四半期</h1>');
    expect(page).not.toMatch(/<script/i);
    // RQ's one accepted answer, and R1's accepted statuses in the history column (FY2024)
    expect(page).toContain('A7のRQの取組内容');
    expect(page).toMatch(/<abbr title="令和6年度">R6<\/abbr>/);
    // never an open round's answers, nor R1's submitted-only answer
    for (const hidden of ['A3のR2の取組内容', '使用料を改定し、令和7年10月から施行した', '料金改定の調整に時間を要した', 'A7のR1の取組内容'])
      expect(page).not.toContain(hidden);
    // the summary compares with R1, which is published too
    expect(page).toContain('前回「令和6年度実績」からの増減');

    const r1 = (await get(app, `/m/${code()}/progress/${f.rounds.R1}`)).body.toString('utf8');
    for (const key of ['A1', 'A2', 'A3', 'A4', 'A6']) expect(r1).toContain(`${key}のR1の取組内容`);
    expect(r1).not.toContain('A7のR1の取組内容');
    expect(r1).not.toContain('からの増減');
    // group rows and item rows are headed for screen readers
    expect(r1).toContain('<th scope="colgroup"');
    expect(r1).toMatch(/<tr class="group"><th scope="colgroup" colspan="\d+">/);
  });

  it('serves the published table as PDF and Excel for citizens, rendered once and cached with an ETag', async () => {
    const pageHtml = (await get(app, `/m/${code()}/progress/${f.rounds.R1}`)).body.toString('utf8');
    for (const format of ['pdf', 'xlsx'] as const) {
      const path = `/m/${code()}/progress/${f.rounds.R1}/table.${format}`;
      expect(pageHtml).toContain(`href="${path}"`);
      const r = await get(app, path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('cache-control')).toBe('public, no-cache');
      if (format === 'pdf') {
        expect(r.headers.get('content-type')).toBe('application/pdf');
        expect(r.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      } else {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(r.body as unknown as ArrayBuffer);
        const text = JSON.stringify(wb.worksheets.map((ws) => ws.getSheetValues()));
        // accepted answers only: R1's submitted-only A7 stays out
        expect(text).toContain('A1のR1の取組内容');
        expect(text).not.toContain('A7のR1の取組内容');
      }
      const etag = r.headers.get('etag')!;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      // the same bytes again (from the cache), and 304 for a matching If-None-Match
      const again = await get(app, path);
      expect(again.body.equals(r.body)).toBe(true);
      expect((await get(app, path, { 'if-none-match': etag })).status).toBe(304);
    }
    // only closed rounds; and no other format (the path is left to the staff UI, which is no file)
    expect((await get(app, `/m/${code()}/progress/${f.rounds.R2}/table.pdf`)).status).toBe(404);
    expect((await get(app, `/m/${code()}/progress/${f.rounds.R1}/table.csv`)).headers.get('content-type')).not.toMatch(/csv|pdf|spreadsheet/);
  });

  it('answers 404 for a round that is not published: open, draft, unknown, malformed, or another municipality’s', async () => {
    const other = await buildPdcaFixture(store, '別の公開市');
    // closed but not published: nothing to see
    expect((await get(app, `/m/${other.municipality.code}/progress/${other.rounds.R1}`)).status).toBe(404);
    await publishClosedRounds(store, other.municipality.id);
    for (const path of [
      `/m/${code()}/progress/${f.rounds.R2}`,
      `/m/${code()}/progress/${f.rounds.R3}`,
      `/m/${code()}/progress/00000000-0000-4000-8000-000000000000`,
      `/m/${code()}/progress/not-a-uuid`,
      `/m/${code()}/progress/${other.rounds.R1}`,
    ]) {
      const r = await get(app, path);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.body.toString('utf8')).toContain('この調査の結果は公表されていません');
    }
    expect((await get(app, `/m/${other.municipality.code}/progress/${other.rounds.R1}`)).status).toBe(200);
    expect((await get(app, '/m/999999/progress')).status).toBe(404);
  });
});
