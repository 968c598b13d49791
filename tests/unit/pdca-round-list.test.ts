/** Rules of the municipality-wide list of rounds (pdca/domain/roundList.ts). */
import { describe, expect, it } from 'vitest';
import { BREAKDOWN_STATE_LABELS, normalizeRoundStates, splitListParam, submissionBreakdown, submittedCount } from '../../src/modules/pdca/domain/roundList.js';
import { REPORT_STATES, isSubmitted, type ReportState } from '../../src/modules/pdca/domain/workflow.js';

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

describe('submissionBreakdown', () => {
  it('says which states count as 提出済 and lists every state, so the figures add up', () => {
    // the round of the issue: 11 of 25 handed in
    const b = submissionBreakdown({ not_started: 8, draft: 5, returned: 1, submitted: 3, approved: 5, accepted: 3 });
    expect(b.text).toBe('提出済 11／全 25件（課長承認待ち3・課長承認済み5・事務局確認済み3／未提出 14件：未着手8・作成中5・差戻し1）');
    expect(b.submitted.parts.map((p) => p.state)).toEqual(['submitted', 'approved', 'accepted']);
    expect(b.notSubmitted.parts.map((p) => p.state)).toEqual(['not_started', 'draft', 'returned']);
    // zeros are shown, not left out
    expect(submissionBreakdown({ accepted: 2 }).text).toBe('提出済 2／全 2件（課長承認待ち0・課長承認済み0・事務局確認済み2／未提出 0件：未着手0・作成中0・差戻し0）');
    expect(submissionBreakdown({}).total).toBe(0);
  });

  it('adds up for every combination of counts: parts = groups = total, 提出済 = submittedCount', () => {
    const values = [0, 1, 7];
    let combos = 0;
    const visit = (i: number, counts: Partial<Record<ReportState, number>>): void => {
      if (i === REPORT_STATES.length) {
        combos++;
        const b = submissionBreakdown(counts);
        const sum = REPORT_STATES.reduce((n, s) => n + (counts[s] ?? 0), 0);
        expect(b.total).toBe(sum);
        expect(b.submitted.count + b.notSubmitted.count).toBe(b.total);
        expect(b.submitted.parts.reduce((n, p) => n + p.count, 0)).toBe(b.submitted.count);
        expect(b.notSubmitted.parts.reduce((n, p) => n + p.count, 0)).toBe(b.notSubmitted.count);
        expect(b.submitted.count).toBe(submittedCount(counts));
        // every state once, on the side isSubmitted puts it
        const shown = [...b.submitted.parts, ...b.notSubmitted.parts];
        expect(shown.map((p) => p.state).sort()).toEqual([...REPORT_STATES].sort());
        for (const p of b.submitted.parts) expect(isSubmitted(p.state)).toBe(true);
        for (const p of b.notSubmitted.parts) expect(isSubmitted(p.state)).toBe(false);
        // and the printed figures add up as well
        const m = /^提出済 (\d+)／全 (\d+)件（(.+)／未提出 (\d+)件：(.+)）$/.exec(b.text)!;
        const figures = (s: string) => [...s.matchAll(/(\D+?)(\d+)/g)].map((x) => Number(x[2]));
        const sumOf = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
        expect(Number(m[1]) + Number(m[4])).toBe(Number(m[2]));
        expect(sumOf(figures(m[3]!))).toBe(Number(m[1]));
        expect(sumOf(figures(m[5]!))).toBe(Number(m[4]));
        for (const s of REPORT_STATES) expect(b.text).toContain(BREAKDOWN_STATE_LABELS[s]);
        return;
      }
      for (const v of values) visit(i + 1, { ...counts, [REPORT_STATES[i]!]: v });
    };
    visit(0, {});
    expect(combos).toBe(values.length ** REPORT_STATES.length);
  });
});
