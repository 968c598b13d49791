/**
 * The server process: `node dist/main.js` (production) or `node dist/main.js --demo` (what `npm start`
 * runs: the demo municipalities and accounts are loaded into an empty store only when told, by this
 * flag or GYOKAKU_DEMO=1).
 */
import { ConfigError, loadConfig } from './config.js';
import { isConnectionError } from './db/availability.js';
import { DataDirFullError, freeBytesAt, PGLITE_MIN_FREE_BYTES } from './db/client.js';
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

/**
 * Exit codes (systemd's Restart=on-failure restarts all but 0 and 78):
 *   0 stopped on SIGTERM/SIGINT · 1 could not start, or an unexpected error · 75 (EX_TEMPFAIL) the embedded
 *   store's disk was full: restarted once there is space again · 78 (EX_CONFIG) bad settings, not retried ·
 *   130 a second stop signal.
 */
const EXIT_STORE_BROKEN = 75;
/** How often a broken embedded store's disk is checked for space again. */
const DISK_POLL_MS = 2_000;

// Nothing may end the process unnoticed. A lost PostgreSQL connection is expected and passes (the pool
// reconnects; requests answer 503 meanwhile): it is logged and the server keeps running. Any other
// uncaught exception left some operation half-way at an unknown point, so the process logs it and exits 1
// for systemd to restart it clean, rather than serve from a state nobody has reasoned about. A rejected
// promise nobody awaited has unwound nothing: it is logged and the server keeps running.
process.on('uncaughtException', (err) => {
  if (isConnectionError(err)) {
    log.error({ err }, 'データベースとの接続のエラーを処理しました（サーバーは動き続けます）');
    return;
  }
  log.fatal({ err }, '予期しないエラーのため終了します（systemd が再起動します）');
  process.exit(1);
});
process.on('unhandledRejection', (reason) => {
  log.error({ err: reason }, isConnectionError(reason) ? 'データベースとの接続のエラーを処理しました（サーバーは動き続けます）' : '処理されなかったエラーがありました（サーバーは動き続けます）');
});

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
  const stop = async (signal: string, code = 0) => {
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
      process.exit(code);
    } catch (err) {
      logger.error({ err }, '停止処理でエラーが発生しました');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  // the embedded store cannot go on after a write failed for lack of space (db/client.ts): the server keeps
  // answering 503 while the disk is full, and restarts (exit 75) as soon as there is room to recover
  server.store.onBroken(() => {
    const dir = `${config.dataDir}/pglite`;
    const timer = setInterval(() => {
      let free = 0;
      try {
        free = freeBytesAt(dir);
      } catch {
        return;
      }
      if (free < PGLITE_MIN_FREE_BYTES) return;
      clearInterval(timer);
      logger.fatal({ freeBytes: free }, '組み込みDBのディスクに空きができたため、データベースを開き直すためにサーバーを再起動します（終了コード 75）');
      void stop('disk-space', EXIT_STORE_BROKEN);
    }, DISK_POLL_MS);
    timer.unref();
  });
} catch (e) {
  if (e instanceof DataDirFullError) {
    logger.fatal(e.message);
    process.exit(EXIT_STORE_BROKEN);
  }
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
