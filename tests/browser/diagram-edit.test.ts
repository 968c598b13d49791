/**
 * Browser journey: 荒尾市 → 第六次荒尾市行政改革大綱 → 体系図 → open an item →
 * edit its title, 事業概要 and one schedule cell → save → reload → the change
 * is still there. Then an empty title: the server's message appears beside the
 * field and everything the user typed is kept.
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

describe('体系図から項目を開いて編集する', () => {
  test('title, 事業概要 and a schedule cell are saved and survive a reload; an empty title is refused beside the field', async () => {
    const { page, external, errors } = await openPage();
    const stamp = Date.now().toString(36);
    const newTitle = `市有財産維持管理費等の見直し（テスト${stamp}）`;
    const newDescription = `維持管理費を施設ごとに点検し、削減額を毎年度公表する。（テスト${stamp}）`;

    // 自治体の選択 → 荒尾市 → 計画一覧
    await page.goto(`${baseUrl}/`);
    await page.getByRole('link', { name: /荒尾市/ }).click();
    await expect.poll(() => page.url()).toMatch(/\/m\/432041$/);
    await page.getByRole('link', { name: '第六次荒尾市行政改革大綱', exact: true }).click();

    // 体系図 is the plan page's first tab.
    await expect.poll(() => page.url()).toMatch(/\/m\/432041\/plans\/[^/]+\/diagram$/);
    await page.getByRole('region', { name: /の体系図$/ }).waitFor();
    expect(await page.getByRole('link', { name: '体系図', exact: true }).getAttribute('aria-current')).toBe('page');
    const box = page.getByTestId('diagram-node').filter({ hasText: '市有財産維持管理費等の見直し' });
    await expect.poll(() => box.count()).toBe(1);

    // Open the item from the diagram with the keyboard (Enter on the box).
    await box.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toMatch(/\/nodes\/[^/]+$/);
    const nodeUrl = page.url();
    await expect.poll(() => page.getByTestId('node-title').textContent()).toBe('市有財産維持管理費等の見直し');

    // 編集
    await page.getByRole('button', { name: '編集', exact: true }).click();
    const form = page.getByTestId('node-form');
    await form.waitFor();
    const title = form.getByRole('textbox', { name: /^項目名/ });
    const description = form.getByRole('textbox', { name: '事業概要' });
    const fy2026 = form.getByRole('combobox', { name: '令和8年度' });
    await title.fill(newTitle);
    await description.fill(newDescription);
    await fy2026.selectOption({ label: '実施' });
    await form.getByRole('button', { name: '保存する' }).click();

    await page.getByRole('status').filter({ hasText: '保存しました' }).waitFor();
    await expect.poll(() => page.getByTestId('node-title').textContent()).toBe(newTitle);

    // Reload: the change came from the server, not from memory.
    await page.reload();
    expect(page.url()).toBe(nodeUrl);
    await expect.poll(() => page.getByTestId('node-title').textContent()).toBe(newTitle);
    expect(await page.getByTestId('node-description').textContent()).toBe(newDescription);
    const schedule = page.getByTestId('schedule-table');
    const headers = await schedule.locator('thead th').allTextContents();
    const col = headers.indexOf('令和8年度');
    expect(col).toBeGreaterThanOrEqual(0);
    expect(await schedule.locator('tbody td').nth(col).textContent()).toContain('実施');

    // The diagram shows the new title too.
    await page.getByRole('navigation', { name: '現在位置' }).getByRole('link', { name: '第六次荒尾市行政改革大綱' }).click();
    await expect.poll(() => page.getByTestId('diagram-node').filter({ hasText: newTitle }).count()).toBe(1);
    await page.goto(nodeUrl);

    // Validation: an empty title is refused; the message sits beside the field
    // and is tied to it; what the user typed stays.
    await page.getByRole('button', { name: '編集', exact: true }).click();
    await form.waitFor();
    const keptDescription = `入力内容が保持されることの確認（${stamp}）`;
    await title.fill('');
    await description.fill(keptDescription);
    await fy2026.selectOption({ label: '検討' });
    await form.getByRole('button', { name: '保存する' }).click();

    const titleError = page.locator('#nf-title ~ #nf-title-error');
    await titleError.waitFor();
    expect((await titleError.textContent())?.trim().length).toBeGreaterThan(0);
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    expect(await title.getAttribute('aria-describedby')).toContain('nf-title-error');
    await page.getByRole('alert').filter({ hasText: '入力内容を確認してください' }).waitFor();
    expect(await title.inputValue()).toBe('');
    expect(await description.inputValue()).toBe(keptDescription);
    expect(await fy2026.inputValue()).toBe('kento');

    // Nothing was saved by the refused request.
    await page.reload();
    await expect.poll(() => page.getByTestId('node-title').textContent()).toBe(newTitle);
    expect(await page.getByTestId('node-description').textContent()).toBe(newDescription);

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
