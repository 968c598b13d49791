/**
 * Schema status and `migrate apply` on both databases: a current store, a store one migration
 * behind (built with this build's migrations minus the last), and a store a newer gyokaku upgraded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrationsFolder, openStore, type Store } from '../../src/db/client.js';
import { applyMigrations, compareSchema, readJournal, schemaStatus, SchemaTooNewError } from '../../src/db/migrations.js';
import { formatStatus, statusExitCode, EXIT_PENDING } from '../../src/cli/migrate.js';
import { backupStore } from '../../src/modules/backup/commands/backupStore.js';
import { backends, openTestStore, type BackendKind } from '../support/stores.js';
import { createFreshDatabase, type FreshDatabase } from '../support/freshDatabase.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-migrate-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const journal = readJournal(migrationsFolder);
const last = journal[journal.length - 1]!;

/** This build's migrations without the newest one: what the previous version shipped. */
function previousVersionFolder(): string {
  const dir = fs.mkdtempSync(path.join(tmp, 'prev-'));
  fs.mkdirSync(path.join(dir, 'meta'));
  const j = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  j.entries = j.entries.filter((e) => e.tag !== last.tag);
  fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify(j));
  for (const e of j.entries) fs.copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  return dir;
}

describe('comparing the journal with what a store recorded', () => {
  const j = [
    { idx: 0, tag: 'a', when: 10 },
    { idx: 1, tag: 'b', when: 20 },
    { idx: 2, tag: 'c', when: 30 },
  ];
  it('applied, pending, newer', () => {
    expect(compareSchema(j, [{ hash: 'x', createdAt: 10 }, { hash: 'y', createdAt: 20 }])).toMatchObject({ pending: [j[2]], newer: [] });
    expect(compareSchema(j, []).pending).toEqual(j);
    const s = compareSchema(j, [10, 20, 30, 40].map((w) => ({ hash: String(w), createdAt: w })));
    expect(s.applied).toEqual(j);
    expect(s.pending).toEqual([]);
    expect(s.newer).toEqual([{ hash: '40', createdAt: 40 }]);
  });
});

describe.each(backends())('migrate (%s)', (kind: BackendKind) => {
  const dbs: FreshDatabase[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });
  const freshUrl = async () => {
    const db = await createFreshDatabase(inject('databaseUrl'), 'gyokaku_mig');
    dbs.push(db);
    return db.url;
  };

  it('a current store: nothing pending, exit code 0', async () => {
    const store = await openTestStore(kind);
    try {
      const status = await schemaStatus(store);
      expect(status.applied.map((e) => e.tag)).toEqual(journal.map((e) => e.tag));
      expect(status.pending).toEqual([]);
      expect(status.newer).toEqual([]);
      expect(statusExitCode(status)).toBe(0);
      expect(formatStatus(status, 'test').join('\n')).toContain('スキーマは最新です');
    } finally {
      await store.close();
    }
  });

  it('a store one migration behind: status lists it (exit 3), apply applies it and the store is current', async () => {
    let store: Store;
    const prev = previousVersionFolder();
    if (kind === 'pglite') {
      store = await openStore({ dataDir: 'memory://', migrate: false });
      await migratePglite(store.db as never, { migrationsFolder: prev });
    } else {
      store = await openStore({ databaseUrl: await freshUrl(), migrate: false });
      await migratePg(store.db as never, { migrationsFolder: prev });
    }
    try {
      const status = await schemaStatus(store);
      expect(status.pending.map((e) => e.tag)).toEqual([last.tag]);
      expect(statusExitCode(status)).toBe(EXIT_PENDING);
      expect(formatStatus(status, 'test').join('\n')).toContain(last.tag);

      expect((await applyMigrations(store)).map((e) => e.tag)).toEqual([last.tag]);
      const after = await schemaStatus(store);
      expect(after.pending).toEqual([]);
      expect(after.applied).toHaveLength(journal.length);
      expect(await applyMigrations(store)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('a store a newer gyokaku upgraded: openStore refuses with SchemaTooNewError, apply and backup too', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'data-'));
    const opts = kind === 'pglite' ? { dataDir: dir } : { databaseUrl: await freshUrl() };
    const store = await openStore(opts);
    await store.rawQuery('insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)', ['future', last.when + 86_400_000]);
    await store.close();

    const err = await openStore(opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaTooNewError);
    expect((err as Error).message).toContain('新しいバージョンのgyokaku');
    expect((err as Error).message).toContain(last.tag);

    // the refused open released the directory; status still reads the store
    const reader = await openStore({ ...opts, migrate: false });
    try {
      const status = await schemaStatus(reader);
      expect(status.newer).toHaveLength(1);
      expect(statusExitCode(status)).toBe(1);
      await expect(applyMigrations(reader)).rejects.toBeInstanceOf(SchemaTooNewError);
      await expect(backupStore(reader, { out: path.join(tmp, 'b.gz') })).rejects.toBeInstanceOf(SchemaTooNewError);
    } finally {
      await reader.close();
    }
  });
});
