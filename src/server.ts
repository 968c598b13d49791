import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { openStore, type Store } from './db/client.js';
import { loadDemoIfEmpty } from './modules/demo/commands/loadDemo.js';
import { startUploadSweeper } from './modules/imports/uploads.js';
import { smtpConfigFromEnv } from './modules/pdca/chasing/mail/config.js';
import { startOutboxWorker } from './modules/pdca/chasing/mail/outbox.js';

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
  close(): Promise<void>;
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const store = await openStore({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir });
  try {
    if (opts.demo) await loadDemoIfEmpty(store);
  } catch (e) {
    await store.close();
    throw e;
  }
  const app = createApp({ store, auth: opts.auth ?? 'required' });
  // mail that could not be delivered at once is retried every minute while SMTP is configured
  const smtp = opts.config ? opts.config.smtp : smtpConfigFromEnv();
  const stopMail = smtp ? startOutboxWorker(store.db, smtp) : () => {};
  // uploads waiting for their import expire after an hour of no use; every process sweeps them
  const stopSweep = startUploadSweeper(store.db);
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  tuneHttpServer(server);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    store,
    async close() {
      stopMail();
      stopSweep();
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
    },
  };
}
