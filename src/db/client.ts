/**
 * Opens the store: embedded PGlite by default, PostgreSQL when DATABASE_URL is set.
 * Both are driven through the same drizzle schema and the same migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import * as schema from './schema.js';
import { acquireDataDirLock, type DataDirLock } from './lock.js';
import { log } from '../shared/log.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; commands receive it so audit rows share the transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Db | Tx;

export interface Store {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Raw parameterised query (benchmarks and diagnostics only). */
  rawQuery<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface OpenOptions {
  /** postgres://… ; when absent PGlite is used */
  databaseUrl?: string | undefined;
  /** PGlite data directory; 'memory://' for a throwaway store */
  dataDir?: string | undefined;
  /** PGlite: start from a dumped data directory (tests clone a migrated template) */
  loadDataDir?: Blob | File | undefined;
  /** apply migrations on open (default true) */
  migrate?: boolean;
  /** PostgreSQL application_name (default 'gyokaku'; `gyokaku restore` uses its own to tell itself from a running server) */
  applicationName?: string | undefined;
}

export async function openStore(opts: OpenOptions): Promise<Store> {
  const store = opts.databaseUrl ? await openPostgres(opts.databaseUrl, opts.applicationName ?? 'gyokaku') : await openPglite(opts);
  if (opts.migrate !== false) {
    try {
      // an older build must not run on a schema a newer one upgraded (the migrator would silently do nothing)
      const { assertSchemaNotNewer } = await import('./migrations.js');
      await assertSchemaNotNewer(store);
      await migrateStore(store);
    } catch (e) {
      await store.close();
      throw e;
    }
  }
  return store;
}

async function openPostgres(url: string, applicationName: string): Promise<Store> {
  const pg = (await import('pg')).default;
  // int8 as string on both drivers (PGlite is configured the same way below)
  // application_name lets `gyokaku restore` see that a server is still connected
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.GYOKAKU_PG_POOL ?? 10), application_name: applicationName });
  pool.on('error', (err) => log.error({ err }, 'PostgreSQLとの接続でエラーが発生しました（接続は作り直されます）'));
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const db = drizzle(pool, { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    async rawQuery(text, params = []) {
      const r = await pool.query(text, params as unknown[]);
      return r.rows;
    },
    async close() {
      await pool.end();
    },
  };
}

async function openPglite(opts: OpenOptions): Promise<Store> {
  const { PGlite, types } = await import('@electric-sql/pglite');
  const dataDir = opts.dataDir ?? 'memory://';
  let lock: DataDirLock | undefined;
  if (!dataDir.startsWith('memory://')) {
    fs.mkdirSync(dataDir, { recursive: true });
    // PGlite has no cross-process lock: a second process would corrupt the directory.
    lock = acquireDataDirLock(dataDir);
  }
  let client;
  try {
    client = await PGlite.create({
      dataDir,
      loadDataDir: opts.loadDataDir,
      parsers: { [types.INT8]: (x: string) => x },
    });
  } catch (err) {
    lock?.release();
    throw err;
  }
  const { drizzle } = await import('drizzle-orm/pglite');
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    async rawQuery(text, params = []) {
      const r = await client.query(text, params as unknown[]);
      return r.rows as never[];
    },
    async close() {
      await client.close();
      lock?.release();
    },
  };
}

export async function migrateStore(store: Store): Promise<void> {
  if (store.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(store.db as never, { migrationsFolder });
  } else {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    // Several app processes may start together: serialise migrations with an advisory lock.
    await store.db.execute(sql`select pg_advisory_lock(7415263)`);
    try {
      await migrate(store.db as never, { migrationsFolder });
    } finally {
      await store.db.execute(sql`select pg_advisory_unlock(7415263)`);
    }
  }
}

/** Dump a PGlite store (tests build one migrated template and clone it). */
export async function dumpPglite(store: Store): Promise<Blob> {
  const client = (store.db as unknown as { $client: { dumpDataDir(c: 'none' | 'gzip'): Promise<Blob> } }).$client;
  return client.dumpDataDir('none');
}
