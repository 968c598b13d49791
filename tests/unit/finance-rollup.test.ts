import { describe, expect, it } from 'vitest';
import { araoFinanceTables, demoTableInput } from '../../src/modules/demo/data/araoFinance.js';
import { checkRollups, type RollupRow } from '../../src/modules/finance/domain/rollup.js';
import { measureOf, validateTable, type TableInput } from '../../src/modules/finance/domain/table.js';

/** A seed table through the validation, as the create command sees it, with row ids. */
function seedTable(title: string) {
  const t = araoFinanceTables.find((x) => x.title === title)!;
  const { errors, table } = validateTable(demoTableInput(t, 0));
  expect(errors).toEqual([]);
  const rows: RollupRow[] = table!.rows.map((r, i) => ({ ...r, id: `r${i}` }));
  return { rows, measure: measureOf(table!.fields) };
}

const setValue = (rows: RollupRow[], label: string, fy: number, value: number): RollupRow[] =>
  rows.map((r) => (r.label === label ? { ...r, values: r.values.map((v) => (v.fiscalYear === fy ? { ...v, value } : v)) } : r));

describe('roll-up check on 荒尾市 図表 10 (seed 000)', () => {
  it('every printed total and the balance agree with the items: no discrepancy', () => {
    for (const title of ['一般会計の歳入歳出見込み', '基金残高', '地方債残高', '経常収支比率の推移', '職員定員管理計画（職員数）']) {
      const { rows, measure } = seedTable(title);
      expect(checkRollups(rows, measure).discrepancies, title).toEqual([]);
    }
  });

  it('sums the item rows per section and year, leaving うち財調繰入金 out', () => {
    const { rows, measure } = seedTable('一般会計の歳入歳出見込み');
    const { sums } = checkRollups(rows, measure);
    const sum = (section: string, fy: number) => sums.find((s) => s.section === section && s.fiscalYear === fy)!.sum;
    expect(sum('歳入', 2028)).toBe(26_928_000_000);
    expect(sum('歳出', 2028)).toBe(26_908_000_000);
    expect(sum('歳入', 2029) - sum('歳出', 2029)).toBe(104_000_000);
    expect(sum('歳入', 2025)).toBe(31_632_000_000);
  });

  it('reports a wrong item against its total, naming row and year, printed and computed; never corrects it', () => {
    const { rows, measure } = seedTable('一般会計の歳入歳出見込み');
    const wrong = setValue(rows, '地方税', 2028, 5_600_000_000); // 5,619 typed as 5,600
    const { discrepancies } = checkRollups(wrong, measure);
    expect(discrepancies).toHaveLength(1);
    expect(discrepancies[0]).toMatchObject({ label: '歳入計 (A)', fiscalYear: 2028, kind: 'plan', printed: 26_928_000_000, computed: 26_909_000_000 });
    expect(discrepancies[0]!.message).toBe('「歳入計 (A)」のR10（令和10年度）: 記載の 26,928 が歳入の項目の合計の 26,909 と一致しません（差 19）。');
    expect(wrong.find((r) => r.label === '歳入計 (A)')!.values.find((v) => v.fiscalYear === 2028)!.value).toBe(26_928_000_000);
  });

  it('checks the balance against 歳入計 − 歳出計', () => {
    const { rows, measure } = seedTable('一般会計の歳入歳出見込み');
    const { discrepancies } = checkRollups(setValue(rows, '歳入－歳出 (A)－(B)', 2029, 0), measure);
    expect(discrepancies.map((d) => [d.label, d.fiscalYear, d.printed, d.computed])).toEqual([['歳入－歳出 (A)－(B)', 2029, 0, 104_000_000]]);
    expect(discrepancies[0]!.message).toContain('歳入計－歳出計の 104');
  });

  it('a breakdown row never changes the sums; a total with no items that year is not checked', () => {
    const { rows, measure } = seedTable('地方債残高');
    expect(checkRollups(setValue(rows, 'うち臨時財政対策債', 2025, 1), measure).discrepancies).toEqual([]);
    const onlyTotal: RollupRow[] = [{ id: 't', label: '計', section: '', rowKind: 'total', values: [{ fiscalYear: 2025, kind: 'plan', value: 5 }] }];
    expect(checkRollups(onlyTotal, measure).discrepancies).toEqual([]);
  });

  it('checks actuals and plans separately', () => {
    const m = measureOf({ valueKind: 'number', unit: '人', scale: 0 });
    const rows: RollupRow[] = [
      { id: 'a', label: 'A', section: '', rowKind: 'item', values: [{ fiscalYear: 2025, kind: 'actual', value: 3 }, { fiscalYear: 2025, kind: 'plan', value: 4 }] },
      { id: 't', label: '計', section: '', rowKind: 'total', values: [{ fiscalYear: 2025, kind: 'actual', value: 3 }, { fiscalYear: 2025, kind: 'plan', value: 5 }] },
    ];
    expect(checkRollups(rows, m).discrepancies.map((d) => [d.kind, d.printed, d.computed])).toEqual([['plan', 5, 4]]);
  });
});

describe('validateTable', () => {
  const base: TableInput = {
    kind: 'budget',
    title: '一般会計の歳入歳出見込み',
    valueKind: 'yen',
    unit: '百万円',
    scale: 0,
    firstFiscalYear: 2025,
    lastFiscalYear: 2029,
    source: '図表 10',
    note: '',
    sortOrder: 0,
    rows: [],
  };

  it('parses typed figures into integer yen and keeps row order', () => {
    const { errors, table } = validateTable({
      ...base,
      rows: [{ section: ' 歳入 ', label: ' 地方税 ', rowKind: 'item', values: [{ fiscalYear: 2025, kind: 'plan', text: '5,471' }, { fiscalYear: 2026, kind: 'plan', text: '' }, { fiscalYear: 2027, kind: 'plan', value: 7 }] }],
    });
    expect(errors).toEqual([]);
    expect(table!.rows).toEqual([
      { sortOrder: 0, section: '歳入', label: '地方税', rowKind: 'item', values: [{ fiscalYear: 2025, kind: 'plan', value: 5_471_000_000 }, { fiscalYear: 2027, kind: 'plan', value: 7 }] },
    ]);
  });

  it('reports every problem by row and year, in Japanese', () => {
    const { errors, table } = validateTable({
      ...base,
      title: ' ',
      rows: [
        { section: '歳入', label: '', rowKind: 'item', values: [] },
        {
          section: '歳入',
          label: '地方税',
          rowKind: 'item',
          values: [
            { fiscalYear: 2030, kind: 'plan', text: '1' },
            { fiscalYear: 2025, kind: 'plan', text: '5,47x' },
            { fiscalYear: 2026, kind: 'plan', text: '1' },
            { fiscalYear: 2026, kind: 'plan', text: '2' },
            { fiscalYear: 2027, kind: 'plan', text: '0.0000001' },
            { fiscalYear: 2028, kind: 'plan', value: 1.5 },
          ],
        },
      ],
    });
    expect(table).toBeNull();
    expect(errors.map((e) => e.path)).toEqual(['title', 'rows.0.label', 'rows.1.values.0', 'rows.1.values.1', 'rows.1.values.3', 'rows.1.values.4', 'rows.1.values.5']);
    const msg = (p: string) => errors.find((e) => e.path === p)!.message;
    expect(msg('rows.0.label')).toContain('1行目');
    expect(msg('rows.1.values.0')).toBe('「地方税」のR12（令和12年度）: 年度が表の期間（2025〜2029年度）の外です。');
    expect(msg('rows.1.values.1')).toBe('「地方税」のR7（令和7年度）: 「5,47x」は数値として読めません（例: 5,471　△20）。');
    expect(msg('rows.1.values.3')).toContain('「地方税」のR8（令和8年度）の計画・見込みが2つあります');
    expect(msg('rows.1.values.4')).toContain('1円未満の端数');
  });

  it('requires a yen unit for yen tables and a sane scale for numbers', () => {
    expect(validateTable({ ...base, unit: '万円' }).errors.map((e) => e.path)).toEqual(['unit']);
    expect(validateTable({ ...base, scale: 1 }).errors.map((e) => e.path)).toEqual(['scale']);
    expect(validateTable({ ...base, valueKind: 'number', unit: '%', scale: 9 }).errors.map((e) => e.path)).toEqual(['scale']);
    expect(validateTable({ ...base, firstFiscalYear: 2030 }).errors.map((e) => e.path)).toEqual(['lastFiscalYear']);
  });
});
