import { describe, expect, it } from 'vitest';
import {
  addDays,
  isOpinionEditable,
  isOpinionOverdue,
  nextOpinionState,
  OPINION_ACTIONS,
  OPINION_RESPONSE_DAYS,
  OPINION_STATES,
  opinionDueOn,
  overdueCutoff,
  type OpinionAction,
  type OpinionState,
} from '../../src/modules/review/domain/opinion.js';

const DEPT = 'd-zaisei';
const full = { departmentId: 'd-somu', response: '令和9年度から実施します。', comment: '財源を明記してください。' };

/**
 * Every action from every state, with an assigned department and complete input.
 * '—' = refused because of the state.
 *
 *              open       answered   closed
 *   assign     open       —          —
 *   respond    answered   answered   —
 *   return     —          open       —
 *   close      —          closed     —
 */
const TABLE: Record<OpinionAction, Record<OpinionState, OpinionState | null>> = {
  assign: /*  */ { open: 'open', answered: null, closed: null },
  respond: /* */ { open: 'answered', answered: 'answered', closed: null },
  return: /*  */ { open: null, answered: 'open', closed: null },
  close: /*   */ { open: null, answered: 'closed', closed: null },
};

const cells = OPINION_ACTIONS.flatMap((action) => OPINION_STATES.map((from) => [action, from, TABLE[action][from]] as const));

describe('nextOpinionState — transition table', () => {
  it('covers every action × state (12 cells)', () => {
    expect(cells).toHaveLength(12);
  });

  it.each(cells)('%s from %s → %s', (action, from, to) => {
    const r = nextOpinionState(action, { state: from, assignedDepartmentId: DEPT }, full);
    if (to === null) {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.reason).toBe('wrong_state');
        expect(r.message).toMatch(/^状態が「.+」の意見には「.+」はできません。$/);
      }
    } else expect(r).toEqual({ ok: true, to });
  });
});

describe('nextOpinionState — what each step needs', () => {
  const open = { state: 'open' as const, assignedDepartmentId: DEPT };
  const answered = { state: 'answered' as const, assignedDepartmentId: DEPT };

  it.each([
    ['respond without a department', 'respond', { state: 'open', assignedDepartmentId: null }, full, 'not_assigned'],
    ['respond with an empty response', 'respond', open, { response: '  ' }, 'response_required'],
    ['return without a comment', 'return', answered, { comment: '' }, 'comment_required'],
    ['assign without a department', 'assign', open, {}, 'department_required'],
    ['assign to the same department', 'assign', open, { departmentId: DEPT }, 'same_department'],
  ] as const)('%s is refused (%s)', (_label, action, facts, input, reason) => {
    const r = nextOpinionState(action, facts, input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe(reason);
      expect(r.message).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    }
  });

  it('assigning an unassigned opinion needs only the department', () => {
    expect(nextOpinionState('assign', { state: 'open', assignedDepartmentId: null }, { departmentId: DEPT })).toEqual({ ok: true, to: 'open' });
  });

  it('closing needs no input', () => {
    expect(nextOpinionState('close', answered)).toEqual({ ok: true, to: 'closed' });
  });

  it('only closed opinions are frozen', () => {
    expect(OPINION_STATES.map(isOpinionEditable)).toEqual([true, true, false]);
  });
});

describe('due date and overdue', () => {
  it('is the day recorded (JST) plus the response period', () => {
    expect(OPINION_RESPONSE_DAYS).toBe(30);
    expect(opinionDueOn('2026-04-01')).toBe('2026-05-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it.each([
    ['open', DEPT, '2026-05-01', false],
    ['open', DEPT, '2026-05-02', true],
    ['open', null, '2026-09-01', false],
    ['answered', DEPT, '2026-09-01', false],
    ['closed', DEPT, '2026-09-01', false],
  ] as const)('%s, department %s, on %s → overdue %s', (state, dept, today, expected) => {
    expect(isOpinionOverdue({ state, assignedDepartmentId: dept, createdOnTokyo: '2026-04-01' }, today)).toBe(expected);
  });

  it('the SQL cutoff is the same rule: recorded before 00:00 JST of (today − days)', () => {
    const cutoff = overdueCutoff('2026-05-02');
    expect(cutoff.toISOString()).toBe('2026-04-01T15:00:00.000Z'); // 2026-04-02 00:00 JST
    // recorded 2026-04-01 23:59 JST → overdue on 05-02; recorded 04-02 00:00 JST → not yet
    expect(new Date('2026-04-01T23:59:00+09:00') < cutoff).toBe(true);
    expect(new Date('2026-04-02T00:00:00+09:00') < cutoff).toBe(false);
  });
});
