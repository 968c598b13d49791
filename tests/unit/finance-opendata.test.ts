import { describe, expect, it } from 'vitest';
import { decimalString } from '../../src/modules/finance/domain/units.js';
import { RESOURCES, csvTable } from '../../src/modules/publish/domain/opendata.js';
import { fiscalTableRecords, type FiscalTableInput } from '../../src/modules/publish/domain/opendataFinance.js';

const m = { code: '432041', name: '荒尾市' };
const table = (over: Partial<FiscalTableInput>): FiscalTableInput => ({
  id: 't1',
  planId: 'p1',
  planTitle: '第六次荒尾市行政改革大綱',
  kind: 'budget',
  title: '一般会計の歳入歳出見込み',
  valueKind: 'yen',
  unit: '百万円',
  scale: 0,
  source: '図表 10',
  rows: [],
  ...over,
});

describe('decimalString', () => {
  it.each([
    [996, 1, '99.6'],
    [300, 1, '30.0'],
    [-5, 1, '-0.5'],
    [411, 0, '411'],
    [7, 3, '0.007'],
  ])('%i with scale %i → %s', (v, s, out) => expect(decimalString(v, s)).toBe(out));
});

describe('fiscal_tables open data records', () => {
  it('one record per row × year × kind: yen as an integer, numbers as decimal strings, with the printed unit', () => {
    const records = fiscalTableRecords(m, [
      table({
        rows: [
          {
            id: 'r1',
            section: '歳入',
            label: '地方税',
            rowKind: 'item',
            values: [
              { fiscalYear: 2026, kind: 'plan', value: 5_584_000_000 },
              { fiscalYear: 2025, kind: 'plan', value: 5_471_000_000 },
            ],
          },
          { id: 'r2', section: '', label: '歳入－歳出 (A)－(B)', rowKind: 'balance', values: [{ fiscalYear: 2025, kind: 'plan', value: -20_000_000 }] },
        ],
      }),
      table({
        id: 't2',
        kind: 'ratios',
        title: '経常収支比率の推移',
        valueKind: 'number',
        unit: '%',
        scale: 1,
        source: '図表 8',
        rows: [{ id: 'r3', section: '', label: '経常収支比率', rowKind: 'item', values: [{ fiscalYear: 2024, kind: 'actual', value: 996 }] }],
      }),
    ]);
    expect(records.map((r) => [r.row_id, r.fiscal_year, r.value_yen, r.value_decimal, r.printed_value])).toEqual([
      ['r1', 2025, 5_471_000_000, null, '5,471'],
      ['r1', 2026, 5_584_000_000, null, '5,584'],
      ['r2', 2025, -20_000_000, null, '△20'],
      ['r3', 2024, null, '99.6', '99.6'],
    ]);
    expect(records[0]).toMatchObject({ lg_code: '432041', lg_name: '荒尾市', table_id: 't1', row_position: 1, fiscal_year_wareki: '令和7年度', figure_kind_label: '計画・見込み', unit: '百万円' });
    expect(records[3]).toMatchObject({ figure_kind: 'actual', figure_kind_label: '実績', row_kind: 'item', fiscal_year_wareki: '令和6年度' });
    expect(Object.keys(records[0]!)).toEqual(RESOURCES.fiscal_tables.fields.map((f) => f.id));
    // CSV cells: a negative yen stays a plain number, not a formula-guarded string
    const csv = csvTable(RESOURCES.fiscal_tables, records);
    expect(csv[3]![RESOURCES.fiscal_tables.fields.findIndex((f) => f.id === 'value_yen')]).toBe('-20000000');
  });
});
