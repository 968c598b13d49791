/** Which table rows a KPI can take its values from, and how a stored figure becomes the KPI's value (kpis/domain/source.ts). */
import { describe, expect, it } from 'vitest';
import { fromSourceFigure, sourceLabel, sourceProblem, sourcedValues } from '../../src/modules/kpis/domain/source.js';

const percent = { valueKind: 'number' as const, unit: '%', scale: 1 };
const millions = { valueKind: 'yen' as const, unit: '百万円', scale: 0 };

describe('sourceProblem', () => {
  it('a number row fits a KPI of the same unit with at least as many decimals', () => {
    expect(sourceProblem(percent, { unit: '%', scale: 1 })).toBeNull();
    expect(sourceProblem(percent, { unit: ' % ', scale: 2 })).toBeNull();
    expect(sourceProblem(percent, { unit: '人', scale: 1 })).toBe('表の単位（%）と指標の単位（人）が違うため、表の値を取り込めません。');
    expect(sourceProblem(percent, { unit: '%', scale: 0 })).toContain('指標の小数の桁数（0桁）が表（1桁）より少ないため');
  });

  it('a money row fits a KPI in any yen unit, whatever its table prints', () => {
    for (const unit of ['円', '千円', '百万円', '億円']) expect(sourceProblem(millions, { unit, scale: 0 })).toBeNull();
    expect(sourceProblem(millions, { unit: '%', scale: 1 })).toBe('金額の表の値は、単位が円・千円・百万円・億円の指標にだけ取り込めます（この指標の単位は「%」）。');
    expect(sourceProblem(millions, { unit: '', scale: 0 })).toContain('この指標の単位は「なし」');
  });
});

describe('fromSourceFigure', () => {
  it('keeps a number’s digits, adding decimals the KPI has', () => {
    expect(fromSourceFigure(996, percent, { unit: '%', scale: 1 })).toEqual({ value: 996, exact: true });
    expect(fromSourceFigure(996, percent, { unit: '%', scale: 2 })).toEqual({ value: 9960, exact: true });
    expect(fromSourceFigure(-5, percent, { unit: '%', scale: 1 })).toEqual({ value: -5, exact: true });
  });

  it('converts yen to the KPI’s unit, rounding halves away from zero and saying when it rounded', () => {
    // 654 百万円 = 654,000,000 円 → 6.54 億円 → 6.5 at one decimal
    expect(fromSourceFigure(654_000_000, millions, { unit: '億円', scale: 1 })).toEqual({ value: 65, exact: false });
    expect(fromSourceFigure(655_000_000, millions, { unit: '億円', scale: 1 })).toEqual({ value: 66, exact: false });
    expect(fromSourceFigure(-655_000_000, millions, { unit: '億円', scale: 1 })).toEqual({ value: -66, exact: false });
    expect(fromSourceFigure(500_000_000, millions, { unit: '億円', scale: 1 })).toEqual({ value: 50, exact: true });
    expect(fromSourceFigure(654_000_000, millions, { unit: '百万円', scale: 0 })).toEqual({ value: 654, exact: true });
    expect(fromSourceFigure(1_234, millions, { unit: '円', scale: 0 })).toEqual({ value: 1234, exact: true });
    // large sums stay exact (no float on the way)
    expect(fromSourceFigure(31_632_000_000_000, millions, { unit: '千円', scale: 0 })).toEqual({ value: 31_632_000_000, exact: true });
  });
});

describe('sourcedValues', () => {
  it('maps 実績 to actuals and 計画・見込み to 年度目標, in year order', () => {
    const figures = [
      { fiscalYear: 2026, kind: 'plan', value: 970 },
      { fiscalYear: 2024, kind: 'actual', value: 996 },
      { fiscalYear: 2025, kind: 'plan', value: 980 },
      { fiscalYear: 2025, kind: 'actual', value: 950 },
    ];
    expect(sourcedValues(figures, percent, { unit: '%', scale: 1 }).map((v) => [v.fiscalYear, v.kind, v.value])).toEqual([
      [2024, 'actual', 996],
      [2025, 'actual', 950],
      [2025, 'milestone', 980],
      [2026, 'milestone', 970],
    ]);
  });
});

describe('sourceLabel', () => {
  it('names the table, the row (section first) and the unit', () => {
    expect(sourceLabel({ title: '基金残高', unit: '百万円' }, { section: '', label: '財政調整基金' })).toBe('「基金残高」の「財政調整基金」（百万円）');
    expect(sourceLabel({ title: '一般会計の歳入歳出見込み', unit: '' }, { section: '歳入', label: '地方税' })).toBe('「一般会計の歳入歳出見込み」の「歳入・地方税」');
  });
});
