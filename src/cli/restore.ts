/**
 * `gyokaku restore --in FILE [--force]`: checks the whole file, then restores it in one transaction
 * (docs/operations/backup.md). A thin shell over restoreStore.
 */
import { restoreStore } from '../modules/backup/commands/restoreStore.js';
import { CliError, parseOptions, type CliCommand } from './common.js';
import { openStoreForCommand } from './migrate.js';

const USAGE = `使い方: gyokaku restore --in <ファイル> [--force]
  --in     gyokaku backup で作成したファイル
  --force  全体のバックアップ: 復元先のデータをすべて置き換えます
           団体のバックアップ: 復元先にある同じ団体のデータを置き換えます（他の団体はそのまま）
           PostgreSQL: gyokakuの別の接続（起動中のサーバーなど）があっても実行します
  組み込みDBの場合はサーバー（gyokaku）を停止してから実行してください。`;

export const command: CliCommand = {
  summary: 'バックアップから復元する',
  async run(argv) {
    const { positionals, values } = parseOptions(
      argv,
      { in: { type: 'string', short: 'i' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      USAGE,
    );
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (positionals.length) throw new CliError(USAGE, 2);
    if (!values.in) throw new CliError(`--in で復元するバックアップファイルを指定してください。\n${USAGE}`, 2);
    const file = values.in;
    // its own application_name: the check for a running server must not count this command's connections
    const result = await openStoreForCommand({ migrate: true, applicationName: 'gyokaku-restore' }, (store) =>
      restoreStore(store, { file, force: values.force ?? false }),
    );
    const what = result.municipality ? `団体 ${result.municipality.code}（${result.municipality.name}）` : '全体';
    console.log(`復元しました（${what}）: ${Object.keys(result.counts).length} 表、${result.rows} 行`);
    if (result.replaced) console.log(`  置き換えた既存の行: ${result.replaced} 行`);
    return 0;
  },
};
