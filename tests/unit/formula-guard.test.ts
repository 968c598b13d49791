/**
 * Every CSV and workbook cell the system writes is guarded against formula injection by the one
 * guard (shared/formulaGuard.ts): each writer is given hostile text in every text field, and no
 * cell of the file may start with = + - @ TAB CR or LF unless it is a plain negative number.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { AUDIT_CSV_HEADER, csvLine } from '../../src/modules/audit/domain/csv.js';
import { fiscalTableCsv } from '../../src/modules/finance/http/csv.js';
import { activationCsv } from '../../src/modules/onboarding/domain/result.js';
import { RESOURCES, RESOURCE_IDS, record } from '../../src/modules/publish/domain/opendata.js';
import { toCsv } from '../../src/modules/publish/opendata/csv.js';
import { departmentRows, FIRST_DATA_ROW, workbookColumns, WORKBOOK_FORMAT, WORKBOOK_FORMAT_VERSION, type WorkbookMeta } from '../../src/modules/exports/domain/departmentWorkbook.js';
import { readDepartmentWorkbook, writeDepartmentWorkbook } from '../../src/modules/exports/xlsx/departmentWorkbook.js';
import { presetByKey } from '../../src/modules/pdca/domain/legend.js';
import { EMPTY_REPORT } from '../../src/modules/pdca/domain/report.js';
import { guardCell, guardFormula, guardWorkbook, isFormulaLike, unguardFormula } from '../../src/shared/formulaGuard.js';
import type { FiscalTableDto } from '../../src/shared/api-types-finance.js';

const HOSTILE = ["=cmd|'/C calc'!A0", '@SUM(1)', '-1+cmd', '+1', '\t=1', '\r=1', '=HYPERLINK("http://x","y")'];

/** A cell is safe when it cannot start a formula: not formula-like, or a plain negative number. */
const unsafe = (cell: string) => isFormulaLike(cell);

const csvCells = (text: string): string[] => (parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][]).flat();

describe('the guard', () => {
  it('guards formula-like text and leaves numbers, a lone dash and ordinary text alone', () => {
    for (const h of HOSTILE) expect(guardFormula(h)).toBe(`'${h}`);
    for (const ok of ['-', '-12', '-12.5', '-1,234', '-1,234.5', '-3%', '総務課', '△1,234', "'quoted", '']) expect(guardFormula(ok)).toBe(ok);
    expect(guardFormula('-1,23')).toBe("'-1,23");
    expect(guardCell(-5)).toBe(-5);
    expect(guardCell(null)).toBe(null);
    expect(guardFormula(guardFormula('=1'))).toBe("'=1");
    for (const h of HOSTILE) expect(unguardFormula(guardFormula(h))).toBe(h);
    expect(unguardFormula("'plain")).toBe("'plain");
  });
});

describe('CSV writers', () => {
  it('the fiscal-table CSV: title, unit line, section names, labels, figures and source', () => {
    for (const h of HOSTILE) {
      const t = {
        title: h,
        unitLine: h,
        source: h,
        columns: [{ fiscalYear: 2026, kind: 'plan', short: 'R8', label: 'R8' }],
        rows: [
          { id: 'r1', sortOrder: 1, section: h, label: h, rowKind: 'item', values: [{ fiscalYear: 2026, kind: 'plan', value: 1, text: h }] },
          { id: 'r2', sortOrder: 2, section: h, label: '歳入計', rowKind: 'total', values: [{ fiscalYear: 2026, kind: 'plan', value: -1234, text: '-1,234' }] },
        ],
      } as unknown as FiscalTableDto;
      const cells = csvCells(fiscalTableCsv(t));
      expect(cells.filter(unsafe)).toEqual([]);
      expect(cells).toContain(`'${h}`);
      // a figure stays a figure
      expect(cells).toContain('-1,234');
    }
  });

  it('open data: every resource, every text field', () => {
    for (const id of RESOURCE_IDS) {
      const def = RESOURCES[id];
      const values = Object.fromEntries(def.fields.map((x) => [x.id, x.type === 'integer' || x.type === 'number' ? -5 : x.type === 'boolean' ? true : x.type === 'list' ? HOSTILE : HOSTILE[0]!]));
      const cells = csvCells(toCsv(def, [record(def, { code: '432041', name: HOSTILE[1]! }, values)]));
      expect(cells.filter(unsafe), id).toEqual([]);
      if (def.fields.some((x) => x.type === 'integer')) expect(cells).toContain('-5');
    }
  });

  it('the audit log and the activation codes', () => {
    const audit = csvCells(csvLine(AUDIT_CSV_HEADER) + csvLine(HOSTILE));
    expect(audit.filter(unsafe)).toEqual([]);
    const codes = csvCells(activationCsv('432041', HOSTILE.map((h) => ({ userId: 'u1', loginId: h, name: h, code: h, expiresAt: '2026-04-01T00:00:00Z' }))));
    expect(codes.filter(unsafe)).toEqual([]);
  });
});

/** Every text of every cell of every sheet, as stored in the file. */
async function workbookTexts(buffer: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value;
        if (typeof v === 'string') out.push(v);
        else if (v && typeof v === 'object' && 'richText' in v) out.push(v.richText.map((r) => r.text).join(''));
        else if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) out.push('=formula');
      }),
    ),
  );
  return out;
}

describe('workbook writers', () => {
  it('guardWorkbook guards plain and rich text cells, not numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    HOSTILE.forEach((h, i) => (ws.getCell(i + 1, 1).value = h));
    ws.getCell(1, 2).value = { richText: [{ text: '=1' }, { text: '+2' }] };
    ws.getCell(2, 2).value = -3;
    guardWorkbook(wb);
    const texts = await workbookTexts(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(texts.filter(unsafe)).toEqual([]);
    expect(texts).toContain("'=1+2");
    expect(ws.getCell(2, 2).value).toBe(-3);
  });

  it("the department's answer workbook: guarded in the file, the same text when read back", async () => {
    const status = presetByKey('maru-sankaku')!.values;
    const legends = { status, achievement: null };
    const fields = ['status', 'narrative'];
    const columns = workbookColumns(fields, legends, { fyShort: 'R7', previousLabel: null });
    const R1 = '11111111-1111-4111-8111-111111111111';
    const meta: WorkbookMeta = {
      format: WORKBOOK_FORMAT,
      formatVersion: WORKBOOK_FORMAT_VERSION,
      municipalityCode: '432041',
      roundId: 'round-1',
      roundLabel: HOSTILE[0]!,
      planId: 'plan-1',
      departmentId: 'dept-1',
      departmentName: HOSTILE[1]!,
      generatedAt: '2026-04-01T00:00:00.000Z',
      generatedBy: HOSTILE[2]!,
      fields,
      columns: columns.map((c) => c.key),
      firstDataRow: FIRST_DATA_ROW,
      keys: [{ reportId: R1, version: 1, number: HOSTILE[3]!, title: HOSTILE[0]! }],
    };
    const rows = departmentRows(
      meta.keys.map((k) => ({
        reportId: k.reportId,
        version: k.version,
        state: 'draft',
        number: k.number,
        title: k.title,
        path: [HOSTILE[4]!],
        lead: true,
        leadName: HOSTILE[1]!,
        phaseText: HOSTILE[2]!,
        content: { ...EMPTY_REPORT, narrative: HOSTILE[6]! },
        previous: null,
      })),
      columns,
      legends,
    );
    const { buffer } = await writeDepartmentWorkbook({ meta, columns, rows, instructions: HOSTILE, legendTables: [], heading: { title: HOSTILE[0]!, note: HOSTILE[5]! } });
    const texts = await workbookTexts(buffer);
    expect(texts.filter(unsafe)).toEqual([]);
    expect(texts).toContain(`'${HOSTILE[6]}`);
    const read = await readDepartmentWorkbook(buffer);
    expect(read.checksumOk).toBe(true);
    expect(read.meta).toEqual(meta);
    expect(read.rows[0]!.cells.narrative).toBe(HOSTILE[6]);
    expect(read.rows[0]!.cells.title).toBe(HOSTILE[0]);
  });

  it('every writer in src goes through the guard (a new writer must too)', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name)) files.push(p);
      }
    };
    walk(path.resolve('src'));
    const writers = files.filter((f) => {
      const s = fs.readFileSync(f, 'utf8');
      // xlsx and CSV writers: exceljs, csv-stringify, the audit CSV's csvLine, or CSV lines joined by hand
      return /xlsx\.writeBuffer|xlsx\.write\(|from 'csv-stringify|csvLine\(|join\(','\).*\\r\\n/.test(s) && !/formulaGuard|from '\.\.\/domain\/csv\.js'|from '\.\.\/domain\/opendata\.js'/.test(s);
    });
    expect(writers.map((f) => path.relative(process.cwd(), f))).toEqual([]);
  });
});
