/**
 * Jobs left queued/running by a process that crashed (no graceful stop to mark them) are marked failed
 * with code `interrupted` when the server starts, on both databases; on PostgreSQL a job whose process
 * is still alive elsewhere (fresh heartbeat) is left alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openStore, type Store } from '../../src/db/client.js';
import { jobs } from '../../src/db/schema.js';
import { INTERRUPTED_BY_CRASH_MESSAGE, JOB_ORPHAN_AFTER_MS } from '../../src/modules/jobs/runner.js';
import { startServer } from '../../src/server.js';
import { backends, createTestMunicipality } from '../support/stores.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe.each(backends())('jobs interrupted by a crash, on %s', (kind) => {
  it('are failed at start with code interrupted and a Japanese message; a live process’s job is left alone', async () => {
    const dataDir = kind === 'pglite' ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-jobs-')), 'pglite') : 'memory://';
    if (kind === 'pglite') dirs.push(path.dirname(dataDir));
    const databaseUrl = kind === 'postgres' ? inject('databaseUrl') : undefined;
    // the crashed process: rows written, then the process gone without a word
    const before: Store = await openStore({ dataDir, databaseUrl });
    const m = await createTestMunicipality(before.db, '中断市');
    const old = new Date(Date.now() - JOB_ORPHAN_AFTER_MS - 60_000);
    const [running] = await before.db
      .insert(jobs)
      .values({ municipalityId: m.id, kind: 'import.commit', createdBy: 'u1', state: 'running', progress: 10, total: 100, result: { heartbeatAt: old.toISOString() }, createdAt: old })
      .returning();
    const [queued] = await before.db.insert(jobs).values({ municipalityId: m.id, kind: 'export.progress.xlsx', createdBy: 'u1', state: 'queued', createdAt: old }).returning();
    const [done] = await before.db.insert(jobs).values({ municipalityId: m.id, kind: 'export.progress.xlsx', createdBy: 'u1', state: 'done', result: { ok: 1 } }).returning();
    // another process's job, alive (fresh heartbeat): only PostgreSQL can have one
    const [alive] = await before.db
      .insert(jobs)
      .values({ municipalityId: m.id, kind: 'export.progress.xlsx', createdBy: 'u2', state: 'running', result: { heartbeatAt: new Date().toISOString() } })
      .returning();
    await before.close();

    const server = await startServer({ port: 0, dataDir, databaseUrl, demo: false, auth: 'demo', config: { ...loadConfig({}), smtp: null } });
    try {
      const row = async (id: string) => (await server.store.db.select().from(jobs).where(and(eq(jobs.municipalityId, m.id), eq(jobs.id, id))))[0]!;
      for (const j of [running!, queued!]) {
        const r = await row(j.id);
        expect(r).toMatchObject({ state: 'failed', message: INTERRUPTED_BY_CRASH_MESSAGE, result: { error: { code: 'interrupted', message: INTERRUPTED_BY_CRASH_MESSAGE } } });
        expect(r.finishedAt).toBeInstanceOf(Date);
      }
      expect(await row(done!.id)).toMatchObject({ state: 'done', result: { ok: 1 } });
      // on the embedded store there is no other process: every unfinished row is an orphan
      expect((await row(alive!.id)).state).toBe(kind === 'pglite' ? 'failed' : 'running');

      // the job's API says so, with the code the UI offers 「もう一度実行」 for
      const res = await fetch(`${server.url}/api/m/${m.code}/jobs/${running!.id}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ state: 'failed', error: { code: 'interrupted', message: INTERRUPTED_BY_CRASH_MESSAGE } });
    } finally {
      await server.close();
    }
  }, 120_000);
});
