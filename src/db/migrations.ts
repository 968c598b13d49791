/**
 * Where a store's schema stands against the migrations this build ships.
 *
 * drizzle's migrator records each applied migration in drizzle.__drizzle_migrations with
 * created_at = the journal entry's `when`, and applies only entries newer than the latest
 * recorded one. A store already upgraded by a newer gyokaku therefore looks "nothing to do"
 * to an older build, which would then run against a schema it does not know: refuse instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Store } from './client.js';

export class SchemaTooNewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaTooNewError';
  }
}

export interface JournalEntry {
  idx: number;
  tag: string;
  /** the journal's `when`: drizzle records it as created_at */
  when: number;
}

export interface RecordedMigration {
  hash: string;
  createdAt: number;
}

export interface SchemaStatus {
  /** journal entries recorded in the store, in journal order */
  applied: JournalEntry[];
  /** entries the migrator would apply (newer than the latest recorded one) */
  pending: JournalEntry[];
  /** entries older than the latest recorded one but not recorded: the migrator will never apply them */
  skipped: JournalEntry[];
  /** recorded migrations newer than the newest this build knows: the store was upgraded by a newer gyokaku */
  newer: RecordedMigration[];
  /** recorded migrations this build does not know, but not newer than its newest (another branch's build) */
  unknown: RecordedMigration[];
}

export function readJournal(migrationsFolder: string): JournalEntry[] {
  const file = path.join(migrationsFolder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: { idx: number; tag: string; when: number }[] };
  return journal.entries.map((e) => ({ idx: e.idx, tag: e.tag, when: e.when })).sort((a, b) => a.when - b.when);
}

async function defaultFolder(): Promise<string> {
  // imported lazily: client.ts imports this module from openStore
  return (await import('./client.js')).migrationsFolder;
}

/** The migrations recorded in the store (none when the migrator never ran). */
export async function recordedMigrations(store: Store): Promise<RecordedMigration[]> {
  const [exists] = await store.rawQuery<{ t: string | null }>(`select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  if (!exists?.t) return [];
  const rows = await store.rawQuery<{ hash: string; created_at: string | number | null }>(
    'select hash, created_at from drizzle.__drizzle_migrations order by created_at, id',
  );
  return rows.map((r) => ({ hash: r.hash, createdAt: Number(r.created_at ?? 0) }));
}

/** Pure comparison of the journal with what a store recorded. */
export function compareSchema(journal: JournalEntry[], recorded: RecordedMigration[]): SchemaStatus {
  const whens = new Set(recorded.map((r) => r.createdAt));
  const known = new Set(journal.map((e) => e.when));
  const newest = journal.length ? journal[journal.length - 1]!.when : 0;
  const latestRecorded = recorded.reduce((m, r) => Math.max(m, r.createdAt), 0);
  return {
    applied: journal.filter((e) => whens.has(e.when)),
    pending: journal.filter((e) => e.when > latestRecorded),
    skipped: journal.filter((e) => e.when <= latestRecorded && !whens.has(e.when)),
    newer: recorded.filter((r) => r.createdAt > newest),
    unknown: recorded.filter((r) => r.createdAt <= newest && !known.has(r.createdAt)),
  };
}

export async function schemaStatus(store: Store, migrationsFolder?: string): Promise<SchemaStatus> {
  const journal = readJournal(migrationsFolder ?? (await defaultFolder()));
  return compareSchema(journal, await recordedMigrations(store));
}

export function schemaTooNewMessage(status: SchemaStatus, journal: JournalEntry[]): string {
  const newest = journal[journal.length - 1];
  return (
    `このデータベースは、より新しいバージョンのgyokakuで更新されています` +
    `（このバージョンが知らないマイグレーションが ${status.newer.length} 件記録されています。` +
    `このバージョンの最新は ${newest?.tag ?? '(なし)'} です）。` +
    `古いバージョンのまま使うとデータを壊すおそれがあるため中止しました。` +
    `更新に使った新しいバージョンのgyokakuを起動するか、このバージョンで作成したバックアップから復元してください。`
  );
}

/** Throws SchemaTooNewError when the store recorded a migration newer than this build's newest. */
export async function assertSchemaNotNewer(store: Store, migrationsFolder?: string): Promise<void> {
  const folder = migrationsFolder ?? (await defaultFolder());
  const journal = readJournal(folder);
  const status = compareSchema(journal, await recordedMigrations(store));
  if (status.newer.length) throw new SchemaTooNewError(schemaTooNewMessage(status, journal));
}

/** `gyokaku migrate apply`: refuses a newer store, applies what is pending, returns what it applied. */
export async function applyMigrations(store: Store): Promise<JournalEntry[]> {
  const { migrateStore, migrationsFolder } = await import('./client.js');
  await assertSchemaNotNewer(store, migrationsFolder);
  const before = await schemaStatus(store, migrationsFolder);
  await migrateStore(store);
  const after = await schemaStatus(store, migrationsFolder);
  const was = new Set(before.applied.map((e) => e.when));
  return after.applied.filter((e) => !was.has(e.when));
}
