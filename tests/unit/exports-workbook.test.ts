import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  ANSWER_SHEET,
  departmentRows,
  draftFromRow,
  FIRST_DATA_ROW,
  META_SHEET,
  planUpload,
  workbookColumns,
  workbookProblem,
  WORKBOOK_FORMAT,
  WORKBOOK_FORMAT_VERSION,
  type CurrentReport,
  type UploadedRow,
  type WorkbookMeta,
} from '../../src/modules/exports/domain/departmentWorkbook.js';
import { checksumOf, readDepartmentWorkbook, writeDepartmentWorkbook } from '../../src/modules/exports/xlsx/departmentWorkbook.js';
import { presetByKey } from '../../src/modules/pdca/domain/legend.js';
import { EMPTY_REPORT, type ReportContent } from '../../src/modules/pdca/domain/report.js';

const status = presetByKey('maru-sankaku')!.values;
const achievement = presetByKey('achievement')!.values;
const legends = { status, achievement };
const fields = ['status', 'achievement', 'narrative', 'effect', 'hoursSaved'];
const columns = workbookColumns(fields, legends, { fyShort: 'R7', previousLabel: 'R6年度実績' });
const keys = columns.map((c) => c.key);
const R1 = '11111111-1111-4111-8111-111111111111';
const R2 = '22222222-2222-4222-8222-222222222222';

const meta = (over: Partial<WorkbookMeta> = {}): WorkbookMeta => ({
  format: WORKBOOK_FORMAT,
  formatVersion: WORKBOOK_FORMAT_VERSION,
  municipalityCode: '432041',
  roundId: 'round-1',
  roundLabel: '令和7年度実績',
  planId: 'plan-1',
  departmentId: 'dept-1',
  departmentName: '総務課',
  generatedAt: '2026-04-01T00:00:00.000Z',
  generatedBy: '事務局',
  fields,
  columns: keys,
  firstDataRow: FIRST_DATA_ROW,
  keys: [
    { reportId: R1, version: 3, number: '1', title: 'ＲＰＡの導入' },
    { reportId: R2, version: 1, number: '2', title: '補助金の見直し' },
  ],
  ...over,
});
const row = (n: number, cells: Record<string, string | number | boolean | null>): UploadedRow => ({ rowNumber: n, cells });
const keyCells = (i: 0 | 1) => {
  const k = meta().keys[i]!;
  return { reportId: k.reportId, number: k.number, title: k.title };
};
const expected = { municipalityCode: '432041', roundId: 'round-1', roundLabel: '令和7年度実績', departmentId: null, departmentName: null };

describe('workbook columns and rows', () => {
  it('asks one column per asked field, with drop-downs from the legend', () => {
    expect(keys).toEqual([
      'reportId', 'number', 'title', 'path', 'role', 'phase', 'state', 'previousStatus', 'previousNarrative',
      'status', 'achievement', 'narrative', 'effectRevenueYen', 'effectExpenseYen', 'effectKind', 'hoursSaved',
    ]);
    expect(columns.find((c) => c.key === 'status')!.list).toEqual(['○', '△', '×', '－']);
    expect(columns.find((c) => c.key === 'effectKind')!.list).toEqual(['単年度（一時的）', '継続的（毎年度）']);
    expect(columns.filter((c) => c.editable).map((c) => c.key)).toEqual(keys.slice(9));
    expect(workbookColumns(['status'], { status, achievement: null }, { fyShort: 'R7', previousLabel: null }).map((c) => c.key)).not.toContain('previousStatus');
  });

  it('pre-fills the stored answer and locks reports that left the department', () => {
    const content: ReportContent = { ...EMPTY_REPORT, statusCode: 'partial', effectRevenueYen: 1200, effectKind: 'recurring', hoursSavedTenths: 125 };
    const [r] = departmentRows(
      [{ reportId: R1, version: 3, state: 'submitted', number: '1', title: 't', path: ['1 重点', '(1) 施策'], lead: false, leadName: '財政課', phaseText: '→', content, previous: { statusSymbol: '×', narrative: '前回' } }],
      columns,
      legends,
    );
    expect(r!.editable).toBe(false);
    expect(r!.values).toMatchObject({ status: '△', effectRevenueYen: 1200, effectKind: '継続的（毎年度）', hoursSaved: 12.5, role: '共管（主担当: 財政課）', path: '1 重点 ＞ (1) 施策', state: '提出済み（課長承認待ち）（変更不可）', previousStatus: '×' });
  });
});

describe('reading a row', () => {
  const k = { number: '1', title: 'ＲＰＡの導入' };
  it('turns marks, words, yen, hours and choices into a draft', () => {
    const { draft, errors } = draftFromRow(
      row(5, { status: '〇', achievement: '一部達成', narrative: 'a\r\nb', effectRevenueYen: '１，２００円', effectExpenseYen: 300, effectKind: '単年度（一時的）', hoursSaved: '12.5時間' }),
      k,
      keys.slice(9),
      legends,
    );
    expect(errors).toEqual([]);
    expect(draft).toEqual({ statusCode: 'done', achievementCode: 'partly', narrative: 'a\nb', effectRevenueYen: '１，２００円', effectExpenseYen: 300, effectKind: 'one_off', hoursSavedTenths: 125 });
    expect(draftFromRow(row(5, { status: '―' }), k, ['status'], legends).draft).toEqual({ statusCode: 'later' });
    expect(draftFromRow(row(5, { status: null, hoursSaved: 3 }), k, ['status', 'hoursSaved'], legends).draft).toEqual({ statusCode: null, hoursSavedTenths: 30 });
  });

  it('reports each bad cell with the row and 整理番号', () => {
    const { errors } = draftFromRow(row(7, { status: '◎', effectKind: '毎年', hoursSaved: 1.25 }), k, ['status', 'effectKind', 'hoursSaved'], legends);
    expect(errors.map((e) => e.message)).toEqual([
      '7行目（整理番号1「ＲＰＡの導入」）: 進捗状況「◎」は凡例にありません。「○」「△」「×」「－」のいずれかを選んでください。',
      '7行目（整理番号1「ＲＰＡの導入」）: 効果の種類は「単年度（一時的）」か「継続的（毎年度）」を選んでください。',
      '7行目（整理番号1「ＲＰＡの導入」）: 削減時間は0以上の数値（時間、小数第1位まで。例: 12.5）で入力してください。',
    ]);
    expect(draftFromRow(row(7, { achievement: '達成' }), k, ['achievement'], { status, achievement: null }).errors[0]!.message).toContain('達成度の凡例が設定されていません');
  });
});

describe('whether a file belongs here', () => {
  const rows = [row(5, keyCells(0)), row(6, keyCells(1))];
  it('accepts our file unchanged', () => {
    expect(workbookProblem(meta(), true, rows, expected)).toBeNull();
    // a number retyped as a number still matches
    expect(workbookProblem(meta(), true, [row(5, { ...keyCells(0), number: 1 }), rows[1]!], expected)).toBeNull();
  });
  it('refuses other formats, municipalities, rounds, departments, checksums and edited keys', () => {
    expect(workbookProblem(meta({ format: 'x' }), true, rows, expected)?.code).toBe('not_our_workbook');
    expect(workbookProblem(meta({ municipalityCode: '012025' }), true, rows, expected)?.message).toBe(
      'このファイルは別の団体（団体コード 012025）の回答用ファイルです。この団体（団体コード 432041）には取り込めません。',
    );
    expect(workbookProblem(meta({ roundId: 'round-0', roundLabel: '令和6年度実績' }), true, rows, expected)?.code).toBe('other_round');
    expect(workbookProblem(meta(), true, rows, { ...expected, departmentId: 'dept-2', departmentName: '財政課' })?.message).toBe('このファイルは総務課の回答用ファイルです。財政課の回答として取り込むことはできません。');
    expect(workbookProblem(meta(), false, rows, expected)?.code).toBe('checksum');
    const edited = workbookProblem(meta(), true, [row(5, { ...keyCells(0), title: 'RPA' }), row(6, { ...keyCells(1), reportId: R1 })], expected);
    expect(edited?.code).toBe('keys_edited');
    expect(edited?.fields?.map((f) => f.message)).toEqual([
      '5行目: 実施項目の列が変更されています（元は整理番号1「ＲＰＡの導入」）。キー列は変更できません。',
      '6行目: 報告IDの列が変更されています（元は整理番号2「補助金の見直し」）。キー列は変更できません。',
    ]);
    expect(workbookProblem(meta(), true, [rows[0]!], expected)?.fields?.[0]?.message).toContain('行を削除しないでください');
    expect(workbookProblem(meta(), true, [...rows, row(7, { narrative: 'x' })], expected)?.fields?.[0]?.message).toContain('7行目以降に行が追加されています');
  });
});

describe('planning an upload', () => {
  const rules = { fields, status, achievement };
  const current = (over: Partial<CurrentReport>[]): Map<string, CurrentReport> =>
    new Map(
      [
        { reportId: R1, nodeId: 'n1', state: 'draft' as const, version: 3, content: { ...EMPTY_REPORT, statusCode: 'partial' } },
        { reportId: R2, nodeId: 'n2', state: 'not_started' as const, version: 1, content: EMPTY_REPORT },
      ].map((c, i) => [c.reportId, { ...c, ...over[i] }]),
    );
  const base = (cells: [Record<string, string | number | null>, Record<string, string | number | null>]) => [
    row(5, { ...keyCells(0), ...cells[0] }),
    row(6, { ...keyCells(1), ...cells[1] }),
  ];
  const dept = new Set(['n1', 'n2']);

  it('saves changed rows with the stored version, counts unchanged ones', () => {
    const p = planUpload({ meta: meta(), rows: base([{ status: '△' }, { status: '○', effectRevenueYen: 5000 }]), current: current([]), departmentNodeIds: dept, rules, legends });
    expect(p).toMatchObject({ unchanged: 1, skipped: [], stale: [], errors: [] });
    expect(p.saves).toEqual([expect.objectContaining({ reportId: R2, version: 1, number: '2' })]);
    expect(p.saves[0]!.draft).toMatchObject({ statusCode: 'done', effectRevenueYen: 5000, narrative: '' });
  });

  it('reports submitted rows instead of overwriting them, and refuses rows saved since', () => {
    const p = planUpload({ meta: meta(), rows: base([{ status: '○' }, { status: '○' }]), current: current([{ state: 'approved' }, { version: 2 }]), departmentNodeIds: dept, rules, legends });
    expect(p.saves).toEqual([]);
    expect(p.skipped.map((s) => s.message)).toEqual(['5行目（整理番号1「ＲＰＡの導入」）: 報告は「課長承認済み（事務局確認待ち）」のため、ファイルの内容は取り込みませんでした（変更するには差戻しを受けてください）。']);
    expect(p.stale.map((s) => s.reportId)).toEqual([R2]);
    // … unless this very file saved it
    const again = planUpload({ meta: meta(), rows: base([{ status: '△' }, { status: '○' }]), current: current([{}, { version: 2 }]), departmentNodeIds: dept, rules, legends, savedByThisFile: new Map([[R2, 2]]) });
    expect(again.stale).toEqual([]);
    expect(again.saves.map((s) => [s.reportId, s.version])).toEqual([[R2, 2]]);
  });

  it('collects rule problems of every row (yen must be an integer, reports of the round and department only)', () => {
    const p = planUpload({ meta: meta(), rows: base([{ status: '△', effectRevenueYen: 1200.5 }, { status: '○' }]), current: current([{}, { nodeId: 'elsewhere' }]), departmentNodeIds: dept, rules, legends });
    expect(p.errors.map((e) => e.path)).toEqual(['rows.5.effectRevenueYen', 'rows.6']);
    expect(p.errors[0]!.message).toContain('整数（円）');
    expect(p.errors[1]!.message).toContain('この課が担当する項目ではなくなっています');
    const missing = planUpload({ meta: meta(), rows: base([{}, {}]), current: new Map(), departmentNodeIds: dept, rules, legends });
    expect(missing.errors.map((e) => e.message)).toEqual([expect.stringContaining('この照会の報告ではありません'), expect.stringContaining('この照会の報告ではありません')]);
  });
});

describe('the workbook file', () => {
  const write = async (m: WorkbookMeta = meta()) => {
    const rows = departmentRows(
      m.keys.map((k) => ({ reportId: k.reportId, version: k.version, state: 'draft', number: k.number, title: k.title, path: [], lead: true, leadName: '総務課', phaseText: '', content: EMPTY_REPORT, previous: null })),
      columns,
      legends,
    );
    return writeDepartmentWorkbook({ meta: m, columns, rows, instructions: ['記入要領', '白いセルに入力してください。'], legendTables: [{ title: '進捗状況', values: status }], heading: { title: 't', note: 'n' } });
  };

  it('reads back what it wrote, with the checksum', async () => {
    const { buffer, checksum } = await write();
    expect(checksum).toBe(checksumOf(meta()));
    const read = await readDepartmentWorkbook(buffer);
    expect(read.checksumOk).toBe(true);
    expect(read.meta).toEqual(meta());
    expect(read.rows.map((r) => [r.rowNumber, r.cells.reportId, r.cells.title])).toEqual([
      [5, R1, 'ＲＰＡの導入'],
      [6, R2, '補助金の見直し'],
    ]);
  });

  it('uses a range on the metadata sheet when a drop-down list is too long to write inline', async () => {
    const long = status.map((v, i) => ({ ...v, symbol: `${'長い記号'.repeat(20)}${i}` }));
    const cols = workbookColumns(['status'], { status: long, achievement: null }, { fyShort: 'R7', previousLabel: null });
    const m = meta({ fields: ['status'], columns: cols.map((c) => c.key) });
    const rows = departmentRows(
      [{ reportId: R1, version: 1, state: 'draft', number: '1', title: 't', path: [], lead: true, leadName: null, phaseText: '', content: EMPTY_REPORT, previous: null }],
      cols,
      { status: long, achievement: null },
    );
    const { buffer } = await writeDepartmentWorkbook({ meta: { ...m, keys: [{ reportId: R1, version: 1, number: '1', title: 't' }] }, columns: cols, rows, instructions: [], legendTables: [], heading: { title: 't', note: 'n' } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const dv = wb.getWorksheet(ANSWER_SHEET)!.getCell(FIRST_DATA_ROW, cols.findIndex((c) => c.key === 'status') + 1).dataValidation;
    expect(dv.formulae).toEqual([`${META_SHEET}!$H$1:$H$4`]);
  });

  it('detects changed metadata', async () => {
    const { buffer } = await write();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    wb.getWorksheet(META_SHEET)!.getCell('B3').value = '012025';
    const read = await readDepartmentWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(read.meta.municipalityCode).toBe('012025');
    expect(read.checksumOk).toBe(false);
  });

  it('refuses what is not an xlsx', async () => {
    await expect(readDepartmentWorkbook(Buffer.from('%PDF-1.7'))).rejects.toMatchObject({ code: 'not_a_workbook', status: 422 });
    const JSZip = (await import('jszip')).default;
    const zip = new JSZip();
    zip.file('hello.txt', 'not a workbook');
    await expect(readDepartmentWorkbook(await zip.generateAsync({ type: 'nodebuffer' }))).rejects.toMatchObject({ code: 'not_a_workbook' });
  });
});
