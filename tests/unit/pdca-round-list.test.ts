/** Rules of the municipality-wide list of rounds (pdca/domain/roundList.ts). */
import { describe, expect, it } from 'vitest';
import { normalizeRoundStates, splitListParam, submittedCount } from '../../src/modules/pdca/domain/roundList.js';

describe('the round list filter', () => {
  it('reads repeated and comma-separated values alike, dropping blanks', () => {
    expect(splitListParam(['open,closed', ' draft ', ''])).toEqual(['open', 'closed', 'draft']);
    expect(splitListParam(['open'])).toEqual(['open']);
    expect(splitListParam([''])).toBeUndefined();
    expect(splitListParam(undefined)).toBeUndefined();
  });

  it('keeps each state once, in workflow order', () => {
    expect(normalizeRoundStates(['closed', 'open', 'closed'])).toEqual(['open', 'closed']);
    expect(normalizeRoundStates(['closed', 'draft'])).toEqual(['draft', 'closed']);
    expect(normalizeRoundStates([])).toEqual([]);
  });
});

describe('submittedCount', () => {
  it('counts submitted, approved and accepted reports; not the ones the department still holds', () => {
    expect(submittedCount({ not_started: 4, draft: 3, returned: 2, submitted: 1, approved: 10, accepted: 100 })).toBe(111);
    expect(submittedCount({ not_started: 5, draft: 1 })).toBe(0);
    expect(submittedCount({})).toBe(0);
  });
});
