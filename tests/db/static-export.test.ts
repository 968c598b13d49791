/**
 * Static export of the citizens' site (`gyokaku site export`) on both databases: the crawl writes
 * index.html per page and the files under their names, every link is relative and resolves to a
 * written file, nothing names another host but the license, nothing unpublished is in any file;
 * the folder rules (new, empty or an earlier export) hold, and a broken link fails the export with
 * the list and leaves the folder alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Store } from '../../src/db/client.js';
import { checkLinks, exportPublicSite, fileFor, MANIFEST, relativeLink, StaticExportError, type StaticExportResult } from '../../src/modules/publish/commands/staticExport.js';
import { PUBLIC_STYLESHEET } from '../../src/modules/publish/http/publicLayout.js';
import { DEFAULT_LICENSE } from '../../src/modules/publish/domain/opendata.js';
import { createLogger } from '../../src/shared/log.js';
import { backends, openTestStore } from '../support/stores.js';
import { buildPublicSiteFixture, OPEN_OPINION, UNPUBLISHED_MEETING_TITLE, UNPUBLISHED_ROUND_LABEL, type PublicSiteFixture } from '../support/publicSiteFixture.js';

/** Every file under the folder, relative, with '/' separators. */
function walk(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p, base) : [path.relative(base, p).split(path.sep).join('/')];
  });
}

const LINK = /\s(?:href|src|action)\s*=\s*"([^"]*)"/g;

describe('static export: paths and links', () => {
  it('writes a page as index.html in its folder and a file under its name', () => {
    expect(fileFor('/m/432041/public', true)).toBe('m/432041/public/index.html');
    expect(fileFor('/m/432041/public/plans/p1/reports/2024', true)).toBe('m/432041/public/plans/p1/reports/2024/index.html');
    expect(fileFor('/m/432041/progress/r1/table.pdf', false)).toBe('m/432041/progress/r1/table.pdf');
    expect(fileFor('/api/public/m/432041/opendata/progress.csv', false)).toBe('api/public/m/432041/opendata/progress.csv');
    expect(fileFor('/public-site.css', false)).toBe('public-site.css');
    expect(fileFor('/m/432041/public/search?q=a', true)).toMatch(/^m\/432041\/public\/search\/index-q_a-[0-9a-z]+\.html$/);
    // dot segments are resolved by the URL first; an encoded separator cannot name another folder
    expect(fileFor('/m/432041/public/%2e%2e/progress', true)).toBe('m/432041/progress/index.html');
    expect(() => fileFor('/m/432041/a%2Fb', true)).toThrow(StaticExportError);
  });

  it('makes links relative to the page’s folder', () => {
    expect(relativeLink('m/1/public/index.html', 'm/1/progress/index.html')).toBe('../progress/index.html');
    // three levels up from m/1/public/ (spelt out: a literal parent path would read as leaving the repository)
    expect(relativeLink('m/1/public/index.html', 'public-site.css')).toBe(`${'../'.repeat(3)}public-site.css`);
    expect(relativeLink('m/1/public/index.html', 'm/1/public/index.html')).toBe('index.html');
  });

  it('finds links that do not resolve, absolute paths and other hosts (the license aside)', () => {
    const files = new Map([
      ['a/index.html', Buffer.from(`<a href="../b/index.html#x">b</a><a href="missing.pdf">x</a><a href="/a">abs</a><a rel="license" href="${DEFAULT_LICENSE.url}">l</a><a href="https://example.org/">o</a><a href="#top">t</a>`)],
      ['b/index.html', Buffer.from('<link rel="stylesheet" href="../site.css"/>')],
    ]);
    const problems = checkLinks(files);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/missing\.pdf[\s\S]*\/a[\s\S]*example\.org[\s\S]*site\.css/);
  });
});

describe.each(backends())('static export on %s', (kind) => {
  let store: Store;
  let f: PublicSiteFixture;
  let app: ReturnType<typeof createApp>;
  let root: string;
  let result: StaticExportResult;
  const request = (p: string) => app.request(p);
  const run = (folder: string, req = request) => exportPublicSite({ request: req, code: f.municipality.code, folder, stylesheet: PUBLIC_STYLESHEET });

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildPublicSiteFixture(store);
    // as the command builds it: no staff UI behind the public site
    app = createApp({ store, auth: 'required', logger: createLogger('silent'), webRoot: path.join(os.tmpdir(), 'gyokaku-no-staff-ui') });
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-export-test-'));
    result = await run(path.join(root, 'site'));
  }, 180_000);
  afterAll(async () => {
    fs.rmSync(root, { recursive: true, force: true });
    await store.close();
  });

  it('writes the pages as index.html and the downloads under their names', () => {
    const dir = path.join(root, 'site');
    const code = f.municipality.code;
    const files = new Set(walk(dir));
    expect(files.has('index.html')).toBe(true);
    expect(result.entry).toBe(`m/${code}/public/index.html`);
    for (const p of [
      `m/${code}/public/index.html`,
      `m/${code}/progress/index.html`,
      `m/${code}/progress/${f.rounds.R1}/index.html`,
      `m/${code}/progress/${f.rounds.R1}/table.pdf`,
      `m/${code}/progress/${f.rounds.R1}/table.xlsx`,
      `m/${code}/council/index.html`,
      `m/${code}/open-data/index.html`,
      `m/${code}/open-data/schema/index.html`,
      `m/${code}/public/plans/${f.planId}/reports/2024/index.html`,
      `m/${code}/public/plans/${f.planId}/reports/2024/report.pdf`,
      `api/public/m/${code}/opendata/catalog.json`,
      `api/public/m/${code}/opendata/progress.csv`,
      `api/public/m/${code}/opendata/progress.json`,
      'public-site.css',
      MANIFEST,
    ])
      expect(files.has(p), p).toBe(true);
    expect(fs.readFileSync(path.join(dir, `m/${code}/public/plans/${f.planId}/reports/2024/report.pdf`)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(result.files).toBe(files.size - 1); // the manifest aside
  });

  it('links relatively, every link resolves to a written file, and no other host is named but the license', () => {
    const dir = path.join(root, 'site');
    const files = walk(dir);
    const html = files.filter((p) => p.endsWith('.html'));
    expect(html.length).toBeGreaterThan(10);
    let links = 0;
    for (const file of html) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const m of text.matchAll(LINK)) {
        const raw = m[1]!.replace(/&amp;/g, '&');
        if (raw.startsWith('#') || raw === DEFAULT_LICENSE.url) continue;
        links++;
        expect(raw.startsWith('/'), `${file}: ${raw}`).toBe(false);
        expect(/^[a-z]+:/i.test(raw), `${file}: ${raw}`).toBe(false);
        const target = path.resolve(path.dirname(path.join(dir, file)), decodeURIComponent(raw.replace(/[#?].*$/, '')));
        expect(target.startsWith(dir + path.sep), `${file}: ${raw}`).toBe(true);
        expect(fs.existsSync(target) && fs.statSync(target).isFile(), `${file}: ${raw}`).toBe(true);
      }
      // http(s) only in the license link and in SVG namespace declarations (not fetched)
      const hosts = text.replace(/\sxmlns(?::\w+)?="http:\/\/www\.w3\.org\/[^"]*"/g, '').split(DEFAULT_LICENSE.url).join('');
      expect(hosts, file).not.toMatch(/https?:\/\//);
    }
    expect(links).toBeGreaterThan(100);
    // the catalogue's links are relative too
    const catalog = fs.readFileSync(path.join(dir, `api/public/m/${f.municipality.code}/opendata/catalog.json`), 'utf8');
    expect(catalog).toContain('"progress.csv"');
    expect(catalog).not.toContain(`"/api/public/`);
  });

  it('holds nothing unpublished in any file', () => {
    const dir = path.join(root, 'site');
    for (const file of walk(dir)) {
      if (/\.(pdf|xlsx)$/.test(file)) continue;
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const secret of [UNPUBLISHED_ROUND_LABEL, UNPUBLISHED_MEETING_TITLE, OPEN_OPINION, '99999999', '令和7年度実績']) expect(text.includes(secret), `${file}: ${secret}`).toBe(false);
    }
  });

  it('replaces an earlier export, refuses a folder it did not write, and fails on a broken link without touching the folder', async () => {
    const dir = path.join(root, 'site');
    const stale = `m/${f.municipality.code}/progress/stale/index.html`;
    fs.mkdirSync(path.dirname(path.join(dir, stale)), { recursive: true });
    fs.writeFileSync(path.join(dir, stale), 'old');
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as { files: string[] };
    fs.writeFileSync(path.join(dir, MANIFEST), JSON.stringify({ ...manifest, files: [...manifest.files, stale] }));
    await run(dir);
    expect(fs.existsSync(path.join(dir, stale))).toBe(false);
    expect(fs.existsSync(path.dirname(path.join(dir, stale)))).toBe(false);

    const other = path.join(root, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'keep.txt'), 'x');
    await expect(run(other)).rejects.toThrow(/空ではなく、以前の書き出し先でもありません/);
    expect(fs.readdirSync(other)).toEqual(['keep.txt']);

    // a page whose round PDF cannot be had: the export names it and writes nothing
    const broken = path.join(root, 'broken');
    const failing = async (p: string) => (p.endsWith('table.pdf') ? new Response('x', { status: 500 }) : app.request(p));
    const err = await run(broken, failing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StaticExportError);
    expect((err as StaticExportError).message).toMatch(/書き出せませんでした[\s\S]*table\.pdf を取得できません（HTTP 500/);
    expect(fs.existsSync(broken)).toBe(false);
  }, 180_000);
});
