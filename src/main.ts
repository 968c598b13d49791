import { loadConfig } from './config.js';
import { DataDirLockedError } from './db/lock.js';
import { startServer } from './server.js';

const config = loadConfig();
try {
  const server = await startServer({
    port: config.port,
    host: config.host,
    databaseUrl: config.databaseUrl,
    dataDir: `${config.dataDir}/pglite`,
    demo: config.demo,
    auth: config.auth,
  });
  const where = config.databaseUrl ? 'PostgreSQL' : `組み込みDB (${config.dataDir}/pglite)`;
  console.log(`gyokaku を起動しました: ${server.url}  [${where}]`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  if (e instanceof DataDirLockedError) {
    console.error(e.message);
    process.exit(1);
  }
  if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`ポート ${config.port} は使用中です。PORT=3001 npm start のように別のポートを指定してください。`);
    process.exit(1);
  }
  throw e;
}
