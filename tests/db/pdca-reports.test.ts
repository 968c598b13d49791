/**
 * Department reports over HTTP on PGlite and PostgreSQL: the inbox shows only the
 * department's items (co-owned items to every co-owner), autosave with versions,
 * the full workflow with events and audit rows, bad input, closed rounds, and
 * refusals to other departments and other municipalities — with nothing saved lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { auditLog, reportEvents, reports } from '../../src/db/schema.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type { ReportChangeDto, ReportDetailDto, ReportDto, ReportInboxDto, RoundDto } from '../../src/shared/api-types-pdca.js';
import { buildSmallPlan } from '../support/fixtures.js';
import { actorsFor, buildPdcaPlan, daysFromToday, pdcaApp, type ActorKey, type PdcaPlan } from '../support/pdca.js';
import { backends, openTestStore, run } from '../support/stores.js';
import { saveReport } from '../../src/modules/pdca/commands/reports.js';
import { openRound } from '../../src/modules/pdca/commands/rounds.js';
import { findReport, findRound, reportRowsOfRound } from '../../src/modules/pdca/db/repo.js';
import { AppError } from '../../src/shared/errors.js';

describe.each(backends())('PDCA department reports on %s', (kind) => {
  let store: Store;
  let f: PdcaPlan;
  let call: ReturnType<typeof pdcaApp>;
  let m: string;
  let round: RoundDto;
  /** report id per item */
  const rid: Record<'item1' | 'item2' | 'item3', string> = { item1: '', item2: '', item3: '' };

  const get = (as: ActorKey, id: string) => call<ReportDetailDto>(as, 'GET', `${m}/reports/${id}`);
  const save = (as: ActorKey, id: string, body: Record<string, unknown>) => call<ReportChangeDto & ApiErrorBody>(as, 'PATCH', `${m}/reports/${id}`, body);
  const act = (as: ActorKey, id: string, body: { action: string; version: number; comment?: string }) =>
    call<ReportChangeDto & ApiErrorBody>(as, 'POST', `${m}/reports/${id}/transitions`, body);
  const stored = async (id: string) => (await store.db.select().from(reports).where(and(eq(reports.municipalityId, f.municipality.id), eq(reports.id, id))))[0]!;

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildPdcaPlan(store, '報告市');
    const other = await buildSmallPlan(store, '別団体町');
    call = pdcaApp(store, actorsFor(f, other.municipality.id));
    m = `/api/m/${f.municipality.code}`;
    const created = await call<RoundDto>('secretariat', 'POST', `${m}/plans/${f.plan.id}/rounds`, {
      label: '令和8年度末見込み',
      asOfDate: '2027-03-31',
      targetFiscalYear: 2026,
      deadline: daysFromToday(20),
      fields: ['status', 'narrative', 'issues', 'nextPlan', 'effect', 'hoursSaved'],
    });
    const opened = await call<RoundDto>('secretariat', 'POST', `${m}/rounds/${created.body.id}/open`, { version: created.body.version });
    round = opened.body;
    const inbox = await call<ReportInboxDto>('secretariat', 'GET', `${m}/rounds/${round.id}/reports`);
    for (const e of inbox.body.entries) {
      const key = e.item.id === f.nodes.item1.id ? 'item1' : e.item.id === f.nodes.item2.id ? 'item2' : 'item3';
      rid[key] = e.report.id;
    }
  });
  afterAll(() => store.close());

  it('opening created one not_started report per active action item', async () => {
    expect(round.counts).toMatchObject({ total: 3, not_started: 3 });
    expect(Object.values(rid).every(Boolean)).toBe(true);
  });

  it('inbox: a reporter sees only their departments’ items, co-owned items included, with everything the form needs', async () => {
    const zaisei = await call<ReportInboxDto>('reporterZaisei', 'GET', `${m}/rounds/${round.id}/reports`);
    expect(zaisei.status).toBe(200);
    expect(zaisei.body.entries.map((e) => e.item.number)).toEqual(['1', '2']);
    const e1 = zaisei.body.entries[0]!;
    expect(e1.item).toMatchObject({ title: 'ＲＰＡによる定型業務の自動化', levelName: '実施項目', status: 'active' });
    expect(e1.item.path.map((p) => [p.levelName, p.title])).toEqual([
      ['重点項目', '歳出削減'],
      ['施策', '事務事業の見直し'],
    ]);
    expect(e1.item.departments.map((d) => [d.name, d.lead])).toEqual([
      ['総務課', true],
      ['財政課', false],
    ]);
    expect(e1.phase).toEqual({ fiscalYear: 2026, fiscalYearLabel: '令和8年度', code: 'kento', label: '検討', symbol: null });
    expect(e1.previous).toBeNull();
    expect(e1.deadline).toBe(round.deadline);
    expect(e1.report).toMatchObject({ state: 'not_started', stateLabel: '未着手', version: 1 });
    // co-owner may write, only the lead (総務課) submits
    expect(e1.allowedActions).toEqual(['save']);
    expect(zaisei.body.entries[1]!.allowedActions).toEqual(['save', 'submit']);
    expect(zaisei.body.legends.status.values.map((v) => v.symbol)).toEqual(['○', '△', '×', '－']);
    expect(zaisei.body.round.id).toBe(round.id);

    const own = await call<ReportInboxDto>('reporterZaisei', 'GET', `${m}/rounds/${round.id}/reports?department=${f.departments.zaisei.id}`);
    expect(own.body.department).toEqual({ id: f.departments.zaisei.id, name: '財政課' });
    expect(own.body.total).toBe(2);
    const somu = await call<ReportInboxDto>('reporterSomu', 'GET', `${m}/rounds/${round.id}/reports`);
    expect(somu.body.entries.map((e) => e.item.number)).toEqual(['1']);
    const kikaku = await call<ReportInboxDto>('reporterKikaku', 'GET', `${m}/rounds/${round.id}/reports`);
    expect(kikaku.body.entries.map((e) => e.item.number)).toEqual(['3']);
    const office = await call<ReportInboxDto>('secretariat', 'GET', `${m}/rounds/${round.id}/reports?department=${f.departments.somu.id}`);
    expect(office.body.entries.map((e) => e.item.number)).toEqual(['1']);
    // viewers read confirmed (accepted) answers only: none yet
    expect((await call<ReportInboxDto>('viewer', 'GET', `${m}/rounds/${round.id}/reports`)).body.total).toBe(0);
  });

  it('refuses another department: its inbox, its reports (read, save, transitions) — 403 with a Japanese message', async () => {
    const inbox = await call<ApiErrorBody>('reporterZaisei', 'GET', `${m}/rounds/${round.id}/reports?department=${f.departments.kikaku.id}`);
    expect(inbox.status).toBe(403);
    expect(inbox.body.error.message).toBe('他の課の報告一覧は表示できません。自分の課を選んでください。');
    const read = await get('reporterZaisei', rid.item3);
    expect(read.status).toBe(403);
    expect((read.body as unknown as ApiErrorBody).error.message).toBe('この項目の担当課ではないため、事務局の確認が済んでいない報告は表示できません。');
    const write = await save('reporterZaisei', rid.item3, { version: 1, narrative: '他課の報告' });
    expect(write.status).toBe(403);
    expect(write.body.error.message).toBe('この項目の担当課ではないため、この報告を変更できません。');
    const submit = await act('approverZaisei', rid.item3, { action: 'submit', version: 1 });
    expect(submit.status).toBe(403);
    expect((await stored(rid.item3)).narrative).toBe('');
  });

  it('answers 404 to users of another municipality on every report route', async () => {
    for (const who of ['foreign', 'foreignReporter'] as const) {
      const res = [
        await call<ApiErrorBody>(who, 'GET', `${m}/rounds/${round.id}/reports`),
        await call<ApiErrorBody>(who, 'GET', `${m}/rounds/${round.id}/reports?department=${f.departments.zaisei.id}`),
        await get(who, rid.item2),
        await save(who, rid.item2, { version: 1, narrative: '侵入' }),
        await act(who, rid.item2, { action: 'submit', version: 1 }),
      ];
      expect(res.map((r) => r.status), who).toEqual([404, 404, 404, 404, 404]);
    }
    expect((await stored(rid.item2)).version).toBe(1);
    expect((await call<ApiErrorBody>('secretariat', 'GET', `${m}/reports/00000000-0000-4000-8000-000000000000`)).body.error.message).toBe('報告が見つかりません。');
  });

  it('autosave: two saves from the same version — the second gets 409 with both versions and the stored report; the first remains', async () => {
    const first = await save('reporterZaisei', rid.item2, { version: 1, narrative: '補助金の交付基準を見直した。', statusCode: 'partial' });
    expect(first.status).toBe(200);
    expect(first.body.report).toMatchObject({ state: 'draft', version: 2, narrative: '補助金の交付基準を見直した。', statusCode: 'partial', updatedBy: '財政課報告者:財政課報告者' });
    const second = await save('approverZaisei', rid.item2, { version: 1, narrative: '別の内容で上書き' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('conflict');
    expect(second.body.error.message).toBe(
      'この報告は他の人が先に保存しました（あなたが編集を始めた版: 1、保存されている版: 2）。保存されている内容とあなたの入力内容を見比べて、必要な修正をしてからもう一度保存してください。',
    );
    const current = second.body.error.current as ReportDto;
    expect(current).toMatchObject({ id: rid.item2, version: 2, narrative: '補助金の交付基準を見直した。' });
    const after = await get('reporterZaisei', rid.item2);
    expect(after.body.report.narrative).toBe('補助金の交付基準を見直した。');
    expect(after.body.events.map((e) => [e.action, e.fromState, e.toState])).toEqual([['save', 'not_started', 'draft']]);
    // the save answered with that event and what the reporter may do next
    expect(first.body.event).toEqual(after.body.events[0]);
    expect(first.body.allowedActions).toEqual(after.body.allowedActions);
    expect(first.body.allowedActions).toContain('submit');
  });

  it('bad input is refused with Japanese messages and nothing saved is lost', async () => {
    const before = (await get('reporterZaisei', rid.item2)).body.report;
    const cases: [Record<string, unknown>, string, string | RegExp][] = [
      [{ statusCode: 'great' }, 'statusCode', '進捗状況は「○」「△」「×」「－」のいずれかを選んでください。'],
      [{ narrative: 'あ'.repeat(4001) }, 'narrative', '取組内容・実績は4000文字以内にしてください（現在4001文字）。'],
      [{ issues: 'い'.repeat(5000) }, 'issues', '課題は4000文字以内にしてください（現在5000文字）。'],
      [{ nextPlan: 'う'.repeat(4002) }, 'nextPlan', '今後の取組は4000文字以内にしてください（現在4002文字）。'],
      [{ effectExpenseYen: 1200000.5 }, 'effectExpenseYen', /整数（円）/],
      [{ effectRevenueYen: '1,200,000.5' }, 'effectRevenueYen', /小数は使えません/],
      [{ effectRevenueYen: '1,2,0' }, 'effectRevenueYen', /整数（円）/],
      [{ effectRevenueYen: -100 }, 'effectRevenueYen', /0以上/],
      [{ hoursSavedTenths: 12.5 }, 'hoursSavedTenths', '削減時間は0.1時間単位の0以上の整数で指定してください（例: 12.5時間なら125）。'],
      [{ effectKind: 'someday' }, 'effectKind', /効果の種類/],
      [{ achievementCode: 'achieved' }, 'achievementCode', /照会項目ではありません/],
    ];
    for (const [body, path, message] of cases) {
      const res = await save('reporterZaisei', rid.item2, { version: before.version, narrative: '一緒に送った変更', ...body });
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(422);
      const field = res.body.error.fields!.find((x) => x.path === path);
      expect(field, path).toBeDefined();
      if (typeof message === 'string') expect(field!.message).toBe(message);
      else expect(field!.message).toMatch(message);
    }
    const missingVersion = await save('reporterZaisei', rid.item2, { narrative: 'x' });
    expect(missingVersion.status).toBe(422);
    expect(missingVersion.body.error.fields![0]).toMatchObject({ path: 'version', message: '版数(version)を指定してください。' });
    const after = (await get('reporterZaisei', rid.item2)).body.report;
    expect(after).toEqual(before);
  });

  it('normalises yen strings explicitly and keeps integer tenths of hours', async () => {
    const cur = (await get('reporterZaisei', rid.item2)).body.report;
    const res = await save('reporterZaisei', rid.item2, { version: cur.version, effectExpenseYen: '１，２００，０００円', effectRevenueYen: 350000, effectKind: 'recurring', hoursSavedTenths: 125 });
    expect(res.status).toBe(200);
    expect(res.body.report).toMatchObject({ effectExpenseYen: 1200000, effectRevenueYen: 350000, effectKind: 'recurring', hoursSavedTenths: 125 });
    const row = await stored(rid.item2);
    expect([Number(row.effectExpenseYen), row.hoursSavedTenths]).toEqual([1200000, 125]);
  });

  it('submit needs every asked required field: a draft without status is refused and kept', async () => {
    const r = await save('reporterKikaku', rid.item3, { version: 1, issues: '用地の調整が必要' });
    expect(r.status).toBe(200);
    const res = await act('reporterKikaku', rid.item3, { action: 'submit', version: r.body.report.version });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe('提出する前に、必要な項目を入力してください。');
    expect(res.body.error.fields).toEqual([
      { path: 'statusCode', message: '進捗状況を「○」「△」「×」「－」から選んでください。' },
      { path: 'narrative', message: '取組内容・実績を入力してください。' },
    ]);
    expect(await stored(rid.item3)).toMatchObject({ state: 'draft', issues: '用地の調整が必要', version: r.body.report.version });
  });

  it('co-owned items: a co-owner saves but only the LEAD department submits; approvers must belong to the lead', async () => {
    const saved = await save('reporterZaisei', rid.item1, { version: 1, statusCode: 'done', narrative: '財政課分の実績を入力' });
    expect(saved.status).toBe(200);
    const submit = await act('reporterZaisei', rid.item1, { action: 'submit', version: saved.body.report.version });
    expect(submit.status).toBe(403);
    expect(submit.body.error.message).toBe('共管の項目は主担当課（総務課）が提出します。');
    const bySomu = await act('reporterSomu', rid.item1, { action: 'submit', version: saved.body.report.version });
    expect(bySomu.status).toBe(200);
    expect(bySomu.body.report.state).toBe('submitted');
    const approve = await act('approverZaisei', rid.item1, { action: 'approve', version: bySomu.body.report.version });
    expect(approve.status).toBe(403);
    expect(approve.body.error.message).toBe('「承認」は主担当課（総務課）の承認者が行います。');
    // once submitted, the department cannot edit it any more
    const late = await save('reporterSomu', rid.item1, { version: bySomu.body.report.version, narrative: '追記' });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe('状態が「提出済み（課長承認待ち）」の報告には「保存」はできません。');
    expect((late.body.error.current as ReportDto).narrative).toBe('財政課分の実績を入力');
    const ok = await act('approverSomu', rid.item1, { action: 'approve', version: bySomu.body.report.version });
    expect(ok.status).toBe(200);
    expect(ok.body.report.state).toBe('approved');
  });

  it('viewers and council members only read (council: only reports the secretariat confirmed)', async () => {
    // viewers, like council members, read a report once the secretariat has confirmed it
    expect((await get('viewer', rid.item2)).status).toBe(403);
    const v = await save('viewer', rid.item2, { version: 3, narrative: 'x' });
    expect(v.status).toBe(403);
    expect(v.body.error.message).toBe('閲覧のみの権限です。報告を変更することはできません。');
    expect((await act('council', rid.item2, { action: 'submit', version: 3 })).status).toBe(403);
    const c = await get('council', rid.item2);
    expect(c.status).toBe(403);
    expect((c.body as unknown as ApiErrorBody).error.message).toBe('事務局の確認が済んでいない報告は表示できません。');
    expect((await call<ReportInboxDto>('council', 'GET', `${m}/rounds/${round.id}/reports`)).body.total).toBe(0);
  });

  it('full flow: save → submit → approver returns with a comment → fix and resubmit → approve → accept; events and audit in step', async () => {
    let r = (await get('reporterZaisei', rid.item2)).body.report;
    const s1 = await act('reporterZaisei', rid.item2, { action: 'submit', version: r.version });
    expect(s1.status).toBe(200);
    expect(s1.body.report.submittedAt).not.toBeNull();
    expect(s1.body.allowedActions).toEqual([]);

    const noComment = await act('approverZaisei', rid.item2, { action: 'return_by_approver', version: s1.body.report.version, comment: '  ' });
    expect(noComment.status).toBe(422);
    expect(noComment.body.error.fields).toEqual([{ path: 'comment', message: '差戻しの理由（コメント）を入力してください。' }]);
    const approverView = await get('approverZaisei', rid.item2);
    expect(approverView.body.allowedActions).toEqual(['approve', 'return_by_approver']);
    const ret = await act('approverZaisei', rid.item2, { action: 'return_by_approver', version: s1.body.report.version, comment: '効果額の算定根拠を追記してください。' });
    expect(ret.status).toBe(200);
    expect(ret.body.report).toMatchObject({ state: 'returned', stateLabel: '差戻し', returnComment: '効果額の算定根拠を追記してください。' });

    const fix = await save('reporterZaisei', rid.item2, { version: ret.body.report.version, narrative: '補助金の交付基準を見直した。効果額は対象経費の1割で算定。' });
    expect(fix.status).toBe(200);
    expect(fix.body.report.state).toBe('returned');
    // the state did not move: no event
    expect(fix.body.event).toBeNull();
    const s2 = await act('reporterZaisei', rid.item2, { action: 'submit', version: fix.body.report.version });
    expect(s2.body.report).toMatchObject({ state: 'submitted', returnComment: '' });

    // the secretariat may not use the approver's return; a stale version is 409
    expect((await act('secretariat', rid.item2, { action: 'return_by_approver', version: s2.body.report.version, comment: 'x' })).status).toBe(403);
    const stale = await act('approverZaisei', rid.item2, { action: 'approve', version: fix.body.report.version });
    expect(stale.status).toBe(409);
    expect((stale.body.error.current as ReportDto).state).toBe('submitted');

    const ap = await act('approverZaisei', rid.item2, { action: 'approve', version: s2.body.report.version });
    expect(ap.body.report.state).toBe('approved');
    expect((await act('approverZaisei', rid.item2, { action: 'accept', version: ap.body.report.version })).status).toBe(403);
    const acc = await act('secretariat', rid.item2, { action: 'accept', version: ap.body.report.version });
    expect(acc.status).toBe(200);
    expect(acc.body.report).toMatchObject({ state: 'accepted', stateLabel: '事務局確認済み' });
    r = acc.body.report;
    // a transition answers with the event it wrote; the report's view lists them all
    expect(acc.body.event).toMatchObject({ action: 'accept', fromState: 'approved', toState: 'accepted', actionLabel: '確認' });
    const events = (await get('secretariat', rid.item2)).body.events;
    expect(events.at(-1)).toEqual(acc.body.event);

    expect(events.map((e) => [e.action, e.fromState, e.toState, e.comment])).toEqual([
      ['save', 'not_started', 'draft', ''],
      ['submit', 'draft', 'submitted', ''],
      ['return_by_approver', 'submitted', 'returned', '効果額の算定根拠を追記してください。'],
      ['submit', 'returned', 'submitted', ''],
      ['approve', 'submitted', 'approved', ''],
      ['accept', 'approved', 'accepted', ''],
    ]);
    expect(events[2]!.actor).toBe('財政課長:財政課長');
    const audits = await store.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.municipalityId, f.municipality.id), eq(auditLog.entity, 'report'), eq(auditLog.entityId, rid.item2)));
    const transitions = audits.map((a) => a.action).filter((a) => a !== 'report.save');
    expect(transitions.sort()).toEqual(['report.accept', 'report.approve', 'report.return_by_approver', 'report.submit', 'report.submit'].sort());
    expect(audits.filter((a) => a.action === 'report.save').length).toBe(3);

    // the council now sees it
    expect((await get('council', rid.item2)).status).toBe(200);
    expect(r.version).toBeGreaterThan(5);
  });

  it('the secretariat returns at any later stage (with a comment) and can undo a confirmation', async () => {
    const i1 = (await get('secretariat', rid.item1)).body;
    expect(i1.report.state).toBe('approved');
    expect(i1.allowedActions).toEqual(['accept', 'return_by_secretariat']);
    const back = await act('secretariat', rid.item1, { action: 'return_by_secretariat', version: i1.report.version, comment: '主担当課と財政課で数値をそろえてください。' });
    expect(back.body.report).toMatchObject({ state: 'returned', returnComment: '主担当課と財政課で数値をそろえてください。' });
    const i2 = (await get('secretariat', rid.item2)).body.report;
    const reopened = await act('secretariat', rid.item2, { action: 'reopen', version: i2.version });
    expect(reopened.body.report.state).toBe('approved');
    const again = await act('secretariat', rid.item2, { action: 'accept', version: reopened.body.report.version });
    expect(again.body.report.state).toBe('accepted');
    expect([reopened.body.event?.actionLabel, again.body.event?.actionLabel]).toEqual(['確認の取消し', '確認']);
    expect((await get('secretariat', rid.item2)).body.events.slice(-2).map((e) => e.actionLabel)).toEqual(['確認の取消し', '確認']);
  });

  it('after closing, any change but the review is refused with 「この照会は締め切られています」 and nothing changes', async () => {
    const current = (await call<RoundDto>('secretariat', 'GET', `${m}/rounds/${round.id}`)).body;
    const closed = await call<RoundDto>('secretariat', 'POST', `${m}/rounds/${round.id}/close`, { version: current.version });
    expect(closed.status).toBe(200);
    const before = await store.db.select().from(reports).where(and(eq(reports.municipalityId, f.municipality.id), eq(reports.roundId, round.id)));
    const eventsBefore = await store.db.select().from(reportEvents).where(and(eq(reportEvents.municipalityId, f.municipality.id), inArray(reportEvents.reportId, Object.values(rid))));

    const i3 = before.find((r) => r.id === rid.item3)!;
    const i2 = before.find((r) => r.id === rid.item2)!;
    const attempts = [
      await save('reporterKikaku', rid.item3, { version: i3.version, narrative: '締切後の入力' }),
      await save('secretariat', rid.item3, { version: i3.version, statusCode: 'done' }),
      await act('reporterKikaku', rid.item3, { action: 'submit', version: i3.version }),
      // taking an acceptance back (reopen) stays possible until publication; returning does not
      await act('secretariat', rid.item2, { action: 'return_by_secretariat', version: i2.version, comment: '再確認' }),
      await act('approverSomu', rid.item1, { action: 'return_by_approver', version: 1, comment: '古い版でも締切が先' }),
    ];
    for (const a of attempts) {
      expect(a.status).toBe(409);
      expect(a.body.error.code).toBe('round_closed');
      expect(a.body.error.message).toContain('この照会は締め切られています');
    }
    const after = await store.db.select().from(reports).where(and(eq(reports.municipalityId, f.municipality.id), eq(reports.roundId, round.id)));
    expect(after).toEqual(before);
    const eventsAfter = await store.db.select().from(reportEvents).where(and(eq(reportEvents.municipalityId, f.municipality.id), inArray(reportEvents.reportId, Object.values(rid))));
    expect(eventsAfter.length).toBe(eventsBefore.length);
    const detail = await get('reporterKikaku', rid.item3);
    expect(detail.body.allowedActions).toEqual([]);
    expect(detail.body.round.state).toBe('closed');
  });

  it('the next round shows last round’s answer for the same item (for the copy button)', async () => {
    const next = await call<RoundDto>('secretariat', 'POST', `${m}/plans/${f.plan.id}/rounds`, {
      label: '令和8年度実績',
      asOfDate: '2027-05-31',
      targetFiscalYear: 2026,
      deadline: daysFromToday(30),
    });
    expect(next.body.previousRoundId).toBe(round.id);
    await call('secretariat', 'POST', `${m}/rounds/${next.body.id}/open`, { version: next.body.version, scope: { mode: 'nodes', nodeIds: [f.nodes.item2.id] } });
    const inbox = await call<ReportInboxDto>('reporterZaisei', 'GET', `${m}/rounds/${next.body.id}/reports`);
    expect(inbox.body.entries).toHaveLength(1);
    expect(inbox.body.entries[0]!.previous).toMatchObject({
      roundId: round.id,
      roundLabel: '令和8年度末見込み',
      state: 'accepted',
      statusCode: 'partial',
      narrative: '補助金の交付基準を見直した。効果額は対象経費の1割で算定。',
      effectExpenseYen: 1200000,
      hoursSavedTenths: 125,
    });
    expect(inbox.body.entries[0]!.report.state).toBe('not_started');

    // two autosaves sent at the same moment from the same version: exactly one wins, the other gets 409 with the winner
    const id = inbox.body.entries[0]!.report.id;
    const [a, b] = await Promise.all([
      save('reporterZaisei', id, { version: 1, narrative: '報告者Aの入力' }),
      save('approverZaisei', id, { version: 1, narrative: '課長Bの入力' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    const loser = a.status === 200 ? b : a;
    expect((loser.body.error.current as ReportDto).narrative).toBe(winner.body.report.narrative);
    expect((await stored(id)).narrative).toBe(winner.body.report.narrative);
    expect((await stored(id)).version).toBe(2);
  });

  it('scoped helpers and commands see nothing of another municipality', async () => {
    const other = await buildSmallPlan(store, '隔離町');
    const scope = { db: store.db, municipalityId: other.municipality.id };
    expect(await findRound(scope, round.id)).toBeNull();
    expect(await findReport(scope, rid.item2)).toBeNull();
    expect(await reportRowsOfRound(scope, round.id)).toEqual([]);
    const err = await run(store, other.municipality.id, (ctx) => saveReport(ctx, rid.item2, { version: 1, narrative: 'x' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(404);
    const err2 = await run(store, other.municipality.id, (ctx) => openRound(ctx, round.id, { version: 1 })).catch((e: unknown) => e);
    expect((err2 as AppError).status).toBe(404);
  });
});
