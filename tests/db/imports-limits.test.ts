/**
 * Uploads are bounded before they are unpacked, and read off the event loop: an .xlsx that inflates far beyond
 * its size (declared or forged), a sheet over the cell or row limit, a CSV over the row limit are refused with
 * a message naming the limit and the file's figure; a file that needs more memory or time than a parse worker
 * has is refused cleanly; the server answers other requests while a large file is being read. Every fixture
 * is made here (no large files in the repository).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import JSZip from 'jszip';
import type { Store } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import { importUploads } from '../../src/db/schema.js';
import { MAX_UNZIPPED_BYTES } from '../../src/modules/exports/domain/departmentWorkbook.js';
import { checkZipDirectory, inspectXlsx, sheetExtent } from '../../src/modules/imports/parsers/bounds.js';
import { parseUploadFile } from '../../src/modules/imports/parsers/index.js';
import { configureImportParsing, importParseCounts } from '../../src/modules/imports/parsers/parseOffThread.js';
import { saveLegends } from '../../src/modules/pdca/commands/legends.js';
import { createPlan } from '../../src/modules/plans/commands/plans.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type { ImportUploadDto } from '../../src/shared/api-types-imports.js';
import { SPREADSHEET_LIMITS } from '../../src/shared/spreadsheetLimits.js';
import { backends, createTestMunicipality, openTestStore, run } from '../support/stores.js';

const L = SPREADSHEET_LIMITS;
const num = (n: number) => n.toLocaleString('ja-JP');

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const col = (n: number) => {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

/** A minimal workbook: one sheet of the given XML rows, optionally shared strings. */
async function xlsx(sheetRows: string, sharedStrings?: string): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      (sharedStrings ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '') +
      '</Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  zip.file(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>',
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      (sharedStrings ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' : '') +
      '</Relationships>',
  );
  zip.file(
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`,
  );
  if (sharedStrings) zip.file('xl/sharedStrings.xml', sharedStrings);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${esc(text)}</t></is></c>`;

/** A table of `rows` × `cols` distinct texts, the first row its headings. */
function denseRows(rows: number, cols: number): string {
  const out: string[] = [];
  for (let r = 1; r <= rows; r++) {
    let cells = '';
    for (let c = 1; c <= cols; c++) cells += inline(`${col(c)}${r}`, r === 1 ? `見出し${c}` : `取組${r}-${c}`);
    out.push(`<row r="${r}">${cells}</row>`);
  }
  return out.join('');
}

/** The bomb: one shared string of `bytes` characters (compresses about a thousandfold). */
async function bomb(bytes: number): Promise<Uint8Array> {
  const sst = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>${'あ'.repeat(bytes / 3)}</t></si></sst>`;
  return xlsx('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', sst);
}

/** The same zip with every size of `name` rewritten to `declared` (a forged directory). */
function forgeSize(bytes: Uint8Array, name: string, declared: number): Uint8Array {
  const b = Buffer.from(bytes);
  const nameBytes = Buffer.from(name, 'utf8');
  for (let i = 0; i < b.length - 4; i++) {
    const sig = b.readUInt32LE(i);
    if (sig === 0x02014b50 && b.subarray(i + 46, i + 46 + nameBytes.length).equals(nameBytes)) b.writeUInt32LE(declared, i + 24);
    if (sig === 0x04034b50 && b.subarray(i + 30, i + 30 + nameBytes.length).equals(nameBytes)) b.writeUInt32LE(declared, i + 22);
  }
  return new Uint8Array(b);
}

describe('limits of an upload, before it is unpacked', () => {
  it('is one definition, shared with the departments’ answer workbooks', () => {
    expect(MAX_UNZIPPED_BYTES).toBe(L.maxUnzippedBytes);
  });

  it('refuses an xlsx bomb from its central directory alone, naming the part and its unpacked size', async () => {
    const file = await bomb(30 * 1024 * 1024);
    expect(file.byteLength).toBeLessThan(200 * 1024);
    const err = (() => {
      try {
        checkZipDirectory(file, 'bomb.xlsx');
      } catch (e) {
        return e as { status: number; message: string };
      }
      return null;
    })();
    expect(err?.status).toBe(413);
    expect(err?.message).toContain('ファイル「bomb.xlsx」の中の「xl/sharedStrings.xml」は展開すると30.0 MBになり、1つの部分の上限（24.0 MB）を超えています。');
  });

  it('refuses a part that inflates beyond the size its directory declares (forged), without inflating it all', async () => {
    const file = forgeSize(await bomb(6 * 1024 * 1024), 'xl/sharedStrings.xml', 1000);
    expect(() => checkZipDirectory(file, 'forged.xlsx')).not.toThrow();
    expect(() => inspectXlsx(file, 'forged.xlsx')).toThrow('ファイル「forged.xlsx」の中の「xl/sharedStrings.xml」は、記録された大きさ（1000 バイト）より大きく展開されます（不正なファイルです）。');
  });

  it('refuses a sheet whose cells, rows or columns exceed the limits, from its XML before exceljs reads it', async () => {
    // one cell at the last allowed column in each row: few cells in the file, a huge table once read
    const rows = Math.floor(L.maxCells / L.maxColumns) + 1;
    const sparse = Array.from({ length: rows }, (_, i) => `<row r="${i + 1}">${inline(`${col(L.maxColumns)}${i + 1}`, 'x')}</row>`).join('');
    const file = await xlsx(sparse);
    expect(sheetExtent(sparse)).toEqual({ rows, columns: L.maxColumns, cells: rows * L.maxColumns });
    await expect(parseUploadFile(file, 'sparse.xlsx')).rejects.toThrow(
      `ファイル「sparse.xlsx」のセルは${num(rows * L.maxColumns)}個以上あり、上限（${num(L.maxCells)}個）を超えています。`,
    );
    // a row far below the rest
    await expect(parseUploadFile(await xlsx(`<row r="${L.maxRows + 1}">${inline(`A${L.maxRows + 1}`, 'x')}</row>`), 'far.xlsx')).rejects.toThrow(
      `行数の上限（${num(L.maxRows)}行）を超えています。`,
    );
    await expect(parseUploadFile(await xlsx(`<row r="1">${inline(`${col(L.maxColumns + 1)}1`, 'x')}</row>`), 'wide.xlsx')).rejects.toThrow(
      `ファイル「wide.xlsx」のシート（sheet1.xml）は${num(L.maxColumns + 1)}列あり、列数の上限（${num(L.maxColumns)}列）を超えています。`,
    );
    // within the limits, the same shape reads
    const ok = await parseUploadFile(await xlsx(denseRows(3, 4)), 'ok.xlsx');
    expect(ok.sheets[0]!.rows.map((r) => r.length)).toEqual([4, 4, 4]);
  });

  it('refuses a CSV over the row limit, and over the cell limit, while reading it', async () => {
    const rows = new TextEncoder().encode('番号\n' + '1\n'.repeat(L.maxRows));
    await expect(parseUploadFile(rows, 'long.csv')).rejects.toThrow(`ファイル「long.csv」は${num(L.maxRows + 1)}行あり、行数の上限（${num(L.maxRows)}行）を超えています。`);
    const wide = new TextEncoder().encode(`${Array.from({ length: 500 }, (_, i) => `列${i}`).join(',')}\n`.repeat(L.maxCells / 500 + 1));
    await expect(parseUploadFile(wide, 'wide.csv')).rejects.toThrow(`ファイル「wide.csv」のセルは${num(L.maxCells / 500 + 1)}行目までで${num(L.maxCells + 500)}個になり、上限（${num(L.maxCells)}個）を超えています。`);
    const exactly = new TextEncoder().encode('番号\n' + '1\n'.repeat(L.maxRows - 1));
    expect((await parseUploadFile(exactly, 'exactly.csv')).sheets[0]!.rows).toHaveLength(L.maxRows);
  });
});

describe.each(backends())('uploads read off the event loop on %s', (kind) => {
  let store: Store;
  let m: { id: string; code: string };
  let planId: string;
  /** a table near the cell limit: 12,000 rows × 24 columns, 2–4 s to read */
  let heavy: Uint8Array;

  const send = async (method: string, path: string, body?: FormData | object) => {
    const res = await createApp({ store }).request(`/api/m/${m.code}${path}`, {
      method,
      headers: { 'x-requested-with': 'gyokaku', ...(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as unknown, at: performance.now() };
  };
  const uploadForm = (bytes: Uint8Array, name: string) => {
    const form = new FormData();
    form.set('planId', planId);
    form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
    return form;
  };
  const uploadsOf = async () => (await store.db.select({ id: importUploads.id }).from(importUploads).where(eq(importUploads.municipalityId, m.id))).map((r) => r.id).sort();

  beforeAll(async () => {
    store = await openTestStore(kind);
    m = await createTestMunicipality(store.db, '上限市');
    planId = await run(store, m.id, async (ctx) => {
      const plan = await createPlan(ctx, { kind: '実行計画', title: '上限市 行政改革実施計画', firstFiscalYear: 2019, lastFiscalYear: 2023, levelNames: ['施策', '具体的な取組'], stages: [{ stage: '決定', date: '2019-04-01' }] });
      await saveLegends(ctx, plan.id, { status: { version: 0, preset: 'maru-sankaku' } });
      return plan.id;
    });
    heavy = await xlsx(denseRows(12_000, 24));
  });
  afterEach(() => configureImportParsing());
  afterAll(async () => {
    await configureImportParsing();
    await store.close();
  });

  it('refuses the bomb over HTTP with 413 and its figures, before any worker unpacks it; nothing is stored', async () => {
    const before = { uploads: await uploadsOf(), parses: importParseCounts().worker };
    const res = await send('POST', '/imports/uploads', uploadForm(await bomb(30 * 1024 * 1024), 'bomb.xlsx'));
    expect(res.status).toBe(413);
    expect((res.body as ApiErrorBody).error.message).toContain('展開すると30.0 MBになり、1つの部分の上限（24.0 MB）を超えています。');
    expect(importParseCounts().worker).toBe(before.parses);
    expect(await uploadsOf()).toEqual(before.uploads);
  });

  it('refuses a file that needs more memory, or more time, than a parse worker has; earlier uploads are kept', async () => {
    const small = new TextEncoder().encode('整理番号,施策,具体的な取組\n1,協働の推進,窓口の見直し\n');
    const kept = await send('POST', '/imports/uploads', uploadForm(small, 'kept.csv'));
    expect(kept.status, JSON.stringify(kept.body)).toBe(201);
    const before = await uploadsOf();
    expect(before).toContain((kept.body as ImportUploadDto).sessionId);

    await configureImportParsing({ memoryMb: 48 });
    const oom = await send('POST', '/imports/uploads', uploadForm(heavy, 'heavy.xlsx'));
    expect(oom.status).toBe(422);
    expect((oom.body as ApiErrorBody).error.message).toBe(
      'ファイル「heavy.xlsx」は、読み込みに必要なメモリが上限（48 MB）を超えたため、読み込みを中止しました。表を分けるか、不要なシート・書式・画像を削除してから取り込んでください（何も保存していません）。',
    );
    // the worker was replaced: the next file reads
    expect((await send('POST', '/imports/uploads', uploadForm(small, 'after.csv'))).status).toBe(201);

    await configureImportParsing({ timeoutMs: 200 });
    const slow = await send('POST', '/imports/uploads', uploadForm(heavy, 'heavy.xlsx'));
    expect(slow.status).toBe(422);
    expect((slow.body as ApiErrorBody).error.message).toBe(
      'ファイル「heavy.xlsx」は、読み込みが時間の上限（200ミリ秒）を超えたため中止しました。表を分けるか、不要なシート・書式を削除してから取り込んでください（何も保存していません）。',
    );
    const after = await uploadsOf();
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after).toHaveLength(before.length + 1);
  });

  it('answers other requests while a large file is being read', async () => {
    const parsesBefore = importParseCounts().worker;
    const started = performance.now();
    const upload = send('POST', '/imports/uploads', uploadForm(heavy, 'heavy.xlsx'));
    // requests issued while the file is read: each returns before the upload does
    await new Promise((r) => setTimeout(r, 300));
    const during = [];
    for (let i = 0; i < 3; i++) {
      during.push(await send('GET', '/imports/mappings'));
      await new Promise((r) => setTimeout(r, 100));
    }
    const done = await upload;
    expect(done.status, JSON.stringify(done.body).slice(0, 300)).toBe(201);
    expect((done.body as ImportUploadDto).sheets?.length ?? 1).toBeGreaterThan(0);
    for (const r of during) {
      expect(r.status).toBe(200);
      expect(r.at).toBeLessThan(done.at);
    }
    // the read itself ran in a worker thread and took long enough for the above to mean something
    expect(importParseCounts().worker).toBe(parsesBefore + 1);
    expect(done.at - started).toBeGreaterThan(during[during.length - 1]!.at - started);
  }, 60_000);
});
