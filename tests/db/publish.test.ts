/**
 * Publishing over HTTP on both databases: the PDFs (progress table, 個票, 体系図) and the open data
 * (catalogue, CSV and JSON per resource), on the fixture of tests/support/pdcaFixtures.ts.
 * Only rounds the secretariat published appear, and of them only the answers it accepted.
 */
import { spawnSync } from 'node:child_process';
import { and, eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Store } from '../../src/db/client.js';
import { publications, rounds } from '../../src/db/schema.js';
import { publishAs, publishClosedRounds } from '../support/publishing.js';
import { type Actor, type Role } from '../../src/modules/access/domain/policy.js';
import { RESOURCES, RESOURCE_IDS } from '../../src/modules/publish/domain/opendata.js';
import type { OpenDataCatalogDto, OpenDataResourceDto } from '../../src/shared/api-types-publish.js';
import { buildPdcaFixture, type PdcaFixture } from '../support/pdcaFixtures.js';
import { TestActors } from '../support/actors.js';
import { backends, openTestStore } from '../support/stores.js';

const HAS_PDFTOTEXT = !spawnSync('pdftotext', ['-v']).error;

/** The text of a PDF with white space removed, or null (with a warning) when pdftotext is missing. */
function pdfText(pdf: Buffer): string | null {
  if (!HAS_PDFTOTEXT) {
    console.warn('pdftotext (poppler-utils) が見つからないため、PDF の文字の確認を省略します。');
    return null;
  }
  return spawnSync('pdftotext', ['-raw', '-', '-'], { input: pdf, maxBuffer: 64 * 1024 * 1024 }).stdout.toString('utf8').replace(/\s+/g, '');
}
const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;

/** CSV text → rows of cells (the file's own line ends: CRLF). */
const parseCsv = (text: string): string[][] => parse(text, { bom: true, record_delimiter: '\r\n' });

describe.each(backends())('publishing on %s', (kind) => {
  let store: Store;
  let f: PdcaFixture;
  let other: PdcaFixture;
  let app: ReturnType<typeof createApp>;
  const actors = new TestActors();

  const request = async (path: string, as?: Actor) => {
    const headers = actors.headers(as);
    const res = await app.request(path, { headers });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };
  const json = async <T>(path: string, as?: Actor) => {
    const r = await request(path, as);
    return { ...r, json: JSON.parse(r.body.toString('utf8')) as T };
  };
  const actor = (role: Role, municipalityId: string): Actor => ({ id: `t-${role}`, name: `テスト ${role}`, role, municipalityId, departmentIds: [] });
  const base = () => `/api/m/${f.municipality.code}`;

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildPdcaFixture(store, '公表市');
    other = await buildPdcaFixture(store, '別の公表市');
    // closing publishes nothing: the secretariat publishes the closed rounds
    await publishClosedRounds(store, f.municipality.id);
    await publishClosedRounds(store, other.municipality.id);
    app = createApp({ store, resolveActor: actors.resolveActor });
  });
  afterAll(() => store.close());

  describe('PDFs', () => {
    it('prints the progress table of a closed round', async () => {
      const r = await request(`${base()}/rounds/${f.rounds.R1}/exports/progress.pdf`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/pdf');
      expect(r.headers.get('content-disposition')).toContain('filename*=UTF-8');
      expect(r.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pageCount(r.body)).toBeGreaterThan(0);
      const text = pdfText(r.body);
      if (text) {
        for (const s of ['令和6年度実績', 'ＲＰＡによる定型業務の自動化', '窓口受付時間の延長', '重点項目', '施策', '整理番号', 'スケジュール（年度）', 'R6実施する事業', '令和7年3月31日時点', '1/1'])
          expect(text).toContain(s);
        // the secretariat has not accepted A7's answer in R1: the accepted basis leaves its status out
        expect(text).toContain('事務局確認済みの回答');
      }
    });

    it('marks a round that is not closed as not final, and takes ?basis=', async () => {
      const r = await request(`${base()}/rounds/${f.rounds.R2}/exports/progress.pdf?basis=all`);
      expect(r.status).toBe(200);
      const text = pdfText(r.body);
      if (text) {
        expect(text).toContain('照会中：確定前の内容です');
        expect(text).toContain('作成中を含むすべての回答');
        expect(text).toContain('使用料を改定し、令和7年10月から施行した');
      }
      expect((await request(`${base()}/rounds/${f.rounds.R2}/exports/progress.pdf?basis=maybe`)).status).toBe(422);
    });

    it('prints an item sheet: path, schedule and status per year, published answers, 変更調書', async () => {
      const url = `${base()}/plans/${f.planId}/nodes/${f.nodes.A7}/sheet.pdf`;
      const r = await request(url);
      expect(r.status).toBe(200);
      expect(r.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pageCount(r.body)).toBeGreaterThan(0);
      const text = pdfText(r.body);
      if (text) {
        for (const s of ['個票', '使用料・手数料の見直し', '持続可能な行財政運営', '(2)歳入の確保', '総務課（主担当）', '令和6年度', '令和9年度', '令和7年度第2四半期', '令和7年9月30日時点', '使用料を改定し、令和7年10月から施行した', '歳入増12,345,678円', '削減時間12.5時間/年'])
          expect(text).toContain(s);
        // R1's answer was only submitted: not printed under the default (accepted) basis
        expect(text).not.toContain('料金改定の調整に時間を要した');
      }
      const all = pdfText((await request(`${url}?basis=all`)).body);
      if (all) expect(all).toContain('料金改定の調整に時間を要した');
    });

    it('draws the plan diagram with its level columns; ended items only on request', async () => {
      const r = await request(`${base()}/plans/${f.planId}/diagram.pdf`);
      expect(r.status).toBe(200);
      expect(r.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pageCount(r.body)).toBeGreaterThan(0);
      const text = pdfText(r.body);
      if (text) {
        for (const s of ['体系図', '重点項目', '施策', '実施項目', '1持続可能な行財政運営', '(1)窓口サービスの改善', 'おくやみ窓口の設置']) expect(text).toContain(s);
        expect(text).not.toContain('窓口受付時間の延長');
      }
      const ended = pdfText((await request(`${base()}/plans/${f.planId}/diagram.pdf?includeEnded=true`)).body);
      if (ended) expect(ended).toContain('窓口受付時間の延長（中止）');
      expect((await request(`${base()}/plans/${f.planId}/diagram.pdf?asOf=2025-13-01`)).status).toBe(422);
    });

    it("answers 404 for another municipality's round, plan or item and for ids that are not UUIDs", async () => {
      expect((await request(`${base()}/rounds/${other.rounds.R1}/exports/progress.pdf`)).status).toBe(404);
      expect((await request(`${base()}/plans/${other.planId}/diagram.pdf`)).status).toBe(404);
      expect((await request(`${base()}/plans/${other.planId}/nodes/${other.nodes.A1}/sheet.pdf`)).status).toBe(404);
      expect((await request(`${base()}/plans/${f.planId}/nodes/${other.nodes.A1}/sheet.pdf`)).status).toBe(404);
      expect((await request(`${base()}/rounds/not-a-uuid/exports/progress.pdf`)).status).toBe(404);
      // another municipality's user is told the municipality does not exist
      expect((await request(`${base()}/rounds/${f.rounds.R1}/exports/progress.pdf`, actor('secretariat', other.municipality.id))).status).toBe(404);
      // every role that reads plans may print
      expect((await request(`${base()}/plans/${f.planId}/diagram.pdf`, actor('council', f.municipality.id))).status).toBe(200);
    });
  });

  describe('open data', () => {
    const closedIds = () => new Set<string>([f.rounds.R1, f.rounds.RQ]);

    it('serves a DCAT-like catalogue whose links all resolve', async () => {
      const r = await json<OpenDataCatalogDto>(`${base()}/opendata/catalog.json`);
      expect(r.status).toBe(200);
      const c = r.json;
      expect(c.publisher).toEqual({ lgCode: f.municipality.code, name: '公表市', prefecture: 'テスト県' });
      expect(c.license).toMatchObject({ id: 'CC-BY-4.0', url: 'https://creativecommons.org/licenses/by/4.0/deed.ja' });
      expect(c.modified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new URL(c.catalogURL, 'http://localhost').pathname).toBe(`${base()}/opendata/catalog.json`);
      expect(c.datasets.map((d) => d.resource)).toEqual([...RESOURCE_IDS]);
      expect(c.datasets.find((d) => d.resource === 'kpis')).toMatchObject({ status: 'available', recordCount: 0 });
      for (const d of c.datasets.filter((x) => x.status === 'available')) {
        expect(d.identifier).toBe(`${f.municipality.code}_${d.resource}`);
        expect(d.distributions.map((x) => x.mediaType)).toEqual(['text/csv', 'application/json']);
        for (const dist of d.distributions) {
          const url = new URL(dist.downloadURL, 'http://localhost');
          expect(url.pathname).toBe(`${base()}/opendata/${d.resource}.${dist.format.toLowerCase()}`);
          const got = await request(url.pathname);
          expect(got.status).toBe(200);
          expect(got.headers.get('content-type')).toContain(dist.mediaType);
          if (dist.format === 'JSON') expect((JSON.parse(got.body.toString('utf8')) as OpenDataResourceDto).records).toHaveLength(d.recordCount);
        }
      }
      expect(c.datasets.find((d) => d.resource === 'progress')!.recordCount).toBe(6);
    });

    it('writes CSV with a BOM, CRLF, the Japanese header and one row per accepted answer of a closed round', async () => {
      const r = await request(`${base()}/opendata/progress.csv`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      expect(r.headers.get('content-disposition')).toContain(`${f.municipality.code}_progress.csv`);
      expect([...r.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = r.body.toString('utf8');
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      const [header, ...rows] = parseCsv(text);
      expect(header).toEqual(RESOURCES.progress.fields.map((x) => x.title));
      expect(header!.slice(0, 2)).toEqual(['全国地方公共団体コード', '地方公共団体名']);
      // R1: A1 A2 A3 A4 A6 accepted (A7 only submitted); RQ: A7 accepted; R2 (open) and R3 (draft) never
      expect(rows).toHaveLength(6);
      const col = (name: string) => header!.indexOf(name);
      for (const row of rows) {
        expect(row).toHaveLength(header!.length);
        expect(row[0]).toBe(f.municipality.code);
        expect(row[1]).toBe('公表市');
        expect(closedIds().has(row[col('照会ID')]!)).toBe(true);
      }
      const byItem = new Map(rows.map((row) => [`${row[col('照会名')]}:${row[col('名称')]}`, row]));
      expect(byItem.get('令和6年度実績:補助金の見直し')![col('取組状況（記号）')]).toBe('△');
      expect(byItem.get('令和7年度第2四半期:使用料・手数料の見直し')![col('対象年度（和暦）')]).toBe('令和7年度');
      expect(byItem.has('令和6年度実績:使用料・手数料の見直し')).toBe(false);
      const rep = new Set(rows.map((row) => row[col('回答ID')]));
      expect(rep.has(f.reports['R2.A7']!)).toBe(false);
      expect(rep.has(f.reports['R1.A1']!)).toBe(true);
    });

    it('counts rows of the other resources and lists only closed rounds', async () => {
      const csv = async (name: string) => parseCsv((await request(`${base()}/opendata/${name}.csv`)).body.toString('utf8'));
      const [rh, ...roundRows] = await csv('rounds');
      expect(roundRows.map((r) => r[rh!.indexOf('照会ID')])).toEqual([f.rounds.R1, f.rounds.RQ]);
      expect(roundRows.map((r) => r[rh!.indexOf('公表した回答数')])).toEqual(['5', '1']);
      expect(roundRows[0]![rh!.indexOf('時点（和暦）')]).toBe('令和7年3月31日');
      expect((await csv('plans')).length - 1).toBe(1);
      const [sh, ...structure] = await csv('structure');
      expect(structure).toHaveLength(13); // 2 重点項目, 3 施策, 8 実施項目
      expect(structure.map((r) => r[sh!.indexOf('表示順')])).toEqual(structure.map((_, i) => String(i + 1)));
      expect(structure.find((r) => r[sh!.indexOf('名称')] === '窓口受付時間の延長')![sh!.indexOf('状態')]).toBe('中止');
      expect((await csv('schedules')).length - 1).toBe(11);
    });

    it('serves JSON with the documented fields and typed values', async () => {
      const r = await json<OpenDataResourceDto>(`${base()}/opendata/progress.json`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const doc = r.json;
      expect(doc).toMatchObject({ resource: 'progress', publisher: { lgCode: f.municipality.code }, license: { id: 'CC-BY-4.0' } });
      expect(doc.fields.map((x) => x.id)).toEqual(RESOURCES.progress.fields.map((x) => x.id));
      for (const rec of doc.records) expect(Object.keys(rec)).toEqual(doc.fields.map((x) => x.id));
      const a7 = doc.records.find((x) => x.node_id === f.nodes.A7)!;
      expect(a7).toMatchObject({ round_id: f.rounds.RQ, status_code: 'partial', status_symbol: '△', scheduled: false, target_fiscal_year: 2025 });
      const structure = (await json<OpenDataResourceDto>(`${base()}/opendata/structure.json`)).json;
      expect(structure.records.find((x) => x.node_id === f.nodes.A1)).toMatchObject({ lead_department: '総務課', departments: ['総務課', '財政課'], is_action: true, depth: 2, level_name: '実施項目' });
    });

    it('publishes a round once it is closed and published, and never another municipality’s rows', async () => {
      await store.db.update(rounds).set({ state: 'closed', closedAt: new Date() }).where(and(eq(rounds.municipalityId, f.municipality.id), eq(rounds.id, f.rounds.R2)));
      try {
        // closed is not published
        expect((await json<OpenDataResourceDto>(`${base()}/opendata/progress.json`)).json.records.some((x) => x.round_id === f.rounds.R2)).toBe(false);
        await publishAs(store, f.municipality.id, { kind: 'round', planId: f.planId, subjectId: f.rounds.R2, fiscalYear: 0, unaccepted: 'exclude' });
        const doc = (await json<OpenDataResourceDto>(`${base()}/opendata/progress.json`)).json;
        // R2's accepted answers: A3 and A7 (A1 submitted, A2 approved, A4 draft, A5 returned stay out)
        expect(doc.records.filter((x) => x.round_id === f.rounds.R2).map((x) => x.node_id).sort()).toEqual([f.nodes.A3, f.nodes.A7].sort());
        const otherIds = new Set<string>([...Object.values(other.nodes), ...Object.values(other.rounds), other.planId]);
        for (const name of RESOURCE_IDS) {
          const d = (await json<OpenDataResourceDto>(`${base()}/opendata/${name}.json`)).json;
          for (const rec of d.records) {
            expect(rec.lg_code).toBe(f.municipality.code);
            for (const v of Object.values(rec)) if (typeof v === 'string') expect(otherIds.has(v)).toBe(false);
          }
        }
      } finally {
        await store.db.delete(publications).where(and(eq(publications.municipalityId, f.municipality.id), eq(publications.subjectId, f.rounds.R2)));
        await store.db.update(rounds).set({ state: 'open', closedAt: null, publishedAt: null }).where(and(eq(rounds.municipalityId, f.municipality.id), eq(rounds.id, f.rounds.R2)));
      }
    });

    it('answers 404 for unknown files and for another municipality’s user', async () => {
      expect((await request(`${base()}/opendata/kpi.csv`)).status).toBe(404);
      expect((await request(`${base()}/opendata/progress.xml`)).status).toBe(404);
      expect((await request(`${base()}/opendata/catalog.json`, actor('viewer', other.municipality.id))).status).toBe(404);
      expect((await request(`${base()}/opendata/progress.csv`, actor('viewer', f.municipality.id))).status).toBe(200);
    });
  });
});
