import { and, eq } from 'drizzle-orm';
import { jobs } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';
import { effectiveJob, type JobRow } from '../runner.js';

/** The job of this municipality (live state when this process runs it), or null. */
export async function findJob(scope: TenantScope, jobId: string): Promise<JobRow | null> {
  const rows = await scope.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.municipalityId, scope.municipalityId), eq(jobs.id, jobId)))
    .limit(1);
  return rows[0] ? effectiveJob(rows[0]) : null;
}
