/**
 * Browser journey of the publication step (公表), separate from closing a round, on the demo (荒尾市),
 * signed in as the secretariat (jimukyoku):
 *   1. a round of its own (opened through the API) is closed from its dashboard: the dialog says that
 *      closing publishes nothing; the dashboard then shows 未公表 and links to 公表, where the panel asks
 *      what to do with the answers not accepted before 公表する enables; once published, the dashboard
 *      shows 公表済み and the reopen dialog says the published content stays until the next publication;
 *   2. a round the demo already published (令和4年度末見込み): 公表する without 正誤 is refused beside the
 *      field, with 正誤 it becomes 第2版 in the history, and the citizens' page shows the 正誤;
 *   3. a stale preview (someone published in between) shows the server's message and reloads the preview;
 *   4. withdrawing 令和元年度実績 needs a reason; afterwards its citizens' page answers 404.
 * Nothing loads from other hosts and no page throws.
 */
import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PublicationListDto } from '../../src/shared/api-types-publish.js';
import { DEMO_CODE as CODE, openPage, signInByApi, startEnv, type OpenedPage, type TestEnv } from './support.js';

let env: TestEnv;
let sec: OpenedPage;
const opened: OpenedPage[] = [];

beforeAll(async () => {
  env = await startEnv();
  sec = await openPage(env);
  opened.push(sec);
  await signInByApi(env, sec.page, 'jimukyoku');
});

afterAll(async () => {
  for (const p of opened) await p.context.close().catch(() => undefined);
  await env?.close();
});

const CSRF = { 'X-Requested-With': 'gyokaku' };

async function api<T>(request: APIRequestContext, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const url = `${env.baseUrl}/api/m/${CODE}${path}`;
  const res = method === 'GET' ? await request.get(url) : await request.post(url, { data: body ?? {}, headers: CSRF });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

async function subjectOf(title: string) {
  const list = await api<PublicationListDto>(sec.page.request, 'GET', '/publications');
  const s = list.subjects.find((x) => x.kind === 'round' && x.title === title);
  expect(s, `subject ${title}`).toBeTruthy();
  return s!;
}

const publicationsUrl = () => `${env.baseUrl}/m/${CODE}/publications`;

async function openPanel(page: Page, title: string) {
  await page.getByRole('button', { name: `プレビューと公表（${title}）` }).click();
  const panel = page.getByTestId('publication-panel');
  await panel.getByRole('heading', { level: 2, name: new RegExp(`公表の確認：.*${title}`) }).waitFor();
  await panel.getByRole('button', { name: '公表する' }).waitFor();
  return panel;
}

/** A citizen: a context with no session at all. */
async function citizen(): Promise<OpenedPage> {
  const c = await openPage(env, { width: 390, height: 844 });
  opened.push(c);
  return c;
}

const todayJst = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

describe('公表：締切とは別の手順', () => {
  test('closing a round publishes nothing; the secretariat decides on unaccepted answers and publishes it from 公表', async () => {
    const page = sec.page;
    const stamp = Date.now().toString(36);
    const label = `公表手順テスト${stamp}`;
    const plans = await api<{ items: { id: string; title: string }[] }>(page.request, 'GET', '/plans');
    const plan = plans.items.find((p) => p.title === '第六次荒尾市行政改革大綱')!;
    const today = todayJst();
    const created = await api<{ id: string; version: number }>(page.request, 'POST', `/plans/${plan.id}/rounds`, {
      label,
      asOfDate: today,
      // the fiscal year (April–March) of today
      targetFiscalYear: Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 4 ? 1 : 0),
      deadline: today,
    });
    const opened1 = await api<{ version: number; counts: { total: number } }>(page.request, 'POST', `/rounds/${created.id}/open`, { version: created.version, scope: { mode: 'all' } });
    expect(opened1.counts.total).toBeGreaterThan(0);

    // close it from the dashboard: the dialog says nothing reaches citizens
    await page.goto(`${env.baseUrl}/m/${CODE}/rounds/${created.id}`);
    await page.getByRole('button', { name: `${label}を締め切る` }).click();
    const step = page.getByTestId('round-step-dialog');
    await step.waitFor();
    expect(await step.textContent()).toContain(
      '締め切っても、市民向けページには何も載りません。公表は『公表』画面で、内容を確認してから行います。締切後も公表するまでは、課長の承認と事務局の確認ができます。',
    );
    await step.getByRole('button', { name: '締め切る' }).click();
    await step.waitFor({ state: 'detached' });
    const badge = page.getByTestId('round-publication-badge');
    await expect.poll(() => badge.textContent()).toBe('未公表');
    // not on the citizens' site
    const c0 = await citizen();
    expect((await c0.page.goto(`${env.baseUrl}/m/${CODE}/progress/${created.id}`))!.status()).toBe(404);

    // the dashboard leads to 公表 with this round's panel open
    await page.getByTestId('round-publication').getByRole('link', { name: '公表の画面で確認して公表する' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/m/${CODE}/publications`);
    const panel = page.getByTestId('publication-panel');
    await panel.getByRole('heading', { level: 2, name: new RegExp(label) }).waitFor();
    const choice = panel.getByTestId('publication-unaccepted');
    await choice.waitFor();
    // every report of a round closed untouched is 未着手: all of them are unaccepted
    const legend = await choice.locator('legend').textContent();
    expect(legend).toContain(`事務局が確認していない回答（${opened1.counts.total}件）の扱い`);
    expect(await choice.textContent()).toContain(`未着手 ${opened1.counts.total}件`);
    const publish = panel.getByRole('button', { name: '公表する' });
    expect(await publish.isDisabled()).toBe(true);
    expect(await panel.textContent()).toContain('確認していない回答の扱いを選んでください。');
    expect(await panel.textContent()).toContain('初めての公表です');
    await choice.getByRole('radio', { name: /表から除く/ }).check();
    await expect.poll(() => publish.isDisabled()).toBe(false);
    // the preview follows the choice
    expect(await panel.getByRole('link', { name: /市民向けページのプレビューを開く/ }).getAttribute('href')).toContain('unaccepted=exclude');
    await publish.click();
    await page.getByRole('status').filter({ hasText: `「${label}」を公表しました（第1版）。` }).waitFor();
    const first = page.getByTestId('publication-history').getByRole('row').nth(1);
    expect(await first.textContent()).toContain(label);
    expect(await first.textContent()).toContain('第1版');
    expect(await first.textContent()).toContain(`確認していない回答：${opened1.counts.total}件を表から除いた`);
    expect(await page.getByTestId('publication-panel').count()).toBe(0);

    // citizens see it now
    expect((await c0.page.goto(`${env.baseUrl}/m/${CODE}/progress/${created.id}`))!.status()).toBe(200);
    await c0.page.getByRole('heading', { level: 1, name: label }).waitFor();

    // the dashboard says 公表済み, and reopening keeps the published content until the next publication
    await page.goto(`${env.baseUrl}/m/${CODE}/rounds/${created.id}`);
    await expect.poll(() => page.getByTestId('round-publication-badge').textContent()).toBe('公表済み');
    await page.getByRole('button', { name: `${label}を再開` }).click();
    await step.waitFor();
    expect(await step.textContent()).toContain('公表中の内容は、次に公表（正誤）するまでそのまま市民向けページに載ります。');
    await step.getByRole('button', { name: 'キャンセル' }).click();
    await step.waitFor({ state: 'detached' });

    expect(sec.external).toEqual([]);
    expect(sec.errors).toEqual([]);
    expect(c0.external).toEqual([]);
    expect(c0.errors).toEqual([]);
  });

  test('republishing what is published needs a 正誤, which the citizens read on the round page', async () => {
    const page = sec.page;
    const stamp = Date.now().toString(36);
    const title = '令和4年度末見込み';
    const subject = await subjectOf(title);
    expect(subject.latest?.state).toBe('published');
    const seq = subject.latest!.seq;

    await page.goto(publicationsUrl());
    const row = page.getByTestId('publication-subjects-round').getByRole('row', { name: new RegExp(title) });
    expect(await row.textContent()).toContain(`公表中 第${seq}版`);
    const panel = await openPanel(page, title);
    expect(await panel.getByTestId('publication-current').textContent()).toContain(`第${seq}版を`);

    // the preview of the citizens' page opens in a new tab and answers
    const preview = panel.getByRole('link', { name: /市民向けページのプレビューを開く/ });
    expect(await preview.getAttribute('target')).toBe('_blank');
    expect(await preview.getAttribute('rel')).toBe('noopener');
    const href = (await preview.getAttribute('href'))!;
    expect(href).toMatch(new RegExp(`^/api/m/${CODE}/publications/preview/page\\?`));
    const previewRes = await page.request.get(`${env.baseUrl}${href}`);
    expect(previewRes.status()).toBe(200);
    expect(await previewRes.text()).toContain(title);

    // without 正誤: refused beside the field
    const correction = panel.getByRole('textbox', { name: /訂正の内容（正誤。市民向けページに載ります）/ });
    await panel.getByRole('button', { name: '公表する' }).click();
    const fieldError = panel.getByTestId('field-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toContain('何を訂正したか（正誤）を入力してください');
    expect(await correction.getAttribute('aria-invalid')).toBe('true');
    expect((await correction.getAttribute('aria-describedby'))?.split(' ')).toContain(await fieldError.getAttribute('id'));
    expect((await subjectOf(title)).latest!.seq).toBe(seq);

    // with 正誤: the next version, in the history
    const text = `取組の状況の記載を訂正しました（テスト${stamp}）。`;
    await correction.fill(text);
    await panel.getByRole('textbox', { name: /理由/ }).fill(`担当課からの申し出（テスト${stamp}）`);
    await panel.getByRole('button', { name: '公表する' }).click();
    await page.getByRole('status').filter({ hasText: `「${title}」を公表しました（第${seq + 1}版・正誤を載せました）。` }).waitFor();
    const history = page.getByTestId('publication-history');
    const newest = history.getByRole('row').nth(1);
    await expect.poll(() => newest.textContent()).toContain(`第${seq + 1}版`);
    expect(await newest.textContent()).toContain(title);
    expect(await newest.textContent()).toContain(`正誤：${text}`);
    expect(await newest.textContent()).toContain('公表中');
    const older = history.getByRole('row').filter({ hasText: title }).filter({ hasText: `第${seq}版` });
    expect(await older.textContent()).toContain('訂正済み');
    await expect.poll(() => row.textContent()).toContain(`公表中 第${seq + 1}版`);

    // the citizens' page shows the 正誤
    const publicPath = (await newest.getByRole('link', { name: /市民向けページ/ }).getAttribute('href'))!;
    expect(publicPath).toBe(`/m/${CODE}/progress/${subject.subjectId}`);
    const c = await citizen();
    expect((await c.page.goto(`${env.baseUrl}${publicPath}`))!.status()).toBe(200);
    const corrections = c.page.getByRole('region', { name: '正誤（訂正のお知らせ）' });
    await corrections.waitFor();
    expect(await corrections.textContent()).toContain(`第${seq + 1}版: ${text}`);
    expect(c.external).toEqual([]);
    expect(c.errors).toEqual([]);
    expect(sec.errors).toEqual([]);
  });

  test('a preview made stale by someone else is refused with the server message and reloaded', async () => {
    const page = sec.page;
    const stamp = Date.now().toString(36);
    const title = '令和2年度実績';
    const subject = await subjectOf(title);
    const seq = subject.latest!.seq;

    await page.goto(publicationsUrl());
    const panel = await openPanel(page, title);
    expect(await panel.getByTestId('publication-current').textContent()).toContain(`第${seq}版を`);

    // someone else publishes a correction meanwhile
    await api(page.request, 'POST', '/publications', {
      kind: 'round',
      planId: subject.planId,
      subjectId: subject.subjectId,
      expectedSeq: seq,
      correction: `別の担当者の訂正（テスト${stamp}）`,
    });

    await panel.getByRole('textbox', { name: /訂正の内容/ }).fill(`私の訂正（テスト${stamp}）`);
    await panel.getByRole('button', { name: '公表する' }).click();
    const alert = panel.getByTestId('publication-alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('他の人がこの対象を公表または取り下げました');
    // the preview now compares against the other one's version; what was typed is kept
    await expect.poll(() => panel.getByTestId('publication-current').textContent()).toContain(`第${seq + 1}版を`);
    expect(await panel.getByRole('textbox', { name: /訂正の内容/ }).inputValue()).toBe(`私の訂正（テスト${stamp}）`);
    await expect.poll(() => panel.getByRole('button', { name: '公表する' }).isDisabled()).toBe(false);
    await panel.getByRole('button', { name: '公表する' }).click();
    await page.getByRole('status').filter({ hasText: `「${title}」を公表しました（第${seq + 2}版・正誤を載せました）。` }).waitFor();
    expect(sec.errors).toEqual([]);
  });

  test('withdrawing needs a reason and takes the round off the citizens\u2019 site', async () => {
    const page = sec.page;
    const stamp = Date.now().toString(36);
    const title = '令和元年度実績';
    const subject = await subjectOf(title);
    expect(subject.latest?.state).toBe('published');
    const c = await citizen();
    expect((await c.page.goto(`${env.baseUrl}/m/${CODE}/progress/${subject.subjectId}`))!.status()).toBe(200);

    await page.goto(publicationsUrl());
    await page.getByRole('button', { name: `取り下げる（${title} 第${subject.latest!.seq}版）` }).click();
    const dialog = page.getByTestId('publication-withdraw-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('市民向けページにもオープンデータにも載らなくなります');
    // no reason: refused beside the field
    await dialog.getByRole('button', { name: '取り下げる' }).click();
    const fieldError = dialog.getByTestId('field-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toContain('取り下げる理由を入力してください');
    await dialog.getByRole('textbox', { name: /取り下げる理由/ }).fill(`集計に誤りが見つかったため（テスト${stamp}）`);
    await dialog.getByRole('button', { name: '取り下げる' }).click();
    await page.getByRole('status').filter({ hasText: `「${title}」（第${subject.latest!.seq}版）を取り下げました。` }).waitFor();
    const row = page.getByTestId('publication-subjects-round').getByRole('row', { name: new RegExp(title) });
    await expect.poll(() => row.textContent()).toContain(`取下げ（第${subject.latest!.seq}版）`);
    expect(await row.getByRole('button', { name: /取り下げる/ }).count()).toBe(0);
    const hist = page.getByTestId('publication-history').getByRole('row').filter({ hasText: title }).first();
    expect(await hist.textContent()).toContain(`取下げの理由：集計に誤りが見つかったため（テスト${stamp}）`);

    // a visitor after the withdrawal (the earlier visitor's browser may keep its copy for the page's max-age)
    const later = await citizen();
    expect((await later.page.goto(`${env.baseUrl}/m/${CODE}/progress/${subject.subjectId}`))!.status()).toBe(404);
    expect(c.external).toEqual([]);
    expect(later.external).toEqual([]);
    expect(sec.external).toEqual([]);
    expect(sec.errors).toEqual([]);
  });
});
