import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../src/shared/errors.js';
import {
  DEFAULT_PHASES,
  MAX_PLAN_YEARS,
  currentStage,
  fiscalYearColumns,
  periodLabel,
  validateLevelNames,
  validatePeriod,
  validatePhases,
  type Phase,
} from '../../src/modules/plans/domain/plan.js';

const run = <A extends unknown[]>(fn: (...args: [...A, FieldError[]]) => void, ...args: A): FieldError[] => {
  const errors: FieldError[] = [];
  fn(...args, errors);
  return errors;
};

const FIRST_BAD = { path: 'firstFiscalYear', message: '開始年度が正しくありません（平成元年度〜の西暦で入力してください）。' };
const LAST_BAD = { path: 'lastFiscalYear', message: '終了年度が正しくありません（平成元年度〜の西暦で入力してください）。' };
const LAST_BEFORE_FIRST = { path: 'lastFiscalYear', message: '終了年度は開始年度以降にしてください。' };
const TOO_LONG = { path: 'lastFiscalYear', message: '計画期間は20年度以内にしてください。' };

describe('validatePeriod', () => {
  it('allows at most 20 fiscal years', () => {
    expect(MAX_PLAN_YEARS).toBe(20);
  });

  it.each<[number, number, FieldError[]]>([
    [2024, 2028, []],
    [2024, 2024, []], // one-year plan
    [2024, 2043, []], // exactly 20 fiscal years
    [1989, 1990, []], // lower bound inclusive
    [2200, 2200, []], // upper bound inclusive
    [2024, 2044, [TOO_LONG]], // 21 fiscal years
    [2000, 2030, [TOO_LONG]],
    [2028, 2024, [LAST_BEFORE_FIRST]],
    [2025, 2024, [LAST_BEFORE_FIRST]],
    [1988, 2000, [FIRST_BAD]],
    [2024.5, 2028, [FIRST_BAD]],
    [Number.NaN, 2028, [FIRST_BAD]],
    [2024, 1988, [LAST_BAD]],
    [2024, 2201, [LAST_BAD]],
    [2024, 2028.5, [LAST_BAD]],
    [2024, Number.NaN, [LAST_BAD]],
    [1900, 1900, [FIRST_BAD, LAST_BAD]],
    [2201, 2300, [FIRST_BAD, LAST_BAD]],
    // an invalid start is not compared with the end (no second, misleading message)
    [1900, 2020, [FIRST_BAD]],
    [2300, 2020, [FIRST_BAD]],
  ])('%d–%d', (first, last, expected) => {
    expect(run(validatePeriod, first, last)).toEqual(expected);
  });

  it('appends to the errors already collected', () => {
    const errors: FieldError[] = [{ path: 'name', message: '既存' }];
    validatePeriod(2028, 2024, errors);
    expect(errors).toEqual([{ path: 'name', message: '既存' }, LAST_BEFORE_FIRST]);
  });
});

describe('validateLevelNames', () => {
  it.each<[string, string[], FieldError[]]>([
    ['three names', ['基本方針', '推進項目', '実施項目'], []],
    ['one name', ['施策'], []],
    ['none', [], [{ path: 'levelNames', message: '階層名を1つ以上入力してください。' }]],
    ['empty first', ['', '実施項目'], [{ path: 'levelNames.0', message: '1番目の階層名が空です。' }]],
    [
      'blank second and third (ASCII and full-width spaces)',
      ['施策', '   ', '　'],
      [
        { path: 'levelNames.1', message: '2番目の階層名が空です。' },
        { path: 'levelNames.2', message: '3番目の階層名が空です。' },
      ],
    ],
  ])('%s', (_label, names, expected) => {
    expect(run(validateLevelNames, names)).toEqual(expected);
  });
});

describe('validatePhases', () => {
  const CODE_FORMAT = '区分コードは半角英小文字・数字で入力してください。';
  it.each<[string, Phase[], FieldError[]]>([
    ['default phases', DEFAULT_PHASES, []],
    ['code with digits, underscore and hyphen', [{ code: 'step_1-a', label: '第1段階' }], []],
    ['code of 32 chars', [{ code: 'a'.repeat(32), label: '長い' }], []],
    ['none', [], [{ path: 'phases', message: 'スケジュールの区分を1つ以上入力してください。' }]],
    ['upper-case code', [{ code: 'Kento', label: '検討' }], [{ path: 'phases.0.code', message: CODE_FORMAT }]],
    ['empty code', [{ code: '', label: '検討' }], [{ path: 'phases.0.code', message: CODE_FORMAT }]],
    ['code of 33 chars', [{ code: 'a'.repeat(33), label: '長い' }], [{ path: 'phases.0.code', message: CODE_FORMAT }]],
    ['Japanese code', [{ code: '検討', label: '検討' }], [{ path: 'phases.0.code', message: CODE_FORMAT }]],
    ['full-width code', [{ code: 'ｋｅｎｔｏ', label: '検討' }], [{ path: 'phases.0.code', message: CODE_FORMAT }]],
    ['code with space', [{ code: 'ken to', label: '検討' }], [{ path: 'phases.0.code', message: CODE_FORMAT }]],
    [
      'duplicate code',
      [
        { code: 'kento', label: '検討' },
        { code: 'jisshi', label: '実施' },
        { code: 'kento', label: '再検討' },
      ],
      [{ path: 'phases.2.code', message: '区分コード「kento」が重複しています。' }],
    ],
    ['blank label', [{ code: 'kento', label: ' 　' }], [{ path: 'phases.0.label', message: '区分名を入力してください。' }]],
    [
      'several problems on one phase',
      [
        { code: 'ok', label: 'OK' },
        { code: 'OK!', label: '' },
      ],
      [
        { path: 'phases.1.code', message: CODE_FORMAT },
        { path: 'phases.1.label', message: '区分名を入力してください。' },
      ],
    ],
  ])('%s', (_label, phases, expected) => {
    expect(run(validatePhases, phases)).toEqual(expected);
  });
});

describe('periodLabel', () => {
  it.each<[number, number, string]>([
    [2019, 2023, '令和元年度〜令和5年度'],
    [2024, 2028, '令和6年度〜令和10年度'],
    [2017, 2021, '平成29年度〜令和3年度'],
    [1988, 1990, '昭和63年度〜平成2年度'],
    [2026, 2026, '令和8年度〜令和8年度'],
  ])('%d–%d → %s', (first, last, expected) => {
    expect(periodLabel(first, last)).toBe(expected);
  });
});

describe('fiscalYearColumns', () => {
  it.each<[number, number, { year: number; label: string; short: string }[]]>([
    [
      2018,
      2020,
      [
        { year: 2018, label: '平成30年度', short: 'H30' },
        { year: 2019, label: '令和元年度', short: 'R1' },
        { year: 2020, label: '令和2年度', short: 'R2' },
      ],
    ],
    [2026, 2026, [{ year: 2026, label: '令和8年度', short: 'R8' }]],
    [2027, 2026, []], // inverted period → no columns
  ])('%d–%d', (first, last, expected) => {
    expect(fiscalYearColumns(first, last)).toEqual(expected);
  });

  it('has one column per fiscal year of a 5-year plan', () => {
    expect(fiscalYearColumns(2024, 2028).map((c) => c.short)).toEqual(['R6', 'R7', 'R8', 'R9', 'R10']);
  });
});

describe('currentStage', () => {
  it.each<[string, { stage: string; date: string }[], string | null]>([
    ['no stages', [], null],
    ['single', [{ stage: '素案', date: '2024-01-10' }], '素案'],
    [
      'chronological',
      [
        { stage: '素案', date: '2024-01-10' },
        { stage: '草案', date: '2024-02-10' },
        { stage: '決定', date: '2024-03-25' },
      ],
      '決定',
    ],
    [
      'out of order input',
      [
        { stage: '改訂', date: '2026-03-20' },
        { stage: '素案', date: '2024-01-10' },
        { stage: '決定', date: '2024-03-25' },
        { stage: '草案', date: '2024-02-10' },
      ],
      '改訂',
    ],
    [
      'latest is not the last listed',
      [
        { stage: '決定', date: '2024-03-25' },
        { stage: '素案', date: '2023-12-01' },
      ],
      '決定',
    ],
  ])('%s', (_label, stages, expected) => {
    expect(currentStage(stages)).toBe(expected);
  });

  it('does not reorder the caller’s array', () => {
    const stages = [
      { stage: '決定', date: '2024-03-25' },
      { stage: '素案', date: '2024-01-10' },
    ];
    currentStage(stages);
    expect(stages.map((s) => s.stage)).toEqual(['決定', '素案']);
  });
});
