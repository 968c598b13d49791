/**
 * Uploads waiting for their import live in `import_uploads`, not in one process: they read back
 * exactly as parsed, expire an hour after their last use, are capped per municipality (least
 * recently used first), never cross municipalities, and an upload made through one app instance
 * is committed through another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import { importUploads, planNodes } from '../../src/db/schema.js';
import type { Actor } from '../../src/modules/access/domain/policy.js';
import { createDepartment } from '../../src/modules/departments/commands/departments.js';
import type { ParsedUpload } from '../../src/modules/imports/domain/grid.js';
import { parseUploadFile } from '../../src/modules/imports/parsers/index.js';
import { createUpload, deleteUpload, findUpload, sweepUploads } from '../../src/modules/imports/uploads.js';
import { saveLegends } from '../../src/modules/pdca/commands/legends.js';
import { createPlan } from '../../src/modules/plans/commands/plans.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type { ImportCommitDto, ImportDryRunDto, ImportUploadDto } from '../../src/shared/api-types-imports.js';
import * as F from '../fixtures/imports/make.js';
import { backends, createTestMunicipality, openTestStore, run } from '../support/stores.js';

const GONE = '取込み中のファイル（取込みを実行したとき、または1時間操作がないときに破棄されます。もう一度アップロードしてください）';

describe.each(backends())('import uploads in the database on %s', (kind) => {
  let store: Store;
  let m: { id: string; code: string };
  let other: { id: string; code: string };
  let planId: string;
  let otherPlanId: string;

  const scope = () => ({ db: store.db, municipalityId: m.id });
  const otherScope = () => ({ db: store.db, municipalityId: other.id });
  const grid = (cells: number, name = 'a.csv'): ParsedUpload => ({
    kind: 'csv',
    fileName: name,
    encoding: 'UTF-8',
    sheets: [{ name, rows: [Array.from({ length: cells }, (_, i) => String(i))], merges: [], problems: [] }],
  });
  const mkPlan = (municipalityId: string, title: string) =>
    run(store, municipalityId, async (ctx) => {
      const plan = await createPlan(ctx, { kind: '実行計画', title, firstFiscalYear: 2019, lastFiscalYear: 2023, levelNames: ['施策', '具体的な取組'], stages: [{ stage: '決定', date: '2019-04-01' }] });
      await saveLegends(ctx, plan.id, { status: { version: 0, preset: 'maru-sankaku' } });
      return plan.id;
    });

  beforeAll(async () => {
    store = await openTestStore(kind);
    m = await createTestMunicipality(store.db, '保持市');
    other = await createTestMunicipality(store.db, '他市');
    planId = await mkPlan(m.id, '保持市 行政改革実施計画');
    otherPlanId = await mkPlan(other.id, '他市 行政改革実施計画');
    await run(store, m.id, (ctx) => createDepartment(ctx, { name: '総務課', kind: '課' }));
  });
  afterAll(() => store.close());

  it('reads an upload back exactly as it was stored', async () => {
    const odd: ParsedUpload = {
      kind: 'xlsx',
      fileName: '実施状況（令和4年度）.xlsx',
      encoding: null,
      sheets: [
        {
          name: '実施状況',
          rows: [[], ['', '施策', ''], ['1', '"引用" \\ バックスラッシュ \\u0000 と改行\n\t', '𠮷野家 🍣', 'ﾊﾝｶｸ　全角空白', '\u2028\u2029']],
          merges: [{ top: 0, left: 0, bottom: 1, right: 2 }],
          problems: [{ row: 2, col: 3, kind: 'formula_without_value', detail: '=SUM(B2:B4)' }],
        },
        { name: 'メモ', rows: [], merges: [], problems: [{ row: 0, col: 0, kind: 'error_value', detail: '#N/A' }] },
      ],
    };
    const parsed = await parseUploadFile(await F.planXlsx(), '実施状況.xlsx');
    const sjis = await parseUploadFile(F.sjisCsv(), 'sjis.csv');
    for (const upload of [odd, parsed, sjis]) {
      const stored = await createUpload(scope(), { planId, createdBy: 'u-1', upload });
      expect(stored.upload).toStrictEqual(upload);
      const back = await findUpload(scope(), stored.id);
      expect(back!.upload).toStrictEqual(upload);
      expect(back).toMatchObject({ id: stored.id, municipalityId: m.id, planId, createdBy: 'u-1', cells: stored.cells });
      await deleteUpload(scope(), stored.id);
    }
  });

  it('stores U+0000 and unpaired surrogates (which jsonb refuses) as U+FFFD', async () => {
    const upload = grid(0, 'nul.txt');
    upload.sheets[0]!.rows = [['a\u0000b', 'x\uD800y', 'z\uDC00', '🍣']];
    const stored = await createUpload(scope(), { planId, createdBy: 'u-1', upload });
    const expected = [['a\uFFFDb', 'x\uFFFDy', 'z\uFFFD', '🍣']];
    expect(stored.upload.sheets[0]!.rows).toEqual(expected);
    expect((await findUpload(scope(), stored.id))!.upload.sheets[0]!.rows).toEqual(expected);
    await deleteUpload(scope(), stored.id);
  });

  it('expires an hour after the last use, belongs to one municipality, and drops the least recently used past the cap', async () => {
    const t = (ms: number) => new Date(Date.UTC(2000, 0, 1) + ms);
    const limits = { ttlMs: 1000, maxCells: 10 };
    const a = await createUpload(scope(), { planId, createdBy: 'u', upload: grid(4) }, t(0), limits);
    expect(a.expiresAt).toEqual(t(1000));
    expect(await findUpload(otherScope(), a.id, t(0), limits)).toBeNull();
    expect(await deleteUpload(otherScope(), a.id, t(0))).toBe(false);
    expect(await findUpload(scope(), a.id, t(900), limits)).not.toBeNull(); // sliding expiry
    const again = await findUpload(scope(), a.id, t(1800), limits);
    expect(again!.expiresAt).toEqual(t(2800));
    // another municipality's uploads neither count towards this one's cap nor are dropped by it
    const theirs = await createUpload(otherScope(), { planId: otherPlanId, createdBy: 'v', upload: grid(8) }, t(1800), limits);
    const b = await createUpload(scope(), { planId, createdBy: 'u', upload: grid(4) }, t(1900), limits);
    const c = await createUpload(scope(), { planId, createdBy: 'u', upload: grid(4) }, t(2000), limits); // 12 cells > 10: a goes
    expect(await findUpload(scope(), a.id, t(2000), limits)).toBeNull();
    expect(await findUpload(scope(), b.id, t(2050), limits)).not.toBeNull(); // b is now used more recently than c
    const d = await createUpload(scope(), { planId, createdBy: 'u', upload: grid(4) }, t(2100), limits); // c goes, not b
    expect(await findUpload(scope(), c.id, t(2100), limits)).toBeNull();
    expect(await findUpload(scope(), b.id, t(2100), limits)).not.toBeNull();
    expect(await findUpload(otherScope(), theirs.id, t(2100), limits)).not.toBeNull();
    // one upload over the cap on its own is kept
    const big = await createUpload(scope(), { planId, createdBy: 'u', upload: grid(11) }, t(2200), limits);
    expect(await findUpload(scope(), big.id, t(2200), limits)).not.toBeNull();
    expect(await findUpload(scope(), d.id, t(2200), limits)).toBeNull();
    expect(await findUpload(scope(), big.id, t(5000), limits)).toBeNull();
    await deleteUpload(scope(), big.id);
    await deleteUpload(scope(), b.id);
    await deleteUpload(otherScope(), theirs.id);
  });

  it('sweeps the expired uploads of every municipality and nothing else', async () => {
    // in the past: test files running alongside share the database, and their uploads expire later
    const t = (ms: number) => new Date(Date.UTC(2000, 0, 2) + ms);
    const limits = { ttlMs: 1000 };
    const mine = await createUpload(scope(), { planId, createdBy: 'u', upload: grid(1) }, t(0), limits);
    const theirs = await createUpload(otherScope(), { planId: otherPlanId, createdBy: 'v', upload: grid(1) }, t(0), limits);
    const live = await createUpload(scope(), { planId, createdBy: 'u', upload: grid(1) }, t(500), limits);
    expect(await sweepUploads(store.db, t(1200))).toBeGreaterThanOrEqual(2);
    const left = await store.db.select({ id: importUploads.id }).from(importUploads).where(inArray(importUploads.id, [mine.id, theirs.id, live.id]));
    const ids = new Set(left.map((r) => r.id));
    expect([ids.has(mine.id), ids.has(theirs.id), ids.has(live.id)]).toEqual([false, false, true]);
    expect(await deleteUpload(scope(), live.id, t(1200))).toBe(true);
    expect(await deleteUpload(scope(), live.id, t(1200))).toBe(false);
  });

  it('commits through a second app instance an upload made through the first; other municipalities get 404', async () => {
    // a second process: another app, and on PostgreSQL its own connection pool
    const second = kind === 'postgres' ? await openTestStore(kind) : store;
    try {
      const appA = createApp({ store });
      const appB = createApp({ store: second });
      const send = async (app: ReturnType<typeof createApp>, method: string, path: string, body?: unknown, code = m.code) => {
        const res = await app.request(`/api/m/${code}${path}`, {
          method,
          headers: { 'x-requested-with': 'gyokaku', ...(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
        });
        const text = await res.text();
        return { status: res.status, body: (text ? JSON.parse(text) : null) as unknown };
      };
      const form = new FormData();
      form.set('planId', planId);
      form.set('file', new File([new TextEncoder().encode('整理番号,施策,具体的な取組,担当課\n1,協働の推進,別のプロセスで取り込む取組,総務課\n')], 'multi.csv'));
      const up = await send(appA, 'POST', '/imports/uploads', form);
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      const u = up.body as ImportUploadDto;
      const rows = await store.db.select().from(importUploads).where(and(eq(importUploads.municipalityId, m.id), eq(importUploads.id, u.sessionId)));
      expect(rows.map((r) => [r.planId, r.cells])).toEqual([[planId, 8]]);

      // another municipality's staff, and a system administrator asking under another 団体コード
      const stranger: Actor = { id: 'u-other', name: '他市 事務局', role: 'secretariat', municipalityId: other.id, departmentIds: [] };
      const strangerApp = createApp({ store: second, resolveActor: () => stranger });
      expect((await send(strangerApp, 'GET', `/imports/uploads/${u.sessionId}`)).status).toBe(404);
      expect((await send(strangerApp, 'POST', `/imports/uploads/${u.sessionId}/commit`, { mapping: u.mapping, run: 'inline' })).status).toBe(404);
      for (const [method, path, body] of [
        ['GET', '', undefined],
        ['POST', '/dry-run', { mapping: u.mapping }],
        ['POST', '/commit', { mapping: u.mapping, run: 'inline' }],
        ['DELETE', '', undefined],
      ] as const) {
        const res = await send(appB, method, `/imports/uploads/${u.sessionId}${path}`, body, other.code);
        expect(res.status, `${method} ${path}`).toBe(404);
        expect((res.body as ApiErrorBody).error.message, `${method} ${path}`).toContain(GONE);
      }

      const dry = await send(appB, 'POST', `/imports/uploads/${u.sessionId}/dry-run`, { mapping: u.mapping });
      expect((dry.body as ImportDryRunDto).ok).toBe(true);
      const res = await send(appB, 'POST', `/imports/uploads/${u.sessionId}/commit`, { mapping: u.mapping, run: 'inline' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const job = (res.body as ImportCommitDto).job;
      expect(job.state, JSON.stringify(job.error)).toBe('done');
      const titles = await store.db.select({ title: planNodes.title }).from(planNodes).where(and(eq(planNodes.municipalityId, m.id), eq(planNodes.planId, planId)));
      expect(titles.map((t) => t.title)).toContain('別のプロセスで取り込む取組');

      // the commit took the upload with it: both instances answer that it is gone, and nothing is left in the table
      for (const app of [appA, appB]) {
        const gone = await send(app, 'GET', `/imports/uploads/${u.sessionId}`);
        expect(gone.status).toBe(404);
        expect((gone.body as ApiErrorBody).error.message).toContain(GONE);
      }
      const again = await send(appA, 'POST', `/imports/uploads/${u.sessionId}/commit`, { mapping: u.mapping, run: 'inline' });
      expect(again.status).toBe(404);
      expect(await store.db.select().from(importUploads).where(and(eq(importUploads.municipalityId, m.id), eq(importUploads.id, u.sessionId)))).toEqual([]);
      expect((await send(appB, 'DELETE', `/imports/uploads/${u.sessionId}`)).status).toBe(404);
    } finally {
      if (second !== store) await second.close();
    }
  });

  it('keeps the upload when the commit is refused, and cancelling removes it', async () => {
    const app = createApp({ store });
    const send = async (method: string, path: string, body?: unknown) => {
      const res = await app.request(`/api/m/${m.code}${path}`, {
        method,
        headers: { 'x-requested-with': 'gyokaku', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as unknown };
    };
    // 担当課 that matches no 課: the dry run has an error, so the commit is refused
    const up = await send('POST', '/imports/uploads', { planId, text: '整理番号\t具体的な取組\t担当課\n1\t拒まれる取組\t存在しない課' });
    expect(up.status).toBe(201);
    const u = up.body as ImportUploadDto;
    const refused = await send('POST', `/imports/uploads/${u.sessionId}/commit`, { mapping: u.mapping, run: 'inline' });
    expect(refused.status).toBe(422);
    expect((await send('GET', `/imports/uploads/${u.sessionId}`)).status).toBe(200);
    expect((await send('DELETE', `/imports/uploads/${u.sessionId}`)).status).toBe(204);
    const gone = await send('GET', `/imports/uploads/${u.sessionId}`);
    expect(gone.status).toBe(404);
    expect((gone.body as ApiErrorBody).error.message).toContain(GONE);
  });

  it('answers an expired upload with the same message', async () => {
    const app = createApp({ store });
    const res = await app.request(`/api/m/${m.code}/imports/uploads`, {
      method: 'POST',
      headers: { 'x-requested-with': 'gyokaku', 'content-type': 'application/json' },
      body: JSON.stringify({ planId, text: '整理番号\t具体的な取組\n1\t期限切れの取組' }),
    });
    expect(res.status).toBe(201);
    const u = (await res.json()) as ImportUploadDto;
    await store.db
      .update(importUploads)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(importUploads.municipalityId, m.id), eq(importUploads.id, u.sessionId)));
    const gone = await app.request(`/api/m/${m.code}/imports/uploads/${u.sessionId}`, { headers: { 'x-requested-with': 'gyokaku' } });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as ApiErrorBody).error.message).toContain(GONE);
  });
});
