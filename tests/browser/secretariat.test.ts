/**
 * Browser journey of the secretariat (事務局) screens, signed in as the demo's
 * jimukyoku account:
 *   1. 照会の一覧 → the demo's open round → its dashboard shows completion per
 *      department, and clicking a count lists exactly the rows behind it;
 *   2. 意見を登録 → assign it to 財政課 on the opinion page;
 *   3. 監査ログ, filtered to that opinion, lists the registration and the assignment
 *      with a before → after view;
 *   4. 照会の一覧 (every plan): the rounds of two plans in one table, filtered by state
 *      and plan, each linking to its round's page;
 *   5. a draft round of 第六次 created with 照会の対象「対象年度にスケジュールがある実施項目」
 *      keeps that choice, and opening it from the dialog (the choice preselected)
 *      makes reports for exactly the items scheduled in its year (the demo's 第六次
 *      has no yearly schedule, so three items get a 令和8年度 entry first). It runs
 *      last and has a label of its own, so the demo's open round stays as the other
 *      tests see it.
 *
 * Server: GYOKAKU_TEST_BASE_URL if set, else an in-memory demo server started
 * here (building web/dist first when it is missing or older than web/src).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CODE as CODE, openPage, signInByApi, startEnv, type TestEnv } from './support.js';

let env: TestEnv;
let baseUrl = '';

beforeAll(async () => {
  env = await startEnv();
  baseUrl = env.baseUrl;
});

afterAll(async () => {
  await env?.close();
});

/** A signed-in page (session cookie set through the API) that records requests leaving the server. */
async function signedInPage(loginId = 'jimukyoku'): Promise<{ page: Page; external: string[]; errors: string[] }> {
  const { page, external, errors } = await openPage(env);
  await signInByApi(env, page, loginId);
  return { page, external, errors };
}

describe('事務局：照会の状況・意見・監査ログ', () => {
  test('the open round shows completion per department and every count opens its rows', async () => {
    const { page, external, errors } = await signedInPage();

    await page.goto(`${baseUrl}/m/${CODE}/rounds`);
    const openRound = page.getByTestId('round-row').and(page.locator('[data-state="open"]')).first();
    await openRound.waitFor();
    await openRound.getByRole('link').first().click();
    await expect.poll(() => page.url()).toMatch(/\/rounds\/[0-9a-f-]{36}$/);

    // 担当課別の提出状況: one row per department, each with its percentage bar.
    const rows = page.getByTestId('completion-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(1);
    expect(await rows.first().getByRole('img', { name: /提出率 \d+%/ }).count()).toBe(1);

    // A department with missing reports: its 未提出 count lists exactly that many items.
    let target = -1;
    for (let i = 0; i < (await rows.count()); i++) {
      if (Number(await rows.nth(i).getByTestId('count-notyet').getAttribute('data-count')) > 0) {
        target = i;
        break;
      }
    }
    expect(target).toBeGreaterThanOrEqual(0);
    const row = rows.nth(target);
    const dept = await row.getAttribute('data-department');
    const notYet = row.getByTestId('count-notyet');
    const n = Number(await notYet.getAttribute('data-count'));
    await notYet.click();
    const dialog = page.getByTestId('rows-dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.getByRole('heading').first().textContent()).toContain(`${dept}の未提出（${n}件）`);
    expect(await dialog.getByTestId('rows-row').count()).toBe(n);
    // each row names its item (a link to it) and the report's state with a link to the report
    expect(await dialog.getByTestId('rows-row').first().getByRole('link').count()).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // The 施策別 status table: the total count lists every item of the round.
    const byGroup = page.getByTestId('status-by-group');
    const total = byGroup.locator('tfoot button').first();
    const totalCount = Number(await total.getAttribute('data-count'));
    expect(totalCount).toBeGreaterThan(0);
    await total.click();
    await dialog.waitFor();
    expect(await dialog.getByTestId('rows-row').count()).toBe(totalCount);
    await page.keyboard.press('Escape');

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('照会の一覧 lists the rounds of every plan in one table, filters them and links each to its page', async () => {
    const { page, external, errors } = await signedInPage();

    // reached from the 照会 screen's tabs
    await page.goto(`${baseUrl}/m/${CODE}/rounds`);
    await page.getByRole('navigation', { name: '照会' }).getByRole('link', { name: '照会の一覧（すべての計画）' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/m/${CODE}/rounds/all`);
    await page.getByRole('heading', { level: 1, name: '照会の一覧' }).waitFor();

    // one table: the demo's open round of 第六次 and the past rounds of 第五次's 実施計画
    const table = page.getByTestId('round-list-table');
    await table.waitFor();
    expect(await table.locator('caption').textContent()).toContain('照会の一覧');
    expect(await table.locator('thead th[scope="col"]').count()).toBe(7);
    const rows = table.getByTestId('round-list-row');
    const n = await rows.count();
    expect(n).toBeGreaterThanOrEqual(5);
    expect(await rows.locator('th[scope="row"]').count()).toBe(n);
    const planIds = new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-plan'))));
    expect(planIds.size).toBeGreaterThanOrEqual(2);
    const text = await table.textContent();
    expect(text).toContain('第六次荒尾市行政改革大綱');
    expect(text).toContain('第五次荒尾市行政改革大綱 実施計画');
    expect(text).toContain('令和3年度実績');
    // the open round: its days left and its progress 提出済 n／全 m
    const open = rows.and(page.locator('[data-state="open"]')).first();
    expect(await open.getByTestId('round-days-left').textContent()).toMatch(/^（(あと\d+日|本日締切|\d+日超過)）$/);
    expect(await open.getByTestId('round-progress').textContent()).toMatch(/提出済 \d+／全 [1-9]\d*件/);

    // 状態: 照会中 only — the filter is in the URL and only open rounds stay
    await page.getByTestId('round-list-filters').getByRole('checkbox', { name: '照会中' }).check();
    await expect.poll(() => new URL(page.url()).search).toBe('?state=open');
    await expect.poll(async () => [...new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-state'))))].join()).toBe('open');
    // 締切済み as well, and 計画: 第五次's 実施計画 — its closed rounds only
    await page.getByTestId('round-list-filters').getByRole('checkbox', { name: '締切済み' }).check();
    await page.getByTestId('round-list-filters').getByRole('combobox', { name: '計画' }).selectOption({ label: '第五次荒尾市行政改革大綱 実施計画' });
    await expect.poll(() => rows.count()).toBe(4);
    expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-state'))))).toEqual(new Set(['closed']));
    // 対象年度 令和2年度 → one round; then nothing matches once 照会中 alone is asked
    await page.getByTestId('round-list-filters').getByRole('combobox', { name: '対象年度' }).selectOption({ label: '令和2年度' });
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByTestId('round-list-filters').getByRole('checkbox', { name: '締切済み' }).uncheck();
    await expect.poll(() => page.getByTestId('round-list-empty').textContent()).toContain('条件に合う照会はありません。');

    // 条件を解除, then a round's name opens its page
    await page.getByRole('button', { name: '条件を解除' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await open.getByRole('link').first().click();
    await expect.poll(() => page.url()).toMatch(/\/rounds\/[0-9a-f-]{36}$/);
    await page.getByTestId('completion-row').first().waitFor();

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('an opinion is registered, assigned to 財政課, and the audit log lists both', async () => {
    const { page, external, errors } = await signedInPage();
    const stamp = Date.now().toString(36);
    const text = `窓口の待ち時間の公表方法を見直すべきである。（テスト${stamp}）`;

    await page.goto(`${baseUrl}/m/${CODE}/opinions`);
    await page.getByRole('button', { name: '＋ 意見を登録' }).click();
    const form = page.getByTestId('opinion-form');
    await form.waitFor();

    // An empty body is refused beside the field; nothing is lost.
    await form.getByRole('button', { name: '登録する' }).click();
    await page.locator('#of-body-error').waitFor();
    expect(await page.locator('#of-body').getAttribute('aria-invalid')).toBe('true');

    await page.locator('#of-body').fill(text);
    await form.getByRole('button', { name: '登録する' }).click();
    await expect.poll(() => page.url()).toMatch(/\/opinions\/[0-9a-f-]{36}$/);
    const opinionId = page.url().split('/').pop()!;
    await expect.poll(() => page.getByTestId('opinion-body').textContent()).toBe(text);
    expect(await page.getByTestId('opinion-department').textContent()).toBe('未割当');

    // 担当課の割当て
    const assign = page.getByTestId('assign-form');
    await assign.getByRole('combobox').selectOption({ label: '財政課' });
    await assign.getByRole('button', { name: '割り当てる' }).click();
    await page.getByRole('status').filter({ hasText: '財政課に割り当てました' }).waitFor();
    await expect.poll(() => page.getByTestId('opinion-department').textContent()).toBe('財政課');
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(2);

    // The opinion appears in the list under 財政課's 対応方針待ち.
    await page.goto(`${baseUrl}/m/${CODE}/opinions`);
    const listRow = page.getByTestId('opinion-row').filter({ hasText: `テスト${stamp}` });
    await listRow.waitFor();
    expect(await listRow.textContent()).toContain('財政課');

    // 監査ログ: the two actions on this opinion, newest first.
    await page.goto(`${baseUrl}/m/${CODE}/audit?entity=opinion&entityId=${opinionId}`);
    const audit = page.getByTestId('audit-row');
    await audit.first().waitFor();
    expect(await audit.count()).toBe(2);
    expect(await audit.nth(0).getAttribute('data-action')).toBe('opinion.assign');
    expect(await audit.nth(1).getAttribute('data-action')).toBe('opinion.create');
    expect(await audit.nth(0).textContent()).toContain('担当課の割当て');
    expect(await audit.nth(0).textContent()).toContain('事務局 行革担当');

    // before → after of the assignment
    await audit.nth(0).getByRole('button', { name: '変更前→変更後' }).click();
    const diff = page.getByTestId('audit-diff');
    await diff.waitFor();
    const changed = diff.locator('tr.bg-yellow-50');
    expect(await changed.filter({ hasText: 'assignedDepartmentId' }).count()).toBe(1);

    // The CSV link carries the same filter.
    expect(await page.getByTestId('audit-csv').getAttribute('href')).toBe(`/api/m/${CODE}/audit/export.csv?entity=opinion&entityId=${opinionId}`);

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('a draft keeps the scope chosen in its form and opens with it: one report per item scheduled in its year', async () => {
    const { page, external, errors } = await signedInPage();
    const request = page.context().request;
    const api = (p: string) => `${baseUrl}/api/m/${CODE}${p}`;
    const label = `対象を選んだ照会（テスト${Date.now().toString(36)}）`;
    const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const scheduledName = '対象年度にスケジュールがある実施項目';

    // The demo's 第六次 plan has no yearly schedule yet: give three of its action items a 令和8年度 entry.
    type TreeNode = { id: string; isAction: boolean; status: string; schedule: Record<string, string>; version: number; children: TreeNode[] };
    const plans = await (await request.get(api('/plans'))).json();
    const planId: string = plans.items.find((p: { title: string }) => p.title === '第六次荒尾市行政改革大綱').id;
    const actionItems = async () => {
      const tree = await (await request.get(api(`/plans/${planId}/tree`))).json();
      const flat = (ns: TreeNode[]): TreeNode[] => ns.flatMap((n) => [n, ...flat(n.children)]);
      return flat(tree.roots).filter((n) => n.isAction && n.status === 'active');
    };
    const unscheduled = (await actionItems()).filter((n) => !n.schedule['2026']);
    expect(unscheduled.length).toBeGreaterThan(3);
    for (const n of unscheduled.slice(0, 3)) {
      const res = await request.patch(api(`/plans/${planId}/nodes/${n.id}`), {
        data: { version: n.version, schedule: { ...n.schedule, 2026: 'jisshi' } },
        headers: { 'X-Requested-With': 'gyokaku' },
      });
      expect(res.status()).toBe(200);
    }
    const items = await actionItems();
    const expected = items.filter((n) => n.schedule['2026']).map((n) => n.id).sort();
    expect(expected.length).toBeLessThan(items.length);

    await page.goto(`${baseUrl}/m/${CODE}/rounds`);
    const plan6 = page.getByTestId('plan-rounds').filter({ has: page.getByRole('heading', { name: /^第六次荒尾市行政改革大綱/ }) });
    await plan6.getByRole('button', { name: '＋ この計画の照会を作成' }).click();
    const form = page.getByTestId('round-form');
    await form.waitFor();
    // 照会の対象: nothing chosen yet means it is asked when the round opens
    const scope = form.getByRole('group', { name: '照会の対象' });
    expect(await scope.getByRole('radio', { name: '開始するときに選ぶ' }).isChecked()).toBe(true);
    expect(await scope.getByRole('radio').count()).toBe(3);
    await page.locator('#rf-label').fill(label);
    await page.locator('#rf-targetFiscalYear').selectOption('2026');
    // before the demo's open round (2026-09-30), so lists keep showing that one first
    await page.locator('#rf-asOfDate').fill('2026-06-30');
    await page.locator('#rf-deadline').fill(deadline);
    await scope.getByRole('radio', { name: scheduledName }).check();
    await form.getByRole('button', { name: '作成する' }).click();
    await page.getByRole('status').filter({ hasText: `照会「${label}」を作成しました` }).waitFor();

    // the round's page, reloaded: the choice is kept on the draft
    await plan6.getByRole('link', { name: label }).click();
    await expect.poll(() => page.url()).toMatch(/\/rounds\/[0-9a-f-]{36}$/);
    const roundId = page.url().split('/').pop()!;
    await page.reload();
    await expect.poll(() => page.getByTestId('round-scope').textContent()).toBe(`照会の対象：${scheduledName}`);
    const draft = await (await request.get(api(`/rounds/${roundId}`))).json();
    expect(draft.state).toBe('draft');
    expect(draft.scope).toMatchObject({ mode: 'scheduled' });
    // and the form shows it when the draft is changed
    await page.getByRole('button', { name: `${label}を変更` }).click();
    await form.waitFor();
    expect(await form.getByRole('group', { name: '照会の対象' }).getByRole('radio', { name: scheduledName }).isChecked()).toBe(true);
    await form.getByRole('button', { name: 'キャンセル' }).click();
    await form.waitFor({ state: 'detached' });

    // 開始: the dialog starts from the kept choice and says which scope it will use
    await page.getByRole('button', { name: `${label}を開始` }).click();
    const dialog = page.getByTestId('round-step-dialog');
    await dialog.waitFor();
    const openScope = dialog.getByRole('group', { name: '照会の対象' });
    expect(await openScope.getByRole('radio', { name: scheduledName }).isChecked()).toBe(true);
    expect(await openScope.getByRole('radio', { name: '計画のすべての実施項目（中止・統合を除く）' }).isChecked()).toBe(false);
    expect(await dialog.getByTestId('open-scope-used').textContent()).toBe(
      '開始すると令和8年度にスケジュールがある実施項目について報告を作ります。照会の作成・変更で選んだ対象です。',
    );
    await dialog.getByRole('button', { name: '開始する' }).click();
    const done = page.getByRole('status').filter({ hasText: `「${label}」を開始しました。` });
    await done.waitFor();

    // one report per active action item with a schedule in 令和8年度, no more: the dashboard's 実施予定 view lists the same
    expect(await done.textContent()).toContain(`${expected.length}件の実施項目について担当課に報告を依頼しました（対象：${scheduledName}）`);
    const opened = await (await request.get(api(`/rounds/${roundId}`))).json();
    expect(opened.state).toBe('open');
    expect(opened.scope).toMatchObject({ mode: 'scheduled' });
    expect(opened.counts.total).toBe(expected.length);
    const reports = await (await request.get(api(`/rounds/${roundId}/reports`))).json();
    expect(reports.entries.map((e: { report: { nodeId: string } }) => e.report.nodeId).sort()).toEqual(expected);
    const scheduled = await (await request.get(api(`/rounds/${roundId}/views/scheduled`))).json();
    expect([...scheduled.total.nodeIds].sort()).toEqual(expected);
    // the header keeps naming the scope it opened with
    await expect.poll(() => page.getByTestId('round-scope').textContent()).toBe(`照会の対象：${scheduledName}`);

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
