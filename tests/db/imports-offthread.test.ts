/**
 * The import's work off the server's thread: the plan's data as the workers get it (nodes as JSON text
 * built by the database) is the same context the dry run always read; a commit prepared before its
 * transaction is checked inside it and built again when the plan changed in between (never writing a
 * stale plan), or refused with 409 when the table no longer fits; nothing is half-written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import { importUploads, planNodes } from '../../src/db/schema.js';
import { createDepartment } from '../../src/modules/departments/commands/departments.js';
import { commitPreparedImport, prepareImport } from '../../src/modules/imports/commands/commitImport.js';
import { contextFromData } from '../../src/modules/imports/domain/contextData.js';
import type { ImportMapping } from '../../src/modules/imports/domain/mapping.js';
import { loadImportContext } from '../../src/modules/imports/queries/context.js';
import { loadImportContextData } from '../../src/modules/imports/queries/contextData.js';
import { contextFingerprint } from '../../src/modules/imports/queries/fingerprint.js';
import { findUploadJson } from '../../src/modules/imports/uploads.js';
import { saveLegends } from '../../src/modules/pdca/commands/legends.js';
import { createNode } from '../../src/modules/plans/commands/nodes.js';
import { createPlan } from '../../src/modules/plans/commands/plans.js';
import type { ImportUploadDto } from '../../src/shared/api-types-imports.js';
import { AppError } from '../../src/shared/errors.js';
import * as F from '../fixtures/imports/make.js';
import { backends, createTestMunicipality, openTestStore, run } from '../support/stores.js';

describe.each(backends())('imports prepared off the event loop on %s', (kind) => {
  let store: Store;
  let m: { id: string; code: string };
  let app: ReturnType<typeof createApp>;
  const scope = () => ({ db: store.db, municipalityId: m.id });

  const mkPlan = (title: string) =>
    run(store, m.id, async (ctx) => {
      const plan = await createPlan(ctx, { kind: '実行計画', title, firstFiscalYear: 2019, lastFiscalYear: 2023, levelNames: ['施策', '具体的な取組'], stages: [{ stage: '決定', date: '2019-04-01' }] });
      await saveLegends(ctx, plan.id, { status: { version: 0, preset: 'maru-sankaku' } });
      return plan.id;
    });
  const upload = async (bytes: Uint8Array, name: string, planId: string) => {
    const form = new FormData();
    form.set('planId', planId);
    form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
    const res = await app.request(`/api/m/${m.code}/imports/uploads`, { method: 'POST', headers: { 'x-requested-with': 'gyokaku' }, body: form });
    const body = (await res.json()) as ImportUploadDto;
    expect(res.status, JSON.stringify(body).slice(0, 400)).toBe(201);
    return body;
  };
  const commitNow = async (sessionId: string, mapping: unknown) => {
    const res = await app.request(`/api/m/${m.code}/imports/uploads/${sessionId}/commit`, {
      method: 'POST',
      headers: { 'x-requested-with': 'gyokaku', 'content-type': 'application/json' },
      body: JSON.stringify({ mapping, run: 'inline' }),
    });
    expect(res.status).toBe(200);
  };
  const nodesOf = (planId: string) =>
    store.db.select({ number: planNodes.number, title: planNodes.title, isAction: planNodes.isAction }).from(planNodes).where(and(eq(planNodes.municipalityId, m.id), eq(planNodes.planId, planId)));

  beforeAll(async () => {
    store = await openTestStore(kind);
    m = await createTestMunicipality(store.db, '準備市');
    app = createApp({ store });
    await run(store, m.id, async (ctx) => {
      for (const name of ['総務課', '財政課', '企画政策課', '保健・福祉課', '市民課']) await createDepartment(ctx, { name, kind: '課' });
    });
  });
  afterAll(() => store.close());

  it('gives the workers the same context the dry run reads: nodes, departments in order, schedules, marks, latest change', async () => {
    const planId = await mkPlan('同じ内容の計画');
    const u = await upload(await F.planXlsx(), '実施状況.xlsx', planId);
    await commitNow(u.sessionId, u.mapping);
    const next = await upload(await F.planXlsx('next'), '実施状況（翌年度）.xlsx', planId);
    await commitNow(next.sessionId, next.mapping);

    const rows = await loadImportContext(scope(), planId, '2024-05-01');
    const data = await loadImportContextData(scope(), planId, '2024-05-01');
    expect(typeof data.nodesJson).toBe('string');
    const fromJson = contextFromData(data);
    const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect(rows.nodes.length).toBeGreaterThan(8);
    // the fixture gives items several 担当課, schedules over five years and changes on several dates
    expect(rows.nodes.some((n) => n.departments.length > 1 && Object.keys(n.schedule).length >= 5 && n.lastChangeDate)).toBe(true);
    expect(byId(fromJson.nodes)).toStrictEqual(byId(rows.nodes));
    expect({ ...fromJson, nodes: [] }).toStrictEqual({ ...rows, nodes: [] });
  });

  it('builds a prepared commit again when the plan changed before its transaction, so nothing is created twice', async () => {
    const planId = await mkPlan('準備のあとで変わる計画');
    const csv = (rows: string) => new TextEncoder().encode(`整理番号,施策,具体的な取組\n${rows}`);
    const a = await upload(csv('1,協働の推進,窓口の見直し\n2,協働の推進,研修の充実\n'), 'a.csv', planId);
    const b = await upload(csv('1,協働の推進,窓口の見直し\n2,協働の推進,研修の充実\n'), 'b.csv', planId);
    // b is prepared against the empty plan: it would create both items
    const session = (await findUploadJson(scope(), b.sessionId))!;
    const mapping = b.mapping as ImportMapping;
    const ready = await prepareImport(scope(), planId, session.json, mapping);
    if ('issues' in ready) throw new Error(JSON.stringify(ready.issues));
    expect(ready.prepared.plan.items.map((i) => i.action)).toEqual(['create', 'create']);
    // meanwhile a commits the same items
    await commitNow(a.sessionId, a.mapping);
    expect(await contextFingerprint(scope(), planId)).not.toBe(ready.fingerprint);

    const result = await run(store, m.id, (ctx) => commitPreparedImport(ctx, { planId, mapping, uploadJson: session.json, ready }));
    expect([result.itemsCreated, result.itemsUnchanged, result.groupsCreated]).toEqual([0, 2, 0]);
    const nodes = await nodesOf(planId);
    expect(nodes.filter((n) => n.isAction).map((n) => n.number).sort()).toEqual(['1', '2']);
    expect(nodes.filter((n) => !n.isAction).map((n) => n.title)).toEqual(['協働の推進']);
  });

  it('refuses with 409 and writes nothing when, after the preparation, the plan no longer takes the table', async () => {
    const planId = await mkPlan('準備のあとで項目が変わる計画');
    const csv = (rows: string) => new TextEncoder().encode(`整理番号,施策,具体的な取組\n${rows}`);
    const first = await upload(csv('1,協働の推進,窓口の見直し\n'), 'first.csv', planId);
    await commitNow(first.sessionId, first.mapping);
    const b = await upload(csv('1,協働の推進,窓口の見直し\n2,協働の推進,研修の充実\n'), 'b.csv', planId);
    const session = (await findUploadJson(scope(), b.sessionId))!;
    const mapping = b.mapping as ImportMapping;
    const ready = await prepareImport(scope(), planId, session.json, mapping);
    if ('issues' in ready) throw new Error(JSON.stringify(ready.issues));
    const before = await contextFingerprint(scope(), planId);
    expect(before).toBe(ready.fingerprint);

    // meanwhile someone adds a second item numbered 1: row 1 of the table no longer says which item it is
    const [group] = await store.db.select().from(planNodes).where(and(eq(planNodes.municipalityId, m.id), eq(planNodes.planId, planId), eq(planNodes.isAction, false)));
    await run(store, m.id, (ctx) => createNode(ctx, planId, { parentId: group!.id, number: '1', title: '別の取組', isAction: true, change: { kind: 'added', effectiveDate: '2024-04-01' } }));
    expect(await contextFingerprint(scope(), planId)).not.toBe(before);

    const nodesBefore = await nodesOf(planId);
    const err = await run(store, m.id, (ctx) => commitPreparedImport(ctx, { planId, mapping, uploadJson: session.json, ready })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(409);
    expect((err as AppError).message).toBe(
      '取込みの確認のあとで計画が変更され、この表はそのままでは取り込めなくなりました。何も保存していません。もう一度確認してから実行してください。エラー1件、1件目: 2行目・A列（整理番号）: 計画には整理番号「1」の項目が2件あります（「窓口の見直し」「別の取組」）。計画の整理番号を直してから取り込んでください。',
    );
    expect(await nodesOf(planId)).toEqual(nodesBefore);
    expect(await store.db.select({ id: importUploads.id }).from(importUploads).where(and(eq(importUploads.municipalityId, m.id), eq(importUploads.id, b.sessionId)))).toHaveLength(1);
  });

  it('keeps the routes’ answers as before: the dry run and the proposal are computed in a worker and sent as JSON', async () => {
    const planId = await mkPlan('応答の計画');
    const u = await upload(await F.planXlsx(), '実施状況.xlsx', planId);
    expect(u.dryRun?.ok).toBe(true);
    expect(u.dryRun?.counts.itemsCreate).toBe(7);
    const res = await app.request(`/api/m/${m.code}/imports/uploads/${u.sessionId}/dry-run`, {
      method: 'POST',
      headers: { 'x-requested-with': 'gyokaku', 'content-type': 'application/json' },
      body: JSON.stringify({ mapping: u.mapping }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toStrictEqual(u.dryRun);
  });
});
