/**
 * Round trip: seed 001 → import (pasted text, with the user's decisions, as in imports-seed.test.ts)
 * → the published progress table of the 令和4年度末見込み round (.xlsx, the export a secretariat
 * downloads: title, ● legend and status legend lines above a two-row header, 施策 cells merged
 * over their items, schedule R1–R5 and status R1–R4 one column per fiscal year, the ● fills)
 * → imported through the same upload → proposed mapping → dry run → commit routes into a fresh
 * plan of another municipality set up the same way — with the proposed mapping as it comes, no
 * column fixed by hand, no correction — → both plans hold the same data: groups in order and, by
 * 整理番号, title, group, description, 担当課 in order, schedule per fiscal year, status per fiscal
 * year, narratives per fiscal year and the printed revision marks.
 *
 * What the table carries and how it comes back:
 *   - statuses of R1–R3 come from the history columns; the round's own status (R4) is the last
 *     history column, its narrative the 取組状況 column (the earlier rounds have no narrative: the
 *     seed prints the R4 one only, so nothing is lost);
 *   - 【R2年度追加項目】 / 【R2年度改訂】 are printed after the title and become the same 変更調書 marks;
 *   - 担当課 are printed one per line, lead first;
 *   - round labels and as-of dates are not in the table: the importer proposes 令和元年度実績 … and,
 *     because the header says 見込み, 令和4年度末見込み — the same labels, with year-end as-of dates.
 * Nothing of the compared data is lost.
 *
 * A layout with every column the exporter knows reads back the same way: 課題 and 今後の取組 are proposed
 * as such; the round's own 進捗状況 column (the same answer as the history's last year) is left out
 * rather than reading one year twice; 達成度 (a second legend axis, which the importer has no role for)
 * is left out. Re-importing the table into the plan it came from changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import { rounds } from '../../src/db/schema.js';
import type { ImportCommitDto, ImportCommitResultDto, ImportUploadDto } from '../../src/shared/api-types-imports.js';
import { api, readPlan, seed001, seed001Decisions, setUpAraoPlan, type PlanData } from '../support/seed001.js';
import { backends, createTestMunicipality, openTestStore } from '../support/stores.js';

describe.each(backends())('seed 001 → import → progress table .xlsx → import on %s', (kind) => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let first: { id: string; code: string };
  let second: { id: string; code: string };
  let firstPlan: string;
  let secondPlan: string;
  let xlsx: ArrayBuffer;
  let upload: ImportUploadDto;

  const commit = async (code: string, sessionId: string, mapping: unknown) => {
    const res = await api(app, code)<ImportCommitDto>('POST', `/imports/uploads/${sessionId}/commit`, { mapping });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.job.state, JSON.stringify(res.body.job.error)).toBe('done');
    return res.body.job.result as ImportCommitResultDto;
  };

  beforeAll(async () => {
    store = await openTestStore(kind);
    app = createApp({ store });
    first = await createTestMunicipality(store.db, '荒尾市（往路）');
    second = await createTestMunicipality(store.db, '荒尾市（復路）');
    firstPlan = await setUpAraoPlan(store, first.id, { departments: true });
    secondPlan = await setUpAraoPlan(store, second.id, { departments: true });

    const call = api(app, first.code);
    const up = await call<ImportUploadDto>('POST', '/imports/uploads', { planId: firstPlan, text: seed001 });
    expect(up.status).toBe(201);
    await commit(first.code, up.body.sessionId, seed001Decisions(up.body.mapping!, up.body.dryRun!));

    const [r4] = await store.db
      .select({ id: rounds.id })
      .from(rounds)
      .where(and(eq(rounds.municipalityId, first.id), eq(rounds.planId, firstPlan), eq(rounds.targetFiscalYear, 2022)));
    const res = await app.request(`/api/m/${first.code}/rounds/${r4!.id}/exports/progress.xlsx`);
    expect(res.status).toBe(200);
    xlsx = await res.arrayBuffer();

    const form = new FormData();
    form.set('planId', secondPlan);
    form.set('file', new File([xlsx], '令和4年度末見込み_実施状況.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
    const back = await app.request(`/api/m/${second.code}/imports/uploads`, { method: 'POST', headers: { 'x-requested-with': 'gyokaku' }, body: form });
    expect(back.status).toBe(201);
    upload = (await back.json()) as ImportUploadDto;
  });
  afterAll(() => store.close());

  it('proposes a mapping for its own export that needs no fixing: header rows 4–5 under the title and legend lines', () => {
    const cols = upload.mapping!.columns.map((c) => `${upload.header!.columns[c.index]!.label}=${c.role.kind}${'fiscalYear' in c.role && c.role.fiscalYear ? c.role.fiscalYear : ''}`);
    expect(upload.header!.rows).toEqual([4, 5]);
    expect(cols).toEqual([
      '整理番号=number',
      '施策=level',
      '具体的な取組=title',
      '事業概要=description',
      'スケジュール R1=schedule2019',
      'スケジュール R2=schedule2020',
      'スケジュール R3=schedule2021',
      'スケジュール R4=schedule2022',
      'スケジュール R5=schedule2023',
      '取組状況（R4年度末見込み）=narrative2022',
      '取組状況（年度末時点） R1=status2019',
      '取組状況（年度末時点） R2=status2020',
      '取組状況（年度末時点） R3=status2021',
      '取組状況（年度末時点） R4=status2022',
      '担当課=departments',
    ]);
    expect(upload.header!.legend.map((l) => l.mark)).toEqual(['○', '△', '×', '－']);
    expect(upload.mapping!.rounds.map((r) => r.label)).toEqual(['令和元年度実績', '令和2年度実績', '令和3年度実績', '令和4年度末見込み']);
    // no error, nothing to look at: merged 施策 cells are "same as above", not a warning
    expect(upload.dryRun!.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(upload.dryRun!.counts.itemsCreate).toBe(35);
  });

  it('imports the table back into a fresh plan: the same data, the same rounds', async () => {
    const result = await commit(second.code, upload.sessionId, upload.mapping);
    expect(result.itemsCreated).toBe(35);
    const a: PlanData = await readPlan(app, store, first, firstPlan);
    const b: PlanData = await readPlan(app, store, second, secondPlan);
    expect(a.items.size).toBe(35);
    expect(b.groups).toEqual(a.groups);
    expect([...b.items.keys()]).toEqual([...a.items.keys()]);
    for (const [number, item] of a.items) expect(b.items.get(number), `整理番号${number}`).toEqual(item);
    const roundsOf = (m: { id: string }, planId: string) =>
      store.db
        .select({ label: rounds.label, asOfDate: rounds.asOfDate, fy: rounds.targetFiscalYear, state: rounds.state })
        .from(rounds)
        .where(and(eq(rounds.municipalityId, m.id), eq(rounds.planId, planId)))
        .orderBy(rounds.asOfDate);
    expect(await roundsOf(second, secondPlan)).toEqual(await roundsOf(first, firstPlan));
  });

  it('reads back a layout with every column the exporter prints (課題, 今後の取組, the round’s own 進捗状況 and 達成度 too)', async () => {
    const call = api(app, first.code);
    const current = await call<{ version: number; layout: Record<string, unknown> }>('GET', `/plans/${firstPlan}/export-layout`);
    const kinds = ['number', 'level', 'title', 'description', 'schedule', 'narrative', 'issues', 'nextPlan', 'status', 'achievement', 'statusHistory', 'departments'];
    const put = await call('PUT', `/plans/${firstPlan}/export-layout`, {
      version: current.body.version,
      layout: { ...current.body.layout, columns: kinds.map((kind) => (kind === 'level' ? { kind, depth: 0 } : { kind })) },
    });
    expect(put.status).toBe(200);
    const third = await createTestMunicipality(store.db, '荒尾市（全列）');
    const thirdPlan = await setUpAraoPlan(store, third.id, { departments: true });
    const [r4] = await store.db
      .select({ id: rounds.id })
      .from(rounds)
      .where(and(eq(rounds.municipalityId, first.id), eq(rounds.planId, firstPlan), eq(rounds.targetFiscalYear, 2022)));
    const file = await app.request(`/api/m/${first.code}/rounds/${r4!.id}/exports/progress.xlsx`);
    expect(file.status).toBe(200);
    const form = new FormData();
    form.set('planId', thirdPlan);
    form.set('file', new File([await file.arrayBuffer()], '令和4年度末見込み_実施状況.xlsx'));
    const res = await app.request(`/api/m/${third.code}/imports/uploads`, { method: 'POST', headers: { 'x-requested-with': 'gyokaku' }, body: form });
    expect(res.status).toBe(201);
    const u = (await res.json()) as ImportUploadDto;
    const roles = u.mapping!.columns.map((c) => `${u.header!.columns[c.index]!.label}=${c.role.kind}${'fiscalYear' in c.role && c.role.fiscalYear ? c.role.fiscalYear : ''}`);
    expect(roles.slice(9, 14)).toEqual([
      '取組状況（R4年度末見込み）=narrative2022',
      '課題=issues',
      '今後の取組=nextPlan',
      // the same answer as the history's R4 column: read from there
      '進捗状況（R4年度末見込み）=ignore',
      // the second legend axis has no column role
      '達成度（R4年度末見込み）=ignore',
    ]);
    expect(u.dryRun!.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    await commit(third.code, u.sessionId, u.mapping);
    const a = await readPlan(app, store, first, firstPlan);
    const c = await readPlan(app, store, third, thirdPlan);
    expect(c.groups).toEqual(a.groups);
    expect([...c.items.entries()]).toEqual([...a.items.entries()]);
  });

  it('reads back into the plan it came from as nothing to change', async () => {
    const form = new FormData();
    form.set('planId', firstPlan);
    form.set('file', new File([xlsx], '令和4年度末見込み_実施状況.xlsx'));
    const res = await app.request(`/api/m/${first.code}/imports/uploads`, { method: 'POST', headers: { 'x-requested-with': 'gyokaku' }, body: form });
    expect(res.status).toBe(201);
    const again = (await res.json()) as ImportUploadDto;
    expect(again.dryRun!.counts).toMatchObject({ itemsCreate: 0, itemsUpdate: 0, itemsUnchanged: 35, groupsCreate: 0, roundsCreate: 0, roundsSkip: 4, errors: 0 });
  });
});
