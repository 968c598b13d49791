/**
 * Staff screens at an office laptop's size, and the finance grid's year columns:
 *   - 数値目標・KPI at 1366×768: the page does not scroll sideways; each table's year columns scroll inside
 *     a labelled, focusable region, and 判定・進捗率 are seen without any sideways scrolling.
 *   - 財政計画・定員管理: switching a year column from 計画 to 実績 while it holds figures asks first, says
 *     which year and how many figures, and by default keeps the plan figures beside a new 実績 column;
 *     replacing them happens only when chosen.
 *
 * Server: GYOKAKU_TEST_BASE_URL if set, else an in-memory demo server started here.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { FiscalTableDto } from '../../src/shared/api-types-finance.js';
import { DEMO_CODE, openPage, signIn, startEnv, type TestEnv } from './support';

let env: TestEnv;

beforeAll(async () => {
  env = await startEnv();
});

afterAll(async () => {
  await env?.close();
});

async function openTab(tab: 'kpis' | 'finance', viewport?: { width: number; height: number }) {
  const opened = await openPage(env, viewport);
  const { page } = opened;
  await signIn(env, page, 'jimukyoku');
  await page.goto(`${env.baseUrl}/m/${DEMO_CODE}`);
  await page.getByRole('link', { name: '第六次荒尾市行政改革大綱', exact: true }).first().click();
  await page.getByRole('link', { name: tab === 'kpis' ? '数値目標・KPI' : '財政計画・定員管理' }).click();
  await expect.poll(() => new URL(page.url()).pathname).toMatch(new RegExp(`/${tab}$`));
  return opened;
}

describe('数値目標・KPI at 1366 px', () => {
  test('the page does not scroll sideways; 判定 and 進捗率 are on screen; the year columns scroll in a labelled region', async () => {
    const { page, errors, context } = await openTab('kpis', { width: 1366, height: 768 });
    await page.getByTestId('kpis-tab').waitFor();
    await expect.poll(() => page.getByTestId('kpi-row').count()).toBe(10);

    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `the KPI page is ${width} px wide on a 1366 px screen`).toBeLessThanOrEqual(1366);

    const tables = page.getByTestId('kpi-table');
    const n = await tables.count();
    expect(n).toBeGreaterThan(1);
    let scrollsInside = false;
    for (let i = 0; i < n; i++) {
      const table = tables.nth(i);
      // the region around the table: named, focusable (so the keyboard can scroll it)
      const region = page.getByTestId('kpi-table-region').nth(i);
      expect(await region.getAttribute('role')).toBe('region');
      expect(await region.getAttribute('tabindex')).toBe('0');
      expect(await region.getAttribute('aria-label')).toMatch(/数値目標・KPIの表/);
      const box = await region.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return { left: r.left, right: r.right, scrollLeft: el.scrollLeft, overflow: el.scrollWidth > el.clientWidth };
      });
      expect(box.scrollLeft).toBe(0);
      scrollsInside ||= box.overflow;
      for (const name of ['判定', '進捗率']) {
        const head = table.getByRole('columnheader', { name, exact: true });
        const r = (await head.boundingBox())!;
        expect(r.x, `${name} of table ${i + 1} starts left of its region`).toBeGreaterThanOrEqual(box.left - 1);
        expect(r.x + r.width, `${name} of table ${i + 1} ends at ${Math.round(r.x + r.width)} px, beyond the visible ${Math.round(box.right)} px`).toBeLessThanOrEqual(Math.min(box.right, 1366) + 1);
      }
      // each row's evaluation and progress show in the visible part as well
      const progress = table.getByTestId('kpi-progress').first();
      const p = (await progress.boundingBox())!;
      expect(p.x + p.width).toBeLessThanOrEqual(Math.min(box.right, 1366) + 1);
    }
    // the demo's nine years do not fit at 1366 px: the table scrolls inside its region, not the page
    expect(scrollsInside).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});

async function tableByApi(page: Page, title: string): Promise<FiscalTableDto> {
  return page.evaluate(async (title) => {
    const m = /^\/m\/([^/]+)\/plans\/([^/]+)\//.exec(location.pathname)!;
    const res = await fetch(`/api/m/${m[1]}/plans/${m[2]}/fiscal-tables`);
    const list = (await res.json()) as { items: FiscalTableDto[] };
    return list.items.find((t) => t.title === title)!;
  }, title);
}

const figuresOf = (t: FiscalTableDto, fy: number, kind: 'plan' | 'actual') =>
  t.rows.map((r) => r.values.find((v) => v.fiscalYear === fy && v.kind === kind)?.text ?? null);

describe('財政計画・定員管理: a year column switched between 計画 and 実績', () => {
  test('switching 計画 to 実績 asks, naming the year and the count; keeping both saves the plan figures beside the 実績', async () => {
    const { page, errors, context } = await openTab('finance');
    const title = '基金残高';
    const section = page.getByRole('region', { name: new RegExp(title) }).first();
    await section.getByRole('button', { name: '編集', exact: true }).click();
    const editor = page.getByRole('region', { name: `表「${title}」の編集` });
    await editor.waitFor();
    const before = await tableByApi(page, title);
    const planR7 = figuresOf(before, 2025, 'plan');
    expect(planR7).toEqual(['654', '603', '3,516', '4,773']);

    const kind = editor.getByRole('combobox', { name: '令和7年度の値の区分' });
    // cancelling leaves the column as it was
    await kind.selectOption('actual');
    let dialog = page.getByRole('dialog', { name: '令和7年度の列を「実績」にします' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('令和7年度の「計画」の列には値が4件入っています');
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await kind.inputValue()).toBe('plan');
    expect(await editor.getByRole('textbox', { name: '財政調整基金 令和7年度', exact: true }).inputValue()).toBe('654');

    // the first choice keeps the plan figures and adds an empty 実績 column for the year
    await kind.selectOption('actual');
    dialog = page.getByRole('dialog', { name: '令和7年度の列を「実績」にします' });
    await dialog.getByRole('button', { name: '計画の値を残して実績の列を追加' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const actualCell = editor.getByRole('textbox', { name: '財政調整基金 令和7年度（実績）', exact: true });
    expect(await actualCell.inputValue()).toBe('');
    expect(await editor.getByRole('textbox', { name: '財政調整基金 令和7年度', exact: true }).inputValue()).toBe('654');
    // the year now has both kinds: neither select offers the kind its other column already is
    expect(await editor.getByRole('combobox', { name: '令和7年度の値の区分' }).count()).toBe(2);
    await actualCell.fill('700');
    await editor.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => page.getByText(`表「${title}」を保存しました。`).count()).toBe(1);

    const after = await tableByApi(page, title);
    expect(figuresOf(after, 2025, 'plan')).toEqual(planR7);
    expect(figuresOf(after, 2025, 'actual')).toEqual(['700', null, null, null]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('replacing the figures is a choice that says so, and then they are the 実績', async () => {
    const { page, errors, context } = await openTab('finance');
    const title = '地方債残高';
    const section = page.getByRole('region', { name: new RegExp(title) }).first();
    await section.getByRole('button', { name: '編集', exact: true }).click();
    const editor = page.getByRole('region', { name: `表「${title}」の編集` });
    await editor.waitFor();
    const before = await tableByApi(page, title);
    const planR8 = figuresOf(before, 2026, 'plan');
    const count = planR8.filter((x) => x !== null && x !== '').length;
    expect(count).toBeGreaterThan(0);

    await editor.getByRole('combobox', { name: '令和8年度の値の区分' }).selectOption('actual');
    const dialog = page.getByRole('dialog', { name: '令和8年度の列を「実績」にします' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`値が${count}件入っています`);
    await dialog.getByRole('button', { name: `計画の値${count}件を実績に置き換える` }).click();
    await editor.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => page.getByText(`表「${title}」を保存しました。`).count()).toBe(1);

    const after = await tableByApi(page, title);
    expect(figuresOf(after, 2026, 'actual')).toEqual(planR8);
    expect(figuresOf(after, 2026, 'plan').every((x) => x === null)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
