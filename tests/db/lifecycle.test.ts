/**
 * The server's graceful stop and the job runner's concurrency limit, on both databases: a request in
 * flight when close() begins is answered, new connections are refused, new jobs are refused in
 * Japanese, running jobs finish (or are marked interrupted at the deadline), and the store is closed
 * (the embedded data directory's lock file gone). Plus the real process: SIGTERM → exit 0, lock gone.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { openStore, type Store } from '../../src/db/client.js';
import { jobs } from '../../src/db/schema.js';
import {
  configureJobs,
  INTERRUPTED_QUEUED_MESSAGE,
  INTERRUPTED_RUNNING_MESSAGE,
  jobCounts,
  liveJob,
  QUEUED_MESSAGE,
  runJob,
  SHUTTING_DOWN_MESSAGE,
  waitForJob,
  type JobRow,
} from '../../src/modules/jobs/runner.js';
import { startServer, STOPPING_MESSAGE, stoppableFetch, type RunningServer } from '../../src/server.js';
import { AppError } from '../../src/shared/errors.js';
import { startMain } from '../support/process.js';
import { backends, createTestMunicipality, openTestStore, type BackendKind } from '../support/stores.js';

const tempDirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-lifecycle-'));
  tempDirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A promise the test resolves when it wants (the slow job's work waits on it). */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

function configWith(extra: Partial<Config>): Config {
  return { ...loadConfig({}), smtp: null, ...extra };
}

/** A request whose body arrives in two parts: in flight (body half read) until `finish()` is called. */
function slowRequest(url: string, method: string, body: unknown) {
  const text = Buffer.from(JSON.stringify(body), 'utf8');
  const u = new URL(url);
  const slow = { answered: undefined as unknown as Promise<{ status: number; headers: http.IncomingHttpHeaders; json: unknown }>, finish: () => {} };
  slow.answered = new Promise<{ status: number; headers: http.IncomingHttpHeaders; json: unknown }>((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname, method, headers: { 'content-type': 'application/json', 'content-length': String(text.length), 'x-requested-with': 'XMLHttpRequest' } },
      (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', reject);
    req.write(text.subarray(0, 5));
    slow.finish = () => req.end(text.subarray(5));
  });
  return slow;
}

/** A plain GET on a new connection: its status, or the socket error's code (ECONNREFUSED). */
function freshGet(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (r) => {
      r.resume();
      resolve(r.statusCode ?? 0);
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

async function readJobRow(kind: BackendKind, dataDir: string | undefined, municipalityId: string, id: string): Promise<JobRow> {
  const store: Store = kind === 'postgres' ? await openTestStore('postgres') : await openStore({ dataDir: dataDir!, migrate: false });
  try {
    const [row] = await store.db.select().from(jobs).where(and(eq(jobs.municipalityId, municipalityId), eq(jobs.id, id)));
    return row!;
  } finally {
    await store.close();
  }
}

describe.each(backends())('graceful stop on %s', (kind) => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close().catch(() => {});
    server = undefined;
  });

  const start = async (extra: Partial<Config>) => {
    const dataDir = kind === 'pglite' ? path.join(tempDir(), 'pglite') : 'memory://';
    server = await startServer({
      port: 0,
      dataDir,
      databaseUrl: kind === 'postgres' ? inject('databaseUrl') : undefined,
      demo: false,
      auth: 'demo',
      config: configWith(extra),
    });
    return { server, dataDir };
  };

  it('answers the request in flight, refuses new connections and jobs, lets the job finish, then closes the store and its lock', async () => {
    const { server: s, dataDir } = await start({ shutdownTimeoutMs: 10_000 });
    if (kind === 'pglite') expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'gyokaku.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    const m = await createTestMunicipality(s.store.db, '停止市');
    const created = await fetch(`${s.url}/api/m/${m.code}/tags`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' },
      body: JSON.stringify({ name: '停止前', category: '視点' }),
    });
    expect(created.status).toBe(201);
    const tag = (await created.json()) as { id: string; version: number };

    const jobGate = gate();
    const job = await runJob(s.store, { municipalityId: m.id, kind: 'test.slow', createdBy: 'test' }, async (report) => {
      await report(0, 1, '作業中');
      await jobGate.opened;
      return { ok: true };
    });
    const inFlight = slowRequest(`${s.url}/api/m/${m.code}/tags/${tag.id}`, 'PATCH', { name: '停止中に保存', category: '視点', version: tag.version });
    await expect.poll(() => liveJob(job.id)?.state).toBe('running');
    await expect.poll(() => s.requestsInFlight()).toBe(1); // the PATCH is in the app, waiting for its body

    let closed = false;
    const closing = s.close().then(() => (closed = true));
    await sleep(100);
    // a new connection is refused at the socket; a new job is refused in Japanese
    expect(await freshGet(`${s.url}/api/health`)).toBe('ECONNREFUSED');
    const refused = await runJob(s.store, { municipalityId: m.id, kind: 'test.late', createdBy: 'test' }, async () => null).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 503, code: 'shutting_down', message: SHUTTING_DOWN_MESSAGE });
    expect(closed).toBe(false); // still waiting for the request and the job

    inFlight.finish();
    const answer = await inFlight.answered;
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ id: tag.id, name: '停止中に保存' });
    expect(answer.headers.connection).toBe('close');
    await sleep(100);
    expect(closed).toBe(false); // the job is still running
    jobGate.open();
    await closing;
    expect(liveJob(job.id)).toMatchObject({ state: 'done', result: { ok: true } });

    // the store is closed: no more queries, and the data directory is free
    await expect(s.store.db.execute(sql`select 1`)).rejects.toThrow();
    if (kind === 'pglite') expect(fs.existsSync(path.join(dataDir, 'gyokaku.lock'))).toBe(false);
    expect(await readJobRow(kind, dataDir, m.id, job.id)).toMatchObject({ state: 'done', result: { ok: true } });
  });

  it('marks a job still running at the deadline, and one still waiting, as interrupted in Japanese', async () => {
    const { server: s, dataDir } = await start({ shutdownTimeoutMs: 500, jobConcurrency: 1 });
    const m = await createTestMunicipality(s.store.db, '中断市');
    const never = gate();
    const meta = { municipalityId: m.id, kind: 'test.slow', createdBy: 'test' };
    const first = await runJob(s.store, meta, async () => {
      await never.opened;
      return null;
    });
    const second = await runJob(s.store, meta, async () => null);
    await expect.poll(() => liveJob(first.id)?.state).toBe('running');
    expect(liveJob(second.id)).toMatchObject({ state: 'queued', message: QUEUED_MESSAGE(1) });
    const secondDone = waitForJob(second.id)!;

    const t0 = Date.now();
    await s.close();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(450);
    expect(liveJob(first.id)).toMatchObject({ state: 'failed', message: INTERRUPTED_RUNNING_MESSAGE, result: { error: { code: 'interrupted' } } });
    expect(await secondDone).toMatchObject({ state: 'failed', message: INTERRUPTED_QUEUED_MESSAGE });
    expect(jobCounts().queued).toBe(0);
    // the rows say so too, for whoever looks after the restart
    expect(await readJobRow(kind, dataDir, m.id, first.id)).toMatchObject({ state: 'failed', message: INTERRUPTED_RUNNING_MESSAGE });
    expect(await readJobRow(kind, dataDir, m.id, second.id)).toMatchObject({ state: 'failed', message: INTERRUPTED_QUEUED_MESSAGE });
    if (kind === 'pglite') expect(fs.existsSync(path.join(dataDir, 'gyokaku.lock'))).toBe(false);
    never.open(); // the abandoned work ends after the store closed: nothing breaks
    await sleep(50);
  });
});

describe.each(backends())('job concurrency on %s', (kind) => {
  let store: Store;
  afterAll(async () => {
    configureJobs({ concurrency: 2 });
    await store?.close();
  });

  it('runs at most the limit at once; the others wait in order, showing their place', async () => {
    store = await openTestStore(kind);
    configureJobs({ concurrency: 1 });
    const m = await createTestMunicipality(store.db, '順番市');
    const meta = { municipalityId: m.id, kind: 'test.queue', createdBy: 'test' };
    const events: string[] = [];
    const gates = [gate(), gate(), gate()];
    // queued one after the other: jobs started by concurrent requests line up in the order their rows were
    // written, which two parallel inserts on PostgreSQL do not fix
    const started = [];
    for (const [i, g] of gates.entries()) {
      started.push(
        await runJob(store, meta, async () => {
          events.push(`start ${i + 1}`);
          await g.opened;
          events.push(`end ${i + 1}`);
          return i + 1;
        }),
      );
    }
    const [a, b, c] = started.map((j) => j.id) as [string, string, string];
    await expect.poll(() => liveJob(a)?.state).toBe('running');
    expect(liveJob(b)).toMatchObject({ state: 'queued', message: QUEUED_MESSAGE(1) });
    expect(liveJob(c)).toMatchObject({ state: 'queued', message: QUEUED_MESSAGE(2) });
    expect(QUEUED_MESSAGE(2)).toBe('順番待ち（2件目）');
    // the place is on the row as well (another process answering GET /jobs/:id reads the row)
    await expect
      .poll(async () => (await store.db.select().from(jobs).where(and(eq(jobs.municipalityId, m.id), eq(jobs.id, c))))[0]?.message)
      .toBe(QUEUED_MESSAGE(2));
    expect(jobCounts()).toEqual({ running: 1, queued: 2 });

    gates[0]!.open();
    await waitForJob(a);
    await expect.poll(() => liveJob(b)?.state).toBe('running');
    expect(liveJob(c)).toMatchObject({ state: 'queued', message: QUEUED_MESSAGE(1) });
    gates[2]!.open(); // the third may end at once, but only after it has started, after the second
    await sleep(50);
    expect(liveJob(c)!.state).toBe('queued');
    gates[1]!.open();
    expect((await waitForJob(c))!.state).toBe('done');
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect((await waitForJob(b))!.result).toBe(2);
  });
});

describe('stoppableFetch', () => {
  it('answers 503 JSON with Connection: close while stopping, and marks answers in flight to close', async () => {
    let stopping = false;
    const counter = { inFlight: 0 };
    const f = stoppableFetch(async () => new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }), () => stopping, counter);
    const before = await f(new Request('http://x/api/health'), {});
    expect(before.status).toBe(200);
    expect(before.headers.get('connection')).toBeNull();
    expect(counter.inFlight).toBe(0);
    stopping = true;
    const during = await f(new Request('http://x/api/health'), {});
    expect(during.status).toBe(503);
    expect(during.headers.get('connection')).toBe('close');
    expect(await during.json()).toEqual({ error: { code: 'shutting_down', message: STOPPING_MESSAGE } });
  });
});

// ───────────── the real process: SIGTERM ─────────────

describe('the server process', () => {
  it('stops on SIGTERM with exit code 0 and removes the data directory lock', async () => {
    const data = tempDir();
    const { proc: child, url, out, exited } = await startMain(data);
    try {
      expect(out()).toContain('gyokaku を起動しました');
      const lock = path.join(data, 'pglite', 'gyokaku.lock');
      expect(JSON.parse(fs.readFileSync(lock, 'utf8'))).toMatchObject({ pid: child.pid });
      expect(await freshGet(`${url}/api/health`)).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out()).toContain('停止しました');
      expect(fs.existsSync(lock)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
