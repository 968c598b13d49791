import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/modules/access/domain/policy.js';
import {
  isEditable,
  isSubmitted,
  nextRoundState,
  nextState,
  AFTER_CLOSE_ACTIONS,
  isRoundPublished,
  REPORT_ACTIONS,
  REPORT_STATES,
  ROUND_STATES,
  type ReportAction,
  type ReportState,
  type RoundAction,
  type RoundState,
} from '../../src/modules/pdca/domain/workflow.js';
import { workflowRoleOf } from '../../src/modules/pdca/policies/pdca.js';

const ROLES: readonly Role[] = ['system_admin', 'secretariat', 'dept_reporter', 'dept_approver', 'viewer', 'council'];

/**
 * The expected table, written by hand from the workflow description (round open).
 * Each cell: which role families may act (R reporter, A approver, S secretariat /
 * system administrator) and the resulting state; '' = nobody (wrong state).
 * viewer and council never act.
 *
 *                         not_started        draft             submitted          returned            approved           accepted
 */
type Cell = { who: string; to?: ReportState };
const c = (who: string, to?: ReportState): Cell => (to ? { who, to } : { who });
const __ = c('');
const TABLE: Record<ReportAction, Record<ReportState, Cell>> = {
  save: /*                 */ { not_started: c('RAS', 'draft'), draft: c('RAS', 'draft'), submitted: __, returned: c('RAS', 'returned'), approved: __, accepted: __ },
  submit: /*               */ { not_started: c('RAS', 'submitted'), draft: c('RAS', 'submitted'), submitted: __, returned: c('RAS', 'submitted'), approved: __, accepted: __ },
  approve: /*              */ { not_started: __, draft: __, submitted: c('AS', 'approved'), returned: __, approved: __, accepted: __ },
  return_by_approver: /*   */ { not_started: __, draft: __, submitted: c('A', 'returned'), returned: __, approved: __, accepted: __ },
  accept: /*               */ { not_started: __, draft: __, submitted: __, returned: __, approved: c('S', 'accepted'), accepted: __ },
  return_by_secretariat: /**/ { not_started: __, draft: __, submitted: c('S', 'returned'), returned: __, approved: c('S', 'returned'), accepted: c('S', 'returned') },
  reopen: /*               */ { not_started: __, draft: __, submitted: __, returned: __, approved: __, accepted: c('S', 'approved') },
};

/** Which letter of the table a role acts as. */
const LETTER: Record<Role, string | null> = {
  system_admin: 'S',
  secretariat: 'S',
  dept_approver: 'A',
  dept_reporter: 'R',
  viewer: null,
  council: null,
};

/** Whether a role family may perform the action in some state (to tell not_allowed from wrong_state). */
const mayEver = (action: ReportAction, letter: string) => REPORT_STATES.some((s) => TABLE[action][s].who.includes(letter));

const cells = ROLES.flatMap((role) => REPORT_ACTIONS.flatMap((action) => REPORT_STATES.map((state) => [role, action, state] as const)));

describe('report workflow: every action × every state × role (round open)', () => {
  it('covers 6 roles × 7 actions × 6 states', () => {
    expect(cells).toHaveLength(252);
    expect(Object.keys(TABLE).sort()).toEqual([...REPORT_ACTIONS].sort());
  });

  it.each(cells)('%s: %s from %s', (role, action, state) => {
    const wr = workflowRoleOf({ id: 'u', name: 'u', role, municipalityId: 'm', departmentIds: [] });
    const letter = LETTER[role];
    const cell = TABLE[action][state];
    if (!wr || !letter) {
      expect(wr).toBeNull();
      return; // read-only roles never reach the state machine
    }
    const r = nextState(action, state, { role: wr, roundState: 'open', comment: '理由' });
    if (cell.who.includes(letter)) {
      expect(r).toEqual({ ok: true, to: cell.to });
    } else {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toBe(mayEver(action, letter) ? 'wrong_state' : 'not_allowed');
      if (!r.ok) expect(r.message).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    }
  });
});

describe('report workflow: round not open, comments', () => {
  it.each(REPORT_ACTIONS.flatMap((a) => REPORT_STATES.map((s) => [a, s] as const)))('%s from %s is refused while the round is a draft, or closed and published', (action, state) => {
    const published = nextState(action, state, { role: 'secretariat', roundState: 'closed', comment: 'x', roundPublished: true });
    expect(published).toMatchObject({ ok: false, reason: 'round_not_open' });
    if (!published.ok) expect(published.message).toContain('公表しました');
    expect(nextState(action, state, { role: 'secretariat', roundState: 'draft', comment: 'x' })).toMatchObject({ ok: false, reason: 'round_not_open' });
  });

  it.each(REPORT_ACTIONS.flatMap((a) => REPORT_STATES.map((s) => [a, s] as const)))('%s from %s after closing, before publication: review only', (action, state) => {
    const closed = nextState(action, state, { role: 'secretariat', roundState: 'closed', comment: 'x' });
    const open = nextState(action, state, { role: 'secretariat', roundState: 'open', comment: 'x' });
    if (AFTER_CLOSE_ACTIONS.includes(action)) {
      // the same answer as while open: the review goes on
      expect(closed).toEqual(open);
    } else {
      expect(closed).toMatchObject({ ok: false, reason: 'round_not_open' });
      if (!closed.ok) expect(closed.message).toContain('締め切られています');
    }
  });

  it('review after closing is: approve, accept, and taking an acceptance back', () => {
    expect([...AFTER_CLOSE_ACTIONS].sort()).toEqual(['accept', 'approve', 'reopen']);
    expect(nextState('accept', 'approved', { role: 'secretariat', roundState: 'closed' })).toEqual({ ok: true, to: 'accepted' });
    expect(nextState('approve', 'submitted', { role: 'approver', roundState: 'closed' })).toEqual({ ok: true, to: 'approved' });
    expect(nextState('submit', 'draft', { role: 'reporter', roundState: 'closed' })).toMatchObject({ ok: false });
  });

  it('a round is published for this closing only when published after it closed', () => {
    const closedAt = new Date('2026-04-30T08:00:00Z');
    expect(isRoundPublished({ state: 'closed', closedAt, publishedAt: new Date('2026-05-01T00:00:00Z') })).toBe(true);
    // reopened and closed again after the publication: review again
    expect(isRoundPublished({ state: 'closed', closedAt, publishedAt: new Date('2026-04-01T00:00:00Z') })).toBe(false);
    expect(isRoundPublished({ state: 'open', closedAt: null, publishedAt: new Date('2026-05-01T00:00:00Z') })).toBe(false);
    expect(isRoundPublished({ state: 'closed', closedAt, publishedAt: null })).toBe(false);
  });

  it('returns need a comment; blank does not count', () => {
    expect(nextState('return_by_approver', 'submitted', { role: 'approver', roundState: 'open' })).toMatchObject({ ok: false, reason: 'comment_required' });
    expect(nextState('return_by_secretariat', 'approved', { role: 'secretariat', roundState: 'open', comment: '　 ' })).toMatchObject({
      ok: false,
      reason: 'comment_required',
    });
    expect(nextState('approve', 'submitted', { role: 'approver', roundState: 'open' })).toEqual({ ok: true, to: 'approved' });
  });

  it('editable and submitted states', () => {
    expect(REPORT_STATES.filter(isEditable)).toEqual(['not_started', 'draft', 'returned']);
    expect(REPORT_STATES.filter(isSubmitted)).toEqual(['submitted', 'approved', 'accepted']);
  });
});

describe('round state machine', () => {
  const EXPECTED: Record<RoundAction, Record<RoundState, RoundState | null>> = {
    open: { draft: 'open', open: null, closed: null },
    close: { draft: null, open: 'closed', closed: null },
    reopen: { draft: null, open: null, closed: 'open' },
  };
  it.each((['open', 'close', 'reopen'] as const).flatMap((a) => ROUND_STATES.map((s) => [a, s] as const)))('%s from %s', (action, from) => {
    expect(nextRoundState(action, from)).toBe(EXPECTED[action][from]);
  });
});
