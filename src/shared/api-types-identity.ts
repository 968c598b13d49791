/**
 * JSON shapes of the identity API (login, sessions, accounts). Presenters in
 * src/modules/identity/presenters produce exactly these; the UI imports them as types.
 */

/** system_admin | secretariat | dept_reporter | dept_approver | viewer | council */
export type RoleCode = 'system_admin' | 'secretariat' | 'dept_reporter' | 'dept_approver' | 'viewer' | 'council';

export interface UserDepartmentDto {
  id: string;
  name: string;
}

/** POST /api/auth/login */
export interface LoginBody {
  /** 団体コード (6 digits) */
  municipalityCode: string;
  loginId: string;
  password: string;
}

/** GET /api/auth/me and the answer to POST /api/auth/login */
export interface AuthMeDto {
  user: {
    id: string;
    loginId: string;
    name: string;
    email: string;
    role: RoleCode;
    /** e.g. 事務局 */
    roleLabel: string;
    departments: UserDepartmentDto[];
  };
  /** the municipality the account belongs to (and logs in with) */
  municipality: { id: string; code: string; name: string };
  /** true for システム管理者, who may act in every municipality */
  allMunicipalities: boolean;
  session: {
    /** ISO instant: absolute end of the session */
    expiresAt: string;
    /** ISO instant: end of the session if it stays idle from now */
    idleExpiresAt: string;
  };
}

/** POST /api/auth/password */
export interface PasswordChangeBody {
  currentPassword: string;
  newPassword: string;
}

/** Answer to POST /api/auth/password */
export interface PasswordChangeResultDto {
  ok: true;
  /** the user's other sessions, ended by the change */
  revokedSessions: number;
}

/** An account as the user administration lists it (never the password hash). */
export interface UserDto {
  id: string;
  loginId: string;
  name: string;
  email: string;
  role: RoleCode;
  roleLabel: string;
  departments: UserDepartmentDto[];
  disabled: boolean;
  /** false until the person has set a password with their activation code (accounts made by the staff import) */
  activated: boolean;
  /** true while locked after consecutive failed logins */
  locked: boolean;
  /** ISO instant, or null when not locked */
  lockedUntil: string | null;
  failedLogins: number;
  lastLoginAt: string | null;
  /** sessions that are neither revoked nor expired */
  activeSessions: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/m/:code/users */
export interface UserCreateBody {
  loginId: string;
  name: string;
  email?: string;
  role: RoleCode;
  departmentIds?: string[];
  /** initial password (12 characters or more, not the login id) */
  password: string;
}

/** PATCH /api/m/:code/users/:userId: only the changed fields, with the version the form started from. */
export interface UserPatchBody {
  version: number;
  name?: string;
  email?: string;
  role?: RoleCode;
  departmentIds?: string[];
  disabled?: boolean;
}

/** POST /api/m/:code/users/:userId/password */
export interface PasswordResetBody {
  password: string;
}

/** POST /api/m/:code/users/:userId/revoke-sessions */
export interface RevokeSessionsDto {
  revoked: number;
}
