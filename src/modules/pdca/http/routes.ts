/**
 * PDCA routes: legends, rounds (照会) and department reports. Each handler:
 * validate → load scoped to the tenant → authorize (pdca policies) → command in
 * one transaction → present. A user of another municipality gets 404 on every
 * route (as if the 団体コード did not exist); another department gets 403.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../../shared/http/types.js';
import { assertIdParams, inTransaction, scopeOf } from '../../../shared/http/tenant.js';
import { parseInput } from '../../../shared/http/validate.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { AppError, forbidden, notFound } from '../../../shared/errors.js';
import { saveLegends } from '../commands/legends.js';
import { closeRound, createRound, openRound, reopenRound, roundOpening, updateRound } from '../commands/rounds.js';
import { roundTransitionProblem } from '../domain/round.js';
import type { RoundState } from '../domain/workflow.js';
import { loadReportForWrite, saveLoadedReport, transitionLoadedReport } from '../commands/reports.js';
import { canPlanPdca, canReadInbox, canReport, inTenant, reportDenial, type PlanPdcaAction, type ReportPolicyAction } from '../policies/pdca.js';
import { getPlanLegends } from '../queries/legends.js';
import { getRound, listMunicipalityRounds, listRounds, loadRound } from '../queries/rounds.js';
import { splitListParam } from '../domain/roundList.js';
import { getInbox, getReportDetail, loadReportAccess, reportAccessOf, type ReportAccess } from '../queries/reports.js';
import { presentReportChange } from '../presenters/pdca.js';
import {
  inboxQuery,
  legendsPutBody,
  reportPatchBody,
  roundCloseBody,
  roundCreateBody,
  roundListQuery,
  roundOpenBody,
  roundOpeningQuery,
  roundPatchBody,
  roundReopenBody,
  transitionBody,
} from './schemas.js';

const BASE = '/api/m/:code';
const TAG = '進行管理（凡例・照会・進捗報告）';
const doc = (
  method: 'get' | 'post' | 'patch' | 'put',
  path: string,
  summary: string,
  extra: Omit<Parameters<typeof describeRoute>[0], 'method' | 'path' | 'summary' | 'tag'> = {},
) => describeRoute({ method, path: BASE + path, summary, tag: TAG, ...extra });


/** Other municipality → the same 404 as an unknown 団体コード; an id that is not a UUID cannot exist → 404. */
const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const m = c.get('municipality');
  if (!inTenant(c.get('actor'), { municipalityId: m.id })) throw notFound(`団体コード ${m.code} の団体`);
  assertIdParams(c.req.param() as Record<string, string>);
  await next();
};

const OFFICE_ONLY = '凡例や照会の設定・開始・締切りは事務局が行います。';

function allowPlan(c: Context<AppEnv>, action: PlanPdcaAction): void {
  if (!canPlanPdca(c.get('actor'), action, { municipalityId: c.get('municipality').id })) throw forbidden(OFFICE_ONLY);
}

function allowReport(c: Context<AppEnv>, action: ReportPolicyAction, access: ReportAccess): void {
  const actor = c.get('actor');
  if (!canReport(actor, action, access.record)) throw forbidden(reportDenial(actor, action, access.record, access.leadName));
}

export function pdcaRoutes() {
  const r = new Hono<AppEnv>();
  for (const p of ['/plans/:planId/legends', '/plans/:planId/rounds', '/rounds', '/rounds/:roundId', '/rounds/:roundId/*', '/reports/:reportId', '/reports/:reportId/*'])
    r.use(p, guard);

  // ───────────── legends ─────────────

  doc('get', '/plans/:planId/legends', '計画の凡例（進捗状況・達成度）。未設定なら「○△×－」を既定として返す（保存はされない）', { response: 'PlanLegendsDto' });
  r.get('/plans/:planId/legends', async (c) => {
    allowPlan(c, 'legend.read');
    return c.json(await getPlanLegends(scopeOf(c), c.req.param('planId')));
  });

  doc('put', '/plans/:planId/legends', '凡例の保存（候補のキーか区分の一覧。報告で使われている区分は削除不可）', { body: legendsPutBody, response: 'PlanLegendsDto' });
  r.put('/plans/:planId/legends', async (c) => {
    const body = parseInput(legendsPutBody, await c.req.json());
    allowPlan(c, 'legend.write');
    const planId = c.req.param('planId');
    await inTransaction(c, (ctx) => saveLegends(ctx, planId, body));
    return c.json(await getPlanLegends(scopeOf(c), planId));
  });

  // ───────────── rounds ─────────────

  doc('get', '/rounds', '団体の照会の一覧（すべての計画、基準日の新しい順。状態別の報告件数・回答期限までの日数つき）。state は複数可（state=open&state=closed または state=open,closed）', {
    query: roundListQuery,
    response: 'MunicipalityRoundListDto',
  });
  r.get('/rounds', async (c) => {
    const q = parseInput(roundListQuery, { state: splitListParam(c.req.queries('state')), planId: c.req.query('planId') || undefined, fiscalYear: c.req.query('fiscalYear') || undefined });
    // the same rule as one plan's list: whoever may read a round may read them all
    if (!canPlanPdca(c.get('actor'), 'round.read', { municipalityId: c.get('municipality').id })) throw forbidden('この団体の照会を見る権限がありません。');
    return c.json(await listMunicipalityRounds(scopeOf(c), { states: q.state ?? [], planId: q.planId ?? null, fiscalYear: q.fiscalYear ?? null }));
  });

  doc('get', '/plans/:planId/rounds', '計画の照会の一覧（新しい順）', { response: 'RoundListDto' });
  r.get('/plans/:planId/rounds', async (c) => {
    allowPlan(c, 'round.read');
    return c.json({ items: await listRounds(scopeOf(c), c.req.param('planId')) });
  });

  doc('post', '/plans/:planId/rounds', '照会の作成（準備中）。前回の照会は省略時、直近の締切済みの照会', { body: roundCreateBody, response: 'RoundDto', status: 201 });
  r.post('/plans/:planId/rounds', async (c) => {
    const body = parseInput(roundCreateBody, await c.req.json());
    allowPlan(c, 'round.create');
    const round = await inTransaction(c, (ctx) => createRound(ctx, c.req.param('planId'), body));
    return c.json(await getRound(scopeOf(c), round.id), 201);
  });

  doc('get', '/rounds/:roundId', '照会の詳細（状態別の件数つき）', { response: 'RoundDto' });
  r.get('/rounds/:roundId', async (c) => {
    allowPlan(c, 'round.read');
    return c.json(await getRound(scopeOf(c), c.req.param('roundId')));
  });

  doc('patch', '/rounds/:roundId', '照会の変更（version必須。照会中は照会名・基準日・回答期限のみ）', { body: roundPatchBody, response: 'RoundDto' });
  r.patch('/rounds/:roundId', async (c) => {
    const body = parseInput(roundPatchBody, await c.req.json());
    const roundId = c.req.param('roundId');
    await loadRound(scopeOf(c), roundId);
    allowPlan(c, 'round.update');
    await inTransaction(c, (ctx) => updateRound(ctx, roundId, body));
    return c.json(await getRound(scopeOf(c), roundId));
  });

  doc('get', '/rounds/:roundId/opening', '照会の開始の確認：対象の選び方（scope、省略時は準備中に選んだ対象）で報告を作る項目の数と、担当課が設定されていない項目', {
    query: roundOpeningQuery,
    response: 'RoundOpeningPreview',
  });
  r.get('/rounds/:roundId/opening', async (c) => {
    const q = parseInput(roundOpeningQuery, { scope: c.req.query('scope') || undefined });
    const round = await loadRound(scopeOf(c), c.req.param('roundId'));
    allowPlan(c, 'round.open');
    if (round.state !== 'draft') throw new AppError('wrong_state', 409, roundTransitionProblem('open', round.state as RoundState));
    return c.json(await roundOpening(scopeOf(c), round, q.scope));
  });

  doc(
    'post',
    '/rounds/:roundId/open',
    '照会の開始：対象項目ごとに報告（未着手）を作成。担当課が設定されていない項目があれば withoutDepartment（skip: 除く / secretariat: 事務局が扱う）が必要（なければ 422 で項目を列挙）。応答の opened に作った報告の数と担当課のない項目の扱い',
    { body: roundOpenBody, response: 'RoundDto' },
  );
  r.post('/rounds/:roundId/open', async (c) => {
    const body = parseInput(roundOpenBody, await c.req.json());
    const roundId = c.req.param('roundId');
    await loadRound(scopeOf(c), roundId);
    allowPlan(c, 'round.open');
    const { opened } = await inTransaction(c, (ctx) => openRound(ctx, roundId, body));
    return c.json({ ...(await getRound(scopeOf(c), roundId)), opened });
  });

  doc('post', '/rounds/:roundId/close', '照会の締切り（以後、報告は変更不可）', { body: roundCloseBody, response: 'RoundDto' });
  r.post('/rounds/:roundId/close', async (c) => {
    const body = parseInput(roundCloseBody, await c.req.json());
    const roundId = c.req.param('roundId');
    await loadRound(scopeOf(c), roundId);
    allowPlan(c, 'round.close');
    await inTransaction(c, (ctx) => closeRound(ctx, roundId, body));
    return c.json(await getRound(scopeOf(c), roundId));
  });

  doc('post', '/rounds/:roundId/reopen', '締め切った照会の再開（回答期限が過ぎていれば新しい期限が必要）', { body: roundReopenBody, response: 'RoundDto' });
  r.post('/rounds/:roundId/reopen', async (c) => {
    const body = parseInput(roundReopenBody, await c.req.json());
    const roundId = c.req.param('roundId');
    await loadRound(scopeOf(c), roundId);
    allowPlan(c, 'round.reopen');
    await inTransaction(c, (ctx) => reopenRound(ctx, roundId, body));
    return c.json(await getRound(scopeOf(c), roundId));
  });

  // ───────────── reports ─────────────

  doc('get', '/rounds/:roundId/reports', '担当課の報告一覧（department 省略時は見られるすべて。担当課の職員は自課の項目のみ）', {
    query: inboxQuery,
    response: 'ReportInboxDto',
  });
  r.get('/rounds/:roundId/reports', async (c) => {
    const q = parseInput(inboxQuery, c.req.query());
    const roundId = c.req.param('roundId');
    const round = await loadRound(scopeOf(c), roundId);
    if (!canReadInbox(c.get('actor'), { municipalityId: c.get('municipality').id, departmentId: q.department ?? null }))
      throw forbidden('他の課の報告一覧は表示できません。自分の課を選んでください。');
    return c.json(await getInbox(scopeOf(c), c.get('actor'), round, q));
  });

  doc('get', '/reports/:reportId', '報告の詳細（項目・スケジュール・前回の回答・凡例・履歴）', { response: 'ReportDetailDto' });
  r.get('/reports/:reportId', async (c) => {
    const access = await loadReportAccess(scopeOf(c), c.req.param('reportId'));
    allowReport(c, 'report.read', access);
    return c.json(await getReportDetail(scopeOf(c), c.get('actor'), access));
  });

  // A save or a transition locks and reads the report once (loadReportForWrite), authorizes on
  // that, and answers with what it wrote: an autosave does not pay for the whole report view again.
  doc('patch', '/reports/:reportId', '報告の下書き保存（自動保存。version必須。古い版なら409と保存済みの内容 current）。保存した報告・可能な操作・記録した経過を返す', {
    body: reportPatchBody,
    response: 'ReportChangeDto',
  });
  r.patch('/reports/:reportId', async (c) => {
    const body = parseInput(reportPatchBody, await c.req.json());
    const change = await inTransaction(c, async (ctx) => {
      const l = await loadReportForWrite(ctx, c.req.param('reportId'));
      allowReport(c, 'report.save', reportAccessOf(l.report, l.round, l.departments, ctx.municipalityId));
      return saveLoadedReport(ctx, l, body);
    });
    return c.json(presentReportChange(c.get('actor'), c.get('municipality'), change));
  });

  doc('post', '/reports/:reportId/transitions', '報告の提出・承認・差戻し・確認・確認の取消し（version必須）。変更後の報告・可能な操作・記録した経過を返す', {
    body: transitionBody,
    response: 'ReportChangeDto',
  });
  r.post('/reports/:reportId/transitions', async (c) => {
    const body = parseInput(transitionBody, await c.req.json());
    const change = await inTransaction(c, async (ctx) => {
      const l = await loadReportForWrite(ctx, c.req.param('reportId'));
      allowReport(c, `report.${body.action}`, reportAccessOf(l.report, l.round, l.departments, ctx.municipalityId));
      return transitionLoadedReport(ctx, l, body);
    });
    return c.json(presentReportChange(c.get('actor'), c.get('municipality'), change));
  });

  return r;
}
