import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DUE_LABEL,
  dueOnLabel,
  dueOnProblem,
  isOpinionOverdue,
  opinionDeadline,
  overdueCutoff,
  type OpinionState,
} from '../../src/modules/review/domain/opinion.js';

describe('opinionDeadline — the 回答期限 in force', () => {
  it.each([
    // recorded (JST)  set 回答期限     → in force     default?
    ['2026-04-01', null, '2026-05-01', true],
    ['2026-01-31', null, '2026-03-02', true], // February is short
    ['2028-01-31', null, '2028-03-01', true], // leap year
    ['2026-12-15', null, '2027-01-14', true], // across the calendar year
    ['2027-03-15', null, '2027-04-14', true], // across the fiscal year
    ['2026-04-01', '2026-06-30', '2026-06-30', false], // 「次回審議会まで」: later than the default
    ['2026-04-01', '2026-04-10', '2026-04-10', false], // earlier than the default
    ['2026-04-01', '2026-04-01', '2026-04-01', false], // the day recorded itself
    ['2026-12-28', '2027-01-05', '2027-01-05', false],
  ] as const)('recorded %s, set %s → %s (default %s)', (createdOnTokyo, dueOn, on, isDefault) => {
    expect(opinionDeadline({ createdOnTokyo, dueOn })).toEqual({ on, isDefault });
  });
});

describe('isOpinionOverdue with a set 回答期限', () => {
  const DEPT = 'd-zaisei';
  it.each([
    // state, department, 回答期限, today → overdue
    ['open', DEPT, '2026-04-10', '2026-04-10', false], // due today: not yet
    ['open', DEPT, '2026-04-10', '2026-04-11', true],
    ['open', DEPT, '2026-06-30', '2026-05-02', false], // past the default, before the set deadline
    ['open', DEPT, null, '2026-05-02', true], // the default: recorded 04-01 + 30 = 05-01
    ['open', DEPT, '2026-12-31', '2027-01-01', true], // across the year
    ['open', null, '2026-04-10', '2026-09-01', false], // nobody to chase yet
    ['answered', DEPT, '2026-04-10', '2026-09-01', false],
    ['closed', DEPT, '2026-04-10', '2026-09-01', false],
  ] as const)('%s, department %s, due %s, on %s → %s', (state, dept, dueOn, today, expected) => {
    expect(isOpinionOverdue({ state: state as OpinionState, assignedDepartmentId: dept, createdOnTokyo: '2026-04-01', dueOn }, today)).toBe(expected);
  });
});

describe('dueOnProblem — what may be stored', () => {
  it.each([
    [null, '2026-04-01'], // clearing is always allowed
    ['2026-04-01', '2026-04-01'],
    ['2026-05-31', '2026-04-01'],
    ['2027-01-05', '2026-12-28'],
  ] as const)('%s for an opinion recorded %s → allowed', (dueOn, createdOnTokyo) => {
    expect(dueOnProblem(dueOn, createdOnTokyo)).toBeNull();
  });

  it('refuses a deadline before the recorded date, naming both dates', () => {
    expect(dueOnProblem('2026-03-31', '2026-04-01')).toBe('回答期限（令和8年3月31日）は、意見の登録日（令和8年4月1日）より前の日付にはできません。');
    expect(dueOnProblem('2026-12-31', '2027-01-01')).toBe('回答期限（令和8年12月31日）は、意見の登録日（令和9年1月1日）より前の日付にはできません。');
  });

  it('refuses a day that does not exist', () => {
    expect(dueOnProblem('2026-02-30', '2026-01-01')).toContain('回答期限の日付が正しくありません');
  });
});

describe('labels and the SQL form', () => {
  it('reads the deadline in 和暦, or the default rule in words', () => {
    expect(dueOnLabel('2026-06-30')).toBe('令和8年6月30日');
    expect(dueOnLabel(null)).toBe(DEFAULT_DUE_LABEL);
    expect(DEFAULT_DUE_LABEL).toBe('未設定（登録日から30日）');
  });

  it('the default-rule cutoff agrees with opinionDeadline at the JST day boundary', () => {
    const today = '2026-05-02';
    const cutoff = overdueCutoff(today);
    // recorded 04-01 23:59 JST: default deadline 05-01, overdue on 05-02; recorded 04-02 00:00 JST: not yet
    for (const [instant, createdOnTokyo] of [
      ['2026-04-01T23:59:00+09:00', '2026-04-01'],
      ['2026-04-02T00:00:00+09:00', '2026-04-02'],
    ] as const) {
      const bySql = new Date(instant) < cutoff;
      const byRule = today > opinionDeadline({ createdOnTokyo, dueOn: null }).on;
      expect(bySql).toBe(byRule);
    }
  });
});
