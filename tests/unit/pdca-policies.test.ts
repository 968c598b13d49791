import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/modules/access/domain/policy.js';
import {
  allowedReportActions,
  canPlanPdca,
  canReadInbox,
  canReport,
  inboxDepartmentLimit,
  PLAN_PDCA_ACTIONS,
  REPORT_POLICY_ACTIONS,
  reportDenial,
  type PlanPdcaAction,
  type ReportPolicyAction,
  type ReportRecord,
} from '../../src/modules/pdca/policies/pdca.js';

const ROLES: readonly Role[] = ['system_admin', 'secretariat', 'dept_reporter', 'dept_approver', 'viewer', 'council'];
const MUNI_A = 'muni-a';
const MUNI_B = 'muni-b';
const LEAD = 'd-somu'; // 総務課: lead of the item
const CO = 'd-zaisei'; // 財政課: co-owner
const OTHER = 'd-kikaku'; // 企画課: not responsible

/** The relation of the actor to the report's item. */
type Rel = 'lead' | 'coowner' | 'other' | 'otherMuni';
const RELS: readonly Rel[] = ['lead', 'coowner', 'other', 'otherMuni'];

function actorFor(role: Role, rel: Rel): Actor {
  const dept = rel === 'lead' ? LEAD : rel === 'coowner' ? CO : OTHER;
  return {
    id: `u-${role}-${rel}`,
    name: role,
    role,
    // system administrators have no municipality and act in all of them
    municipalityId: role === 'system_admin' ? null : rel === 'otherMuni' ? MUNI_B : MUNI_A,
    departmentIds: rel === 'otherMuni' ? [LEAD] : [dept],
  };
}

const record = (state: ReportRecord['state'] = 'submitted'): ReportRecord => ({
  municipalityId: MUNI_A,
  departments: [
    { id: LEAD, lead: true },
    { id: CO, lead: false },
  ],
  state,
});

/**
 * Expected matrix, by hand. Four letters per cell, in the order
 * lead / co-owner / other department / other municipality; O allowed, x refused.
 * (A user of another municipality is refused everything, even with a department id
 * that matches; system administrators belong to every municipality.)
 */
const M: Record<ReportPolicyAction, Record<Role, string>> = {
  //                                  sys     sec     rep     apr     view    council (state: submitted)
  // an unconfirmed report: viewers, like council members, read answers once accepted (policies/answers.ts)
  'report.read': /*                 */ { system_admin: 'OOOO', secretariat: 'OOOx', dept_reporter: 'OOxx', dept_approver: 'OOxx', viewer: 'xxxx', council: 'xxxx' },
  'report.save': /*                 */ { system_admin: 'OOOO', secretariat: 'OOOx', dept_reporter: 'OOxx', dept_approver: 'OOxx', viewer: 'xxxx', council: 'xxxx' },
  'report.submit': /*               */ { system_admin: 'OOOO', secretariat: 'OOOx', dept_reporter: 'Oxxx', dept_approver: 'Oxxx', viewer: 'xxxx', council: 'xxxx' },
  'report.approve': /*              */ { system_admin: 'OOOO', secretariat: 'OOOx', dept_reporter: 'xxxx', dept_approver: 'Oxxx', viewer: 'xxxx', council: 'xxxx' },
  'report.return_by_approver': /*   */ { system_admin: 'xxxx', secretariat: 'xxxx', dept_reporter: 'xxxx', dept_approver: 'Oxxx', viewer: 'xxxx', council: 'xxxx' },
  'report.accept': /*               */ { system_admin: 'OOOO', secretariat: 'OOOx', dept_reporter: 'xxxx', dept_approver: 'xxxx', viewer: 'xxxx', council: 'xxxx' },
  'report.return_by_secretariat': /**/ { system_admin: 'OOOO', secretariat: 'OOOx', dept_reporter: 'xxxx', dept_approver: 'xxxx', viewer: 'xxxx', council: 'xxxx' },
  'report.reopen': /*               */ { system_admin: 'OOOO', secretariat: 'OOOx', dept_reporter: 'xxxx', dept_approver: 'xxxx', viewer: 'xxxx', council: 'xxxx' },
};

const reportCells = ROLES.flatMap((role) => REPORT_POLICY_ACTIONS.flatMap((action) => RELS.map((rel, i) => [role, action, rel, M[action][role][i] === 'O'] as const)));

describe('canReport: role × action × (lead / co-owner / other department / other municipality)', () => {
  it('covers 6 roles × 8 actions × 4 relations', () => {
    expect(reportCells).toHaveLength(192);
    expect(Object.keys(M).sort()).toEqual([...REPORT_POLICY_ACTIONS].sort());
  });

  it.each(reportCells)('%s %s on an item where the actor is %s → %s', (role, action, rel, expected) => {
    expect(canReport(actorFor(role, rel), action, record())).toBe(expected);
  });

  it('council members read only what the secretariat has confirmed', () => {
    const council = actorFor('council', 'other');
    for (const state of ['not_started', 'draft', 'submitted', 'returned', 'approved'] as const) expect(canReport(council, 'report.read', record(state))).toBe(false);
    expect(canReport(council, 'report.read', record('accepted'))).toBe(true);
    expect(canReport(actorFor('council', 'otherMuni'), 'report.read', record('accepted'))).toBe(false);
  });

  it('a department member with no department sees nothing; an item without departments is the office’s', () => {
    const lonely: Actor = { id: 'x', name: 'x', role: 'dept_reporter', municipalityId: MUNI_A, departmentIds: [] };
    expect(canReport(lonely, 'report.read', record())).toBe(false);
    const orphan: ReportRecord = { municipalityId: MUNI_A, departments: [], state: 'draft' };
    expect(canReport(actorFor('dept_reporter', 'lead'), 'report.save', orphan)).toBe(false);
    expect(canReport(actorFor('secretariat', 'lead'), 'report.save', orphan)).toBe(true);
  });

  it('explains refusals in Japanese, naming the lead department', () => {
    expect(reportDenial(actorFor('dept_reporter', 'coowner'), 'report.submit', record(), '総務課')).toBe('共管の項目は主担当課（総務課）が提出します。');
    expect(reportDenial(actorFor('dept_approver', 'coowner'), 'report.approve', record(), '総務課')).toBe('「承認」は主担当課（総務課）の承認者が行います。');
    expect(reportDenial(actorFor('dept_reporter', 'other'), 'report.read', record())).toContain('担当課ではない');
    expect(reportDenial(actorFor('dept_reporter', 'other'), 'report.save', record())).toContain('担当課ではない');
    expect(reportDenial(actorFor('viewer', 'lead'), 'report.save', record())).toContain('閲覧のみ');
    expect(reportDenial(actorFor('dept_reporter', 'lead'), 'report.approve', record())).toBe('「承認」を行う権限がありません。');
  });
});

/** Legends and rounds: two letters, same municipality / other municipality. */
const P: Record<PlanPdcaAction, Record<Role, string>> = {
  'legend.read': { system_admin: 'OO', secretariat: 'Ox', dept_reporter: 'Ox', dept_approver: 'Ox', viewer: 'Ox', council: 'Ox' },
  'legend.write': { system_admin: 'OO', secretariat: 'Ox', dept_reporter: 'xx', dept_approver: 'xx', viewer: 'xx', council: 'xx' },
  'round.read': { system_admin: 'OO', secretariat: 'Ox', dept_reporter: 'Ox', dept_approver: 'Ox', viewer: 'Ox', council: 'Ox' },
  'round.create': { system_admin: 'OO', secretariat: 'Ox', dept_reporter: 'xx', dept_approver: 'xx', viewer: 'xx', council: 'xx' },
  'round.update': { system_admin: 'OO', secretariat: 'Ox', dept_reporter: 'xx', dept_approver: 'xx', viewer: 'xx', council: 'xx' },
  'round.open': { system_admin: 'OO', secretariat: 'Ox', dept_reporter: 'xx', dept_approver: 'xx', viewer: 'xx', council: 'xx' },
  'round.close': { system_admin: 'OO', secretariat: 'Ox', dept_reporter: 'xx', dept_approver: 'xx', viewer: 'xx', council: 'xx' },
  'round.reopen': { system_admin: 'OO', secretariat: 'Ox', dept_reporter: 'xx', dept_approver: 'xx', viewer: 'xx', council: 'xx' },
};

const planCells = ROLES.flatMap((role) =>
  PLAN_PDCA_ACTIONS.flatMap((action) => (['lead', 'otherMuni'] as const).map((rel, i) => [role, action, rel === 'lead' ? 'same municipality' : 'other municipality', rel, P[action][role][i] === 'O'] as const)),
);

describe('canPlanPdca: legends and rounds', () => {
  it('covers 6 roles × 8 actions × 2', () => {
    expect(planCells).toHaveLength(96);
    expect(Object.keys(P).sort()).toEqual([...PLAN_PDCA_ACTIONS].sort());
  });
  it.each(planCells)('%s %s (%s) → %s', (role, action, _label, rel, expected) => {
    expect(canPlanPdca(actorFor(role, rel), action, { municipalityId: MUNI_A })).toBe(expected);
  });
});

describe('inboxes', () => {
  it('department members open their own departments’ inboxes only; others any', () => {
    const rep = actorFor('dept_reporter', 'coowner');
    expect(canReadInbox(rep, { municipalityId: MUNI_A, departmentId: CO })).toBe(true);
    expect(canReadInbox(rep, { municipalityId: MUNI_A, departmentId: null })).toBe(true);
    expect(canReadInbox(rep, { municipalityId: MUNI_A, departmentId: LEAD })).toBe(false);
    expect(canReadInbox(actorFor('dept_approver', 'lead'), { municipalityId: MUNI_A, departmentId: OTHER })).toBe(false);
    for (const role of ['system_admin', 'secretariat', 'viewer', 'council'] as const)
      expect(canReadInbox(actorFor(role, 'other'), { municipalityId: MUNI_A, departmentId: LEAD })).toBe(true);
    expect(canReadInbox(actorFor('secretariat', 'otherMuni'), { municipalityId: MUNI_A, departmentId: null })).toBe(false);
    expect(inboxDepartmentLimit(rep)).toEqual([CO]);
    expect(inboxDepartmentLimit(actorFor('viewer', 'lead'))).toBeNull();
  });

  it('allowed actions combine the policy and the state machine', () => {
    expect(allowedReportActions(actorFor('dept_reporter', 'lead'), record('draft'), 'open')).toEqual(['save', 'submit']);
    expect(allowedReportActions(actorFor('dept_reporter', 'coowner'), record('draft'), 'open')).toEqual(['save']);
    expect(allowedReportActions(actorFor('dept_approver', 'lead'), record('submitted'), 'open')).toEqual(['approve', 'return_by_approver']);
    expect(allowedReportActions(actorFor('secretariat', 'other'), record('approved'), 'open')).toEqual(['accept', 'return_by_secretariat']);
    // closed: review only, until the round is published
    expect(allowedReportActions(actorFor('secretariat', 'other'), record('approved'), 'closed')).toEqual(['accept']);
    expect(allowedReportActions(actorFor('secretariat', 'other'), record('approved'), 'closed', true)).toEqual([]);
    expect(allowedReportActions(actorFor('dept_reporter', 'lead'), record('draft'), 'closed')).toEqual([]);
    expect(allowedReportActions(actorFor('viewer', 'lead'), record('draft'), 'open')).toEqual([]);
  });
});
