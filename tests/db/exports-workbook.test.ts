/**
 * Department workbooks on both databases: out → filled in with exceljs → uploaded → drafts
 * saved (through saveReport) with audit rows; every refusal writes nothing.
 * Fixture: tests/support/pdcaFixtures.ts, round R2 (令和7年度実績, open; fields status, narrative, issues).
 * 総務課 answers A1 (lead, submitted), A4 (lead, draft), A5 (co-owner, returned), A7 (lead, accepted).
 */
import ExcelJS from 'exceljs';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import { auditLog, reports } from '../../src/db/schema.js';
import { demoAdministrator, type Actor, type Role } from '../../src/modules/access/domain/policy.js';
import { ANSWER_SHEET, HEADER_ROW, META_SHEET } from '../../src/modules/exports/domain/departmentWorkbook.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type { WorkbookImportResultDto } from '../../src/shared/api-types-exports.js';
import { buildPdcaFixture, type PdcaFixture } from '../support/pdcaFixtures.js';
import { backends, openTestStore } from '../support/stores.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each(backends())('department workbooks on %s', (kind) => {
  let store: Store;
  let f: PdcaFixture;
  let g: PdcaFixture;
  let app: ReturnType<typeof createApp>;
  const actors = new Map<string, Actor>();
  let as: Record<'secretariat' | 'somu' | 'zaisei' | 'viewer' | 'foreign', string>;

  const actor = (id: string, name: string, role: Role, departmentIds: string[], municipalityId: string): string => {
    actors.set(id, { id, name, role, municipalityId, departmentIds });
    return id;
  };
  const headers = (who?: string) => (who ? { 'x-test-actor': who } : ({} as Record<string, string>));

  async function download(who: string, path: string) {
    const res = await app.request(path, { headers: headers(who) });
    return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), buf: Buffer.from(await res.arrayBuffer()) };
  }
  const workbookPath = (fx: PdcaFixture, dept: string, round = fx.rounds.R2) => `/api/m/${fx.municipality.code}/rounds/${round}/exports/workbooks/${dept}.xlsx`;
  async function upload(who: string, fx: PdcaFixture, roundId: string, buf: Buffer, opts: { name?: string; departmentId?: string } = {}) {
    const form = new FormData();
    form.set('file', new File([new Uint8Array(buf)], opts.name ?? '回答_総務課.xlsx', { type: XLSX }));
    if (opts.departmentId) form.set('departmentId', opts.departmentId);
    const res = await app.request(`/api/m/${fx.municipality.code}/rounds/${roundId}/imports/workbook`, { method: 'POST', headers: headers(who), body: form });
    return { status: res.status, body: (await res.json()) as WorkbookImportResultDto & ApiErrorBody };
  }

  async function load(buf: Buffer) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    return wb;
  }
  const save = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());
  /** column number of the header that starts with `prefix` */
  function col(ws: ExcelJS.Worksheet, prefix: string): number {
    const row = ws.getRow(HEADER_ROW);
    for (let i = 1; i <= row.cellCount; i++) if (String(row.getCell(i).value ?? '').startsWith(prefix)) return i;
    throw new Error(`no column ${prefix}`);
  }
  /** row number of the item with this 整理番号 */
  function rowOf(ws: ExcelJS.Worksheet, number: string): number {
    const c = col(ws, '整理番号');
    for (let r = HEADER_ROW + 1; r <= ws.rowCount; r++) if (String(ws.getRow(r).getCell(c).value ?? '') === number) return r;
    throw new Error(`no row ${number}`);
  }

  /** what must not change when an upload is refused */
  async function snapshot(fx: PdcaFixture = f) {
    const rs = await store.db
      .select({ id: reports.id, version: reports.version, state: reports.state, statusCode: reports.statusCode, narrative: reports.narrative, issues: reports.issues, updatedBy: reports.updatedBy })
      .from(reports)
      .where(eq(reports.municipalityId, fx.municipality.id))
      .orderBy(asc(reports.id));
    const audits = await store.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.municipalityId, fx.municipality.id));
    return { reports: rs, audits: audits.length };
  }

  let original: Buffer;

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildPdcaFixture(store, 'ブック市');
    g = await buildPdcaFixture(store, '他のブック市');
    const m = f.municipality.id;
    as = {
      secretariat: actor('s1', '事務局', 'secretariat', [], m),
      somu: actor('u-somu', '総務課報告者', 'dept_reporter', [f.departments.somu], m),
      zaisei: actor('u-zaisei', '財政課報告者', 'dept_reporter', [f.departments.zaisei], m),
      viewer: actor('v1', '幹部', 'viewer', [], m),
      foreign: actor('x1', '他団体の事務局', 'secretariat', [], g.municipality.id),
    };
    app = createApp({ store, resolveActor: (req) => actors.get(req.headers.get('x-test-actor') ?? '') ?? demoAdministrator });
    const d = await download(as.somu, workbookPath(f, f.departments.somu));
    expect(d.status).toBe(200);
    original = d.buf;
  });
  afterAll(() => store.close());

  it('writes the department’s items with last round’s answers, locked keys, drop-downs, instructions and very hidden metadata', async () => {
    const d = await download(as.somu, workbookPath(f, f.departments.somu));
    expect(d.type).toBe(XLSX);
    expect(d.disposition).toContain("filename*=UTF-8''");
    expect(decodeURIComponent(d.disposition!.split("''")[1]!)).toBe('令和7年度実績_総務課.xlsx');
    const wb = await load(d.buf);
    expect(wb.worksheets.map((w) => w.name)).toEqual([ANSWER_SHEET, '記入要領', META_SHEET]);
    const ws = wb.getWorksheet(ANSWER_SHEET)!;
    const meta = wb.getWorksheet(META_SHEET)!;
    expect(meta.state).toBe('veryHidden');

    // only 総務課's items (lead and co-owned), in tree order
    const numbers: string[] = [];
    for (let r = HEADER_ROW + 1; r <= ws.rowCount; r++) numbers.push(String(ws.getRow(r).getCell(col(ws, '整理番号')).value));
    expect(numbers).toEqual(['1', '4', '5', '6']); // A1, A7, A4, A5
    const idCol = col(ws, '報告ID');
    expect(ws.getColumn(idCol).hidden).toBe(true);
    expect(ws.getRow(rowOf(ws, '5')).getCell(idCol).value).toBe(f.reports['R2.A4']);

    // protection: keys locked, answers of editable reports unlocked, submitted reports locked
    expect((ws as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
    const st = col(ws, '進捗状況');
    const a4 = ws.getRow(rowOf(ws, '5'));
    expect(a4.getCell(col(ws, '実施項目')).protection?.locked).not.toBe(false);
    expect(a4.getCell(col(ws, '整理番号')).protection?.locked).not.toBe(false);
    expect(a4.getCell(st).protection?.locked).toBe(false);
    expect(a4.getCell(col(ws, '取組内容・実績')).protection?.locked).toBe(false);
    expect(ws.getRow(rowOf(ws, '1')).getCell(st).protection?.locked).not.toBe(false); // A1 submitted

    // the status drop-down lists the legend
    expect(a4.getCell(st).dataValidation).toMatchObject({ type: 'list', formulae: ['"○,△,×,－"'] });
    // current draft and last round's answer (R1: A4 accepted 未実施)
    expect(a4.getCell(st).value).toBe('△');
    expect(a4.getCell(col(ws, '前回の進捗状況')).value).toBe('×');
    expect(a4.getCell(col(ws, '報告の状態')).value).toBe('作成中');
    expect(ws.getRow(rowOf(ws, '6')).getCell(col(ws, '担当区分')).value).toBe('共管（主担当: 財政課）');

    // instructions in Japanese, with the legend
    const ins = wb.getWorksheet('記入要領')!;
    const text: string[] = [];
    ins.eachRow((row) => row.eachCell((c) => text.push(String(c.value ?? ''))));
    expect(text.join('\n')).toContain('白いセルに入力してください');
    expect(text).toEqual(expect.arrayContaining(['○', '実施済み', '計画どおり実施した']));

    // metadata: round, department, 団体コード, timestamp, checksum
    const kv = new Map<string, string>();
    for (let r = 1; r <= 15; r++) kv.set(String(meta.getCell(r, 1).value), String(meta.getCell(r, 2).value));
    expect(kv.get('roundId')).toBe(f.rounds.R2);
    expect(kv.get('departmentId')).toBe(f.departments.somu);
    expect(kv.get('municipalityCode')).toBe(f.municipality.code);
    expect(kv.get('generatedAt')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(kv.get('checksum')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses other departments’ workbooks to department staff, viewers, and rounds that are not open', async () => {
    expect((await download(as.somu, workbookPath(f, f.departments.zaisei))).status).toBe(403);
    expect((await download(as.viewer, workbookPath(f, f.departments.somu))).status).toBe(403);
    expect((await download(as.somu, `/api/m/${f.municipality.code}/rounds/${f.rounds.R2}/exports/workbooks.zip`)).status).toBe(403);
    expect((await download(as.secretariat, workbookPath(f, f.departments.somu, f.rounds.R1))).status).toBe(409);
    expect((await download(as.secretariat, workbookPath(f, f.departments.kaikei))).status).toBe(404);
    expect((await download(as.foreign, workbookPath(f, f.departments.somu))).status).toBe(404);
  });

  it('zips one workbook per department with items', async () => {
    const d = await download(as.secretariat, `/api/m/${f.municipality.code}/rounds/${f.rounds.R2}/exports/workbooks.zip`);
    expect(d.status).toBe(200);
    expect(d.type).toBe('application/zip');
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(d.buf);
    expect(Object.keys(zip.files).sort()).toEqual(['01_令和7年度実績_総務課.xlsx', '02_令和7年度実績_財政課.xlsx', '03_令和7年度実績_企画課.xlsx']);
  });

  it('round trip: filled-in cells land as drafts through saveReport, attributed to the uploader, with audit rows', async () => {
    const wb = await load(original);
    const ws = wb.getWorksheet(ANSWER_SHEET)!;
    const st = col(ws, '進捗状況');
    const nar = col(ws, '取組内容・実績');
    const iss = col(ws, '課題');
    const a4 = ws.getRow(rowOf(ws, '5'));
    a4.getCell(st).value = '○';
    a4.getCell(nar).value = { richText: [{ text: '書かない窓口を' }, { text: '本庁舎で開始した。\r\n支所は次年度。' }] };
    a4.getCell(iss).value = '支所の端末不足';
    ws.getRow(rowOf(ws, '6')).getCell(st).value = '△'; // A5 (returned, co-owned)
    ws.getRow(rowOf(ws, '1')).getCell(st).value = '×'; // A1 submitted: reported, not overwritten
    const before = await snapshot();

    const res = await upload(as.somu, f, f.rounds.R2, await save(wb));
    expect(res.status).toBe(200);
    expect(res.body.saved.map((s) => s.number)).toEqual(['5', '6']);
    expect(res.body.saved.map((s) => s.state)).toEqual(['draft', 'returned']);
    expect(res.body.skipped.map((s) => [s.number, s.state])).toEqual([['1', '提出済み（課長承認待ち）']]);
    expect(res.body.skipped[0]!.message).toContain('取り込みませんでした');
    expect(res.body.unchangedCount).toBe(1);
    expect(res.body.message).toContain('2件を下書きとして保存しました');

    const rows = await store.db.select().from(reports).where(inArray(reports.id, [f.reports['R2.A4']!, f.reports['R2.A5']!, f.reports['R2.A1']!]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(f.reports['R2.A4']!)).toMatchObject({
      state: 'draft',
      statusCode: 'done',
      narrative: '書かない窓口を本庁舎で開始した。\n支所は次年度。',
      issues: '支所の端末不足',
      version: 2,
      updatedBy: 'u-somu:総務課報告者',
    });
    expect(byId.get(f.reports['R2.A5']!)).toMatchObject({ state: 'returned', statusCode: 'partial', version: 2 });
    expect(byId.get(f.reports['R2.A1']!)).toMatchObject({ state: 'submitted', statusCode: 'done', version: 1 });

    const audits = await store.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.municipalityId, f.municipality.id), inArray(auditLog.action, ['report.save', 'workbook.import'])));
    expect(audits.length).toBe(3);
    expect((await snapshot()).audits).toBe(before.audits + 3);
    const saves = audits.filter((a) => a.action === 'report.save').map((a) => a.entityId).sort();
    expect(saves).toEqual([f.reports['R2.A4']!, f.reports['R2.A5']!].sort());
    const imp = audits.find((a) => a.action === 'workbook.import')!;
    expect(imp).toMatchObject({ entity: 'round', entityId: f.rounds.R2, actor: 'u-somu:総務課報告者' });
    expect(imp.after).toMatchObject({ departmentId: f.departments.somu, fileName: '回答_総務課.xlsx', unchanged: 1 });

    // the same file, corrected and uploaded again, is not a conflict with itself
    a4.getCell(iss).value = '支所の端末が不足している';
    const again = await upload(as.somu, f, f.rounds.R2, await save(wb));
    expect(again.status).toBe(200);
    expect(again.body.saved.map((s) => [s.number, s.version])).toEqual([['5', 3]]);
  });

  it('the secretariat uploads on a department’s behalf', async () => {
    const d = await download(as.secretariat, workbookPath(f, f.departments.zaisei));
    const wb = await load(d.buf);
    const ws = wb.getWorksheet(ANSWER_SHEET)!;
    ws.getRow(rowOf(ws, '6')).getCell(col(ws, '取組内容・実績')).value = 'キャッシュレス決済の事業者を選定中';
    const res = await upload(as.secretariat, f, f.rounds.R2, await save(wb), { departmentId: f.departments.zaisei });
    expect(res.status).toBe(200);
    expect(res.body.department.name).toBe('財政課');
    const [row] = await store.db.select().from(reports).where(eq(reports.id, f.reports['R2.A5']!));
    expect(row).toMatchObject({ narrative: 'キャッシュレス決済の事業者を選定中', updatedBy: 's1:事務局' });
  });

  describe('refusals write nothing', () => {
    async function refused(who: string, fx: PdcaFixture, roundId: string, buf: Buffer, opts: { departmentId?: string; name?: string } = {}) {
      const before = await snapshot(f);
      const res = await upload(who, fx, roundId, buf, opts);
      expect(await snapshot(f)).toEqual(before);
      return res;
    }
    const fresh = async () => (await download(as.somu, workbookPath(f, f.departments.somu))).buf;

    it('a workbook of another round', async () => {
      const res = await refused(as.secretariat, f, f.rounds.R3, await fresh());
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('other_round');
      expect(res.body.error.message).toContain('別の照会「令和7年度実績」');
    });

    it('a workbook of another municipality', async () => {
      const res = await refused(as.foreign, g, g.rounds.R2, await fresh());
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('other_municipality');
      expect(res.body.error.message).toContain(`団体コード ${f.municipality.code}`);
    });

    it('a workbook of another department', async () => {
      const buf = await fresh();
      const byReporter = await refused(as.zaisei, f, f.rounds.R2, buf);
      expect(byReporter.status).toBe(403);
      expect(byReporter.body.error.message).toContain('総務課の回答用ファイル');
      const bySecretariat = await refused(as.secretariat, f, f.rounds.R2, buf, { departmentId: f.departments.zaisei });
      expect(bySecretariat.status).toBe(422);
      expect(bySecretariat.body.error.code).toBe('other_department');
    });

    it('edited key columns, and edited metadata (checksum)', async () => {
      const wb = await load(await fresh());
      const ws = wb.getWorksheet(ANSWER_SHEET)!;
      const r = rowOf(ws, '5');
      ws.getRow(r).getCell(col(ws, '実施項目')).value = '書かない窓口の導入（改）';
      ws.getRow(r).getCell(col(ws, '進捗状況')).value = '○';
      const res = await refused(as.somu, f, f.rounds.R2, await save(wb));
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('keys_edited');
      expect(res.body.error.fields).toEqual([{ path: `rows.${r}`, message: expect.stringContaining('実施項目の列が変更されています') }]);

      const wb2 = await load(await fresh());
      const meta = wb2.getWorksheet(META_SHEET)!;
      for (let i = 1; i <= 15; i++) if (meta.getCell(i, 1).value === 'departmentName') meta.getCell(i, 2).value = '財政課';
      const res2 = await refused(as.somu, f, f.rounds.R2, await save(wb2));
      expect(res2.status).toBe(422);
      expect(res2.body.error.code).toBe('checksum');
    });

    it('a status that is not in the legend and text too long — all rows reported together', async () => {
      const wb = await load(await fresh());
      const ws = wb.getWorksheet(ANSWER_SHEET)!;
      ws.getRow(rowOf(ws, '5')).getCell(col(ws, '進捗状況')).value = '◎';
      ws.getRow(rowOf(ws, '6')).getCell(col(ws, '取組内容・実績')).value = 'あ'.repeat(4001);
      const res = await refused(as.somu, f, f.rounds.R2, await save(wb));
      expect(res.status).toBe(422);
      const msgs = res.body.error.fields!.map((x) => x.message);
      expect(msgs).toEqual([
        expect.stringMatching(/^\d+行目（整理番号5「書かない窓口の導入」）: 進捗状況「◎」は凡例にありません。「○」「△」「×」「－」のいずれかを選んでください。$/),
        expect.stringContaining('4000文字以内'),
      ]);
      expect(res.body.error.message).toContain('何も保存していません');
    });

    it('files that are not spreadsheets, or corrupt', async () => {
      const text = await refused(as.somu, f, f.rounds.R2, Buffer.from('整理番号,進捗状況\n5,○\n'), { name: 'kaitou.csv' });
      expect(text.status).toBe(422);
      expect(text.body.error.code).toBe('not_a_workbook');
      expect(text.body.error.message).toContain('Excelファイル（.xlsx）として読み込めません');
      const truncated = await refused(as.somu, f, f.rounds.R2, original.subarray(0, 2000));
      expect(truncated.status).toBe(422);
      expect(truncated.body.error.code).toBe('not_a_workbook');
      // a spreadsheet, but not one of ours
      const plain = new ExcelJS.Workbook();
      plain.addWorksheet('Sheet1').getCell('A1').value = '整理番号';
      const foreignBook = await refused(as.somu, f, f.rounds.R2, await save(plain));
      expect(foreignBook.status).toBe(422);
      expect(foreignBook.body.error.code).toBe('not_our_workbook');
    });

    it('a report saved on screen after the file was made (409, nothing overwritten)', async () => {
      const buf = await fresh();
      const [a4] = await store.db.select().from(reports).where(eq(reports.id, f.reports['R2.A4']!));
      const res0 = await app.request(`/api/m/${f.municipality.code}/reports/${f.reports['R2.A4']}`, {
        method: 'PATCH',
        headers: { ...headers(as.somu), 'content-type': 'application/json' },
        body: JSON.stringify({ version: a4!.version, issues: '画面から保存した課題' }),
      });
      expect(res0.status).toBe(200);
      const wb = await load(buf);
      const ws = wb.getWorksheet(ANSWER_SHEET)!;
      ws.getRow(rowOf(ws, '5')).getCell(col(ws, '課題')).value = 'Excelで書いた課題';
      const res = await refused(as.somu, f, f.rounds.R2, await save(wb));
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('stale_workbook');
      expect(res.body.error.fields![0]!.message).toContain('整理番号5');
    });

    it('viewers may not upload; a missing file is a 422', async () => {
      const v = await refused(as.viewer, f, f.rounds.R2, await fresh());
      expect(v.status).toBe(403);
      const before = await snapshot();
      const res = await app.request(`/api/m/${f.municipality.code}/rounds/${f.rounds.R2}/imports/workbook`, { method: 'POST', headers: headers(as.somu), body: new FormData() });
      expect(res.status).toBe(422);
      expect(await snapshot()).toEqual(before);
    });
  });
});
