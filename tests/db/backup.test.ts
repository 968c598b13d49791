/**
 * Backup and restore on both databases, with the demo's real data: every table's row count and a
 * checksum of its rows (computed in SQL the same way before and after) must come back unchanged.
 * Whole-store tests use stores of their own (a cloned PGlite, a PostgreSQL database created for the
 * test), never the suite's shared database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { sql } from 'drizzle-orm';
import { openStore, type Store } from '../../src/db/client.js';
import { loadDemoIfEmpty } from '../../src/modules/demo/commands/loadDemo.js';
import { backupStore, type OutputFile } from '../../src/modules/backup/commands/backupStore.js';
import { restoreStore } from '../../src/modules/backup/commands/restoreStore.js';
import { rowsOf } from '../../src/modules/backup/commands/catalog.js';
import { BackupError, trailerLine, type BackupProblem } from '../../src/modules/backup/domain/format.js';
import { command as restoreCommand } from '../../src/cli/restore.js';
import { CliError } from '../../src/cli/common.js';
import { backends, openTestStore, createTestMunicipality, type BackendKind } from '../support/stores.js';
import { createFreshDatabase, type FreshDatabase } from '../support/freshDatabase.js';

const ARAO = '432041';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const file = (name: string) => path.join(tmp, name);

type Sums = Record<string, { n: number; h: string }>;

/** Every table's count and an md5 over its rows' JSON (sorted), optionally only one municipality's rows. */
async function checksums(store: Store, municipalityId?: string): Promise<Sums> {
  return store.db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    const tables = await rowsOf<{ t: string; tenant: boolean }>(
      tx,
      sql`select c.relname as t, exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'municipality_id' and not a.attisdropped) as tenant
            from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' order by 1`,
    );
    const out: Sums = {};
    for (const { t, tenant } of tables) {
      let where = sql``;
      if (municipalityId) {
        if (t === 'municipalities') where = sql` where id = ${municipalityId}::uuid`;
        else if (t === 'sessions' || !tenant) continue;
        else where = sql` where municipality_id = ${municipalityId}::uuid`;
      }
      const [r] = await rowsOf<{ n: number; h: string }>(
        tx,
        sql`select count(*)::int as n, md5(coalesce(string_agg(j, '|' order by j), '')) as h
              from (select row_to_json(x)::text as j from ${sql.raw(`"${t}"`)} x${where}) y`,
      );
      out[t] = r!;
    }
    return out;
  });
}

async function municipalityId(store: Store, code: string): Promise<string> {
  const [r] = await store.rawQuery<{ id: string }>('select id::text as id from municipalities where code = $1', [code]);
  return r!.id;
}

/** Binary, jsonb with a huge number, far timestamps: values a careless format would change. */
async function addAwkwardRows(store: Store, mId: string): Promise<void> {
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  await store.rawQuery(
    `insert into jobs (municipality_id, id, kind, state, result, created_by, created_at, finished_at)
     values ($1, '00000000-0000-4000-8000-000000000001', 'export', 'done',
             '{"big": 123456789012345678901234567890.000000000001, "text": "改行\\nと\\"引用\\"", "nested": [1, {"a": null}]}'::jsonb,
             'テスト', '1999-12-31 23:59:59.123456+09', '2100-01-01 00:00:00.000001+00')`,
    [mId],
  );
  await store.rawQuery(
    `insert into job_files (municipality_id, job_id, file_name, content_type, size, bytes)
     values ($1, '00000000-0000-4000-8000-000000000001', '表.xlsx', 'application/octet-stream', 256, $2)`,
    [mId, bytes],
  );
}

async function problemOf(p: Promise<unknown>): Promise<BackupProblem | 'none'> {
  try {
    await p;
    return 'none';
  } catch (e) {
    if (e instanceof BackupError) return e.problem;
    throw e;
  }
}

/** Rewrites a backup's lines (and its trailer, so only the change itself is judged). */
function rewrite(src: string, dst: string, change: (lines: string[]) => string[]): void {
  const lines = zlib.gunzipSync(fs.readFileSync(src)).toString('utf8').split('\n').filter((l) => l !== '');
  const body = change(lines.slice(0, -1));
  const trailer = JSON.parse(lines[lines.length - 1]!) as { counts: Record<string, number> };
  const sha = createHash('sha256');
  for (const l of body) sha.update(l + '\n');
  fs.writeFileSync(dst, zlib.gzipSync(body.map((l) => l + '\n').join('') + trailerLine(trailer.counts, sha.digest('hex')) + '\n'));
}

/** A store of its own: a cloned PGlite, or a new PostgreSQL database (migrated by openStore). */
async function ownStore(kind: BackendKind, dbs: FreshDatabase[], applicationName?: string): Promise<Store> {
  if (kind === 'pglite') return openTestStore('pglite');
  const db = await createFreshDatabase(inject('databaseUrl'), 'gyokaku_bk');
  dbs.push(db);
  return openStore({ databaseUrl: db.url, applicationName: applicationName ?? 'gyokaku-test' });
}

describe.each(backends())('backup and restore (%s)', (kind) => {
  const dbs: FreshDatabase[] = [];
  const stores: Store[] = [];
  let source: Store;
  let before: Sums;
  let full: string;
  let arao: string;

  const track = (s: Store) => (stores.push(s), s);

  beforeAll(async () => {
    source = track(await ownStore(kind, dbs));
    await loadDemoIfEmpty(source);
    await addAwkwardRows(source, await municipalityId(source, ARAO));
    before = await checksums(source);
    full = file(`full-${kind}.gz`);
    arao = file(`arao-${kind}.gz`);
    await backupStore(source, { out: full, batchRows: 50 });
    await backupStore(source, { out: arao, municipalityCode: ARAO });
  });

  afterAll(async () => {
    for (const s of stores) await s.close().catch(() => {});
    for (const d of dbs) await d.drop();
  });

  it('a full backup restores into an empty store with every table identical', async () => {
    expect(Object.keys(before).length).toBeGreaterThan(30);
    expect(before.plan_nodes!.n).toBeGreaterThan(100);
    expect(before.job_files!.n).toBe(1);
    expect(fs.existsSync(`${full}.partial`)).toBe(false);

    const target = track(await ownStore(kind, dbs));
    const result = await restoreStore(target, { file: full });
    expect(result.scope).toBe('full');
    expect(result.counts.plan_nodes).toBe(before.plan_nodes!.n);
    expect(await checksums(target)).toEqual(before);

    // sequences continue after the restored rows
    const [seq] = await target.rawQuery<{ ok: boolean }>(
      `select pg_sequence_last_value('node_changes_seq_seq') >= (select max(seq) from node_changes) as ok`,
    );
    expect(seq!.ok).toBe(true);
  });

  it('refuses a non-empty target without --force and leaves it as it was; --force replaces everything', async () => {
    const target = track(await ownStore(kind, dbs));
    const other = await createTestMunicipality(target.db, '別の市');
    const was = await checksums(target);
    expect(await problemOf(restoreStore(target, { file: full }))).toBe('target_not_empty');
    expect(await checksums(target)).toEqual(was);

    const result = await restoreStore(target, { file: full, force: true });
    expect(result.replaced).toBeGreaterThan(0);
    expect(await checksums(target)).toEqual(before);
    expect(await target.rawQuery('select 1 from municipalities where id = $1', [other.id])).toHaveLength(0);
  });

  it('one municipality moves into another store; a second restore needs --force and touches no other municipality', async () => {
    const mId = await municipalityId(source, ARAO);
    const wanted = await checksums(source, mId);
    const target = track(await ownStore(kind, dbs));
    const neighbour = await createTestMunicipality(target.db, '隣の市');
    const neighbourBefore = await checksums(target, neighbour.id);

    const result = await restoreStore(target, { file: arao });
    expect(result.scope).toBe('municipality');
    expect(result.municipality?.code).toBe(ARAO);
    expect(await checksums(target, mId)).toEqual(wanted);

    const err = await restoreStore(target, { file: arao }).catch((e: unknown) => e);
    expect((err as BackupError).problem).toBe('municipality_exists');
    expect((err as Error).message).toContain(ARAO);

    // a change made in the target is replaced by the backup's state
    await target.rawQuery(`update plan_nodes set title = '書き換え' where municipality_id = $1`, [mId]);
    const again = await restoreStore(target, { file: arao, force: true });
    expect(again.replaced).toBeGreaterThan(0);
    expect(await checksums(target, mId)).toEqual(wanted);
    expect(await checksums(target, neighbour.id)).toEqual(neighbourBefore);
  });

  it('refuses a corrupt byte, a truncated file, another product and a newer or older schema, writing nothing', async () => {
    const target = track(await ownStore(kind, dbs));
    const empty = await checksums(target);
    const bytes = fs.readFileSync(full);

    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length / 2)]! ^= 0x55;
    fs.writeFileSync(file('flipped.gz'), flipped);
    // depending on where the byte falls, zlib or the checksum notices it; a damaged length may also end the stream early
    expect(['corrupt', 'truncated']).toContain(await problemOf(restoreStore(target, { file: file('flipped.gz') })));

    const text = zlib.gunzipSync(bytes).toString('utf8');
    expect(text).toContain(`"code":"${ARAO}"`);
    const edited = text.replace(`"code":"${ARAO}"`, '"code":"432042"');
    fs.writeFileSync(file('edited.gz'), zlib.gzipSync(edited));
    const editErr = await restoreStore(target, { file: file('edited.gz') }).catch((e: unknown) => e);
    expect((editErr as BackupError).problem).toBe('corrupt');
    expect((editErr as Error).message).toContain('チェックサム');

    fs.writeFileSync(file('cut.gz'), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect(await problemOf(restoreStore(target, { file: file('cut.gz') }))).toBe('truncated');
    const lines = zlib.gunzipSync(bytes).toString('utf8').split('\n');
    fs.writeFileSync(file('cut-lines.gz'), zlib.gzipSync(lines.slice(0, 5).join('\n') + '\n'));
    expect(await problemOf(restoreStore(target, { file: file('cut-lines.gz') }))).toBe('truncated');

    rewrite(full, file('other.gz'), (l) => [l[0]!.replace('"product":"gyokaku"', '"product":"other"'), ...l.slice(1)]);
    expect(await problemOf(restoreStore(target, { file: file('other.gz') }))).toBe('not_backup');
    fs.writeFileSync(file('plain.sql'), 'CREATE TABLE x ();\n');
    expect(await problemOf(restoreStore(target, { file: file('plain.sql') }))).toBe('not_backup');

    rewrite(full, file('newer.gz'), (l) => [l[0]!.replace(/"migrations":\[(.*?)\]/, '"migrations":[$1,"9999_future"]'), ...l.slice(1)]);
    const newer = await restoreStore(target, { file: file('newer.gz') }).catch((e: unknown) => e);
    expect((newer as BackupError).problem).toBe('schema_newer');
    expect((newer as Error).message).toContain('9999_future');
    rewrite(full, file('older.gz'), (l) => [l[0]!.replace(/,"[^"]*"\]/, ']'), ...l.slice(1)]);
    expect(await problemOf(restoreStore(target, { file: file('older.gz') }))).toBe('schema_older');

    expect(await checksums(target)).toEqual(empty);
  });

  it('a backup that fails while writing (disk full) leaves no file that looks complete, and keeps the previous one', async () => {
    const out = file(`failing-${kind}.gz`);
    fs.copyFileSync(full, out); // last night's good backup
    const good = fs.readFileSync(out);
    const openOutput = async (partial: string): Promise<OutputFile> => {
      const fh = await fs.promises.open(partial, 'w');
      let written = 0;
      return {
        async write(chunk) {
          if (written + chunk.length > 20_000) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
          written += chunk.length;
          await fh.write(chunk);
        },
        sync: () => fh.sync(),
        close: () => fh.close(),
      };
    };
    const err = await backupStore(source, { out, openOutput }).catch((e: unknown) => e);
    expect(err, String(err)).toBeInstanceOf(BackupError);
    expect((err as BackupError).problem).toBe('write_failed');
    expect((err as Error).message).toContain('空き容量');
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
    expect(fs.readFileSync(out).equals(good)).toBe(true);
  });

  it('an unknown 団体コード is refused before any file is made', async () => {
    const out = file('none.gz');
    expect(await problemOf(backupStore(source, { out, municipalityCode: '999999' }))).toBe('not_found');
    expect(fs.existsSync(out) || fs.existsSync(`${out}.partial`)).toBe(false);
  });

  if (kind === 'postgres') {
    it('refuses while another gyokaku (a server) is connected to the target, unless --force', async () => {
      const db = await createFreshDatabase(inject('databaseUrl'), 'gyokaku_bk');
      dbs.push(db);
      const target = track(await openStore({ databaseUrl: db.url, applicationName: 'gyokaku-restore' }));
      const server = track(await openStore({ databaseUrl: db.url, migrate: false })); // application_name gyokaku
      await server.rawQuery('select 1');
      const err = await restoreStore(target, { file: full }).catch((e: unknown) => e);
      expect((err as BackupError).problem).toBe('store_in_use');
      expect((err as Error).message).toContain('サーバーを停止');
      await restoreStore(target, { file: full, force: true });
      expect(await checksums(target)).toEqual(before);
    });
  }

  if (kind === 'pglite') {
    it('restore into an embedded directory a server owns tells the operator to stop it', async () => {
      const dir = fs.mkdtempSync(path.join(tmp, 'data-'));
      const running = await openStore({ dataDir: path.join(dir, 'pglite') });
      const saved = { data: process.env.GYOKAKU_DATA, url: process.env.DATABASE_URL };
      try {
        process.env.GYOKAKU_DATA = dir;
        delete process.env.DATABASE_URL;
        const err = await restoreCommand.run(['--in', full]).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(CliError);
        expect((err as Error).message).toContain('使用中');
        expect((err as Error).message).toContain('停止してから');
      } finally {
        for (const [k, v] of [['GYOKAKU_DATA', saved.data], ['DATABASE_URL', saved.url]] as const) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
        await running.close();
      }
    });
  }
});

describe.runIf(backends().includes('postgres'))('moving a municipality between PGlite and PostgreSQL', () => {
  it('PGlite → PostgreSQL → PGlite keeps every row of the municipality', async () => {
    const dbs: FreshDatabase[] = [];
    const stores: Store[] = [];
    try {
      const lite = await openTestStore('pglite');
      stores.push(lite);
      await loadDemoIfEmpty(lite);
      const mId = await municipalityId(lite, ARAO);
      await addAwkwardRows(lite, mId);
      const wanted = await checksums(lite, mId);

      await backupStore(lite, { out: file('move-1.gz'), municipalityCode: ARAO });
      const pgStore = await ownStore('postgres', dbs);
      stores.push(pgStore);
      await restoreStore(pgStore, { file: file('move-1.gz') });
      expect(await checksums(pgStore, mId)).toEqual(wanted);

      await backupStore(pgStore, { out: file('move-2.gz'), municipalityCode: ARAO });
      const back = await openTestStore('pglite');
      stores.push(back);
      await restoreStore(back, { file: file('move-2.gz') });
      expect(await checksums(back, mId)).toEqual(wanted);
    } finally {
      for (const s of stores) await s.close().catch(() => {});
      for (const d of dbs) await d.drop();
    }
  });
});
