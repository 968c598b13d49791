/**
 * The HTTP side of operations, on the app as served (sign-in required): health and readiness
 * probes, JSON for every unknown /api path, one structured log line per request (and no secrets in
 * it), request ids, compression, caching of the UI's files, and ETag/304 on the plan tree and
 * roadmap.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createApp, IMMUTABLE_CACHE } from '../../src/app.js';
import { migrationsFolder, openStore, type Store } from '../../src/db/client.js';
import { readJournal } from '../../src/db/migrations.js';
import { createDepartment, updateDepartment } from '../../src/modules/departments/commands/departments.js';
import { DEMO_PASSWORD, seedDemoUsers } from '../../src/modules/identity/http/index.js';
import { createNode } from '../../src/modules/plans/commands/nodes.js';
import { createPlan } from '../../src/modules/plans/commands/plans.js';
import { createLogger } from '../../src/shared/log.js';
import { backends, createTestMunicipality, openTestStore, run, type BackendKind } from '../support/stores.js';

type App = ReturnType<typeof createApp>;

/** A logger writing its JSON lines into memory. */
function memoryLogger() {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (s: string) => void lines.push(s) });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const CSRF = { 'x-requested-with': 'gyokaku', origin: 'http://localhost' };

/** A temporary built UI: index.html, a hashed script, a font and a spreadsheet (already compressed formats). */
function tempWebRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/app-3f9a1c.js"></script></head><body><div id="root"></div></body></html>');
  fs.writeFileSync(path.join(dir, 'assets', 'app-3f9a1c.js'), `export const rows = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ i, label: `行${i}` })))};\n`);
  fs.writeFileSync(path.join(dir, 'assets', 'noto-4b1e.woff2'), Buffer.alloc(4096, 7));
  fs.writeFileSync(path.join(dir, 'assets', 'sample-77aa.xlsx'), Buffer.alloc(4096, 1));
  return dir;
}

/** An empty database of the same kind (PostgreSQL: a new database in the test cluster, dropped by the returned cleanup). */
async function emptyStore(kind: BackendKind, admin: Store): Promise<{ store: Store; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const store = await openStore({ dataDir: 'memory://', migrate: false });
    return { store, drop: () => store.close() };
  }
  const name = `gyokaku_ready_${process.pid}_${Date.now()}`;
  await admin.rawQuery(`create database ${name}`);
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString(), migrate: false });
  return {
    store,
    drop: async () => {
      await store.close();
      await admin.rawQuery(`drop database if exists ${name}`);
    },
  };
}

describe.each(backends())('operations over HTTP on %s', (kind) => {
  let store: Store;
  let app: App;
  let mem: ReturnType<typeof memoryLogger>;
  let webRoot: string;
  let code: string;
  let municipalityId: string;
  let planId: string;
  let nodeId: string;
  let deptId: string;
  let session: string;
  let userId: string;

  const get = (url: string, headers: Record<string, string> = {}) => app.request(url, { headers: { cookie: session, ...headers } });

  beforeAll(async () => {
    store = await openTestStore(kind);
    const m = await createTestMunicipality(store.db, '運用市');
    code = m.code;
    municipalityId = m.id;
    const depts = await run(store, m.id, async (ctx) => [
      await createDepartment(ctx, { name: '総合政策課', kind: '課' }),
      await createDepartment(ctx, { name: '財政課', kind: '課' }),
      await createDepartment(ctx, { name: 'くらしいきいき課', kind: '課' }),
    ]);
    deptId = depts[0]!.id;
    await seedDemoUsers(store.db, m.id, depts.map((d) => ({ id: d.id, name: d.name })));
    await run(store, m.id, async (ctx) => {
      const plan = await createPlan(ctx, { kind: '行政改革大綱', title: '第7次行政改革大綱', firstFiscalYear: 2022, lastFiscalYear: 2026, levelNames: ['基本方針', '実施項目'] });
      planId = plan.id;
      const top = await createNode(ctx, plan.id, { parentId: null, title: '効率的な行政運営' });
      for (let i = 1; i <= 8; i++) {
        const n = await createNode(ctx, plan.id, {
          parentId: top.id,
          title: `事務事業の見直し その${i}（窓口業務のデジタル化と手続の簡素化）`,
          isAction: true,
          departments: [{ id: deptId, lead: true }],
          schedule: { '2022': 'kento', '2023': 'jisshi' },
        });
        nodeId ??= n.id;
      }
    });
    mem = memoryLogger();
    webRoot = tempWebRoot();
    app = createApp({ store, auth: 'required', logger: mem.logger, webRoot });
    const login = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...CSRF, 'x-request-id': 'login-trace-1' },
      body: JSON.stringify({ municipalityCode: code, loginId: 'jimukyoku', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    session = login.headers.get('set-cookie')!.split(';')[0]!;
    userId = ((await (await get('/api/me')).json()) as { id: string }).id;
  }, 120_000);
  afterAll(async () => {
    await store.close();
    if (webRoot) fs.rmSync(webRoot, { recursive: true, force: true });
  });

  describe('health and readiness', () => {
    it('answers health without a session or a database, and never lets it be cached', async () => {
      const res = await app.request('/api/health');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, store: kind });
      expect(res.headers.get('cache-control')).toBe('no-store');
      // a stale cookie does not make the probe look up a session
      const closed = await openTestStore(kind);
      await closed.close();
      const dead = createApp({ store: closed, auth: 'required', logger: memoryLogger().logger, webRoot });
      expect((await dead.request('/api/health', { headers: { cookie: session } })).status).toBe(200);
    });

    it('is ready when the database answers and every migration is applied', async () => {
      const res = await app.request('/api/ready');
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({ ok: true, store: kind, migrations: { applied: readJournal(migrationsFolder).length } });
    });

    it('is not ready (503, JSON reason in Japanese) when the database is gone', async () => {
      const closed = await openTestStore(kind);
      await closed.close();
      const dead = createApp({ store: closed, auth: 'required', logger: memoryLogger().logger, webRoot });
      const res = await dead.request('/api/ready');
      expect(res.status).toBe(503);
      const body = (await res.json()) as { ok: boolean; reason: string; message: string };
      expect(body).toMatchObject({ ok: false, reason: 'database_unavailable' });
      expect(body.message).toContain('データベースに接続できません');
      // a citizen's page says it in a page, in Japanese: no JSON, no stack
      const page = await dead.request('/m/432041/progress', { headers: { 'x-request-id': 'trace-page' } });
      expect(page.status).toBe(500);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      expect(html).toContain('<html lang="ja">');
      expect(html).toContain('問い合わせ番号: trace-page');
      expect(html).not.toContain('"error"');
      expect(html).not.toMatch(/\n\s+at /);
    });

    it('is not ready while a migration is pending, nor on a schema newer than this build', async () => {
      const journal = readJournal(migrationsFolder);
      const { store: empty, drop } = await emptyStore(kind, store);
      try {
        const probe = createApp({ store: empty, auth: 'required', logger: memoryLogger().logger, webRoot });
        const ready = async () => {
          const res = await probe.request('/api/ready');
          return { status: res.status, body: (await res.json()) as { reason?: string; message?: string; migrations?: { pending: number } } };
        };
        // never migrated
        expect((await ready()).status).toBe(503);
        expect((await ready()).body.reason).toBe('migrations_pending');
        // everything but the newest migration recorded
        await empty.rawQuery('create schema drizzle');
        await empty.rawQuery('create table drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)');
        for (const e of journal.slice(0, -1)) await empty.rawQuery('insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)', [e.tag, e.when]);
        const pending = await ready();
        expect(pending.status).toBe(503);
        expect(pending.body.reason).toBe('migrations_pending');
        expect(pending.body.migrations?.pending).toBe(1);
        expect(pending.body.message).toContain('migrate apply');
        // the newest one too: ready
        const last = journal[journal.length - 1]!;
        await empty.rawQuery('insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)', [last.tag, last.when]);
        expect((await ready()).status).toBe(200);
        // a newer build migrated it
        await empty.rawQuery('insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)', ['future', last.when + 1000]);
        const newer = await ready();
        expect(newer.status).toBe(503);
        expect(newer.body.reason).toBe('schema_too_new');
      } finally {
        await drop();
      }
    });

    it('describes both probes in the OpenAPI document', async () => {
      const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, { get?: unknown }> };
      expect(doc.paths['/api/health']?.get).toBeDefined();
      expect(doc.paths['/api/ready']?.get).toBeDefined();
    });
  });

  describe('unknown /api paths', () => {
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
    const paths = () => ['/api', '/api/', '/api/nope', '/api/nope/deeper', '/api/m', `/api/m/${code}`, `/api/m/${code}/nope/deeper`, '/api/public/nope'];

    it('answer 401 JSON before sign-in, whatever the method', async () => {
      for (const p of paths()) {
        for (const method of methods) {
          const res = await app.request(p, { method, headers: CSRF });
          const what = `${method} ${p}`;
          // the public open-data prefix is readable without a session: an unknown file there is 404
          const expected = p.startsWith('/api/public/') && (method === 'GET' || method === 'HEAD') ? 404 : 401;
          expect(res.status, what).toBe(expected);
          expect(res.headers.get('content-type'), what).toMatch(/^application\/json/);
          if (method !== 'HEAD') expect(((await res.json()) as { error: { code: string } }).error.code, what).toBe(expected === 401 ? 'unauthenticated' : 'not_found');
        }
      }
    });

    it('answer 404 JSON after sign-in, never the UI page', async () => {
      for (const p of paths()) {
        for (const method of methods) {
          const res = await app.request(p, { method, headers: { cookie: session, ...CSRF } });
          const what = `${method} ${p}`;
          expect(res.status, what).toBe(404);
          expect(res.headers.get('content-type'), what).toMatch(/^application\/json/);
          if (method !== 'HEAD') expect(((await res.json()) as { error: { code: string } }).error.code, what).toBe('not_found');
        }
      }
      // a state-changing request without the CSRF header is refused, still in JSON
      const refused = await app.request('/api/nope', { method: 'POST', headers: { cookie: session } });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    });
  });

  describe('request log', () => {
    const lineOf = (reqId: string) => mem.parsed().filter((l) => l.reqId === reqId);

    it('writes one JSON line per request: id, method, route pattern, status, duration, municipality, actor', async () => {
      const res = await get(`/api/m/${code}/plans/${planId}/tree?asOf=2024-04-01&q=${encodeURIComponent('秘密の検索語')}`, { 'x-request-id': 'trace-tree-1' });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toBe('trace-tree-1');
      const lines = lineOf('trace-tree-1');
      expect(lines).toHaveLength(1);
      const line = lines[0]!;
      expect(line).toMatchObject({
        level: 'info',
        method: 'GET',
        route: '/api/m/:code/plans/:planId/tree',
        status: 200,
        municipality: code,
        actor: userId,
      });
      expect(typeof line.ms).toBe('number');
      expect(line.ms as number).toBeGreaterThanOrEqual(0);
      // the raw path and its query never reach the log
      const raw = mem.lines.find((l) => l.includes('trace-tree-1'))!;
      expect(raw).not.toContain(planId);
      expect(raw).not.toContain('秘密の検索語');
      expect(raw).not.toContain('asOf');
    });

    it('logs the sign-in without the password, the cookie or the session token', async () => {
      const lines = lineOf('login-trace-1');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ method: 'POST', route: '/api/auth/login', status: 200 });
      expect(lines[0]!.actor).toBeUndefined();
      const all = mem.lines.join('\n');
      expect(all).not.toContain(DEMO_PASSWORD);
      expect(all).not.toContain(session.split('=')[1]!);
      expect(all.toLowerCase()).not.toContain('cookie');
    });

    it('makes a request id when none (or a strange one) is given, and sends it back', async () => {
      const made = await app.request('/api/health');
      const id = made.headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(lineOf(id)).toHaveLength(1);
      for (const bad of ['a b', 'x'.repeat(101), 'a"b', '<script>', '../../etc']) {
        const res = await app.request('/api/health', { headers: { 'x-request-id': bad } });
        const given = res.headers.get('x-request-id')!;
        expect(given).not.toBe(bad);
        expect(given).toMatch(/^[0-9a-f-]{36}$/);
      }
      // unauthenticated requests and unknown paths are logged too, with the pattern that answered
      const unknown = await app.request('/api/nope/deeper', { headers: { 'x-request-id': 'trace-unknown' } });
      expect(unknown.status).toBe(401);
      expect(lineOf('trace-unknown')).toEqual([expect.objectContaining({ status: 401, route: '/api/*' })]);
    });

    it('logs a 5xx at error level with the stack, and tells the user the request id', async () => {
      const closed = await openTestStore(kind);
      await closed.close();
      const own = memoryLogger();
      const broken = createApp({ store: closed, auth: 'required', logger: own.logger, webRoot });
      const res = await broken.request(`/api/m/${code}/plans`, { headers: { cookie: session, 'x-request-id': 'trace-500' } });
      expect(res.status).toBe(500);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('問い合わせ番号: trace-500');
      const lines = own.parsed();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 'error', reqId: 'trace-500', status: 500 });
      const err = lines[0]!.err as { stack?: string; message?: string };
      expect(err.stack).toMatch(/\n\s+at /);
      expect(own.lines[0]).not.toContain(session.split('=')[1]!);
    });
  });

  describe('compression', () => {
    const treeUrl = () => `/api/m/${code}/plans/${planId}/tree`;

    it('compresses large JSON with gzip or brotli as asked; both decode to the same JSON', async () => {
      const plain = await get(treeUrl());
      expect(plain.headers.get('content-encoding')).toBeNull();
      const json = await plain.text();
      expect(json.length).toBeGreaterThan(1024);

      const gz = await get(treeUrl(), { 'accept-encoding': 'gzip, deflate' });
      expect(gz.headers.get('content-encoding')).toBe('gzip');
      expect(gz.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(gz.headers.get('content-length')).toBeNull();
      const gzBytes = Buffer.from(await gz.arrayBuffer());
      expect(gzBytes.length).toBeLessThan(json.length);
      expect(JSON.parse(zlib.gunzipSync(gzBytes).toString('utf8'))).toEqual(JSON.parse(json));

      const br = await get(treeUrl(), { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers.get('content-encoding')).toBe('br');
      expect(JSON.parse(zlib.brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString('utf8'))).toEqual(JSON.parse(json));

      // br refused (q=0): gzip
      expect((await get(treeUrl(), { 'accept-encoding': 'br;q=0, gzip' })).headers.get('content-encoding')).toBe('gzip');
    });

    it('leaves small bodies, HEAD and already-compressed types alone', async () => {
      const small = await app.request('/api/health', { headers: { 'accept-encoding': 'br, gzip' } });
      expect(small.headers.get('content-encoding')).toBeNull();
      expect(small.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(await small.json()).toEqual({ ok: true, store: kind });

      const head = await app.request(treeUrl(), { method: 'HEAD', headers: { cookie: session, 'accept-encoding': 'br' } });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-encoding')).toBeNull();
      expect((await head.arrayBuffer()).byteLength).toBe(0);

      for (const file of ['sample-77aa.xlsx', 'noto-4b1e.woff2']) {
        const res = await app.request(`/assets/${file}`, { headers: { 'accept-encoding': 'br, gzip' } });
        expect(res.status, file).toBe(200);
        expect(res.headers.get('content-encoding'), file).toBeNull();
        expect((await res.arrayBuffer()).byteLength, file).toBe(4096);
      }
    });
  });

  describe('caching of the UI files', () => {
    it('marks hashed assets immutable and index.html no-cache; a missing asset is 404, not the page', async () => {
      const js = await app.request('/assets/app-3f9a1c.js', { headers: { 'accept-encoding': 'br' } });
      expect(js.status).toBe(200);
      expect(js.headers.get('cache-control')).toBe(IMMUTABLE_CACHE);
      expect(js.headers.get('content-encoding')).toBe('br');
      const source = fs.readFileSync(path.join(webRoot, 'assets', 'app-3f9a1c.js'), 'utf8');
      expect(zlib.brotliDecompressSync(Buffer.from(await js.arrayBuffer())).toString('utf8')).toBe(source);

      for (const p of ['/', '/m/131016/plans']) {
        const page = await app.request(p);
        expect(page.status, p).toBe(200);
        expect(page.headers.get('cache-control'), p).toBe('no-cache');
        expect(await page.text(), p).toContain('<div id="root">');
      }
      const missing = await app.request('/assets/app-0000.js');
      expect(missing.status).toBe(404);
      expect(missing.headers.get('cache-control')).not.toBe(IMMUTABLE_CACHE);
      expect(await missing.text()).not.toContain('<div id="root">');
    });
  });

  describe('ETag on the plan tree and roadmap', () => {
    for (const view of ['tree', 'roadmap'] as const) {
      it(`${view}: 304 to a matching If-None-Match, a new ETag after an edit`, async () => {
        const url = `/api/m/${code}/plans/${planId}/${view}`;
        const first = await get(url);
        expect(first.status).toBe(200);
        const etag = first.headers.get('etag')!;
        expect(etag).toMatch(/^W\/".+"$/);
        expect(first.headers.get('cache-control')).toBe('private, no-cache');
        const body = await first.json();

        const again = await get(url, { 'if-none-match': etag });
        expect(again.status).toBe(304);
        expect(again.headers.get('etag')).toBe(etag);
        expect(again.headers.get('vary')).toMatch(/accept-encoding/i);
        expect((await again.arrayBuffer()).byteLength).toBe(0);
        // compressed answers keep the same validator
        expect((await get(url, { 'accept-encoding': 'br', 'if-none-match': etag })).status).toBe(304);
        // another query is another answer
        const other = await get(`${url}?asOf=2023-04-01`);
        expect(other.headers.get('etag')).not.toBe(etag);

        // an edit of one item
        const node = (await (await get(`/api/m/${code}/plans/${planId}/nodes/${nodeId}`)).json()) as { node: { version: number; title: string } };
        const patch = await app.request(`/api/m/${code}/plans/${planId}/nodes/${nodeId}`, {
          method: 'PATCH',
          headers: { cookie: session, 'content-type': 'application/json', ...CSRF },
          body: JSON.stringify({ version: node.node.version, title: `${node.node.title}（${view}）` }),
        });
        expect(patch.status).toBe(200);
        const edited = await get(url, { 'if-none-match': etag });
        expect(edited.status).toBe(200);
        const etag2 = edited.headers.get('etag')!;
        expect(etag2).not.toBe(etag);
        expect(await edited.json()).not.toEqual(body);

        // a department renamed (its name is shown in the view)
        await run(store, municipalityId, (ctx) => updateDepartment(ctx, deptId, { name: `総合政策課${view}` }));
        const renamed = await get(url, { 'if-none-match': etag2 });
        expect(renamed.status).toBe(200);
        expect(renamed.headers.get('etag')).not.toBe(etag2);
        expect(JSON.stringify(await renamed.json())).toContain(`総合政策課${view}`);
      });
    }

    it('answers 404 for an unknown plan, without an ETag', async () => {
      const res = await get(`/api/m/${code}/plans/00000000-0000-4000-8000-000000000000/tree`);
      expect(res.status).toBe(404);
      expect(res.headers.get('etag')).toBeNull();
    });
  });
});
