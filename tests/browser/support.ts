/**
 * Shared set-up of the browser journeys: the server (GYOKAKU_TEST_BASE_URL, or
 * an in-memory demo server started here after building web/dist when it is
 * missing or older than web/src), Chromium, pages that record requests leaving
 * the server (LGWAN: there must be none) and page errors, and sign-in.
 *
 * The server requires sign-in; the demo loader creates the accounts of 荒尾市
 * (432041), all with the demo password.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const DEMO_CODE = '432041';
export const DEMO_PASSWORD = 'gyokaku-demo-2026';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webDir = path.join(repoRoot, 'web');

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)));
  return max;
}

export async function ensureWebBuilt(): Promise<void> {
  const index = path.join(webDir, 'dist', 'index.html');
  // the UI imports the server's shared types and pure domain code too (src/shared, src/modules/*/domain)
  const sources = [path.join(webDir, 'src'), path.join(webDir, 'index.html'), path.join(webDir, 'vite.config.ts'), path.join(repoRoot, 'src', 'shared'), path.join(repoRoot, 'src', 'modules')];
  const fresh = fs.existsSync(index) && fs.statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime));
  if (fresh) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(webDir, 'vite.config.ts'), logLevel: 'warn' });
}

export interface TestEnv {
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startEnv(): Promise<TestEnv> {
  let baseUrl: string;
  let closeServer: (() => Promise<void>) | null = null;
  if (process.env.GYOKAKU_TEST_BASE_URL) {
    baseUrl = process.env.GYOKAKU_TEST_BASE_URL.replace(/\/$/, '');
  } else {
    await ensureWebBuilt();
    const { startServer } = await import('../../src/server.js');
    const server = await startServer({ port: 0, dataDir: 'memory://', demo: true });
    baseUrl = server.url;
    closeServer = () => server.close();
  }
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return {
    baseUrl,
    browser,
    async close() {
      await browser.close();
      await closeServer?.();
    },
  };
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** requests to anywhere but the server */
  external: string[];
  /** uncaught page errors */
  errors: string[];
}

/** A fresh browser context (its own cookies: one signed-in user each). */
export async function openPage(env: TestEnv, viewport = { width: 1400, height: 900 }): Promise<OpenedPage> {
  const context = await env.browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport });
  const page = await context.newPage();
  const external: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(env.baseUrl) && !u.startsWith('data:')) external.push(u);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, external, errors };
}

/** Fills the sign-in form (the page must show it) and waits until the app has left it. */
export async function fillSignIn(page: Page, loginId: string, password = DEMO_PASSWORD, code = DEMO_CODE): Promise<void> {
  const form = page.getByTestId('login-form');
  await form.waitFor();
  await form.getByRole('textbox', { name: '団体コード' }).fill(code);
  await form.getByRole('textbox', { name: 'ログインID' }).fill(loginId);
  await form.getByLabel('パスワード', { exact: true }).fill(password);
  await form.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).not.toBe('/login');
  await page.getByTestId('current-user').waitFor();
}

/** Opens /login and signs in. */
export async function signIn(env: TestEnv, page: Page, loginId: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${env.baseUrl}/login`);
  await fillSignIn(page, loginId, password);
}

/** Signs in through the API, without the form: the session cookie lands in the page's context. */
export async function signInByApi(env: TestEnv, page: Page, loginId: string, password = DEMO_PASSWORD, code = DEMO_CODE): Promise<void> {
  const res = await page.request.post(`${env.baseUrl}/api/auth/login`, {
    data: { municipalityCode: code, loginId, password },
    headers: { 'X-Requested-With': 'gyokaku' },
  });
  expect(res.status()).toBe(200);
}

/** An empty 2026–2029 plan made through the API with the page's session (for journeys that fill one); its id. */
export async function createEmptyPlan(page: Page, title: string, code = DEMO_CODE): Promise<string> {
  const plan = await page.evaluate(
    async ({ code, title }) => {
      const res = await fetch(`/api/m/${code}/plans`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'gyokaku' },
        body: JSON.stringify({ kind: '行政改革大綱', title, firstFiscalYear: 2026, lastFiscalYear: 2029, levelNames: ['施策', '具体的な取組'] }),
      });
      return { status: res.status, body: (await res.json()) as { id: string } };
    },
    { code, title },
  );
  expect(plan.status).toBe(201);
  return plan.body.id;
}

