/**
 * Restores the demo: removes the embedded data directory (or, on PostgreSQL,
 * the demo municipalities' rows) and loads the seed municipalities again.
 */
import fs from 'node:fs';
import { loadConfig } from '../config.js';
import { openStore } from '../db/client.js';
import { resetDemoMunicipalities } from '../modules/demo/commands/resetDemo.js';
import { loadDemoIfEmpty } from '../modules/demo/commands/loadDemo.js';
import { DataDirLockedError, acquireDataDirLock } from '../db/lock.js';

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
  console.log('デモデータを初期状態に戻しました。');
} catch (e) {
  if (e instanceof DataDirLockedError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
