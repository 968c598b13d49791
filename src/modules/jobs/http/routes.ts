/**
 * GET /api/m/:code/jobs/:jobId — a background job's state and progress, then its
 * result or error. Generic: imports and exports both start jobs with runJob.
 */
import { Hono } from 'hono';
import { describeRoute } from '../../../shared/http/openapi.js';
import { scopeOf } from '../../../shared/http/tenant.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { notFound } from '../../../shared/errors.js';
import { canReadJob } from '../domain/policy.js';
import { presentJob } from '../presenters/job.js';
import { findJob } from '../queries/jobs.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function jobRoutes() {
  const r = new Hono<AppEnv>();
  describeRoute({
    method: 'get',
    path: '/api/m/:code/jobs/:jobId',
    summary: 'バックグラウンド処理（取込み・出力）の状態・進み具合・結果',
    tag: 'バックグラウンド処理',
    response: 'JobDto',
  });
  r.get('/jobs/:jobId', async (c) => {
    const jobId = c.req.param('jobId');
    const m = c.get('municipality');
    const actor = c.get('actor');
    if (actor.role !== 'system_admin' && actor.municipalityId !== m.id) throw notFound(`団体コード ${m.code} の団体`);
    if (!UUID_RE.test(jobId)) throw notFound('処理');
    const job = await findJob(scopeOf(c), jobId);
    // another user's job is as invisible as a missing one
    if (!job || !canReadJob(actor, job)) throw notFound('処理');
    return c.json(presentJob(job));
  });
  return r;
}
