/**
 * Limits on jobs (imports, exports, PDFs) at once, on PGlite and PostgreSQL: 3 per person and 10 per
 * municipality queued or running; beyond that 429 with a Japanese message and Retry-After. Parallel
 * starts cannot overshoot (counted under a lock in the database).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { Store } from '../../src/db/client.js';
import { JOB_LIMITS, runJob, TOO_MANY_JOBS_MUNICIPALITY_MESSAGE, TOO_MANY_JOBS_USER_MESSAGE, waitForJob } from '../../src/modules/jobs/runner.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import { TooManyRequestsError } from '../../src/shared/errors.js';
import { onError } from '../../src/shared/http/errors.js';
import { backends, createTestMunicipality, openTestStore } from '../support/stores.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe.each(backends())('job limits on %s', (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(kind);
  });
  afterAll(() => store.close());

  it('at most 3 unfinished jobs per person, even when started in parallel; a finished one frees a place', async () => {
    const m = await createTestMunicipality(store.db, '上限市');
    const g = gate();
    const meta = { municipalityId: m.id, kind: 'test.limit', createdBy: 'user-a' };
    const tries = await Promise.allSettled(Array.from({ length: 6 }, () => runJob(store, meta, () => g.opened)));
    const ok = tries.filter((t) => t.status === 'fulfilled');
    const refused = tries.filter((t): t is PromiseRejectedResult => t.status === 'rejected');
    expect(ok).toHaveLength(JOB_LIMITS.perUser);
    expect(refused).toHaveLength(6 - JOB_LIMITS.perUser);
    expect(refused[0]!.reason).toBeInstanceOf(TooManyRequestsError);
    expect((refused[0]!.reason as Error).message).toBe(TOO_MANY_JOBS_USER_MESSAGE(3));
    // someone else in the same municipality still can (it waits for a free slot of the runner)
    const other = await runJob(store, { ...meta, createdBy: 'user-b' }, async () => null);
    g.open();
    await waitForJob(other.id);
    await Promise.all(ok.map((t) => waitForJob((t as PromiseFulfilledResult<{ id: string }>).value.id)));
    const again = await runJob(store, meta, async () => null);
    await waitForJob(again.id);
  });

  it('at most 10 per municipality; the route answers 429 with Retry-After', async () => {
    const m = await createTestMunicipality(store.db, '上限町');
    const g = gate();
    const started = [];
    for (let i = 0; i < JOB_LIMITS.perMunicipality; i++) started.push(await runJob(store, { municipalityId: m.id, kind: 'test.limit', createdBy: `user-${i % 4}` }, () => g.opened));
    const app = new Hono();
    app.onError(onError);
    app.post('/start', async (c) => c.json({ job: await runJob(store, { municipalityId: m.id, kind: 'test.limit', createdBy: 'user-new' }, async () => null) }, 202));
    const res = await app.request('/start', { method: 'POST' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe(String(JOB_LIMITS.retryAfterSeconds));
    expect(((await res.json()) as ApiErrorBody).error).toEqual({ code: 'too_many_jobs', message: TOO_MANY_JOBS_MUNICIPALITY_MESSAGE(10) });
    g.open();
    await Promise.all(started.map((j) => waitForJob(j.id)));
    expect((await app.request('/start', { method: 'POST' })).status).toBe(202);
  });
});
