/**
 * Open data for everyone: GET /api/public/m/:code/opendata/catalog.json and /opendata/<resource>.<csv|json>,
 * without a session (authenticate lets GET /api/public/ through) and with the same bytes as the staff
 * routes, except that the catalogue's links point here. What is published is public by rule
 * (domain/opendata.ts: plans, closed rounds, accepted answers, KPIs, fiscal tables), so no policy is asked.
 *
 * Other sites' scripts may read these GETs (CORS *, nothing else of the API has CORS); caches may keep
 * them 5 minutes and revalidate with the ETag (a digest of the bytes).
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { describeRoute } from '../../../shared/http/openapi.js';
import { loadTenant } from '../../../shared/http/tenant.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { RESOURCE_IDS } from '../domain/opendata.js';
import { openDataFile } from './openData.js';

/** Where these routes are mounted (under /api). */
export const PUBLIC_OPEN_DATA_MOUNT = '/public/m/:code';

const TAG = '公開オープンデータ（サインイン不要）';

// revalidated on every visit (a 304 costs little): a withdrawal or a correction reaches a returning visitor at once
export const PUBLIC_CACHE_CONTROL = 'public, no-cache';

/** A strong validator of exactly these bytes (the catalogue's links are built from configuration, never from the request). */
export const etagOf = (body: string): string => `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

/** If-None-Match names this ETag (or any, with *); weak comparison, as RFC 9110 asks for GET. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export function publicOpenDataRoutes() {
  const r = new Hono<AppEnv>();
  // set after the handler, so the Japanese 404 of an unknown code is readable cross-origin too;
  // an error is not kept by caches (an unknown code may be registered the next minute)
  r.use('*', async (c, next) => {
    await next();
    c.res.headers.set('access-control-allow-origin', '*');
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  });
  r.use('*', loadTenant);

  describeRoute({
    method: 'get',
    path: `/api${PUBLIC_OPEN_DATA_MOUNT}/opendata/catalog.json`,
    summary: 'オープンデータのカタログ（サインイン不要、CORS *）。職員用と同じ内容で、downloadURL はこの公開 API を指す',
    tag: TAG,
    response: 'OpenDataCatalogDto',
  });
  describeRoute({
    method: 'get',
    path: `/api${PUBLIC_OPEN_DATA_MOUNT}/opendata/:file`,
    summary: `オープンデータ（サインイン不要、CORS *。:file = <resource>.csv | <resource>.json、resource は ${RESOURCE_IDS.join(' / ')}）。職員用の URL と同じバイト列。Cache-Control: ${PUBLIC_CACHE_CONTROL}、ETag（If-None-Match に 304）`,
    tag: TAG,
  });
  r.get('/opendata/:file', async (c) => {
    const { body, headers } = await openDataFile(c, c.req.param('file'), 'public');
    const etag = etagOf(body);
    const caching = { 'cache-control': PUBLIC_CACHE_CONTROL, etag };
    if (matchesIfNoneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304, caching);
    return c.body(body, 200, { ...headers, ...caching });
  });

  return r;
}
