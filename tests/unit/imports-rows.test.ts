/** Data rows: fill-down of hierarchy columns, repeated headers, lines outside the table, realigning pasted PDF text. */
import { describe, expect, it } from 'vitest';
import { buildImport, splitMarks, splitNumbered, type ImportContext } from '../../src/modules/imports/domain/build.js';
import type { Sheet } from '../../src/modules/imports/domain/grid.js';
import { detectHeader } from '../../src/modules/imports/domain/header.js';
import { DEFAULT_OPTIONS, fromTemplate, labelTemplate, type ColumnRole, type ImportMapping } from '../../src/modules/imports/domain/mapping.js';
import { realignRow, type SlotKind } from '../../src/modules/imports/domain/realign.js';
import { buildVocab } from '../../src/modules/imports/domain/vocab.js';
import { presetByKey } from '../../src/modules/pdca/domain/legend.js';
import { DEFAULT_PHASES } from '../../src/modules/plans/domain/plan.js';

const legend = presetByKey('maru-sankaku')!.values;
const departments = ['総務課', '財政課', '市民課'].map((name, i) => ({ id: `d${i}`, name, kind: '課', validFrom: null, validTo: null, successorId: null }));
const ctx = (over: Partial<ImportContext> = {}): ImportContext => ({
  plan: { id: 'p', title: '計画', firstFiscalYear: 2019, lastFiscalYear: 2023, levelNames: ['基本方針', '施策', '取組'], phases: DEFAULT_PHASES },
  legend,
  departments,
  nodes: [],
  rounds: [],
  today: '2026-05-01',
  ...over,
});
const sheet = (rows: string[][]): Sheet => ({ name: 's', rows, merges: [], problems: [] });
const mappingFor = (roles: ColumnRole[], over: Partial<ImportMapping> = {}): ImportMapping => ({
  sheet: null,
  headerRows: [1],
  columns: roles.map((role, index) => ({ index, header: '', role })),
  statusMap: {},
  phaseMap: {},
  departmentMap: {},
  rounds: [],
  options: { ...DEFAULT_OPTIONS },
  ...over,
});
const build = (rows: string[][], roles: ColumnRole[], c = ctx(), kind: 'csv' | 'text' = 'csv', over: Partial<ImportMapping> = {}) => {
  const s = sheet(rows);
  return buildImport({ kind, sheet: s, header: detectHeader(s)!, mapping: mappingFor(roles, over), ctx: c });
};

describe('fill-down of hierarchy columns', () => {
  const roles: ColumnRole[] = [{ kind: 'number' }, { kind: 'level', level: 0 }, { kind: 'level', level: 1 }, { kind: 'title' }, { kind: 'departments' }];
  it('reads a blank level as "same as above" only until a higher level changes', () => {
    const plan = build(
      [
        ['整理番号', '基本方針', '施策', '具体的な取組', '担当課'],
        ['1', '方針A', '施策a1', '取組1', '総務課'],
        ['2', '', '', '取組2', '総務課'],
        ['3', '', '施策a2', '取組3', '総務課'],
        ['4', '方針B', '', '取組4', '財政課'],
        ['5', '', '施策b1', '取組5', '財政課'],
        ['6', '', '', '取組6', ''],
      ],
      roles,
    );
    const path = (key: string | null) => key?.split('\u0000').filter(Boolean).join('/') ?? '';
    expect(plan.items.map((i) => `${i.number}:${path(i.parentKey)}`)).toEqual(['1:方針A/施策a1', '2:方針A/施策a1', '3:方針A/施策a2', '4:方針B', '5:方針B/施策b1', '6:方針B/施策b1']);
    expect(plan.groups.map((g) => `${g.depth}:${g.title}`)).toEqual(['0:方針A', '1:施策a1', '1:施策a2', '0:方針B', '1:施策b1']);
    // a blank level is never filled for other columns: 6's 担当課 stays blank
    expect(plan.items[5]!.departments).toEqual([]);
    expect(plan.issues.map((i) => i.code)).toContain('department_blank');
  });

  it('refuses an item whose upper level is blank with nothing above', () => {
    const plan = build(
      [
        ['整理番号', '基本方針', '施策', '具体的な取組', '担当課'],
        ['1', '', '施策x', '取組1', '総務課'],
      ],
      roles,
    );
    expect(plan.issues.filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([
      '2行目・B列（基本方針）: 基本方針が空欄です（上の行にもないため、どこに属するか分かりません）。',
    ]);
  });

  it('takes printed revision marks and numbering out of titles', () => {
    expect(splitMarks('ターゲットに応じた多様な広報手段の検討【R2年度改訂】')).toEqual({
      title: 'ターゲットに応じた多様な広報手段の検討',
      marks: [{ kind: 'revised', fiscalYear: 2020, mark: '【R2年度改訂】' }],
    });
    expect(splitMarks('DX計画の策定【 令和2年度 追加項目 】').marks).toEqual([{ kind: 'added', fiscalYear: 2020, mark: '【令和2年度追加項目】' }]);
    expect(splitMarks('【重点】窓口の改善').title).toBe('【重点】窓口の改善');
    expect(splitNumbered('(1) 市有財産の適正管理')).toEqual({ number: '(1)', title: '市有財産の適正管理' });
    expect(splitNumbered('１．歳出削減')).toEqual({ number: '1.', title: '歳出削減' });
    expect(splitNumbered('2026年度の取組')).toEqual({ number: '', title: '2026年度の取組' });
  });
});

describe('the dry run finds', () => {
  const roles: ColumnRole[] = [{ kind: 'number' }, { kind: 'title' }, { kind: 'departments' }, { kind: 'schedule', fiscalYear: 2024 }, { kind: 'status', fiscalYear: 2019 }];
  it('duplicate numbers, unknown names and words, and years outside the plan — by row and column', () => {
    const plan = build(
      [
        ['整理番号', '具体的な取組', '担当課', 'R6', '令和元年度'],
        ['1', '取組1', '企画課', '実施', '◎'],
        ['1', '取組2', '総務課', '', '○'],
      ],
      roles,
      ctx({ plan: { ...ctx().plan, levelNames: ['取組'] } }),
    );
    expect(plan.ok).toBe(false);
    expect(plan.issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.row ?? '-'}${i.letter ?? ''}`)).toEqual([
      'year_outside_plan -D',
      'department_unknown 2C',
      'status_unknown 2E',
      'number_duplicate 3A',
    ]);
  });

  it('words as the user mapped them, however they were written (「-」 maps 「―」 too)', () => {
    const plan = build(
      [
        ['整理番号', '具体的な取組', '令和元年度'],
        ['1', '取組1', '―'],
        ['2', '取組2', '済'],
        ['3', '取組3', '未'],
      ],
      [{ kind: 'number' }, { kind: 'title' }, { kind: 'status', fiscalYear: 2019 }],
      ctx({ plan: { ...ctx().plan, levelNames: ['取組'] } }),
      'csv',
      { statusMap: { '-': 'not_done', 済: 'done', 未: null } },
    );
    expect(plan.ok).toBe(true);
    expect(plan.rounds[0]!.answers.map((a) => [a.item, a.statusCode])).toEqual([
      [0, 'not_done'],
      [1, 'done'],
    ]);
    expect(plan.statusWords.map((w) => [w.word, w.code, w.mapped])).toEqual([
      ['―', 'not_done', true],
      ['済', 'done', true],
      ['未', null, true],
    ]);
  });

  it('items already in the plan by 整理番号, and what changes', () => {
    const existing = ctx({
      plan: { ...ctx().plan, levelNames: ['取組'] },
      nodes: [
        { id: 'n1', parentId: null, depth: 0, sortOrder: 10, number: '1', title: '取組1', description: '', isAction: true, status: 'active', version: 3, departments: [{ id: 'd0', lead: true }], schedule: {}, marks: [], lastChangeDate: '2019-04-01' },
      ],
    });
    const plan = build(
      [
        ['整理番号', '具体的な取組', '担当課'],
        ['１', '取組1', '財政課'],
        ['2', '取組2', '総務課'],
      ],
      [{ kind: 'number' }, { kind: 'title' }, { kind: 'departments' }],
      existing,
    );
    expect(plan.items.map((i) => [i.number, i.action, i.existingId, i.changes.join(''), i.createKind])).toEqual([
      ['1', 'update', 'n1', '担当課', 'added'],
      ['2', 'create', null, '', 'added'],
    ]);
  });
});

describe('realignRow (pasted PDF text)', () => {
  const vocab = buildVocab({ legend, phases: DEFAULT_PHASES, departmentNames: ['総務課', '総合政策課', '文化企画課'] });
  const slots: SlotKind[] = ['number', 'level', 'title', 'description', 'schedule', 'schedule', 'schedule', 'schedule', 'schedule', 'text', 'status', 'status', 'status', 'status', 'departments'];
  const long = '発信した情報が適切に対象者に伝わっているかを定期的に検証する。';

  it('reads a row that lines up as it is', () => {
    const cells = ['6', '施策の名前', '取組の名前', long, '実施', '→', '→', '→', '→', long, '○', '○', '○', '○', '総合政策課'];
    const r = realignRow(cells, slots, vocab);
    expect(r.cells).toEqual(cells);
    expect(r.changed).toBe(false);
  });

  it('drops the stray 「→」 of a schedule with one cell too many and fills the missing 施策', () => {
    const r = realignRow(['7', '', '広報効果の定期的な検証', long, '実施', '→', '→', '→', '→', '→', long, '△', '○', '○', '○', '総合政策課'], slots, vocab);
    expect(r.cells.slice(4, 9)).toEqual(['実施', '→', '→', '→', '→']);
    expect(r.cells.slice(10)).toEqual(['△', '○', '○', '○', '総合政策課']);
    expect(r.dropped.map((d) => d.text)).toEqual(['→']);
  });

  it('puts blank years back where they were (an item added in R3) and drops one surplus blank', () => {
    const r = realignRow(['35', 'DX計画の策定及び推進', long, '', '', '実施', '→', '→', long, '', '', '', '○', '○', '文化企画課'], slots, vocab);
    expect(r.cells.slice(0, 4)).toEqual(['35', '', 'DX計画の策定及び推進', long]);
    expect(r.cells.slice(4, 9)).toEqual(['', '', '実施', '→', '→']);
    expect(r.cells.slice(10)).toEqual(['', '', '○', '○', '文化企画課']);
  });

  it('drops an upper category printed in the margin and keeps the 施策', () => {
    const r = realignRow(['1', '地域マネジメント', '協働の推進', '研修の充実', long, '実施', '→', '→', '→', '→', long, '○', '○', '○', '○', '総務課'], slots, vocab);
    expect(r.cells.slice(1, 3)).toEqual(['協働の推進', '研修の充実']);
    expect(r.dropped.map((d) => d.text)).toEqual(['地域マネジメント']);
  });

  it('leaves a missing 担当課 blank rather than shifting marks into it', () => {
    const r = realignRow(['14', '', '組織風土の醸成', '超過勤務のモニタリング', long, '実施', '→', '→', '→', '→', long, '△', '△', '△', '△'], slots, vocab);
    expect(r.cells.slice(1, 3)).toEqual(['組織風土の醸成', '超過勤務のモニタリング']);
    expect(r.cells.slice(10)).toEqual(['△', '△', '△', '△', '']);
  });

  it('reads a title with no 施策 cell (merged above) as the title', () => {
    const r = realignRow(['22', '任期付職員等の活用', long, '検討', '実施', '→', '→', '→', long, '―', '○', '○', '○', '総務課', ''], slots, vocab);
    expect(r.cells.slice(1, 4)).toEqual(['', '任期付職員等の活用', long]);
  });
});

describe('saved round labels', () => {
  it('turn into next year’s labels', () => {
    expect(labelTemplate('令和4年度末見込み', 2022)).toBe('{年度}末見込み');
    expect(fromTemplate('{年度}末見込み', 2023)).toBe('令和5年度末見込み');
    expect(fromTemplate('決算', 2023)).toBe('決算');
  });
});
