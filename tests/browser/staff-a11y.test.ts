/**
 * Every kind of staff page of the demo municipality 荒尾市 (432041), as the demo secretariat, checked
 * for accessibility: no axe-core violation of WCAG 2.0 / 2.1 / 2.2 level A and AA (tests/browser/axe.ts).
 * The pages are the staff UI's page types (web/src/lib/router.tsx, pages/secretariat/routes.tsx) with
 * real ids from the demo. The 監査ログ page must also fit a 390 px wide phone without sideways scrolling.
 *
 * Server: GYOKAKU_TEST_BASE_URL if set, else an in-memory demo server started here.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PlanSummaryDto, PlanTreeDto, TreeNodeDto } from '../../src/shared/api-types.js';
import type { MunicipalityRoundListDto } from '../../src/shared/api-types-pdca.js';
import type { MeetingListDto, OpinionListDto } from '../../src/shared/api-types-review.js';
import { AXE_TAGS, formatViolations, runAxe, type AxeViolation } from './axe.js';
import { DEMO_CODE as CODE, signInByApi, startEnv, type TestEnv } from './support.js';

let env: TestEnv;
let desktop: BrowserContext;
const pageErrors: string[] = [];
/** page type → path */
const known = new Map<string, string>();

function firstLeaf(nodes: TreeNodeDto[]): TreeNodeDto | null {
  for (const n of nodes) {
    if (!n.children.length) return n;
    const leaf = firstLeaf(n.children);
    if (leaf) return leaf;
  }
  return null;
}

const PAGE_TYPES = [
  'plan list',
  'plan diagram',
  'plan outline',
  'plan roadmap',
  'plan changes',
  'plan finance',
  'plan kpis',
  'plan settings',
  'legends',
  'node',
  'new node',
  'new plan',
  'rounds',
  'round list',
  'round dashboard',
  'inbox',
  'report',
  'calendar',
  'meetings',
  'meeting',
  'opinions',
  'opinion',
  'publications',
  'departments',
  'tags',
  'audit log',
  'users',
  'notifications',
  'open data',
] as const;

beforeAll(async () => {
  env = await startEnv();
  // axe is added as a script element: the staff pages allow only their own scripts (see axe.ts)
  desktop = await env.browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1366, height: 900 }, bypassCSP: true });
  desktop.on('weberror', (e) => pageErrors.push(e.error().message));
  const staff = await desktop.newPage();
  await signInByApi(env, staff, 'jimukyoku');
  const get = async <T>(path: string): Promise<T> => {
    const res = await staff.request.get(`${env.baseUrl}/api/m/${CODE}${path}`);
    expect(res.status(), path).toBe(200);
    return (await res.json()) as T;
  };
  const plans = await get<{ items: PlanSummaryDto[] }>('/plans');
  // the plan with KPIs and financial tables (第六次) shows the most on every tab
  const plan = plans.items.find((p) => p.title === '第六次荒尾市行政改革大綱') ?? plans.items[0]!;
  const tree = await get<PlanTreeDto>(`/plans/${plan.id}/tree`);
  const rounds = await get<MunicipalityRoundListDto>('/rounds');
  const meetings = await get<MeetingListDto>('/meetings');
  const opinions = await get<OpinionListDto>('/opinions');
  // a round with reports, for its dashboard, inbox and a report
  let roundId: string | null = null;
  let reportId: string | null = null;
  for (const r of rounds.items) {
    const reports = await get<{ entries: { report: { id: string } }[] }>(`/rounds/${r.id}/reports`);
    if (reports.entries.length) {
      roundId = r.id;
      reportId = reports.entries[0]!.report.id;
      break;
    }
  }
  await staff.close();

  const m = `/m/${CODE}`;
  const p = `${m}/plans/${plan.id}`;
  const leaf = firstLeaf(tree.roots);
  known.set('plan list', m);
  for (const tab of ['diagram', 'outline', 'roadmap', 'changes', 'finance', 'kpis', 'settings', 'legends'] as const)
    known.set(tab === 'settings' || tab === 'legends' ? (tab === 'settings' ? 'plan settings' : 'legends') : `plan ${tab}`, `${p}/${tab}`);
  if (leaf) known.set('node', `${p}/nodes/${leaf.id}`);
  known.set('new node', `${p}/new`);
  known.set('new plan', `${m}/plans/new`);
  known.set('rounds', `${m}/rounds`);
  known.set('round list', `${m}/rounds/all`);
  if (roundId) {
    known.set('round dashboard', `${m}/rounds/${roundId}`);
    known.set('inbox', `${m}/rounds/${roundId}/inbox?department=all`);
  }
  if (reportId) known.set('report', `${m}/reports/${reportId}`);
  known.set('calendar', `${m}/calendar`);
  known.set('meetings', `${m}/meetings`);
  if (meetings.items[0]) known.set('meeting', `${m}/meetings/${meetings.items[0].id}`);
  known.set('opinions', `${m}/opinions`);
  if (opinions.items[0]) known.set('opinion', `${m}/opinions/${opinions.items[0].id}`);
  known.set('publications', `${m}/publications`);
  known.set('departments', `${m}/departments`);
  known.set('tags', `${m}/tags`);
  known.set('audit log', `${m}/audit`);
  known.set('users', `${m}/users`);
  known.set('notifications', `${m}/notifications`);
  known.set('open data', `${m}/opendata`);
});

afterAll(async () => {
  await desktop?.close().catch(() => undefined);
  await env?.close();
});

/**
 * WCAG 2.1 level A too (AXE_TAGS names 2.1 AA only), and label-content-name-mismatch, which axe counts as
 * experimental and runs only when named: a control's accessible name must contain its visible text
 * (WCAG 2.5.3), or speech users cannot say what they see.
 */
async function allViolations(page: Page): Promise<AxeViolation[]> {
  const byTag = await runAxe(page, [...AXE_TAGS, 'wcag21a']);
  const named = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; impact?: string; help: string; helpUrl: string; description: string; nodes: { target: unknown[]; html: string; failureSummary?: string }[] }[] }> } }).axe;
    const res = await axe.run(document, { runOnly: { type: 'rule', values: ['label-content-name-mismatch'] }, resultTypes: ['violations'] });
    return res.violations.map((v) => ({ ...v, nodes: v.nodes.map((n) => ({ target: n.target.map((t) => (typeof t === 'string' ? t : JSON.stringify(t))), html: n.html, failureSummary: n.failureSummary ?? '' })) }));
  });
  // A tree item (the plan outline) is named by its own label (aria-labelledby, as the ARIA tree pattern
  // says), while its content also holds its open subtree: axe compares the whole subtree's text with the
  // name, which no tree item with children can pass. Its own label is in its name; those nodes are left out.
  const treeItem = (html: string) => /^<li[^>]*role="treeitem"/.test(html);
  const withoutTreeItems = (list: AxeViolation[]) =>
    list
      .map((v) => (v.id === 'label-content-name-mismatch' ? { ...v, nodes: v.nodes.filter((n) => !treeItem(n.html)) } : v))
      .filter((v) => v.nodes.length > 0);
  const tagged = withoutTreeItems(byTag);
  // axe may already count the rule under wcag21a: each rule once
  return [...tagged, ...withoutTreeItems(named as AxeViolation[]).filter((v) => !byTag.some((b) => b.id === v.id))];
}

/** Opens a staff page and waits until its data has loaded (no 読み込み中 left, the heading shown). */
async function open(ctx: BrowserContext, path: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${env.baseUrl}${path}`, { waitUntil: 'networkidle' });
  await page.locator('h1').first().waitFor({ timeout: 15_000 });
  await expect.poll(() => page.getByText('読み込み中…').count(), { timeout: 15_000 }).toBe(0);
  await page.waitForLoadState('networkidle');
  return page;
}

describe('職員向けページ：アクセシビリティ（荒尾市・事務局）', () => {
  for (const type of PAGE_TYPES) {
    test(type, async () => {
      const path = known.get(type);
      expect(path, `no ${type} page could be named from the demo data`).toBeTruthy();
      const page = await open(desktop, path!);
      try {
        expect(new URL(page.url()).pathname, `${path} sent the user elsewhere`).not.toBe('/login');
        const violations = await allViolations(page);
        expect(violations.map((v) => v.id), `\n${formatViolations(violations, path)}\n`).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  test('the 監査ログ fits a 390 px wide phone without sideways scrolling', async () => {
    const phone = await env.browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
    try {
      const signin = await phone.newPage();
      await signInByApi(env, signin, 'jimukyoku');
      await signin.close();
      const page = await open(phone, known.get('audit log')!);
      await expect.poll(() => page.locator('table tbody tr, [data-testid="audit-entry"]').count()).toBeGreaterThan(0);
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(widths.scroll, `監査ログ is ${widths.scroll} px wide at 390 px`).toBeLessThanOrEqual(390);
    } finally {
      await phone.close();
    }
  });

  test('no staff page threw', () => {
    expect(pageErrors).toEqual([]);
  });
});
