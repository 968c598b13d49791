/**
 * `gyokaku backup --out FILE [--municipality 団体コード]`: the whole store or one municipality into one
 * portable file (docs/operations/backup.md). A thin shell over backupStore.
 */
import { backupStore } from '../modules/backup/commands/backupStore.js';
import { FILE_SUFFIX } from '../modules/backup/domain/format.js';
import { CliError, parseOptions, type CliCommand } from './common.js';
import { openStoreForCommand } from './migrate.js';

const USAGE = `使い方: gyokaku backup --out <ファイル> [--municipality <団体コード>]
  --out           保存先のファイル（例: /var/backups/gyokaku/gyokaku-20260401${FILE_SUFFIX}）
  --municipality  この団体だけを保存します（省略するとすべての団体・データ）
  組み込みDBの場合はサーバー（gyokaku）を停止してから実行してください。`;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export const command: CliCommand = {
  summary: 'バックアップを作成する（全体または団体ごと）',
  async run(argv) {
    const { positionals, values } = parseOptions(
      argv,
      { out: { type: 'string', short: 'o' }, municipality: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      USAGE,
    );
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (positionals.length) throw new CliError(USAGE, 2);
    if (!values.out) throw new CliError(`--out で保存先のファイルを指定してください。\n${USAGE}`, 2);
    const out = values.out;
    const result = await openStoreForCommand({ migrate: false }, (store) => backupStore(store, { out, municipalityCode: values.municipality?.trim() }));
    const what = result.municipality ? `団体 ${result.municipality.code}（${result.municipality.name}）` : '全体';
    console.log(`バックアップを作成しました（${what}）: ${result.file}`);
    console.log(`  ${Object.keys(result.counts).length} 表、${result.rows} 行、${formatBytes(result.bytes)}、SHA-256 ${result.sha256}`);
    return 0;
  },
};
