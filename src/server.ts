import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { openStore, type Store } from './db/client.js';
import { loadDemoIfEmpty } from './modules/demo/commands/loadDemo.js';
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
  const smtp = smtpConfigFromEnv();
  const stopMail = smtp ? startOutboxWorker(store.db, smtp) : () => {};
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    store,
    async close() {
      stopMail();
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
    },
  };
}
