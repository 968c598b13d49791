import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/modules/access/domain/policy.js';
import { canAssignRole, canCreateUser, canManageUser, canManageUsers } from '../../src/modules/identity/policies/userAdmin.js';

const ROLES: readonly Role[] = ['system_admin', 'secretariat', 'dept_reporter', 'dept_approver', 'viewer', 'council'];
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

const actor = (role: Role, municipalityId: string | null = role === 'system_admin' ? null : A): Actor => ({
  id: `u-${role}`,
  name: role,
  role,
  municipalityId,
  departmentIds: [],
});

const O = true;
const x = false;

/**
 * Account administration, written out by hand:
 * rows = acting role (in municipality A; システム管理者 everywhere),
 * columns = role of the account acted on, in A and in B.
 *                          target role:  sys  sec  rep  apr  view council
 */
const SAME: Record<Role, Record<Role, boolean>> = {
  system_admin: /*  */ { system_admin: O, secretariat: O, dept_reporter: O, dept_approver: O, viewer: O, council: O },
  secretariat: /*   */ { system_admin: x, secretariat: O, dept_reporter: O, dept_approver: O, viewer: O, council: O },
  dept_reporter: /* */ { system_admin: x, secretariat: x, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  dept_approver: /* */ { system_admin: x, secretariat: x, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  viewer: /*        */ { system_admin: x, secretariat: x, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  council: /*       */ { system_admin: x, secretariat: x, dept_reporter: x, dept_approver: x, viewer: x, council: x },
};
const OTHER: Record<Role, Record<Role, boolean>> = {
  system_admin: /*  */ { system_admin: O, secretariat: O, dept_reporter: O, dept_approver: O, viewer: O, council: O },
  secretariat: /*   */ { system_admin: x, secretariat: x, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  dept_reporter: /* */ { system_admin: x, secretariat: x, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  dept_approver: /* */ { system_admin: x, secretariat: x, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  viewer: /*        */ { system_admin: x, secretariat: x, dept_reporter: x, dept_approver: x, viewer: x, council: x },
  council: /*       */ { system_admin: x, secretariat: x, dept_reporter: x, dept_approver: x, viewer: x, council: x },
};

describe('account administration policy matrix', () => {
  for (const who of ROLES)
    for (const target of ROLES) {
      it(`${who} → ${target} in own municipality: ${SAME[who][target] ? 'allowed' : 'refused'}`, () => {
        expect(canManageUser(actor(who), { municipalityId: A, role: target })).toBe(SAME[who][target]);
        expect(canCreateUser(actor(who), A, target)).toBe(SAME[who][target]);
      });
      it(`${who} → ${target} in another municipality: ${OTHER[who][target] ? 'allowed' : 'refused'}`, () => {
        expect(canManageUser(actor(who), { municipalityId: B, role: target })).toBe(OTHER[who][target]);
        expect(canCreateUser(actor(who), B, target)).toBe(OTHER[who][target]);
      });
    }

  it('lists accounts: システム管理者 everywhere, 事務局 only its own municipality, nobody else', () => {
    expect(ROLES.filter((r) => canManageUsers(actor(r), A))).toEqual(['system_admin', 'secretariat']);
    expect(ROLES.filter((r) => canManageUsers(actor(r), B))).toEqual(['system_admin']);
  });

  it('a 事務局 without a municipality (malformed actor) manages nothing', () => {
    expect(canManageUsers(actor('secretariat', null), A)).toBe(false);
  });

  it('only システム管理者 may give the システム管理者 role', () => {
    expect(ROLES.filter((r) => canAssignRole(actor(r), 'system_admin'))).toEqual(['system_admin']);
    expect(ROLES.filter((r) => canAssignRole(actor(r), 'viewer'))).toEqual(['system_admin', 'secretariat']);
  });
});
