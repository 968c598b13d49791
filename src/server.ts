import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Config } from './config.js';
import { openStore, type Store } from './db/client.js';
import { loadDemoIfEmpty } from './modules/demo/commands/loadDemo.js';
import { startUploadSweeper } from './modules/imports/uploads.js';
import { startBackupSchedule } from './modules/backup/commands/scheduled.js';
import { startSignInSweeper } from './modules/identity/commands/sweep.js';
import { configureJobs, DEFAULT_JOB_CONCURRENCY, drainJobs, jobCounts, sweepInterruptedJobs } from './modules/jobs/runner.js';
import { stopAllOffThreads } from './modules/jobs/worker/pool.js';
import { smtpConfigFromEnv } from './modules/pdca/chasing/mail/config.js';
import { drainDeliveries, startOutboxWorker } from './modules/pdca/chasing/mail/outbox.js';
import { log } from './shared/log.js';
import { storeQueue } from './shared/http/storeQueue.js';

/** GYOKAKU_PGLITE_QUEUE's default (config.ts) for callers without a Config. */
const DEFAULT_PGLITE_QUEUE = 100;

export interface StartOptions {
  port: number;
  host?: string;
  databaseUrl?: string | undefined;
  dataDir: string;
  demo: boolean;
  /** 'required' (default): staff sign in; 'demo': no sign-in, everything runs as the demo administrator */
  auth?: 'required' | 'demo';
  /** the process's settings (main.ts); tests may leave it out and get the defaults */
  config?: Config;
}

/**
 * Idle keep-alive sockets are kept longer than a client or reverse proxy keeps them (Node's
 * 5 s default is shorter than most proxies' 60 s): otherwise the server may close a socket at
 * the moment the client sends the next request on it, and the client sees ECONNRESET.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function tuneHttpServer(server: ReturnType<typeof serve>): void {
  const s = server as unknown as { keepAliveTimeout: number; headersTimeout: number };
  s.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // must exceed keepAliveTimeout, or a slow first header on a reused socket is cut
  s.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
}

export interface RunningServer {
  url: string;
  store: Store;
  /**
   * Graceful stop (SIGTERM/SIGINT in main.ts): no new connections, requests in flight finish, jobs and
   * mail being sent finish, all within the shutdown deadline; then the worker threads and the store
   * (which releases the data directory's lock). Calling it again returns the same promise.
   */
  close(): Promise<void>;
  /** requests being handled now (logged at the stop; tests wait on it) */
  requestsInFlight(): number;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;
/** After the deadline, how long closing the store may still take before the stop gives up on it. */
const STORE_CLOSE_GRACE_MS = 5_000;
/** How often idle keep-alive sockets are closed while requests are draining. */
const IDLE_SWEEP_MS = 100;

export const STOPPING_MESSAGE = 'サーバーを停止しています。しばらく待ってから、もう一度アクセスしてください。';

/**
 * Wraps the app's fetch: while the server stops, a request that still reaches it (on a keep-alive
 * socket opened before) is answered 503 at once with Connection: close, and answers to requests
 * in flight carry Connection: close, so that no client keeps a socket to a stopping server.
 */
export function stoppableFetch<E>(fetch: (req: Request, env: E) => Response | Promise<Response>, isStopping: () => boolean, counter = { inFlight: 0 }) {
  return async (req: Request, env: E): Promise<Response> => {
    if (isStopping()) {
      return new Response(JSON.stringify({ error: { code: 'shutting_down', message: STOPPING_MESSAGE } }), {
        status: 503,
        headers: { 'content-type': 'application/json; charset=UTF-8', connection: 'close', 'retry-after': '30' },
      });
    }
    counter.inFlight++;
    let res: Response;
    try {
      res = await fetch(req, env);
    } finally {
      counter.inFlight--;
    }
    if (isStopping()) {
      try {
        res.headers.set('connection', 'close');
      } catch {
        // immutable headers (a fetched Response): Node still closes the socket once the server is closed
      }
    }
    return res;
  };
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  // the application's ~300 modules load while the store opens (start-up time: bench/install.ts)
  const appModule = import('./app.js');
  appModule.catch(() => {}); // a failure is reported where it is awaited below
  const store = await openStore({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir });
  try {
    if (opts.demo) await loadDemoIfEmpty(store);
    // jobs a crashed predecessor left queued/running are failed now, offered to be run again
    await sweepInterruptedJobs(store);
  } catch (e) {
    await store.close();
    throw e;
  }
  configureJobs({ concurrency: opts.config?.jobConcurrency ?? DEFAULT_JOB_CONCURRENCY });
  const shutdownTimeoutMs = opts.config?.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const { createApp } = await appModule;
  const app = createApp({ store, auth: opts.auth ?? 'required', demo: opts.demo, publicUrl: opts.config?.publicUrl });
  // mail that could not be delivered at once is retried every minute while SMTP is configured
  const smtp = opts.config ? opts.config.smtp : smtpConfigFromEnv();
  const stopMail = smtp ? startOutboxWorker(store.db, smtp) : () => {};
  // uploads waiting for their import expire after an hour of no use; ended sessions and old login
  // counters go after a day (hourly): every process sweeps them
  const sweepers = [startUploadSweeper(store.db), startSignInSweeper(store.db)];
  const stopSweep = () => sweepers.forEach((stop) => stop());
  // the embedded store cannot be backed up by a second process: the server backs itself up nightly
  const stopBackups = opts.config?.backup ? startBackupSchedule(store, opts.config.backup) : async () => {};
  const host = opts.host ?? '127.0.0.1';
  let stopping = false;
  const counter = { inFlight: 0 };
  // the embedded store serves one statement at a time: a bounded line answers 503 fast instead of letting
  // requests time out (shared/http/storeQueue.ts); PostgreSQL's pool needs none
  const served = store.kind === 'pglite' ? storeQueue(app.fetch, { maxWaiting: opts.config?.pgliteQueue ?? DEFAULT_PGLITE_QUEUE }) : app.fetch;
  const fetch = stoppableFetch(served, () => stopping, counter);
  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch, port: opts.port, hostname: host }, () => resolve(s));
      s.once('error', reject);
    });
  } catch (e) {
    stopMail();
    stopSweep();
    await stopBackups();
    await store.close();
    throw e;
  }
  tuneHttpServer(server);
  const { port } = server.address() as AddressInfo;
  const http = server as unknown as Server;

  const shutdown = async (): Promise<void> => {
    const started = Date.now();
    const deadline = started + shutdownTimeoutMs;
    stopping = true;
    log.info({ requests: counter.inFlight, ...jobCounts(), timeoutMs: shutdownTimeoutMs }, '停止処理を始めました');
    stopMail();
    stopSweep();
    // no new connections; idle keep-alive sockets go now, busy ones as soon as their answer is out
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeIdleConnections();
    const sweep = setInterval(() => http.closeIdleConnections(), IDLE_SWEEP_MS);
    sweep.unref();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), shutdownTimeoutMs);
      timer.unref();
    });
    try {
      const [requests, jobs, mail] = await Promise.all([
        Promise.race([closed.then(() => 'done' as const), expired]),
        drainJobs(store, deadline),
        drainDeliveries(deadline),
        // a backup in progress finishes (or fails) before the store closes; it never leaves a partial file
        Promise.race([stopBackups(), expired]),
      ]);
      if (requests === 'expired') {
        log.warn({ timeoutMs: shutdownTimeoutMs }, '停止の期限までに終わらなかった要求の接続を切断しました');
        http.closeAllConnections();
        await closed;
      }
      if (!mail) log.warn('停止の期限までにメール送信が終わりませんでした（未送信分は次回の起動後に再送されます）');
      log.info({ jobsFinished: jobs.finished, jobsInterrupted: jobs.interrupted, ms: Date.now() - started }, '要求・ジョブ・メール送信の終了を確認しました');
    } finally {
      clearInterval(sweep);
      clearTimeout(timer);
    }
    await stopAllOffThreads();
    // a job given up at the deadline may still hold a connection: closing the store waits for it only so long
    let closeTimer: NodeJS.Timeout | undefined;
    const stuck = new Promise<'stuck'>((resolve) => {
      closeTimer = setTimeout(() => resolve('stuck'), Math.max(deadline - Date.now(), 0) + STORE_CLOSE_GRACE_MS);
      closeTimer.unref();
    });
    try {
      if ((await Promise.race([store.close().then(() => 'closed' as const), stuck])) === 'stuck')
        throw new Error('データベースを閉じられませんでした（処理中のジョブが接続を使い続けています）。プロセスの終了時に接続は切断されます。');
    } finally {
      clearTimeout(closeTimer);
    }
  };

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    store,
    close() {
      closing ??= shutdown();
      return closing;
    },
    requestsInFlight: () => counter.inFlight,
  };
}
