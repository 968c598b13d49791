/**
 * The server process: `node dist/main.js` (production) or `node dist/main.js --demo` (what `npm start`
 * runs: the demo municipalities and accounts are loaded into an empty store only when told, by this
 * flag or GYOKAKU_DEMO=1).
 */
import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError } from './db/lock.js';
import { SchemaTooNewError } from './db/migrations.js';
import { startServer } from './server.js';
import { createLogger, log, setLogger } from './shared/log.js';

let config;
try {
  config = loadConfig(process.env, process.argv.includes('--demo') ? { demo: true } : {});
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  log.fatal({ problems: e.problems }, e.message);
  process.exit(78); // EX_CONFIG: systemd shows it, and Restart=on-failure gives up after its burst limit
}
const logger = createLogger(config.logLevel);
setLogger(logger);

try {
  const server = await startServer({
    port: config.port,
    host: config.host,
    databaseUrl: config.databaseUrl,
    dataDir: `${config.dataDir}/pglite`,
    demo: config.demo,
    auth: config.auth,
    config,
  });
  const where = config.databaseUrl ? 'PostgreSQL' : `組み込みDB (${config.dataDir}/pglite)`;
  logger.info({ url: server.url, store: server.store.kind, demo: config.demo }, `gyokaku を起動しました: ${server.url}  [${where}]`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      // a second signal means "now": the operator has chosen not to wait for jobs and mail
      logger.warn({ signal }, '2回目の停止指示のため、完了を待たずに終了します');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, '停止します（処理中の要求・ジョブ・メール送信の完了を待ちます）');
    try {
      await server.close();
      logger.info('停止しました');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, '停止処理でエラーが発生しました');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (e) {
  if (e instanceof DataDirLockedError || e instanceof SchemaTooNewError) {
    logger.fatal(e.message);
    process.exit(1);
  }
  if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    logger.fatal(`ポート ${config.port} は使用中です。PORT=3001 のように別のポートを指定してください。`);
    process.exit(1);
  }
  logger.fatal({ err: e }, '起動できませんでした');
  process.exit(1);
}
