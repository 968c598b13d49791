/**
 * What the annual cycle showed wrong, as the staff see it:
 *   1. dates are the day in Japan, whatever the machine's time zone: in a browser set to UTC, an opinion
 *      recorded at 00:30 JST on 1 April is listed under 4月1日, not 3月31日 (its UTC date);
 *   2. a round's progress adds up: 提出済 n／全 m件 with every state on its side, in the list of every
 *      plan's rounds and in a plan's rounds, equal to the counts the API gives;
 *   3. a KPI short of its target before its target year has ended is 目標年度前, not 未達成, with its
 *      進捗率 still shown.
 *
 * Server: GYOKAKU_TEST_BASE_URL if set, else an in-memory demo server started here.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { todayInTokyo } from '../../src/modules/fiscal/domain/index.js';
import { STATUS_LABELS, targetYearEnded } from '../../src/modules/kpis/domain/evaluation.js';
import { DEMO_CODE as CODE, signInByApi, startEnv, type TestEnv } from './support.js';

let env: TestEnv;

beforeAll(async () => {
  env = await startEnv();
});

afterAll(async () => {
  await env?.close();
});

/** A signed-in page in a browser whose clock runs in `timezoneId` (support.openPage fixes Asia/Tokyo). */
async function pageIn(timezoneId: string, loginId = 'jimukyoku'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await env.browser.newContext({ locale: 'ja-JP', timezoneId, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signInByApi(env, page, loginId);
  return { context, page, errors };
}

const STATES = ['not_started', 'draft', 'submitted', 'returned', 'approved', 'accepted'] as const;
type Counts = Record<(typeof STATES)[number], number> & { total: number };

/** 「提出済 11／全 25件（課長承認待ち4・課長承認済み4・事務局確認済み3／未提出 14件：未着手8・作成中5・差戻し1）」 → its figures. */
function readBreakdown(text: string) {
  const m = /^提出済 (\d+)／全 (\d+)件（課長承認待ち(\d+)・課長承認済み(\d+)・事務局確認済み(\d+)／未提出 (\d+)件：未着手(\d+)・作成中(\d+)・差戻し(\d+)）$/.exec(text.trim());
  expect(m, `breakdown as printed: ${text}`).not.toBeNull();
  const [submitted, total, waiting, approved, accepted, notSubmitted, notStarted, draft, returned] = m!.slice(1).map(Number) as number[];
  return { submitted, total, waiting, approved, accepted, notSubmitted, notStarted, draft, returned } as Record<string, number>;
}

function expectAddsUp(b: Record<string, number>, counts: Counts) {
  expect(b.waiting! + b.approved! + b.accepted!).toBe(b.submitted);
  expect(b.notStarted! + b.draft! + b.returned!).toBe(b.notSubmitted);
  expect(b.submitted! + b.notSubmitted!).toBe(b.total);
  // the figures are the round's, state by state
  expect([b.notStarted, b.draft, b.waiting, b.returned, b.approved, b.accepted, b.total]).toEqual([
    counts.not_started,
    counts.draft,
    counts.submitted,
    counts.returned,
    counts.approved,
    counts.accepted,
    counts.total,
  ]);
}

describe('dates and counts as the staff see them', () => {
  test('an opinion recorded at 00:30 JST is listed under that day in Japan, in a browser set to UTC', async () => {
    const { context, page, errors } = await pageIn('UTC');
    // the browser really runs in UTC: its own date for the instant is 3月31日
    await page.goto(`${env.baseUrl}/login`);
    expect(await page.evaluate(() => new Date('2026-03-31T15:30:00.000Z').getDate())).toBe(31);

    // the list as the server sends it, with the first opinion recorded at 2026-04-01 00:30 JST
    let changedId = '';
    await page.route(
      (url) => url.pathname === `/api/m/${CODE}/opinions`,
      async (route) => {
        const res = await route.fetch();
        const body = (await res.json()) as { items: { id: string; createdAt: string }[] };
        if (body.items[0]) {
          body.items[0].createdAt = '2026-03-31T15:30:00.000Z';
          changedId = body.items[0].id;
        }
        await route.fulfill({ response: res, json: body });
      },
    );
    await page.goto(`${env.baseUrl}/m/${CODE}/opinions`);
    const rows = page.getByTestId('opinion-row');
    await rows.first().waitFor();
    expect(changedId).not.toBe('');
    const cell = rows.first().getByTestId('opinion-created-on');
    await expect.poll(() => cell.textContent()).toBe('令和8年4月1日（水）');
    expect(await cell.locator('time').getAttribute('datetime')).toBe('2026-04-01');
    expect(await rows.first().getByRole('link').first().getAttribute('href')).toContain(changedId);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a round’s progress adds up, with every state on its side of 提出済', async () => {
    const { context, page, errors } = await pageIn('Asia/Tokyo');
    const api = (await page.request.get(`${env.baseUrl}/api/m/${CODE}/rounds`).then((r) => r.json())) as { items: { id: string; state: string; counts: Counts }[] };
    const open = api.items.filter((r) => r.state !== 'draft');
    expect(open.length).toBeGreaterThan(0);

    // 照会の一覧 (every plan): each started round's line against the API's counts
    await page.goto(`${env.baseUrl}/m/${CODE}/rounds/all`);
    await page.getByTestId('round-list-table').waitFor();
    for (const r of open) {
      const row = page.getByTestId('round-list-row').filter({ has: page.locator(`a[href$="/rounds/${r.id}"]`) });
      const text = await row.getByTestId('round-progress').textContent();
      expectAddsUp(readBreakdown(text!), r.counts);
      // the percentage is of the reports handed in
      const b = readBreakdown(text!);
      const pct = b.total ? Math.floor((b.submitted! * 100) / b.total) : 0;
      expect(await row.getByRole('img', { name: /の提出率 \d+%$/ }).getAttribute('aria-label')).toMatch(new RegExp(` ${pct}%$`));
    }
    // the demo's open round: 25 reports, 11 handed in (提出済み4・課長承認済み4・事務局確認済み3)
    const demo = open.find((r) => r.state === 'open' && r.counts.total === 25 && r.counts.accepted === 3);
    if (demo) {
      const row = page.getByTestId('round-list-row').filter({ has: page.locator(`a[href$="/rounds/${demo.id}"]`) });
      expect(await row.getByTestId('round-progress').textContent()).toBe(
        `提出済 ${demo.counts.submitted + demo.counts.approved + 3}／全 25件（課長承認待ち${demo.counts.submitted}・課長承認済み${demo.counts.approved}・事務局確認済み3／未提出 ${
          demo.counts.not_started + demo.counts.draft + demo.counts.returned
        }件：未着手${demo.counts.not_started}・作成中${demo.counts.draft}・差戻し${demo.counts.returned}）`,
      );
    }
    // the legend says which states count as 提出済
    expect(await page.getByText('担当課が提出した報告（課長承認待ち・課長承認済み・事務局確認済み）').count()).toBe(1);

    // a plan's rounds: the same line
    await page.goto(`${env.baseUrl}/m/${CODE}/rounds`);
    const planRows = page.getByTestId('round-row').and(page.locator(':not([data-state="draft"])'));
    await planRows.first().waitFor();
    for (let i = 0; i < (await planRows.count()); i++) {
      const row = planRows.nth(i);
      const href = (await row.getByRole('link').first().getAttribute('href'))!;
      const r = open.find((x) => href.endsWith(`/rounds/${x.id}`))!;
      expectAddsUp(readBreakdown((await row.getByTestId('round-progress').textContent())!), r.counts);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a KPI short of its target mid-plan reads 目標年度前 with its 進捗率, not 未達成', async () => {
    const { context, page, errors } = await pageIn('UTC');
    await page.goto(`${env.baseUrl}/m/${CODE}`);
    await page.getByRole('link', { name: '第六次荒尾市行政改革大綱', exact: true }).first().click();
    await page.getByRole('link', { name: '数値目標・KPI' }).click();
    await page.getByTestId('kpis-tab').waitFor();
    // 経常収支比率: 99.6% (令和6年度, from the plan's table) against 95.6%以下 in 令和11年度
    const row = page.getByTestId('kpi-row').filter({ hasText: '取り込み元: 「経常収支比率の推移」' }).first();
    await expect.poll(() => row.getByTestId('kpi-progress').textContent()).toBe('0.0%');
    const ended = targetYearEnded(2029, todayInTokyo());
    const text = (await row.textContent())!;
    expect(text).toContain(STATUS_LABELS[ended ? 'not_achieved' : 'before_target']);
    if (!ended) expect(text).not.toContain('未達成');
    expect(errors).toEqual([]);
    await context.close();
  });
});
