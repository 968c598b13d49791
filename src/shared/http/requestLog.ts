/**
 * One JSON log line per request, written when the response is ready: request id, method, the
 * matched route pattern (not the raw path, so ids and query strings never reach the log), status,
 * duration, municipality code and actor. Only these chosen fields are written: no header, cookie,
 * query string or body ever reaches the log. A 5xx line carries the error with its stack, sanitized
 * (shared/logSanitize.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from '../log.js';
import { sanitizeError } from '../logSanitize.js';
import type { AppEnv } from './types.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';

// what proxies and load balancers send (UUIDs, hex, base64url ids): anything else is replaced, so a
// client cannot write arbitrary text into the log or the response header
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The incoming id when it is sane, otherwise a new one. */
export function requestIdOf(incoming: string | undefined): string {
  return incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

// /api/m/:code/…, /api/public/m/:code/… and the citizens' pages /m/:code/…: 団体コード are 6 digits
const MUNICIPALITY_IN_PATH = /^(?:\/api(?:\/public)?)?\/m\/(\d{6})(?:\/|$)/;

export interface RequestLogOptions {
  logger: Logger;
  /** the signed-in actor's id, or undefined (e.g. before sign-in) */
  actorOf?: (c: Context<AppEnv>) => string | undefined;
}

export function requestLog(opts: RequestLogOptions): MiddlewareHandler<AppEnv> {
  const { logger, actorOf } = opts;
  return async (c, next) => {
    const started = performance.now();
    const id = requestIdOf(c.req.header(REQUEST_ID_HEADER));
    c.set('requestId', id);
    let thrown: unknown;
    try {
      await next();
    } catch (err) {
      // app.onError answers everything an app throws; this is only for errors past it
      thrown = err;
    }
    const status = thrown === undefined ? c.res.status : 500;
    if (thrown === undefined) setResponseHeader(c, REQUEST_ID_HEADER, id);
    const line: Record<string, unknown> = {
      reqId: id,
      method: c.req.method,
      // after next() the route index points at the handler that answered (or the middleware that did)
      route: routePath(c) || '(none)',
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    };
    const municipality = MUNICIPALITY_IN_PATH.exec(c.req.path)?.[1];
    if (municipality) line.municipality = municipality;
    let actor: string | undefined;
    try {
      actor = actorOf?.(c);
    } catch {
      actor = undefined;
    }
    if (actor) line.actor = actor;
    const msg = `${c.req.method} ${line.route as string} ${status}`;
    // sanitized here too, whatever logger was passed in: no statement parameters or row values
    if (status >= 500) logger.error({ ...line, err: sanitizeError(thrown ?? c.error) }, msg);
    else logger.info(line, msg);
    if (thrown !== undefined) throw thrown;
  };
}

/** Sets a header on the response, copying it first when its headers are read-only (e.g. a fetched Response). */
export function setResponseHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(name, value);
  }
}
