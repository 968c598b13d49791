/**
 * Nothing unpublished leaks to citizens. A store full of what must stay inside — drafts, returned and
 * unaccepted answers, a closed round never published, a published round withdrawn, unpublished KPI
 * values and tables, internal comments, staff names, audit rows — each carrying a marker; every public
 * page reachable from the site, every page those link to, every download and open-data file is
 * fetched, and none contains a marker. Malformed and foreign ids in public URLs answer 404 pages.
 */
import { execFileSync } from 'node:child_process';
import { and, eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Store } from '../../src/db/client.js';
import { auditLog, fiscalTables, kpis, kpiValues, reportEvents, reports, rounds } from '../../src/db/schema.js';
import { withdraw } from '../../src/modules/publish/commands/publications.js';
import { publicPaths } from '../../src/modules/publish/http/publicPaths.js';
import { buildPdcaFixture, type PdcaFixture } from '../support/pdcaFixtures.js';
import { publishAs, secretariatOf } from '../support/publishing.js';
import { backends, openTestStore } from '../support/stores.js';

const MARK = '漏洩検査';
const UUID_G = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function pdfText(bytes: Buffer): string {
  try {
    return execFileSync('pdftotext', ['-q', '-', '-'], { input: bytes }).toString('utf8');
  } catch {
    // without poppler: the PDF's own text is compressed; the other files are still checked
    return '';
  }
}

async function xlsxText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = await Promise.all(Object.values(zip.files).filter((f) => f.name.endsWith('.xml')).map((f) => f.async('string')));
  return parts.join('\n');
}

describe.each(backends())('nothing unpublished reaches citizens on %s', (kind) => {
  let store: Store;
  let f: PdcaFixture;
  let other: PdcaFixture;
  let app: ReturnType<typeof createApp>;
  const fetched = new Map<string, { status: number; type: string; text: string }>();
  const staffNames = ['青木 一郎', '井上 花子', '大野 五月', 'テスト 事務局', 'fixture'];

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildPdcaFixture(store, '非公開検査市');
    other = await buildPdcaFixture(store, '他団体検査市');
    const m = f.municipality.id;
    const set = (key: string, values: Partial<typeof reports.$inferInsert>) =>
      store.db.update(reports).set(values).where(and(eq(reports.municipalityId, m), eq(reports.id, f.reports[key]!)));
    // R1 (closed): A7 only submitted → never public; the rest accepted and published below
    await set('R1.A7', { narrative: `${MARK}-提出のみ`, issues: `${MARK}-提出のみの課題` });
    // RQ (closed): published, then withdrawn
    await set('RQ.A7', { narrative: `${MARK}-取下げた公表` });
    // R2 (open): a draft, a returned answer, answers in review
    await set('R2.A4', { narrative: `${MARK}-下書き` });
    await set('R2.A5', { narrative: `${MARK}-差戻し`, returnComment: `${MARK}-差戻しコメント` });
    await set('R2.A1', { narrative: `${MARK}-課長承認待ち` });
    await set('R2.A2', { narrative: `${MARK}-事務局確認待ち` });
    await store.db.update(rounds).set({ label: `${MARK}-準備中の照会` }).where(and(eq(rounds.municipalityId, m), eq(rounds.id, f.rounds.R3)));
    await store.db.insert(reportEvents).values({ municipalityId: m, reportId: f.reports['R1.A1']!, at: new Date(), actor: '大野 五月', action: 'accept', fromState: 'approved', toState: 'accepted', comment: `${MARK}-内部コメント` });
    await store.db.insert(auditLog).values({ municipalityId: m, actor: '大野 五月', ip: '10.0.0.1', action: 'report.accept', entity: 'report', entityId: f.reports['R1.A1']!, before: { note: `${MARK}-監査` }, after: null });
    // KPI with a value nobody published; a table nobody published
    const [k] = await store.db
      .insert(kpis)
      .values({ municipalityId: m, planId: f.planId, category: '数値目標', number: '9', name: `${MARK}-未公表の指標`, unit: '件', scale: 0, bound: 'at_least', targetValue: 10, sortOrder: 0 })
      .returning();
    await store.db.insert(kpiValues).values({ municipalityId: m, kpiId: k!.id, fiscalYear: 2025, kind: 'actual', value: 4, note: `${MARK}-値の注記`, recordedBy: '大野 五月' });
    await store.db.insert(fiscalTables).values({ municipalityId: m, planId: f.planId, kind: 'budget', title: `${MARK}-未公表の財政表`, valueKind: 'yen', unit: '百万円', scale: 0, firstFiscalYear: 2025, lastFiscalYear: 2027, source: '', note: '', sortOrder: 0 });

    // what IS published: R1 (answers not accepted: 回答なし), RQ then withdrawn
    await publishAs(store, m, { kind: 'round', planId: f.planId, subjectId: f.rounds.R1, fiscalYear: 0, unaccepted: 'no_answer' });
    const rq = await publishAs(store, m, { kind: 'round', planId: f.planId, subjectId: f.rounds.RQ, fiscalYear: 0, unaccepted: 'no_answer' });
    await store.db.transaction((tx) => withdraw({ db: tx, municipalityId: m, actor: secretariatOf(m), ip: '' }, rq.id, { expectedSeq: rq.seq, reason: `${MARK}-取下げ理由` }));
    // the other municipality publishes its own: never shown under this one
    await publishAs(store, other.municipality.id, { kind: 'round', planId: other.planId, subjectId: other.rounds.R1, fiscalYear: 0, unaccepted: 'no_answer' });

    app = createApp({ store, auth: 'required' });
    await crawl();
  }, 240_000);
  afterAll(() => store.close());

  const code = () => f.municipality.code;
  const ownPrefixes = () => [`/m/${code()}/`, `/api/public/m/${code()}/`];

  async function fetchOne(path: string) {
    const res = await app.request(path);
    const type = res.headers.get('content-type') ?? '';
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = type.includes('pdf') ? pdfText(bytes) : type.includes('spreadsheetml') ? await xlsxText(bytes) : bytes.toString('utf8');
    fetched.set(path, { status: res.status, type, text });
    return { status: res.status, type, text };
  }

  /** Every page and file reachable from the site's entry points, within this municipality's public paths. */
  async function crawl() {
    const c = code();
    const queue = [
      publicPaths.home(c),
      publicPaths.progress(c),
      publicPaths.opinions(c),
      publicPaths.openData(c),
      publicPaths.schema(c),
      // the page repeats the query: asked with a space, it finds whatever carries the marker without echoing it
      `${publicPaths.search(c)}?q=${encodeURIComponent('漏洩 検査')}`,
      `${publicPaths.search(c)}?q=${encodeURIComponent('取組')}`,
      `/api/public/m/${c}/opendata/catalog.json`,
    ];
    const seen = new Set<string>();
    while (queue.length && seen.size < 400) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const { type, text } = await fetchOne(path);
      if (!type.includes('html') && !type.includes('json')) continue;
      const links = type.includes('html')
        ? [...text.matchAll(/(?:href|src)="([^"#]+)/g)].map((m) => m[1]!.replace(/&amp;/g, '&'))
        : [...text.matchAll(/"(?:downloadURL|accessURL|catalogURL)":"([^"]+)"/g)].map((m) => new URL(m[1]!, 'http://local').pathname);
      for (const link of links) {
        const p = link.startsWith('http') ? null : link;
        if (p && ownPrefixes().some((x) => p.startsWith(x)) && !seen.has(p)) queue.push(p);
      }
    }
  }

  it('reaches the site’s pages, files and open data', () => {
    const paths = [...fetched.keys()];
    expect(paths.length).toBeGreaterThan(15);
    expect(paths.some((p) => p.endsWith('.pdf'))).toBe(true);
    expect(paths.some((p) => p.endsWith('.csv'))).toBe(true);
    expect(paths.some((p) => p.includes(f.rounds.R1))).toBe(true);
    for (const [path, r] of fetched) expect(r.status, path).toBe(200);
  });

  it('finds no unpublished content, internal comment, staff name or audit row anywhere', () => {
    const leaks: string[] = [];
    for (const [path, r] of fetched) {
      if (r.text.includes(MARK)) leaks.push(`${path}: ${r.text.slice(Math.max(0, r.text.indexOf(MARK) - 40), r.text.indexOf(MARK) + 40)}`);
      for (const n of staffNames) if (r.text.includes(n)) leaks.push(`${path}: 職員名「${n}」`);
      for (const id of [f.rounds.R2, f.rounds.R3, f.rounds.RQ, ...Object.values(other.rounds), other.planId]) if (r.text.includes(id)) leaks.push(`${path}: ID ${id}`);
    }
    expect(leaks).toEqual([]);
  });

  it('answers 404 pages for malformed, unknown and foreign ids and codes, never an error', async () => {
    const variants = new Set<string>();
    for (const path of fetched.keys()) {
      if (!path.startsWith(`/m/${code()}/`)) continue;
      const ids = path.match(UUID_G) ?? [];
      for (const id of ids) {
        variants.add(path.replace(id, '00000000-0000-4000-8000-000000000000'));
        variants.add(path.replace(id, 'not-a-uuid'));
        variants.add(path.replace(id, other.planId));
        variants.add(path.replace(id, other.rounds.R1));
      }
      variants.add(path.replace(`/m/${code()}/`, '/m/999999/'));
      variants.add(path.replace(`/m/${code()}/`, '/m/12ab/'));
    }
    for (const path of variants) {
      const r = await app.request(path);
      const text = await r.text();
      // a search is a page whatever it is asked; everything else that names nothing is 404
      if (path.includes('/public/search')) {
        expect(r.status, path).toBeLessThan(500);
        continue;
      }
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type') ?? '', path).toMatch(/html|json/);
      expect(text, path).not.toContain('他団体検査市');
    }
    expect(variants.size).toBeGreaterThan(10);
  });
});
