/**
 * Every kind of citizens' page of the demo municipality 荒尾市 (432041), checked for:
 *   - accessibility: no axe-core violation of WCAG 2.0 / 2.1 / 2.2 level A and AA (tests/browser/axe.ts);
 *   - reflow: no horizontal scrolling of the page at a 390 px wide phone, nor at 200 % zoom;
 *   - weight: what a first visit transfers (the page and everything it loads from the server, in the
 *     compression the server chooses for Accept-Encoding: br, gzip) stays under 150 KB.
 * The pages are the known page types (publicPaths: home, a plan, an item, KPI, finance, the annual
 * report, search, progress, a published round, council, open data and its schema) with real ids from
 * the demo, and every page the home page links to.
 */
import http from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PlanSummaryDto, PlanTreeDto, TreeNodeDto } from '../../src/shared/api-types.js';
import type { MunicipalityRoundListDto } from '../../src/shared/api-types-pdca.js';
import type { PublicationListDto } from '../../src/shared/api-types-publish.js';
import { publicPaths } from '../../src/modules/publish/http/publicPaths.js';
import { formatViolations, runAxe } from './axe.js';
import { DEMO_CODE as CODE, signInByApi, startEnv, type TestEnv } from './support.js';

const MAX_BYTES = 150_000;
const PHONE_WIDTH = 390;
/**
 * 200 % zoom of a 1280 px wide window. Browser zoom makes each CSS pixel two device pixels, so the page
 * lays out in a 640 CSS px wide viewport with devicePixelRatio 2 — a 640 px viewport with
 * deviceScaleFactor 2 is exactly that, media queries included. CSS `zoom: 2` on the root would not be:
 * the viewport (and the media queries that decide the layout) would stay 1280 px wide.
 */
const ZOOM_VIEWPORT = { width: 640, height: 400 };

let env: TestEnv;
let desktop: BrowserContext;
let phone: BrowserContext;
let zoomed: BrowserContext;
const external: string[] = [];
const pageErrors: string[] = [];
/** page type → path */
const known = new Map<string, string>();

const PAGE_TYPES = ['home', 'plan', 'item', 'kpis', 'finance', 'annual report', 'search', 'progress', 'round', 'council', 'open data', 'open data schema'] as const;

function firstLeaf(nodes: TreeNodeDto[]): TreeNodeDto | null {
  for (const n of nodes) {
    if (!n.children.length) return n;
    const leaf = firstLeaf(n.children);
    if (leaf) return leaf;
  }
  return null;
}

beforeAll(async () => {
  env = await startEnv();
  const watch = (ctx: BrowserContext) => {
    ctx.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(env.baseUrl) && !u.startsWith('data:')) external.push(u);
    });
    ctx.on('weberror', (e) => pageErrors.push(e.error().message));
  };
  // axe is added as a script element: the pages allow only their own scripts (see axe.ts)
  desktop = await env.browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 900 }, bypassCSP: true });
  phone = await env.browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: PHONE_WIDTH, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  zoomed = await env.browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: ZOOM_VIEWPORT, deviceScaleFactor: 2 });
  for (const c of [desktop, phone, zoomed]) watch(c);

  // real ids from the demo, read as the secretariat (a context of its own: the pages are checked without a session)
  const staffCtx = await env.browser.newContext();
  const staff = await staffCtx.newPage();
  await signInByApi(env, staff, 'jimukyoku');
  const get = async <T,>(path: string): Promise<T> => {
    const res = await staff.request.get(`${env.baseUrl}/api/m/${CODE}${path}`);
    expect(res.status(), path).toBe(200);
    return (await res.json()) as T;
  };
  const plans = await get<{ items: PlanSummaryDto[] }>('/plans');
  const publications = await get<PublicationListDto>('/publications');
  const rounds = await get<MunicipalityRoundListDto>('/rounds');
  // the plan with KPIs and financial tables (the demo's 第六次) for the plan, item, KPI and finance pages
  const kpiPlanId = publications.subjects.find((s) => s.kind === 'kpi_values')?.planId ?? plans.items[0]!.id;
  const tree = await get<PlanTreeDto>(`/plans/${kpiPlanId}/tree`);
  await staffCtx.close();

  const item = firstLeaf(tree.roots);
  const published = publications.subjects.find((s) => s.kind === 'round' && s.latest?.state === 'published');
  const round = rounds.items.find((r) => r.id === published?.subjectId);

  known.set('home', publicPaths.home(CODE));
  known.set('plan', publicPaths.plan(CODE, kpiPlanId));
  if (item) known.set('item', publicPaths.item(CODE, kpiPlanId, item.id));
  known.set('kpis', publicPaths.kpis(CODE, kpiPlanId));
  known.set('finance', publicPaths.finance(CODE, kpiPlanId));
  if (round) known.set('annual report', publicPaths.annualReport(CODE, round.planId, round.targetFiscalYear));
  known.set('search', `${publicPaths.search(CODE)}?q=${encodeURIComponent('市有財産')}`);
  known.set('progress', publicPaths.progress(CODE));
  if (published) known.set('round', publicPaths.round(CODE, published.subjectId));
  known.set('council', publicPaths.opinions(CODE));
  known.set('open data', publicPaths.openData(CODE));
  known.set('open data schema', publicPaths.schema(CODE));
});

afterAll(async () => {
  for (const c of [desktop, phone, zoomed]) await c?.close().catch(() => undefined);
  await env?.close();
});

/** The bytes the server sends for a path when the client accepts br and gzip (not decompressed). */
function transferred(path: string): Promise<{ status: number; bytes: number; encoding: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${env.baseUrl}${path}`, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, encoding: String(res.headers['content-encoding'] ?? 'identity'), type: String(res.headers['content-type'] ?? '') }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;

/** Opens the path in a context; the same-origin resources it loaded (paths, without the page itself). */
async function visit(ctx: BrowserContext, path: string): Promise<{ page: Page; status: number; resources: string[] }> {
  const page = await ctx.newPage();
  const resources = new Set<string>();
  page.on('request', (r) => {
    const u = r.url();
    if (u.startsWith(env.baseUrl) && r.resourceType() !== 'document') resources.add(u.slice(env.baseUrl.length));
  });
  const res = await page.goto(`${env.baseUrl}${path}`, { waitUntil: 'load' });
  return { page, status: res?.status() ?? 0, resources: [...resources] };
}

const horizontalOverflow = (page: Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));

/** Every problem of one page, as lines for the failure message (empty: the page passes). */
async function problemsOf(path: string): Promise<string[]> {
  const out: string[] = [];
  const doc = await transferred(path);
  if (doc.status !== 200) return [`${path}: HTTP ${doc.status} — the page does not answer (not built yet, or the id is not published)`];

  const d = await visit(desktop, path);
  try {
    // the staff UI answers every unknown path with its own index.html: that is not a citizens' page
    const spa = await d.page.evaluate(() => !!document.getElementById('root') && !document.querySelector('link[href*="public-site"]'));
    if (spa) return [`${path}: the staff UI answered (200 with its index.html) — no citizens' page at this path yet`];
    const violations = await runAxe(d.page);
    if (violations.length) out.push(`${path}: ${violations.length} axe violation(s)\n${formatViolations(violations, path)}`);

    let total = doc.bytes;
    const parts = [`page ${kb(doc.bytes)} (${doc.encoding})`];
    for (const r of d.resources) {
      const t = await transferred(r);
      total += t.bytes;
      parts.push(`${r} ${kb(t.bytes)} (${t.encoding})`);
    }
    if (total >= MAX_BYTES) out.push(`${path}: transfers ${kb(total)} on a first visit (limit ${kb(MAX_BYTES)}): ${parts.join(', ')}`);
  } finally {
    await d.page.close();
  }

  for (const [ctx, label, width] of [
    [phone, `${PHONE_WIDTH} px wide phone`, PHONE_WIDTH],
    [zoomed, '200 % zoom (640 CSS px)', ZOOM_VIEWPORT.width],
  ] as const) {
    const v = await visit(ctx, path);
    try {
      const o = await horizontalOverflow(v.page);
      if (o.scroll > width) {
        // name the widest elements so the failure says where to look
        const culprits = await v.page.evaluate((w) => {
          const found: string[] = [];
          for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
            const r = el.getBoundingClientRect();
            if (r.right > w + 1 && found.length < 5) {
              const parent = el.parentElement?.getBoundingClientRect();
              if (!parent || parent.right <= w + 1) found.push(`<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).split(/\s+/).join('.')}` : ''}> right edge ${Math.round(r.right)} px`);
            }
          }
          return found;
        }, width);
        out.push(`${path}: scrolls sideways at ${label}: scrollWidth ${o.scroll} px > ${width} px${culprits.length ? ` — ${culprits.join('; ')}` : ''}`);
      }
    } finally {
      await v.page.close();
    }
  }
  return out;
}

describe('市民向けページ：アクセシビリティ・リフロー・転送量（荒尾市）', () => {
  for (const type of PAGE_TYPES) {
    test(`${type}`, async () => {
      const path = known.get(type);
      expect(path, `no ${type} page could be named from the demo data`).toBeTruthy();
      const problems = await problemsOf(path!);
      expect(problems, `\n${problems.join('\n\n')}\n`).toEqual([]);
    });
  }

  test('every page the home page links to', async () => {
    const home = known.get('home')!;
    const doc = await transferred(home);
    expect(doc.status, `${home}: HTTP ${doc.status} — no home page yet, so there are no links to follow`).toBe(200);
    const d = await visit(desktop, home);
    const links = await d.page.evaluate(() => Array.from(document.querySelectorAll<HTMLAnchorElement>('a[href]')).map((a) => a.href));
    const isSpa = await d.page.evaluate(() => !!document.getElementById('root') && !document.querySelector('link[href*="public-site"]'));
    await d.page.close();
    expect(isSpa, `${home}: the staff UI answered — no home page yet, so there are no links to follow`).toBe(false);
    const seen = new Set(known.values());
    const pages = [
      ...new Set(
        links
          .filter((u) => u.startsWith(env.baseUrl))
          .map((u) => u.slice(env.baseUrl.length).replace(/#.*$/, ''))
          .filter((p) => p.startsWith(`/m/${CODE}/`) && !p.startsWith('/api/') && !/\.(pdf|xlsx|csv|json|zip)(\?|$)/.test(p)),
      ),
    ].filter((p) => !seen.has(p));
    const problems: string[] = [];
    for (const p of pages.slice(0, 40)) {
      const t = await transferred(p);
      if (t.status === 200 && !t.type.startsWith('text/html')) continue;
      problems.push(...(await problemsOf(p)));
    }
    expect(problems, `\n${problems.join('\n\n')}\n`).toEqual([]);
  });

  test('no page loaded anything from another host or threw', () => {
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
