/**
 * Computed views over HTTP on both databases, on the fixture of
 * tests/support/pdcaFixtures.ts whose figures are worked out by hand there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import { type Actor } from '../../src/modules/access/domain/policy.js';
import { loadRoundData } from '../../src/modules/pdca/views/queries/load.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type {
  ChangeViewDto,
  CompletionViewDto,
  IdCountDto,
  NodeProgressDto,
  OverdueViewDto,
  ScheduledViewDto,
  StatusByDepartmentDto,
  StatusByGroupDto,
} from '../../src/shared/api-types-views.js';
import { buildPdcaFixture, type PdcaFixture } from '../support/pdcaFixtures.js';
import { TestActors } from '../support/actors.js';
import { backends, openTestStore } from '../support/stores.js';

describe.each(backends())('PDCA views on %s', (kind) => {
  let store: Store;
  let f: PdcaFixture;
  let other: PdcaFixture;
  let app: ReturnType<typeof createApp>;
  const actors = new TestActors();

  const get = async <T>(path: string, as?: Actor) => {
    const headers = actors.headers(as);
    const res = await app.request(path, { headers });
    return { status: res.status, body: (await res.json()) as T };
  };
  const round = (path: string, id: string = f.rounds.R2) => `/api/m/${f.municipality.code}/rounds/${id}/views/${path}`;
  /** node ids → fixture names, for readable expectations */
  const names = (ids: string[]) => ids.map((id) => Object.entries(f.nodes).find(([, v]) => v === id)?.[0] ?? id);
  const ids = (c: IdCountDto) => {
    expect(c.count).toBe(c.nodeIds.length);
    return names(c.nodeIds);
  };

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildPdcaFixture(store, 'ビュー市');
    other = await buildPdcaFixture(store, '別の市');
    app = createApp({ store, resolveActor: actors.resolveActor });
  });
  afterAll(() => store.close());

  it('lists the ● items of the target fiscal year with their phase and this round’s answer', async () => {
    const r = await get<ScheduledViewDto>(round('scheduled'));
    expect(r.status).toBe(200);
    expect(r.body.round).toMatchObject({ label: '令和7年度実績', state: 'open', stateLabel: '照会中', targetFiscalYear: { year: 2025, label: '令和7年度', short: 'R7' } });
    expect(ids(r.body.total)).toEqual(['A1', 'A3', 'A4']);
    expect(r.body.rows.map((x) => [names([x.nodeId])[0], x.phase.label, x.answer?.symbol ?? null])).toEqual([
      ['A1', '実施', '○'],
      ['A3', '実施', '△'],
      ['A4', '継続', null], // a draft does not count under the default basis
    ]);
    expect(names(r.body.nodes.map((n) => n.id))).toEqual(['A1', 'A3', 'A4']);
    const a1 = r.body.nodes[0]!;
    expect(a1.path.map((p) => p.levelName)).toEqual(['重点項目', '施策']);
    expect(a1.leadDepartment?.name).toBe('総務課');
    expect(a1.departments.map((d) => [d.name, d.lead])).toEqual([
      ['総務課', true],
      ['財政課', false],
    ]);
    const all = await get<ScheduledViewDto>(`${round('scheduled')}?basis=all`);
    expect(all.body.rows[2]!.answer).toMatchObject({ symbol: '△', reportState: 'draft' });
  });

  it('finds overdue items: scheduled earlier, latest answer (this round or the latest earlier one) not done', async () => {
    const r = await get<OverdueViewDto>(round('overdue'));
    expect(r.status).toBe(200);
    expect(ids(r.body.total)).toEqual(['A2', 'A4', 'A8']);
    const row = (name: string) => r.body.rows.find((x) => names([x.nodeId])[0] === name)!;
    expect(row('A2').latest).toMatchObject({ roundLabel: '令和7年度実績', symbol: '△' });
    // A4's draft in R2 does not count; RQ has no answer; R1 said ×
    expect(row('A4').latest).toMatchObject({ roundLabel: '令和6年度実績', symbol: '×', reportState: 'accepted' });
    expect(row('A4').scheduledYears).toEqual([{ year: 2024, label: '令和6年度', short: 'R6', phase: 'jisshi' }]);
    expect(row('A8').latest).toBeNull();
    // A6 was stopped before FY2025: not asked, not overdue; A1/A7 are done
  });

  it('counts by status per 施策 (default depth) and per 重点項目, each count with its ids', async () => {
    const r = await get<StatusByGroupDto>(round('status-by-group'));
    expect(r.status).toBe(200);
    expect(r.body.depth).toBe(1);
    expect(r.body.levelName).toBe('施策');
    expect(r.body.statuses.map((s) => s.symbol)).toEqual(['○', '△', '×', '－', '未回答']);
    const table = (dto: StatusByGroupDto | StatusByDepartmentDto) =>
      Object.fromEntries([...dto.rows, dto.total].map((row) => [row.label, Object.fromEntries(row.cells.filter((c) => c.count).map((c) => [c.code ?? '未回答', ids(c)]))]));
    expect(table(r.body)).toEqual({
      事務事業の見直し: { done: ['A1'], partial: ['A2'] },
      歳入の確保: { done: ['A7'], partial: ['A3'] },
      窓口サービスの改善: { 未回答: ['A4', 'A5', 'A8'] },
      合計: { done: ['A1', 'A7'], partial: ['A2', 'A3'], 未回答: ['A4', 'A5', 'A8'] },
    });
    expect(r.body.rows.map((x) => x.number)).toEqual(['(1)', '(2)', '(1)']);
    expect(ids(r.body.total.total)).toEqual(['A1', 'A2', 'A3', 'A7', 'A4', 'A5', 'A8']);

    const top = await get<StatusByGroupDto>(`${round('status-by-group')}?depth=0`);
    expect(top.body.levelName).toBe('重点項目');
    expect(table(top.body)).toMatchObject({
      持続可能な行財政運営: { done: ['A1', 'A7'], partial: ['A2', 'A3'] },
      市民サービスの向上: { 未回答: ['A4', 'A5', 'A8'] },
    });

    const sched = await get<StatusByGroupDto>(`${round('status-by-group')}?scheduledOnly=true`);
    expect(ids(sched.body.total.total)).toEqual(['A1', 'A3', 'A4']);

    const bad = await get<ApiErrorBody>(`${round('status-by-group')}?depth=7`);
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain('階層 7 はこの計画にありません');
    const notNumber = await get<ApiErrorBody>(`${round('status-by-group')}?depth=x`);
    expect(notNumber.status).toBe(422);
    expect(notNumber.body.error.fields![0]!.message).toContain('数値');
  });

  it('counts by status per lead department, and with co-owners', async () => {
    const r = await get<StatusByDepartmentDto>(round('status-by-department'));
    expect(r.status).toBe(200);
    const rows = (dto: StatusByDepartmentDto) => dto.rows.map((row) => [row.label, ids(row.total)]);
    expect(rows(r.body)).toEqual([
      ['総務課', ['A1', 'A7', 'A4']],
      ['財政課', ['A2', 'A5']],
      ['企画課', ['A3', 'A8']],
    ]);
    expect(ids(r.body.rows[0]!.cells.find((c) => c.code === 'done')!)).toEqual(['A1', 'A7']);
    const co = await get<StatusByDepartmentDto>(`${round('status-by-department')}?coOwners=true`);
    expect(co.body.coOwners).toBe(true);
    expect(rows(co.body)).toEqual([
      ['総務課', ['A1', 'A7', 'A4', 'A5']],
      ['財政課', ['A1', 'A2', 'A5']],
      ['企画課', ['A3', 'A8']],
    ]);
    expect(co.body.total.total.count).toBe(7);
  });

  it('compares with the previous round (rounds.previous_round_id): now / before / 増減 and the changed items', async () => {
    const r = await get<ChangeViewDto>(round('change'));
    expect(r.status).toBe(200);
    expect(r.body.previousRound.label).toBe('令和6年度実績'); // R1, not the later RQ
    expect(r.body.rows.map((x) => [x.code, ids(x.now), ids(x.before), x.delta])).toEqual([
      ['done', ['A1', 'A7'], ['A1', 'A6'], 0],
      ['partial', ['A2', 'A3'], ['A2'], 1],
      ['not_done', [], ['A7', 'A4'], -2],
      ['later', [], ['A3'], -1],
      [null, ['A4', 'A5', 'A8'], ['A5', 'A8'], 1],
    ]);
    expect(r.body.total).toMatchObject({ now: { count: 7 }, before: { count: 8 }, delta: -1 }); // A6 was asked in R1 only
    expect(r.body.changed.map((c) => [names([c.nodeId])[0], c.before?.symbol ?? null, c.after?.symbol ?? null, c.inBefore, c.inNow])).toEqual([
      ['A3', '－', '△', true, true],
      ['A7', '×', '○', true, true],
      ['A4', '×', null, true, true],
      ['A6', '○', null, true, false],
    ]);
    const first = await get<ApiErrorBody>(round('change', f.rounds.R1));
    expect(first.status).toBe(422);
    expect(first.body.error.message).toBe('この照会には前回の照会が設定されていないため、増減を計算できません。');
  });

  it('shows the completion of submissions per department', async () => {
    const r = await get<CompletionViewDto>(round('completion'));
    expect(r.status).toBe(200);
    expect(r.body.deadline).toMatchObject({ date: f.deadline, daysLeft: 7, overdue: false, text: 'あと7日' });
    const row = (x: CompletionViewDto['total']) => [x.department?.name ?? '合計', ids(x.items), ids(x.submitted), ids(x.accepted), ids(x.notYet), x.percent];
    expect([...r.body.rows, r.body.total].map(row)).toEqual([
      ['総務課', ['A1', 'A7', 'A4'], ['A1', 'A7'], ['A7'], ['A4'], 66],
      ['財政課', ['A2', 'A5'], ['A2'], [], ['A5'], 50],
      ['企画課', ['A3', 'A8'], ['A3'], ['A3'], ['A8'], 50],
      ['合計', ['A1', 'A2', 'A3', 'A7', 'A4', 'A5', 'A8'], ['A1', 'A2', 'A3', 'A7'], ['A3', 'A7'], ['A4', 'A5', 'A8'], 57],
    ]);
  });

  it('shows an item’s status for every fiscal year and every past answer', async () => {
    const r = await get<NodeProgressDto>(`/api/m/${f.municipality.code}/plans/${f.planId}/nodes/${f.nodes.A7}/progress`);
    expect(r.status).toBe(200);
    expect(r.body.node.title).toBe('使用料・手数料の見直し');
    expect(r.body.fiscalYears.map((y) => [y.short, y.phase, y.status?.symbol ?? null, y.status?.roundLabel ?? null, y.provisional])).toEqual([
      ['R6', 'jisshi', '×', '令和6年度実績', false],
      ['R7', null, '△', '令和7年度第2四半期', false], // the closed RQ wins over the open R2
      ['R8', null, null, null, false],
      ['R9', null, null, null, false],
    ]);
    expect(r.body.answers.map((a) => [a.round.label, a.state, a.status?.symbol])).toEqual([
      ['令和7年度実績', 'accepted', '○'],
      ['令和7年度第2四半期', 'accepted', '△'],
      ['令和6年度実績', 'submitted', '×'],
    ]);
    const latest = r.body.answers[0]!;
    expect(latest).toMatchObject({ narrative: '使用料を改定し、令和7年10月から施行した', effectRevenueYen: 12_345_678, hoursSavedTenths: 125, submittedAt: '2026-04-10T01:00:00.000Z' });
    expect(latest.events.map((e) => [e.actionLabel, e.toState, e.comment])).toEqual([
      ['提出', 'submitted', ''],
      ['承認', 'approved', ''],
      ['確認', 'accepted', '確認しました'],
    ]);
    expect(r.body.answers[2]!.issues).toBe('料金改定の調整に時間を要した');

    const a3 = await get<NodeProgressDto>(`/api/m/${f.municipality.code}/plans/${f.planId}/nodes/${f.nodes.A3}/progress`);
    expect(a3.body.fiscalYears.slice(0, 2).map((y) => [y.status?.symbol ?? null, y.provisional])).toEqual([
      ['－', false],
      ['△', true], // no answer in the closed RQ: the open R2's, marked provisional
    ]);
  });

  it('reads the default legend when the plan has none saved', async () => {
    const bare = await buildPdcaFixture(store, '凡例なし市', { withLegend: false });
    const r = await get<StatusByGroupDto>(`/api/m/${bare.municipality.code}/rounds/${bare.rounds.R2}/views/status-by-group`);
    expect(r.body.legend?.name).toBe('取組状況（○△×－）');
    expect(r.body.statuses.map((s) => s.symbol)).toEqual(['○', '△', '×', '－', '未回答']);
  });

  it('lets every role of the municipality read the views; another municipality’s user gets 404', async () => {
    const m = f.municipality.id;
    for (const role of ['secretariat', 'viewer', 'council', 'dept_reporter', 'dept_approver'] as const) {
      const r = await get<CompletionViewDto>(round('completion'), { id: f.users.aoki, name: 'x', role, municipalityId: m, departmentIds: [] });
      expect(r.status, role).toBe(200);
    }
    const outsider = await get<ApiErrorBody>(round('completion'), { id: other.users.aoki, name: 'x', role: 'secretariat', municipalityId: other.municipality.id, departmentIds: [] });
    expect(outsider.status).toBe(404);
  });

  it('documents its routes in /api/openapi.json', async () => {
    const doc = await get<{ paths: Record<string, Record<string, { summary: string }>> }>('/api/openapi.json');
    for (const v of ['scheduled', 'overdue', 'status-by-group', 'status-by-department', 'change', 'completion']) {
      expect(doc.body.paths[`/api/m/{code}/rounds/{roundId}/views/${v}`]?.get?.summary, v).toBeTruthy();
    }
    expect(doc.body.paths['/api/m/{code}/plans/{planId}/nodes/{nodeId}/progress']?.get).toBeTruthy();
  });

  it('never reaches another municipality’s rows (404), and malformed ids are 404 too', async () => {
    const code = f.municipality.code;
    for (const v of ['scheduled', 'overdue', 'status-by-group', 'status-by-department', 'change', 'completion']) {
      const r = await get<ApiErrorBody>(round(v, other.rounds.R2));
      expect(r.status, v).toBe(404);
      expect(r.body.error.message).toBe('照会が見つかりません。');
    }
    const p = await get<ApiErrorBody>(`/api/m/${code}/plans/${other.planId}/nodes/${other.nodes.A7}/progress`);
    expect(p.status).toBe(404);
    const crossed = await get<ApiErrorBody>(`/api/m/${code}/plans/${f.planId}/nodes/${other.nodes.A7}/progress`);
    expect(crossed.status).toBe(404);
    expect(crossed.body.error.message).toBe('項目が見つかりません。');
    expect((await get<ApiErrorBody>(round('overdue', 'not-a-uuid'))).status).toBe(404);
    // the loader itself, called with A's scope and B's round
    await expect(loadRoundData({ db: store.db, municipalityId: f.municipality.id }, other.rounds.R2)).rejects.toMatchObject({ status: 404 });
  });
});
