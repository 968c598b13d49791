/**
 * The open-data files of the municipality in context (catalogue, CSV and JSON per resource), shared by
 * the staff routes (/api/m/:code/opendata, routes.ts) and the public ones (/api/public/m/:code/opendata,
 * publicRoutes.ts) so both serve the same bytes. Access rules and caching stay with each route.
 */
import type { Context } from 'hono';
import type { OpenDataCatalogDto } from '../../../shared/api-types-publish.js';
import { notFound } from '../../../shared/errors.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { scopeOf } from '../../../shared/http/tenant.js';
import { contentDisposition } from '../../jobs/domain/files.js';
import { buildCatalog, resourceDocument, resourceFileName } from '../domain/catalog.js';
import { FORMATS, MEDIA_TYPES, RESOURCE_IDS, RESOURCES, type OpenDataFormat, type ResourceId } from '../domain/opendata.js';
import { toCsv } from '../opendata/csv.js';
import { loadOpenData } from '../queries/opendata.js';
import { publicLink } from '../../../shared/http/publicUrl.js';

/** Where the catalogue's links point: the staff API or the public one. */
export type OpenDataAudience = 'staff' | 'public';

/** Path of the tenant's open-data folder (no trailing slash). */
export function openDataPath(audience: OpenDataAudience, code: string): string {
  return audience === 'public' ? `/api/public/m/${code}/opendata` : `/api/m/${code}/opendata`;
}

/** Path of the citizens' page that defines every field (publicSite.tsx): the catalogue's `documentation`. */
export const schemaPagePath = (code: string): string => `/m/${code}/open-data/schema`;

/**
 * URL of the folder: absolute on the configured public base (GYOKAKU_PUBLIC_URL), since harvesters
 * follow the catalogue's links from anywhere; relative without one. Never the request's Host: the
 * catalogue is cached publicly, so a forged Host would be served to everyone.
 */
export function openDataBase(c: Context<AppEnv>, audience: OpenDataAudience): string {
  return publicLink(c.get('publicUrl'), openDataPath(audience, c.get('municipality').code));
}

const publisherOf = (c: Context<AppEnv>) => {
  const m = c.get('municipality');
  return { lgCode: m.code, name: m.name, prefecture: m.prefecture };
};

/** The catalogue, every resource built for its row count and date. */
export async function loadCatalog(c: Context<AppEnv>, baseUrl: string): Promise<OpenDataCatalogDto> {
  const m = c.get('municipality');
  const set = await loadOpenData(scopeOf(c), { code: m.code, name: m.name });
  const stats = Object.fromEntries(RESOURCE_IDS.map((id) => [id, { modified: set.modified[id], count: set.records[id].length }])) as Record<
    ResourceId,
    { modified: string | null; count: number }
  >;
  const documentationUrl = publicLink(c.get('publicUrl'), schemaPagePath(m.code));
  return buildCatalog({ publisher: publisherOf(c), baseUrl, documentationUrl, stats });
}

/** One file as served: its text and headers (without Cache-Control, which depends on the route). */
export interface OpenDataFile {
  body: string;
  headers: Record<string, string>;
}

const FILE_RE = new RegExp(`^(${RESOURCE_IDS.join('|')})\\.(${FORMATS.join('|')})$`);

/** `catalog.json` or `<resource>.<csv|json>`; anything else is 404. */
export async function openDataFile(c: Context<AppEnv>, file: string, audience: OpenDataAudience): Promise<OpenDataFile> {
  if (file === 'catalog.json') {
    return { body: JSON.stringify(await loadCatalog(c, openDataBase(c, audience))), headers: { 'content-type': MEDIA_TYPES.json } };
  }
  const match = FILE_RE.exec(file);
  if (!match) throw notFound('オープンデータのファイル');
  const resource = match[1] as ResourceId;
  const format = match[2] as OpenDataFormat;
  const def = RESOURCES[resource];
  const m = c.get('municipality');
  const set = await loadOpenData(scopeOf(c), { code: m.code, name: m.name }, resource);
  const name = resourceFileName(m.code, resource, format);
  // shown in the browser, saved under the file name
  const disposition = contentDisposition('inline', name, name);
  if (format === 'csv') {
    return { body: toCsv(def, set.records[resource]), headers: { 'content-type': `${MEDIA_TYPES.csv}; header=present`, 'content-disposition': disposition } };
  }
  return {
    body: JSON.stringify(resourceDocument(def, publisherOf(c), set.modified[resource], set.records[resource])),
    headers: { 'content-type': MEDIA_TYPES.json, 'content-disposition': disposition },
  };
}
