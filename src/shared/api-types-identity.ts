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
  /** second step for accounts with 二段階認証: the authenticator app's 6 digits or a recovery code */
  totpCode?: string;
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
  /** 二段階認証 (TOTP) of this account */
  secondFactor: {
    enabled: boolean;
    /** unused one-time recovery codes (0 when not enabled) */
    recoveryCodesLeft: number;
  };
}

/** Answer to POST /api/auth/totp/setup: shown once, to be typed or pasted into an authenticator app */
export interface TotpEnrolmentDto {
  /** Base32, in groups of four */
  secret: string;
  /** otpauth://totp/… */
  otpauthUri: string;
}

/** Answer to POST /api/auth/totp/confirm and /api/auth/totp/recovery-codes: shown once */
export interface RecoveryCodesDto {
  recoveryCodes: string[];
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
  /** true after 5 or more failed logins in a row (logins are being slowed down; an administrator may clear it) */
  locked: boolean;
  /** ISO instant of a lock set by an older version, else null */
  lockedUntil: string | null;
  failedLogins: number;
  /** 二段階認証 is on */
  secondFactor: boolean;
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
