/**
 * Browser journey of 数値目標・KPI: the secretariat opens 荒尾市's 第六次大綱 → 「数値目標・KPI」 tab,
 * sees the 10 demo indicators grouped by 区分, types a year's actual into the table (a value with too
 * many decimals is refused beside the cell in Japanese), and the evaluation and 進捗率 follow; adds an
 * indicator (a missing name is refused beside the field); a viewer sees the figures without edit controls.
 *
 * Server: GYOKAKU_TEST_BASE_URL if set, else an in-memory demo server started here.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openPage, signIn, startEnv, type TestEnv } from './support';

let env: TestEnv;

beforeAll(async () => {
  env = await startEnv();
});

afterAll(async () => {
  await env?.close();
});

async function openKpis(loginId: string) {
  const opened = await openPage(env);
  await signIn(env, opened.page, loginId);
  const { page } = opened;
  await page.goto(`${env.baseUrl}/m/432041`);
  await page.getByRole('link', { name: '第六次荒尾市行政改革大綱', exact: true }).first().click();
  await page.getByRole('link', { name: '数値目標・KPI' }).click();
  await expect.poll(() => new URL(page.url()).pathname).toMatch(/\/kpis$/);
  await page.getByTestId('kpis-tab').waitFor();
  return opened;
}

describe('数値目標・KPI', () => {
  test('the secretariat enters a year’s actual inline; a bad value is refused at the cell', async () => {
    const { page, external, errors, context } = await openKpis('jimukyoku');
    await expect.poll(() => page.getByTestId('kpi-row').count()).toBe(10);
    for (const heading of ['数値目標', '歳出削減', '歳入確保', '業務改革']) await page.getByRole('heading', { name: heading, exact: true }).waitFor();

    const row = page.getByTestId('kpi-row').filter({ hasText: '経常収支比率' });
    await expect.poll(() => row.textContent()).toContain('95.6%以下');
    await expect.poll(() => row.textContent()).toContain('未入力');

    await row.getByRole('button', { name: /経常収支比率の令和8年度の実績値を入力/ }).click();
    const input = row.getByRole('textbox', { name: '経常収支比率の令和8年度の実績値' });
    await input.fill('97.65');
    await row.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.getByTestId('field-error').textContent()).toContain('実績値は小数第1位までで入力してください。');
    expect(await input.getAttribute('aria-invalid')).toBe('true');

    await input.fill('９７．６％');
    await row.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.getByTestId('kpi-progress').textContent()).toBe('50.0%');
    await expect.poll(() => row.textContent()).toContain('97.6');
    await expect.poll(() => row.textContent()).toContain('未達成');

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the secretariat adds a KPI: a missing name is refused beside the field, then it is listed under its 区分', async () => {
    const { page, errors, context } = await openKpis('jimukyoku');
    await page.getByRole('button', { name: '＋ 指標を追加' }).click();
    const dialog = page.getByRole('dialog', { name: '数値目標・KPIの追加' });
    await dialog.getByRole('combobox', { name: /^区分/ }).fill('業務改革');
    await dialog.getByRole('textbox', { name: /^単位/ }).fill('件');
    await dialog.getByRole('textbox', { name: /^基準値（?/ }).first().fill('1,200');
    await dialog.getByRole('textbox', { name: /^目標値/ }).first().fill('2,000');
    await dialog.getByRole('button', { name: '追加', exact: true }).click();
    const name = dialog.getByRole('textbox', { name: /^指標名/ });
    await expect.poll(async () => name.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => dialog.getByTestId('field-error').first().textContent()).toContain('指標名を入力してください。');
    await name.fill('電子申請の件数');
    await dialog.getByRole('button', { name: '追加', exact: true }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const row = page.getByTestId('kpi-row').filter({ hasText: '電子申請の件数' });
    await expect.poll(() => row.textContent()).toContain('2,000件以上');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a viewer reads the figures without edit controls', async () => {
    const { page, errors, context } = await openKpis('honbu');
    // the 10 demo indicators and the one the secretariat added above
    await expect.poll(() => page.getByTestId('kpi-row').count()).toBe(11);
    expect(await page.getByRole('button', { name: '＋ 指標を追加' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /を編集$/ }).count()).toBe(0);
    const row = page.getByTestId('kpi-row').filter({ hasText: '財政調整基金残高' });
    await expect.poll(() => row.getByTestId('kpi-progress').textContent()).toBe('維持');
    expect(errors).toEqual([]);
    await context.close();
  });
});
