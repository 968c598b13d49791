/**
 * Browser journey: 荒尾市 → 第六次荒尾市行政改革大綱 → 体系図 → open an item →
 * edit its title, 事業概要 and one schedule cell → save → reload → the change
 * is still there. Then an empty title: the server's message appears beside the
 * field and everything the user typed is kept.
 *
 * Server: GYOKAKU_TEST_BASE_URL if set, else an in-memory demo server started
 * here (building web/dist first when it is missing or older than web/src).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webDir = path.join(repoRoot, 'web');

let baseUrl = '';
let closeServer: (() => Promise<void>) | null = null;
let browser: Browser;

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)));
  return max;
}

async function ensureWebBuilt(): Promise<void> {
  const index = path.join(webDir, 'dist', 'index.html');
  const sources = [path.join(webDir, 'src'), path.join(webDir, 'index.html'), path.join(webDir, 'vite.config.ts')];
  const fresh = fs.existsSync(index) && fs.statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime));
  if (fresh) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(webDir, 'vite.config.ts'), logLevel: 'warn' });
}

beforeAll(async () => {
  if (process.env.GYOKAKU_TEST_BASE_URL) {
    baseUrl = process.env.GYOKAKU_TEST_BASE_URL.replace(/\/$/, '');
  } else {
    await ensureWebBuilt();
    const { startServer } = await import('../../src/server.js');
    const server = await startServer({ port: 0, dataDir: 'memory://', demo: true });
    baseUrl = server.url;
    closeServer = () => server.close();
  }
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await closeServer?.();
});

/** A page that records any request leaving the server (LGWAN: there must be none). */
async function openPage(): Promise<{ page: Page; external: string[]; errors: string[] }> {
  const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const external: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(baseUrl) && !u.startsWith('data:')) external.push(u);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, external, errors };
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
