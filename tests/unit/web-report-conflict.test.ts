/**
 * The report's edit conflict as a three-way merge (web/src/pages/report/conflict.ts):
 * only values the user changed are offered; a colleague's saved value is never
 * replaced by a value this user merely loaded, and where both changed a value
 * nothing is preselected.
 */
import { describe, expect, test } from 'vitest';
import { changedKeys, conflictRows, mergeConflict } from '../../web/src/pages/report/conflict';
import type { FormValues, ValueKey } from '../../web/src/pages/report/model';

const KEYS: ValueKey[] = ['statusCode', 'narrative', 'issues', 'nextPlan', 'effectRevenueYen', 'numbers'];

function values(over: Partial<FormValues> = {}): FormValues {
  return {
    statusCode: 'b',
    achievementCode: null,
    narrative: '取組の内容',
    issues: '当初の課題',
    nextPlan: '当初の取組',
    effectRevenueYen: '',
    effectExpenseYen: '',
    effectKind: null,
    hoursSaved: '',
    numbers: [],
    ...over,
  };
}

describe('the conflict of two tabs (A saved 課題, B changed only 今後の取組)', () => {
  const base = values();
  const theirs = values({ issues: 'A が保存した課題' });
  const mine = values({ nextPlan: 'B の今後の取組' });

  test('only 今後の取組 is offered, preset to B’s input because A did not change it', () => {
    expect(conflictRows(KEYS, base, mine, theirs, ['nextPlan'])).toEqual([{ key: 'nextPlan', bothChanged: false, preset: 'mine' }]);
  });

  test('saving keeps A’s 課題 and B’s 今後の取組', () => {
    const rows = conflictRows(KEYS, base, mine, theirs, ['nextPlan']);
    const r = mergeConflict(KEYS, rows, mine, theirs, new Map());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.merged.issues).toBe('A が保存した課題');
    expect(r.merged.nextPlan).toBe('B の今後の取組');
    expect(r.unsaved).toEqual(['nextPlan']);
  });

  test('an unsaved-key list that says more than the base does not offer an unchanged value', () => {
    // B typed in 課題 and then restored it: not a change
    expect(conflictRows(KEYS, base, mine, theirs, ['nextPlan', 'issues']).map((r) => r.key)).toEqual(['nextPlan']);
  });
});

describe('a value changed by both', () => {
  const base = values();
  const theirs = values({ issues: 'A の課題' });
  const mine = values({ issues: 'B の課題' });

  test('is offered without a preselection', () => {
    expect(conflictRows(KEYS, base, mine, theirs, ['issues'])).toEqual([{ key: 'issues', bothChanged: true, preset: null }]);
  });

  test('cannot be merged without an explicit choice', () => {
    const rows = conflictRows(KEYS, base, mine, theirs, ['issues']);
    expect(mergeConflict(KEYS, rows, mine, theirs, new Map())).toEqual({ ok: false, missing: ['issues'] });
  });

  test('the explicit choice decides', () => {
    const rows = conflictRows(KEYS, base, mine, theirs, ['issues']);
    const keepMine = mergeConflict(KEYS, rows, mine, theirs, new Map([['issues', 'mine']]));
    expect(keepMine.ok && keepMine.merged.issues).toBe('B の課題');
    const keepTheirs = mergeConflict(KEYS, rows, mine, theirs, new Map([['issues', 'theirs']]));
    expect(keepTheirs.ok && keepTheirs.merged.issues).toBe('A の課題');
    expect(keepTheirs.ok && keepTheirs.unsaved).toEqual([]);
  });

  test('the same change on both sides asks nothing', () => {
    expect(conflictRows(KEYS, base, values({ issues: '同じ' }), values({ issues: '同じ' }), ['issues'])).toEqual([]);
  });
});

describe('changes are measured against the version the user started from', () => {
  test('yen written differently is the same value', () => {
    const base = values({ effectRevenueYen: '1,200,000' });
    expect(changedKeys(KEYS, base, values({ effectRevenueYen: '1200000' }), [])).toEqual([]);
  });

  test('without a base (an old draft) the keys marked unsaved count, and nothing is preselected', () => {
    const mine = values({ nextPlan: 'B' });
    const theirs = values({ issues: 'A' });
    expect(changedKeys(KEYS, null, mine, ['nextPlan'])).toEqual(['nextPlan']);
    expect(conflictRows(KEYS, null, mine, theirs, ['nextPlan'])).toEqual([{ key: 'nextPlan', bothChanged: true, preset: null }]);
  });
});
