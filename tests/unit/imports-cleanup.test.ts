/** Extraction faults of Japanese PDF text undone (cleanup.ts), and the user's cell corrections on the dry-run screen (corrections.ts). */
import { describe, expect, it } from 'vitest';
import { demoMunicipalities } from '../../src/modules/demo/data/index.js';
import { buildImport, type ImportContext } from '../../src/modules/imports/domain/build.js';
import { cleanPdfText, WRONG_CODE_POINTS } from '../../src/modules/imports/domain/cleanup.js';
import type { Sheet } from '../../src/modules/imports/domain/grid.js';
import { detectHeader } from '../../src/modules/imports/domain/header.js';
import { DEFAULT_OPTIONS, toSaved, type CellCorrection, type ColumnRole, type ImportMapping } from '../../src/modules/imports/domain/mapping.js';
import { presetByKey } from '../../src/modules/pdca/domain/legend.js';
import { DEFAULT_PHASES } from '../../src/modules/plans/domain/plan.js';

const clean = (s: string) => cleanPdfText(s).text;

describe('the long-vowel mark read as the kanji 一', () => {
  it('is ー after a katakana letter', () => {
    expect(clean('ノ一残業デー')).toBe('ノー残業デー');
    expect(clean('サ一ビスの向上')).toBe('サービスの向上');
    expect(clean('コールセンタ一')).toBe('コールセンター');
    expect(clean('ユ一ザ一が使う')).toBe('ユーザーが使う');
    expect(clean('サーバ一、端末')).toBe('サーバー、端末');
  });

  it('stays 一 where it starts a word with the numeral, or is not after katakana', () => {
    for (const s of ['データ一覧', 'システム一元化', 'ワンストップ一本化', 'ルール一部改正', 'カード一枚', 'データ一カ所', 'システム一ヶ月', 'グループ一つ', 'メーカー一覧', '第一次', '一体的に', '統一', '同一の', '一層の'])
      expect(clean(s), s).toBe(s);
  });

  it('reports each fix with a few characters around it', () => {
    expect(cleanPdfText('R4年 ＜ノ一残業デーに関する').fixes).toEqual([{ kinds: ['long_vowel'], before: '＜ノ一残業デ', after: '＜ノー残業デ' }]);
    // two faults close together are one stretch
    expect(cleanPdfText('ユ一ザ一が').fixes).toEqual([{ kinds: ['long_vowel'], before: 'ユ一ザ一が', after: 'ユーザーが' }]);
    expect(cleanPdfText('普通の文章です。').fixes).toEqual([]);
  });
});

describe('wrong code points', () => {
  it('simplified look-alikes become the Japanese character', () => {
    expect(clean('高压受電設備の更新')).toBe('高圧受電設備の更新');
    expect(clean('变更・检查・净化')).toBe('変更・検査・浄化');
    expect(cleanPdfText('高压受電').fixes).toEqual([{ kinds: ['code_point'], before: '高压受電', after: '高圧受電' }]);
  });

  it('the table holds only characters no Japanese character set has, each for one character that every one has', () => {
    // every two-byte EUC-JP code: JIS X 0208, and JIS X 0212 behind 0x8F
    const codes: number[] = [];
    for (let i = 0xa1; i <= 0xfe; i++) for (let j = 0xa1; j <= 0xfe; j++) codes.push(i, j, 0x8f, i, j);
    const jis = new TextDecoder('euc-jp').decode(new Uint8Array(codes));
    for (const [from, to] of Object.entries(WRONG_CODE_POINTS)) {
      expect(jis.includes(from), from).toBe(false);
      expect(jis.includes(to), to).toBe(true);
    }
    const targets = Object.values(WRONG_CODE_POINTS);
    expect(new Set(targets).size).toBe(targets.length);
    for (const [from, to] of Object.entries(WRONG_CODE_POINTS)) {
      expect([...from]).toHaveLength(1);
      expect(to).not.toBe(from);
    }
    // not look-alikes, or Japanese characters: left alone
    expect(clean('关係・县庁・冲縄')).toBe('关係・县庁・冲縄');
  });

  it('Kangxi radicals and radical forms become the ideographs they print as', () => {
    expect(clean('⾏政改⾰の推進⽤')).toBe('行政改革の推進用');
    expect(clean('⻑期的な視点')).toBe('長期的な視点');
    expect(clean('ノ⼀残業')).toBe('ノー残業');
    expect(cleanPdfText('⾏政').fixes[0]!.kinds).toEqual(['radical']);
  });
});

describe('no false alarm on Japanese administrative text', () => {
  it('leaves every text of the demo data (four municipalities, typed from their documents) as it is', () => {
    const texts: string[] = [];
    const walk = (v: unknown) => {
      if (typeof v === 'string') texts.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      // the notes quote the faults the demo corrected by hand
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'notes') walk(x);
    };
    walk(demoMunicipalities);
    expect(texts.length).toBeGreaterThan(1000);
    expect(texts.filter((t) => clean(t) !== t)).toEqual([]);
  });
});

// ───────────── corrections ─────────────

const legend = presetByKey('maru-sankaku')!.values;
const departments = ['総務課', '財政課'].map((name, i) => ({ id: `d${i}`, name, kind: '課', validFrom: null, validTo: null, successorId: null }));
const ctx: ImportContext = {
  plan: { id: 'p', title: '計画', firstFiscalYear: 2019, lastFiscalYear: 2023, levelNames: ['施策', '取組'], phases: DEFAULT_PHASES },
  legend,
  departments,
  nodes: [],
  rounds: [],
  today: '2026-05-01',
};
const roles: ColumnRole[] = [{ kind: 'number' }, { kind: 'level', level: 0 }, { kind: 'title' }, { kind: 'departments' }, { kind: 'ignore' }];
const rows = [
  ['整理番号', '施策', '具体的な取組', '担当課', '備考'],
  ['1', '施策A', '取組1', '総務課', ''],
  ['2', '', '取組2', '総務課', ''],
  ['3', '', '取組3', '', ''],
  ['4', '施策B', '取組4', '財政課', ''],
  ['5', '', '取組5', '財政課', ''],
];
const build = (corrections: CellCorrection[], kind: 'csv' | 'text' = 'csv', data = rows) => {
  const sheet: Sheet = { name: 's', rows: data, merges: [], problems: [] };
  const mapping: ImportMapping = {
    sheet: null,
    headerRows: [1],
    columns: roles.map((role, index) => ({ index, header: '', role })),
    statusMap: {},
    phaseMap: {},
    departmentMap: {},
    rounds: [],
    options: { ...DEFAULT_OPTIONS, realign: false },
    corrections,
  };
  return buildImport({ kind, sheet, header: detectHeader(sheet)!, mapping, ctx });
};
const parents = (p: ReturnType<typeof build>) => p.items.map((i) => `${i.number}:${i.parentKey?.replace(/\u0000/g, '')}`);

describe('cell corrections', () => {
  it('replace the cell as read; blank rows below a corrected 施策 follow it, until a row names another', () => {
    const p = build([{ row: 3, column: 1, value: '施策C' }]);
    expect(parents(p)).toEqual(['1:施策A', '2:施策C', '3:施策C', '4:施策B', '5:施策B']);
    expect(p.groups.map((g) => g.title)).toEqual(['施策A', '施策C', '施策B']);
    expect(p.cellChanges).toEqual([{ row: 3, column: 1, before: '', after: '施策C', source: 'correction' }]);
    expect(p.issues.filter((i) => i.code === 'corrected').map((i) => i.message)).toEqual(['3行目・B列（施策）: 確認画面での修正により「（空欄）」を「施策C」として取り込みます。']);
  });

  it('a 施策 corrected to blank follows the row above; a row below can be corrected back', () => {
    expect(parents(build([{ row: 5, column: 1, value: '' }]))).toEqual(['1:施策A', '2:施策A', '3:施策A', '4:施策A', '5:施策A']);
    expect(parents(build([{ row: 3, column: 1, value: '施策C' }, { row: 4, column: 1, value: '施策A' }]))).toEqual(['1:施策A', '2:施策C', '3:施策A', '4:施策B', '5:施策B']);
  });

  it('fill a missing 担当課 (trimmed), and are not cleaned again', () => {
    const p = build([{ row: 4, column: 3, value: ' 財政課\n' }]);
    expect(p.items[2]!.departments).toEqual([{ id: 'd1', lead: true }]);
    expect(p.issues.some((i) => i.code === 'department_blank')).toBe(false);
    const text = build([{ row: 2, column: 2, value: 'ノ一残業デー' }], 'text');
    expect(text.items[0]!.title).toBe('ノ一残業デー');
  });

  it('refuse a row that is not a data row, a column the table lacks, the same cell twice; warn for an ignored column', () => {
    const p = build([
      { row: 1, column: 1, value: 'x' },
      { row: 40, column: 1, value: 'x' },
      { row: 2, column: 9, value: 'x' },
      { row: 2, column: 2, value: 'a' },
      { row: 2, column: 2, value: 'b' },
      { row: 2, column: 4, value: 'メモ' },
    ]);
    expect(p.ok).toBe(false);
    expect(p.issues.filter((i) => i.code.startsWith('correction')).map((i) => `${i.severity} ${i.message}`)).toEqual([
      'error 1行目: 修正1件目: 1行目は表のデータの行ではありません（見出し・空行・表の外の行、またはファイルにない行です）。修正を取り消してください。',
      'error 40行目: 修正2件目: 40行目は表のデータの行ではありません（見出し・空行・表の外の行、またはファイルにない行です）。修正を取り消してください。',
      'error 2行目: 修正3件目: 10列目は表にありません（この表の列は5列です）。修正を取り消してください。',
      'error 2行目・C列（具体的な取組）: 修正5件目: 同じ欄の修正が4件目にもあります。1つにしてください。',
      'warning 2行目・E列（備考）: この欄は取り込まない列のため、修正（「メモ」）は使われません。',
    ]);
  });

  it('are not kept in a saved mapping', () => {
    const m: ImportMapping = { sheet: null, headerRows: [1], columns: [], statusMap: {}, phaseMap: {}, departmentMap: {}, rounds: [], options: DEFAULT_OPTIONS, corrections: [{ row: 2, column: 1, value: 'x' }] };
    expect(toSaved(m)).not.toHaveProperty('corrections');
  });
});

describe('pasted PDF text is cleaned before it is read, each change a notice', () => {
  it('cleans mapped cells only, and says where', () => {
    const p = build([], 'text', [
      ['整理番号', '施策', '具体的な取組', '担当課', '備考'],
      ['1', '施策A', 'サ一ビスの向上', '総務課', 'ノ一残業'],
    ]);
    expect(p.items[0]!.title).toBe('サービスの向上');
    expect(p.cellChanges).toEqual([{ row: 2, column: 2, before: 'サ一ビスの向上', after: 'サービスの向上', source: 'cleanup' }]);
    expect(p.issues.filter((i) => i.code === 'text_cleanup').map((i) => i.message)).toEqual([
      '2行目・具体的な取組欄: PDFの文字の読み取りの誤りとみて「サ一ビスの」→「サービスの」に直しました（長音「ー」が漢字の「一」として読み取られていたもの）。違っていれば「元の文字に戻す」で、読み取ったままの文字で取り込めます。',
    ]);
  });

  it('leaves a cell the user corrected to the correction: 「元の文字に戻す」 keeps the text as read', () => {
    const p = build([{ row: 2, column: 2, value: 'サ一ビスの向上' }], 'text', [
      ['整理番号', '施策', '具体的な取組', '担当課'],
      ['1', '施策A', 'サ一ビスの向上', '総務課'],
    ]);
    expect(p.items[0]!.title).toBe('サ一ビスの向上');
    expect(p.issues.filter((i) => i.code === 'text_cleanup' || i.code === 'corrected')).toEqual([]);
    expect(p.cellChanges).toEqual([{ row: 2, column: 2, before: 'サ一ビスの向上', after: 'サ一ビスの向上', source: 'correction' }]);
  });

  it('leaves spreadsheets and CSV as they are', () => {
    const p = build([], 'csv', [
      ['整理番号', '施策', '具体的な取組', '担当課'],
      ['1', '施策A', 'サ一ビスの向上', '総務課'],
    ]);
    expect(p.items[0]!.title).toBe('サ一ビスの向上');
    expect(p.cellChanges).toEqual([]);
  });
});
