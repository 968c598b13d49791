import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/modules/access/domain/policy.js';
import { demoAdministrator } from '../../src/modules/access/domain/policy.js';
import {
  canReview,
  explainReviewRefusal,
  opinionPermissions,
  REVIEW_ACTIONS,
  type OpinionRecord,
  type ReviewAction,
} from '../../src/modules/review/policies/review.js';

const ROLES: readonly Role[] = ['system_admin', 'secretariat', 'dept_reporter', 'dept_approver', 'viewer', 'council'];
const MUNI_A = 'muni-a';
const MUNI_B = 'muni-b';
const OWN = 'd-zaisei';
const OTHER = 'd-somu';

const actor = (role: Role, municipalityId: string | null = role === 'system_admin' ? null : MUNI_A): Actor => ({
  id: `u-${role}`,
  name: role,
  role,
  municipalityId,
  departmentIds: role.startsWith('dept_') ? [OWN] : [],
});

/**
 * Expected same-tenant matrix for an opinion assigned to the actor's own department,
 * written out by hand from the requirements:
 * - everyone of the municipality (including 審議会委員, who give the opinions) reads meetings and opinions;
 * - the secretariat (and the system administrator) records meetings and opinions, assigns, returns and closes;
 * - only the assigned department's reporters and approvers answer (the administrator too, for the demo).
 *
 *                       sys  sec  rep  apr  view council
 */
const O = true;
const x = false;
const MATRIX: Record<ReviewAction, Record<Role, boolean>> = {
  'meeting.read': /*    */ { system_admin: O, secretariat: O, dept_reporter: O, dept_approver: O, viewer: O, council: O },
  'meeting.write': /*   */ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  'meeting.publish': /* */ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  'opinion.read': /*    */ { system_admin: O, secretariat: O, dept_reporter: O, dept_approver: O, viewer: O, council: O },
  'opinion.create': /*  */ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  'opinion.edit': /*    */ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  'opinion.assign': /*  */ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  'opinion.respond': /* */ { system_admin: O, secretariat: x, dept_reporter: O, dept_approver: O, viewer: x, council: x },
  'opinion.return': /*  */ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  'opinion.close': /*   */ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
};

const ownOpinion: OpinionRecord = { municipalityId: MUNI_A, assignedDepartmentId: OWN };
const cells = ROLES.flatMap((role) => REVIEW_ACTIONS.map((action) => [role, action, MATRIX[action][role]] as const));

describe('canReview — same-tenant matrix (opinion assigned to the actor’s department)', () => {
  it('covers every role × action (60 cells)', () => {
    expect(cells).toHaveLength(60);
    expect(Object.keys(MATRIX).sort()).toEqual([...REVIEW_ACTIONS].sort());
  });

  it.each(cells)('%s %s → %s', (role, action, expected) => {
    expect(canReview(actor(role), action, ownOpinion)).toBe(expected);
  });
});

describe('canReview — departments answer only what is assigned to them', () => {
  it.each(['dept_reporter', 'dept_approver'] as const)('%s may not answer another department’s opinion, nor an unassigned one', (role) => {
    expect(canReview(actor(role), 'opinion.respond', { municipalityId: MUNI_A, assignedDepartmentId: OTHER })).toBe(false);
    expect(canReview(actor(role), 'opinion.respond', { municipalityId: MUNI_A, assignedDepartmentId: null })).toBe(false);
  });

  it('membership of several departments: any of them counts', () => {
    const a = { ...actor('dept_approver'), departmentIds: [OTHER, OWN] };
    expect(canReview(a, 'opinion.respond', ownOpinion)).toBe(true);
  });

  it('a dept role without departments answers nothing', () => {
    const a = { ...actor('dept_reporter'), departmentIds: [] };
    expect(canReview(a, 'opinion.respond', ownOpinion)).toBe(false);
  });

  it('department membership gives no secretariat rights', () => {
    const a = { ...actor('dept_approver'), departmentIds: [OWN, OTHER] };
    for (const action of ['opinion.create', 'opinion.assign', 'opinion.return', 'opinion.close', 'meeting.write'] as const)
      expect(canReview(a, action, ownOpinion)).toBe(false);
  });
});

describe('canReview — tenant isolation', () => {
  const others = ROLES.filter((r) => r !== 'system_admin');
  const crossCells = others.flatMap((role) => REVIEW_ACTIONS.map((action) => [role, action] as const));

  it.each(crossCells)('%s of municipality A is refused %s on a record of municipality B', (role, action) => {
    expect(canReview(actor(role, MUNI_A), action, { municipalityId: MUNI_B, assignedDepartmentId: OWN })).toBe(false);
  });

  it.each(crossCells)('%s without a municipality is refused %s', (role, action) => {
    expect(canReview(actor(role, null), action, ownOpinion)).toBe(false);
  });

  it('the demo administrator may do everything everywhere', () => {
    for (const action of REVIEW_ACTIONS) expect(canReview(demoAdministrator, action, { municipalityId: MUNI_B, assignedDepartmentId: null })).toBe(true);
  });
});

describe('opinionPermissions — policy and state together', () => {
  it.each([
    ['secretariat', 'open', { edit: O, assign: O, respond: x, return: x, close: x }],
    ['secretariat', 'answered', { edit: O, assign: x, respond: x, return: O, close: O }],
    ['secretariat', 'closed', { edit: x, assign: x, respond: x, return: x, close: x }],
    ['dept_reporter', 'open', { edit: x, assign: x, respond: O, return: x, close: x }],
    ['dept_reporter', 'answered', { edit: x, assign: x, respond: O, return: x, close: x }],
    ['dept_reporter', 'closed', { edit: x, assign: x, respond: x, return: x, close: x }],
    ['council', 'open', { edit: x, assign: x, respond: x, return: x, close: x }],
  ] as const)('%s on an %s opinion', (role, state, expected) => {
    expect(opinionPermissions(actor(role), { ...ownOpinion, state })).toEqual(expected);
  });

  it('nobody can answer an unassigned opinion, not even the administrator', () => {
    expect(opinionPermissions(demoAdministrator, { municipalityId: MUNI_A, assignedDepartmentId: null, state: 'open' }).respond).toBe(false);
  });
});

describe('explainReviewRefusal — Japanese, says what and where', () => {
  const place = { municipalityName: '荒尾市', target: '意見「窓口の待ち時間」', assignedDepartmentName: '財政課' };

  it('another department', () => {
    const m = explainReviewRefusal(actor('dept_reporter'), 'opinion.respond', { municipalityId: MUNI_A, assignedDepartmentId: OTHER } as OpinionRecord, place);
    expect(m).toBe('荒尾市の意見「窓口の待ち時間」は財政課に割り当てられています。対応方針の回答は、割り当てられた担当課の報告者・承認者のみが行えます。');
  });

  it('a role that may not', () => {
    const m = explainReviewRefusal(actor('council'), 'meeting.write', { municipalityId: MUNI_A }, { municipalityName: '荒尾市', target: '会議「第1回審議会」' });
    expect(m).toBe('審議会委員の権限では「会議の登録・編集・削除」はできません（荒尾市の会議「第1回審議会」）。事務局のみが行えます。');
  });

  it('another municipality', () => {
    const m = explainReviewRefusal(actor('secretariat', MUNI_B), 'opinion.read', { municipalityId: MUNI_A }, { municipalityName: '荒尾市' });
    expect(m).toContain('荒尾市のデータは、この団体の職員・委員のみが扱えます');
  });
});
