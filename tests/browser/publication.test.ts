/**
 * Browser journey of publication to citizens, on the demo (荒尾市):
 *   1. the secretariat records a 審議会 meeting with an opinion for 財政課, 財政課 answers it (API);
 *   2. on the meeting page, 公表する is refused while the opinion waits for the secretariat, with the reason;
 *   3. once the opinion is closed, the secretariat publishes from the page (confirm dialog, message);
 *   4. a citizen, signed in to nothing, reads the opinion and the response on /m/432041/council,
 *      and finds the published progress on /m/432041/progress: nothing loads from other hosts, no script errors.
 */
import type { APIRequestContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_CODE, openPage, signInByApi, startEnv, type TestEnv } from './support.js';

let env: TestEnv;

beforeAll(async () => {
  env = await startEnv();
});

afterAll(async () => {
  await env?.close();
});

const CSRF = { 'X-Requested-With': 'gyokaku' };

async function api<T>(request: APIRequestContext, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const url = `${env.baseUrl}/api/m/${DEMO_CODE}${path}`;
  const res = method === 'GET' ? await request.get(url) : await request.post(url, { data: body ?? {}, headers: CSRF });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

describe('公表：審議会の意見と対応、進捗状況', () => {
  test('the secretariat publishes a meeting once its opinions are closed, and citizens read it without an account', async () => {
    const sec = await openPage(env);
    const dept = await openPage(env);
    await signInByApi(env, sec.page, 'jimukyoku');
    await signInByApi(env, dept.page, 'zaisei-hokoku');
    const stamp = Date.now().toString(36);
    const title = `第9回行財政改革審議会（テスト${stamp}）`;
    const opinionText = `補助金の終期を明確にすること。（テスト${stamp}）`;
    const responseText = `令和9年度から全ての補助金に終期を設定します。（テスト${stamp}）`;

    const departments = await api<{ items: { id: string; name: string }[] }>(sec.page.request, 'GET', '/departments');
    const zaisei = departments.items.find((d) => d.name === '財政課')!;
    const meeting = await api<{ id: string }>(sec.page.request, 'POST', '/meetings', { body: '審議会', title, heldOn: '2026-11-10', members: [{ name: `委員 花子${stamp}`, role: '会長' }] });
    const opinion = await api<{ id: string; version: number }>(sec.page.request, 'POST', '/opinions', { body: opinionText, meetingId: meeting.id, assignedDepartmentId: zaisei.id });
    const answered = await api<{ version: number }>(dept.page.request, 'POST', `/opinions/${opinion.id}/respond`, { version: opinion.version, response: responseText });

    // not yet: the answer waits for the secretariat
    const page = sec.page;
    await page.goto(`${env.baseUrl}/m/${DEMO_CODE}/meetings/${meeting.id}`);
    const publication = page.getByTestId('meeting-publication');
    await publication.waitFor();
    const publish = publication.getByRole('button', { name: '公表する' });
    await publish.waitFor();
    expect(await publish.isDisabled()).toBe(true);
    expect(await publication.textContent()).toContain('完了していない意見が1件あります（回答済み（事務局の確認待ち）1件）');

    await api(sec.page.request, 'POST', `/opinions/${opinion.id}/close`, { version: answered.version });
    await page.reload();
    await publication.waitFor();
    await expect.poll(() => publish.isDisabled()).toBe(false);
    await publish.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('完了した意見（1件）');
    await dialog.getByRole('button', { name: '公表する' }).click();
    await page.getByRole('status').filter({ hasText: `会議「${title}」の意見と対応を公表しました。` }).waitFor();
    await expect.poll(() => publication.textContent()).toContain('に公表しました');
    expect(await publication.getByRole('button', { name: '公表を取り消す' }).isVisible()).toBe(true);

    // a citizen: no session at all
    const citizen = await openPage(env, { width: 390, height: 844 });
    await citizen.page.goto(`${env.baseUrl}/m/${DEMO_CODE}/council`);
    await citizen.page.getByRole('heading', { level: 1, name: '審議会等の意見と市の対応' }).waitFor();
    const section = citizen.page.getByRole('region', { name: new RegExp(`テスト${stamp}`) });
    await section.waitFor();
    const text = await section.textContent();
    expect(text).toContain(opinionText);
    expect(text).toContain(responseText);
    expect(text).toContain('担当: 財政課');
    expect(await citizen.page.content()).not.toContain(`委員 花子${stamp}`);

    // the navigation leads to the published progress of the demo's closed rounds
    await citizen.page.getByRole('navigation').getByRole('link', { name: '進捗状況' }).click();
    await citizen.page.getByRole('heading', { level: 1, name: '行政改革の進捗状況' }).waitFor();
    await citizen.page.getByRole('link', { name: '令和4年度末見込み' }).click();
    await citizen.page.getByRole('heading', { level: 1, name: '令和4年度末見込み' }).waitFor();
    const items = citizen.page.getByRole('table', { name: /取組ごとの状況（35件）/ });
    await items.waitFor();
    expect(await items.getByRole('rowheader').count()).toBeGreaterThanOrEqual(35);

    for (const p of [sec, dept, citizen]) {
      expect(p.external).toEqual([]);
      expect(p.errors).toEqual([]);
      await p.context.close();
    }
  });
});
