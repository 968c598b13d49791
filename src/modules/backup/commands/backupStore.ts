/**
 * `gyokaku backup`: the whole store, or one municipality, into one portable file (domain/format.ts).
 *
 * All tables are read in one read-only REPEATABLE READ transaction, so the file is one consistent
 * moment even while the server keeps writing (PostgreSQL). The file is written as FILE.partial,
 * flushed to disk and only then renamed to FILE: a backup that fails (full disk, lost connection)
 * leaves no file that looks complete.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Executor, Store } from '../../../db/client.js';
import { schemaStatus, schemaTooNewMessage, readJournal, SchemaTooNewError } from '../../../db/migrations.js';
import { migrationsFolder } from '../../../db/client.js';
import { BackupError, headerLine, rowsLine, tableLine, trailerLine, type BackupScope } from '../domain/format.js';
import { insertionOrder } from '../domain/order.js';
import { municipalityColumn, tablesInScope } from '../domain/scope.js';
import { ident, readCatalog, rowsOf, type TableInfo } from './catalog.js';

/** Where the bytes go; replaceable so tests can make a write fail as a full disk would. */
export interface OutputFile {
  write(chunk: Buffer): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface BackupOptions {
  out: string;
  /** 団体コード: back up this municipality only */
  municipalityCode?: string | undefined;
  /** opens FILE.partial (default: the file system) */
  openOutput?: (partialPath: string) => Promise<OutputFile>;
  /** rows per line for tables without binary columns */
  batchRows?: number;
}

export interface BackupResult {
  file: string;
  scope: BackupScope;
  municipality: { id: string; code: string; name: string } | null;
  counts: Record<string, number>;
  rows: number;
  bytes: number;
  sha256: string;
}

async function openFile(partialPath: string): Promise<OutputFile> {
  const fh = await fs.promises.open(partialPath, 'w', 0o600);
  return {
    async write(chunk) {
      let off = 0;
      while (off < chunk.length) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten;
    },
    sync: () => fh.sync(),
    close: () => fh.close(),
  };
}

/** a failure of the file, not of the database: reported as such and the partial file removed */
class WriteFailure extends Error {
  constructor(readonly original: unknown) {
    super((original as Error)?.message ?? String(original));
  }
}

async function guarded<T>(f: () => Promise<T>, seen?: { failure?: WriteFailure }): Promise<T> {
  try {
    return await f();
  } catch (e) {
    const failure = new WriteFailure(e);
    // stream.pipeline may reject with its own AbortError instead: remember the real cause
    if (seen) seen.failure ??= failure;
    throw failure;
  }
}

function guardedOutput(o: OutputFile, seen: { failure?: WriteFailure }): OutputFile {
  return {
    write: (chunk) => guarded(() => o.write(chunk), seen),
    sync: () => guarded(() => o.sync(), seen),
    close: () => guarded(() => o.close(), seen),
  };
}

function writeFailed(out: string, e: unknown): BackupError {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC'
      ? 'ディスクの空き容量が足りません'
      : code === 'EACCES' || code === 'EPERM'
        ? '書き込む権限がありません'
        : code === 'ENOENT'
          ? '保存先のディレクトリがありません'
          : `${code ?? ''} ${(e as Error).message}`.trim();
  return new BackupError('write_failed', `バックアップ ${out} を書き込めませんでした（${why}）。作りかけのファイルは削除しました。保存先を確認してもう一度実行してください。`);
}

async function syncDir(dir: string): Promise<void> {
  // the rename itself must reach the disk; not every platform can open a directory for this
  try {
    const d = await fs.promises.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    /* best effort */
  }
}

/** rows of one table, in primary-key order, as JSON lines of batches (keyset pages, so memory stays flat) */
async function* tableLines(
  tx: Executor,
  t: TableInfo,
  filter: { column: string; id: string } | null,
  batchRows: number,
): AsyncGenerator<{ n: number; line: string }> {
  const name = ident(t.name);
  const pk = t.primaryKey.map(ident);
  const order = pk.length ? pk.map((c) => `p.${c}`).join(', ') : '';
  // files are large: fewer per line keeps a line (and the restore's parameter) small
  const limit = t.columns.some((c) => c.type === 'bytea') ? Math.max(1, Math.min(batchRows, 20)) : batchRows;
  let last: string | null = null;
  for (;;) {
    const conds: ReturnType<typeof sql>[] = [];
    if (filter) conds.push(sql`${sql.raw(ident(filter.column))} = ${filter.id}::uuid`);
    if (last !== null && pk.length) {
      conds.push(sql`(${sql.raw(pk.join(', '))}) > (select ${sql.raw(pk.join(', '))} from json_populate_record(null::${sql.raw(name)}, ${last}::json))`);
    }
    const where = conds.length ? sql` where ${sql.join(conds, sql` and `)}` : sql``;
    const page = pk.length ? sql` order by ${sql.raw(pk.join(', '))} limit ${limit}` : sql``;
    const lastKey = pk.length ? `json_build_object(${t.primaryKey.map((c) => `'${c.replace(/'/g, "''")}', p.${ident(c)}`).join(', ')})` : 'null';
    const [r] = await rowsOf<{ n: number; rows: string | null; last: string | null }>(
      tx,
      sql`with p as (select * from ${sql.raw(name)}${where}${page})
          select count(*)::int as n,
                 '[' || coalesce(string_agg(row_to_json(p)::text, ',' ${sql.raw(order ? `order by ${order}` : '')}), '') || ']' as rows,
                 (array_agg(${sql.raw(lastKey)}::text ${sql.raw(order ? `order by ${order.split(', ').map((c) => `${c} desc`).join(', ')}` : '')}))[1] as last
            from p`,
    );
    const n = r?.n ?? 0;
    if (n > 0) yield { n, line: rowsLine(t.name, n, r!.rows ?? '[]') };
    if (!pk.length || n < limit || !r?.last) return;
    last = r.last;
  }
}

export async function backupStore(store: Store, opts: BackupOptions): Promise<BackupResult> {
  const status = await schemaStatus(store, migrationsFolder);
  if (status.newer.length) throw new SchemaTooNewError(schemaTooNewMessage(status, readJournal(migrationsFolder)));
  const migrations = status.applied.map((e) => e.tag);

  const out = path.resolve(opts.out);
  const partial = `${out}.partial`;
  const batchRows = opts.batchRows ?? 500;
  const counts: Record<string, number> = {};
  let bytes = 0;
  let sha256 = '';
  let municipality: BackupResult['municipality'] = null;

  let output: OutputFile | undefined;
  let created = false;
  const seen: { failure?: WriteFailure } = {};
  try {
    await store.db.transaction(
      async (tx) => {
        // the same data always gives the same bytes: UTC timestamps, hex bytea
        await tx.execute(sql`set local timezone = 'UTC'`);
        await tx.execute(sql`set local bytea_output = 'hex'`);
        if (opts.municipalityCode !== undefined) {
          const [m] = await rowsOf<{ id: string; code: string; name: string }>(
            tx,
            sql`select id::text as id, code, name from municipalities where code = ${opts.municipalityCode}`,
          );
          if (!m) throw new BackupError('not_found', `団体コード ${opts.municipalityCode} の団体はこのデータベースにありません。団体コード（6桁）を確認してください。`);
          municipality = m;
        }
        const scope: BackupScope = municipality ? 'municipality' : 'full';
        const catalog = await readCatalog(tx);
        const inScope = tablesInScope(scope, [...catalog.tables.values()]);
        const order = insertionOrder(inScope, catalog.foreignKeys);

        created = true;
        output = guardedOutput(await guarded(() => (opts.openOutput ?? openFile)(partial), seen), seen);
        const hash = createHash('sha256');
        const m = municipality as BackupResult['municipality'];
        async function* lines(): AsyncGenerator<string> {
          const first = headerLine({ scope, municipality: m, schema: { count: migrations.length, migrations }, created_at: new Date().toISOString(), tables: order });
          hash.update(first + '\n');
          yield first + '\n';
          for (const name of order) {
            const t = catalog.tables.get(name)!;
            const head = tableLine(name, t.columns.map((c) => c.name));
            hash.update(head + '\n');
            yield head + '\n';
            counts[name] = 0;
            const filter = m ? { column: municipalityColumn(name), id: m.id } : null;
            for await (const { n, line } of tableLines(tx, t, filter, batchRows)) {
              counts[name] += n;
              hash.update(line + '\n');
              yield line + '\n';
            }
          }
          sha256 = hash.digest('hex');
          yield trailerLine(counts, sha256) + '\n';
        }
        const o = output;
        await pipeline(Readable.from(lines(), { objectMode: false }), zlib.createGzip({ level: 6 }), async (source: AsyncIterable<Buffer>) => {
          for await (const chunk of source) {
            bytes += chunk.length;
            await o.write(chunk);
          }
        });
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    await output!.sync();
    const o = output!;
    output = undefined;
    await o.close();
    await guarded(() => fs.promises.rename(partial, out), seen);
    await syncDir(path.dirname(out));
  } catch (e) {
    if (output) await output.close().catch(() => {});
    if (created) await fs.promises.rm(partial, { force: true }).catch(() => {});
    const failure = e instanceof WriteFailure ? e : seen.failure;
    if (failure) throw writeFailed(out, failure.original);
    throw e;
  }
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  return { file: out, scope: municipality ? 'municipality' : 'full', municipality, counts, rows, bytes, sha256 };
}
