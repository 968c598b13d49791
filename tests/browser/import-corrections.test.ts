/**
 * Browser journey for the dry-run screen's corrections: 事務局 pastes the text of a PDF table
 * whose item title has the kanji 一 for the long-vowel mark and whose second item has no 担当課,
 * sees the clean-up notice (row, column, before → after) with 「元の文字に戻す」, corrects the
 * second item's 担当課 with 「修正」 (the dry run runs again at once, the correction is listed),
 * keeps the text as read with 「元の文字に戻す」 and takes that back with 「取り消す」, commits, and
 * finds both items in the plan with the corrected values.
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

describe('表の取込み（確認画面での修正）', () => {
  test('paste PDF text, see the clean-up notice, correct a missing 担当課, commit', async () => {
    const { page, external, errors } = await openPage(env);
    await signIn(env, page, 'jimukyoku');
    const stamp = Date.now().toString(36);

    const planId = await createEmptyPlan(page, `修正テスト計画${stamp}`);
    await page.goto(`${env.baseUrl}/m/${DEMO_CODE}/plans/${planId}/import`);
    await page.getByTestId('nothing-written').waitFor();

    const text = ['整理番号\t施策\t具体的な取組\t担当課', `1\t業務の効率化\tノ一残業デーの実施${stamp}\t総務課`, `2\t\tペーパーレス会議${stamp}\t`].join('\n');
    await page.getByLabel('PDFからコピーした文字を貼り付ける').check();
    await page.getByLabel('PDFからコピーした文字', { exact: true }).fill(text);
    await page.getByRole('button', { name: '読み込んで対応づけの案を見る' }).click();
    await page.getByTestId('import-columns').waitFor();
    await page.getByRole('button', { name: /確認する（試行/ }).click();
    const verdict = page.getByTestId('dry-run-verdict');
    await verdict.waitFor();

    // the clean-up is a notice by row and column, with a way back
    const notice = page.locator('[data-code="text_cleanup"]');
    expect(await notice.textContent()).toContain('2行目・具体的な取組欄: PDFの文字の読み取りの誤りとみて「ノ一残業デ」→「ノー残業デ」に直しました');
    expect(await notice.getByTestId('issue-revert').count()).toBe(1);
    expect(await page.getByTestId('import-items').textContent()).toContain(`ノー残業デーの実施${stamp}`);

    // 2's 担当課 is blank: correct it from the item's row
    expect(await page.locator('[data-code="department_blank"]').textContent()).toContain('3行目・担当課欄');
    await page.getByRole('button', { name: `3行目（2）を修正する` }).click();
    const form = page.getByTestId('correction-form');
    await form.waitFor();
    await form.getByLabel('欄').selectOption({ label: '担当課' });
    await form.getByTestId('correction-value').fill('総務課');
    await form.getByTestId('correction-save').click();
    await expect.poll(async () => (await page.getByTestId('import-corrections').count()) > 0).toBe(true);
    expect(await page.getByTestId('import-corrections').textContent()).toContain('3行目・担当課：「総務課」');
    await expect.poll(async () => await page.locator('[data-code="department_blank"]').count()).toBe(0);
    expect(await page.locator('[data-code="corrected"]').textContent()).toContain('3行目・担当課欄: 確認画面での修正により「（空欄）」を「総務課」として取り込みます。');
    expect(await verdict.textContent()).toContain('取り込めます');

    // 「元の文字に戻す」 keeps the text as read (a correction of its own), and can be taken back
    await notice.getByTestId('issue-revert').click();
    await expect.poll(async () => await page.getByTestId('import-corrections').locator('li').count()).toBe(2);
    // the list of corrections changes at once, the items when the dry run answers
    await expect.poll(async () => await page.getByTestId('import-items').textContent()).toContain(`ノ一残業デーの実施${stamp}`);
    expect(await page.locator('[data-code="text_cleanup"]').count()).toBe(0);
    await page.getByRole('button', { name: '2行目・具体的な取組の修正を取り消す' }).click();
    await expect.poll(async () => await page.getByTestId('import-corrections').locator('li').count()).toBe(1);
    await expect.poll(async () => await page.getByTestId('import-items').textContent()).toContain(`ノー残業デーの実施${stamp}`);

    await page.getByRole('button', { name: /^取り込む/ }).click();
    await page.getByTestId('import-result').waitFor({ timeout: 30_000 });
    const tree = (await page.evaluate(async ({ code, planId }) => (await fetch(`/api/m/${code}/plans/${planId}/tree`)).json(), { code: DEMO_CODE, planId })) as {
      roots: { title: string; children: { title: string; departments: { name: string }[] }[] }[];
    };
    expect(tree.roots.map((r) => r.title)).toEqual(['業務の効率化']);
    expect(tree.roots[0]!.children.map((c) => [c.title, c.departments.map((d) => d.name)])).toEqual([
      [`ノー残業デーの実施${stamp}`, ['総務課']],
      [`ペーパーレス会議${stamp}`, ['総務課']],
    ]);

    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    await page.context().close();
  });
});
