/**
 * PostgreSQL stopping under a running server (fault test): a PostgreSQL of its own is stopped with
 * `pg_ctl stop -m immediate` while a transaction holds a connection. The process hosting the server must
 * survive (an 'error' event on a checked-out client without a listener would end it), requests answer 503
 * with the Japanese message, /api/ready answers 503, and once PostgreSQL is started again on the same data
 * the server serves again by itself, with nothing of the interrupted transaction written.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DB_UNAVAILABLE_MESSAGE } from '../../src/db/availability.js';
import { tags } from '../../src/db/schema.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createTestMunicipality } from '../support/stores.js';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const script = path.join(repoRoot, 'scripts/pg-throwaway.sh');
const hasPostgres = fs.existsSync('/usr/lib/postgresql') || (() => {
  try {
    execFileSync('sh', ['-c', 'command -v initdb'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const pgctl = (verb: 'halt' | 'restart' | 'stop', dir: string) => execFileSync('bash', [script, verb, dir], { stdio: ['ignore', 'ignore', 'pipe'] });

const headers = { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' };

describe.skipIf(!hasPostgres)('PostgreSQL stopped and started again under a running server', () => {
  let pgDir = '';
  let url = '';
  let server: RunningServer | undefined;

  beforeAll(async () => {
    // a cluster of its own: the shared test cluster must never be stopped
    const started = spawnSync('bash', [script, 'start'], { encoding: 'utf8' });
    if (started.status !== 0) throw new Error(`PostgreSQL を起動できませんでした: ${started.stderr}`);
    url = started.stdout.trim();
    pgDir = started.stderr.trim().split('\n').pop()!; // the script names its directory on stderr
    expect(fs.existsSync(path.join(pgDir, 'port'))).toBe(true);
    // the throwaway server runs with synchronous_commit=off for speed, which loses the last commits on an
    // immediate stop; this test checks what survives one, so commits here wait for their WAL as in production
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`alter database "${new URL(url).pathname.slice(1)}" set synchronous_commit = on`);
    } finally {
      await admin.end();
    }
  }, 120_000);

  afterAll(async () => {
    await server?.close().catch(() => {});
    if (pgDir) pgctl('stop', pgDir);
  }, 60_000);

  it('keeps the process up, answers 503 in Japanese while it is down, and recovers by itself with nothing half-written', async () => {
    server = await startServer({ port: 0, dataDir: 'memory://', databaseUrl: url, demo: false, auth: 'demo', config: { ...loadConfig({}), smtp: null } });
    const s = server;
    const m = await createTestMunicipality(s.store.db, '障害市');
    const before = await fetch(`${s.url}/api/m/${m.code}/tags`, { method: 'POST', headers, body: JSON.stringify({ name: '停止前', category: '視点' }) });
    expect(before.status).toBe(201);

    // a long write holding a checked-out client: a row written, then a wait inside the same transaction
    let started!: () => void;
    const inside = new Promise<void>((r) => (started = r));
    const longWrite = s.store.db
      .transaction(async (tx) => {
        await tx.insert(tags).values({ municipalityId: m.id, name: '途中で停止', category: '視点' });
        started();
        await tx.execute(sql`select pg_sleep(30)`);
      })
      .then(
        () => 'committed',
        (e: unknown) => e,
      );
    await inside;
    await new Promise((r) => setTimeout(r, 200));
    pgctl('halt', pgDir);

    const failure = await longWrite;
    expect(failure).not.toBe('committed');
    // idle clients and the checked-out one all learn of it; none of those events may end this process
    await new Promise((r) => setTimeout(r, 500));

    const read = await fetch(`${s.url}/api/m/${m.code}/tags`);
    expect(read.status).toBe(503);
    expect(read.headers.get('retry-after')).toBeTruthy();
    expect(await read.json()).toEqual({ error: { code: 'database_unavailable', message: DB_UNAVAILABLE_MESSAGE } });
    const write = await fetch(`${s.url}/api/m/${m.code}/tags`, { method: 'POST', headers, body: JSON.stringify({ name: '停止中', category: '視点' }) });
    expect(write.status).toBe(503);
    expect(((await write.json()) as { error: { message: string } }).error.message).toBe(DB_UNAVAILABLE_MESSAGE);
    const ready = await fetch(`${s.url}/api/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ok: false, reason: 'database_unavailable' });
    expect((await fetch(`${s.url}/api/health`)).status).toBe(200);

    pgctl('restart', pgDir);

    // the same server, not restarted: new connections succeed
    await expect.poll(async () => (await fetch(`${s.url}/api/ready`)).status, { timeout: 20_000, interval: 250 }).toBe(200);
    const after = await fetch(`${s.url}/api/m/${m.code}/tags`);
    expect(after.status).toBe(200);
    const names = ((await after.json()) as { items?: { name: string }[] } | { name: string }[]);
    const list = Array.isArray(names) ? names : (names.items ?? []);
    expect(list.map((t) => t.name)).toContain('停止前');
    // the interrupted transaction left nothing
    expect(list.map((t) => t.name)).not.toContain('途中で停止');
    const rows = await s.store.db.select().from(tags).where(and(eq(tags.municipalityId, m.id), eq(tags.name, '途中で停止')));
    expect(rows).toEqual([]);

    // no client is stuck checked out: more writes at once than the pool has connections all finish
    const many = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        fetch(`${s.url}/api/m/${m.code}/tags`, { method: 'POST', headers, body: JSON.stringify({ name: `再開後${i}`, category: '視点' }) }).then((r) => r.status),
      ),
    );
    expect(many.every((st) => st === 201)).toBe(true);
  }, 120_000);

  it('answers 503 fast while PostgreSQL is down, however many requests come', async () => {
    const s = server!;
    const m = await createTestMunicipality(s.store.db, '障害二市');
    pgctl('halt', pgDir);
    try {
      const t0 = Date.now();
      const statuses = await Promise.all(Array.from({ length: 30 }, () => fetch(`${s.url}/api/m/${m.code}/tags`).then((r) => r.status)));
      expect(statuses.every((st) => st === 503)).toBe(true);
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      pgctl('restart', pgDir);
    }
    await expect.poll(async () => (await fetch(`${s.url}/api/m/${m.code}/tags`)).status, { timeout: 20_000, interval: 250 }).toBe(200);
  }, 120_000);
});
