import type { AuthMeDto, RoleCode, UserDto } from '../../../shared/api-types-identity.js';
import { isLocked } from '../domain/lockout.js';
import { DEFAULT_LOGIN_LIMITS } from '../domain/loginThrottle.js';
import { ROLE_LABELS, isRole } from '../domain/roles.js';
import { sessionEndsAt } from '../domain/session.js';
import type { ResolvedSession } from '../queries/sessions.js';
import type { DepartmentRef, UserRow } from '../queries/users.js';

const roleOf = (role: string): RoleCode => (isRole(role) ? role : 'viewer');

export function presentUser(u: UserRow, departments: DepartmentRef[], activeSessions: number, now: Date): UserDto {
  // logins are slowed down per address once this many failed in a row: the administrator may clear it (unlock)
  const locked = isLocked(u, now) || u.failedLogins >= DEFAULT_LOGIN_LIMITS.pair.free;
  return {
    id: u.id,
    loginId: u.loginId,
    name: u.name,
    email: u.email,
    role: roleOf(u.role),
    roleLabel: ROLE_LABELS[roleOf(u.role)],
    departments,
    disabled: u.disabled,
    activated: u.passwordHash !== null,
    locked,
    lockedUntil: isLocked(u, now) ? u.lockedUntil!.toISOString() : null,
    failedLogins: u.failedLogins,
    secondFactor: u.totpSecret !== null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    activeSessions,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

export function presentMe(s: ResolvedSession, departments: DepartmentRef[], recoveryCodesLeft = 0): AuthMeDto {
  const role = roleOf(s.user.role);
  return {
    user: {
      id: s.user.id,
      loginId: s.user.loginId,
      name: s.user.name,
      email: s.user.email,
      role,
      roleLabel: ROLE_LABELS[role],
      departments,
    },
    municipality: { id: s.municipality.id, code: s.municipality.code, name: s.municipality.name },
    allMunicipalities: s.actor.municipalityId === null,
    session: {
      expiresAt: s.session.expiresAt.toISOString(),
      idleExpiresAt: sessionEndsAt(s.session).toISOString(),
    },
    secondFactor: { enabled: s.user.totpSecret !== null, recoveryCodesLeft: s.user.totpSecret !== null ? recoveryCodesLeft : 0 },
  };
}

/** What an audit row keeps of an account: never the password hash. */
export function auditSnapshot(u: UserRow, departmentIds: string[]) {
  return {
    loginId: u.loginId,
    name: u.name,
    email: u.email,
    role: u.role,
    departmentIds,
    disabled: u.disabled,
    version: u.version,
  };
}
