/**
 * `gyokaku restore`: puts a backup back, all or nothing.
 *
 * 1. The whole file is read and checked first (product, format, every line, trailer counts, SHA-256)
 *    and its schema compared with the target's; nothing is written unless all of that holds.
 * 2. Then ONE transaction: refuse a non-empty target (full) or an existing municipality unless
 *    `force`, clear what `force` replaces, insert every table in foreign-key order, set the
 *    sequences past the restored values, and count the rows again. Any failure rolls all of it back.
 *
 * The file is read a second time for the inserts (it may be larger than memory); that pass checks
 * the SHA-256 again, so a file changed in between is refused too.
 */
import { sql } from 'drizzle-orm';
import type { Executor, Store } from '../../../db/client.js';
import { migrationsFolder } from '../../../db/client.js';
import { readJournal, schemaStatus, schemaTooNewMessage, SchemaTooNewError } from '../../../db/migrations.js';
import { BackupError, BackupVerifier, type BackupScope, type VerifiedBackup } from '../domain/format.js';
import { respectsForeignKeys, selfReferenceColumns } from '../domain/order.js';
import { assertSchemaFits } from '../domain/schema.js';
import { MUNICIPALITIES_TABLE, municipalityColumn, tablesInScope } from '../domain/scope.js';
import { ident, readCatalog, rowsOf, type Catalog, type TableInfo } from './catalog.js';
import { readLines } from './lines.js';

export interface RestoreOptions {
  file: string;
  /** replace what is there (full: everything; municipality: that municipality), and go on while other gyokaku sessions are connected */
  force?: boolean;
}

export interface RestoreResult {
  scope: BackupScope;
  municipality: { id: string; code: string; name: string } | null;
  counts: Record<string, number>;
  rows: number;
  /** what `force` replaced: the rows there were before (full: all tables; municipality: that municipality's) */
  replaced: number;
}

/** Reads and checks the whole file without writing anything. */
export async function verifyBackupFile(file: string): Promise<VerifiedBackup> {
  const verifier = new BackupVerifier(file);
  for await (const line of readLines(file)) verifier.feed(line);
  return verifier.finish();
}

/** PostgreSQL: other connections that named themselves gyokaku (a running server, a backup…). */
async function otherGyokakuSessions(store: Store): Promise<number> {
  if (store.kind !== 'postgres') return 0;
  const [r] = await store.rawQuery<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and application_name = 'gyokaku'`,
  );
  return r?.n ?? 0;
}

function checkTables(file: string, backup: VerifiedBackup, catalog: Catalog): void {
  const expected = tablesInScope(backup.header.scope, [...catalog.tables.values()]);
  const names = backup.tables.map((t) => t.name);
  const missing = expected.filter((t) => !names.includes(t));
  const extra = names.filter((t) => !catalog.tables.has(t));
  const columnsDiffer = backup.tables.filter((t) => {
    const info = catalog.tables.get(t.name);
    return info && info.columns.map((c) => c.name).join(',') !== t.columns.join(',');
  });
  if (missing.length || extra.length || columnsDiffer.length || !respectsForeignKeys(names, catalog.foreignKeys)) {
    const detail = [
      missing.length ? `ファイルにない表: ${missing.join(', ')}` : '',
      extra.length ? `復元先にない表: ${extra.join(', ')}` : '',
      columnsDiffer.length ? `列が異なる表: ${columnsDiffer.map((t) => t.name).join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('、');
    throw new BackupError(
      'schema_different',
      `バックアップ ${file} の表の構成が復元先と一致しません（${detail || '表の順序が参照関係と合いません'}）。バックアップを作成したものと同じバージョンのgyokakuで復元してください。`,
    );
  }
}

async function countRows(tx: Executor, t: string, municipalityId: string | null): Promise<number> {
  const where = municipalityId ? sql` where ${sql.raw(ident(municipalityColumn(t)))} = ${municipalityId}::uuid` : sql``;
  const [r] = await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.raw(ident(t))}${where}`);
  return r?.n ?? 0;
}

/** Empties every table (full restore with force): one statement, so references between them do not matter. */
async function clearAll(tx: Executor, catalog: Catalog): Promise<void> {
  const names = [...catalog.tables.keys()].map(ident);
  if (names.length) await tx.execute(sql.raw(`truncate table ${names.join(', ')}`));
}

/** Removes one municipality's rows from every table (sessions too), referencing tables first. */
async function clearMunicipality(tx: Executor, catalog: Catalog, order: string[], id: string): Promise<void> {
  const tenant = [...catalog.tables.values()].filter((t) => t.tenant).map((t) => t.name);
  // tables outside the backup's order (sessions) reference users: they go first
  const ordered = [...tenant.filter((t) => !order.includes(t)).sort(), ...[...order].reverse().filter((t) => tenant.includes(t))];
  for (const t of ordered) await tx.execute(sql`delete from ${sql.raw(ident(t))} where municipality_id = ${id}::uuid`);
  await tx.execute(sql`delete from ${sql.raw(ident(MUNICIPALITIES_TABLE))} where id = ${id}::uuid`);
}

/** One table's rows going in; a table that references itself goes through a temporary table in two passes. */
class TableWriter {
  private readonly target: string;
  private readonly cols: string;
  private readonly overriding: string;
  private readonly selfCols: string[];
  private readonly staging: string | null;

  constructor(
    private readonly tx: Executor,
    private readonly info: TableInfo,
    catalog: Catalog,
  ) {
    this.target = ident(info.name);
    const insertable = info.columns.filter((c) => !c.generated);
    this.cols = insertable.map((c) => ident(c.name)).join(', ');
    this.overriding = info.columns.some((c) => c.identityAlways) ? ' overriding system value' : '';
    this.selfCols = selfReferenceColumns(info.name, catalog.foreignKeys, info.primaryKey);
    this.staging = this.selfCols.length ? ident(`gyokaku_restore_${info.name}`) : null;
    const notNull = this.selfCols.filter((c) => info.columns.find((x) => x.name === c)?.notNull);
    if (notNull.length) throw new Error(`表 ${info.name} の自己参照列 ${notNull.join(', ')} が NOT NULL のため、二段階の復元ができません。`);
  }

  async begin(): Promise<void> {
    if (this.staging) {
      await this.tx.execute(sql.raw(`create temporary table ${this.staging} (like ${this.target}) on commit drop`));
    }
  }

  async rows(rowsJson: string): Promise<void> {
    const into = this.staging ?? this.target;
    const overriding = this.staging ? '' : this.overriding;
    await this.tx.execute(
      sql`insert into ${sql.raw(into)} (${sql.raw(this.cols)})${sql.raw(overriding)} select ${sql.raw(this.cols)} from json_populate_recordset(null::${sql.raw(this.target)}, ${rowsJson}::json)`,
    );
  }

  async end(): Promise<void> {
    if (!this.staging) return;
    // first every row with its references to its own table left empty, then those references
    const select = this.info.columns
      .filter((c) => !c.generated)
      .map((c) => (this.selfCols.includes(c.name) ? `null` : ident(c.name)))
      .join(', ');
    await this.tx.execute(sql.raw(`insert into ${this.target} (${this.cols})${this.overriding} select ${select} from ${this.staging}`));
    const set = this.selfCols.map((c) => `${ident(c)} = s.${ident(c)}`).join(', ');
    const match = this.info.primaryKey.map((c) => `t.${ident(c)} = s.${ident(c)}`).join(' and ');
    const any = this.selfCols.map((c) => `s.${ident(c)} is not null`).join(' or ');
    await this.tx.execute(sql.raw(`update ${this.target} t set ${set} from ${this.staging} s where ${match} and (${any})`));
    await this.tx.execute(sql.raw(`drop table ${this.staging}`));
  }
}

/** Moves every serial / identity sequence past the largest restored value (never backwards). */
async function resetSequences(tx: Executor, catalog: Catalog, tables: string[]): Promise<void> {
  for (const s of catalog.sequences) {
    if (!tables.includes(s.table)) continue;
    await tx.execute(
      sql`select setval(${s.sequence}::regclass, x.m, true)
            from (select greatest((select coalesce(max(${sql.raw(ident(s.column))}), 0) from ${sql.raw(ident(s.table))}),
                                  coalesce(pg_sequence_last_value(${s.sequence}::regclass), 0)) as m) x
           where x.m > 0`,
    );
  }
}

export async function restoreStore(store: Store, opts: RestoreOptions): Promise<RestoreResult> {
  const file = opts.file;
  const force = opts.force ?? false;

  // 1. the whole file, before anything else
  const backup = await verifyBackupFile(file);
  const { header } = backup;

  const journal = readJournal(migrationsFolder);
  const status = await schemaStatus(store, migrationsFolder);
  if (status.newer.length) throw new SchemaTooNewError(schemaTooNewMessage(status, journal));
  if (status.pending.length) {
    throw new BackupError(
      'schema_older',
      `復元先のデータベースに未適用のマイグレーションが ${status.pending.length} 件あります。先に gyokaku migrate apply を実行してから復元してください。`,
    );
  }
  assertSchemaFits(
    file,
    header.schema.migrations,
    status.applied.map((e) => e.tag),
    journal.map((e) => e.tag),
  );

  const others = await otherGyokakuSessions(store);
  if (others > 0 && !force) {
    throw new BackupError(
      'store_in_use',
      `復元先のPostgreSQLに、gyokakuの別の接続が ${others} 件あります（サーバーやバックアップが動いている可能性があります）。` +
        `動作中のサーバーのデータを置き換えると利用者の作業が失われるため中止しました。サーバーを停止してから実行するか、承知のうえで --force を付けてください。`,
    );
  }

  // 2. one transaction
  return store.db.transaction(async (tx) => {
    const catalog = await readCatalog(tx);
    checkTables(file, backup, catalog);
    const order = backup.tables.map((t) => t.name);
    const m = header.scope === 'municipality' ? header.municipality! : null;
    let replaced = 0;

    if (!m) {
      for (const t of catalog.tables.keys()) replaced += await countRows(tx, t, null);
      if (replaced > 0 && !force) {
        const [n] = await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.raw(ident(MUNICIPALITIES_TABLE))}`);
        throw new BackupError(
          'target_not_empty',
          `復元先のデータベースにはすでにデータがあります（団体 ${n?.n ?? 0} 件、全 ${replaced} 行）。` +
            `全体の復元は今あるデータをすべて置き換えます。置き換えてよい場合だけ --force を付けて実行してください。`,
        );
      }
      if (replaced > 0) await clearAll(tx, catalog);
    } else {
      const existing = await rowsOf<{ id: string; code: string; name: string }>(
        tx,
        sql`select id::text as id, code, name from municipalities where code = ${m.code} or id = ${m.id}::uuid`,
      );
      const sameId = existing.find((e) => e.id === m.id);
      if (sameId && sameId.code !== m.code) {
        throw new BackupError(
          'municipality_exists',
          `復元先には、バックアップの団体（${m.code} ${m.name}）と同じ内部IDを持つ別の団体（${sameId.code} ${sameId.name}）があるため復元できません。`,
        );
      }
      const current = existing.find((e) => e.code === m.code);
      if (current) {
        if (!force) {
          throw new BackupError(
            'municipality_exists',
            `団体コード ${m.code}（${current.name}）の団体は復元先にすでにあります。` +
              `その団体のデータをバックアップの内容で置き換えてよい場合だけ --force を付けて実行してください（他の団体のデータは変わりません）。`,
          );
        }
        for (const t of catalog.tables.values()) if (t.tenant) replaced += await countRows(tx, t.name, current.id);
        replaced += 1;
        await clearMunicipality(tx, catalog, order, current.id);
      }
    }

    // rows in, table by table, checking the file again on the way
    await tx.execute(sql`set local timezone = 'UTC'`);
    const verifier = new BackupVerifier(file);
    let writer: TableWriter | null = null;
    for await (const line of readLines(file)) {
      const parsed = verifier.feed(line);
      if (parsed.kind === 'table' || parsed.kind === 'trailer') {
        await writer?.end();
        writer = null;
      }
      if (parsed.kind === 'table') {
        writer = new TableWriter(tx, catalog.tables.get(parsed.table.name)!, catalog);
        await writer.begin();
      } else if (parsed.kind === 'rows') {
        await writer!.rows(parsed.rowsJson);
      }
    }
    const verified = verifier.finish();

    await resetSequences(tx, catalog, order);
    // the database's own count of what went in, against the file's
    for (const t of verified.tables) {
      const n = await countRows(tx, t.name, m ? m.id : null);
      if (n !== t.count) {
        throw new BackupError('corrupt', `表 ${t.name} に復元できた行数（${n}）がバックアップの記録（${t.count}）と一致しないため、復元を取り消しました。`);
      }
    }
    const counts = Object.fromEntries(verified.tables.map((t) => [t.name, t.count]));
    return { scope: header.scope, municipality: m, counts, rows: verified.trailer.rows, replaced };
  });
}
