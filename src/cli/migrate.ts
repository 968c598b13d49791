/**
 * `gyokaku migrate status | apply`: where the database schema stands, and applying pending migrations
 * explicitly. The server still migrates on start; `apply` lets an operator do it (and see it succeed)
 * before starting a new version, e.g. during a maintenance window.
 */
import { loadConfig } from '../config.js';
import { openStore, type Store } from '../db/client.js';
import { DataDirLockedError } from '../db/lock.js';
import { applyMigrations, readJournal, schemaStatus, SchemaTooNewError, schemaTooNewMessage, type SchemaStatus } from '../db/migrations.js';
import { migrationsFolder } from '../db/client.js';
import { BackupError } from '../modules/backup/domain/format.js';
import { CliError, parseOptions, type CliCommand } from './common.js';

const USAGE = `使い方:
  gyokaku migrate status   データベースのスキーマの状態を表示します
                           （終了コード 0: 最新、3: 未適用のマイグレーションあり、1: より新しいバージョンで更新済み）
  gyokaku migrate apply    未適用のマイグレーションを適用します（サーバーは起動時にも自動で適用します）`;

/** Exit code of `migrate status` when migrations are pending (scripts can test for it). */
export const EXIT_PENDING = 3;

/** The configured store for an operators' command; refusals the operator can act on become CliErrors. */
export async function openStoreForCommand<T>(
  opts: { migrate: boolean; applicationName?: string },
  fn: (store: Store, where: string) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const where = config.databaseUrl ? 'PostgreSQL（DATABASE_URL）' : `組み込みDB（${config.dataDir}/pglite）`;
  let store: Store;
  try {
    store = await openStore({ databaseUrl: config.databaseUrl, dataDir: `${config.dataDir}/pglite`, migrate: opts.migrate, applicationName: opts.applicationName });
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      throw new CliError(`${e.message}\n組み込みDBを使っている場合、バックアップ・復元・マイグレーションはサーバー（gyokaku）を停止してから実行してください。`);
    }
    throw asOperatorError(e);
  }
  try {
    return await fn(store, where);
  } catch (e) {
    throw asOperatorError(e);
  } finally {
    await store.close();
  }
}

export function asOperatorError(e: unknown): unknown {
  if (e instanceof SchemaTooNewError || e instanceof BackupError) return new CliError(e.message);
  return e;
}

/** The status as lines for the operator. */
export function formatStatus(status: SchemaStatus, where: string): string[] {
  const latest = status.applied[status.applied.length - 1];
  const lines = [`データベース: ${where}`, `適用済みのマイグレーション: ${status.applied.length} 件（最新: ${latest?.tag ?? 'なし'}）`];
  if (status.newer.length) {
    lines.push(`このバージョンが知らない、より新しいマイグレーション: ${status.newer.length} 件`);
  }
  if (status.pending.length) {
    lines.push(`未適用のマイグレーション: ${status.pending.length} 件`);
    for (const e of status.pending) lines.push(`  ${e.tag}`);
    lines.push('gyokaku migrate apply で適用できます（サーバーの起動時にも自動で適用されます）。');
  }
  if (status.skipped.length) {
    lines.push(`注意: 記録のない古いマイグレーションがあります（自動では適用されません）: ${status.skipped.map((e) => e.tag).join(', ')}`);
  }
  if (status.unknown.length) lines.push(`注意: このバージョンが知らないマイグレーションの記録が ${status.unknown.length} 件あります。`);
  if (!status.newer.length && !status.pending.length) lines.push('スキーマは最新です。');
  return lines;
}

export function statusExitCode(status: SchemaStatus): number {
  if (status.newer.length) return 1;
  return status.pending.length ? EXIT_PENDING : 0;
}

export const command: CliCommand = {
  summary: 'データベースのスキーマの状態表示・更新（status / apply）',
  async run(argv) {
    const { positionals, values } = parseOptions(argv, { help: { type: 'boolean', short: 'h' } }, USAGE);
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const sub = positionals[0];
    if ((sub !== 'status' && sub !== 'apply') || positionals.length > 1) throw new CliError(USAGE, 2);
    return openStoreForCommand({ migrate: false }, async (store, where) => {
      if (sub === 'status') {
        const status = await schemaStatus(store);
        for (const line of formatStatus(status, where)) console.log(line);
        if (status.newer.length) console.error(schemaTooNewMessage(status, readJournal(migrationsFolder)));
        return statusExitCode(status);
      }
      const applied = await applyMigrations(store);
      if (applied.length) {
        console.log(`マイグレーションを ${applied.length} 件適用しました:`);
        for (const e of applied) console.log(`  ${e.tag}`);
      } else {
        console.log('適用するマイグレーションはありません。スキーマは最新です。');
      }
      return 0;
    });
  },
};
