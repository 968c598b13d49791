/**
 * The report form's defects found by trying the annual cycle, each as a person
 * would meet it on the demo's open round (財政課 items):
 *  - the edit conflict of two tabs must not write one person's stale value over
 *    another's saved text;
 *  - the error summary follows the fields as they are fixed, and leaving while
 *    the save fails warns (in-app link and closing the tab);
 *  - the approver who returned a report sees it read-only with their own banner.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_CODE, openPage, signInByApi, startEnv, type OpenedPage, type TestEnv } from './support';

let env: TestEnv;

beforeAll(async () => {
  env = await startEnv();
});

afterAll(async () => {
  await env?.close();
});

const api = (path: string) => `${env.baseUrl}/api/m/${DEMO_CODE}${path}`;
const HDR = { 'X-Requested-With': 'gyokaku' };

interface Entry {
  report: { id: string; state: string };
  item: { title: string; departments: { name: string; lead: boolean }[] };
}

const used = new Set<string>();

/** A report that 財政課 leads in the open round (untouched unless drafts will do), not used by another test of this file. */
async function freshReport(p: OpenedPage, states: readonly string[] = ['not_started']): Promise<{ reportId: string; url: string; fields: string[] }> {
  const rounds = await (await p.context.request.get(api('/rounds?state=open'))).json();
  const round = (rounds.items as { id: string; label: string }[]).find((r) => r.label.includes('令和8年度 上半期'));
  expect(round).toBeTruthy();
  const inbox = await (await p.context.request.get(api(`/rounds/${round!.id}/reports`))).json();
  const entry = (inbox.entries as Entry[]).find(
    (e) => states.includes(e.report.state) && !used.has(e.report.id) && e.item.departments.some((d) => d.lead && d.name === '財政課'),
  );
  expect(entry).toBeTruthy();
  used.add(entry!.report.id);
  const detail = await (await p.context.request.get(api(`/reports/${entry!.report.id}`))).json();
  return { reportId: entry!.report.id, url: `${env.baseUrl}/m/${DEMO_CODE}/reports/${entry!.report.id}`, fields: detail.round.fields };
}

async function signedIn(loginId: string): Promise<OpenedPage> {
  const p = await openPage(env);
  await signInByApi(env, p.page, loginId);
  return p;
}

async function openReport(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('report-title').waitFor();
}

async function waitForSaved(page: Page): Promise<void> {
  await page.getByTestId('save-status').filter({ hasText: '保存しました' }).waitFor({ timeout: 15_000 });
}

function expectClean(p: OpenedPage): void {
  expect(p.external).toEqual([]);
  expect(p.errors).toEqual([]);
}

describe('進捗報告の入力画面', () => {
  test('two tabs: B changed only 今後の取組; the conflict offers only that, and A’s saved 課題 stays', async () => {
    const a = await signedIn('zaisei-hokoku');
    const b = await signedIn('zaisei-hokoku');
    const { reportId, url, fields } = await freshReport(a);
    expect(fields).toEqual(expect.arrayContaining(['issues', 'nextPlan']));
    await openReport(a.page, url);
    await openReport(b.page, url);

    const issuesA = `Aが保存した課題（${Date.now().toString(36)}）`;
    await a.page.locator('#rp-issues').fill(issuesA);
    await waitForSaved(a.page);

    const nextB = 'Bが書いた今後の取組';
    await b.page.locator('#rp-nextPlan').fill(nextB);
    const panel = b.page.getByTestId('conflict');
    await panel.waitFor({ timeout: 15_000 });
    // only what B changed is offered; 課題 (changed by A only) is not B's to overwrite
    await expect.poll(() => panel.locator('[data-testid^="conflict-row-"]').count()).toBe(1);
    expect(await panel.getByTestId('conflict-row-nextPlan').count()).toBe(1);
    expect(await panel.getByTestId('conflict-row-issues').count()).toBe(0);
    expect(await panel.getByTestId('conflict-row-nextPlan').getByRole('radio', { name: 'あなたの入力' }).isChecked()).toBe(true);
    await panel.getByRole('button', { name: '選んだ内容で保存する' }).click();
    await waitForSaved(b.page);

    const stored = await (await b.context.request.get(api(`/reports/${reportId}`))).json();
    expect(stored.report.issues).toBe(issuesA);
    expect(stored.report.nextPlan).toBe(nextB);
    // B's form now shows A's 課題
    expect(await b.page.locator('#rp-issues').inputValue()).toBe(issuesA);

    // Both change 課題: no preselection; the main button asks for a choice and writes nothing until then.
    await a.page.reload();
    await a.page.locator('#rp-issues').fill('Aの二度目の課題');
    await waitForSaved(a.page);
    await b.page.locator('#rp-issues').fill('Bの課題');
    await panel.waitFor({ timeout: 15_000 });
    const row = panel.getByTestId('conflict-row-issues');
    await row.waitFor();
    expect(await row.getByRole('radio', { name: 'あなたの入力' }).isChecked()).toBe(false);
    expect(await row.getByRole('radio', { name: '保存されている内容' }).isChecked()).toBe(false);
    await panel.getByRole('button', { name: '選んだ内容で保存する' }).click();
    expect(await panel.getByTestId('conflict-missing').textContent()).toContain('課題');
    expect((await (await b.context.request.get(api(`/reports/${reportId}`))).json()).report.issues).toBe('Aの二度目の課題');
    await row.getByRole('radio', { name: 'あなたの入力' }).check();
    await panel.getByRole('button', { name: '選んだ内容で保存する' }).click();
    await waitForSaved(b.page);
    expect((await (await b.context.request.get(api(`/reports/${reportId}`))).json()).report.issues).toBe('Bの課題');

    expectClean(a);
    expectClean(b);
    await a.context.close();
    await b.context.close();
  });

  test('the error summary follows the fixes; leaving while the save fails warns', async () => {
    const p = await signedIn('zaisei-hokoku');
    const { url } = await freshReport(p);
    const { page } = p;
    await openReport(page, url);

    // Submitting the empty form lists the required fields.
    await page.getByTestId('report-actions').getByRole('button', { name: '提出する', exact: true }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    const count = async () => Number(/（(\d+)件）/.exec((await summary.locator('h2').textContent()) ?? '')?.[1]);
    const before = await count();
    expect(before).toBeGreaterThanOrEqual(2);
    await page.getByTestId('field-rp-statusCode').getByRole('radio', { name: /取組中/ }).check();
    await expect.poll(count).toBe(before - 1);
    await page.getByTestId('field-rp-achievementCode').getByRole('radio', { name: /一部達成/ }).check();
    await page.locator('#rp-narrative').fill('上半期の取組を記入した。');
    await expect.poll(() => summary.count()).toBe(0);
    await waitForSaved(page);

    // The server refuses every save from now on.
    await page.route('**/api/m/*/reports/*', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: 'ただいま保存できません。' } }) })
        : route.continue(),
    );
    await page.locator('#rp-narrative').fill('保存できない入力');
    await page.getByTestId('save-status').filter({ hasText: '保存できませんでした' }).waitFor({ timeout: 15_000 });

    const dialogs: { type: string; message: string }[] = [];
    page.on('dialog', (d) => {
      dialogs.push({ type: d.type(), message: d.message() });
      void d.dismiss();
    });
    const here = page.url();
    await page.getByRole('link', { name: '一覧へ戻る' }).click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toMatchObject({ type: 'confirm' });
    expect(dialogs[0]!.message).toContain('保存されていない入力は失われます');
    expect(page.url()).toBe(here);
    expect(await page.locator('#rp-narrative').inputValue()).toBe('保存できない入力');

    // Closing the tab (or reloading) asks too.
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs.map((d) => d.type)).toContain('beforeunload');
    expect(page.isClosed()).toBe(false);
    expect(p.errors).toEqual([]);
    await p.context.close();
  });

  test('after returning a report, the approver sees it read-only with the approver’s banner', async () => {
    const reporter = await signedIn('zaisei-hokoku');
    const { reportId, url } = await freshReport(reporter, ['not_started', 'draft']);
    // the reporter answers and submits (through the API: the form is not what this test is about)
    const detail = await (await reporter.context.request.get(api(`/reports/${reportId}`))).json();
    const status = detail.legends.status.values[0].code as string;
    const achievement = detail.legends.achievement?.values[0]?.code as string | undefined;
    const saved = await reporter.context.request.patch(api(`/reports/${reportId}`), {
      headers: HDR,
      data: { version: detail.report.version, statusCode: status, ...(achievement ? { achievementCode: achievement } : {}), narrative: '上半期の取組。' },
    });
    expect(saved.status()).toBe(200);
    const submitted = await reporter.context.request.post(api(`/reports/${reportId}/transitions`), {
      headers: HDR,
      data: { action: 'submit', version: (await saved.json()).report.version },
    });
    expect(submitted.status()).toBe(200);

    const approver = await signedIn('zaisei-shonin');
    const ap = approver.page;
    await openReport(ap, url);
    await ap.getByTestId('report-actions').getByRole('button', { name: '差し戻す', exact: true }).click();
    const dialog = ap.getByRole('dialog', { name: '差し戻す' });
    await dialog.getByRole('textbox', { name: /差戻しの理由/ }).fill('根拠を追記してください。');
    await dialog.getByRole('button', { name: '差し戻す' }).click();
    await dialog.waitFor({ state: 'detached' });

    const banner = ap.getByTestId('return-banner');
    await expect.poll(() => banner.textContent()).toBe('差し戻しました。担当者の再提出を待っています。');
    expect(await ap.getByText('もう一度提出してください').count()).toBe(0);
    expect(await ap.getByRole('textbox', { name: /^取組内容・実績/ }).count()).toBe(0);
    expect(await ap.getByTestId('answer-narrative').textContent()).toContain('上半期の取組。');
    expect(await ap.getByTestId('report-actions').getByRole('button', { name: '提出する' }).count()).toBe(0);
    // the same after a reload
    await ap.reload();
    await expect.poll(() => banner.textContent()).toBe('差し戻しました。担当者の再提出を待っています。');
    expect(await ap.getByRole('textbox', { name: /^取組内容・実績/ }).count()).toBe(0);

    // The reporter is asked to fix it, in an editable form.
    await openReport(reporter.page, url);
    await expect.poll(() => reporter.page.getByTestId('return-banner').textContent()).toContain('もう一度提出してください');
    expect(await reporter.page.getByRole('textbox', { name: /^取組内容・実績/ }).count()).toBe(1);

    expectClean(approver);
    expectClean(reporter);
    await approver.context.close();
    await reporter.context.close();
  });
});
