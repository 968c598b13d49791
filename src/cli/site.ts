/**
 * `gyokaku site export <団体コード> <フォルダ>`: the municipality's citizens' site as static files
 * (relative links, index.html per page) for any web server or a CMS. A thin shell over
 * exportPublicSite, which crawls the app in-process (docs/operations.md「公開サイトの静的書き出し」).
 */
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../app.js';
import { stopAllOffThreads } from '../modules/jobs/worker/pool.js';
import { findMunicipalityByCode } from '../modules/municipalities/queries/municipalities.js';
import { exportPublicSite, StaticExportError } from '../modules/publish/commands/staticExport.js';
import { PUBLIC_STYLESHEET } from '../modules/publish/http/publicLayout.js';
import { createLogger } from '../shared/log.js';
import { formatBytes } from './backup.js';
import { CliError, parseOptions, type CliCommand } from './common.js';
import { openStoreForCommand } from './migrate.js';

const USAGE = `使い方: gyokaku site export <団体コード> <フォルダ>
  公表した内容だけの市民向けページ（進捗状況・年次報告書・審議会等の意見と対応・オープンデータ）を、
  どのWebサーバーやCMSにも置けるファイル（相対リンク、ページごとの index.html）として書き出します。
  フォルダは新しいもの、空のもの、または以前の書き出し先を指定してください。
  組み込みDBの場合はサーバー（gyokaku）を停止してから実行してください。`;

export const command: CliCommand = {
  summary: '市民向け公開サイトを静的なファイルに書き出す（export）',
  async run(argv) {
    const { positionals, values } = parseOptions(argv, { help: { type: 'boolean', short: 'h' } }, USAGE);
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const [sub, code, folder, ...rest] = positionals;
    if (sub !== 'export' || !code || !folder || rest.length) throw new CliError(USAGE, 2);
    if (!/^\d{6}$/.test(code)) throw new CliError(`団体コードは6桁の数字で指定してください（${code}）。\n${USAGE}`, 2);
    try {
      const result = await openStoreForCommand({ migrate: false }, async (store) => {
        if (!(await findMunicipalityByCode(store.db, code))) throw new CliError(`団体コード ${code} の団体はありません。団体コードを確かめてください。`);
        // the staff UI's files are not part of the export: an address outside the public site answers an error, never the UI
        const app = createApp({ store, auth: 'required', logger: createLogger('warn'), webRoot: path.join(os.tmpdir(), 'gyokaku-no-staff-ui') });
        return exportPublicSite({ request: (p) => app.request(p), code, folder, stylesheet: PUBLIC_STYLESHEET });
      });
      console.log(`公開サイトを書き出しました: ${result.folder}`);
      console.log(`  ページ ${result.pages}、ファイル ${result.files}（${formatBytes(result.bytes)}）`);
      console.log(`  入口: ${path.join(result.folder, 'index.html')}（${result.entry}）`);
      return 0;
    } catch (e) {
      if (e instanceof StaticExportError) throw new CliError(e.message);
      throw e;
    } finally {
      // the PDFs were laid out in a worker thread
      await stopAllOffThreads();
    }
  },
};
