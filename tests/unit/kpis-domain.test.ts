/** 数値目標・KPI: parsing, formatting, evaluation and validation, as tables of cases. */
import { describe, expect, it } from 'vitest';
import { courseByYear, evaluateCourse } from '../../src/modules/kpis/domain/course.js';
import { evaluateKpi, roundedPermille, STATUS_LABELS, targetYearEnded, type Bound } from '../../src/modules/kpis/domain/evaluation.js';
import { normalizeKpi, normalizeValue } from '../../src/modules/kpis/domain/kpi.js';
import { decimalString, formatKpiValue, parseKpiValue, rescale } from '../../src/modules/kpis/domain/value.js';

describe('parseKpiValue', () => {
  it.each([
    ['95.6', 1, '', 956],
    ['95.6%', 1, '%', 956],
    ['95.6％', 1, '', 956],
    ['１７．５', 1, '億円', 175],
    ['17.5億円', 1, '億円', 175],
    ['23,706', 0, '時間', 23706],
    ['23,706時間', 0, '時間', 23706],
    ['１２，３４５，６７８', 0, '', 12345678],
    ['△12.8', 1, '億円', -128],
    ['▲12.8', 1, '億円', -128],
    ['-12.8', 1, '億円', -128],
    ['－12.8', 1, '億円', -128],
    ['△0', 0, '', 0],
    ['2.97', 2, '点', 297],
    ['3.2', 2, '点', 320],
    ['5', 1, '億円', 50],
    ['  182分 ', 0, '分', 182],
    ['0.5', 4, '', 5000],
    ['+3', 0, '', 3],
    ['007', 0, '', 7],
  ])('%s (scale %i, unit %s) → %i', (text, scale, unit, expected) => {
    expect(parseKpiValue(text, scale, '実績値', unit)).toEqual({ ok: true, value: expected });
  });

  it.each(['', '  ', '\u3000'])('empty %j → null', (text) => {
    expect(parseKpiValue(text, 1, '実績値')).toEqual({ ok: true, value: null });
  });

  it.each([
    ['95.67', 1, '実績値は小数第1位までで入力してください。'],
    ['1.5', 0, '実績値は整数で入力してください（小数は使えません）。'],
    ['abc', 1, '実績値は数値で入力してください'],
    ['12,34', 0, '実績値は数値で入力してください'],
    ['1.2.3', 2, '実績値は数値で入力してください'],
    ['12円', 0, '実績値は数値で入力してください'],
    ['--1', 0, '実績値は数値で入力してください'],
    ['9999999999999999', 0, '実績値が大きすぎます。'],
  ])('%s (scale %i) → %s', (text, scale, message) => {
    const r = parseKpiValue(text, scale, '実績値');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(message);
  });
});

describe('formatting', () => {
  it.each([
    [956, 1, '95.6', '95.6'],
    [23706, 0, '23,706', '23706'],
    [-128, 1, '△12.8', '-12.8'],
    [50, 1, '5.0', '5.0'],
    [297, 2, '2.97', '2.97'],
    [5, 2, '0.05', '0.05'],
    [-5, 2, '△0.05', '-0.05'],
    [0, 1, '0.0', '0.0'],
    [123456789, 0, '123,456,789', '123456789'],
    [1234567, 1, '123,456.7', '123456.7'],
  ])('%i at scale %i → %s / %s', (v, scale, printed, plain) => {
    expect(formatKpiValue(v, scale)).toBe(printed);
    expect(decimalString(v, scale)).toBe(plain);
  });

  it('round-trips through the parser', () => {
    for (const [v, s] of [[-128, 1], [23706, 0], [297, 2], [7, 3]] as const) expect(parseKpiValue(formatKpiValue(v, s), s, 'x')).toEqual({ ok: true, value: v });
  });

  it.each([
    [956, 1, 2, 9560],
    [9560, 2, 1, 956],
    [9565, 2, 1, null],
    [12, 0, 0, 12],
  ])('rescale %i from %i to %i → %s', (v, from, to, out) => {
    expect(rescale(v, from, to)).toBe(out);
  });
});

describe('evaluateKpi', () => {
  const k = (bound: Bound, baselineValue: number | null, targetValue: number | null, scale = 1, unit = '%') => ({ bound, baselineValue, targetValue, scale, unit });
  it.each([
    // name, kpi, actuals, status, mode, progress tenths, note
    ['no actual yet', k('at_most', 996, 956), [], 'no_data', 'progress', null, ''],
    ['経常収支比率 improved half way', k('at_most', 996, 956), [{ fiscalYear: 2026, value: 976 }], 'not_achieved', 'progress', 500, '目標まであと2.0%'],
    ['経常収支比率 reached exactly', k('at_most', 996, 956), [{ fiscalYear: 2027, value: 956 }], 'achieved', 'progress', 1000, '目標値に到達'],
    ['beyond the target', k('at_most', 996, 956), [{ fiscalYear: 2027, value: 950 }], 'achieved', 'progress', 1150, '目標を0.6%下回る'],
    ['worse than the baseline', k('at_most', 996, 956), [{ fiscalYear: 2026, value: 1000 }], 'not_achieved', 'progress', -100, '目標まであと4.4%'],
    ['latest year counts', k('at_least', 593, 700), [{ fiscalYear: 2027, value: 710 }, { fiscalYear: 2026, value: 600 }], 'achieved', 'progress', 1093, '目標を1.0%上回る'],
    ['one third → 333', k('at_least', 0, 3, 0, '点'), [{ fiscalYear: 2026, value: 1 }], 'not_achieved', 'progress', 333, '目標まであと2点'],
    ['two thirds → 667', k('at_least', 0, 3, 0, '点'), [{ fiscalYear: 2026, value: 2 }], 'not_achieved', 'progress', 667, '目標まであと1点'],
    ['財政調整基金 kept above 5億円', k('at_least', 175, 50, 1, '億円'), [{ fiscalYear: 2026, value: 120 }], 'achieved', 'maintain', null, '維持（目標の範囲内）'],
    ['財政調整基金 fell below', k('at_least', 175, 50, 1, '億円'), [{ fiscalYear: 2026, value: 48 }], 'not_achieved', 'maintain', null, '維持できていない（目標まであと0.2億円）'],
    ['実質収支 △12.8 → 収支均衡', k('at_least', -128, 0, 1, '億円'), [{ fiscalYear: 2026, value: -32 }], 'not_achieved', 'progress', 750, '目標まであと3.2億円'],
    ['no baseline: no rate', k('at_least', null, 100), [{ fiscalYear: 2026, value: 90 }], 'not_achieved', 'none', null, '目標まであと1.0%'],
  ] as const)('%s', (_name, kpi, actuals, status, mode, progress, note) => {
    const e = evaluateKpi(kpi, actuals);
    expect([e.status, e.mode, e.progressTenths, e.note]).toEqual([status, mode, progress, note]);
  });

  it('compares large scaled integers exactly', () => {
    const big = 900_000_000_000_001;
    expect(evaluateKpi(k('at_least', 0, big, 0, ''), [{ fiscalYear: 2026, value: big - 1 }]).status).toBe('not_achieved');
    expect(evaluateKpi(k('at_least', 0, big, 0, ''), [{ fiscalYear: 2026, value: big }]).status).toBe('achieved');
  });

  it.each([
    [1, 3, 333],
    [2, 3, 667],
    [-1, 3, -333],
    [1, 8, 125],
    [1, -3, -333],
    [5, 2000, 3],
    [1, 2000, 1],
  ])('roundedPermille(%i, %i) = %i', (n, d, out) => {
    expect(roundedPermille(n, d)).toBe(out);
  });
});

describe('evaluateKpi on a date: 未達成 only once the target year has ended', () => {
  // 経常収支比率 99.6% → 95.6%以下 in 令和11年度 (FY2029, ending 2030-03-31)
  const ratio = { bound: 'at_most' as const, baselineValue: 996, targetValue: 956, targetFiscalYear: 2029, scale: 1, unit: '%' };
  const mid = [{ fiscalYear: 2026, value: 976 }];

  it('the target year ends on 31 March of the next calendar year, in Japan', () => {
    expect(targetYearEnded(2029, '2030-03-31')).toBe(false);
    expect(targetYearEnded(2029, '2030-04-01')).toBe(true);
    expect(targetYearEnded(2029, '2026-12-08')).toBe(false);
    expect(targetYearEnded(null, '2026-12-08')).toBe(true);
  });

  it.each([
    // today, actuals, status — short of the target mid-plan is 目標年度前 with its 進捗率 and note kept
    ['mid-plan, short of the target', '2026-12-08', mid, 'before_target'],
    ['the last day of the target year', '2030-03-31', [{ fiscalYear: 2029, value: 958 }], 'before_target'],
    ['the day after the target year', '2030-04-01', [{ fiscalYear: 2029, value: 958 }], 'not_achieved'],
    ['years later, the latest actual still short', '2033-06-01', mid, 'not_achieved'],
    ['met before the target year: 達成 at once', '2026-12-08', [{ fiscalYear: 2026, value: 950 }], 'achieved'],
    ['met after it', '2031-01-01', [{ fiscalYear: 2030, value: 956 }], 'achieved'],
    ['no actual', '2026-12-08', [], 'no_data'],
  ] as const)('%s (%s) → %s', (_name, today, actuals, status) => {
    expect(evaluateKpi(ratio, actuals, today).status).toBe(status);
  });

  it('keeps the 進捗率 and the note before the target year, and labels it 目標年度前', () => {
    const e = evaluateKpi(ratio, mid, '2026-12-08');
    expect(e).toMatchObject({ status: 'before_target', mode: 'progress', progressTenths: 500, note: '目標まであと2.0%', gap: 20 });
    expect(STATUS_LABELS[e.status]).toBe('目標年度前');
    // the same figures judged after the target year: 未達成
    expect(evaluateKpi(ratio, mid, '2030-04-01')).toMatchObject({ status: 'not_achieved', progressTenths: 500, note: '目標まであと2.0%' });
  });

  it('a 維持 KPI not kept mid-plan is 目標年度前 too (its 進捗状況 says 遅れ); a KPI without a target year is judged now', () => {
    const fund = { bound: 'at_least' as const, baselineValue: 175, targetValue: 50, targetFiscalYear: 2029, scale: 1, unit: '億円' };
    expect(evaluateKpi(fund, [{ fiscalYear: 2026, value: 48 }], '2026-12-08')).toMatchObject({ status: 'before_target', mode: 'maintain', note: '維持できていない（目標まであと0.2億円）' });
    expect(evaluateKpi({ ...ratio, targetFiscalYear: null }, mid, '2026-12-08').status).toBe('not_achieved');
  });
});

describe('evaluateCourse (進捗状況: the latest actual against its year’s target)', () => {
  // 経常収支比率 99.6% (R6) → 95.6%以下 (R11); 職員の割合 59.3% (R6) → 70.0%以上 (R11)
  const k = (bound: Bound, baselineValue: number | null, targetValue: number | null, targetFiscalYear: number | null = 2029, scale = 1, unit = '%') => ({ bound, baselineValue, targetValue, targetFiscalYear, scale, unit });
  const ratio = k('at_most', 996, 956);
  const staff = k('at_least', 593, 700);
  const fund = k('at_least', 175, 50, 2029, 1, '億円'); // 維持: 17.5億円 already meets 5.0億円以上
  const y = (fiscalYear: number, value: number) => ({ fiscalYear, value });
  const milestones = [y(2025, 980), y(2026, 968), y(2027, 960)];
  it.each([
    // name, kpi, actuals, milestones, status, basis, gap, note
    ['at_most: under the year target', ratio, [y(2026, 960)], milestones, 'on_track', 'milestone', -8, '令和8年度の目標（96.8%以下）を達成'],
    ['at_most: equal to the year target is on track', ratio, [y(2026, 968)], milestones, 'on_track', 'milestone', 0, '令和8年度の目標（96.8%以下）を達成'],
    ['at_most: above it is behind, by how much', ratio, [y(2026, 976)], milestones, 'behind', 'milestone', 8, '令和8年度の目標（96.8%以下）まであと0.8%'],
    ['at_least: above the year target', staff, [y(2026, 650)], [y(2026, 640)], 'on_track', 'milestone', -10, '令和8年度の目標（64.0%以上）を達成'],
    ['at_least: equal is on track', staff, [y(2026, 640)], [y(2026, 640)], 'on_track', 'milestone', 0, '令和8年度の目標（64.0%以上）を達成'],
    ['at_least: below is behind', staff, [y(2026, 632)], [y(2026, 640)], 'behind', 'milestone', 8, '令和8年度の目標（64.0%以上）まであと0.8%'],
    ['the latest year is judged, not an earlier one', ratio, [y(2025, 990), y(2027, 955)], milestones, 'on_track', 'milestone', -5, '令和9年度の目標（96.0%以下）を達成'],
    ['no year target for the latest year: no verdict, nothing carried over', ratio, [y(2028, 999)], milestones, 'none', null, null, '令和10年度の年度目標が未入力のため判定なし'],
    ['no year targets at all', staff, [y(2026, 600)], [], 'none', null, null, '令和8年度の年度目標が未入力のため判定なし'],
    ['no actual: nothing to judge', ratio, [], milestones, 'none', null, null, ''],
    ['target year: the 目標値 decides over a year target entered for it', ratio, [y(2029, 958)], [y(2029, 960)], 'behind', 'target', 2, '令和11年度（目標年度）の目標値（95.6%以下）まであと0.2%'],
    ['target year reached exactly', ratio, [y(2029, 956)], [], 'on_track', 'target', 0, '令和11年度（目標年度）の目標値（95.6%以下）を達成'],
    ['after the target year the 目標値 still decides', staff, [y(2030, 710)], [y(2030, 800)], 'on_track', 'target', -10, '令和12年度（目標年度後）の目標値（70.0%以上）を達成'],
    ['維持 without a year target: the 目標値 must hold every year', fund, [y(2026, 48)], [], 'behind', 'target', 2, '令和8年度の目標（5.0億円以上の維持）まであと0.2億円'],
    ['維持 kept', fund, [y(2026, 120)], [], 'on_track', 'target', -70, '令和8年度の目標（5.0億円以上の維持）を達成'],
    ['維持 with a year target of its own: that year’s target counts', fund, [y(2026, 120)], [y(2026, 150)], 'behind', 'milestone', 30, '令和8年度の目標（15.0億円以上）まであと3.0億円'],
    ['no target year: year targets still apply', k('at_most', 996, 956, null), [y(2031, 950)], [y(2031, 955)], 'on_track', 'milestone', -5, '令和13年度の目標（95.5%以下）を達成'],
    ['negative values in △ notation', k('at_least', -128, 0, 2029, 1, '億円'), [y(2026, -40)], [y(2026, -32)], 'behind', 'milestone', 8, '令和8年度の目標（△3.2億円以上）まであと0.8億円'],
  ] as const)('%s', (_name, kpi, actuals, ms, status, basis, gap, note) => {
    const c = evaluateCourse(kpi, actuals, ms);
    expect([c.status, c.basis, c.gap, c.note]).toEqual([status, basis, gap, note]);
  });

  it('leaves the 判定 against the final target as it was', () => {
    expect(evaluateKpi(ratio, [y(2026, 960)])).toMatchObject({ status: 'not_achieved', note: '目標まであと0.4%' });
    expect(evaluateCourse(ratio, [y(2026, 960)], milestones)).toMatchObject({ status: 'on_track', fiscalYear: 2026, reference: 968 });
  });

  it('compares large scaled integers exactly', () => {
    const big = 900_000_000_000_001;
    const kb = k('at_least', 0, big + 10, 2029, 0, '');
    expect(evaluateCourse(kb, [y(2026, big - 1)], [y(2026, big)])).toMatchObject({ status: 'behind', gap: 1 });
    expect(evaluateCourse(kb, [y(2026, big)], [y(2026, big)])).toMatchObject({ status: 'on_track', gap: 0 });
  });

  it('courseByYear judges every year with an actual, in year order', () => {
    const years = courseByYear(ratio, [y(2027, 965), y(2025, 979), y(2026, 970), y(2029, 950)], milestones);
    expect(years.map((c) => [c.fiscalYear, c.status, c.basis])).toEqual([
      [2025, 'on_track', 'milestone'],
      [2026, 'behind', 'milestone'],
      [2027, 'behind', 'milestone'],
      [2029, 'on_track', 'target'],
    ]);
  });
});

describe('normalizeKpi', () => {
  const base = { name: '経常収支比率', unit: '%', scale: 1, bound: 'at_most', baselineFiscalYear: 2024, baselineValue: '99.6', targetFiscalYear: 2029, targetValue: '95.6%' };
  it('parses the values with the scale and trims the texts', () => {
    const r = normalizeKpi({ ...base, name: ' 経常収支比率 ', category: ' 歳出削減 ' });
    expect(r.errors).toEqual([]);
    expect(r.fields).toMatchObject({ name: '経常収支比率', category: '歳出削減', baselineValue: 996, targetValue: 956, bound: 'at_most' });
  });
  it('accepts numbers as well as text', () => {
    expect(normalizeKpi({ ...base, baselineValue: 99.6, targetValue: 95.6 }).fields).toMatchObject({ baselineValue: 996, targetValue: 956 });
  });
  it.each([
    ['name', { name: '  ' }, '指標名を入力してください。'],
    ['name', { name: 'あ'.repeat(201) }, '指標名は200文字以内にしてください。'],
    ['unit', { unit: 'x'.repeat(21) }, '単位は20文字以内にしてください。'],
    ['scale', { scale: 5 }, '小数の桁数は0〜4で指定してください。'],
    ['scale', { scale: 1.5 }, '小数の桁数は0〜4で指定してください。'],
    ['bound', { bound: 'less' }, '目標の向きは'],
    ['baselineFiscalYear', { baselineFiscalYear: 1900 }, '基準値の年度は1989〜2100年度'],
    ['targetFiscalYear', { targetFiscalYear: 2023 }, '目標値の年度は基準値の年度と同じか、それより後にしてください。'],
    ['targetValue', { targetValue: '95.65' }, '目標値は小数第1位までで入力してください。'],
    ['targetValue', { targetValue: '' }, '目標値を入力してください'],
    ['baselineValue', { baselineValue: 'なし' }, '基準値は数値で入力してください'],
    ['baselineFiscalYear', { baselineFiscalYear: null }, '基準値の年度を指定してください。'],
  ] as const)('%s: %j → %s', (path, patch, message) => {
    const { errors } = normalizeKpi({ ...base, ...patch });
    expect(errors.find((e) => e.path === path)?.message ?? errors).toContain(message);
  });
  it('a value with no baseline is fine', () => {
    expect(normalizeKpi({ ...base, baselineValue: null, baselineFiscalYear: null }).errors).toEqual([]);
  });
});

describe('normalizeValue', () => {
  it('parses with the KPI scale and unit; empty clears', () => {
    expect(normalizeValue({ scale: 0, unit: '時間' }, { fiscalYear: 2026, kind: 'actual', value: '21,000時間' })).toMatchObject({ value: 21000, errors: [] });
    expect(normalizeValue({ scale: 1, unit: '%' }, { fiscalYear: 2026, kind: 'actual', value: '' })).toMatchObject({ value: null, errors: [] });
  });
  it('names the field in Japanese', () => {
    const r = normalizeValue({ scale: 1, unit: '%' }, { fiscalYear: 1800, kind: 'forecast', value: '9.99' });
    expect(r.errors.map((e) => [e.path, e.message])).toEqual([
      ['fiscalYear', '年度は1989〜2100年度（西暦）の範囲で指定してください。'],
      ['kind', '値の種類は actual（実績値）か milestone（年度目標）を指定してください。'],
      ['value', '実績値は小数第1位までで入力してください。'],
    ]);
  });
});
