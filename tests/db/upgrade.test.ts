/**
 * Upgrades with data in every table: for each earlier migration k, a store is built at k, filled with
 * the fixtures of migrations 0..k (tests/fixtures/upgrade/NNNN.sql), upgraded to the latest with the
 * real migrateStore, and read back through the HTTP API. The migration count is read from the journal,
 * so a new migration is covered as soon as it is added (and the "every table has a row" check tells
 * when it adds a table without a fixture).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { migrateStore, migrationsFolder, openStore, type Store } from '../../src/db/client.js';
import { backends, type BackendKind } from '../support/stores.js';

const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/upgrade');

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}
interface Journal {
  entries: JournalEntry[];
}
const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as Journal;
const entries = journal.entries;
const N = entries.length;
const latest = N - 1;

/** The fixture of a migration, named by its number (0005_kpis_fiscal_tables → 0005.sql); a migration may have none. */
const fixtureOf = (k: number): string | null => {
  const file = path.join(fixturesDir, `${entries[k]!.tag.slice(0, 4)}.sql`);
  return fs.existsSync(file) ? file : null;
};

// ───────────── fixed ids of the fixtures ─────────────
const CODE = '432041';
const M = '10000000-0000-4000-8000-000000000001';
const PLAN = '40000000-0000-4000-8000-000000000001';
const DX_PLAN = '40000000-0000-4000-8000-000000000002';
const ROUND_CLOSED = '81000000-0000-4000-8000-000000000001';
const ROUND_OPEN = '81000000-0000-4000-8000-000000000002';
const ROUND_SCOPED = '81000000-0000-4000-8000-000000000003';
const REPORT_SUBMITTED_BY_OFFICE = '82000000-0000-4000-8000-000000000003';
const MEETING = 'a0000000-0000-4000-8000-000000000001';
const MEETING_PUBLISHED = 'a0000000-0000-4000-8000-000000000002';
const SESSION_TOKEN = 'UpgradeFixtureSessionToken-0000000000000001';
const SECRETARIAT_USER = '70000000-0000-4000-8000-000000000001';
const REPORTER_USER = '70000000-0000-4000-8000-000000000002';

// ───────────── stores at a chosen migration ─────────────

let tmpRoot = '';
const folders = new Map<number, string>();
/** A copy of the migrations folder whose journal stops at migration k. */
function migrationsUpTo(k: number): string {
  const known = folders.get(k);
  if (known) return known;
  if (!tmpRoot) tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-upgrade-'));
  const dir = path.join(tmpRoot, `upto-${k}`);
  fs.mkdirSync(path.join(dir, 'meta'), { recursive: true });
  for (const e of entries.slice(0, k + 1)) fs.copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: entries.slice(0, k + 1) }, null, 2));
  folders.set(k, dir);
  return dir;
}

async function migrateTo(store: Store, folder: string): Promise<void> {
  if (store.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(store.db as never, { migrationsFolder: folder });
  } else {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(store.db as never, { migrationsFolder: folder });
  }
}

/** Runs a fixture script (several statements) as one simple-protocol batch on either driver. */
async function runScript(store: Store, text: string): Promise<void> {
  const client = (store.db as unknown as { $client: { exec?: (q: string) => Promise<unknown>; query: (q: string) => Promise<unknown> } }).$client;
  if (store.kind === 'pglite') await client.exec!(text);
  else await client.query(text);
}

interface Scratch {
  store: Store;
  dispose(): Promise<void>;
}

let pgCounter = 0;
/** An empty store: a new in-memory PGlite, or a new database in the test cluster (dropped by dispose). */
async function emptyStore(kind: BackendKind): Promise<Scratch> {
  if (kind === 'pglite') {
    const store = await openStore({ dataDir: 'memory://', migrate: false });
    return { store, dispose: () => store.close() };
  }
  const base = inject('databaseUrl');
  const name = `gyokaku_upgrade_${process.pid}_${Date.now()}_${pgCounter++}`;
  const admin = await openStore({ databaseUrl: base, migrate: false });
  await admin.rawQuery(`create database "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString(), migrate: false });
  return {
    store,
    async dispose() {
      await store.close();
      try {
        // the closed pool's backends exit a moment later; dropping before would cut them off mid-exit
        for (let i = 0; i < 50; i++) {
          const [row] = await admin.rawQuery<{ n: string | number }>('select count(*) as n from pg_stat_activity where datname = $1', [name]);
          if (Number(row!.n) === 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        await admin.rawQuery(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.close();
      }
    },
  };
}

/** Rows per table of the public schema (from the catalogue, so a table added later is counted too). */
async function rowCounts(store: Store): Promise<Record<string, number>> {
  const tables = await store.rawQuery<{ name: string }>(
    `select c.relname as name from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
  );
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await store.rawQuery<{ n: string | number }>(`select count(*) as n from public."${name}"`);
    out[name] = Number(row!.n);
  }
  return out;
}

async function appliedCount(store: Store): Promise<number> {
  const [row] = await store.rawQuery<{ n: string | number }>('select count(*) as n from drizzle.__drizzle_migrations');
  return Number(row!.n);
}

/** Builds a store at migration k with the fixtures 0..k, and checks that no table is empty. */
async function storeAt(kind: BackendKind, k: number): Promise<Scratch> {
  const s = await emptyStore(kind);
  try {
    await migrateTo(s.store, migrationsUpTo(k));
    expect(await appliedCount(s.store)).toBe(k + 1);
    for (let i = 0; i <= k; i++) {
      const file = fixtureOf(i);
      if (file) await runScript(s.store, fs.readFileSync(file, 'utf8'));
    }
    const counts = await rowCounts(s.store);
    expect(Object.keys(counts).length).toBeGreaterThan(0);
    const empty = Object.entries(counts).filter(([, n]) => n === 0).map(([t]) => t);
    // a table without rows here means a migration added a table and tests/fixtures/upgrade has no rows for it
    expect(empty, `migration ${entries[k]!.tag}: tables without fixture rows`).toEqual([]);
    return s;
  } catch (err) {
    await s.dispose();
    throw err;
  }
}

// ───────────── reading the upgraded store through the API ─────────────

type App = ReturnType<typeof createApp>;

async function get(app: App, url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; text: string }> {
  const res = await app.request(url, { headers });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body, text };
}

/** GET that must answer 200; returns the body and its JSON text (for "contains the fixture's text" checks). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- DTOs of many modules, read loosely on purpose
async function ok(app: App, url: string, headers?: Record<string, string>): Promise<{ body: any; text: string }> {
  const r = await get(app, url, headers);
  expect(r.status, `${url}: ${r.text.slice(0, 300)}`).toBe(200);
  return { body: r.body, text: r.text };
}

const api = (p: string) => `/api/m/${CODE}${p}`;

/** Reads of the fixture rows, each from the migration whose fixture made them. */
const reads: { since: number; what: string; check: (app: App, store: Store) => Promise<void> }[] = [
  {
    since: 0,
    what: 'plans, tree, roadmap, history, departments, tags, audit',
    async check(app) {
      const plans = await ok(app, api('/plans'));
      expect(plans.text).toContain('第六次荒尾市行政改革大綱');
      expect(plans.text).toContain('第二期荒尾市DX推進計画');
      const plan = await ok(app, api(`/plans/${PLAN}`));
      expect(plan.body.title).toBe('第六次荒尾市行政改革大綱');
      expect(plan.body.periodLabel).toBe('令和8年度〜令和11年度');
      const tree = await ok(app, api(`/plans/${PLAN}/tree`));
      expect(tree.body.roots.map((n: { title: string }) => n.title)).toEqual(['歳出削減', '歳入確保']);
      const items = tree.body.roots[0].children[0].children;
      expect(items.map((n: { title: string }) => n.title)).toEqual(['市有財産維持管理費等の見直し', '公共施設の統廃合の推進']);
      expect(tree.text).toContain('財政課');
      expect(tree.text).toContain('官民連携の推進');
      const roadmap = await ok(app, api(`/plans/${PLAN}/roadmap`));
      expect(roadmap.text).toContain('市有財産維持管理費等の見直し');
      expect(roadmap.text).toContain('スマートフォン決済による収納の拡大');
      const changes = await ok(app, api(`/plans/${PLAN}/changes`));
      expect(changes.text).toContain('【R8年度改訂】');
      expect(changes.text).toContain('費用対効果が見込めないため中止する');
      const dx = await ok(app, api(`/plans/${DX_PLAN}/tree`));
      expect(dx.text).toContain('電子申請の拡充');
      const depts = await ok(app, api('/departments'));
      expect(depts.text).toContain('情報政策課');
      expect(depts.text).toContain('DX推進課');
      const tags = await ok(app, api('/tags'));
      expect(tags.text).toContain('経営基盤と財政規律の再構築');
      const audit = await ok(app, api('/audit'));
      expect(audit.text).toContain('40000000-0000-4000-8000-000000000001');
      expect(audit.text).toContain('公共施設の統廃合の推進');
    },
  },
  {
    since: 1,
    what: 'accounts and session, legends, rounds and reports, views, notifications, meetings and opinions',
    async check(app, store) {
      const me = await ok(app, '/api/auth/me', { cookie: `gyokaku_session=${CODE}.${SESSION_TOKEN}` });
      // the session made before the upgrade still signs its user in
      expect(me.text).toContain(SECRETARIAT_USER);
      expect(me.text).toContain('事務局 行革担当');
      const users = await ok(app, api('/users'));
      expect(users.text).toContain('zaisei01');
      const legends = await ok(app, api(`/plans/${PLAN}/legends`));
      expect(legends.text).toContain('取組を完了した');
      const rounds = await ok(app, api(`/plans/${PLAN}/rounds`));
      expect(rounds.text).toContain('令和8年度 上半期');
      expect(rounds.text).toContain('令和8年度末見込み');
      const round = await ok(app, api(`/rounds/${ROUND_CLOSED}`));
      expect(round.text).toContain('令和8年度 上半期');
      const inbox = await ok(app, api(`/rounds/${ROUND_CLOSED}/reports`));
      expect(inbox.text).toContain('スマートフォン決済による収納の拡大');
      const open = await ok(app, api(`/rounds/${ROUND_OPEN}/reports`));
      expect(open.text).toContain('市有財産維持管理費等の見直し');
      const report = await ok(app, api('/reports/82000000-0000-4000-8000-000000000001'));
      expect(report.text).toContain('一括契約に向けて仕様書を統一した');
      for (const view of ['status-by-group', 'status-by-department', 'completion', 'scheduled', 'overdue']) {
        await ok(app, api(`/rounds/${ROUND_CLOSED}/views/${view}`));
      }
      const change = await ok(app, api(`/rounds/${ROUND_OPEN}/views/change`));
      expect(change.text).toContain('市有財産維持管理費等の見直し');
      const notes = await ok(app, api(`/notifications?userId=${REPORTER_USER}`));
      expect(notes.text).toContain('令和8年度末見込みの回答をお願いします');
      const meetings = await ok(app, api('/meetings'));
      expect(meetings.text).toContain('令和8年度第1回荒尾市行政改革推進本部会議');
      const meeting = await ok(app, api(`/meetings/${MEETING}`));
      expect(meeting.text).toContain('公共施設の統廃合の進め方について');
      expect(meeting.body.opinions).toEqual(expect.objectContaining({ answered: 1 }));
      const opinions = await ok(app, api('/opinions'));
      expect(opinions.text).toContain('統廃合の対象施設の利用者への説明');
      expect(opinions.text).toContain('維持管理費の削減額を施設ごとに示すこと。');
      const mail = await store.rawQuery<{ subject: string }>(`select subject from email_outbox where municipality_id = $1 and sent_at is not null`, [M]);
      expect(mail.map((m) => m.subject)).toContain('【督促】令和8年度末見込みの回答をお願いします');
    },
  },
  {
    since: 2,
    what: 'return comment of an opinion, order of events written together',
    async check(app) {
      const o = await ok(app, api('/opinions/a2000000-0000-4000-8000-000000000003'));
      expect(o.text).toContain('税目別の件数をいつ公表するかを書いてください。');
      const r = await ok(app, api(`/reports/${REPORT_SUBMITTED_BY_OFFICE}`));
      expect(r.text).toContain('事務局が代理で提出');
    },
  },
  {
    since: 3,
    what: 'export layout, saved import mapping, jobs',
    async check(app) {
      const layout = await ok(app, api(`/plans/${PLAN}/export-layout`));
      expect(layout.text).toContain('{plan} 実施状況（{round}）');
      const mappings = await ok(app, api('/imports/mappings'));
      expect(mappings.text).toContain('第五次大綱 実施状況（令和7年度末）');
      const done = await ok(app, api('/jobs/b1000000-0000-4000-8000-000000000001'));
      expect(done.body.state).toBe('done');
      expect(done.body.message).toBe('25件を取り込みました。');
      const failed = await ok(app, api('/jobs/b1000000-0000-4000-8000-000000000002'));
      expect(failed.body.state).toBe('failed');
      expect(failed.text).toContain('企画課');
    },
  },
  {
    since: 4,
    what: 'the file of an export job',
    async check(app) {
      const res = await app.request(api('/jobs/b1000000-0000-4000-8000-000000000003/file'));
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).toString('hex')).toBe('504b03041400000008000000ffee0a0d');
    },
  },
  {
    since: 5,
    what: 'fiscal tables and KPIs',
    async check(app) {
      const tables = await ok(app, api(`/plans/${PLAN}/fiscal-tables`));
      expect(tables.text).toContain('一般会計 歳入歳出見込み');
      expect(tables.text).toContain('職員数の見込み');
      const budget = await ok(app, api(`/plans/${PLAN}/fiscal-tables/c0000000-0000-4000-8000-000000000001`));
      expect(budget.text).toContain('地方交付税');
      expect(budget.text).toContain('5812000000');
      const kpis = await ok(app, api(`/plans/${PLAN}/kpis`));
      expect(kpis.text).toContain('経常収支比率');
      expect(kpis.text).toContain('市税収納率（現年課税分）');
      const kpi = await ok(app, api(`/plans/${PLAN}/kpis/c2000000-0000-4000-8000-000000000002`));
      expect(kpi.text).toContain('令和7年度決算見込み');
    },
  },
  {
    since: 6,
    what: 'versions of departments and tags',
    async check(app) {
      const depts = await ok(app, api('/departments'));
      expect(depts.text).toContain('公共施設マネジメント推進室');
      const tags = await ok(app, api('/tags'));
      expect(tags.text).toContain('市民満足度向上のための責任ある行政経営の推進');
    },
  },
  {
    since: 7,
    what: 'opinion deadline, a pending import upload',
    async check(app) {
      const o = await ok(app, api('/opinions/a2000000-0000-4000-8000-000000000004'));
      expect(o.text).toContain('2026-12-25');
      const up = await ok(app, api('/imports/uploads/b2000000-0000-4000-8000-000000000001'));
      expect(up.text).toContain('令和8年度上半期_実施状況.xlsx');
    },
  },
  {
    since: 8,
    what: 'mail waiting for its next attempt',
    async check(_app, store) {
      const rows = await store.rawQuery<{ attempts: number; last_error: string }>(
        `select attempts, last_error from email_outbox where municipality_id = $1 and id = '91000000-0000-4000-8000-000000000002'`,
        [M],
      );
      expect(rows).toEqual([{ attempts: 2, last_error: 'SMTPサーバーに接続できませんでした（ECONNREFUSED）' }]);
    },
  },
  {
    since: 9,
    what: 'a published meeting',
    async check(app) {
      const m = await ok(app, api(`/meetings/${MEETING_PUBLISHED}`));
      expect(m.text).toContain('令和8年度第1回荒尾市行政改革審議会');
      const page = await app.request(`/m/${CODE}/council`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('キャッシュレス決済の手数料負担を検証すること。');
    },
  },
  {
    since: 10,
    what: 'a round with a chosen scope',
    async check(app) {
      const r = await ok(app, api(`/rounds/${ROUND_SCOPED}`));
      expect(r.text).toContain('令和8年度 重点項目フォローアップ');
      expect(r.text).toContain('50000000-0000-4000-8000-000000000007');
    },
  },
  {
    since: 11,
    what: 'a KPI taken from a row of the fiscal tables',
    async check(app) {
      const k = await ok(app, api(`/plans/${PLAN}/kpis/c2000000-0000-4000-8000-000000000003`));
      expect(k.text).toContain('c1000000-0000-4000-8000-000000000008');
    },
  },
];

async function readThroughApi(store: Store, k: number): Promise<void> {
  const app = createApp({ store, auth: 'demo' });
  for (const r of reads) if (r.since <= k) await r.check(app, store);
}

// A PGlite store takes ~4–7 s to create and fill on a small machine, a PostgreSQL database under 1 s.
// PostgreSQL checks every earlier migration. PGlite checks every one too while there are at most
// PGLITE_ALL_UP_TO of them (about a minute and a half); past that, the first, a middle and the last,
// so the file stays within a few minutes — the migrations themselves are the same SQL on both.
const allSteps = Array.from({ length: Math.max(0, N - 1) }, (_, k) => k);
const PGLITE_ALL_UP_TO = 14;
const pgliteSteps = N - 1 <= PGLITE_ALL_UP_TO ? allSteps : [...new Set([0, Math.floor((N - 2) / 2), N - 2])];

afterAll(() => {
  if (tmpRoot) fs.rmSync(tmpRoot, { recursive: true, force: true });
});

describe.each(backends())('upgrade with data on %s', (kind) => {
  const steps = kind === 'pglite' ? pgliteSteps : allSteps;

  it.each(steps)(`a store at migration %i upgrades to the latest and reads through the API`, async (k) => {
    const s = await storeAt(kind, k);
    try {
      const before = await rowCounts(s.store);
      await migrateStore(s.store);
      expect(await appliedCount(s.store)).toBe(N);
      const after = await rowCounts(s.store);
      // nothing already saved is lost: every table keeps its rows
      for (const [table, n] of Object.entries(before)) expect(after[table], table).toBe(n);
      await readThroughApi(s.store, k);
    } finally {
      await s.dispose();
    }
  }, 120_000);

  it('a store at the latest migration with every fixture reads through the API', async () => {
    const s = await storeAt(kind, latest);
    try {
      await migrateStore(s.store); // nothing left to apply
      await readThroughApi(s.store, latest);
    } finally {
      await s.dispose();
    }
  }, 120_000);
});
