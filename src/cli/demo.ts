/**
 * `gyokaku demo reset`: restores the demo. Removes the embedded data directory (or, on PostgreSQL,
 * the demo municipalities' rows) and loads the seed municipalities again.
 */
import fs from 'node:fs';
import { loadConfig } from '../config.js';
import { openStore } from '../db/client.js';
import { acquireDataDirLock, DataDirLockedError } from '../db/lock.js';
import { loadDemoIfEmpty } from '../modules/demo/commands/loadDemo.js';
import { resetDemoMunicipalities } from '../modules/demo/commands/resetDemo.js';
import { CliError, parseOptions, type CliCommand } from './common.js';

const USAGE = '使い方: gyokaku demo reset   （サーバー停止中に実行。デモデータを初期状態に戻します）';

export const command: CliCommand = {
  summary: 'デモデータを初期状態に戻す（reset）',
  async run(argv) {
    const { positionals, values } = parseOptions(argv, { help: { type: 'boolean', short: 'h' } }, USAGE);
    if (values.help || positionals[0] !== 'reset') {
      console.log(USAGE);
      return values.help ? 0 : 2;
    }
    const config = loadConfig();
    try {
      if (!config.databaseUrl) {
        const dir = `${config.dataDir}/pglite`;
        if (fs.existsSync(dir)) {
          acquireDataDirLock(dir).release(); // refuses while a server owns the directory
          fs.rmSync(dir, { recursive: true, force: true });
        }
        const store = await openStore({ dataDir: dir });
        await loadDemoIfEmpty(store);
        await store.close();
      } else {
        const store = await openStore({ databaseUrl: config.databaseUrl });
        await resetDemoMunicipalities(store);
        await store.close();
      }
    } catch (e) {
      if (e instanceof DataDirLockedError) throw new CliError(e.message);
      throw e;
    }
    console.log('デモデータを初期状態に戻しました。');
    return 0;
  },
};
