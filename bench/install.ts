/**
 * Installation benchmark: what an operator gets from the production build.
 *   - start: time from spawn to /api/ready answering 200, and resident memory then, for
 *     `node dist/main.js` beside the development path (`tsx src/main.ts`, what `npm start` ran before
 *     it had a build), against a floor measured in the same run: a bare node process that opens the
 *     same PGlite directory and listens on HTTP (no application code);
 *   - size: the release bundle's archive and its installed size;
 *   - wire: bytes of the 1,000-item plan tree and roadmap without compression, gzip and brotli.
 * Goals: ready in under 2 s, runtime install under 200 MB.
 *   npm run bench:install      (BENCH_RUNS=5, BENCH_SKIP_BUILD=1 to reuse dist/ and release/)
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../src/db/client.js';
import { seed } from './plan-tree.js';
import { positiveInt } from './support.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = positiveInt(process.env.BENCH_RUNS, 5);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-bench-install-'));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** Resident memory of a process and all its descendants (tsx runs the program in a child of its launcher). */
function rssMb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* gone meanwhile */
    }
  }
  let kb = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      /* gone meanwhile */
    }
    stack.push(...(children.get(p) ?? []));
  }
  return kb / 1024;
}

/** Spawns a command, waits until `readyPath` answers 200; returns ms to ready and RSS then; stops it. */
async function startOnce(cmd: string, args: string[], env: Record<string, string>, readyPath: string): Promise<{ ms: number; rss: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${cmd} ${args.join(' ')} exited ${child.exitCode}: ${err}`);
      const ok = await new Promise<boolean>((resolve) => {
        const req = http.get({ host: '127.0.0.1', port, path: readyPath }, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        });
        req.on('error', () => resolve(false));
      });
      if (ok) break;
      if (performance.now() - t0 > 120_000) throw new Error(`not ready after 120 s: ${err}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const ms = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 500)); // settle: what it holds once started
    return { ms, rss: rssMb(child.pid!) };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[], unit: string, digits = 0) => `median ${median(xs).toFixed(digits)} ${unit} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

const FLOOR = `
import http from 'node:http';
const { PGlite } = await import('@electric-sql/pglite');
const db = await PGlite.create({ dataDir: process.env.FLOOR_DIR });
await db.query('select 1');
http.createServer((_, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', async () => { await db.close(); process.exit(0); });
`;

function rawBytes(port: number, urlPath: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, headers: { 'accept-encoding': encoding } }, (res) => {
        let n = 0;
        res.on('data', (c: Buffer) => (n += c.length));
        res.on('end', () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`${urlPath}: ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

async function main() {
  console.log(`install benchmark — Node ${process.version}, ${os.cpus().length} cores, ${RUNS} runs each`);
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    const t = performance.now();
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'ignore' });
    console.log(`build (npm run build: tsc + vite): ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }

  // a data directory with a 1,000-item plan, migrated once (each start then opens an existing store)
  const dataDir = path.join(work, 'data');
  const store = await openStore({ dataDir: path.join(dataDir, 'pglite') });
  const seeded = await seed(store);
  await store.close();
  console.log(`store: ${seeded.nodes} nodes (${seeded.actions} items) in ${dataDir}`);
  const env = { GYOKAKU_DATA: dataDir, GYOKAKU_AUTH: 'demo' };

  const floor: number[] = [];
  const prod: { ms: number; rss: number }[] = [];
  const dev: { ms: number; rss: number }[] = [];
  const floorFile = path.join(ROOT, 'node_modules', '.bench-floor.mjs'); // resolves @electric-sql/pglite as the app does
  fs.writeFileSync(floorFile, FLOOR);
  try {
    for (let i = 0; i < RUNS; i++) {
      floor.push((await startOnce(process.execPath, [floorFile], { FLOOR_DIR: path.join(dataDir, 'pglite') }, '/')).ms);
      prod.push(await startOnce(process.execPath, ['dist/main.js'], env, '/api/ready'));
      dev.push(await startOnce(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/main.ts'], env, '/api/ready'));
    }
  } finally {
    fs.rmSync(floorFile, { force: true });
  }
  const fl = median(floor);
  console.log('\nstart to ready (PGlite, existing store)');
  console.log(`  floor: bare node + PGlite open + listen   ${fmt(floor, 'ms')}`);
  console.log(`  node dist/main.js (production)            ${fmt(prod.map((p) => p.ms), 'ms')}  = ${(median(prod.map((p) => p.ms)) / fl).toFixed(2)}× floor; RSS ${fmt(prod.map((p) => p.rss), 'MB')}`);
  console.log(`  tsx src/main.ts (development)             ${fmt(dev.map((p) => p.ms), 'ms')}  = ${(median(dev.map((p) => p.ms)) / fl).toFixed(2)}× floor; RSS ${fmt(dev.map((p) => p.rss), 'MB')}`);
  const prodMs = median(prod.map((p) => p.ms));
  console.log(`  goal ready < 2 s: ${prodMs < 2000 ? 'MET' : 'NOT MET'} (${(prodMs / 1000).toFixed(2)} s)`);

  // release bundle
  const out = path.join(work, 'release');
  execFileSync('bash', ['scripts/bundle.sh'], { cwd: ROOT, env: { ...process.env, BUNDLE_OUT: out, BUNDLE_SKIP_BUILD: '1' }, stdio: 'ignore' });
  const [archive] = fs.readdirSync(out);
  const inst = path.join(work, 'install');
  fs.mkdirSync(inst);
  execFileSync('tar', ['-xzf', path.join(out, archive!), '-C', inst]);
  const du = (p: string) => Number(execFileSync('du', ['-sk', p], { encoding: 'utf8' }).split('\t')[0]) / 1024;
  const dir = path.join(inst, archive!.replace(/\.tar\.gz$/, ''));
  const total = du(dir);
  console.log('\nrelease bundle');
  console.log(`  archive ${archive}: ${(fs.statSync(path.join(out, archive!)).size / 1024 / 1024).toFixed(1)} MB`);
  console.log(`  installed: ${total.toFixed(0)} MB (node_modules ${du(path.join(dir, 'node_modules')).toFixed(0)} MB, dist ${du(path.join(dir, 'dist')).toFixed(0)} MB, web/dist ${du(path.join(dir, 'web/dist')).toFixed(0)} MB)`);
  console.log(`  goal runtime install < 200 MB: ${total < 200 ? 'MET' : 'NOT MET'}`);

  // bytes on the wire
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' }, stdio: 'ignore' });
  try {
    for (let i = 0; i < 600; i++) {
      const ok = await rawBytes(port, '/api/ready', 'identity').then(() => true, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    console.log('\nbytes on the wire (1,000-item plan)');
    for (const [label, p] of [
      ['tree', `/api/m/${seeded.code}/plans/${seeded.planId}/tree`],
      ['roadmap', `/api/m/${seeded.code}/plans/${seeded.planId}/roadmap`],
    ] as const) {
      const plain = await rawBytes(port, p, 'identity');
      const gz = await rawBytes(port, p, 'gzip');
      const br = await rawBytes(port, p, 'br');
      console.log(`  ${label.padEnd(8)} identity ${(plain / 1024).toFixed(0)} KB, gzip ${(gz / 1024).toFixed(0)} KB (${((gz / plain) * 100).toFixed(1)} %), br ${(br / 1024).toFixed(0)} KB (${((br / plain) * 100).toFixed(1)} %)`);
    }
  } finally {
    child.kill('SIGTERM');
  }
}

main()
  .catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(work, { recursive: true, force: true }));
