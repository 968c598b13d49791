/** @jsxImportSource react */
/**
 * Who is signed in and what they may do.
 *
 * The server requires a session for every /api route but sign-in (see
 * docs/decisions/0004-sessions-and-csrf.md). GET /api/auth/me says who is
 * acting; App.tsx shows nothing but the sign-in page until it answers. Any
 * request answered 401 `unauthenticated` (no session, or it ended) sends the
 * user to /login?next=<where they were>, and signing in brings them back.
 *
 * `useCan()(action)` hides what a role cannot do. It is a courtesy only: the
 * server decides (and answers 403) whatever the screen shows.
 */
import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { api, apiPaths, setUnauthenticatedHandler, type AuthMeDto, type LoginBody, type RoleCode } from './api';
import { setFlash } from './flash';
import { navigate, paths } from './router';
import { clearCache, prime, useApi } from './useApi';

export type { RoleCode };

/** How the staff call the roles (the header and the sign-in page's demo box). */
export const ROLE_LABELS: Record<RoleCode, string> = {
  secretariat: '事務局',
  dept_reporter: '担当課 報告者',
  dept_approver: '担当課 承認者（課長）',
  viewer: '推進本部・幹部',
  council: '審議会委員',
  system_admin: 'システム管理者',
};

export type Action =
  | 'node.create'
  | 'node.edit'
  | 'node.stop'
  | 'node.merge'
  | 'node.move'
  | 'plan.create'
  | 'plan.edit'
  | 'department.edit'
  | 'tag.edit'
  /** 照会・凡例の設定、開始・締切り、督促 */
  | 'round.manage'
  | 'audit.read'
  | 'user.manage'
  /** answer a round for one's 課 (save drafts); the report's allowedActions say more */
  | 'report.answer';

export interface CurrentUser {
  id: string;
  loginId: string;
  name: string;
  role: RoleCode;
  roleLabel: string;
  departments: { id: string; name: string }[];
  municipality: { id: string; code: string; name: string };
  /** システム管理者: may act in every municipality */
  allMunicipalities: boolean;
}

const NOBODY: CurrentUser = {
  id: '',
  loginId: '',
  name: '',
  role: 'viewer',
  roleLabel: '',
  departments: [],
  municipality: { id: '', code: '', name: '' },
  allMunicipalities: false,
};

export function userFromMe(me: AuthMeDto): CurrentUser {
  return {
    ...me.user,
    roleLabel: ROLE_LABELS[me.user.role] ?? me.user.roleLabel,
    municipality: me.municipality,
    allMunicipalities: me.allMunicipalities,
  };
}

const UserContext = createContext<CurrentUser>(NOBODY);

export function UserProvider({ children, user }: { children: ReactNode; user: CurrentUser }) {
  return <UserContext.Provider value={user}>{children}</UserContext.Provider>;
}

/** The signed-in user (inside the app's sign-in gate, always a real one). */
export function useCurrentUser(): CurrentUser {
  return useContext(UserContext);
}

/** GET /api/auth/me, cached and shared with every screen that asks. */
export function useMe() {
  return useApi<AuthMeDto>(apiPaths.authMe());
}

/** 事務局 and システム管理者 edit plans and masters and run the rounds. */
export function isOffice(role: RoleCode | null | undefined): boolean {
  return role === 'secretariat' || role === 'system_admin';
}

export function isDepartmentRole(role: RoleCode | null | undefined): boolean {
  return role === 'dept_reporter' || role === 'dept_approver';
}

export function canRole(role: RoleCode, action: Action): boolean {
  if (isOffice(role)) return true;
  if (action === 'report.answer') return isDepartmentRole(role);
  return false;
}

export function useCan(): (action: Action) => boolean {
  const user = useCurrentUser();
  return useCallback((action: Action) => (user.id ? canRole(user.role, action) : false), [user]);
}

/** Registering a municipality (tenant) is for system administrators; the server refuses everyone else anyway. */
export function useIsSystemAdmin(): boolean {
  return useCurrentUser().role === 'system_admin';
}

/** Where a user lands after signing in without a return address. */
export function homeOf(me: AuthMeDto): string {
  return me.allMunicipalities ? paths.home() : paths.municipality(me.municipality.code);
}

/** POST /api/auth/login; on success nothing cached for the previous user survives. */
export async function signIn(body: LoginBody): Promise<AuthMeDto> {
  const me = await api.login(body);
  clearCache();
  prime(apiPaths.authMe(), me);
  return me;
}

export async function signOut(): Promise<void> {
  try {
    await api.logout();
  } finally {
    clearCache();
    setFlash('login', 'ログアウトしました。');
    navigate(paths.login());
  }
}

/** Remembered for the sign-in form (a 団体コード is not a secret). */
export const LAST_CODE_KEY = 'gyokaku:lastMunicipalityCode';

if (typeof window !== 'undefined') {
  setUnauthenticatedHandler(() => {
    const { pathname, search } = window.location;
    if (pathname === '/login') return;
    navigate(paths.login(pathname + search), { replace: true });
  });
}
