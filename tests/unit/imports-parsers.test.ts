/** Reading uploads: signatures, encodings, delimiters, formulas with and without cached values, merges, empty sheets. */
import { describe, expect, it } from 'vitest';
import { decodeText, parseCsv } from '../../src/modules/imports/parsers/csv.js';
import { parseUploadFile, parseUploadText } from '../../src/modules/imports/parsers/index.js';
import { sniff } from '../../src/modules/imports/parsers/sniff.js';
import { parseXlsx } from '../../src/modules/imports/parsers/xlsx.js';
import { prepareTable } from '../../src/modules/imports/domain/prepare.js';
import * as F from '../fixtures/imports/make.js';

const message = async (p: Promise<unknown>) => {
  try {
    await p;
    return null;
  } catch (e) {
    return (e as Error).message;
  }
};

describe('file signatures', () => {
  it('tells a password-protected workbook from an old .xls and other files', () => {
    expect(sniff(F.encryptedXlsx()).kind).toBe('encrypted');
    const xls = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(xls);
    Buffer.from('Workbook', 'utf16le').copy(xls, 1024);
    expect(sniff(new Uint8Array(xls)).kind).toBe('xls');
    expect(sniff(F.corruptZip()).kind).toBe('zip');
    expect(sniff(F.pngBytes()).kind).toBe('image');
    expect(sniff(new TextEncoder().encode('%PDF-1.4')).kind).toBe('pdf');
    expect(sniff(new Uint8Array([1, 2, 0, 4])).kind).toBe('binary');
    expect(sniff(new Uint8Array(0)).kind).toBe('empty');
    expect(sniff(F.sjisCsv()).kind).toBe('text');
  });

  it('refuses what is not a readable spreadsheet, saying what to do', async () => {
    expect(await message(parseUploadFile(F.encryptedXlsx(), 'a.xlsx'))).toContain('パスワードで保護（暗号化）されているため読めません');
    expect(await message(parseUploadFile(F.corruptZip(), 'a.xlsx'))).toContain('ファイルが壊れているため開けません');
    expect(await message(parseUploadFile(await F.docxZip(), 'a.xlsx'))).toContain('Wordの文書');
    expect(await message(parseUploadFile(await F.emptyXlsx(), 'a.xlsx'))).toContain('はすべて空です');
    expect(await message(parseUploadFile(new Uint8Array(20 * 1024 * 1024 + 1), 'big.csv'))).toMatch(/^ファイルが大きすぎます（20\.0 MB）/);
    expect(() => parseUploadText('  \n ')).toThrow('貼り付けた文字が空です');
  });
});

describe('CSV and TSV', () => {
  it('detects UTF-8 with and without BOM, UTF-16 and Shift_JIS', () => {
    expect(decodeText(F.utf8BomCsv()).encoding).toBe('UTF-8（BOM付き）');
    expect(decodeText(F.sjisCsv())).toMatchObject({ encoding: 'Shift_JIS' });
    expect(decodeText(F.sjisCsv()).text.startsWith('整理番号,施策')).toBe(true);
    expect(decodeText(new TextEncoder().encode('整理番号')).encoding).toBe('UTF-8');
    expect(decodeText(new Uint8Array([0xff, 0xfe, ...Buffer.from('課', 'utf16le')]))).toEqual({ text: '課', encoding: 'UTF-16' });
  });

  it('reads quoted cells with commas and line breaks, rows of any length, and tabs', () => {
    const u = parseCsv(new TextEncoder().encode('整理番号,具体的な取組,担当課\n1,"研修の充実、出前講座","総務課\n財政課"\n2,短い行\n'), 'a.csv');
    expect(u.sheets[0]!.rows).toEqual([
      ['整理番号', '具体的な取組', '担当課'],
      ['1', '研修の充実、出前講座', '総務課\n財政課'],
      ['2', '短い行'],
    ]);
    expect(parseCsv(F.planTsv(), 'a.tsv').sheets[0]!.rows[1]).toEqual(['1', '協働の推進', '職員研修の充実', '総務課', '○', '△']);
    // Excel's tab-separated text saved as .csv
    expect(parseCsv(new TextEncoder().encode('a\tb\tc\n1\t2\t3\n'), 'x.csv').sheets[0]!.rows[1]).toEqual(['1', '2', '3']);
    expect(() => parseCsv(new TextEncoder().encode('a,"b\n'), 'bad.csv')).toThrow('CSVファイルの形式が正しくないため読めません');
  });
});

describe('xlsx', () => {
  it('reads cached formula results, refuses formulas without one at their cell, keeps merges', async () => {
    const plan = await parseXlsx(await F.planXlsx(), 'plan.xlsx');
    const s = plan.sheets[0]!;
    expect(s.rows[13]![0]).toBe('7'); // =ROW()-7 with its cached value
    expect(s.problems).toEqual([]);
    expect(s.merges).toContainEqual({ top: 5, left: 1, bottom: 7, right: 1 }); // 施策 B6:B8
    expect(s.rows[6]![1]).toBe(''); // a covered cell of the merge is blank, not a copy
    const f = await parseXlsx(await F.formulaWithoutValueXlsx(), 'f.xlsx');
    expect(f.sheets[0]!.problems).toEqual([{ row: 1, col: 4, kind: 'formula_without_value', detail: '=IF(1=1,"○","×")' }]);
  });

  it('points at the sheet with content, and says which sheet is empty', async () => {
    const up = await parseXlsx(await F.planXlsx(), 'plan.xlsx');
    const first = prepareTable(up);
    expect(first.ok && first.sheet.name).toBe('実施状況');
    const memo = prepareTable(up, { sheet: 'メモ' });
    expect(memo.ok).toBe(false);
    expect(!memo.ok && memo.issues[0]!.message).toBe('シート「メモ」は空です（値の入ったセルがありません）。値のあるシート: 「実施状況」');
    const none = prepareTable(up, { sheet: '別表' });
    expect(!none.ok && none.issues[0]!.message).toBe('シート「別表」がありません（このファイルのシート: 「実施状況」「メモ」）。');
  });
});
