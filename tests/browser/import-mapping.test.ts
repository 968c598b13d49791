/**
 * Browser journey for the import wizard (表の取込み): 事務局 creates an empty plan
 * (API), opens 取込み from the plan page, uploads a small CSV made here
 * (整理番号, 施策, 具体的な取組, 事業概要, R8, R9, 担当課), sees the proposed
 * mapping, changes one column's mapping, runs the dry run — an unknown 担当課
 * (「財政か」) is reported by row and column with close matches and nothing can
 * be committed — maps it to 財政課, checks again, commits, and finds the items in
 * the plan's roadmap.
 *
 * Server: GYOKAKU_TEST_BASE_URL if set, else an in-memory demo server (support.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEmptyPlan, openPage, signIn, startEnv, DEMO_CODE, type TestEnv } from './support';

let env: TestEnv;

beforeAll(async () => {
  env = await startEnv();
});

afterAll(async () => {
  await env?.close();
});

describe('表の取込み（対応づけ画面）', () => {
  test('upload a CSV, fix the mapping and an unknown 担当課, commit, and see the items in the roadmap', async () => {
    const { page, external, errors } = await openPage(env);
    await signIn(env, page, 'jimukyoku');
    const stamp = Date.now().toString(36);

    const planId = await createEmptyPlan(page, `取込みテスト計画${stamp}`);

    // Plan page → 取込み
    await page.goto(`${env.baseUrl}/m/${DEMO_CODE}/plans/${planId}/diagram`);
    await page.getByRole('link', { name: '取込み', exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/m/${DEMO_CODE}/plans/${planId}/import`);
    await page.getByTestId('nothing-written').waitFor();

    // Step 1: a file of the wrong type is refused on the screen.
    const fileInput = page.locator('input[type=file]');
    await fileInput.setInputFiles({ name: 'plan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
    expect(await page.getByTestId('field-error').textContent()).toContain('PDFは直接読めません');

    const csv = [
      '整理番号,施策,具体的な取組,事業概要,R8,R9,担当課',
      `1-1,業務の効率化,窓口のオンライン化${stamp},申請をオンラインで受け付ける,実施,実施,総務課`,
      `1-2,業務の効率化,ペーパーレス会議${stamp},会議資料を電子化する,検討,実施,財政か`,
    ].join('\r\n');
    await fileInput.setInputFiles({ name: 'torikomi.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: '読み込んで対応づけの案を見る' }).click();

    // Step 2: the proposed mapping, one row per column with its letter, header and samples.
    const columns = page.getByTestId('import-columns');
    await columns.waitFor();
    expect(await columns.locator('tbody tr').count()).toBe(7);
    const rowG = columns.locator('tr[data-column="G"]');
    expect(await rowG.textContent()).toContain('担当課');
    expect(await rowG.textContent()).toContain('財政か');
    expect(await page.getByTestId('role-A').inputValue()).toBe('number');
    expect(await page.getByTestId('role-B').inputValue()).toBe('level:0');
    expect(await page.getByTestId('role-C').inputValue()).toBe('title');
    expect(await page.getByTestId('role-G').inputValue()).toBe('departments');
    expect(await page.getByTestId('role-F').inputValue()).toBe('schedule');
    expect(await page.getByTestId('year-F').inputValue()).toBe('2027');
    // schedule words matched to the plan's phases
    expect(await page.getByTestId('import-phase-words').textContent()).toContain('検討');

    // Fix one column: say 事業概要 is not used, then change our mind: 事業概要 it is.
    // And R9 is put on the wrong year first, then corrected to 令和9年度.
    await page.getByTestId('role-D').selectOption('ignore');
    expect(await page.getByTestId('role-D').inputValue()).toBe('ignore');
    await page.getByTestId('role-D').selectOption('description');
    await page.getByTestId('year-F').selectOption('2028');
    await page.getByTestId('year-F').selectOption('2027');
    expect(await page.getByTestId('year-F').inputValue()).toBe('2027');

    // Step 3: the dry run names the unknown 担当課 by row and column, with close matches.
    await page.getByRole('button', { name: /確認する（試行/ }).click();
    const verdict = page.getByTestId('dry-run-verdict');
    await verdict.waitFor();
    expect(await verdict.textContent()).toContain('エラーが1件');
    const issues = await page.getByTestId('import-issues').textContent();
    expect(issues).toContain('3行目・G列（担当課）');
    expect(issues).toContain('近い候補: 財政課');
    expect(await page.getByTestId('import-counts').textContent()).toContain('新しく作る項目2');
    const commit = page.getByRole('button', { name: /^取り込む/ });
    expect(await commit.isDisabled()).toBe(true);

    // Map 「財政か」 to 財政課 (a close match) and check again.
    await page.getByRole('combobox', { name: '「財政か」に当たる組織' }).selectOption({ label: '財政課' });
    await page.getByRole('button', { name: 'もう一度確認する' }).click();
    await expect.poll(async () => (await verdict.textContent()) ?? '').toContain('取り込めます');
    expect(await page.getByTestId('import-items').textContent()).toContain(`ペーパーレス会議${stamp}`);

    // Step 4: commit; the result summary.
    await commit.click();
    const result = page.getByTestId('import-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toContain('新しい項目 2件');

    // The items are in the plan's roadmap, with their 担当課.
    await page.getByRole('link', { name: 'ロードマップで確認する' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/m/${DEMO_CODE}/plans/${planId}/roadmap`);
    await page.getByText(`窓口のオンライン化${stamp}`).first().waitFor();
    await page.getByText(`ペーパーレス会議${stamp}`).first().waitFor();
    const tree = await page.evaluate(async ({ code, planId }) => (await fetch(`/api/m/${code}/plans/${planId}/tree`)).json(), { code: DEMO_CODE, planId });
    expect(JSON.stringify(tree)).toContain('財政課');

    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    await page.context().close();
  });
});
