/**
 * Opening a round whose scope holds items without a 担当課 (issue: 「6件…担当課に報告を依頼しました」
 * while nobody received them): the confirmation lists them beforehand, opening without a decision is
 * refused with the items named and nothing made, 'skip' leaves them out, 'secretariat' keeps them under
 * 「担当課なし」; in both cases the dashboard's figures (completion, 未提出) and the reports agree. Also
 * the round form's rule that one submit answers every problem, an empty date with 「…を入力してください」.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { auditLog, reports, rounds } from '../../src/db/schema.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type { ReportInboxDto, RoundDto } from '../../src/shared/api-types-pdca.js';
import type { CompletionViewDto, MissingDto } from '../../src/shared/api-types-views.js';
import type { RoundOpened, RoundOpeningPreview } from '../../src/modules/pdca/domain/round.js';
import { roundOpenedMessage } from '../../src/modules/pdca/domain/round.js';
import { createNode } from '../../src/modules/plans/commands/nodes.js';
import { buildSmallPlan } from '../support/fixtures.js';
import { actorsFor, buildPdcaPlan, daysFromToday, pdcaApp, type PdcaPlan } from '../support/pdca.js';
import { backends, openTestStore, run } from '../support/stores.js';

describe.each(backends())('opening a round with items without a 担当課 on %s', (kind) => {
  let store: Store;
  let f: PdcaPlan;
  let call: ReturnType<typeof pdcaApp>;
  let m: string;
  let planBase: string;
  let orphanA: { id: string };
  let orphanB: { id: string };
  const newRound = (label: string) => ({ label, asOfDate: '2027-03-31', targetFiscalYear: 2026, deadline: daysFromToday(30) });

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildPdcaPlan(store, '担当課なし市');
    const other = await buildSmallPlan(store, '他団体市');
    call = pdcaApp(store, actorsFor(f, other.municipality.id));
    m = `/api/m/${f.municipality.code}`;
    planBase = `${m}/plans/${f.plan.id}`;
    // two action items nobody is responsible for (the shape of 荒尾市DX推進計画 in the demo)
    ({ orphanA, orphanB } = await run(store, f.municipality.id, async (ctx) => ({
      orphanA: await createNode(ctx, f.plan.id, { parentId: f.nodes.measure.id, number: '4', title: '電子申請の拡充', schedule: { '2026': 'jisshi' } }),
      orphanB: await createNode(ctx, f.plan.id, { parentId: f.nodes.measure.id, number: '5', title: 'ペーパーレス会議' }),
    })));
  });
  afterAll(() => store.close());

  const draft = async (label: string) => {
    const res = await call<RoundDto>('secretariat', 'POST', `${planBase}/rounds`, newRound(label));
    expect(res.status).toBe(201);
    return res.body;
  };
  const reportNodes = async (roundId: string) =>
    (await store.db.select().from(reports).where(and(eq(reports.municipalityId, f.municipality.id), eq(reports.roundId, roundId)))).map((r) => r.nodeId).sort();

  it('the confirmation names the items without a 担当課 for the scope asked, before anything is made', async () => {
    const r = await draft('確認だけの照会');
    const all = await call<RoundOpeningPreview>('secretariat', 'GET', `${m}/rounds/${r.id}/opening`);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ mode: 'all', itemCount: 5, problems: [] });
    expect(all.body.withoutDepartment).toEqual([
      { id: orphanA.id, number: '4', title: '電子申請の拡充' },
      { id: orphanB.id, number: '5', title: 'ペーパーレス会議' },
    ]);
    // scheduled in 2026: item1, item2 and orphanA (item3 is 2027, orphanB has no schedule)
    const scheduled = await call<RoundOpeningPreview>('secretariat', 'GET', `${m}/rounds/${r.id}/opening?scope=scheduled`);
    expect(scheduled.body).toMatchObject({ mode: 'scheduled', itemCount: 3 });
    expect(scheduled.body.withoutDepartment.map((i) => i.title)).toEqual(['電子申請の拡充']);
    // the secretariat's question: a department may not ask it; a bad scope is named
    expect((await call<ApiErrorBody>('reporterZaisei', 'GET', `${m}/rounds/${r.id}/opening`)).status).toBe(403);
    const bad = await call<ApiErrorBody>('secretariat', 'GET', `${m}/rounds/${r.id}/opening?scope=some`);
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields![0]!.message).toBe('対象の選び方（scope）は all / scheduled / nodes のいずれかです。');
    expect(await reportNodes(r.id)).toEqual([]);
  });

  it('refuses to open without a decision, naming every item without a 担当課, and makes nothing', async () => {
    const r = await draft('決めずに開始する照会');
    const res = await call<ApiErrorBody>('secretariat', 'POST', `${m}/rounds/${r.id}/open`, { version: r.version });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe('照会を開始できません。各項目のメッセージを確認してください。');
    expect(res.body.error.fields).toEqual([
      {
        path: 'withoutDepartment',
        message:
          '担当課が設定されていない項目が2件あります。このまま開始すると、これらの報告はどの課にも届きません。計画で担当課を設定するか、「担当課のない項目を除いて開始する」か「担当課のない項目も含めて開始する（事務局が扱う）」を選んでください。',
      },
      { path: 'withoutDepartment.0', message: '「4 電子申請の拡充」に担当課が設定されていません。' },
      { path: 'withoutDepartment.1', message: '「5 ペーパーレス会議」に担当課が設定されていません。' },
    ]);
    const [row] = await store.db.select().from(rounds).where(eq(rounds.id, r.id));
    expect(row).toMatchObject({ state: 'draft', version: r.version });
    expect(await reportNodes(r.id)).toEqual([]);
    // a scope without such items needs no decision (item3 alone: 企画課)
    const only = await call<RoundDto>('secretariat', 'POST', `${m}/rounds/${r.id}/open`, { version: r.version, scope: { mode: 'nodes', nodeIds: [f.nodes.item3.id] } });
    expect(only.status).toBe(200);
    expect(await reportNodes(r.id)).toEqual([f.nodes.item3.id]);
  });

  it("'skip' leaves them out: reports, dashboard figures and 未提出 all count the same three items", async () => {
    const r = await draft('除いて開始する照会');
    const res = await call<RoundDto & { opened: RoundOpened }>('secretariat', 'POST', `${m}/rounds/${r.id}/open`, { version: r.version, withoutDepartment: 'skip' });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('open');
    expect(res.body.counts.total).toBe(3);
    expect(res.body.opened).toEqual({
      reportCount: 3,
      withoutDepartment: {
        choice: 'skip',
        items: [
          { id: orphanA.id, number: '4', title: '電子申請の拡充' },
          { id: orphanB.id, number: '5', title: 'ペーパーレス会議' },
        ],
      },
    });
    expect(roundOpenedMessage(res.body.label, '計画のすべての実施項目（中止・統合を除く）', res.body.opened)).toBe(
      '「除いて開始する照会」を開始しました。3件の実施項目について担当課に報告を依頼しました（対象：計画のすべての実施項目（中止・統合を除く））。担当課が設定されていない2件（「4 電子申請の拡充」、「5 ペーパーレス会議」）は対象から除きました。',
    );
    expect(await reportNodes(r.id)).toEqual([f.nodes.item1.id, f.nodes.item2.id, f.nodes.item3.id].sort());

    const completion = await call<CompletionViewDto>('secretariat', 'GET', `${m}/rounds/${r.id}/views/completion`);
    const missing = await call<MissingDto>('secretariat', 'GET', `${m}/rounds/${r.id}/missing`);
    expect(completion.body.total.items.count).toBe(3);
    expect(completion.body.total.notYet.count).toBe(3);
    expect(missing.body.total.count).toBe(3);
    expect(missing.body.departments.every((d) => d.department !== null)).toBe(true);
    expect(completion.body.rows.every((row) => row.department !== null)).toBe(true);

    const [audit] = await store.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.municipalityId, f.municipality.id), eq(auditLog.action, 'round.open'), eq(auditLog.entityId, r.id)));
    expect(audit!.after).toMatchObject({ reportCount: 3, withoutDepartment: { choice: 'skip', nodeIds: [orphanA.id, orphanB.id] } });
  });

  it("'secretariat' keeps them under 担当課なし: the figures, the 未提出 list and the secretariat's list of all departments agree", async () => {
    const r = await draft('事務局が扱う照会');
    const res = await call<RoundDto & { opened: RoundOpened }>('secretariat', 'POST', `${m}/rounds/${r.id}/open`, {
      version: r.version,
      withoutDepartment: 'secretariat',
    });
    expect(res.status).toBe(200);
    expect(res.body.counts.total).toBe(5);
    expect(res.body.opened.withoutDepartment.choice).toBe('secretariat');
    expect(roundOpenedMessage(res.body.label, '計画のすべての実施項目（中止・統合を除く）', res.body.opened)).toBe(
      '「事務局が扱う照会」を開始しました。5件の実施項目の報告を作りました（対象：計画のすべての実施項目（中止・統合を除く））。3件は担当課に報告を依頼し、担当課が設定されていない2件（「4 電子申請の拡充」、「5 ペーパーレス会議」）は「担当課なし」として事務局の報告一覧に入れました。',
    );

    const completion = await call<CompletionViewDto>('secretariat', 'GET', `${m}/rounds/${r.id}/views/completion`);
    const missing = await call<MissingDto>('secretariat', 'GET', `${m}/rounds/${r.id}/missing`);
    expect(completion.body.total.notYet.count).toBe(5);
    expect(missing.body.total.count).toBe(5);
    const none = missing.body.departments.find((d) => d.department === null)!;
    expect(none.missing.nodeIds.sort()).toEqual([orphanA.id, orphanB.id].sort());
    expect(completion.body.rows.find((row) => row.department === null)!.notYet.count).toBe(2);

    // the secretariat's list of all departments holds them; no department's list does
    const all = await call<ReportInboxDto>('secretariat', 'GET', `${m}/rounds/${r.id}/reports`);
    expect(all.body.total).toBe(5);
    expect(all.body.entries.filter((e) => e.item.departments.length === 0).map((e) => e.item.title)).toEqual(['電子申請の拡充', 'ペーパーレス会議']);
    const zaisei = await call<ReportInboxDto>('reporterZaisei', 'GET', `${m}/rounds/${r.id}/reports?department=${f.departments.zaisei.id}`);
    expect(zaisei.body.entries.map((e) => e.item.title)).not.toContain('電子申請の拡充');
  });

  it("'skip' when every item lacks a 担当課 is refused: the round would ask nothing", async () => {
    const r = await draft('誰にも届かない照会');
    const res = await call<ApiErrorBody>('secretariat', 'POST', `${m}/rounds/${r.id}/open`, {
      version: r.version,
      withoutDepartment: 'skip',
      scope: { mode: 'nodes', nodeIds: [orphanA.id, orphanB.id] },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual([
      {
        path: 'withoutDepartment',
        message: '対象の実施項目（2件）はどれも担当課が設定されていないため、除くと照会する項目がなくなります。計画で担当課を設定してから開始してください。',
      },
    ]);
    expect(await reportNodes(r.id)).toEqual([]);
    const bad = await call<ApiErrorBody>('secretariat', 'POST', `${m}/rounds/${r.id}/open`, { version: r.version, withoutDepartment: 'ask' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields![0]!.path).toBe('withoutDepartment');
  });

  it('answers every problem of the round form in one response, an empty date with 「…を入力してください」', async () => {
    const res = await call<ApiErrorBody>('secretariat', 'POST', `${planBase}/rounds`, { label: '', asOfDate: '', targetFiscalYear: 2031, deadline: '' });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual([
      { path: 'label', message: '照会名を入力してください（例: 令和8年度末見込み）。' },
      { path: 'asOfDate', message: '基準日を入力してください。' },
      { path: 'targetFiscalYear', message: '対象年度は計画期間（令和8年度〜令和11年度）の中から選んでください。' },
      { path: 'deadline', message: '回答期限を入力してください。' },
    ]);
    // a date that is written but is no day keeps the format message, together with the rest
    const shape = await call<ApiErrorBody>('secretariat', 'POST', `${planBase}/rounds`, { ...newRound(''), asOfDate: '2027/03/31' });
    expect(shape.body.error.fields).toEqual([
      { path: 'label', message: '照会名を入力してください（例: 令和8年度末見込み）。' },
      { path: 'asOfDate', message: '基準日はYYYY-MM-DDの形式で入力してください。' },
    ]);
    // the same on a change: clearing the deadline says it is missing
    const r = await draft('期限を消す照会');
    const patch = await call<ApiErrorBody>('secretariat', 'PATCH', `${m}/rounds/${r.id}`, { version: r.version, deadline: '', label: ' ' });
    expect(patch.status).toBe(422);
    expect(patch.body.error.fields).toEqual([
      { path: 'label', message: '照会名を入力してください（例: 令和8年度末見込み）。' },
      { path: 'deadline', message: '回答期限を入力してください。' },
    ]);
  });
});
