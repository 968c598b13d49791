/**
 * Computed views of a round and an item's progress. Each handler: validate →
 * authorize (canReadViews) → tenant-scoped query → DTO. Answers beyond the reader's reach
 * (policies/answers.ts) count as 未回答 in a round's views — the dashboard asks every role with
 * basis=submitted, so these narrow instead of refusing; an item's progress refuses a basis beyond it.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../../../shared/http/types.js';
import { scopeOf } from '../../../../shared/http/tenant.js';
import { parseInput } from '../../../../shared/http/validate.js';
import { describeRoute } from '../../../../shared/http/openapi.js';
import { forbidden, notFound } from '../../../../shared/errors.js';
import { canReadViews, sameTenant } from '../domain/policy.js';
import { answerFilter } from '../../policies/answers.js';
import { nodeProgress } from '../queries/progress.js';
import { changeView, completionView, overdueView, scheduledView, statusByDepartment, statusByGroup } from '../queries/views.js';
import { basisQuery, changeQuery, checkPdcaIds, completionQuery, departmentQuery, groupQuery } from './schemas.js';

const BASE = '/api/m/:code';
const doc = (path: string, summary: string, extra: Omit<Parameters<typeof describeRoute>[0], 'method' | 'path' | 'summary' | 'tag'>) =>
  describeRoute({ method: 'get', path: BASE + path, summary, tag: '進行管理（集計）', ...extra });

/** Another municipality's user gets the same 404 as an unknown 団体コード (as on the other PDCA routes). */
export function guardTenant(c: Context<AppEnv>): void {
  const m = c.get('municipality');
  if (!sameTenant(c.get('actor'), { municipalityId: m.id })) throw notFound(`団体コード ${m.code} の団体`);
}

export function authorizeViews(c: Context<AppEnv>): void {
  guardTenant(c);
  if (!canReadViews(c.get('actor'), { municipalityId: c.get('municipality').id })) throw forbidden('集計を見る権限がありません。');
}

export function viewRoutes() {
  const r = new Hono<AppEnv>();
  r.use('/rounds/:roundId/views/*', checkPdcaIds);
  r.use('/plans/:planId/nodes/:nodeId/progress', checkPdcaIds);

  doc('/rounds/:roundId/views/scheduled', '対象年度に実施予定（●）の項目', { query: basisQuery, response: 'ScheduledViewDto' });
  r.get('/rounds/:roundId/views/scheduled', async (c) => {
    const q = parseInput(basisQuery, c.req.query());
    authorizeViews(c);
    return c.json(await scheduledView(scopeOf(c), c.req.param('roundId'), { ...q, visible: answerFilter(c.get('actor')) }));
  });

  doc('/rounds/:roundId/views/overdue', '遅れている項目（前年度までに予定され、最新の回答が完了でない）', { query: basisQuery, response: 'OverdueViewDto' });
  r.get('/rounds/:roundId/views/overdue', async (c) => {
    const q = parseInput(basisQuery, c.req.query());
    authorizeViews(c);
    return c.json(await overdueView(scopeOf(c), c.req.param('roundId'), { ...q, visible: answerFilter(c.get('actor')) }));
  });

  doc('/rounds/:roundId/views/status-by-group', '取組状況の件数（重点項目・施策などの階層別。depth省略時は実施項目の一つ上）', { query: groupQuery, response: 'StatusByGroupDto' });
  r.get('/rounds/:roundId/views/status-by-group', async (c) => {
    const q = parseInput(groupQuery, c.req.query());
    authorizeViews(c);
    return c.json(await statusByGroup(scopeOf(c), c.req.param('roundId'), { ...q, visible: answerFilter(c.get('actor')) }));
  });

  doc('/rounds/:roundId/views/status-by-department', '取組状況の件数（担当課別。coOwners=true で関係課も計上）', { query: departmentQuery, response: 'StatusByDepartmentDto' });
  r.get('/rounds/:roundId/views/status-by-department', async (c) => {
    const q = parseInput(departmentQuery, c.req.query());
    authorizeViews(c);
    return c.json(await statusByDepartment(scopeOf(c), c.req.param('roundId'), { ...q, visible: answerFilter(c.get('actor')) }));
  });

  doc('/rounds/:roundId/views/change', '前回の照会との比較（区分別の件数・増減と、区分が変わった項目）', { query: changeQuery, response: 'ChangeViewDto' });
  r.get('/rounds/:roundId/views/change', async (c) => {
    const q = parseInput(changeQuery, c.req.query());
    authorizeViews(c);
    return c.json(await changeView(scopeOf(c), c.req.param('roundId'), { ...q, visible: answerFilter(c.get('actor')) }));
  });

  doc('/rounds/:roundId/views/completion', '担当課別の提出状況（項目数・提出済み・確認済み・未提出・提出率）', { query: completionQuery, response: 'CompletionViewDto' });
  r.get('/rounds/:roundId/views/completion', async (c) => {
    const q = parseInput(completionQuery, c.req.query());
    authorizeViews(c);
    return c.json(await completionView(scopeOf(c), c.req.param('roundId'), { ...q, visible: answerFilter(c.get('actor')) }));
  });

  doc('/plans/:planId/nodes/:nodeId/progress', '項目の進捗の推移（年度別の状況と、過去のすべての回答）', { query: basisQuery, response: 'NodeProgressDto' });
  r.get('/plans/:planId/nodes/:nodeId/progress', async (c) => {
    const q = parseInput(basisQuery, c.req.query());
    authorizeViews(c);
    // the item's answers follow policies/answers.ts: a basis beyond the reader's reach is refused (403) in nodeProgress
    return c.json(await nodeProgress(scopeOf(c), c.req.param('planId'), c.req.param('nodeId'), { ...q, asked: c.req.query('basis') !== undefined, actor: c.get('actor') }));
  });

  return r;
}
