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
import { StoreUnavailableError, STORE_BROKEN_MESSAGE, isDiskFullError } from './availability.js';
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
  /**
   * The embedded store only: set once a write failed for lack of disk space. PGlite cannot go on after
   * that (its next statement spins in WebAssembly for good, even once space is freed), so from then on
   * every statement is refused with 503 and the process must be restarted (main.ts does it once there
   * is space again). Always null on PostgreSQL, which recovers by itself.
   */
  broken(): { reason: string; since: Date } | null;
  /** Called once when the store becomes broken (main.ts: log, wait for space, restart). */
  onBroken(listener: (reason: string) => void): void;
}

/**
 * Free space the embedded store needs to start: recovery after a crash writes a new WAL segment (16 MB)
 * and a checkpoint; starting on a fuller disk could hang in the same way as a write on a full one.
 */
export const PGLITE_MIN_FREE_BYTES = 64 * 1024 * 1024;

/** The embedded store's disk has too little free space to start safely. */
export class DataDirFullError extends Error {
  constructor(
    readonly dir: string,
    readonly freeBytes: number,
  ) {
    super(
      `データディレクトリ ${dir} のディスクの空きが ${Math.floor(freeBytes / 1024 / 1024)} MB しかないため、組み込みDBを開けません` +
        `（${PGLITE_MIN_FREE_BYTES / 1024 / 1024} MB 以上必要です）。不要なファイルを削除するかディスクを拡張してください。空きができれば自動で起動します。`,
    );
    this.name = 'DataDirFullError';
  }
}

/** Free bytes for an unprivileged writer on the file system holding `dir`. */
export function freeBytesAt(dir: string): number {
  const s = fs.statfsSync(dir);
  return Number(s.bavail) * Number(s.bsize);
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
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.GYOKAKU_PG_POOL ?? 10),
    application_name: applicationName,
    // a server that accepts the TCP connection but never answers (paused, overloaded) must not hold a request for ever
    connectionTimeoutMillis: 10_000,
    // a peer gone without a word (network cut) is noticed by the OS, not only at the next write
    keepAlive: true,
  });
  // An 'error' event without a listener ends the process. The pool listens on idle clients only; a client
  // checked out for a transaction emits on itself when PostgreSQL goes away (EPIPE, ECONNRESET, 57P01), so
  // every client gets a listener of its own. The query in progress fails with the same error (→ 503), and
  // the pool drops the broken client when it is released; new connections work once PostgreSQL is back.
  let lastLogged = 0;
  const onConnectionError = (err: Error) => {
    // one line per burst: when PostgreSQL stops, every client reports it at once
    if (Date.now() - lastLogged < 5_000) return;
    lastLogged = Date.now();
    log.error({ err }, 'PostgreSQLとの接続が切れました（処理中の要求は503で応答し、接続は再接続時に作り直します）');
  };
  pool.on('error', onConnectionError);
  pool.on('connect', (client) => {
    client.on('error', onConnectionError);
    guardBegin(client);
  });
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
    broken: () => null,
    onBroken() {},
  };
}

/**
 * drizzle's transaction sends BEGIN before its try/finally: when BEGIN fails (the connection died while
 * the client sat in the pool) the client is never released and the pool loses a slot for good. A failed
 * BEGIN therefore releases the client itself, as broken, so the pool replaces it.
 */
function guardBegin(client: import('pg').PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
    const result = query(...args);
    if (typeof text === 'string' && /^\s*begin\b/i.test(text) && result instanceof Promise) {
      return result.catch((err: unknown) => {
        const c = client as unknown as { release?: (e?: Error) => void };
        try {
          c.release?.(err instanceof Error ? err : new Error(String(err)));
          // drizzle does not release after a failed BEGIN; anyone who does must not release it twice
          c.release = () => {};
        } catch {
          /* not checked out */
        }
        throw err;
      });
    }
    return result;
  };
}

async function openPglite(opts: OpenOptions): Promise<Store> {
  const { PGlite, types } = await import('@electric-sql/pglite');
  const dataDir = opts.dataDir ?? 'memory://';
  let lock: DataDirLock | undefined;
  if (!dataDir.startsWith('memory://')) {
    fs.mkdirSync(dataDir, { recursive: true });
    const free = freeBytesAt(dataDir);
    if (free < PGLITE_MIN_FREE_BYTES) throw new DataDirFullError(dataDir, free);
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
  const guard = guardPglite(client as unknown as ExclusiveRunner, dataDir);
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
      // a broken instance would spin in close() as in any statement: the process ends without it, and the
      // next start recovers the directory from its WAL as after a crash
      if (!guard.broken()) await client.close();
      lock?.release();
    },
    broken: guard.broken,
    onBroken: guard.onBroken,
  };
}

interface ExclusiveRunner {
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * Every statement PGlite runs — plain queries, those inside a transaction, its own BEGIN/COMMIT/ROLLBACK —
 * passes through `_runExclusiveQuery` (its one-connection mutex). Checking there, inside the mutex, stops
 * statements that were already waiting when the first write failed for lack of space: measured with
 * PGlite 0.5, after `could not write to file "pg_wal/xlogtemp…": No space left on device` the very next
 * statement never returns (≈80 % CPU, event loop blocked, SIGTERM unanswered), even after space is freed.
 */
function guardPglite(client: ExclusiveRunner, dataDir: string) {
  let state: { reason: string; since: Date } | null = null;
  const listeners: ((reason: string) => void)[] = [];
  const original = client._runExclusiveQuery.bind(client);
  client._runExclusiveQuery = <T>(fn: () => Promise<T>) =>
    original(async () => {
      if (state) throw new StoreUnavailableError('disk_full', STORE_BROKEN_MESSAGE, 60);
      try {
        return await fn();
      } catch (err) {
        if (!state && isDiskFullError(err)) {
          state = { reason: err instanceof Error ? err.message : String(err), since: new Date() };
          log.fatal({ err, dataDir }, `組み込みDBのディスク（${dataDir}）の空きがなくなり、書込みに失敗しました。以後の処理はすべて503で断ります。空きを作るとサーバーは自動で再起動します。`);
          for (const l of listeners.splice(0)) l(state.reason);
        }
        throw err;
      }
    });
  return {
    broken: () => state,
    onBroken(l: (reason: string) => void) {
      if (state) l(state.reason);
      else listeners.push(l);
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
