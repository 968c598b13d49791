/**
 * Browser journey for the secretariat's registration screens:
 * 荒尾市 → 計画を登録 → a wrong period (終了 < 開始) and an empty 階層名 are
 * refused; each message appears beside its field and what was typed stays →
 * fix and save → the plan page opens and the plan is in the municipality's
 * list. Then 組織（担当課）→ 組織を登録 → the department is in the list, also
 * after a reload.
 *
 * The server requires sign-in: each page signs in first as the demo's
 * システム管理者 (`admin` of 432041), who may register plans and departments.
 *
 * Server: GYOKAKU_TEST_BASE_URL if set, else an in-memory demo server started
 * here (building web/dist first when it is missing or older than web/src).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openPage as openContext, signIn, startEnv, type TestEnv } from './support';

let env: TestEnv;
let baseUrl = '';

beforeAll(async () => {
  env = await startEnv();
  baseUrl = env.baseUrl;
});

afterAll(async () => {
  await env?.close();
});

/** A signed-in page that records any request leaving the server (LGWAN: there must be none). */
async function openPage() {
  const opened = await openContext(env);
  await signIn(env, opened.page, 'admin');
  return opened;
}

describe('計画・組織を登録する', () => {
  test('a wrong period is refused beside 終了年度 with the input kept; after fixing, the plan is listed', async () => {
    const { page, external, errors } = await openPage();
    const stamp = Date.now().toString(36);
    const title = `第七次荒尾市行政改革大綱（テスト${stamp}）`;
    const philosophy = `市民とともにつくる持続可能な行政経営（テスト${stamp}）`;

    // 自治体の選択 → 荒尾市 → 計画を登録
    await page.goto(`${baseUrl}/`);
    await page.getByRole('link', { name: /荒尾市/ }).click();
    await expect.poll(() => page.url()).toMatch(/\/m\/432041$/);
    await page.getByRole('link', { name: '＋ 計画を登録' }).click();
    await expect.poll(() => page.url()).toMatch(/\/m\/432041\/plans\/new$/);

    const form = page.getByTestId('plan-form');
    await form.waitFor();
    const kind = form.getByRole('combobox', { name: /^種類/ });
    const titleBox = form.getByRole('textbox', { name: /^計画名/ });
    const first = form.getByRole('combobox', { name: '開始年度' });
    const last = form.getByRole('combobox', { name: '終了年度' });
    const level2 = form.getByRole('textbox', { name: '第2階層', exact: true });

    // The 年度 lists show 和暦 with the Western year.
    expect(await first.locator('option[value="2026"]').textContent()).toBe('令和8年度（2026）');

    await kind.fill('行政改革大綱');
    await titleBox.fill(title);
    await form.getByRole('textbox', { name: /^経営理念・基本理念/ }).fill(philosophy);
    await first.selectOption('2027');
    await last.selectOption('2026');
    await level2.fill('');
    await form.getByRole('button', { name: '登録する' }).click();

    // The server's message sits beside 終了年度 and is tied to it.
    const lastError = page.locator('#pf-lastFiscalYear ~ #pf-lastFiscalYear-error');
    await lastError.waitFor();
    expect(await lastError.textContent()).toContain('終了年度');
    expect(await last.getAttribute('aria-invalid')).toBe('true');
    expect(await last.getAttribute('aria-describedby')).toContain('pf-lastFiscalYear-error');
    await page.getByRole('alert').filter({ hasText: '入力内容を確認してください' }).waitFor();
    // levelNames.1 → beside the 2nd 階層名.
    const level2Id = await level2.getAttribute('id');
    expect(await level2.getAttribute('aria-invalid')).toBe('true');
    expect(((await page.locator(`#${level2Id}-error`).textContent()) ?? '').trim().length).toBeGreaterThan(0);
    // Everything typed is still there.
    expect(await titleBox.inputValue()).toBe(title);
    expect(await kind.inputValue()).toBe('行政改革大綱');
    expect(await first.inputValue()).toBe('2027');
    expect(await last.inputValue()).toBe('2026');

    // Fix and save: the new plan's page opens.
    await last.selectOption('2030');
    await level2.fill('推進項目');
    await form.getByRole('button', { name: '登録する' }).click();
    await expect.poll(() => page.url()).toMatch(/\/m\/432041\/plans\/[0-9a-f-]{36}\/diagram$/);
    await page.getByRole('status').filter({ hasText: '登録しました' }).waitFor();
    await expect.poll(() => page.locator('#page-heading').textContent()).toBe(title);

    // The municipality's list has it, with its period in 和暦.
    await page.getByRole('navigation', { name: '現在位置' }).getByRole('link', { name: '荒尾市' }).click();
    await expect.poll(() => page.url()).toMatch(/\/m\/432041$/);
    const row = page.getByTestId('plan-list').locator('tr').filter({ has: page.getByRole('link', { name: title, exact: true }) });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('令和9年度〜令和12年度');

    // It survives a reload (stored on the server).
    await page.reload();
    await expect.poll(() => page.getByRole('link', { name: title, exact: true }).count()).toBe(1);

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('a department registered from the municipality page appears in the list', async () => {
    const { page, external, errors } = await openPage();
    const stamp = Date.now().toString(36);
    const name = `デジタル推進課（テスト${stamp}）`;

    await page.goto(`${baseUrl}/m/432041`);
    await page.getByRole('link', { name: '組織（担当課）' }).click();
    await expect.poll(() => page.url()).toMatch(/\/m\/432041\/departments$/);
    await page.getByTestId('department-list').waitFor();
    // The page explains how a renamed or merged 課 is recorded.
    await page.getByRole('heading', { name: '課の改称・統合を記録するには' }).waitFor();

    await page.getByRole('button', { name: '＋ 組織を登録' }).click();
    const dialog = page.getByRole('dialog', { name: '組織の登録' });
    await dialog.waitFor();
    await dialog.getByRole('textbox', { name: /^組織名/ }).fill(name);
    expect(await dialog.getByRole('combobox', { name: /^種別/ }).inputValue()).toBe('課');
    await dialog.getByLabel(/^設置日/).fill('2026-04-01');
    await dialog.getByRole('button', { name: '登録する' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('status').filter({ hasText: '登録しました' }).waitFor();
    const row = page.getByTestId('department-row').filter({ hasText: name });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('令和8年4月1日設置');

    await page.reload();
    await expect.poll(() => page.getByTestId('department-row').filter({ hasText: name }).count()).toBe(1);

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
