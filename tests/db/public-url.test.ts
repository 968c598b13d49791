/**
 * Public documents never carry the request's Host: the open-data catalogue (cached publicly, so a
 * forged Host would be served to everyone) links on GYOKAKU_PUBLIC_URL when it is configured, and by
 * path when not; the citizens' pages link by path. On both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Store } from '../../src/db/client.js';
import type { OpenDataCatalogDto } from '../../src/shared/api-types-publish.js';
import { buildSmallPlan, type SmallPlan } from '../support/fixtures.js';
import { backends, openTestStore } from '../support/stores.js';

const PUBLIC = 'https://gyokaku.city.example.lg.jp';
const EVIL = 'evil.example';

/** Every URL-valued string of the catalogue. */
const urlsOf = (c: OpenDataCatalogDto): string[] => [c.catalogURL, c.documentation, ...c.datasets.flatMap((d) => d.distributions.map((x) => x.downloadURL))];

describe.each(backends())('public base URL on %s', (kind) => {
  let store: Store;
  let f: SmallPlan;

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildSmallPlan(store, '公開URL市');
  });
  afterAll(() => store.close());

  // the Host of a request made with app.request is the URL's host; X-Forwarded-Host as a proxy would send it
  const get = (app: ReturnType<typeof createApp>, path: string) =>
    app.request(`http://${EVIL}${path}`, { headers: { 'x-forwarded-host': `fwd.${EVIL}`, 'x-forwarded-proto': 'https' } });

  it('links the public and staff catalogues on GYOKAKU_PUBLIC_URL, whatever Host the request names', async () => {
    const app = createApp({ store, auth: 'required', publicUrl: PUBLIC });
    const staff = createApp({ store, publicUrl: PUBLIC });
    for (const [a, path, folder] of [
      [app, `/api/public/m/${f.municipality.code}/opendata/catalog.json`, `/api/public/m/${f.municipality.code}/opendata/`],
      [staff, `/api/m/${f.municipality.code}/opendata/catalog.json`, `/api/m/${f.municipality.code}/opendata/`],
    ] as const) {
      const res = await get(a, path);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain(EVIL);
      const c = JSON.parse(text) as OpenDataCatalogDto;
      for (const u of urlsOf(c)) expect(u.startsWith(`${PUBLIC}/`), u).toBe(true);
      expect(c.catalogURL).toBe(`${PUBLIC}${folder}catalog.json`);
      expect(c.documentation).toBe(`${PUBLIC}/m/${f.municipality.code}/open-data/schema`);
    }
  });

  it('links by path when no public URL is configured, and two Hosts get the same bytes and ETag', async () => {
    const app = createApp({ store, auth: 'required' });
    const path = `/api/public/m/${f.municipality.code}/opendata/catalog.json`;
    const a = await get(app, path);
    const b = await app.request(`http://other.example${path}`);
    const text = await a.text();
    expect(text).not.toContain(EVIL);
    expect(text).toBe(await b.text());
    expect(a.headers.get('etag')).toBe(b.headers.get('etag'));
    expect(a.headers.get('cache-control')).toContain('public');
    for (const u of urlsOf(JSON.parse(text) as OpenDataCatalogDto)) expect(u.startsWith('/'), u).toBe(true);
  });

  it('serves the citizens’ pages (publicly cached) without the request’s Host in them', async () => {
    for (const publicUrl of [undefined, PUBLIC]) {
      const app = createApp({ store, auth: 'required', publicUrl });
      for (const path of [`/m/${f.municipality.code}/open-data`, `/m/${f.municipality.code}/open-data/schema`, `/m/${f.municipality.code}/progress`, `/m/${f.municipality.code}/council`]) {
        const res = await get(app, path);
        expect(res.status, path).toBe(200);
        const html = await res.text();
        expect(html, path).not.toContain(EVIL);
        expect(html).not.toContain('base.invalid');
      }
    }
  });
});
