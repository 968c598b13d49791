/**
 * Browser journey of 数値目標・KPI: the secretariat opens 荒尾市's 第六次大綱 → 「数値目標・KPI」 tab,
 * sees the 10 demo indicators grouped by 区分, types a year's actual into the table (a value with too
 * many decimals is refused beside the cell in Japanese), and the evaluation and 進捗率 follow; adds an
 * indicator (a missing name is refused beside the field); a viewer sees the figures without edit controls.
 * A KPI changed by someone else while the dialog or a cell is open is refused with both versions shown,
 * and the input can be carried onto the stored version; a year's 年度目標 is typed in like an actual, and
 * the 進捗状況 (順調 / 遅れ) of the latest actual against that year's 年度目標 follows. A KPI added to take
 * its values from a row of the plan's 財政計画・定員管理 tables shows that row's 実績 marked 「表から」, not
 * editable in place; a row whose unit does not fit the KPI is refused at the field.
 *
 * Server: GYOKAKU_TEST_BASE_URL if set, else an in-memory demo server started here.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { todayInTokyo } from '../../src/modules/fiscal/domain/index.js';
import { STATUS_LABELS, targetYearEnded } from '../../src/modules/kpis/domain/evaluation.js';
import { openPage, signIn, startEnv, type TestEnv } from './support';

// the demo's KPIs aim at 令和11年度: short of the target before it has ended is 目標年度前, not 未達成
const MID_PLAN = STATUS_LABELS[targetYearEnded(2029, todayInTokyo()) ? 'not_achieved' : 'before_target'];

let env: TestEnv;

beforeAll(async () => {
  env = await startEnv();
});

afterAll(async () => {
  await env?.close();
});

/** Another user's change, straight through the API from the same session: PATCH of the KPI or PUT of a year's value. */
async function changeMeanwhile(page: Page, name: string, change: { patch: Record<string, unknown> } | { value: Record<string, unknown> }) {
  return page.evaluate(
    async ({ name, change }) => {
      const base = location.pathname.replace(/^\/m\/([^/]+)\/plans\/([^/]+)\/kpis$/, '/api/m/$1/plans/$2/kpis');
      const list = (await (await fetch(base)).json()) as { items: { id: string; name: string; version: number }[] };
      const k = list.items.find((x) => x.name === name)!;
      const patch = 'patch' in change;
      const res = await fetch(patch ? `${base}/${k.id}` : `${base}/${k.id}/values`, {
        method: patch ? 'PATCH' : 'PUT',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'gyokaku' },
        body: JSON.stringify({ ...('patch' in change ? change.patch : change.value), version: k.version }),
      });
      return res.status;
    },
    { name, change },
  );
}

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

    // 経常収支比率 and 財政調整基金残高 take their figures from the plan's tables: this one is typed here
    const score = '回答スコア（5点満点）';
    const row = page.getByTestId('kpi-row').filter({ hasText: score });
    await expect.poll(() => row.textContent()).toContain('3.20点以上');
    await expect.poll(() => row.textContent()).toContain('未入力');

    await row.getByRole('button', { name: new RegExp(`${score}の令和8年度の実績値を入力`) }).click();
    const input = row.getByRole('textbox', { name: new RegExp(`${score}の令和8年度の実績値$`) });
    await input.fill('3.085');
    await row.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.getByTestId('field-error').textContent()).toContain('実績値は小数第2位までで入力してください。');
    expect(await input.getAttribute('aria-invalid')).toBe('true');

    // full-width digits as typed on a Japanese keyboard; (3.08 − 2.97) / (3.20 − 2.97) = 47.8 %
    await input.fill('３．０８');
    await row.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.getByTestId('kpi-progress').textContent()).toBe('47.8%');
    await expect.poll(() => row.textContent()).toContain('3.08');
    await expect.poll(() => row.textContent()).toContain(MID_PLAN);

    // a KPI taking its figures from a table has no input: 経常収支比率's are 図表 8's
    const linked = page.getByTestId('kpi-row').filter({ hasText: '取り込み元: 「経常収支比率の推移」' });
    await expect.poll(() => linked.getByTestId('kpi-year-2024').textContent()).toContain('99.6');
    expect(await linked.getByRole('button', { name: /の実績値を入力|の年度目標を入力/ }).count()).toBe(0);

    // its chart, drawn by the server's one renderer, with its text alternative and data table
    await linked.getByTestId('kpi-chart').locator('summary').click();
    const svg = linked.locator('figure svg[role="img"]');
    await expect.poll(() => svg.count()).toBe(1);
    expect(await svg.getAttribute('aria-label')).toContain('経常収支比率');
    await linked.getByText('グラフのデータ（表）').click();
    await expect.poll(() => linked.locator('figure table').textContent()).toContain('99.6');

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
    // a value recorded with a note (through the API): the note is read beside it
    const sec = await openKpis('jimukyoku');
    expect(await changeMeanwhile(sec.page, '実質公債費比率', { value: { fiscalYear: 2026, kind: 'actual', value: '10.4', note: '決算見込み' } })).toBe(200);
    await sec.context.close();
    const { page, errors, context } = await openKpis('honbu');
    // the 10 demo indicators and the one the secretariat added above
    await expect.poll(() => page.getByTestId('kpi-row').count()).toBe(11);
    expect(await page.getByRole('button', { name: '＋ 指標を追加' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /を編集$/ }).count()).toBe(0);
    const row = page.getByTestId('kpi-row').filter({ hasText: '財政調整基金残高' });
    await expect.poll(() => row.getByTestId('kpi-progress').textContent()).toBe('維持');
    const noted = page.getByTestId('kpi-row').filter({ hasText: '実質公債費比率' });
    await expect.poll(() => noted.getByTestId('kpi-year-2026').textContent()).toContain('10.4決算見込み');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a KPI changed by someone else while the dialog is open: both versions shown, the own change carried onto the stored version', async () => {
    const { page, external, errors, context } = await openKpis('jimukyoku');
    const name = '暮らしに対する市民の満足度';
    await page.getByRole('button', { name: `${name}を編集` }).click();
    const dialog = page.getByRole('dialog', { name: '数値目標・KPIの編集' });
    await dialog.waitFor();
    const started = (await dialog.getByTestId('kpi-version').textContent())!.replace(/\D/g, '');

    expect(await changeMeanwhile(page, name, { patch: { baselineNote: '令和7年度市民意識調査' } })).toBe(200);
    const nameBox = dialog.getByRole('textbox', { name: /^指標名/ });
    await nameBox.fill('暮らしに満足している市民の割合');
    await dialog.getByRole('button', { name: '保存', exact: true }).click();

    const conflict = dialog.getByTestId('conflict');
    await conflict.waitFor();
    const stored = Number(started) + 1;
    expect(await conflict.textContent()).toContain(`あなたが編集を始めた版: ${started}、保存されている版: ${stored}`);
    expect(await conflict.textContent()).toContain(`保存されている内容（版 ${stored}）`);
    const differing = conflict.getByRole('rowheader').filter({ hasText: '（相違）' });
    await expect.poll(() => differing.allTextContents()).toEqual(['指標名（相違）', '基準値の注記（相違）']);
    expect(await nameBox.inputValue()).toBe('暮らしに満足している市民の割合');
    // the list behind the dialog already shows the stored version
    await expect.poll(() => page.getByTestId('kpi-row').filter({ hasText: name }).textContent()).toContain('令和7年度市民意識調査');

    await conflict.getByRole('button', { name: '自分が変更した項目だけを最新の版に反映する' }).click();
    await conflict.waitFor({ state: 'detached' });
    expect(await nameBox.inputValue()).toBe('暮らしに満足している市民の割合');
    expect(await dialog.getByRole('textbox', { name: /^基準値の注記/ }).inputValue()).toBe('令和7年度市民意識調査');
    expect(await dialog.getByTestId('kpi-version').textContent()).toContain(String(stored));
    await dialog.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const row = page.getByTestId('kpi-row').filter({ hasText: '暮らしに満足している市民の割合' });
    await expect.poll(() => row.textContent()).toContain('令和7年度市民意識調査');

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a year’s actual changed by someone else while the cell is open: the stored value is shown, the input saved on the new version', async () => {
    const { page, errors, context } = await openKpis('jimukyoku');
    const name = '業務改善を実感する職員の割合';
    const row = page.getByTestId('kpi-row').filter({ hasText: name });
    await row.getByRole('button', { name: new RegExp(`${name}の令和8年度の実績値を入力`) }).click();
    const input = row.getByRole('textbox', { name: `${name}の令和8年度の実績値` });

    expect(await changeMeanwhile(page, name, { value: { fiscalYear: 2026, kind: 'actual', value: '61.0' } })).toBe(200);
    await input.fill('62.5');
    await row.getByRole('button', { name: '保存' }).click();
    const conflict = row.getByTestId('conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('61.0%');
    expect(await conflict.textContent()).toContain('62.5');
    expect(await input.inputValue()).toBe('62.5');

    // loading the stored value puts it in the field; the own value typed again is saved on the new version
    await conflict.getByRole('button', { name: '最新の内容を読み込む（入力は破棄）' }).click();
    await conflict.waitFor({ state: 'detached' });
    expect(await input.inputValue()).toBe('61.0');
    await input.fill('62.5');
    await row.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.getByRole('button', { name: new RegExp(`${name}の令和8年度の実績値を入力`) }).textContent()).toBe('62.5');
    expect(await row.getByTestId('conflict').count()).toBe(0);

    // and once more, keeping the own input over a value changed meanwhile
    await row.getByRole('button', { name: new RegExp(`${name}の令和8年度の実績値を入力`) }).click();
    expect(await changeMeanwhile(page, name, { value: { fiscalYear: 2026, kind: 'actual', value: '63.0' } })).toBe(200);
    await input.fill('64.0');
    await row.getByRole('button', { name: '保存' }).click();
    await row.getByTestId('conflict').waitFor();
    await row.getByTestId('conflict').getByRole('button', { name: '自分が変更した項目だけを最新の版に反映する' }).click();
    expect(await input.inputValue()).toBe('64.0');
    await row.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.getByRole('button', { name: new RegExp(`${name}の令和8年度の実績値を入力`) }).textContent()).toBe('64.0');

    expect(errors).toEqual([]);
    await context.close();
  });

  test('the secretariat enters a year’s 年度目標 beside the actual; a viewer sees it', async () => {
    const { page, errors, context } = await openKpis('jimukyoku');
    const score = '回答スコア（5点満点）';
    const row = page.getByTestId('kpi-row').filter({ hasText: score });
    const milestone = (fy: string) => new RegExp(`${score}の${fy}の年度目標$`);
    await row.getByRole('button', { name: new RegExp(`${score}の令和9年度の年度目標を入力（現在: 未入力）`) }).click();
    const input = row.getByRole('textbox', { name: milestone('令和9年度') });
    await input.fill('3.155');
    await row.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.getByTestId('field-error').textContent()).toContain('年度目標は小数第2位までで入力してください。');
    await input.fill('3.15');
    await row.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.getByTestId('kpi-year-2027').getByTestId('kpi-milestone').textContent()).toBe('目標 3.15');
    // the latest actual is 令和8年度's 3.08 (entered above): that year has no 年度目標, so no 進捗状況
    await expect.poll(() => row.getByTestId('kpi-course').textContent()).toBe('—令和8年度の年度目標が未入力のため判定なし');
    expect(await row.getByTestId('kpi-year-course').count()).toBe(0);

    // 令和8年度's 年度目標 3.05: 3.08 is on the right side of it (以上)
    await row.getByRole('button', { name: new RegExp(`${score}の令和8年度の年度目標を入力（現在: 未入力）`) }).click();
    await row.getByRole('textbox', { name: milestone('令和8年度') }).fill('3.05');
    await row.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.getByTestId('kpi-course').textContent()).toBe('順調令和8年度の目標（3.05点以上）を達成');
    await expect.poll(() => row.getByTestId('kpi-year-2026').getByTestId('kpi-year-course').textContent()).toBe('令和8年度の進捗状況: 順調');

    // a stricter 年度目標 for the same year: behind, and by how much
    await row.getByRole('button', { name: new RegExp(`${score}の令和8年度の年度目標を入力（現在: 3.05）`) }).click();
    await row.getByRole('textbox', { name: milestone('令和8年度') }).fill('3.10');
    await row.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.getByTestId('kpi-course').textContent()).toBe('遅れ令和8年度の目標（3.10点以上）まであと0.02点');
    await expect.poll(() => row.getByTestId('kpi-year-2026').getByTestId('kpi-year-course').textContent()).toBe('令和8年度の進捗状況: 遅れ');
    // the 判定 still compares the latest actual with the final target
    await expect.poll(() => row.getByTestId('kpi-progress').textContent()).toBe('47.8%');
    expect(await row.textContent()).toContain(MID_PLAN);
    await context.close();

    const viewer = await openKpis('honbu');
    const seen = viewer.page.getByTestId('kpi-row').filter({ hasText: score });
    await expect.poll(() => seen.getByTestId('kpi-year-2027').textContent()).toContain('目標 3.15');
    // each year's target beside that year's actual, with the year's 進捗状況 in words
    await expect.poll(() => seen.getByTestId('kpi-year-2026').textContent()).toBe('3.08目標 3.10令和8年度の進捗状況: 遅れ');
    await expect.poll(() => seen.getByTestId('kpi-course').textContent()).toContain('遅れ');
    expect(await viewer.page.getByRole('columnheader', { name: '進捗状況' }).count()).toBeGreaterThan(0);
    expect(await seen.getByRole('button', { name: /年度目標を入力/ }).count()).toBe(0);
    expect(errors).toEqual([]);
    expect(viewer.errors).toEqual([]);
    await viewer.context.close();
  });

  // Last: its row names 「経常収支比率」 too (the source) and widens the year columns; it is deleted at the end.
  test('a KPI takes its values from a row of the plan’s tables: shown 「表から」 and not editable here; a row of another unit is refused at the field', async () => {
    const { page, external, errors, context } = await openKpis('jimukyoku');
    const name = '経常収支比率の決算値';
    await page.getByRole('button', { name: '＋ 指標を追加' }).click();
    const dialog = page.getByRole('dialog', { name: '数値目標・KPIの追加' });
    await dialog.getByRole('textbox', { name: /^指標名/ }).fill(name);
    await dialog.getByRole('textbox', { name: /^単位/ }).fill('人');
    await dialog.getByRole('textbox', { name: /^目標値/ }).first().fill('96');

    const byHand = dialog.getByRole('radio', { name: 'この画面で入力する' });
    expect(await byHand.isChecked()).toBe(true);
    await dialog.getByRole('radio', { name: '財政計画・定員管理の表から取り込む' }).check();
    const select = dialog.getByRole('combobox', { name: /^取り込む表の行/ });
    // rows grouped by table, each table with its unit
    const group = select.locator('optgroup', { has: page.locator('option', { hasText: /^経常収支比率$/ }) });
    expect(await group.getAttribute('label')).toBe('経常収支比率の推移（単位: %・小数第1位）');
    const rowId = (await group.locator('option', { hasText: /^経常収支比率$/ }).getAttribute('value'))!;
    await select.selectOption(rowId);
    expect(await dialog.textContent()).toContain('表の単位は「%」、小数の桁数は1桁です。');

    // a KPI in 人 cannot take a table in %: the server's message at the field
    await dialog.getByRole('button', { name: '追加', exact: true }).click();
    await expect.poll(async () => select.getAttribute('aria-invalid')).toBe('true');
    const fieldError = dialog.locator('#kpi-source-row-error');
    expect(await fieldError.textContent()).toContain('「経常収支比率の推移」の「経常収支比率」: 表の単位（%）と指標の単位（人）が違うため、表の値を取り込めません。');
    expect((await select.getAttribute('aria-describedby'))!.split(' ')).toContain('kpi-source-row-error');

    await dialog.getByRole('textbox', { name: /^単位/ }).fill('%');
    await dialog.getByRole('combobox', { name: /^小数の桁数/ }).selectOption({ label: '小数第1位' });
    await dialog.getByRole('combobox', { name: /^目標の向き/ }).selectOption({ label: '目標値以下・以内' });
    await dialog.getByRole('textbox', { name: /^目標値/ }).first().fill('95.6');
    await dialog.getByRole('button', { name: '追加', exact: true }).click();
    await expect.poll(() => dialog.count()).toBe(0);

    const row = page.getByTestId('kpi-row').filter({ hasText: name });
    await expect.poll(() => row.getByTestId('kpi-source').textContent()).toContain('取り込み元: 「経常収支比率の推移」の「経常収支比率」（%）');
    const actuals: [number, string][] = [[2021, '89.6'], [2022, '93.2'], [2023, '95.5'], [2024, '99.6']];
    for (const [fy, text] of actuals) {
      const cell = row.getByTestId(`kpi-year-${fy}`);
      await expect.poll(() => cell.textContent()).toContain(text);
      expect(await cell.getByTestId('kpi-from-table').textContent()).toBe('表から');
    }
    // read here, typed in the table: no input for any year, while a KPI entered by hand keeps its inputs
    expect(await row.getByRole('button', { name: /の実績値を入力|の年度目標を入力/ }).count()).toBe(0);
    expect(await row.getByRole('textbox').count()).toBe(0);
    expect(await row.getByRole('link', { name: '財政計画・定員管理' }).count()).toBe(1);
    const byHandRow = page.getByTestId('kpi-row').filter({ hasText: '業務改善を実感する職員の割合' });
    expect(await byHandRow.getByRole('button', { name: /令和8年度の実績値を入力/ }).count()).toBe(1);
    // 99.6 (令和6年度, the latest) against 95.6%以下
    expect(await row.textContent()).toContain(MID_PLAN);

    // the edit dialog shows the link; deleting the KPI leaves the demo as the other tests expect it
    await page.getByRole('button', { name: `${name}を編集` }).click();
    const edit = page.getByRole('dialog', { name: '数値目標・KPIの編集' });
    await edit.waitFor();
    expect(await edit.getByRole('radio', { name: '財政計画・定員管理の表から取り込む' }).isChecked()).toBe(true);
    expect(await edit.getByRole('combobox', { name: /^取り込む表の行/ }).inputValue()).toBe(rowId);
    page.once('dialog', (d) => void d.accept());
    await edit.getByRole('button', { name: '削除', exact: true }).click();
    await expect.poll(() => edit.count()).toBe(0);
    await expect.poll(() => row.count()).toBe(0);

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
