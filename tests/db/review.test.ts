/**
 * Review bodies (会議体・意見): commands and queries, and the HTTP API with switching actors,
 * on PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { auditLog, meetingAgenda, notifications, opinions, rounds, userDepartments, users } from '../../src/db/schema.js';
import { createApp } from '../../src/app.js';
import { demoAdministrator, type Actor, type Role } from '../../src/modules/access/domain/policy.js';
import { createPlan } from '../../src/modules/plans/commands/plans.js';
import { createNode } from '../../src/modules/plans/commands/nodes.js';
import { createMeeting, deleteMeeting, updateMeeting } from '../../src/modules/review/commands/meetings.js';
import { assignOpinion, closeOpinion, createOpinion, respondOpinion, returnOpinion, updateOpinion } from '../../src/modules/review/commands/opinions.js';
import { getMeeting, listMeetings } from '../../src/modules/review/queries/meetings.js';
import { getOpinionDetail, listOpinions, opinionSummary } from '../../src/modules/review/queries/opinions.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type { MeetingDto, MeetingListDto, OpinionDetailDto, OpinionListDto, OpinionSummaryDto } from '../../src/shared/api-types-review.js';
import type { OpenDataResourceDto } from '../../src/shared/api-types-publish.js';
import { AppError } from '../../src/shared/errors.js';
import { formatWarekiDate, todayInTokyo } from '../../src/modules/fiscal/domain/index.js';
import { addDays } from '../../src/modules/review/domain/opinion.js';
import type { CommandContext } from '../../src/shared/context.js';
import { buildSmallPlan, type SmallPlan } from '../support/fixtures.js';
import { backends, openTestStore, run } from '../support/stores.js';

async function addRound(store: Store, f: SmallPlan, label = '令和8年度末見込み') {
  const [r] = await store.db
    .insert(rounds)
    .values({ municipalityId: f.municipality.id, planId: f.plan.id, label, asOfDate: '2027-03-31', targetFiscalYear: 2026, deadline: '2027-02-15', state: 'open', fields: ['status'] })
    .returning();
  return r!;
}

async function addUser(store: Store, municipalityId: string, loginId: string, role: Role, departmentIds: string[], disabled = false) {
  const [u] = await store.db
    .insert(users)
    .values({ municipalityId, loginId, name: loginId, role, passwordHash: 'x', disabled })
    .returning();
  if (departmentIds.length) await store.db.insert(userDepartments).values(departmentIds.map((departmentId) => ({ municipalityId, userId: u!.id, departmentId })));
  return u!;
}

const expectAppError = async (p: Promise<unknown>, code: string, status?: number) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  if (status) expect((e as AppError).status).toBe(status);
  return e as AppError;
};

describe.each(backends())('review bodies on %s', (kind) => {
  let store: Store;
  let a: SmallPlan;
  let b: SmallPlan;
  let roundA: typeof rounds.$inferSelect;
  let roundB: typeof rounds.$inferSelect;
  let otherPlanNodeId: string;
  let zaiseiUser: { id: string };
  let zaiseiDisabled: { id: string };
  let somuUser: { id: string };
  const inA = <T>(fn: (ctx: CommandContext) => Promise<T>) => run(store, a.municipality.id, fn);
  const scopeA = () => ({ db: store.db, municipalityId: a.municipality.id });

  beforeAll(async () => {
    store = await openTestStore(kind);
    a = await buildSmallPlan(store, '会議市');
    b = await buildSmallPlan(store, '別市');
    roundA = await addRound(store, a);
    roundB = await addRound(store, b);
    otherPlanNodeId = await inA(async (ctx) => {
      const p = await createPlan(ctx, { kind: 'DX推進計画', title: 'DX推進計画', firstFiscalYear: 2026, lastFiscalYear: 2028, levelNames: ['施策'] });
      return (await createNode(ctx, p.id, { parentId: null, title: '電子申請' })).id;
    });
    zaiseiUser = await addUser(store, a.municipality.id, 'zaisei1', 'dept_reporter', [a.departments.zaisei.id]);
    zaiseiDisabled = await addUser(store, a.municipality.id, 'zaisei-old', 'dept_reporter', [a.departments.zaisei.id], true);
    somuUser = await addUser(store, a.municipality.id, 'somu1', 'dept_approver', [a.departments.somu.id]);
  });
  afterAll(() => store.close());

  describe('meetings', () => {
    it('records a meeting with members, minutes and an ordered agenda linked to a round and an item', async () => {
      const m = await inA((ctx) =>
        createMeeting(ctx, {
          body: '推進本部',
          title: ' 第1回行政改革推進本部会議 ',
          heldOn: '2026-05-20',
          members: [
            { name: '会議 一郎', role: '本部長' },
            { name: '会議 二郎', role: '副本部長' },
          ],
          minutes: '開会\n進捗状況を報告した。',
          agenda: [{ title: '令和8年度の進捗状況', roundId: roundA.id, nodeId: a.nodes.item1.id }, { title: 'その他' }],
        }),
      );
      const dto = await getMeeting(scopeA(), m.id);
      expect(dto).toMatchObject({ body: '推進本部', standardBody: true, title: '第1回行政改革推進本部会議', heldOn: '2026-05-20', heldOnLabel: '令和8年5月20日', memberCount: 2, agendaCount: 2, version: 1 });
      expect(dto.agenda.map((x) => [x.sortOrder, x.title, x.roundLabel, x.nodeTitle, x.planId])).toEqual([
        [0, '令和8年度の進捗状況', '令和8年度末見込み', 'ＲＰＡによる定型業務の自動化', a.plan.id],
        [1, 'その他', null, null, null],
      ]);
      const audit = await store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, a.municipality.id), eq(auditLog.entityId, m.id)));
      expect(audit.map((x) => x.action)).toEqual(['meeting.create']);
      expect((audit[0]!.after as { agenda: unknown[] }).agenda).toHaveLength(2);
    });

    it('accepts another body name as free text', async () => {
      const m = await inA((ctx) => createMeeting(ctx, { body: '行政改革懇談会', title: '懇談会', heldOn: '2026-06-01' }));
      expect((await getMeeting(scopeA(), m.id)).standardBody).toBe(false);
    });

    it('refuses agenda links to another municipality’s round or item, and an item outside the round’s plan', async () => {
      const e = await expectAppError(
        inA((ctx) =>
          createMeeting(ctx, {
            body: '幹事会',
            title: '第1回幹事会',
            heldOn: '2026-05-10',
            agenda: [{ title: 'x', roundId: roundB.id }, { title: 'y', nodeId: b.nodes.item1.id }, { title: 'z', roundId: roundA.id, nodeId: otherPlanNodeId }],
          }),
        ),
        'validation',
        422,
      );
      expect(e.fields).toEqual([
        { path: 'agenda.0.roundId', message: '議題1に指定された照会は、この団体に見つかりません。' },
        { path: 'agenda.1.nodeId', message: '議題2に指定された計画の項目は、この団体に見つかりません。' },
        { path: 'agenda.2.nodeId', message: '議題3の項目「電子申請」は、照会「令和8年度末見込み」の計画に含まれていません。' },
      ]);
      expect((await listMeetings(scopeA(), { body: '幹事会' })).items).toEqual([]);
    });

    it('updates with the version, keeps agenda ids on reorder, and answers 409 with the stored meeting on a stale save', async () => {
      const m = await inA((ctx) => createMeeting(ctx, { body: '審議会', title: '第1回審議会', heldOn: '2026-07-01', agenda: [{ title: 'A' }, { title: 'B' }] }));
      const before = await getMeeting(scopeA(), m.id);
      const [ia, ib] = before.agenda;
      await inA((ctx) =>
        updateMeeting(ctx, m.id, { version: 1, minutes: '委員から意見があった。', members: [{ name: '審議 花子', role: '会長' }], agenda: [{ id: ib!.id, title: 'B改' }, { title: 'C' }, { id: ia!.id, title: 'A' }] }),
      );
      const after = await getMeeting(scopeA(), m.id);
      expect(after.version).toBe(2);
      expect(after.agenda.map((x) => [x.title, x.sortOrder])).toEqual([
        ['B改', 0],
        ['C', 1],
        ['A', 2],
      ]);
      expect(after.agenda[0]!.id).toBe(ib!.id);
      expect(after.agenda[2]!.id).toBe(ia!.id);
      const stale = await expectAppError(inA((ctx) => updateMeeting(ctx, m.id, { version: 1, title: '上書き' })), 'conflict', 409);
      expect(stale.message).toContain('他の人が先に更新しました');
      expect((stale.current as MeetingDto).minutes).toBe('委員から意見があった。');
      expect((await getMeeting(scopeA(), m.id)).title).toBe('第1回審議会');
      // an agenda id of another meeting is refused
      const other = await getMeeting(scopeA(), (await listMeetings(scopeA(), { body: '推進本部' })).items[0]!.id);
      const e = await expectAppError(inA((ctx) => updateMeeting(ctx, m.id, { version: 2, agenda: [{ id: other.agenda[0]!.id, title: '盗用' }] })), 'validation');
      expect(e.fields![0]!.path).toBe('agenda.0.id');
    });

    it('deletes a meeting (agenda goes with it) but not one that has opinions', async () => {
      const m = await inA((ctx) => createMeeting(ctx, { body: '専門部会', title: 'DX専門部会', heldOn: '2026-08-01', agenda: [{ title: 'x' }] }));
      const o = await inA((ctx) => createOpinion(ctx, { body: '部会での意見', meetingId: m.id }));
      const e = await expectAppError(inA((ctx) => deleteMeeting(ctx, m.id, 1)), 'conflict', 409);
      expect(e.message).toBe('会議「DX専門部会」には意見が1件登録されているため削除できません。先に各意見の会議の指定を外すか、別の会議に付け替えてください。');
      await inA((ctx) => updateOpinion(ctx, o.id, { version: 1, meetingId: null }));
      await inA((ctx) => deleteMeeting(ctx, m.id, 1));
      expect(await store.db.select().from(meetingAgenda).where(and(eq(meetingAgenda.municipalityId, a.municipality.id), eq(meetingAgenda.meetingId, m.id)))).toEqual([]);
      expect((await store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, a.municipality.id), eq(auditLog.entityId, m.id)))).map((x) => x.action).sort()).toEqual([
        'meeting.create',
        'meeting.delete',
      ]);
    });

    it('commands in A’s context cannot reach B’s meetings or opinions', async () => {
      const mb = await run(store, b.municipality.id, (ctx) => createMeeting(ctx, { body: '審議会', title: 'B審議会', heldOn: '2026-05-01' }));
      const ob = await run(store, b.municipality.id, (ctx) => createOpinion(ctx, { body: 'Bの意見', meetingId: mb.id }));
      await expectAppError(inA((ctx) => updateMeeting(ctx, mb.id, { version: 1, title: '乗っ取り' })), 'not_found', 404);
      await expectAppError(inA((ctx) => deleteMeeting(ctx, mb.id, 1)), 'not_found', 404);
      await expectAppError(getMeeting(scopeA(), mb.id), 'not_found', 404);
      await expectAppError(inA((ctx) => respondOpinion(ctx, ob.id, { version: 1, response: 'x' })), 'not_found', 404);
      await expectAppError(inA((ctx) => createOpinion(ctx, { body: 'x', meetingId: mb.id })), 'validation', 422);
      await expectAppError(inA((ctx) => createOpinion(ctx, { body: 'x', nodeId: b.nodes.item1.id })), 'validation', 422);
      await expectAppError(inA((ctx) => createOpinion(ctx, { body: 'x', assignedDepartmentId: b.departments.zaisei.id })), 'validation', 422);
      expect((await listOpinions(scopeA(), demoAdministrator, { meeting: mb.id })).total).toBe(0);
      expect((await getMeeting({ db: store.db, municipalityId: b.municipality.id }, mb.id)).title).toBe('B審議会');
    });
  });

  describe('opinions', () => {
    const notificationsOf = (userId: string) =>
      store.db.select().from(notifications).where(and(eq(notifications.municipalityId, a.municipality.id), eq(notifications.userId, userId)));

    it('walks open → answered → (returned) open → answered → closed, notifying the assigned department', async () => {
      const n0 = (await notificationsOf(zaiseiUser.id)).length;
      const o = await inA((ctx) => createOpinion(ctx, { body: '補助金の見直しは効果額を示してほしい。', nodeId: a.nodes.item2.id, assignedDepartmentId: a.departments.zaisei.id }));
      const notes = await notificationsOf(zaiseiUser.id);
      expect(notes).toHaveLength(n0 + 1);
      expect(notes.at(-1)).toMatchObject({ kind: 'opinion.assigned', title: '意見への対応方針の作成依頼', link: `/m/${a.municipality.code}/opinions/${o.id}` });
      expect(await notificationsOf(zaiseiDisabled.id)).toEqual([]);
      expect(await notificationsOf(somuUser.id)).toEqual([]);

      await inA((ctx) => respondOpinion(ctx, o.id, { version: 1, response: '令和9年度予算から効果額を公表します。' }));
      const e = await expectAppError(inA((ctx) => returnOpinion(ctx, o.id, { version: 2, comment: ' ' })), 'validation', 422);
      expect(e.fields).toEqual([{ path: 'comment', message: '差戻しの理由（コメント）を入力してください。' }]);
      await inA((ctx) => returnOpinion(ctx, o.id, { version: 2, comment: '公表の方法も書いてください。' }));
      let d = await getOpinionDetail(scopeA(), demoAdministrator, o.id);
      expect(d).toMatchObject({ state: 'open', stateLabel: '対応方針待ち', returnComment: '公表の方法も書いてください。', response: '令和9年度予算から効果額を公表します。' });
      expect((await notificationsOf(zaiseiUser.id)).at(-1)).toMatchObject({ kind: 'opinion.returned' });
      expect((await notificationsOf(zaiseiUser.id)).at(-1)!.body).toContain('公表の方法も書いてください。');

      await inA((ctx) => respondOpinion(ctx, o.id, { version: 3, response: '令和9年度予算から効果額をホームページで公表します。' }));
      await expectAppError(inA((ctx) => closeOpinion(ctx, o.id, { version: 3 })), 'conflict', 409);
      await inA((ctx) => closeOpinion(ctx, o.id, { version: 4 }));
      d = await getOpinionDetail(scopeA(), demoAdministrator, o.id);
      expect(d).toMatchObject({ state: 'closed', returnComment: null, respondedBy: 'デモ管理者', version: 5, node: { id: a.nodes.item2.id, planId: a.plan.id, title: '補助金の見直し' } });
      expect(d.closedAt).not.toBeNull();
      expect(d.history.map((h) => h.actionLabel)).toEqual(['登録', '対応方針の回答', '差戻し', '対応方針の回答', '完了']);
      expect(d.history[0]!.detail).toBe('担当課: 財政課');
      expect(d.history[2]!.detail).toBe('公表の方法も書いてください。');
      expect(d.can).toEqual({ edit: false, assign: false, respond: false, return: false, close: false });

      const wrong = await expectAppError(inA((ctx) => respondOpinion(ctx, o.id, { version: 5, response: 'x' })), 'validation', 422);
      expect(wrong.message).toBe('状態が「完了」の意見には「対応方針の回答」はできません。');
      await expectAppError(inA((ctx) => updateOpinion(ctx, o.id, { version: 5, body: 'x' })), 'validation', 422);
    });

    it('records a general opinion, assigns it later (notifying), refuses an abolished department and answering before assignment', async () => {
      const o = await inA((ctx) => createOpinion(ctx, { body: '計画全体の数値目標を分かりやすく。' }));
      const e = await expectAppError(inA((ctx) => respondOpinion(ctx, o.id, { version: 1, response: 'x' })), 'validation', 422);
      expect(e.message).toContain('まだ担当課に割り当てられていない');
      const old = await inA(async (ctx) => {
        const { createDepartment } = await import('../../src/modules/departments/commands/departments.js');
        return createDepartment(ctx, { name: '旧企画課', kind: '課', validFrom: '2000-04-01', validTo: '2020-04-01' });
      });
      const abolished = await expectAppError(inA((ctx) => assignOpinion(ctx, o.id, { version: 1, departmentId: old.id })), 'validation', 422);
      expect(abolished.fields![0]).toEqual({ path: 'departmentId', message: '旧企画課は現在有効な組織ではないため、割り当てられません（廃止・統合後は後継の組織を選んでください）。' });
      const before = (await notificationsOf(somuUser.id)).length;
      await inA((ctx) => assignOpinion(ctx, o.id, { version: 1, departmentId: a.departments.somu.id }));
      expect(await notificationsOf(somuUser.id)).toHaveLength(before + 1);
      const same = await expectAppError(inA((ctx) => assignOpinion(ctx, o.id, { version: 2, departmentId: a.departments.somu.id })), 'validation', 422);
      expect(same.message).toBe('この意見は既にその担当課に割り当てられています。');
    });

    it('lists with filters and paging, and counts open / overdue per department', async () => {
      const m = await inA((ctx) => createMeeting(ctx, { body: '審議会', title: '第2回審議会', heldOn: '2026-09-01' }));
      for (let i = 0; i < 3; i++) await inA((ctx) => createOpinion(ctx, { body: `審議会意見${i + 1}`, meetingId: m.id, assignedDepartmentId: a.departments.zaisei.id }));
      const answered = await inA((ctx) => createOpinion(ctx, { body: '審議会意見4', meetingId: m.id, assignedDepartmentId: a.departments.somu.id }));
      await inA((ctx) => respondOpinion(ctx, answered.id, { version: 1, response: '対応します。' }));

      const byMeeting = await listOpinions(scopeA(), demoAdministrator, { meeting: m.id, pageSize: 2 });
      expect(byMeeting.total).toBe(4);
      expect(byMeeting.items).toHaveLength(2);
      const page2 = await listOpinions(scopeA(), demoAdministrator, { meeting: m.id, pageSize: 2, page: 2 });
      expect(new Set([...byMeeting.items, ...page2.items].map((x) => x.id)).size).toBe(4);
      expect((await listOpinions(scopeA(), demoAdministrator, { meeting: m.id, state: 'answered' })).items.map((x) => x.body)).toEqual(['審議会意見4']);
      expect((await listOpinions(scopeA(), demoAdministrator, { meeting: m.id, department: a.departments.zaisei.id })).total).toBe(3);
      expect((await listOpinions(scopeA(), demoAdministrator, { node: a.nodes.item2.id })).items.map((x) => x.body)).toEqual(['補助金の見直しは効果額を示してほしい。']);
      expect((await listOpinions(scopeA(), demoAdministrator, { department: 'none' })).items.map((x) => x.body)).toEqual(['部会での意見']);
      expect((await listMeetings(scopeA(), { body: '審議会' })).items.find((x) => x.id === m.id)!.opinions).toEqual({ open: 3, answered: 1, closed: 0 });

      const today = (await import('../../src/modules/fiscal/domain/index.js')).todayInTokyo();
      const now = await opinionSummary(scopeA(), today);
      const zaisei = now.departments.find((d) => d.departmentId === a.departments.zaisei.id)!;
      expect(zaisei).toMatchObject({ departmentName: '財政課', open: 3, overdue: 0, answered: 0, closed: 1 });
      // 31 days on, the three open ones are overdue; the answered one is not
      const later = new Date(`${today}T12:00:00+09:00`);
      later.setUTCDate(later.getUTCDate() + 31);
      const future = later.toISOString().slice(0, 10);
      const then = await opinionSummary(scopeA(), future);
      expect(then.departments.find((d) => d.departmentId === a.departments.zaisei.id)).toMatchObject({ open: 3, overdue: 3 });
      expect(then.departments.find((d) => d.departmentId === a.departments.somu.id)).toMatchObject({ open: 1, overdue: 1, answered: 1 });
      expect(then.totals.overdue).toBe(4);
      const overdueList = await listOpinions(scopeA(), demoAdministrator, { meeting: m.id, overdue: true }, future);
      expect(overdueList.total).toBe(3);
      expect(overdueList.items.every((x) => x.overdue)).toBe(true);
      expect((await listOpinions(scopeA(), demoAdministrator, { meeting: m.id, overdue: false }, future)).total).toBe(1);
    });

    it('assignment, its notifications and its audit row are one transaction', async () => {
      const before = (await notificationsOf(zaiseiUser.id)).length;
      await expect(
        inA(async (ctx) => {
          await createOpinion(ctx, { body: '取り消される意見', assignedDepartmentId: a.departments.zaisei.id });
          throw new Error('after the command');
        }),
      ).rejects.toThrow('after the command');
      expect(await notificationsOf(zaiseiUser.id)).toHaveLength(before);
      expect(await store.db.select().from(opinions).where(and(eq(opinions.municipalityId, a.municipality.id), eq(opinions.body, '取り消される意見')))).toEqual([]);
    });
  });

  describe('HTTP API with switching actors', () => {
    let app: ReturnType<typeof createApp>;
    const mk = (id: string, role: Role, municipalityId: string | null, departmentIds: string[] = []): Actor => ({ id, name: id, role, municipalityId, departmentIds });
    let actors: Record<string, Actor>;
    const call = async <T>(who: string, method: string, path: string, body?: unknown) => {
      const res = await app.request(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-test-actor': who },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
    };
    let base: string;

    beforeAll(() => {
      actors = {
        admin: demoAdministrator,
        secretariat: mk('sec-a', 'secretariat', a.municipality.id),
        zaisei: mk('zaisei-a', 'dept_reporter', a.municipality.id, [a.departments.zaisei.id]),
        somu: mk('somu-a', 'dept_approver', a.municipality.id, [a.departments.somu.id]),
        council: mk('council-a', 'council', a.municipality.id),
        viewer: mk('viewer-a', 'viewer', a.municipality.id),
        secretariatB: mk('sec-b', 'secretariat', b.municipality.id),
      };
      app = createApp({ store, resolveActor: (req) => actors[req.headers.get('x-test-actor') ?? 'admin'] ?? demoAdministrator });
      base = `/api/m/${a.municipality.code}`;
    });

    it('the secretariat records a meeting and an opinion; council members and viewers read them but cannot write', async () => {
      const m = await call<MeetingDto>('secretariat', 'POST', `${base}/meetings`, {
        body: '審議会',
        title: '第3回行政改革審議会',
        heldOn: '2026-10-01',
        members: [{ name: '委員 太郎', role: '会長' }],
        agenda: [{ title: '補助金の見直しについて', nodeId: a.nodes.item2.id }],
      });
      expect(m.status).toBe(201);
      expect(m.body.agenda[0]!.nodeNumber).toBe('2');
      const o = await call<OpinionDetailDto>('secretariat', 'POST', `${base}/opinions`, { body: '補助金の終期を設定すべき。', meetingId: m.body.id, nodeId: a.nodes.item2.id, assignedDepartmentId: a.departments.zaisei.id });
      expect(o.status).toBe(201);
      expect(o.body).toMatchObject({ state: 'open', meeting: { title: '第3回行政改革審議会', body: '審議会' }, assignedDepartment: { name: '財政課' } });
      expect(o.body.can).toEqual({ edit: true, assign: true, respond: false, return: false, close: false });

      for (const who of ['council', 'viewer', 'zaisei']) {
        expect((await call<MeetingListDto>(who, 'GET', `${base}/meetings`)).status).toBe(200);
        const detail = await call<MeetingDto>(who, 'GET', `${base}/meetings/${m.body.id}`);
        expect(detail.body.title).toBe('第3回行政改革審議会');
        expect((await call<OpinionListDto>(who, 'GET', `${base}/opinions?meeting=${m.body.id}`)).body.total).toBe(1);
        expect((await call<OpinionDetailDto>(who, 'GET', `${base}/opinions/${o.body.id}`)).status).toBe(200);
      }
      const refused = await call<ApiErrorBody>('council', 'POST', `${base}/opinions`, { body: '委員が直接書く' });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe('審議会委員の権限では「意見の登録」はできません（会議市の意見）。事務局のみが行えます。');
      const patch = await call<ApiErrorBody>('council', 'PATCH', `${base}/meetings/${m.body.id}`, { version: 1, minutes: '改ざん' });
      expect(patch.status).toBe(403);
      expect(patch.body.error.message).toBe('審議会委員の権限では「会議の登録・編集・削除」はできません（会議市の会議「第3回行政改革審議会」）。事務局のみが行えます。');
      expect((await call<ApiErrorBody>('viewer', 'POST', `${base}/opinions/${o.body.id}/close`, { version: 1 })).status).toBe(403);
    });

    it('only the assigned department answers; the secretariat returns and closes', async () => {
      const o = await call<OpinionDetailDto>('secretariat', 'POST', `${base}/opinions`, { body: '窓口の待ち時間を短縮すること。', assignedDepartmentId: a.departments.zaisei.id });
      const id = o.body.id;
      const other = await call<ApiErrorBody>('somu', 'POST', `${base}/opinions/${id}/respond`, { version: 1, response: '総務課が答える' });
      expect(other.status).toBe(403);
      expect(other.body.error.message).toBe(
        '会議市の意見「窓口の待ち時間を短縮すること。」は財政課に割り当てられています。対応方針の回答は、割り当てられた担当課の報告者・承認者のみが行えます。',
      );
      const sec = await call<ApiErrorBody>('secretariat', 'POST', `${base}/opinions/${id}/respond`, { version: 1, response: '事務局が代筆' });
      expect(sec.status).toBe(403);
      expect(sec.body.error.message).toContain('割り当てられた担当課の報告者・承認者のみが行えます');
      expect((await call<OpinionDetailDto>('somu', 'GET', `${base}/opinions/${id}`)).body.can.respond).toBe(false);
      expect((await call<OpinionDetailDto>('zaisei', 'GET', `${base}/opinions/${id}`)).body.can.respond).toBe(true);

      const ok = await call<OpinionDetailDto>('zaisei', 'POST', `${base}/opinions/${id}/respond`, { version: 1, response: '予約制を導入します。' });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ state: 'answered', respondedBy: 'zaisei-a', version: 2 });
      expect((await call<ApiErrorBody>('zaisei', 'POST', `${base}/opinions/${id}/close`, { version: 2 })).status).toBe(403);
      const ret = await call<ApiErrorBody>('secretariat', 'POST', `${base}/opinions/${id}/return`, { version: 2 });
      expect(ret.status).toBe(422);
      expect(ret.body.error.fields![0]!.path).toBe('comment');
      const back = await call<OpinionDetailDto>('secretariat', 'POST', `${base}/opinions/${id}/return`, { version: 2, comment: '導入時期を書いてください。' });
      expect(back.body).toMatchObject({ state: 'open', returnComment: '導入時期を書いてください。' });
      await call('zaisei', 'POST', `${base}/opinions/${id}/respond`, { version: 3, response: '令和9年度から予約制を導入します。' });
      const stale = await call<ApiErrorBody>('secretariat', 'POST', `${base}/opinions/${id}/close`, { version: 3 });
      expect(stale.status).toBe(409);
      expect((stale.body.error.current as { version: number }).version).toBe(4);
      const closed = await call<OpinionDetailDto>('secretariat', 'POST', `${base}/opinions/${id}/close`, { version: 4 });
      expect(closed.body.state).toBe('closed');

      const summary = await call<OpinionSummaryDto>('council', 'GET', `${base}/opinions/summary`);
      expect(summary.status).toBe(200);
      expect(summary.body.departments.find((d) => d.departmentId === a.departments.zaisei.id)!.closed).toBeGreaterThanOrEqual(2);
    });

    it('publishes a meeting’s opinions and responses for citizens once all are closed, and withdraws them', async () => {
      const m = await call<MeetingDto>('secretariat', 'POST', `${base}/meetings`, { body: '審議会', title: '第4回行政改革審議会', heldOn: '2026-11-01' });
      expect(m.body).toMatchObject({ publishedAt: null, publishedOnLabel: '' });
      expect(m.body.publishProblems).toEqual(['この会議には意見が登録されていません。公表するのは、会議で出た意見と市の対応です。']);
      const none = await call<ApiErrorBody>('secretariat', 'POST', `${base}/meetings/${m.body.id}/publish`, { version: m.body.version });
      expect(none.status).toBe(409);
      expect(none.body.error.message).toBe('会議「第4回行政改革審議会」: この会議には意見が登録されていません。公表するのは、会議で出た意見と市の対応です。');

      const mk = async (body: string) =>
        (await call<OpinionDetailDto>('secretariat', 'POST', `${base}/opinions`, { body, meetingId: m.body.id, nodeId: a.nodes.item2.id, assignedDepartmentId: a.departments.zaisei.id })).body;
      const o1 = await mk('補助金の効果を検証して公表すること。');
      const o2 = await mk('内部向けのメモ（まだ回答待ち）');
      await call('zaisei', 'POST', `${base}/opinions/${o1.id}/respond`, { version: o1.version, response: '令和9年度から補助金ごとに効果を検証し、結果を公表します。' });
      const pending = await call<MeetingDto>('secretariat', 'GET', `${base}/meetings/${m.body.id}`);
      expect(pending.body.publishProblems).toEqual(['完了していない意見が2件あります（対応待ち1件・回答済み（事務局の確認待ち）1件）。すべての意見を完了してから公表してください。']);
      expect((await call<ApiErrorBody>('secretariat', 'POST', `${base}/meetings/${m.body.id}/publish`, { version: pending.body.version })).status).toBe(409);

      // o2 is answered and closed too; then only the secretariat may publish
      await call('secretariat', 'POST', `${base}/opinions/${o1.id}/close`, { version: o1.version + 1 });
      await call('zaisei', 'POST', `${base}/opinions/${o2.id}/respond`, { version: o2.version, response: '検討します。' });
      await call('secretariat', 'POST', `${base}/opinions/${o2.id}/close`, { version: o2.version + 1 });
      const ready = (await call<MeetingDto>('secretariat', 'GET', `${base}/meetings/${m.body.id}`)).body;
      expect(ready.publishProblems).toEqual([]);
      for (const who of ['council', 'viewer', 'zaisei']) {
        const refused = await call<ApiErrorBody>(who, 'POST', `${base}/meetings/${m.body.id}/publish`, { version: ready.version });
        expect(refused.status, who).toBe(403);
        expect(refused.body.error.message).toContain('「会議の意見と対応の公表」はできません');
      }
      const stale = await call<ApiErrorBody>('secretariat', 'POST', `${base}/meetings/${m.body.id}/publish`, { version: ready.version - 1 });
      expect(stale.status).toBe(409);
      const published = await call<MeetingDto>('secretariat', 'POST', `${base}/meetings/${m.body.id}/publish`, { version: ready.version });
      expect(published.status).toBe(200);
      expect(published.body.publishedAt).not.toBeNull();
      expect(published.body.publishedOnLabel).toBe(formatWarekiDate(todayInTokyo()));
      expect(published.body.version).toBe(ready.version + 1);
      expect(published.body.publishProblems).toEqual(['この会議の意見と対応は既に公表しています。']);
      const audits = await store.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.municipalityId, a.municipality.id), eq(auditLog.entityId, m.body.id), eq(auditLog.action, 'meeting.publish')));
      expect(audits).toHaveLength(1);

      // the citizens' page: the meeting with both closed opinions and their responses, nothing internal
      const pub = await app.request(`/m/${a.municipality.code}/council`);
      expect(pub.status).toBe(200);
      const html = await pub.text();
      expect(html).toContain('第4回行政改革審議会');
      expect(html).toContain('補助金の効果を検証して公表すること。');
      expect(html).toContain('令和9年度から補助金ごとに効果を検証し、結果を公表します。');
      expect(html).toContain('担当: 財政課');
      expect(html).not.toContain('委員 太郎'); // members of another (unpublished) meeting, and members are never shown
      expect(html).not.toContain('第3回行政改革審議会'); // not published
      expect(html).not.toMatch(/<script/i);
      // the same opinions as open data, without a session: one row per closed opinion of the published meeting
      const od = (await (await app.request(`/api/public/m/${a.municipality.code}/opendata/opinions.json`)).json()) as OpenDataResourceDto;
      const rows = od.records.filter((r) => r.meeting_id === m.body.id);
      expect(rows.map((r) => [r.opinion, r.response, r.department, r.node_number, r.meeting_body])).toEqual([
        ['補助金の効果を検証して公表すること。', '令和9年度から補助金ごとに効果を検証し、結果を公表します。', '財政課', '2', '審議会'],
        ['内部向けのメモ（まだ回答待ち）', '検討します。', '財政課', '2', '審議会'],
      ]);
      expect(rows[0]).toMatchObject({ lg_code: a.municipality.code, published_on: todayInTokyo(), published_on_wareki: formatWarekiDate(todayInTokyo()), plan_id: a.plan.id, node_id: a.nodes.item2.id });
      expect(od.records.some((r) => r.meeting_title === '第3回行政改革審議会')).toBe(false);
      // another municipality's page does not show it
      expect(await (await app.request(`/m/${b.municipality.code}/council`)).text()).not.toContain('補助金の効果を検証して公表すること。');

      const withdrawn = await call<MeetingDto>('secretariat', 'POST', `${base}/meetings/${m.body.id}/unpublish`, { version: published.body.version });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body.publishedAt).toBeNull();
      expect(await (await app.request(`/m/${a.municipality.code}/council`)).text()).not.toContain('第4回行政改革審議会');
      const after = (await (await app.request(`/api/public/m/${a.municipality.code}/opendata/opinions.json`)).json()) as OpenDataResourceDto;
      expect(after.records.some((r) => r.meeting_id === m.body.id)).toBe(false);
      const again = await call<ApiErrorBody>('secretariat', 'POST', `${base}/meetings/${m.body.id}/unpublish`, { version: withdrawn.body.version });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain('まだ公表していません');
    });

    it('another municipality’s ids are 404 under this municipality’s code; another municipality’s staff are refused', async () => {
      const mb = await run(store, b.municipality.id, (ctx) => createMeeting(ctx, { body: '推進本部', title: 'B本部会議', heldOn: '2026-05-01' }));
      const ob = await run(store, b.municipality.id, (ctx) => createOpinion(ctx, { body: 'Bの意見', assignedDepartmentId: b.departments.zaisei.id }));
      const cases: [string, string, unknown?][] = [
        ['GET', `${base}/meetings/${mb.id}`],
        ['PATCH', `${base}/meetings/${mb.id}`, { version: 1, title: '乗っ取り' }],
        ['DELETE', `${base}/meetings/${mb.id}?version=1`],
        ['GET', `${base}/opinions/${ob.id}`],
        ['PATCH', `${base}/opinions/${ob.id}`, { version: 1, body: '乗っ取り' }],
        ['POST', `${base}/opinions/${ob.id}/respond`, { version: 1, response: '乗っ取り' }],
        ['POST', `${base}/opinions/${ob.id}/close`, { version: 1 }],
        ['GET', `${base}/meetings/not-a-uuid`],
      ];
      for (const [method, path, body] of cases) {
        const res = await call<ApiErrorBody>('admin', method, path, body);
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.body.error.message).toMatch(/^会議市の(会議|意見)（ID: [^）]+）が見つかりません。$/);
      }
      const link = await call<ApiErrorBody>('secretariat', 'POST', `${base}/opinions`, { body: 'x', meetingId: mb.id });
      expect(link.status).toBe(422);
      expect(link.body.error.fields).toEqual([{ path: 'meetingId', message: '指定された会議は、この団体に見つかりません。' }]);
      const agenda = await call<ApiErrorBody>('secretariat', 'POST', `${base}/meetings`, { body: '審議会', title: 'x', heldOn: '2026-05-01', agenda: [{ title: 'x', roundId: roundB.id }] });
      expect(agenda.status).toBe(422);
      // B's secretariat under A's code
      const cross = await call<ApiErrorBody>('secretariatB', 'GET', `${base}/opinions`);
      expect(cross.status).toBe(403);
      expect(cross.body.error.message).toBe('会議市のデータは、この団体の職員・委員のみが扱えます（意見の閲覧：会議市の意見）。');
      expect((await call<ApiErrorBody>('secretariatB', 'GET', `/api/m/${b.municipality.code}/meetings/${mb.id}`)).status).toBe(200);
      // B is untouched
      const sb = { db: store.db, municipalityId: b.municipality.id };
      expect((await getMeeting(sb, mb.id)).title).toBe('B本部会議');
      expect((await getOpinionDetail(sb, demoAdministrator, ob.id)).body).toBe('Bの意見');
    });

    it('validates with Japanese field messages and answers 409 on a stale meeting save', async () => {
      const bad = await call<ApiErrorBody>('secretariat', 'POST', `${base}/meetings`, { body: '', title: '第4回', heldOn: '2026/10/01', members: [{ name: '', role: '委員' }] });
      expect(bad.status).toBe(422);
      expect(bad.body.error.fields!.map((f) => f.path).sort()).toEqual(['heldOn']);
      const bad2 = await call<ApiErrorBody>('secretariat', 'POST', `${base}/meetings`, { body: '', title: '第4回', heldOn: '2026-10-01', members: [{ name: '', role: '委員' }] });
      expect(bad2.body.error.fields).toEqual([
        { path: 'body', message: '会議体を入力してください（例: 推進本部・幹事会・専門部会・審議会）。' },
        { path: 'members.0.name', message: '1人目の氏名を入力してください。' },
      ]);
      const m = await call<MeetingDto>('secretariat', 'POST', `${base}/meetings`, { body: '幹事会', title: '第4回幹事会', heldOn: '2026-10-01' });
      const first = await call<MeetingDto>('secretariat', 'PATCH', `${base}/meetings/${m.body.id}`, { version: 1, minutes: '議事録A' });
      expect(first.body.version).toBe(2);
      const second = await call<ApiErrorBody>('admin', 'PATCH', `${base}/meetings/${m.body.id}`, { version: 1, minutes: '議事録B' });
      expect(second.status).toBe(409);
      expect((second.body.error.current as MeetingDto).minutes).toBe('議事録A');
      const del = await call('secretariat', 'DELETE', `${base}/meetings/${m.body.id}?version=2`);
      expect(del.status).toBe(204);
      const list = await call<OpinionListDto>('admin', 'GET', `${base}/opinions?state=bogus`);
      expect(list.status).toBe(422);
      expect(list.body as unknown as ApiErrorBody).toMatchObject({ error: { fields: [{ path: 'state' }] } });
    });

    it('documents its routes in /api/openapi.json', async () => {
      const doc = await call<{ paths: Record<string, Record<string, { summary: string }>> }>('admin', 'GET', '/api/openapi.json');
      for (const p of ['/api/m/{code}/meetings', '/api/m/{code}/meetings/{meetingId}', '/api/m/{code}/opinions', '/api/m/{code}/opinions/summary', '/api/m/{code}/opinions/{opinionId}/respond', '/api/m/{code}/audit/export.csv'])
        expect(doc.body.paths[p], p).toBeDefined();
    });

    describe('回答期限 (due_on)', () => {
      const today = () => todayInTokyo();
      const plus = (n: number) => addDays(today(), n);
      const auditOf = (id: string) =>
        store.db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.municipalityId, a.municipality.id), eq(auditLog.entity, 'opinion'), eq(auditLog.entityId, id)))
          .orderBy(auditLog.at, auditLog.id);
      const rowOf = async (id: string) => (await store.db.select().from(opinions).where(and(eq(opinions.municipalityId, a.municipality.id), eq(opinions.id, id))))[0]!;

      it('is set on registration, changed with the version, cleared back to the default, and audited; a stale save is 409', async () => {
        const created = await call<OpinionDetailDto>('secretariat', 'POST', `${base}/opinions`, {
          body: '次回審議会までに対応方針を示すこと。',
          assignedDepartmentId: a.departments.zaisei.id,
          dueOn: plus(45),
        });
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({ dueOn: plus(45), effectiveDueOn: plus(45), dueOnIsDefault: false, overdue: false, version: 1 });
        expect(created.body.history[0]!.detail).toBe(`担当課: 財政課\n回答期限: ${formatWarekiDate(plus(45))}`);
        const id = created.body.id;

        const changed = await call<OpinionDetailDto>('secretariat', 'PATCH', `${base}/opinions/${id}`, { version: 1, dueOn: plus(10) });
        expect(changed.status).toBe(200);
        expect(changed.body).toMatchObject({ dueOn: plus(10), effectiveDueOn: plus(10), dueOnIsDefault: false, version: 2, body: '次回審議会までに対応方針を示すこと。' });

        const cleared = await call<OpinionDetailDto>('secretariat', 'PATCH', `${base}/opinions/${id}`, { version: 2, dueOn: null });
        expect(cleared.body).toMatchObject({ dueOn: null, effectiveDueOn: plus(30), dueOnIsDefault: true, version: 3 });
        expect(cleared.body.history.map((h) => h.detail).slice(1)).toEqual([
          `回答期限: ${formatWarekiDate(plus(45))} → ${formatWarekiDate(plus(10))}`,
          `回答期限: ${formatWarekiDate(plus(10))} → 未設定（登録日から30日）`,
        ]);

        // set again, then a PATCH without dueOn leaves it alone
        const set20 = await call<OpinionDetailDto>('admin', 'PATCH', `${base}/opinions/${id}`, { version: 3, dueOn: plus(20) });
        expect(set20.body.version).toBe(4);
        const other = await call<OpinionDetailDto>('secretariat', 'PATCH', `${base}/opinions/${id}`, { version: 4, body: '次回審議会（令和9年2月）までに対応方針を示すこと。' });
        expect(other.body).toMatchObject({ dueOn: plus(20), version: 5 });

        const stale = await call<ApiErrorBody>('secretariat', 'PATCH', `${base}/opinions/${id}`, { version: 3, dueOn: plus(5) });
        expect(stale.status).toBe(409);
        expect(stale.body.error.current as OpinionDetailDto).toMatchObject({ dueOn: plus(20), version: 5 });
        expect((await rowOf(id)).dueOn).toBe(plus(20));

        const audit = await auditOf(id);
        expect(audit.map((x) => [x.action, (x.after as { dueOn: string | null }).dueOn])).toEqual([
          ['opinion.create', plus(45)],
          ['opinion.update', plus(10)],
          ['opinion.update', null],
          ['opinion.update', plus(20)],
          ['opinion.update', plus(20)],
        ]);
      });

      it('refuses a deadline before the recorded date (422, Japanese, nothing written)', async () => {
        const msg = `回答期限（${formatWarekiDate(plus(-1))}）は、意見の登録日（${formatWarekiDate(today())}）より前の日付にはできません。`;
        const onCreate = await call<ApiErrorBody>('secretariat', 'POST', `${base}/opinions`, { body: '前日の期限は付けられない', dueOn: plus(-1) });
        expect(onCreate.status).toBe(422);
        expect(onCreate.body.error.fields).toEqual([{ path: 'dueOn', message: msg }]);
        expect(await store.db.select().from(opinions).where(and(eq(opinions.municipalityId, a.municipality.id), eq(opinions.body, '前日の期限は付けられない')))).toEqual([]);

        const o = await call<OpinionDetailDto>('secretariat', 'POST', `${base}/opinions`, { body: '期限は後から付ける', dueOn: today() });
        expect(o.body).toMatchObject({ dueOn: today(), effectiveDueOn: today(), dueOnIsDefault: false });
        const onPatch = await call<ApiErrorBody>('secretariat', 'PATCH', `${base}/opinions/${o.body.id}`, { version: 1, dueOn: plus(-1), body: '書き換えられない' });
        expect(onPatch.status).toBe(422);
        expect(onPatch.body.error.fields).toEqual([{ path: 'dueOn', message: msg }]);
        const badDay = await call<ApiErrorBody>('secretariat', 'PATCH', `${base}/opinions/${o.body.id}`, { version: 1, dueOn: '2027-02-30' });
        expect(badDay.status).toBe(422);
        expect(badDay.body.error.fields).toEqual([{ path: 'dueOn', message: '存在しない日付です。' }]);
        expect(await rowOf(o.body.id)).toMatchObject({ version: 1, dueOn: today(), body: '期限は後から付ける' });
        expect((await auditOf(o.body.id)).map((x) => x.action)).toEqual(['opinion.create']);
      });

      it('the overdue filter and the per-department counts use the deadline in force', async () => {
        const dept = await inA(async (ctx) => {
          const { createDepartment } = await import('../../src/modules/departments/commands/departments.js');
          return createDepartment(ctx, { name: '期限管理課', kind: '課', validFrom: '2000-04-01' });
        });
        const m = await inA((ctx) => createMeeting(ctx, { body: '審議会', title: '回答期限の審議会', heldOn: '2026-11-01' }));
        const mk = (body: string, dueOn: string | null) => inA((ctx) => createOpinion(ctx, { body, meetingId: m.id, assignedDepartmentId: dept.id, dueOn }));
        const soon = await mk('5日後まで', plus(5));
        const dflt = await mk('既定の30日', null);
        const late = await mk('60日後まで', plus(60));
        const bodies = async (overdue: boolean, on: string) =>
          (await listOpinions(scopeA(), demoAdministrator, { meeting: m.id, overdue }, on)).items.map((x) => x.body).sort();
        const counted = async (on: string) => (await opinionSummary(scopeA(), on)).departments.find((d) => d.departmentId === dept.id)!.overdue;

        expect(await bodies(true, plus(5))).toEqual([]);
        expect(await bodies(true, plus(6))).toEqual(['5日後まで']);
        expect(await bodies(false, plus(6))).toEqual(['60日後まで', '既定の30日']);
        expect(await bodies(true, plus(31))).toEqual(['5日後まで', '既定の30日']);
        expect(await bodies(true, plus(61))).toEqual(['5日後まで', '60日後まで', '既定の30日']);
        expect([await counted(plus(5)), await counted(plus(6)), await counted(plus(31)), await counted(plus(61))]).toEqual([0, 1, 2, 3]);
        // the flag on each row agrees with the filter
        const at31 = await listOpinions(scopeA(), demoAdministrator, { meeting: m.id }, plus(31));
        expect(Object.fromEntries(at31.items.map((x) => [x.id, x.overdue]))).toEqual({ [soon.id]: true, [dflt.id]: true, [late.id]: false });
        expect(at31.asOf).toBe(plus(31));

        // today, over HTTP: recorded 40 days ago, one without and one with a later 回答期限
        const old = await mk('40日前の既定', null);
        const oldSet = await mk('40日前・期限延長', plus(3));
        const fortyDaysAgo = new Date(Date.now() - 40 * 86_400_000);
        for (const id of [old.id, oldSet.id])
          await store.db.update(opinions).set({ createdAt: fortyDaysAgo }).where(and(eq(opinions.municipalityId, a.municipality.id), eq(opinions.id, id)));
        const http = await call<OpinionListDto>('council', 'GET', `${base}/opinions?meeting=${m.id}&overdue=true`);
        expect(http.body.items.map((x) => x.body)).toEqual(['40日前の既定']);
        expect(http.body.items[0]).toMatchObject({ dueOn: null, dueOnIsDefault: true, overdue: true });
      });

      it('another municipality’s opinion is 404; department staff and council members cannot set it (403)', async () => {
        const ob = await run(store, b.municipality.id, (ctx) => createOpinion(ctx, { body: 'Bの期限', assignedDepartmentId: b.departments.zaisei.id }));
        const cross = await call<ApiErrorBody>('secretariat', 'PATCH', `${base}/opinions/${ob.id}`, { version: 1, dueOn: plus(7) });
        expect(cross.status).toBe(404);
        expect(cross.body.error.message).toMatch(/^会議市の意見（ID: [^）]+）が見つかりません。$/);
        const sb = { db: store.db, municipalityId: b.municipality.id };
        expect((await getOpinionDetail(sb, demoAdministrator, ob.id)).dueOn).toBeNull();

        const o = await inA((ctx) => createOpinion(ctx, { body: '担当課は期限を動かせない', assignedDepartmentId: a.departments.zaisei.id }));
        const own = await call<ApiErrorBody>('zaisei', 'PATCH', `${base}/opinions/${o.id}`, { version: 1, dueOn: plus(90) });
        expect(own.status).toBe(403);
        expect(own.body.error.message).toBe('担当課（報告者）の権限では「意見の修正」はできません（会議市の意見「担当課は期限を動かせない」）。事務局のみが行えます。');
        expect((await call<ApiErrorBody>('council', 'PATCH', `${base}/opinions/${o.id}`, { version: 1, dueOn: plus(90) })).status).toBe(403);
        expect((await call<ApiErrorBody>('zaisei', 'POST', `${base}/opinions`, { body: '担当課が登録', dueOn: plus(90) })).status).toBe(403);
        expect(await rowOf(o.id)).toMatchObject({ version: 1, dueOn: null });
      });
    });
  });
});
