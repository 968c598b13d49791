import { describe, expect, it } from 'vitest';
import { can, demoAdministrator, type Action, type Actor, type Role } from '../../src/modules/access/domain/policy.js';

const ROLES: readonly Role[] = ['system_admin', 'secretariat', 'dept_reporter', 'dept_approver', 'viewer', 'council'];
const ACTIONS: readonly Action[] = [
  'plan.read',
  'plan.create',
  'plan.update',
  'node.create',
  'node.update',
  'node.restructure',
  'department.read',
  'department.write',
  'tag.read',
  'tag.write',
  'audit.read',
  'kpi.read',
  'kpi.write',
  'finance.read',
  'finance.write',
  'onboarding.import',
  'publication.manage',
];

/**
 * Expected same-tenant matrix, written out by hand from the role descriptions:
 * - readers: every role may read plans, departments and tags;
 * - editors: only システム管理者 and 事務局 may write (plans, nodes, masters);
 * - audit.read is grouped with the editors (the audit log is not for 担当課・幹部・審議会);
 * - KPIs and the financial / staffing tables: everyone reads (they are published), the 事務局 keeps them.
 *
 *                      sys  sec  rep  apr  view council
 */
const O = true;
const x = false;
const MATRIX: Record<Action, Record<Role, boolean>> = {
  'plan.read': /*        */ { system_admin: O, secretariat: O, dept_reporter: O, dept_approver: O, viewer: O, council: O },
  'plan.create': /*      */ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  'plan.update': /*      */ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  'node.create': /*      */ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  'node.update': /*      */ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  'node.restructure': /* */ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  'department.read': /*  */ { system_admin: O, secretariat: O, dept_reporter: O, dept_approver: O, viewer: O, council: O },
  'department.write': /* */ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  'tag.read': /*         */ { system_admin: O, secretariat: O, dept_reporter: O, dept_approver: O, viewer: O, council: O },
  'tag.write': /*        */ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  'audit.read': /*       */ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  'kpi.read': /*         */ { system_admin: O, secretariat: O, dept_reporter: O, dept_approver: O, viewer: O, council: O },
  'kpi.write': /*        */ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  'finance.read': /*     */ { system_admin: O, secretariat: O, dept_reporter: O, dept_approver: O, viewer: O, council: O },
  'finance.write': /*    */ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  'onboarding.import': /**/ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  'publication.manage': /**/ { system_admin: O, secretariat: O, dept_reporter: x, dept_approver: x, viewer: x, council: x },
};

const MUNI_A = '432164'; // 上天草市
const MUNI_B = '131016'; // 千代田区

const actor = (role: Role, municipalityId: string | null = role === 'system_admin' ? null : MUNI_A): Actor => ({
  id: `u-${role}`,
  name: role,
  role,
  municipalityId,
  departmentIds: role.startsWith('dept_') ? ['d-joho'] : [],
});

const cells = ROLES.flatMap((role) => ACTIONS.map((action) => [role, action, MATRIX[action][role]] as const));

describe('can — same-tenant matrix', () => {
  it('the matrix covers every role × action (102 cells)', () => {
    expect(cells).toHaveLength(102);
    expect(Object.keys(MATRIX).sort()).toEqual([...ACTIONS].sort());
  });

  it.each(cells)('%s %s → %s', (role, action, expected) => {
    expect(can(actor(role), action, { municipalityId: MUNI_A })).toBe(expected);
  });

  it('a system_admin that happens to carry a municipality id is still allowed everywhere', () => {
    const a = actor('system_admin', MUNI_A);
    for (const action of ACTIONS) expect(can(a, action, { municipalityId: MUNI_A })).toBe(true);
  });

  it('department membership grants nothing extra to dept roles', () => {
    const reporter = { ...actor('dept_reporter'), departmentIds: ['d-joho', 'd-soumu', 'd-zaisei'] };
    expect(can(reporter, 'node.update', { municipalityId: MUNI_A })).toBe(false);
    expect(can(reporter, 'plan.read', { municipalityId: MUNI_A })).toBe(true);
  });
});

describe('can — tenant isolation', () => {
  const others = ROLES.filter((r) => r !== 'system_admin');
  const crossCells = others.flatMap((role) => ACTIONS.map((action) => [role, action] as const));

  it.each(crossCells)('%s of municipality A is refused %s on a record of municipality B', (role, action) => {
    expect(can(actor(role, MUNI_A), action, { municipalityId: MUNI_B })).toBe(false);
  });

  it.each(crossCells)('%s without a municipality is refused %s', (role, action) => {
    expect(can(actor(role, null), action, { municipalityId: MUNI_A })).toBe(false);
  });

  it.each(ACTIONS)('system_admin is allowed %s across tenants', (action) => {
    expect(can(actor('system_admin', null), action, { municipalityId: MUNI_A })).toBe(true);
    expect(can(actor('system_admin', null), action, { municipalityId: MUNI_B })).toBe(true);
    expect(can(actor('system_admin', MUNI_A), action, { municipalityId: MUNI_B })).toBe(true);
  });

  it('municipality ids compare exactly', () => {
    const sec = actor('secretariat', MUNI_A);
    expect(can(sec, 'plan.read', { municipalityId: `${MUNI_A} ` })).toBe(false);
    expect(can(sec, 'plan.read', { municipalityId: '' })).toBe(false);
  });
});

describe('demoAdministrator', () => {
  it('is a tenant-less system administrator', () => {
    expect(demoAdministrator).toMatchObject({ role: 'system_admin', municipalityId: null });
    expect(can(demoAdministrator, 'node.restructure', { municipalityId: MUNI_B })).toBe(true);
  });
});
