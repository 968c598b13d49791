/**
 * Browser journey through one PDCA cycle on the demo's open round of
 * 第六次荒尾市行政改革大綱 (令和8年度 上半期), each person in a browser context of
 * their own:
 *
 *  1. 財政課 報告者 (zaisei-hokoku) opens a page without a session → sign-in
 *     page → back to where they were; from the municipality page opens the
 *     財政課 inbox (only 財政課 items), answers an item (status, achievement,
 *     narrative), waits for the autosave, reloads (the draft is on the
 *     server), submits.
 *  2. 財政課長 (zaisei-shonin) returns it: the reason is required.
 *  3. The reporter sees the reason, fixes the narrative and submits again.
 *  4. The approver approves.
 *  5. 事務局 (jimukyoku) confirms it and closes the round (through the API with
 *     the page's cookies: the close button belongs to the secretariat screens),
 *     and the tally (views/status-by-group) counts the item under the chosen
 *     status; the item page's 進捗の履歴 shows the answer.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_CODE, fillSignIn, openPage, signIn, startEnv, type OpenedPage, type TestEnv } from './support';

let env: TestEnv;

beforeAll(async () => {
  env = await startEnv();
});

afterAll(async () => {
  await env?.close();
});

const api = (path: string) => `${env.baseUrl}/api/m/${DEMO_CODE}${path}`;

async function waitForSaved(page: Page): Promise<void> {
  await page.getByTestId('save-status').filter({ hasText: '保存しました' }).waitFor({ timeout: 15_000 });
}

async function clickAction(page: Page, name: string, done: string): Promise<void> {
  await page.getByTestId('report-actions').getByRole('button', { name, exact: true }).click();
  await page.getByRole('status').filter({ hasText: done }).waitFor({ timeout: 15_000 });
}

function expectClean(p: OpenedPage): void {
  expect(p.external).toEqual([]);
  expect(p.errors).toEqual([]);
}

describe('進捗報告の一巡（報告 → 差戻し → 再提出 → 承認 → 確認 → 締切り）', () => {
  test('a department answers, its head returns and then approves, the secretariat confirms and the tally counts it', async () => {
    const stamp = Date.now().toString(36);
    const narrative1 = `上半期に対象事業の洗い出しを行い、見直し方針案を作成した。（テスト${stamp}）`;
    const narrative2 = `${narrative1}\n見直しの対象は12事業で、歳出削減の見込額は年間約800万円である。`;
    const returnReason = `削減見込額の根拠（対象事業と金額）を追記してください。（テスト${stamp}）`;

    // ── 1. the reporter ──────────────────────────────────────────────
    const reporter = await openPage(env);
    const rp = reporter.page;
    // Without a session the app sends the user to the sign-in page and back afterwards.
    await rp.goto(`${env.baseUrl}/m/${DEMO_CODE}/notifications`);
    await expect.poll(() => rp.url()).toMatch(/\/login\?next=%2Fm%2F432041%2Fnotifications$/);
    await rp.getByTestId('demo-accounts').waitFor();
    await fillSignIn(rp, 'zaisei-hokoku');
    await expect.poll(() => new URL(rp.url()).pathname).toBe(`/m/${DEMO_CODE}/notifications`);
    const who = rp.getByTestId('current-user');
    expect(await who.textContent()).toContain('財政課 報告者');
    expect(await who.textContent()).toContain('担当課 報告者');
    expect(await who.textContent()).toContain('財政課');
    // A reporter reads plans but does not edit them: no secretariat menu.
    const menu = rp.getByRole('navigation', { name: 'メインメニュー' });
    await menu.getByRole('link', { name: '計画', exact: true }).click();
    await expect.poll(() => new URL(rp.url()).pathname).toBe(`/m/${DEMO_CODE}`);
    expect(await menu.getByRole('link', { name: '監査ログ' }).count()).toBe(0);
    expect(await rp.getByRole('link', { name: '＋ 計画を登録' }).count()).toBe(0);

    // The open round is offered on the municipality page; its inbox lists only 財政課 items.
    const openRound = rp.getByTestId('open-rounds').getByRole('listitem').filter({ hasText: '令和8年度 上半期' });
    await openRound.waitFor();
    expect(await openRound.textContent()).toContain('第六次荒尾市行政改革大綱');
    await openRound.getByRole('link', { name: '報告を入力する' }).click();
    await expect.poll(() => rp.url()).toMatch(/\/rounds\/[0-9a-f-]{36}\/inbox\?department=[0-9a-f-]{36}$/);
    const inboxUrl = rp.url();
    const roundId = /rounds\/([0-9a-f-]{36})\//.exec(inboxUrl)![1]!;
    const departmentId = /department=([0-9a-f-]{36})/.exec(inboxUrl)![1]!;
    await rp.getByTestId('inbox').waitFor();
    await expect.poll(() => rp.locator('#page-heading').textContent()).toContain('令和8年度 上半期');

    const inboxApi = await (await reporter.context.request.get(api(`/rounds/${roundId}/reports?department=${departmentId}`))).json();
    expect(inboxApi.department.name).toBe('財政課');
    expect(inboxApi.entries.length).toBeGreaterThan(0);
    for (const e of inboxApi.entries) expect(e.item.departments.map((d: { name: string }) => d.name)).toContain('財政課');
    await expect.poll(() => rp.getByTestId('inbox-row').count()).toBe(inboxApi.entries.length);

    // An item 財政課 leads that nobody has started.
    const target = inboxApi.entries.find(
      (e: { report: { state: string }; item: { departments: { name: string; lead: boolean }[] } }) =>
        e.report.state === 'not_started' && e.item.departments.some((d) => d.lead && d.name === '財政課'),
    );
    expect(target).toBeTruthy();
    const title: string = target.item.title;
    const reportId: string = target.report.id;
    const nodeId: string = target.item.id;
    const row = rp.getByTestId('inbox-row').filter({ has: rp.getByRole('link', { name: title, exact: true }) });
    expect(await row.textContent()).toContain('未着手');
    expect(await row.textContent()).toMatch(/あと\d+日|本日締切/);
    await row.getByRole('link', { name: `${title}：回答する` }).click();
    await expect.poll(() => rp.url()).toContain(`/reports/${reportId}`);
    const reportUrl = rp.url();
    await expect.poll(() => rp.getByTestId('report-title').textContent()).toBe(title);
    // The round, its deadline and the legend with each value's definition are on the page.
    await rp.getByTestId('legend').first().waitFor();
    expect(await rp.getByTestId('legend').first().textContent()).toContain('取組を進めている');

    // Status (radio buttons with the legend's words), achievement and narrative.
    const statusGroup = rp.getByTestId('field-rp-statusCode');
    await statusGroup.getByRole('radio', { name: /取組中/ }).check();
    await rp.getByTestId('field-rp-achievementCode').getByRole('radio', { name: /一部達成/ }).check();
    const narrative = rp.getByRole('textbox', { name: /^取組内容・実績/ });
    await narrative.fill(narrative1);
    await waitForSaved(rp);
    expect(await rp.getByTestId('save-status').textContent()).toMatch(/保存しました \d{2}:\d{2}/);

    // The draft is on the server: a reload shows it.
    await rp.reload();
    await expect.poll(() => narrative.inputValue()).toBe(narrative1);
    expect(await statusGroup.getByRole('radio', { name: /取組中/ }).isChecked()).toBe(true);
    await clickAction(rp, '提出する', '提出しました');
    await expect.poll(() => rp.getByText('提出済み（課長承認待ち）').count()).toBeGreaterThan(0);
    // Submitted: no longer editable.
    expect(await rp.getByRole('textbox', { name: /^取組内容・実績/ }).count()).toBe(0);
    expectClean(reporter);

    // ── 2. the approver returns it ───────────────────────────────────
    const approver = await openPage(env);
    const ap = approver.page;
    // A bookmarked report opens after signing in.
    await ap.goto(reportUrl);
    await expect.poll(() => ap.url()).toContain('/login?next=');
    await fillSignIn(ap, 'zaisei-shonin');
    await expect.poll(() => ap.url()).toBe(reportUrl);
    expect(await ap.getByTestId('current-user').textContent()).toContain('担当課 承認者（課長）');
    await expect.poll(() => ap.getByTestId('report-title').textContent()).toBe(title);
    expect(await ap.getByTestId('answer-narrative').textContent()).toContain(narrative1);
    await ap.getByTestId('report-actions').getByRole('button', { name: '差し戻す', exact: true }).click();
    const dialog = ap.getByRole('dialog', { name: '差し戻す' });
    await dialog.waitFor();
    // The reason is required.
    await dialog.getByRole('button', { name: '差し戻す' }).click();
    await dialog.locator('#rp-comment-error').waitFor();
    expect(await dialog.getByRole('textbox', { name: /差戻しの理由/ }).getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('textbox', { name: /差戻しの理由/ }).fill(returnReason);
    await dialog.getByRole('button', { name: '差し戻す' }).click();
    await dialog.waitFor({ state: 'detached' });
    await ap.getByRole('status').filter({ hasText: '差し戻しました' }).waitFor();
    expectClean(approver);

    // ── 3. the reporter sees the reason, fixes and resubmits ────────
    await rp.goto(inboxUrl);
    const returnedRow = rp.getByTestId('inbox-row').filter({ has: rp.getByRole('link', { name: title, exact: true }) });
    await expect.poll(() => returnedRow.textContent()).toContain(returnReason);
    await returnedRow.getByRole('link', { name: `${title}：修正する` }).click();
    const reason = rp.getByTestId('return-comment');
    await reason.waitFor();
    expect(await reason.textContent()).toContain(returnReason);
    expect(await reason.textContent()).toContain('財政課長（承認者）');
    await rp.getByRole('textbox', { name: /^取組内容・実績/ }).fill(narrative2);
    await waitForSaved(rp);
    await clickAction(rp, '提出する', '提出しました');
    await expect.poll(() => rp.getByTestId('return-comment').count()).toBe(0);
    // The history lists every step, the return with its reason.
    const history = rp.getByTestId('report-history');
    await expect.poll(() => history.getByRole('listitem').count()).toBeGreaterThanOrEqual(4);
    expect(await history.textContent()).toContain(returnReason);
    expectClean(reporter);

    // ── 4. the approver approves ─────────────────────────────────────
    await ap.reload();
    await expect.poll(() => ap.getByTestId('answer-narrative').textContent()).toContain('見直しの対象は12事業');
    await clickAction(ap, '承認する', '承認しました');
    expect(await ap.getByTestId('report-actions').count()).toBe(0);
    expectClean(approver);

    // ── 5. the secretariat confirms, closes the round, reads the tally ─
    const office = await openPage(env);
    const op = office.page;
    await signIn(env, op, 'jimukyoku');
    expect(await op.getByTestId('current-user').textContent()).toContain('事務局');
    const officeMenu = op.getByRole('navigation', { name: 'メインメニュー' });
    expect(await officeMenu.getByRole('link', { name: '監査ログ' }).count()).toBe(1);
    expect(await officeMenu.getByRole('link', { name: '利用者' }).count()).toBe(1);
    await op.goto(reportUrl);
    await expect.poll(() => op.getByTestId('report-title').textContent()).toBe(title);
    await clickAction(op, '確認する', '確認しました');
    await expect.poll(() => op.getByText('事務局確認済み').count()).toBeGreaterThan(0);

    // Close the round with the page's cookies (the secretariat screens own the button).
    const round = await (await office.context.request.get(api(`/rounds/${roundId}`))).json();
    const closed = await office.context.request.post(api(`/rounds/${roundId}/close`), {
      headers: { 'X-Requested-With': 'gyokaku' },
      data: { version: round.version },
    });
    expect(closed.status()).toBe(200);
    expect((await closed.json()).state).toBe('closed');

    // The stored answer and the tally.
    const detail = await (await office.context.request.get(api(`/reports/${reportId}`))).json();
    expect(detail.report.state).toBe('accepted');
    expect(detail.report.narrative).toBe(narrative2);
    const statusCode: string = detail.report.statusCode;
    const inProgress = detail.legends.status.values.find((v: { label: string }) => v.label === '取組中');
    expect(statusCode).toBe(inProgress.code);
    const tally = await (await office.context.request.get(api(`/rounds/${roundId}/views/status-by-group?basis=accepted`))).json();
    const column = tally.statuses.findIndex((s: { code: string | null }) => s.code === statusCode);
    expect(column).toBeGreaterThanOrEqual(0);
    expect(tally.total.cells[column].nodeIds).toContain(nodeId);
    const groupRow = tally.rows.find((r: { cells: { nodeIds: string[] }[] }) => r.cells[column]!.nodeIds.includes(nodeId));
    expect(groupRow).toBeTruthy();

    // The round is closed: nothing can be written any more; until the round is published, the secretariat
    // may still take its acceptance back (確認の取消し), and nothing else.
    await op.reload();
    await expect.poll(() => op.getByTestId('report-title').textContent()).toBe(title);
    const closedActions = op.getByTestId('report-actions').getByRole('button');
    await expect.poll(() => closedActions.allTextContents()).toEqual(['確認を取り消す']);
    expect(await op.getByRole('textbox', { name: /^取組内容・実績/ }).count()).toBe(0);

    // The item page shows the answer in 進捗の履歴.
    await op.goto(`${env.baseUrl}/m/${DEMO_CODE}/plans/${round.planId}/nodes/${nodeId}`);
    const progress = op.getByTestId('progress-history');
    await progress.getByTestId('progress-answers').waitFor();
    expect(await progress.getByTestId('progress-years').textContent()).toContain('取組中');
    expect(await progress.getByTestId('progress-answers').textContent()).toContain('見直しの対象は12事業');

    expectClean(office);
    await reporter.context.close();
    await approver.context.close();
    await office.context.close();
  });

  test('wrong credentials are refused with the server message at the form; signing out ends the session', async () => {
    const p = await openPage(env);
    const { page } = p;
    await page.goto(`${env.baseUrl}/login`);
    const form = page.getByTestId('login-form');
    await form.getByRole('textbox', { name: '団体コード' }).fill(DEMO_CODE);
    await form.getByRole('textbox', { name: 'ログインID' }).fill('zaisei-hokoku');
    await form.getByLabel('パスワード', { exact: true }).fill('not-the-password');
    await form.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByTestId('login-error').waitFor();
    expect(await page.getByTestId('login-error').textContent()).toContain('正しくありません');
    // The input stays.
    expect(await form.getByRole('textbox', { name: 'ログインID' }).inputValue()).toBe('zaisei-hokoku');
    // A malformed 団体コード: the message sits beside the field.
    await form.getByRole('textbox', { name: '団体コード' }).fill('12');
    await form.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.locator('#lg-code-error').waitFor();
    expect(await form.getByRole('textbox', { name: '団体コード' }).getAttribute('aria-invalid')).toBe('true');

    await fillSignIn(page, 'honbu');
    expect(await page.getByTestId('current-user').textContent()).toContain('推進本部・幹部');
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    await page.getByRole('status').filter({ hasText: 'ログアウトしました' }).waitFor();
    const me = await p.context.request.get(`${env.baseUrl}/api/auth/me`);
    expect(me.status()).toBe(401);
    expectClean(p);
    await p.context.close();
  });
});
