/**
 * Legends and rounds (照会) over HTTP on PGlite and PostgreSQL: defaults and
 * presets, validation, opening creates the reports in scope, close / reopen,
 * and who may do what (office only; other municipalities see nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { auditLog, reports, rounds } from '../../src/db/schema.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type { PlanLegendsDto, ReportChangeDto, ReportInboxDto, RoundDto, RoundListDto } from '../../src/shared/api-types-pdca.js';
import type { CompletionViewDto, MissingDto } from '../../src/shared/api-types-views.js';
import { buildSmallPlan } from '../support/fixtures.js';
import { actorsFor, buildPdcaPlan, daysFromToday, pdcaApp, type PdcaPlan } from '../support/pdca.js';
import { backends, openTestStore } from '../support/stores.js';

describe.each(backends())('PDCA legends and rounds on %s', (kind) => {
  let store: Store;
  let f: PdcaPlan;
  let other: Awaited<ReturnType<typeof buildSmallPlan>>;
  let call: ReturnType<typeof pdcaApp>;
  let m: string;
  let planBase: string;
  const deadline = () => daysFromToday(30);
  const newRound = (over: Record<string, unknown> = {}) => ({ label: '令和8年度末見込み', asOfDate: '2027-03-31', targetFiscalYear: 2026, deadline: deadline(), ...over });

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildPdcaPlan(store, '照会市');
    other = await buildSmallPlan(store, '他団体市');
    call = pdcaApp(store, actorsFor(f, other.municipality.id));
    m = `/api/m/${f.municipality.code}`;
    planBase = `${m}/plans/${f.plan.id}`;
  });
  afterAll(() => store.close());

  it('answers the ○△×－ preset as the default legend without storing it', async () => {
    const res = await call<PlanLegendsDto>('reporterZaisei', 'GET', `${planBase}/legends`);
    expect(res.status).toBe(200);
    expect(res.body.status).toMatchObject({ axis: 'status', stored: false, version: 0, presetKey: 'maru-sankaku' });
    expect(res.body.status.values.map((v) => v.symbol)).toEqual(['○', '△', '×', '－']);
    expect(res.body.status.line).toBe('「○」実施済み 「△」一部実施 「×」未実施 「－」次年度以降');
    expect(res.body.achievement).toBeNull();
    expect(res.body.presets.map((p) => p.key)).toContain('sabc');
    const rows = await store.rawQuery('select count(*)::int as n from status_legends where municipality_id = $1', [f.municipality.id]);
    expect(rows[0]).toEqual({ n: 0 });
  });

  it('refuses a round asking 達成度 before the plan has that legend', async () => {
    const res = await call<ApiErrorBody>('secretariat', 'POST', `${planBase}/rounds`, newRound({ fields: ['status', 'achievement'] }));
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual([{ path: 'fields', message: '達成度の凡例が設定されていません。先に計画の凡例で「達成度」を設定してください。' }]);
  });

  it('saves a preset by key and a custom second axis; validates each field in Japanese; 409 on a stale version', async () => {
    const bad = await call<ApiErrorBody>('secretariat', 'PUT', `${planBase}/legends`, {
      status: { version: 0, values: [{ code: 'ok', symbol: '', label: '順調', definition: '', done: true }] },
      achievement: { version: 0, preset: 'nope' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields).toEqual([
      { path: 'status.values.0.symbol', message: '表示する記号・語を入力してください。' },
      { path: 'status.values.0.definition', message: '定義を入力してください（表と一緒に印刷されます）。' },
      { path: 'achievement.preset', message: '凡例の候補「nope」はありません。一覧から選んでください。' },
    ]);

    const ok = await call<PlanLegendsDto>('secretariat', 'PUT', `${planBase}/legends`, {
      status: { version: 0, preset: 'maru-sankaku', name: '着手状況' },
      achievement: { version: 0, preset: 'achievement' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toMatchObject({ name: '着手状況', stored: true, version: 1, presetKey: 'maru-sankaku' });
    expect(ok.body.achievement).toMatchObject({ axis: 'achievement', stored: true, version: 1, presetKey: 'achievement' });

    const stale = await call<ApiErrorBody>('secretariat', 'PUT', `${planBase}/legends`, { status: { version: 0, preset: 'sabc' }, achievement: { version: 1, preset: 'achievement' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain('他の人が先に更新しました');
    expect((stale.body.error.current as PlanLegendsDto).status.name).toBe('着手状況');

    const audit = await store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, f.municipality.id), eq(auditLog.action, 'legend.update')));
    expect(audit).toHaveLength(1);
  });

  it('validates a new round: past deadline, year outside the plan, missing label, previous round of another plan', async () => {
    const res = await call<ApiErrorBody>(
      'secretariat',
      'POST',
      `${planBase}/rounds`,
      newRound({ label: '', deadline: daysFromToday(-1), targetFiscalYear: 2031, previousRoundId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(res.status).toBe(422);
    const byPath = Object.fromEntries(res.body.error.fields!.map((x) => [x.path, x.message]));
    expect(byPath.label).toBe('照会名を入力してください（例: 令和8年度末見込み）。');
    expect(byPath.deadline).toMatch(/^回答期限（令和\d+年\d+月\d+日）は既に過ぎています。今日（令和\d+年\d+月\d+日）以降の日付にしてください。$/);
    expect(byPath.targetFiscalYear).toBe('対象年度は計画期間（令和8年度〜令和11年度）の中から選んでください。');
    expect(byPath.previousRoundId).toBe('前回の照会がこの計画に見つかりません。');
    const malformed = await call<ApiErrorBody>('secretariat', 'POST', `${planBase}/rounds`, newRound({ fields: ['status', 'salary'], deadline: '2026/06/01' }));
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.fields!.map((x) => x.path).sort()).toEqual(['deadline', 'fields.1']);
    expect((await call<RoundListDto>('secretariat', 'GET', `${planBase}/rounds`)).body.items).toEqual([]);
  });

  let first: RoundDto;

  it('creates a draft round with the default fields; a department cannot', async () => {
    const denied = await call<ApiErrorBody>('approverZaisei', 'POST', `${planBase}/rounds`, newRound());
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe('凡例や照会の設定・開始・締切りは事務局が行います。');
    const res = await call<RoundDto>('secretariat', 'POST', `${planBase}/rounds`, newRound({ fields: ['narrative', 'status', 'achievement', 'effect'] }));
    expect(res.status).toBe(201);
    first = res.body;
    expect(first).toMatchObject({
      label: '令和8年度末見込み',
      state: 'draft',
      stateLabel: '準備中',
      targetFiscalYearLabel: '令和8年度',
      fields: ['status', 'achievement', 'narrative', 'effect'],
      previousRoundId: null,
      counts: { total: 0 },
    });
    const list = await call<RoundListDto>('viewer', 'GET', `${planBase}/rounds`);
    expect(list.body.items.map((r) => r.id)).toEqual([first.id]);
  });

  it('refuses to open with items of another plan and creates nothing', async () => {
    const res = await call<ApiErrorBody>('secretariat', 'POST', `${m}/rounds/${first.id}/open`, {
      version: first.version,
      scope: { mode: 'nodes', nodeIds: [f.nodes.item1.id, other.nodes.item1.id] },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual([{ path: 'scope.nodeIds.1', message: 'この計画の項目ではありません。' }]);
    const after = await call<RoundDto>('secretariat', 'GET', `${m}/rounds/${first.id}`);
    expect(after.body).toMatchObject({ state: 'draft', version: first.version, counts: { total: 0 } });
  });

  it('refuses to open a round whose deadline has passed meanwhile', async () => {
    await store.db.update(rounds).set({ deadline: daysFromToday(-2) }).where(and(eq(rounds.municipalityId, f.municipality.id), eq(rounds.id, first.id)));
    const res = await call<ApiErrorBody>('secretariat', 'POST', `${m}/rounds/${first.id}/open`, { version: first.version });
    expect(res.status).toBe(422);
    expect(res.body.error.fields![0]).toMatchObject({ path: 'deadline', message: expect.stringContaining('既に過ぎています') });
    const fixed = await call<RoundDto>('secretariat', 'PATCH', `${m}/rounds/${first.id}`, { version: first.version, deadline: deadline() });
    expect(fixed.status).toBe(200);
    first = fixed.body;
  });

  it('opens with the items scheduled in the target year: one not_started report each, in the same transaction', async () => {
    const res = await call<RoundDto>('secretariat', 'POST', `${m}/rounds/${first.id}/open`, { version: first.version, scope: { mode: 'scheduled' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'open', stateLabel: '照会中', counts: { total: 2, not_started: 2 } });
    expect(res.body.openedAt).not.toBeNull();
    // the scope it opened with is recorded on the round
    expect(res.body.scope).toEqual({ mode: 'scheduled', modeLabel: '対象年度にスケジュールがある実施項目', nodeIds: [] });
    first = res.body;
    const rows = await store.db.select().from(reports).where(and(eq(reports.municipalityId, f.municipality.id), eq(reports.roundId, first.id)));
    // item3 is scheduled in FY2027 only
    expect(rows.map((r) => r.nodeId).sort()).toEqual([f.nodes.item1.id, f.nodes.item2.id].sort());
    expect(rows.every((r) => r.state === 'not_started')).toBe(true);
    const again = await call<ApiErrorBody>('secretariat', 'POST', `${m}/rounds/${first.id}/open`, { version: first.version });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('この照会は既に開始されています。');
    // its completion and its 未提出 list count the two items asked, not item3 (in effect, but not scheduled this year)
    const completion = await call<CompletionViewDto>('secretariat', 'GET', `${m}/rounds/${first.id}/views/completion`);
    expect(completion.body.total.items.nodeIds.sort()).toEqual([f.nodes.item1.id, f.nodes.item2.id].sort());
    const missing = await call<MissingDto>('secretariat', 'GET', `${m}/rounds/${first.id}/missing`);
    expect(missing.body.total.nodeIds.sort()).toEqual([f.nodes.item1.id, f.nodes.item2.id].sort());
    expect(missing.body.departments.flatMap((d) => d.items.map((i) => i.nodeId))).not.toContain(f.nodes.item3.id);
  });

  it('while open, only label, as-of date and deadline change; a stale version gets 409 with the stored round', async () => {
    const locked = await call<ApiErrorBody>('secretariat', 'PATCH', `${m}/rounds/${first.id}`, { version: first.version, targetFiscalYear: 2027, fields: ['status'] });
    expect(locked.status).toBe(422);
    expect(locked.body.error.fields!.map((x) => x.message)).toEqual([
      '状態が「照会中」の照会では「対象年度」は変更できません（報告の受付が始まっているため）。',
      '状態が「照会中」の照会では「照会項目」は変更できません（報告の受付が始まっているため）。',
    ]);
    const past = await call<ApiErrorBody>('secretariat', 'PATCH', `${m}/rounds/${first.id}`, { version: first.version, deadline: daysFromToday(-1) });
    expect(past.status).toBe(422);
    const ok = await call<RoundDto>('secretariat', 'PATCH', `${m}/rounds/${first.id}`, { version: first.version, label: '令和8年度末見込み（第1回）', deadline: daysFromToday(45) });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ label: '令和8年度末見込み（第1回）', deadline: daysFromToday(45), version: first.version + 1 });
    const stale = await call<ApiErrorBody>('secretariat', 'PATCH', `${m}/rounds/${first.id}`, { version: first.version, label: '別名' });
    expect(stale.status).toBe(409);
    expect((stale.body.error.current as RoundDto).label).toBe('令和8年度末見込み（第1回）');
    first = ok.body;
  });

  it('a legend value used by a report cannot be removed (422 with the count); others can', async () => {
    const inbox = await call<ReportInboxDto>('secretariat', 'GET', `${m}/rounds/${first.id}/reports`);
    const rep = inbox.body.entries[0]!.report;
    const saved = await call<ReportChangeDto>('secretariat', 'PATCH', `${m}/reports/${rep.id}`, { version: rep.version, statusCode: 'done', achievementCode: 'partly' });
    expect(saved.status).toBe(200);
    const legends = (await call<PlanLegendsDto>('secretariat', 'GET', `${planBase}/legends`)).body;
    const res = await call<ApiErrorBody>('secretariat', 'PUT', `${planBase}/legends`, {
      status: { version: legends.status.version, preset: 'sabc' },
      achievement: null,
    });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe('報告で使われている凡例の区分は削除できません（2件の報告が使用中）。');
    expect(res.body.error.fields).toEqual([
      { path: 'status.values', message: '進捗状況の区分「○」（実施済み）は1件の報告で使われているため、削除できません。' },
      { path: 'achievement.values', message: '達成度の区分「一部達成」（一部達成）は1件の報告で使われているため、削除できません。' },
    ]);
    // dropping 「－」 (unused) and renaming a symbol are fine
    const values = legends.status.values.filter((v) => v.code !== 'later').map((v) => (v.code === 'done' ? { ...v, symbol: '◎' } : v));
    const ok = await call<PlanLegendsDto>('secretariat', 'PUT', `${planBase}/legends`, {
      status: { version: legends.status.version, name: '着手状況', values },
      achievement: { version: legends.achievement!.version, preset: 'achievement' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.status.values.map((v) => v.symbol)).toEqual(['◎', '△', '×']);
    expect(ok.body.status.presetKey).toBeNull();
  });

  it('closes (locking every change), reopens only with a deadline not yet past', async () => {
    const closed = await call<RoundDto>('secretariat', 'POST', `${m}/rounds/${first.id}/close`, { version: first.version });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ state: 'closed', stateLabel: '締切済み' });
    expect(closed.body.closedAt).not.toBeNull();
    const patch = await call<ApiErrorBody>('secretariat', 'PATCH', `${m}/rounds/${first.id}`, { version: closed.body.version, label: 'x' });
    expect(patch.status).toBe(409);
    expect(patch.body.error.message).toContain('この照会は締め切られています');
    const closeAgain = await call<ApiErrorBody>('secretariat', 'POST', `${m}/rounds/${first.id}/close`, { version: closed.body.version });
    expect(closeAgain.status).toBe(409);

    await store.db.update(rounds).set({ deadline: daysFromToday(-3) }).where(and(eq(rounds.municipalityId, f.municipality.id), eq(rounds.id, first.id)));
    const noDeadline = await call<ApiErrorBody>('secretariat', 'POST', `${m}/rounds/${first.id}/reopen`, { version: closed.body.version });
    expect(noDeadline.status).toBe(422);
    expect(noDeadline.body.error.fields![0]!.message).toContain('再開するときは新しい回答期限を指定してください');
    const reopened = await call<RoundDto>('secretariat', 'POST', `${m}/rounds/${first.id}/reopen`, { version: closed.body.version, deadline: daysFromToday(7) });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ state: 'open', closedAt: null, deadline: daysFromToday(7), counts: { total: 2 } });
    const closedAgain = await call<RoundDto>('secretariat', 'POST', `${m}/rounds/${first.id}/close`, { version: reopened.body.version });
    expect(closedAgain.status).toBe(200);
    first = closedAgain.body;
    const actions = (await store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, f.municipality.id), eq(auditLog.entity, 'round')))).map((a) => a.action);
    expect(actions.sort()).toEqual(['round.close', 'round.close', 'round.create', 'round.open', 'round.reopen', 'round.update', 'round.update'].sort());
  });

  it('a new round compares with the latest closed round by default; "all" asks every active action item', async () => {
    const res = await call<RoundDto>('secretariat', 'POST', `${planBase}/rounds`, newRound({ label: '令和8年度実績', asOfDate: '2027-05-31' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ previousRoundId: first.id, previousRoundLabel: '令和8年度末見込み（第1回）', fields: ['status', 'narrative', 'issues', 'nextPlan'] });
    const opened = await call<RoundDto>('secretariat', 'POST', `${m}/rounds/${res.body.id}/open`, { version: res.body.version });
    expect(opened.body.counts).toMatchObject({ total: 3, not_started: 3 });
    const none = await call<RoundDto>('secretariat', 'POST', `${planBase}/rounds`, newRound({ label: '比較なし', previousRoundId: null }));
    expect(none.body.previousRoundId).toBeNull();
    const list = await call<RoundListDto>('council', 'GET', `${planBase}/rounds`);
    expect(list.body.items).toHaveLength(3);
  });

  it('keeps the scope chosen on a draft, checks it against the plan, and opens with it', async () => {
    const bad = await call<ApiErrorBody>('secretariat', 'POST', `${planBase}/rounds`, newRound({ label: '対象を選んだ照会', scope: { mode: 'nodes', nodeIds: [f.nodes.item3.id, other.nodes.item1.id] } }));
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields).toEqual([{ path: 'scope.nodeIds.1', message: 'この計画の項目ではありません。' }]);
    const shape = await call<ApiErrorBody>('secretariat', 'POST', `${planBase}/rounds`, newRound({ label: '対象を選んだ照会', scope: { mode: 'some' } }));
    expect(shape.status).toBe(422);
    expect(shape.body.error.fields![0]).toMatchObject({ path: 'scope.mode', message: '対象の選び方は all / scheduled / nodes のいずれかです。' });

    // item3 twice: kept once
    const draft = await call<RoundDto>('secretariat', 'POST', `${planBase}/rounds`, newRound({ label: '対象を選んだ照会', scope: { mode: 'nodes', nodeIds: [f.nodes.item3.id, f.nodes.item3.id] } }));
    expect(draft.status).toBe(201);
    expect(draft.body.scope).toEqual({ mode: 'nodes', modeLabel: '指定した項目', nodeIds: [f.nodes.item3.id] });
    // changed on the draft, then cleared back to "choose when opening", then set again
    const scheduled = await call<RoundDto>('secretariat', 'PATCH', `${m}/rounds/${draft.body.id}`, { version: draft.body.version, scope: { mode: 'scheduled' } });
    expect(scheduled.body.scope).toMatchObject({ mode: 'scheduled' });
    const cleared = await call<RoundDto>('secretariat', 'PATCH', `${m}/rounds/${draft.body.id}`, { version: scheduled.body.version, scope: null });
    expect(cleared.body.scope).toBeNull();
    const again = await call<RoundDto>('secretariat', 'PATCH', `${m}/rounds/${draft.body.id}`, { version: cleared.body.version, scope: { mode: 'nodes', nodeIds: [f.nodes.item3.id, f.nodes.item1.id] } });
    expect(again.body.scope!.nodeIds).toEqual([f.nodes.item3.id, f.nodes.item1.id]);
    const audits = await store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, f.municipality.id), eq(auditLog.entityId, draft.body.id), eq(auditLog.action, 'round.update')));
    expect(audits).toHaveLength(3);

    // opening without a scope uses the kept one: item3 and item1, nothing else
    const opened = await call<RoundDto>('secretariat', 'POST', `${m}/rounds/${draft.body.id}/open`, { version: again.body.version });
    expect(opened.status).toBe(200);
    expect(opened.body.counts).toMatchObject({ total: 2, not_started: 2 });
    const rows = await store.db.select().from(reports).where(and(eq(reports.municipalityId, f.municipality.id), eq(reports.roundId, draft.body.id)));
    expect(rows.map((r) => r.nodeId).sort()).toEqual([f.nodes.item1.id, f.nodes.item3.id].sort());
    // once open, the scope is fixed
    const locked = await call<ApiErrorBody>('secretariat', 'PATCH', `${m}/rounds/${draft.body.id}`, { version: opened.body.version, scope: { mode: 'all' } });
    expect(locked.status).toBe(422);
    expect(locked.body.error.fields![0]!.message).toBe('状態が「照会中」の照会では「対象の項目」は変更できません（報告の受付が始まっているため）。');
  });

  it('refuses every write to department users, viewers and council members (403)', async () => {
    const id = first.id;
    for (const who of ['reporterZaisei', 'approverZaisei', 'viewer', 'council'] as const) {
      const attempts = [
        await call<ApiErrorBody>(who, 'PUT', `${planBase}/legends`, { status: { version: 0, preset: 'sabc' } }),
        await call<ApiErrorBody>(who, 'POST', `${planBase}/rounds`, newRound()),
        await call<ApiErrorBody>(who, 'PATCH', `${m}/rounds/${id}`, { version: 1, label: 'x' }),
        await call<ApiErrorBody>(who, 'POST', `${m}/rounds/${id}/open`, { version: 1 }),
        await call<ApiErrorBody>(who, 'POST', `${m}/rounds/${id}/close`, { version: 1 }),
        await call<ApiErrorBody>(who, 'POST', `${m}/rounds/${id}/reopen`, { version: 1 }),
      ];
      expect(attempts.map((a) => a.status), who).toEqual([403, 403, 403, 403, 403, 403]);
      expect(attempts[0]!.body.error.message).toBe('凡例や照会の設定・開始・締切りは事務局が行います。');
    }
  });

  it('answers 404 to a user of another municipality on every route, and for unknown or malformed ids', async () => {
    const id = first.id;
    const routes: [string, string, unknown?][] = [
      ['GET', `${planBase}/legends`],
      ['PUT', `${planBase}/legends`, { status: { version: 0, preset: 'sabc' } }],
      ['GET', `${planBase}/rounds`],
      ['POST', `${planBase}/rounds`, newRound()],
      ['GET', `${m}/rounds/${id}`],
      ['PATCH', `${m}/rounds/${id}`, { version: 1 }],
      ['POST', `${m}/rounds/${id}/open`, { version: 1 }],
      ['POST', `${m}/rounds/${id}/close`, { version: 1 }],
      ['POST', `${m}/rounds/${id}/reopen`, { version: 1 }],
      ['GET', `${m}/rounds/${id}/reports`],
    ];
    for (const who of ['foreign', 'foreignReporter'] as const) {
      for (const [method, path, body] of routes) {
        const res = await call<ApiErrorBody>(who, method, path, body);
        expect(res.status, `${who} ${method} ${path}`).toBe(404);
        expect(res.body.error.message).toBe(`団体コード ${f.municipality.code} の団体が見つかりません。`);
      }
    }
    // another municipality's plan and round ids through this municipality's code
    expect((await call('secretariat', 'GET', `${m}/plans/${other.plan.id}/legends`)).status).toBe(404);
    expect((await call('secretariat', 'GET', `${m}/plans/${other.plan.id}/rounds`)).status).toBe(404);
    expect((await call<ApiErrorBody>('secretariat', 'GET', `${m}/rounds/not-a-uuid`)).body.error.message).toBe('照会が見つかりません。');
    expect((await call('secretariat', 'GET', `${m}/rounds/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('describes every route for OpenAPI', async () => {
    const res = await call<{ paths: Record<string, Record<string, unknown>> }>('admin', 'GET', '/api/openapi.json');
    const p = res.body.paths;
    expect(Object.keys(p['/api/m/{code}/plans/{planId}/legends']!).sort()).toEqual(['get', 'put']);
    expect(Object.keys(p['/api/m/{code}/plans/{planId}/rounds']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(p['/api/m/{code}/rounds/{roundId}']!).sort()).toEqual(['get', 'patch']);
    for (const s of ['open', 'close', 'reopen']) expect(p[`/api/m/{code}/rounds/{roundId}/${s}`]).toHaveProperty('post');
    expect(p['/api/m/{code}/rounds/{roundId}/reports']).toHaveProperty('get');
    expect(Object.keys(p['/api/m/{code}/reports/{reportId}']!).sort()).toEqual(['get', 'patch']);
    expect(p['/api/m/{code}/reports/{reportId}/transitions']).toHaveProperty('post');
  });
});
