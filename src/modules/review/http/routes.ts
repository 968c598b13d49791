/**
 * Review bodies (会議体): meetings and opinions. Each handler: validate → load scoped to the
 * tenant (404) → authorize with policies/review.ts (403, Japanese message naming what and where)
 * → command in one transaction (422 / 409) → present.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../../shared/http/types.js';
import { inTransaction, scopeOf } from '../../../shared/http/tenant.js';
import { parseInput } from '../../../shared/http/validate.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { forbidden, notFound } from '../../../shared/errors.js';
import { createMeeting, deleteMeeting, setMeetingPublication, updateMeeting } from '../commands/meetings.js';
import { createOpinion, transitionOpinion, updateOpinion } from '../commands/opinions.js';
import { findMeeting } from '../db/repo.js';
import { OPINION_RESPONSE_DAYS, type OpinionAction as OpinionStep } from '../domain/opinion.js';
import { canReview, explainReviewRefusal, type ReviewAction, type ReviewRecordFor } from '../policies/review.js';
import { getMeeting, listMeetings } from '../queries/meetings.js';
import { findOpinionView, getOpinionDetail, listOpinions, opinionSummary } from '../queries/opinions.js';
import {
  meetingCreateBody,
  meetingDeleteQuery,
  meetingListQuery,
  meetingPatchBody,
  meetingPublishBody,
  opinionAssignBody,
  opinionCloseBody,
  opinionCreateBody,
  opinionListQuery,
  opinionPatchBody,
  opinionRespondBody,
  opinionReturnBody,
} from './schemas.js';
import { UUID_RE } from '../../../shared/ids.js';

type C = Context<AppEnv>;
const BASE = '/api/m/:code';
const doc = (
  method: 'get' | 'post' | 'patch' | 'delete',
  path: string,
  summary: string,
  extra: Omit<Parameters<typeof describeRoute>[0], 'method' | 'path' | 'summary' | 'tag'> = {},
  tag = '会議体',
) => describeRoute({ method, path: BASE + path, summary, tag, ...extra });

/** An id that is not a UUID cannot exist: 404 before it reaches a uuid column. */
function idParam(c: C, name: 'meetingId' | 'opinionId'): string {
  const v = c.req.param(name) ?? '';
  if (!UUID_RE.test(v)) throw missing(c, name === 'meetingId' ? '会議' : '意見', v);
  return v;
}

/** 404 that says what and where: 「荒尾市の会議（ID: …）が見つかりません。」 */
const missing = (c: C, what: string, id: string) => notFound(`${c.get('municipality').name}の${what}（ID: ${id.slice(0, 40)}）`);

/** Refuses unless the review policy allows it; the message says what, where, and who may. */
function guard<A extends ReviewAction>(c: C, action: A, record: ReviewRecordFor<A>, target?: string, assignedDepartmentName?: string | null): void {
  const actor = c.get('actor');
  if (canReview(actor, action, record)) return;
  throw forbidden(explainReviewRefusal(actor, action, record, { municipalityName: c.get('municipality').name, target, assignedDepartmentName }));
}

const tenantRecord = (c: C) => ({ municipalityId: c.get('municipality').id });
const quote = (s: string, n = 30) => `「${s.length > n ? `${s.slice(0, n)}…` : s}」`;

async function loadMeeting(c: C) {
  const id = idParam(c, 'meetingId');
  const m = await findMeeting(scopeOf(c), id);
  if (!m) throw missing(c, '会議', id);
  return m;
}

async function loadOpinion(c: C) {
  const id = idParam(c, 'opinionId');
  const o = await findOpinionView(scopeOf(c), id);
  if (!o) throw missing(c, '意見', id);
  return o;
}

export function reviewRoutes() {
  const r = new Hono<AppEnv>();

  // ───────────── meetings ─────────────

  doc('get', '/meetings', '会議の一覧（会議体・開催日で絞込み。新しい順）', { query: meetingListQuery, response: 'MeetingListDto' });
  r.get('/meetings', async (c) => {
    const q = parseInput(meetingListQuery, c.req.query());
    guard(c, 'meeting.read', tenantRecord(c), '会議');
    return c.json(await listMeetings(scopeOf(c), q));
  });

  doc('post', '/meetings', '会議の登録（会議体・開催日・会議名・出席者・議事録・議題）', { body: meetingCreateBody, response: 'MeetingDto', status: 201 });
  r.post('/meetings', async (c) => {
    const body = parseInput(meetingCreateBody, await c.req.json());
    guard(c, 'meeting.write', tenantRecord(c), '会議');
    const m = await inTransaction(c, (ctx) => createMeeting(ctx, body));
    return c.json(await getMeeting(scopeOf(c), m.id), 201);
  });

  doc('get', '/meetings/:meetingId', '会議の詳細（出席者・議事録・議題）', { response: 'MeetingDto' });
  r.get('/meetings/:meetingId', async (c) => {
    const m = await loadMeeting(c);
    guard(c, 'meeting.read', m, `会議${quote(m.title)}`);
    return c.json(await getMeeting(scopeOf(c), m.id, m));
  });

  doc('patch', '/meetings/:meetingId', '会議の更新（version必須。古い版なら409。agenda を送ると議題を並び順どおりに置き換え、id 付きの議題は維持）', {
    body: meetingPatchBody,
    response: 'MeetingDto',
  });
  r.patch('/meetings/:meetingId', async (c) => {
    const body = parseInput(meetingPatchBody, await c.req.json());
    const m = await loadMeeting(c);
    guard(c, 'meeting.write', m, `会議${quote(m.title)}`);
    await inTransaction(c, (ctx) => updateMeeting(ctx, m.id, body));
    return c.json(await getMeeting(scopeOf(c), m.id));
  });

  doc('delete', '/meetings/:meetingId', '会議の削除（?version= 必須。意見が登録されている会議は削除できない）', { query: meetingDeleteQuery, status: 204 });
  r.delete('/meetings/:meetingId', async (c) => {
    const q = parseInput(meetingDeleteQuery, c.req.query());
    const m = await loadMeeting(c);
    guard(c, 'meeting.write', m, `会議${quote(m.title)}`);
    await inTransaction(c, (ctx) => deleteMeeting(ctx, m.id, q.version));
    return c.body(null, 204);
  });

  for (const [step, published, summary] of [
    ['publish', true, '会議の意見と対応を住民向けに公表する（version必須。意見がすべて完了していること。公開ページ /m/:code/council）'],
    ['unpublish', false, '会議の意見と対応の公表を取り消す（version必須）'],
  ] as const) {
    doc('post', `/meetings/:meetingId/${step}`, summary, { body: meetingPublishBody, response: 'MeetingDto' });
    r.post(`/meetings/:meetingId/${step}`, async (c) => {
      const body = parseInput(meetingPublishBody, await c.req.json());
      const m = await loadMeeting(c);
      guard(c, 'meeting.publish', m, `会議${quote(m.title)}`);
      await inTransaction(c, (ctx) => setMeetingPublication(ctx, m.id, { version: body.version, published }));
      return c.json(await getMeeting(scopeOf(c), m.id));
    });
  }

  // ───────────── opinions ─────────────

  doc('get', '/opinions', '意見の一覧（状態・担当課・会議・項目・期限超過で絞込み、ページ送り）', { query: opinionListQuery, response: 'OpinionListDto' }, '意見');
  r.get('/opinions', async (c) => {
    const q = parseInput(opinionListQuery, c.req.query());
    guard(c, 'opinion.read', tenantRecord(c), '意見');
    return c.json(await listOpinions(scopeOf(c), c.get('actor'), q));
  });

  // registered before /opinions/:opinionId so that "summary" is not taken for an id
  doc('get', '/opinions/summary', '担当課ごとの意見の件数（対応方針待ち・うち期限超過・回答済み・完了）', { response: 'OpinionSummaryDto' }, '意見');
  r.get('/opinions/summary', async (c) => {
    guard(c, 'opinion.read', tenantRecord(c), '意見');
    return c.json(await opinionSummary(scopeOf(c)));
  });

  doc('post', '/opinions', `意見の登録（事務局。会議・項目・回答期限は任意。回答期限を省くと登録日から${OPINION_RESPONSE_DAYS}日。担当課を指定すると担当課の職員に通知）`, { body: opinionCreateBody, response: 'OpinionDetailDto', status: 201 }, '意見');
  r.post('/opinions', async (c) => {
    const body = parseInput(opinionCreateBody, await c.req.json());
    guard(c, 'opinion.create', tenantRecord(c), '意見');
    const o = await inTransaction(c, (ctx) => createOpinion(ctx, body));
    return c.json(await getOpinionDetail(scopeOf(c), c.get('actor'), o.id), 201);
  });

  doc('get', '/opinions/:opinionId', '意見の詳細と経過（割当て・回答・差戻し・完了）', { response: 'OpinionDetailDto' }, '意見');
  r.get('/opinions/:opinionId', async (c) => {
    const o = await loadOpinion(c);
    guard(c, 'opinion.read', o, `意見${quote(o.body)}`);
    return c.json(await getOpinionDetail(scopeOf(c), c.get('actor'), o.id));
  });

  doc('patch', '/opinions/:opinionId', '意見の修正（事務局。内容・会議・項目・回答期限（null で未設定に戻す）。version必須。古い版なら409）', { body: opinionPatchBody, response: 'OpinionDetailDto' }, '意見');
  r.patch('/opinions/:opinionId', async (c) => {
    const body = parseInput(opinionPatchBody, await c.req.json());
    const o = await loadOpinion(c);
    guard(c, 'opinion.edit', o, `意見${quote(o.body)}`);
    await inTransaction(c, (ctx) => updateOpinion(ctx, o.id, body));
    return c.json(await getOpinionDetail(scopeOf(c), c.get('actor'), o.id));
  });

  const steps: { step: OpinionStep; action: ReviewAction; schema: typeof opinionCloseBody | typeof opinionAssignBody | typeof opinionRespondBody | typeof opinionReturnBody; summary: string }[] = [
    { step: 'assign', action: 'opinion.assign', schema: opinionAssignBody, summary: '担当課の割当て・変更（事務局。対応方針待ちの間のみ。担当課の職員に通知）' },
    { step: 'respond', action: 'opinion.respond', schema: opinionRespondBody, summary: '対応方針の回答（割り当てられた担当課の報告者・承認者）' },
    { step: 'return', action: 'opinion.return', schema: opinionReturnBody, summary: '対応方針の差戻し（事務局。理由必須。担当課の職員に通知）' },
    { step: 'close', action: 'opinion.close', schema: opinionCloseBody, summary: '意見の完了（事務局。回答済みの意見のみ）' },
  ];
  for (const s of steps) {
    doc('post', `/opinions/:opinionId/${s.step}`, s.summary, { body: s.schema, response: 'OpinionDetailDto' }, '意見');
    r.post(`/opinions/:opinionId/${s.step}`, async (c) => {
      const body = parseInput(s.schema, await c.req.json());
      const o = await loadOpinion(c);
      guard(c, s.action, o, `意見${quote(o.body)}`, o.departmentName);
      await inTransaction(c, (ctx) => transitionOpinion(ctx, o.id, s.step, body));
      return c.json(await getOpinionDetail(scopeOf(c), c.get('actor'), o.id));
    });
  }

  return r;
}
