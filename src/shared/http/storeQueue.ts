/**
 * A bounded line in front of the embedded store. PGlite is one connection: every statement waits for
 * the one before, so under many clients at once requests used to pile up until they timed out at 30 s
 * (4–12 % of them with 200 clients). Here at most PGLITE_ACTIVE requests are handled at a time; the next
 * `maxWaiting` wait in order for at most `maxWaitMs`; anything beyond is answered 503 at once, with
 * Retry-After and a Japanese message, so a client learns within seconds to try again rather than hang.
 * Probes and static files do not queue (they do not touch the database, or must answer to say so).
 * Used only with PGlite: PostgreSQL has a pool of connections and served the same load without errors.
 */
import { STORE_BUSY_MESSAGE } from '../../db/availability.js';
import { log } from '../log.js';
import { errorPageHtml, isPagePath } from './htmlError.js';

/** Requests handled at once: enough to overlap their non-database work, few enough to keep each quick. */
export const PGLITE_ACTIVE = 8;
export const PGLITE_MAX_WAIT_MS = 10_000;
export const STORE_BUSY_RETRY_AFTER_SECONDS = 5;

export interface StoreQueueOptions {
  /** requests that may wait for a free place (GYOKAKU_PGLITE_QUEUE) */
  maxWaiting: number;
  maxWaitMs?: number;
  active?: number;
}

/** Paths that never wait: the probes and the UI's files. */
const EXEMPT = /^\/(api\/health|api\/ready|assets\/|favicon\.svg$)/;

function busy(path: string): Response {
  if (isPagePath(path))
    return new Response(errorPageHtml('ただいま混み合っています', `${STORE_BUSY_MESSAGE}`), {
      status: 503,
      headers: { 'content-type': 'text/html; charset=UTF-8', 'retry-after': String(STORE_BUSY_RETRY_AFTER_SECONDS), 'cache-control': 'no-store' },
    });
  return new Response(JSON.stringify({ error: { code: 'store_busy', message: STORE_BUSY_MESSAGE } }), {
    status: 503,
    headers: { 'content-type': 'application/json; charset=UTF-8', 'retry-after': String(STORE_BUSY_RETRY_AFTER_SECONDS), 'cache-control': 'no-store' },
  });
}

export function storeQueue<E>(fetch: (req: Request, env: E) => Response | Promise<Response>, opts: StoreQueueOptions) {
  const active = opts.active ?? PGLITE_ACTIVE;
  const maxWaitMs = opts.maxWaitMs ?? PGLITE_MAX_WAIT_MS;
  let running = 0;
  const line: { go: () => void; timer: NodeJS.Timeout }[] = [];
  let refused = 0;
  let lastReport = 0;
  const refuse = (why: 'full' | 'timeout', path: string) => {
    refused++;
    // one line per 10 s at most: under overload every request would log
    if (Date.now() - lastReport > 10_000) {
      log.warn({ refused, waiting: line.length, active: running, why }, '組み込みDBの処理待ちがあふれたため、要求を503で断りました（利用者が多い場合は PostgreSQL への移行を検討してください）');
      lastReport = Date.now();
      refused = 0;
    }
    return busy(path);
  };
  const release = () => {
    running--;
    const next = line.shift();
    if (next) {
      clearTimeout(next.timer);
      running++;
      next.go();
    }
  };
  const handler = async (req: Request, env: E): Promise<Response> => {
    const path = new URL(req.url).pathname;
    if (EXEMPT.test(path)) return fetch(req, env);
    if (running >= active) {
      if (line.length >= opts.maxWaiting) return refuse('full', path);
      const admitted = await new Promise<boolean>((resolve) => {
        const entry = {
          go: () => resolve(true),
          timer: setTimeout(() => {
            const i = line.indexOf(entry);
            if (i >= 0) line.splice(i, 1);
            resolve(false);
          }, maxWaitMs),
        };
        line.push(entry);
      });
      if (!admitted) return refuse('timeout', path);
    } else {
      running++;
    }
    try {
      // PGlite runs each statement synchronously (WebAssembly on this thread) and a request's statements
      // follow one another in microtasks, so without this a request ran to its end before the next one
      // was even read: the rest waited unseen in the sockets, where no bound applies. Yielding once lets
      // every request that has arrived be counted here first — into the bounded line, or refused.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return await fetch(req, env);
    } finally {
      release();
    }
  };
  return Object.assign(handler, { stats: () => ({ active: running, waiting: line.length }) });
}
