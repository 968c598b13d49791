/**
 * Static export of a municipality's citizens' site (`gyokaku site export`): the pages and files as
 * the server answers them, crawled in-process through the app (no network), written as plain files
 * that any web server or a CMS can serve.
 *
 * - The crawl starts at the site's home (publicPaths.home) and follows same-site links within the
 *   municipality's public paths (/m/:code/public…, /progress…, /council, /open-data…), the
 *   stylesheet and the downloads (PDF, xlsx, and CSV / JSON under /api/public/m/:code/opendata/).
 * - A page is written as <path>/index.html, a file under its own name; every absolute path in
 *   href / src / action (and the catalogue's links) is rewritten relative, pointing at index.html,
 *   so the copy works from any folder, on any server, or opened from disk.
 * - Then every link of every written page is checked to resolve to a written file, and nothing may
 *   point to another host but the license. Any problem fails the export with the list (Japanese),
 *   and the folder is left as it was: files are written to a temporary folder first.
 * - The folder must be new, empty, or an earlier export (its list of files, .gyokaku-site.json, says
 *   what to replace); files of the earlier export that are gone are removed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { publicPaths } from '../http/publicPaths.js';

/** What the crawl asks: the app's request(), in-process. */
export type SiteRequest = (path: string) => Response | Promise<Response>;

export interface StaticExportOptions {
  request: SiteRequest;
  /** 団体コード */
  code: string;
  folder: string;
  /** the stylesheet's path (publicLayout.PUBLIC_STYLESHEET) */
  stylesheet: string;
  /** called after each fetched address (progress for the command line) */
  onFetched?: (done: number, queued: number) => void;
}

export interface StaticExportResult {
  folder: string;
  /** the site's first page, relative to the folder */
  entry: string;
  pages: number;
  files: number;
  bytes: number;
}

/** The export could not be made as asked; `problems` lists each (Japanese). Nothing was written to the folder. */
export class StaticExportError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}\n${problems.slice(0, MAX_LISTED).map((p) => `  - ${p}`).join('\n')}${problems.length > MAX_LISTED ? `\n  …ほか${problems.length - MAX_LISTED}件` : ''}` : message);
    this.name = 'StaticExportError';
  }
}

export const MANIFEST = '.gyokaku-site.json';
const MAX_LISTED = 50;
/** A site larger than this is a crawl gone wrong (a link pattern that never ends), not a site. */
const MAX_ADDRESSES = 20_000;
const CONCURRENCY = 2;
const ORIGIN = 'http://site.invalid';

const LINK_ATTR = /(\s(?:href|src|action)\s*=\s*)"([^"]*)"/gi;

const decodeEntities = (s: string) => s.replace(/&(amp|quot|#39|lt|gt);/g, (_, e: string) => ({ amp: '&', quot: '"', '#39': "'", lt: '<', gt: '>' })[e]!);
const encodeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** The municipality's public addresses: what the crawl may follow. */
export function inScope(pathname: string, code: string, stylesheet: string): boolean {
  if (pathname === stylesheet) return true;
  const c = encodeURIComponent(code);
  const pages = [`/m/${c}/public`, `/m/${c}/progress`, `/m/${c}/council`, `/m/${c}/open-data`];
  if (pages.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return true;
  return pathname.startsWith(`/api/public/m/${c}/opendata/`);
}

/** Where a fetched address is written, relative to the folder: pages as <path>/index.html, files under their name. */
export function fileFor(address: string, isHtml: boolean): string {
  const url = new URL(address, ORIGIN);
  const segments = url.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => {
      const d = decodeURIComponent(s);
      // never outside the folder, never a name a file system refuses
      if (d === '.' || d === '..' || /[\\/\u0000-\u001f<>:"|?*]/.test(d)) throw new StaticExportError(`書き出せないアドレスです: ${address}`);
      return d;
    });
  if (!isHtml) {
    if (!segments.length) throw new StaticExportError(`書き出せないアドレスです: ${address}`);
    return segments.join('/');
  }
  // a page asked with a query (?q=…) gets its own file beside the page's index.html
  const query = url.search.slice(1);
  const name = query ? `index-${query.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 80)}-${hash(query)}.html` : 'index.html';
  return [...segments, name].join('/');
}

function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

/** `to` relative to the folder of `fromFile` (both relative to the export root), in URL form. */
export function relativeLink(fromFile: string, toFile: string): string {
  const rel = path.posix.relative(path.posix.dirname(fromFile), toFile);
  return rel.split('/').map(encodeURIComponent).join('/') || encodeURIComponent(path.posix.basename(toFile));
}

interface Fetched {
  address: string;
  file: string;
  isHtml: boolean;
  type: string;
  body: Buffer;
}

type LinkKind = 'internal' | 'fragment' | 'external' | 'other';

interface Link {
  raw: string;
  kind: LinkKind;
  /** internal: the address (path + query), without the fragment */
  address?: string;
  fragment?: string;
}

function classify(raw: string, code: string, stylesheet: string): Link {
  const value = raw.trim();
  if (!value || value.startsWith('#')) return { raw, kind: 'fragment' };
  if (/^(mailto|tel):/i.test(value)) return { raw, kind: 'other' };
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//')) return { raw, kind: 'external' };
  if (!value.startsWith('/')) return { raw, kind: 'other' };
  const url = new URL(value, ORIGIN);
  const address = `${url.pathname}${url.search}`;
  return inScope(url.pathname, code, stylesheet) ? { raw, kind: 'internal', address, fragment: url.hash } : { raw, kind: 'external', address };
}

/** rel="license" links (the only ones that may leave the site). */
function licenseUrls(html: string): Set<string> {
  const out = new Set<string>();
  for (const tag of html.match(/<a\b[^>]*>/gi) ?? []) {
    if (!/\srel\s*=\s*"[^"]*\blicense\b[^"]*"/i.test(tag)) continue;
    const href = /\shref\s*=\s*"([^"]*)"/i.exec(tag)?.[1];
    if (href) out.add(decodeEntities(href));
  }
  return out;
}

/** Strings of a JSON document that are addresses of the site (the catalogue's downloadURL, documentation…). */
function jsonAddresses(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.startsWith('/')) out.push(value);
  } else if (Array.isArray(value)) value.forEach((v) => jsonAddresses(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => jsonAddresses(v, out));
  return out;
}

function rewriteJson(value: unknown, rewrite: (s: string) => string): unknown {
  if (typeof value === 'string') return value.startsWith('/') ? rewrite(value) : value;
  if (Array.isArray(value)) return value.map((v) => rewriteJson(v, rewrite));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteJson(v, rewrite)]));
  return value;
}

const isJson = (f: Fetched) => /^application\/json\b/.test(f.type);

/** Crawls the site: every address reached from the home page, with the problems met on the way. */
async function crawl(opts: StaticExportOptions): Promise<{ fetched: Map<string, Fetched>; problems: string[] }> {
  const { code, stylesheet } = opts;
  const home = publicPaths.home(code);
  const fetched = new Map<string, Fetched>();
  const problems: string[] = [];
  const referrers = new Map<string, string>();
  const queue: string[] = [home];
  const seen = new Set(queue);
  const enqueue = (address: string, from: string) => {
    if (seen.has(address)) return;
    if (seen.size >= MAX_ADDRESSES) throw new StaticExportError(`公開サイトのアドレスが${MAX_ADDRESSES.toLocaleString('ja-JP')}件を超えました。リンクが際限なく続いていないか確かめてください（最後に見つけたもの: ${address}）。`);
    seen.add(address);
    referrers.set(address, from);
    queue.push(address);
  };

  const visit = async (address: string) => {
    const res = await opts.request(address);
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) {
      const from = referrers.get(address);
      problems.push(address === home ? `公開サイトのトップページ ${home} を表示できません（HTTP ${res.status}）。団体コードと公表の状態を確かめてください。` : `${address} を取得できません（HTTP ${res.status}、リンク元: ${from ?? '—'}）`);
      return;
    }
    const type = res.headers.get('content-type') ?? '';
    const isHtml = /^text\/html\b/.test(type);
    const file = fileFor(address, isHtml);
    const f: Fetched = { address, file, isHtml, type, body };
    fetched.set(address, f);
    if (isHtml) {
      const html = body.toString('utf8');
      const licenses = licenseUrls(html);
      for (const m of html.matchAll(LINK_ATTR)) {
        const link = classify(decodeEntities(m[2]!), code, stylesheet);
        if (link.kind === 'internal') enqueue(link.address!, address);
        else if (link.kind === 'external' && !licenses.has(link.raw)) problems.push(`${address} に書き出しの範囲外へのリンクがあります: ${link.raw}`);
      }
    } else if (isJson(f)) {
      let doc: unknown;
      try {
        doc = JSON.parse(body.toString('utf8'));
      } catch {
        return;
      }
      for (const a of jsonAddresses(doc)) {
        const link = classify(a, code, stylesheet);
        if (link.kind === 'internal') enqueue(link.address!, address);
      }
    }
    opts.onFetched?.(fetched.size, queue.length);
  };

  // a few at a time (the PDFs are laid out in the render worker meanwhile), until nothing is queued or running
  let active = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      if (!queue.length && active === 0) return resolve();
      while (active < CONCURRENCY && queue.length) {
        const next = queue.shift()!;
        active++;
        visit(next).then(() => {
          active--;
          pump();
        }, reject);
      }
    };
    pump();
  });
  return { fetched, problems };
}

/** The page or file with its links made relative. */
function rewritten(f: Fetched, fetched: ReadonlyMap<string, Fetched>, code: string, stylesheet: string): Buffer {
  const target = (address: string) => fetched.get(address)?.file;
  if (f.isHtml) {
    const html = f.body.toString('utf8').replace(LINK_ATTR, (all, lead: string, value: string) => {
      const link = classify(decodeEntities(value), code, stylesheet);
      if (link.kind !== 'internal') return all;
      const to = target(link.address!);
      // an address that could not be fetched stays as it was: the check lists it
      if (!to) return all;
      return `${lead}"${encodeAttr(`${relativeLink(f.file, to)}${link.fragment ?? ''}`)}"`;
    });
    return Buffer.from(html, 'utf8');
  }
  if (isJson(f)) {
    let doc: unknown;
    try {
      doc = JSON.parse(f.body.toString('utf8'));
    } catch {
      return f.body;
    }
    let changed = false;
    const out = rewriteJson(doc, (s) => {
      const link = classify(s, code, stylesheet);
      const to = link.kind === 'internal' ? target(link.address!) : undefined;
      if (!to) return s;
      changed = true;
      return `${relativeLink(f.file, to)}${link.fragment ?? ''}`;
    });
    return changed ? Buffer.from(JSON.stringify(out), 'utf8') : f.body;
  }
  return f.body;
}

/** Every link of every written page resolves to a written file, and none leaves the site but the license. */
export function checkLinks(files: ReadonlyMap<string, Buffer>): string[] {
  const problems: string[] = [];
  for (const [file, body] of files) {
    if (!file.endsWith('.html')) continue;
    const html = body.toString('utf8');
    const licenses = licenseUrls(html);
    for (const m of html.matchAll(LINK_ATTR)) {
      const raw = decodeEntities(m[2]!).trim();
      if (!raw || raw.startsWith('#') || /^(mailto|tel):/i.test(raw)) continue;
      if (/^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith('//')) {
        if (!licenses.has(raw)) problems.push(`${file}: 他のサイトへのリンク ${raw}`);
        continue;
      }
      if (raw.startsWith('/')) {
        problems.push(`${file}: 相対リンクに書き換えられなかったリンク ${raw}`);
        continue;
      }
      const pathPart = raw.replace(/[#?].*$/, '');
      let resolved: string;
      try {
        resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(pathPart)));
      } catch {
        problems.push(`${file}: 読めないリンク ${raw}`);
        continue;
      }
      if (resolved.startsWith('../') || !files.has(resolved)) problems.push(`${file}: リンク先のファイルがありません ${raw}`);
    }
  }
  return problems;
}

/** The export root's index.html: a plain link (and a refresh) to the site's home. */
function rootIndex(entry: string, code: string): Buffer {
  const href = encodeAttr(entry.split('/').map(encodeURIComponent).join('/'));
  return Buffer.from(
    `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"/><meta http-equiv="refresh" content="0; url=${href}"/><title>行政改革の公開ページ（${code}）</title></head>` +
      `<body><p><a href="${href}">行政改革の公開ページへ移動します。移動しない場合はこちらを選んでください。</a></p></body></html>`,
    'utf8',
  );
}

interface Manifest {
  code: string;
  exportedAt: string;
  files: string[];
}

/** An earlier export's list of files; null when the folder is new or empty. Refuses any other folder. */
function previousExport(folder: string): Manifest | null {
  if (!fs.existsSync(folder)) return null;
  if (!fs.statSync(folder).isDirectory()) throw new StaticExportError(`書き出し先 ${folder} はフォルダではありません。`);
  const entries = fs.readdirSync(folder);
  if (!entries.length) return null;
  const manifest = path.join(folder, MANIFEST);
  if (!entries.includes(MANIFEST)) throw new StaticExportError(`書き出し先のフォルダ ${folder} は空ではなく、以前の書き出し先でもありません。新しいフォルダか空のフォルダを指定してください（中のファイルは消しません）。`);
  try {
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Manifest;
    if (!Array.isArray(m.files)) throw new Error('files');
    return m;
  } catch {
    throw new StaticExportError(`書き出し先のフォルダ ${folder} の ${MANIFEST} を読めません。新しいフォルダか空のフォルダを指定してください。`);
  }
}

export async function exportPublicSite(opts: StaticExportOptions): Promise<StaticExportResult> {
  const folder = path.resolve(opts.folder);
  const previous = previousExport(folder);
  const { fetched, problems } = await crawl(opts);
  const entry = fetched.get(publicPaths.home(opts.code))?.file;
  if (!entry) throw new StaticExportError('公開サイトを書き出せませんでした。', problems);

  const files = new Map<string, Buffer>();
  for (const f of fetched.values()) {
    if (files.has(f.file)) problems.push(`${f.address} と別のアドレスが同じファイル ${f.file} になります`);
    files.set(f.file, rewritten(f, fetched, opts.code, opts.stylesheet));
  }
  if (!files.has('index.html')) files.set('index.html', rootIndex(entry, opts.code));
  problems.push(...checkLinks(files));
  if (problems.length) throw new StaticExportError(`公開サイトを書き出せませんでした（${problems.length}件の問題）。フォルダには何も書いていません。`, problems);

  // written in full elsewhere first: the folder changes only once everything is in hand
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-site-'));
  try {
    let bytes = 0;
    for (const [file, body] of files) {
      const to = path.join(staging, ...file.split('/'));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.writeFileSync(to, body);
      bytes += body.length;
    }
    const manifest: Manifest = { code: opts.code, exportedAt: new Date().toISOString(), files: [...files.keys()].sort() };
    fs.writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    fs.mkdirSync(folder, { recursive: true });
    // the earlier export's files that this one no longer has
    for (const old of previous?.files ?? []) {
      if (files.has(old)) continue;
      const at = path.resolve(folder, old);
      if (!at.startsWith(`${folder}${path.sep}`)) continue;
      fs.rmSync(at, { force: true });
      removeEmptyParents(path.dirname(at), folder);
    }
    fs.cpSync(staging, folder, { recursive: true, force: true });
    return { folder, entry, pages: [...fetched.values()].filter((f) => f.isHtml).length, files: files.size, bytes };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function removeEmptyParents(dir: string, root: string): void {
  for (let d = dir; d.startsWith(`${root}${path.sep}`); d = path.dirname(d)) {
    if (fs.readdirSync(d).length) return;
    fs.rmdirSync(d);
  }
}
