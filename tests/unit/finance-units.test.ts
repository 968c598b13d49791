import { describe, expect, it } from 'vitest';
import { cellName, formatFigure, parseFigure, unitLine, yenFactor, type Measure } from '../../src/modules/finance/domain/units.js';

const yen = (unit: string): Measure => ({ valueKind: 'yen', unit, scale: 0 });
const num = (unit: string, scale: number): Measure => ({ valueKind: 'number', unit, scale });

describe('yen units', () => {
  it.each([
    ['円', 1],
    ['千円', 1_000],
    ['百万円', 1_000_000],
    ['億円', 100_000_000],
  ])('%s is %i yen', (unit, factor) => expect(yenFactor(unit)).toBe(factor));
});

describe('parseFigure', () => {
  it.each<[string, Measure, number | null]>([
    ['5,471', yen('百万円'), 5_471_000_000],
    ['31,632', yen('百万円'), 31_632_000_000],
    ['△20', yen('百万円'), -20_000_000],
    ['▲20', yen('百万円'), -20_000_000],
    ['-20', yen('百万円'), -20_000_000],
    ['－２０', yen('百万円'), -20_000_000],
    ['１，２３４', yen('百万円'), 1_234_000_000],
    ['１２３４．５', yen('百万円'), 1_234_500_000],
    [' 0 ', yen('百万円'), 0],
    ['△0', yen('百万円'), 0],
    ['17.5', yen('億円'), 1_750_000_000],
    ['24.7', yen('億円'), 2_470_000_000],
    ['1,234.000', yen('千円'), 1_234_000],
    ['0.001', yen('千円'), 1],
    ['12345', yen('円'), 12_345],
    ['99.6', num('%', 1), 996],
    ['99.60', num('%', 1), 996],
    ['30', num('時間', 1), 300],
    ['411', num('人', 0), 411],
    ['', yen('百万円'), null],
    ['  ', yen('百万円'), null],
    ['－', yen('百万円'), null],
    ['-', num('%', 1), null],
  ])('%j in %o → %s', (text, m, value) => {
    expect(parseFigure(text, m)).toEqual({ ok: true, value });
  });

  it.each<[string, Measure, string]>([
    ['5,47x', yen('百万円'), '数値として読めません'],
    ['1.2.3', yen('百万円'), '数値として読めません'],
    ['0.0000001', yen('百万円'), '1円未満の端数'],
    ['1.5', yen('円'), '1円未満の端数'],
    ['99.65', num('%', 1), '小数第1位まで'],
    ['3.5', num('人', 0), '整数で入力'],
    ['99999999999999999', yen('円'), '大きすぎます'],
    ['1,000,000,000', yen('億円'), '大きすぎます'],
  ])('refuses %j in %o', (text, m, reason) => {
    const r = parseFigure(text, m);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('formatFigure', () => {
  it.each<[number, Measure, string]>([
    [5_471_000_000, yen('百万円'), '5,471'],
    [31_632_000_000, yen('百万円'), '31,632'],
    [-20_000_000, yen('百万円'), '△20'],
    [0, yen('百万円'), '0'],
    [1_234_500_000, yen('百万円'), '1,234.5'],
    [1_750_000_000, yen('億円'), '17.5'],
    [1, yen('千円'), '0.001'],
    [1_234_567, yen('円'), '1,234,567'],
    [996, num('%', 1), '99.6'],
    [300, num('時間', 1), '30.0'],
    [-5, num('%', 1), '△0.5'],
    [411, num('人', 0), '411'],
  ])('%i in %o → %s', (value, m, text) => expect(formatFigure(value, m)).toBe(text));

  it('round-trips what it prints', () => {
    for (const [v, m] of [
      [5_471_000_000, yen('百万円')],
      [-123_456_789, yen('円')],
      [2_470_000_000, yen('億円')],
      [315, num('時間', 1)],
    ] as const)
      expect(parseFigure(formatFigure(v, m), m)).toEqual({ ok: true, value: v });
  });
});

describe('labels', () => {
  it('names a cell by row and fiscal year, and prints the unit line', () => {
    expect(cellName('地方税', 2025)).toBe('「地方税」のR7（令和7年度）');
    expect(unitLine('百万円')).toBe('（単位：百万円）');
    expect(unitLine('')).toBe('');
  });
});
