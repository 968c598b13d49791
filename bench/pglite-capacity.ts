/**
 * Benchmark: how much load the embedded store (PGlite) serves before ordinary requests get slow, beside
 * PostgreSQL on the same machine — the figures behind "when to move to PostgreSQL" (docs/operations/process.md).
 *
 *   npx tsx bench/pglite-capacity.ts
 *
 * For each backend a server is started (startServer, as in production, with the bounded line in front of
 * PGlite), a municipality with BENCH_TAGS tags is made, and closed-loop clients in a process of their own
 * (as real browsers are) each GET the tag list and the department list, one request after another over
 * keep-alive, for BENCH_SECONDS at each level of concurrent clients. A client answered 503 waits 1 s (as
 * a person would) before its next request. Printed per level: requests/s answered 200, p50 / p95 / max of
 * those, and the share answered 503 (the embedded store's bounded line) or not at all.
 *
 * Environment:
 *   BENCH_DATABASE_URL / DATABASE_URL   PostgreSQL to use; if neither is set a throwaway server is started
 *   BENCH_LEVELS=1,5,10,25,50,100,200   concurrent clients
 *   BENCH_SECONDS=5                     per level
 *   BENCH_TAGS=200                      size of the list each request reads
 *   BENCH_BACKENDS=pglite,postgres
 *
 * Prints figures only; it fails on a broken run, never on timings.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { departments, tags } from '../src/db/schema.js';
import { startServer } from '../src/server.js';
import { positiveInt, redact, rng, startThrowaway, stopThrowaway, uniqueMunicipalityCode } from './support.js';
import { municipalities } from '../src/db/schema.js';

const levels = (process.env.BENCH_LEVELS ?? '1,5,10,25,50,100,200').split(',').map((v) => positiveInt(v.trim(), 1));
const seconds = positiveInt(process.env.BENCH_SECONDS, 5);
const tagCount = positiveInt(process.env.BENCH_TAGS, 200);
const backends = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',').map((s) => s.trim());

interface Level {
  clients: number;
  ok: number;
  busy: number;
  failed: number;
  p50: number;
  p95: number;
  max: number;
  rps: number;
}

/** Closed-loop clients in another process: the answers' statuses and times. */
function load(urls: string[], clients: number, ms: number): Promise<Level> {
  const script = `
    const http = require('node:http');
    const urls = ${JSON.stringify(urls)};
    const agent = new http.Agent({ keepAlive: true, maxSockets: ${clients} });
    const end = Date.now() + ${ms};
    const times = []; let busy = 0, failed = 0;
    const one = (url) => new Promise((resolve) => {
      const t = process.hrtime.bigint();
      const req = http.get(url, { agent, timeout: 30000 }, (r) => {
        r.resume();
        r.on('end', () => resolve({ status: r.statusCode, ms: Number(process.hrtime.bigint() - t) / 1e6 }));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - t) / 1e6 }));
    });
    const client = async (i) => {
      for (let n = i; Date.now() < end; n++) {
        const a = await one(urls[n % urls.length]);
        if (a.status === 200) times.push(a.ms);
        else if (a.status === 503) { busy++; await new Promise((r) => setTimeout(r, 1000)); }
        else failed++;
      }
    };
    Promise.all(Array.from({ length: ${clients} }, (_, i) => client(i))).then(() => {
      times.sort((a, b) => a - b);
      const q = (p) => times.length ? times[Math.min(times.length - 1, Math.floor(p * times.length))] : 0;
      process.stdout.write(JSON.stringify({ ok: times.length, busy, failed, p50: q(0.5), p95: q(0.95), max: times[times.length - 1] ?? 0 }));
      agent.destroy();
    });
  `;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['-e', script], { maxBuffer: 16 << 20 }, (err, stdout) => {
      if (err) return reject(err);
      const r = JSON.parse(stdout) as Omit<Level, 'clients' | 'rps'>;
      resolve({ clients, ...r, rps: r.ok / (ms / 1000) });
    }),
  );
}

async function run(kind: string, databaseUrl: string | undefined): Promise<Level[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-capacity-'));
  const server = await startServer({ port: 0, dataDir: path.join(tmp, 'pglite'), databaseUrl, demo: false, auth: 'demo', config: { ...loadConfig({}), smtp: null } });
  try {
    const db = server.store.db;
    const code = await uniqueMunicipalityCode(server.store, rng(7));
    const [m] = await db.insert(municipalities).values({ code, name: '負荷市', prefecture: 'ベンチ県' }).returning();
    await db.insert(tags).values(Array.from({ length: tagCount }, (_, i) => ({ municipalityId: m!.id, name: `タグ${i}`, category: '視点' })));
    await db.insert(departments).values(Array.from({ length: 40 }, (_, i) => ({ municipalityId: m!.id, name: `第${i}課`, code: `D${i}`, kind: '課' })));
    const urls = [`${server.url}/api/m/${code}/tags`, `${server.url}/api/m/${code}/departments`];
    await load(urls, 2, 1000); // warm-up
    const out: Level[] = [];
    for (const clients of levels) {
      const l = await load(urls, clients, seconds * 1000);
      out.push(l);
      const total = l.ok + l.busy + l.failed;
      console.log(
        `${kind.padEnd(8)} ${String(clients).padStart(4)} clients  ${l.rps.toFixed(0).padStart(5)} req/s  p50 ${l.p50.toFixed(0).padStart(5)} ms  p95 ${l.p95.toFixed(0).padStart(5)} ms  max ${l.max.toFixed(0).padStart(5)} ms  503 ${((100 * l.busy) / Math.max(total, 1)).toFixed(1).padStart(5)} %  no answer ${l.failed}`,
      );
    }
    return out;
  } finally {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

let throwaway: { url: string; dir: string } | undefined;
try {
  console.log(`${os.cpus().length} CPU cores, ${seconds} s per level, lists of ${tagCount} tags and 40 departments`);
  for (const kind of backends) {
    if (kind === 'pglite') await run('pglite', undefined);
    else {
      let url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
      if (!url) {
        throwaway = startThrowaway();
        url = throwaway.url;
      }
      console.log(`postgres: ${redact(url)}`);
      await run('postgres', url);
    }
  }
} finally {
  if (throwaway) stopThrowaway(throwaway.dir);
}
process.exit(0);
