/**
 * Browser journey of a first installation, as docs/operations.md tells it: an EMPTY production
 * store (no demo, no account), then
 *   1. the municipality and its first システム管理者 are registered by the functions behind
 *      `gyokaku municipality create` / `gyokaku admin create` (the generated password is used);
 *   2. the administrator signs in, imports the organisation CSV (a file with a wrong parent is
 *      refused row by row first: nothing can be imported while a row has an error) and the
 *      staff CSV, and saves the one-time activation codes;
 *   3. a 事務局 member and a 担当課 報告者 activate their accounts on /activate (without a
 *      session; a mismatched confirmation is refused beside its field) and sign in;
 *   4. the 事務局 member registers a plan, a 施策 and two 実施項目 with their 担当課, creates the
 *      first 照会 of the year and opens it for every 実施項目;
 *   5. the reporter finds the round on their first page and their inbox lists their 課's item.
 *
 * It always starts its own in-memory server (GYOKAKU_TEST_BASE_URL is for the demo journeys):
 * the point is an empty store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAdministrator } from '../../src/cli/admin.js';
import { createMunicipalityByCommand } from '../../src/cli/municipality.js';
import { municipalities, users } from '../../src/db/schema.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { ensureWebBuilt, fillSignIn, openPage, type OpenedPage, type TestEnv } from './support.js';

const CODE = '082201'; // つくば市 (check digit 1)
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/onboarding');
const organisationCsv = path.join(fixtures, 'org-arao.csv');
const staffCsv = path.join(fixtures, 'staff-arao.csv');
/** screenshots while developing: GYOKAKU_SCREENSHOTS=1 writes them to .tmp/ (not committed) */
const shots = process.env.GYOKAKU_SCREENSHOTS ? path.join(path.dirname(fileURLToPath(import.meta.url)), '../../.tmp') : null;

let server: RunningServer;
let browser: Browser;
let env: TestEnv;

/** The fixture as rows of heading → value (the test reads its expectations from the files themselves). */
function readCsv(file: string): Record<string, string>[] {
  const [head, ...lines] = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim());
  const cols = head!.split(',').map((c) => c.trim());
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v.trim()])));
}

async function shot(page: Page, name: string): Promise<void> {
  if (!shots) return;
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `first-installation-${name}.png`), fullPage: true });
}

function expectClean(p: OpenedPage): void {
  expect(p.external).toEqual([]);
  expect(p.errors).toEqual([]);
}

beforeAll(async () => {
  await ensureWebBuilt();
  server = await startServer({ port: 0, dataDir: 'memory://', demo: false });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  env = { baseUrl: server.url, browser, close: async () => {} };
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('最初の導入：空のデータベースから最初の照会まで', () => {
  test('municipality and administrator by command, organisation and staff by CSV, activation, a plan and its first open round', async () => {
    const departments = readCsv(organisationCsv);
    const staff = readCsv(staffCsv);
    const secretariat = staff.find((s) => s['役割'] === '事務局')!;
    const reporter = staff.find((s) => s['役割']!.replace(/\s/g, '') === '担当課報告者')!;
    expect(secretariat && reporter).toBeTruthy();
    const reporterDept = departments.find((d) => d['組織コード'] === reporter['所属組織コード']!.split(/[;、]/)[0])!;
    const otherDept = departments.find((d) => d['種別'] === '課' && d['組織コード'] !== reporterDept['組織コード'])!;

    // ── 1. an empty store: no municipality, no account, no demo ─────────────
    expect(await server.store.db.select().from(municipalities)).toEqual([]);
    expect(await server.store.db.select().from(users)).toEqual([]);
    const muni = await createMunicipalityByCommand(server.store, { code: CODE, name: 'つくば市' });
    expect(muni.prefecture).toBe('茨城県');
    const admin = await createAdministrator(server.store, { municipalityCode: CODE, loginId: 'admin', name: '情報政策課 管理者' });
    expect(admin.generatedPassword?.length).toBeGreaterThanOrEqual(12);

    // ── 2. the administrator: organisation and staff ────────────────────────
    const ad = await openPage(env);
    const ap = ad.page;
    await ap.goto(`${env.baseUrl}/login`);
    // a production installation never offers the demo accounts
    await ap.getByTestId('activate-link').waitFor();
    expect(await ap.getByTestId('demo-accounts').count()).toBe(0);
    await fillSignIn(ap, 'admin', admin.generatedPassword!, CODE);
    await ap.goto(`${env.baseUrl}/m/${CODE}`);
    await ap.getByRole('navigation', { name: '基本情報の管理' }).getByRole('link', { name: '組織（担当課）' }).click();
    await expect.poll(() => new URL(ap.url()).pathname).toBe(`/m/${CODE}/departments`);
    await ap.getByText('登録されている組織はありません。').waitFor();

    await ap.getByRole('button', { name: '組織をCSVから取り込む' }).click();
    const deptImport = ap.getByTestId('csv-import-departments');
    await deptImport.waitFor();
    const templateHref = await deptImport.getByTestId('template-link').getAttribute('href');
    expect(templateHref).toBe(`/api/m/${CODE}/onboarding/departments/template.csv`);
    const template = await ad.context.request.get(`${env.baseUrl}${templateHref}`);
    expect(template.status()).toBe(200);
    expect((await template.text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toContain('組織コード');
    const fileInput = deptImport.getByLabel('CSVファイル');

    // a file whose row names a parent that exists nowhere: refused by row and column, nothing to import
    const bad = fs.readFileSync(organisationCsv, 'utf8').replace(/\r?\n$/, '') + '\r\n999,謎の課,課,K99,,\r\n';
    await fileInput.setInputFiles({ name: '組織.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
    await deptImport.getByRole('button', { name: '確認する（まだ登録しません）' }).click();
    const verdict = deptImport.getByTestId('import-verdict');
    await expect.poll(() => verdict.getAttribute('data-ok')).toBe('false');
    expect(await verdict.textContent()).toContain('1行にエラーがあります');
    const badRow = deptImport.locator('[data-testid="import-row"][data-action="error"]');
    expect(await badRow.count()).toBe(1);
    expect(await badRow.getAttribute('data-key')).toBe('999');
    const badCell = badRow.getByTestId('import-row-errors').locator('li[data-column="上位組織コード"]');
    expect(await badCell.textContent()).toMatch(/行目「上位組織コード」/);
    expect(await deptImport.getByTestId('import-commit').isDisabled()).toBe(true);
    await shot(ap, '1-departments-error');

    // the right file: every row new, no error → 取り込む
    await fileInput.setInputFiles(organisationCsv);
    await deptImport.getByRole('button', { name: '確認する（まだ登録しません）' }).click();
    await expect.poll(() => verdict.getAttribute('data-ok')).toBe('true');
    const rows = deptImport.getByTestId('import-row');
    expect(await rows.count()).toBe(departments.length);
    expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action'))))).toEqual(new Set(['create']));
    expect(await deptImport.getByTestId('import-summary').locator('[data-count="create"] dd').textContent()).toBe(String(departments.length));
    await shot(ap, '2-departments-dry-run');
    // nothing has been written by the check
    await ap.reload();
    await ap.getByText('登録されている組織はありません。').waitFor();
    await ap.getByRole('button', { name: '組織をCSVから取り込む' }).click();
    await deptImport.getByLabel('CSVファイル').setInputFiles(organisationCsv);
    await deptImport.getByRole('button', { name: '確認する（まだ登録しません）' }).click();
    await expect.poll(() => verdict.getAttribute('data-ok')).toBe('true');
    await deptImport.getByTestId('import-commit').click();
    await ap.getByRole('status').filter({ hasText: `組織を取り込みました（新規${departments.length}件` }).waitFor();
    await deptImport.waitFor({ state: 'detached' });
    const list = ap.getByTestId('department-row');
    await expect.poll(() => list.count()).toBe(departments.length);
    const codes = await ap.getByTestId('department-code').allTextContents();
    expect(codes.sort()).toEqual(departments.map((d) => d['組織コード']!).sort());
    await shot(ap, '3-departments-imported');

    // staff
    await ap.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '利用者' }).click();
    await expect.poll(() => new URL(ap.url()).pathname).toBe(`/m/${CODE}/users`);
    await ap.getByRole('button', { name: '職員をCSVから取り込む' }).click();
    const staffImport = ap.getByTestId('csv-import-users');
    await staffImport.getByLabel('CSVファイル').setInputFiles(staffCsv);
    await staffImport.getByRole('button', { name: '確認する（まだ登録しません）' }).click();
    await expect.poll(() => staffImport.getByTestId('import-verdict').getAttribute('data-ok')).toBe('true');
    expect(await staffImport.getByTestId('import-row').count()).toBe(staff.length);
    await staffImport.getByTestId('import-commit').click();

    // the one-time codes, with the warning and the CSV made in the browser
    const panel = ap.getByTestId('activation-codes');
    await panel.waitFor();
    expect(await panel.getByRole('alert').textContent()).toContain('有効化コードは、いまこの画面にだけ表示されます');
    expect(await panel.getByTestId('activation-code-row').count()).toBe(staff.length);
    const codeOf = async (loginId: string) =>
      ((await panel.locator(`[data-testid="activation-code-row"][data-login="${loginId}"] [data-testid="activation-code"]`).textContent()) ?? '').trim();
    const secretariatCode = await codeOf(secretariat['ログインID']!);
    const reporterCode = await codeOf(reporter['ログインID']!);
    expect(secretariatCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/);
    const [download] = await Promise.all([ap.waitForEvent('download'), panel.getByRole('button', { name: '有効化コードをCSVで保存' }).click()]);
    expect(download.suggestedFilename()).toBe(`有効化コード_${CODE}.csv`);
    const saved = fs.readFileSync((await download.path())!, 'utf8');
    expect(saved).toContain(`${CODE},${secretariat['ログインID']},${secretariat['氏名']},${secretariatCode}`);
    await shot(ap, '4-activation-codes');
    await panel.getByRole('button', { name: '表示を閉じる' }).click();
    await panel.waitFor({ state: 'detached' });
    await expect.poll(() => ap.getByTestId('user-row').count()).toBe(staff.length + 1);
    // imported accounts wait for their owner; the administrator's does not
    expect(await ap.locator(`[data-testid="user-row"][data-login="${reporter['ログインID']}"]`).textContent()).toContain('有効化待ち');
    expect(await ap.locator('[data-testid="user-row"][data-login="admin"]').textContent()).not.toContain('有効化待ち');

    // a lost code: re-issued for one person, shown once more
    const other = staff.find((s) => s !== secretariat && s !== reporter)!;
    await ap.locator(`[data-testid="user-row"][data-login="${other['ログインID']}"]`).getByRole('button', { name: `${other['氏名']}の有効化コードを再発行` }).click();
    await ap.getByTestId('reissue-dialog').getByRole('button', { name: '再発行する' }).click();
    await panel.waitFor();
    expect(await panel.getByTestId('activation-code-row').count()).toBe(1);
    const reissued = ((await panel.getByTestId('activation-code').textContent()) ?? '').trim();
    expect(reissued).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/);
    const firstCode = saved.split(/\r?\n/).find((l) => l.includes(`,${other['ログインID']},`))?.split(',')[3];
    expect(firstCode).toMatch(/^[0-9A-Z]{4}-/);
    expect(reissued).not.toBe(firstCode);
    await panel.getByRole('button', { name: '表示を閉じる' }).click();
    // not saved yet: the first click asks again
    await panel.getByRole('button', { name: '保存せずに閉じる' }).click();
    await panel.waitFor({ state: 'detached' });
    expectClean(ad);

    // ── 3. activation without a session ─────────────────────────────────────
    const password = 'tsukuba-gyokaku-2026!';
    const activate = async (p: OpenedPage, loginId: string, code: string, tryWrongCode = false) => {
      const page = p.page;
      await page.goto(`${env.baseUrl}/login`);
      await page.getByTestId('activate-link').click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/activate');
      const form = page.getByTestId('activate-form');
      await form.getByRole('textbox', { name: /^団体コード/ }).fill(CODE);
      await form.getByRole('textbox', { name: /^ログインID/ }).fill(loginId);
      if (tryWrongCode) {
        // a wrong code: one message for the whole form, which field is wrong is not said
        await form.getByRole('textbox', { name: /^有効化コード/ }).fill('AAAA-BBBB-CCCC-DDDD');
        await page.locator('#ac-password').fill(password);
        await page.locator('#ac-confirm').fill(password);
        await form.getByRole('button', { name: 'パスワードを設定する' }).click();
        await expect.poll(() => page.locator('#ac-error-summary').textContent()).toContain('有効化コードが正しくないか');
      }
      await form.getByRole('textbox', { name: /^有効化コード/ }).fill(code.toLowerCase());
      await page.locator('#ac-password').fill(password);
      await page.locator('#ac-confirm').fill(`${password}x`);
      await form.getByRole('button', { name: 'パスワードを設定する' }).click();
      const confirm = page.locator('#ac-confirm');
      await expect.poll(() => confirm.getAttribute('aria-invalid')).toBe('true');
      expect(await confirm.getAttribute('aria-describedby')).toContain('ac-confirm-error');
      expect(await page.locator('#ac-confirm-error').textContent()).toContain('一致しません');
      await shot(page, `activate-${loginId}`);
      await confirm.fill(password);
      await form.getByRole('button', { name: 'パスワードを設定する' }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
      await page.getByRole('status').filter({ hasText: 'アカウント（ログインID：' }).waitFor();
      await fillSignIn(page, loginId, password, CODE);
    };

    const jimu = await openPage(env);
    const jp = jimu.page;
    // not yet activated: the sign-in says so
    await jp.goto(`${env.baseUrl}/login`);
    const loginForm = jp.getByTestId('login-form');
    await loginForm.getByRole('textbox', { name: '団体コード' }).fill(CODE);
    await loginForm.getByRole('textbox', { name: 'ログインID' }).fill(secretariat['ログインID']!);
    await loginForm.getByLabel('パスワード', { exact: true }).fill(password);
    await loginForm.getByRole('button', { name: 'ログイン', exact: true }).click();
    await expect.poll(() => jp.getByTestId('login-error').textContent()).toContain('有効化コードで先にパスワードを設定してください');
    await shot(jp, '5-login-not-activated');
    await activate(jimu, secretariat['ログインID']!, secretariatCode, true);
    expect(await jp.getByTestId('current-user').textContent()).toContain('事務局');

    // ── 4. the secretariat: a plan, its items with 担当課, the first round ──
    const stamp = Date.now().toString(36);
    const planTitle = `つくば市行財政改革大綱（${stamp}）`;
    await jp.goto(`${env.baseUrl}/m/${CODE}`);
    await jp.getByRole('link', { name: '＋ 計画を登録' }).click();
    const planForm = jp.getByTestId('plan-form');
    await planForm.waitFor();
    await planForm.getByRole('combobox', { name: /^種類/ }).fill('行政改革大綱');
    await planForm.getByRole('textbox', { name: /^計画名/ }).fill(planTitle);
    await planForm.getByRole('combobox', { name: '開始年度' }).selectOption('2026');
    await planForm.getByRole('combobox', { name: '終了年度' }).selectOption('2030');
    // two levels: 施策 › 実施項目
    await planForm.getByRole('button', { name: /^第1階層（.*）を削除$/ }).click();
    await planForm.getByRole('button', { name: '登録する' }).click();
    await expect.poll(() => jp.url()).toMatch(/\/plans\/[0-9a-f-]{36}\/diagram$/);
    const planId = /plans\/([0-9a-f-]{36})\//.exec(jp.url())![1]!;

    await jp.getByRole('link', { name: /^＋ 施策を追加$/ }).click();
    let nodeForm = jp.getByTestId('node-form');
    await nodeForm.getByRole('textbox', { name: /^項目名/ }).fill('効率的な行政運営');
    await nodeForm.getByRole('button', { name: '追加する' }).click();
    await expect.poll(() => jp.url()).toMatch(/\/nodes\/[0-9a-f-]{36}$/);
    const groupUrl = jp.url();

    const addItem = async (title: string, deptName: string) => {
      await jp.goto(groupUrl);
      await jp.getByRole('link', { name: '＋ 子項目を追加' }).click();
      nodeForm = jp.getByTestId('node-form');
      await nodeForm.getByRole('textbox', { name: /^項目名/ }).fill(title);
      await nodeForm.getByLabel('担当課を追加').selectOption({ label: deptName });
      await nodeForm.getByRole('button', { name: '追加', exact: true }).click();
      await nodeForm.getByRole('button', { name: `${deptName}を外す` }).waitFor();
      await nodeForm.getByRole('button', { name: '追加する' }).click();
      await expect.poll(() => jp.url()).not.toBe(groupUrl);
      await expect.poll(() => jp.getByTestId('node-title').textContent()).toBe(title);
    };
    await addItem('補助金の見直し', reporterDept['名称']!);
    await addItem('窓口手続のオンライン化', otherDept['名称']!);
    await shot(jp, '6-item');

    const label = `令和8年度 進捗状況調査（${stamp}）`;
    await jp.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '照会（進捗報告）' }).click();
    const planRounds = jp.getByTestId('plan-rounds').filter({ has: jp.getByRole('heading', { name: new RegExp(`^${planTitle.replace(/[()（）]/g, '.')}`) }) });
    await planRounds.getByRole('button', { name: '＋ この計画の照会を作成' }).click();
    const roundForm = jp.getByTestId('round-form');
    await roundForm.waitFor();
    await jp.locator('#rf-label').fill(label);
    await jp.locator('#rf-targetFiscalYear').selectOption('2026');
    await jp.locator('#rf-asOfDate').fill('2026-12-31');
    await jp.locator('#rf-deadline').fill('2027-01-29');
    await roundForm.getByRole('button', { name: '作成する' }).click();
    await jp.getByRole('status').filter({ hasText: `照会「${label}」を作成しました` }).waitFor();
    await jp.getByRole('button', { name: `${label}を開始` }).click();
    const dialog = jp.getByTestId('round-step-dialog');
    await dialog.waitFor();
    await dialog.getByRole('group', { name: '照会の対象' }).getByRole('radio', { name: '計画のすべての実施項目（中止・統合を除く）' }).check();
    await dialog.getByRole('button', { name: '開始する' }).click();
    await jp.getByRole('status').filter({ hasText: `「${label}」を開始しました。` }).waitFor();
    await shot(jp, '7-round-open');
    const roundList = await (await jimu.context.request.get(`${env.baseUrl}/api/m/${CODE}/plans/${planId}/rounds`)).json();
    const round = roundList.items.find((r: { label: string }) => r.label === label);
    expect(round.state).toBe('open');
    expect(round.counts.total).toBe(2);
    expectClean(jimu);

    // ── 5. the reporter sees the round and their 課's item ──────────────────
    const rep = await openPage(env);
    const rp = rep.page;
    await activate(rep, reporter['ログインID']!, reporterCode);
    await rp.goto(`${env.baseUrl}/m/${CODE}`);
    const openRound = rp.getByTestId('open-rounds').getByRole('listitem').filter({ hasText: label });
    await openRound.waitFor();
    await openRound.getByRole('link', { name: '報告を入力する' }).click();
    await rp.getByTestId('inbox').waitFor();
    await expect.poll(() => rp.getByTestId('inbox-row').count()).toBe(1);
    expect(await rp.getByTestId('inbox-row').textContent()).toContain('補助金の見直し');
    await shot(rp, '8-reporter-inbox');
    expectClean(rep);

    for (const p of [ad, jimu, rep]) await p.context.close();
  }, 240_000);
});
