/**
 * The citizens' pages, kept as rendered. What a page shows changes only when something is published,
 * corrected or withdrawn (publications), when the plan, its organisation or a meeting changes (every such
 * write goes through a command that records an audit row), or when the day changes (evaluations against
 * a target year). One cheap statement per request reads that stamp; a page rendered under the same stamp
 * is answered from memory (with its ETag, 304 on a match), so a page costs about one index lookup
 * instead of loading and laying out snapshots.
 *
 * Two transactions that overlap can commit audit rows out of time order, which the latest-time stamp
 * would not see; entries are therefore also kept at most PAGE_CACHE_TTL_MS. Withdrawals and new
 * publications change the stamp's counts, so they are seen at once. Search answers are not kept (any
 * query is a new page).
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { sql } from 'drizzle-orm';
import type { AppEnv } from '../../../shared/http/types.js';
import { todayInTokyo } from '../../fiscal/domain/index.js';
import { matchesIfNoneMatch } from './publicRoutes.js';

export const PAGE_CACHE_TTL_MS = 60_000;
const MAX_ENTRIES = 500;
const MAX_BYTES = 64 * 1024 * 1024;

/** The site's pages (not its files, not search, not the staff UI beside them). */
const CACHED = /^\/m\/\d{6}\/(?:public(?:\/(?!search(?:\/|$))[^?]*)?|progress(?:\/[0-9a-f-]{36})?|council|open-data(?:\/schema)?)$/i;

interface Entry {
  body: string;
  headers: [string, string][];
  etag: string | null;
  at: number;
}

const entries = new Map<string, Entry>();
let bytes = 0;

function remember(key: string, e: Entry) {
  const old = entries.get(key);
  if (old) bytes -= old.body.length * 2;
  entries.set(key, e);
  bytes += e.body.length * 2;
  // oldest first out
  while (entries.size > MAX_ENTRIES || bytes > MAX_BYTES) {
    const [k, v] = entries.entries().next().value!;
    entries.delete(k);
    bytes -= v.body.length * 2;
  }
}

/** For tests: forget every page. */
export function clearPageCache() {
  entries.clear();
  bytes = 0;
}

async function stampOf(c: Parameters<MiddlewareHandler<AppEnv>>[0], code: string): Promise<string | null> {
  const res = await c.get('store').db.execute(sql`
    select m.id::text || '|' || m.name
      || '|' || coalesce((select count(*)::text || ':' || count(*) filter (where p.state = 'published')::text || ':' || coalesce(max(p.withdrawn_at)::text, '')
                          from publications p where p.municipality_id = m.id), '')
      || '|' || coalesce((select max(a.at)::text from audit_log a where a.municipality_id = m.id), '')
      || '|' || coalesce((select max(mt.published_at)::text || ':' || count(*)::text from meetings mt where mt.municipality_id = m.id and mt.published_at is not null), '') as stamp
    from municipalities m where m.code = ${code}`);
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { stamp: string }[];
  return rows[0]?.stamp ?? null;
}

export function pageCache(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET' || !CACHED.test(c.req.path)) return next();
    const code = c.req.path.split('/')[2]!;
    const stamp = await stampOf(c, code);
    if (stamp === null) return next();
    const key = createHash('sha256').update(`${c.req.url}\u0000${stamp}\u0000${todayInTokyo()}`).digest('base64url');
    const hit = entries.get(key);
    if (hit && Date.now() - hit.at < PAGE_CACHE_TTL_MS) {
      // most recently used last
      entries.delete(key);
      entries.set(key, hit);
      const headers = new Headers(hit.headers);
      if (hit.etag && matchesIfNoneMatch(c.req.header('if-none-match'), hit.etag)) return c.body(null, 304, Object.fromEntries(headers));
      return new Response(hit.body, { status: 200, headers });
    }
    await next();
    const type = c.res.headers.get('content-type') ?? '';
    if (c.res.status !== 200 || !type.includes('text/html')) return;
    const body = await c.res.clone().text();
    remember(key, { body, headers: [...c.res.headers.entries()], etag: c.res.headers.get('etag'), at: Date.now() });
  };
}
