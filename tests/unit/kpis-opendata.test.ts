/** The open-data resource `kpis`: one row per KPI × year of actuals, decimal text, 和暦 beside years. */
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../src/modules/publish/domain/opendata.js';
import { kpiRecords, type KpiOpenInput } from '../../src/modules/publish/domain/opendataKpis.js';
import { toCsv } from '../../src/modules/publish/opendata/csv.js';

const m = { code: '432041', name: '荒尾市' };
const kpi = (extra: Partial<KpiOpenInput>): KpiOpenInput => ({
  id: 'k1',
  planId: 'p1',
  planTitle: '第六次荒尾市行政改革大綱',
  nodeId: null,
  category: '数値目標',
  number: '1',
  name: '実質収支',
  unit: '億円',
  scale: 1,
  bound: 'at_least',
  baselineFiscalYear: 2024,
  baselineValue: -128,
  baselineNote: '令和6年度決算・実質単年度収支',
  targetFiscalYear: 2029,
  targetValue: 0,
  targetLabel: '収支均衡',
  department: '財政課',
  actuals: [],
  ...extra,
});

describe('kpiRecords', () => {
  it('publishes a KPI without actuals as one row with the year empty', () => {
    const [r, ...rest] = kpiRecords(m, [kpi({})]);
    expect(rest).toEqual([]);
    expect(Object.keys(r!)).toEqual(RESOURCES.kpis.fields.map((f) => f.id));
    expect(r).toMatchObject({
      lg_code: '432041',
      lg_name: '荒尾市',
      kpi_id: 'k1',
      bound: 'at_least',
      bound_label: '以上',
      baseline_fiscal_year: 2024,
      baseline_fiscal_year_wareki: '令和6年度',
      baseline_value: '-12.8',
      target_fiscal_year_wareki: '令和11年度',
      target_value: '0.0',
      target_label: '収支均衡',
      fiscal_year: null,
      actual_value: null,
      achieved: null,
    });
  });

  it('one row per year of actuals, in year order, with the achievement of that year', () => {
    const rows = kpiRecords(m, [
      kpi({ id: 'k2', name: '時間外勤務時間', unit: '時間', scale: 0, bound: 'at_most', baselineValue: 23706, targetValue: 19000, targetLabel: '', actuals: [{ fiscalYear: 2027, value: 18990, note: '' }, { fiscalYear: 2026, value: 21000, note: '速報値' }] }),
    ]);
    expect(rows.map((r) => [r.fiscal_year, r.fiscal_year_wareki, r.actual_value, r.actual_note, r.achieved, r.baseline_value, r.target_value])).toEqual([
      [2026, '令和8年度', '21000', '速報値', false, '23706', '19000'],
      [2027, '令和9年度', '18990', '', true, '23706', '19000'],
    ]);
  });

  it('writes CSV with BOM, CRLF, Japanese headers, and negative decimals without a formula guard', () => {
    const csv = toCsv(RESOURCES.kpis, kpiRecords(m, [kpi({})]));
    expect(csv.startsWith('\uFEFF全国地方公共団体コード,地方公共団体名,指標ID,')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(3);
    expect(csv).toContain(',-12.8,');
    expect(csv).not.toContain("'-12.8");
  });
});
