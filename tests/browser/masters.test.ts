/**
 * Browser journey for the secretariat's registration screens:
 * 荒尾市 → 計画を登録 → a wrong period (終了 < 開始) and an empty 階層名 are
 * refused; each message appears beside its field and what was typed stays →
 * fix and save → the plan page opens and the plan is in the municipality's
 * list. Then 組織（担当課）→ 組織を登録 → the department is in the list, also
 * after a reload; an edit started before someone else's save is refused with
 * both versions shown and saved once carried onto the stored version.
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

    // Someone else changes it while this user edits from version 1: the save is refused with both
    // versions shown; carrying the user's change onto the stored version and saving keeps both changes.
    await page.getByRole('button', { name: `${name}を編集` }).click();
    const edit = page.getByRole('dialog', { name: `組織の編集（${name}）` });
    await edit.waitFor();
    const id = await page.evaluate(async (n) => {
      const list = (await (await fetch('/api/m/432041/departments')).json()) as { items: { id: string; name: string }[] };
      return list.items.find((d) => d.name === n)!.id;
    }, name);
    const other = await page.evaluate(async (deptId) => {
      const res = await fetch(`/api/m/432041/departments/${deptId}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'gyokaku' },
        body: JSON.stringify({ version: 1, validTo: '2031-04-01' }),
      });
      return res.status;
    }, id);
    expect(other).toBe(200);
    const renamed = `${name}（改）`;
    await edit.getByRole('textbox', { name: /^組織名/ }).fill(renamed);
    await edit.getByRole('button', { name: '保存する' }).click();
    const conflict = edit.getByTestId('conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('あなたが編集を始めた版: 1、保存されている版: 2');
    expect(await conflict.textContent()).toContain('保存されている内容（版 2）');
    expect(await edit.getByRole('textbox', { name: /^組織名/ }).inputValue()).toBe(renamed);
    await conflict.getByRole('button', { name: '自分が変更した項目だけを最新の版に反映する' }).click();
    await conflict.waitFor({ state: 'detached' });
    expect(await edit.getByLabel(/^廃止日/).inputValue()).toBe('2031-04-01');
    await edit.getByRole('button', { name: '保存する' }).click();
    await edit.waitFor({ state: 'detached' });
    const savedRow = page.getByTestId('department-row').filter({ hasText: renamed });
    await expect.poll(() => savedRow.count()).toBe(1);
    expect(await savedRow.textContent()).toContain('令和13年4月1日廃止');

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('a tag renamed by someone else meanwhile: both versions shown, the stored one can be loaded; a duplicate name sits beside the name', async () => {
    const { page, external, errors } = await openPage();
    const stamp = Date.now().toString(36);
    const category = `テスト分類${stamp}`;
    await page.goto(`${baseUrl}/m/432041/tags`);
    const form = page.getByTestId('tag-form');
    await form.waitFor();
    for (const n of ['窓口改革', '人材育成']) {
      await form.getByRole('combobox', { name: /^分類/ }).fill(category);
      await form.getByRole('textbox', { name: /^タグ名/ }).fill(n);
      await form.getByRole('button', { name: '登録する' }).click();
      await page.getByRole('status').filter({ hasText: `タグ「${category} / ${n}」を登録しました。` }).waitFor();
    }

    await page.getByRole('button', { name: '窓口改革の名称を変更' }).click();
    const edit = page.getByRole('form', { name: '窓口改革の名称を変更' });
    await edit.waitFor();
    const other = await page.evaluate(async (cat) => {
      const list = (await (await fetch('/api/m/432041/tags')).json()) as { items: { id: string; name: string; category: string }[] };
      const id = list.items.find((t) => t.category === cat && t.name === '窓口改革')!.id;
      const res = await fetch(`/api/m/432041/tags/${id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'gyokaku' },
        body: JSON.stringify({ version: 1, name: '窓口サービス改革', category: cat }),
      });
      return res.status;
    }, category);
    expect(other).toBe(200);
    const nameBox = edit.getByRole('textbox', { name: /^タグ名/ });
    await nameBox.fill('窓口DX');
    await edit.getByRole('button', { name: '保存する' }).click();
    const conflict = edit.getByTestId('conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('あなたが編集を始めた版: 1、保存されている版: 2');
    expect(await conflict.textContent()).toContain('窓口サービス改革');
    expect(await nameBox.inputValue()).toBe('窓口DX');
    await conflict.getByRole('button', { name: '最新の内容を読み込む（入力は破棄）' }).click();
    await conflict.waitFor({ state: 'detached' });
    expect(await nameBox.inputValue()).toBe('窓口サービス改革');

    // On the stored version: a name already used in the 分類 is refused beside the name, not as a conflict.
    await nameBox.fill('人材育成');
    await edit.getByRole('button', { name: '保存する' }).click();
    await expect.poll(() => nameBox.getAttribute('aria-invalid')).toBe('true');
    expect(await edit.getByTestId('conflict').count()).toBe(0);
    await nameBox.fill('窓口DX');
    await edit.getByRole('button', { name: '保存する' }).click();
    await page.getByRole('status').filter({ hasText: `タグ「${category} / 窓口DX」を保存しました。` }).waitFor();
    const group = page.getByRole('region', { name: `分類：${category}` });
    await expect.poll(async () => (await group.getByTestId('tag-name').allTextContents()).sort()).toEqual(['人材育成', '窓口DX']);

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
