/**
 * Browser journeys of three defects found by trying the annual cycle, on the demo's 荒尾市:
 *   1. the secretariat's 「すべての課」 links (the dashboard's 報告一覧, the 合計 row's 「すべて」, the
 *      report's 「一覧へ戻る」, the home page's 「担当課の報告一覧」) show every department — the demo's
 *      secretariat belongs to 総合政策課, which these links used to open instead;
 *   2. the round form answers every problem of one submit together, an empty date with
 *      「…を入力してください」 and a date typed in part with the browser's own message;
 *   3. starting a round on 荒尾市DX推進計画, whose six items have no 担当課, lists them and asks first;
 *      kept for the secretariat, the opening message, the 未提出 figures and the reminder form agree, the
 *      items are in the list of every department, and a 課 with nothing to answer is offered nothing.
 *
 * Server: GYOKAKU_TEST_BASE_URL if set, else an in-memory demo server started here.
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

async function signedInPage(loginId: string): Promise<{ page: Page; external: string[]; errors: string[] }> {
  const { page, external, errors } = await openPage(env);
  await signInByApi(env, page, loginId);
  return { page, external, errors };
}

const api = (path: string) => `${baseUrl}/api/m/${CODE}${path}`;

/** A date `days` from today in Japan (YYYY-MM-DD). */
function tokyoDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });
}

/** The list shows every report of the round, from more than one department. */
async function expectAllDepartments(page: Page, roundTotal: number): Promise<void> {
  await expect.poll(() => new URL(page.url()).searchParams.get('department')).toBe('all');
  await page.getByTestId('inbox').waitFor();
  await expect.poll(() => page.getByTestId('inbox-row').count()).toBe(roundTotal);
  expect(await page.getByRole('combobox', { name: '担当課' }).inputValue()).toBe('all');
  const departments = new Set(await page.getByTestId('inbox-row-department').allTextContents());
  expect(departments.size).toBeGreaterThan(1);
}

describe('照会：すべての課・照会の作成・担当課のない項目', () => {
  test("the secretariat's 'all departments' links show every department, not the secretariat's own 課", async () => {
    const { page, external, errors } = await signedInPage('jimukyoku');
    const rounds = await (await page.request.get(api('/rounds?state=open'))).json();
    const round = rounds.items.find((r: { label: string }) => r.label === '令和8年度 上半期');
    const total: number = round.counts.total;
    // what the links used to show: 総合政策課's items only, fewer than the round asks about
    const me = await (await page.request.get(`${baseUrl}/api/auth/me`)).json();
    const own = await (await page.request.get(api(`/rounds/${round.id}/reports?department=${me.user.departments[0].id}`))).json();
    expect(own.total).toBeLessThan(total);

    // 報告一覧「すべての課」 on the round's page
    await page.goto(`${baseUrl}/m/${CODE}/rounds/${round.id}`);
    await page.getByTestId('round-summary').getByRole('link', { name: 'すべての課' }).click();
    await expectAllDepartments(page, total);

    // the 合計 row's 「すべて」
    await page.goto(`${baseUrl}/m/${CODE}/rounds/${round.id}`);
    await page.getByTestId('completion-table').locator('tfoot').getByRole('link', { name: 'すべて', exact: true }).click();
    await expectAllDepartments(page, total);

    // a report opened from that list, then 「一覧へ戻る」
    await page.getByTestId('inbox-row').first().getByRole('link').first().click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/\/reports\/[0-9a-f-]{36}$/);
    await page.getByRole('link', { name: '一覧へ戻る' }).click();
    await expectAllDepartments(page, total);

    // the home page's 「担当課の報告一覧」
    await page.goto(`${baseUrl}/m/${CODE}`);
    await page.getByTestId('open-rounds').getByRole('listitem').filter({ hasText: '令和8年度 上半期' }).getByRole('link', { name: '担当課の報告一覧' }).click();
    await expectAllDepartments(page, total);

    // the secretariat can still choose its own 課 from the list
    await page.getByRole('combobox', { name: '担当課' }).selectOption(me.user.departments[0].id);
    await expect.poll(() => page.getByTestId('inbox-row').count()).toBe(own.total);

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  const label = `DX推進計画の照会（${Date.now().toString(36)}）`;

  test('the round form answers every problem of one submit together; an empty date asks for a date', async () => {
    const { page, external, errors } = await signedInPage('jimukyoku');
    await page.goto(`${baseUrl}/m/${CODE}/rounds`);
    const dx = page.getByTestId('plan-rounds').filter({ has: page.getByRole('heading', { name: /^荒尾市DX推進計画/ }) });
    await dx.getByRole('button', { name: '＋ この計画の照会を作成' }).click();
    const form = page.getByTestId('round-form');
    await form.waitFor();
    const summary = page.locator('#rf-error-summary');

    // nothing filled in: 照会名, 基準日 and 回答期限 at once, none of them a format message
    await form.getByRole('button', { name: '作成する' }).click();
    await summary.waitFor();
    await expect.poll(() => summary.locator('h2').textContent()).toContain('（3件）');
    const all = await summary.textContent();
    expect(all).toContain('照会名を入力してください');
    expect(all).toContain('基準日を入力してください。');
    expect(all).toContain('回答期限を入力してください。');
    expect(all).not.toContain('YYYY-MM-DD');
    expect(await page.locator('#rf-asOfDate-error').textContent()).toContain('基準日を入力してください。');
    expect(await page.locator('#rf-asOfDate').getAttribute('aria-invalid')).toBe('true');

    // 基準日 typed in part (one of 年・月・日 only): the browser's message for it, the server's for the others, one submit
    await page.locator('#rf-asOfDate').focus();
    await page.keyboard.press('ArrowUp');
    expect(await page.locator('#rf-asOfDate').evaluate((el) => (el as HTMLInputElement).validity.badInput)).toBe(true);
    await form.getByRole('button', { name: '作成する' }).click();
    await expect.poll(() => page.locator('#rf-asOfDate-error').textContent()).toContain('基準日の日付が最後まで入力されていません');
    await expect.poll(() => summary.locator('h2').textContent()).toContain('（3件）');
    const merged = await summary.textContent();
    expect(merged).toContain('照会名を入力してください');
    expect(merged).toContain('回答期限を入力してください。');
    expect(merged).not.toContain('基準日を入力してください。');

    // filled in: created (used by the next journey)
    await page.locator('#rf-label').fill(label);
    await page.locator('#rf-asOfDate').fill('2026-09-30');
    await page.locator('#rf-deadline').fill(tokyoDate(30));
    await form.getByRole('button', { name: '作成する' }).click();
    await page.getByRole('status').filter({ hasText: `照会「${label}」を作成しました` }).waitFor();

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('starting a round whose items have no 担当課 lists them and asks first; kept for the secretariat, every figure agrees', async () => {
    const { page, external, errors } = await signedInPage('jimukyoku');
    const list = await (await page.request.get(api('/rounds?state=draft'))).json();
    const draft = list.items.find((r: { label: string }) => r.label === label);
    expect(draft).toBeTruthy();

    await page.goto(`${baseUrl}/m/${CODE}/rounds/${draft.id}`);
    await page.getByRole('button', { name: `${label}を開始` }).click();
    const dialog = page.getByTestId('round-step-dialog');
    await dialog.waitFor();
    const orphans = dialog.getByTestId('open-without-department');
    await orphans.waitFor();
    expect(await orphans.getByRole('heading').textContent()).toBe('担当課が設定されていない項目が6件あります');
    expect(await orphans.getByTestId('open-without-department-items').getByRole('listitem').count()).toBe(6);
    expect(await dialog.getByTestId('open-item-count').textContent()).toBe('対象の実施項目：6件（うち担当課が設定されていない項目 6件）');

    // no decision: asked, and nothing starts
    await dialog.getByRole('button', { name: '開始する' }).click();
    await orphans.getByText('担当課が設定されていない項目の扱いを選んでください。').waitFor();
    expect((await (await page.request.get(api(`/rounds/${draft.id}`))).json()).state).toBe('draft');

    // leaving them out would leave nothing to ask: the server says so, still nothing starts
    const choices = orphans.getByRole('group', { name: '担当課のない項目の扱い' });
    await choices.getByRole('radio', { name: '担当課のない項目を除いて開始する' }).check();
    await dialog.getByRole('button', { name: '開始する' }).click();
    await dialog.getByRole('alert').filter({ hasText: '除くと照会する項目がなくなります' }).waitFor();
    expect((await (await page.request.get(api(`/rounds/${draft.id}`))).json()).state).toBe('draft');

    // kept for the secretariat: the message says where they went, not that departments were asked
    await choices.getByRole('radio', { name: '担当課のない項目も含めて開始する（事務局が扱う）' }).check();
    await dialog.getByRole('button', { name: '開始する' }).click();
    const done = page.getByRole('status').filter({ hasText: `「${label}」を開始しました。` });
    await done.waitFor();
    const message = await done.textContent();
    expect(message).toContain('担当課に届いた報告はありません。担当課が設定されていない6件');
    expect(message).toContain('「担当課なし」として事務局の報告一覧に入れました。');
    expect(message).not.toContain('担当課に報告を依頼しました');

    // 未提出 and the reminder form agree: six missing, none of them remindable — not 「未提出の報告はありません」
    const missing = page.getByTestId('missing');
    await expect.poll(() => missing.getByRole('button', { name: /^未提出の報告/ }).getAttribute('data-count')).toBe('6');
    const reminder = page.getByTestId('reminder-form');
    await expect.poll(() => reminder.getByTestId('reminder-unreachable').textContent()).toContain('未提出のうち6件は担当課が設定されていない項目のため、督促できません。');
    expect(await reminder.textContent()).not.toContain('未提出の報告はありません');
    const noDept = page.getByTestId('missing-by-department').getByRole('row').filter({ hasText: '担当課なし' });
    expect(await noDept.textContent()).toContain('送付先なし（担当課が設定されていない項目）');

    // they are in the list of every department, each marked 担当課なし
    await noDept.getByRole('link', { name: 'すべての課の報告' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('department')).toBe('all');
    await expect.poll(() => page.getByTestId('inbox-row').count()).toBe(6);
    for (const t of await page.getByTestId('inbox-row-department').allTextContents()) expect(t).toContain('担当課なし');

    // a 課 with nothing in this round is offered nothing to enter beside it
    const rep = await signedInPage('zaisei-hokoku');
    await rep.page.goto(`${baseUrl}/m/${CODE}`);
    const dxItem = rep.page.getByTestId('open-rounds').getByRole('listitem').filter({ hasText: label });
    await expect.poll(() => dxItem.getByTestId('department-todo').textContent()).toBe('財政課：この照会で担当する項目はありません');
    expect(await dxItem.getByRole('link', { name: '報告を入力する' }).count()).toBe(0);
    // the demo's round, where 財政課 has items, still offers it
    const demoItem = rep.page.getByTestId('open-rounds').getByRole('listitem').filter({ hasText: '令和8年度 上半期' });
    await demoItem.getByRole('link', { name: '報告を入力する' }).waitFor();

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    expect(rep.external).toEqual([]);
    expect(rep.errors).toEqual([]);
    await rep.page.context().close();
    await page.context().close();
  });
});
