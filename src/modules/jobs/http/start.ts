/**
 * Starting an export job from a route: the route has validated the input and checked permissions
 * (errors answered at once); the work runs after the answer, and the client follows the job at
 * GET /jobs/:jobId until it is done, then downloads GET /jobs/:jobId/file.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../../shared/http/types.js';
import { runFileJob, type JobFileOutput } from '../fileJobs.js';
import { presentJob } from '../presenters/job.js';
import { liveJob, type JobKey, type JobReport } from '../runner.js';

/** 202 { job } with Location: the job's URL. `work` must not touch `c` (it runs after the answer). */
export async function startFileJob(c: Context<AppEnv>, kind: string, work: (report: JobReport, job: JobKey) => Promise<JobFileOutput>) {
  const m = c.get('municipality');
  const job = await runFileJob(c.get('store'), { municipalityId: m.id, kind, createdBy: c.get('actor').id }, work);
  c.header('location', `/api/m/${encodeURIComponent(m.code)}/jobs/${job.id}`);
  return c.json({ job: presentJob(liveJob(job.id) ?? job, m.code) }, 202);
}
