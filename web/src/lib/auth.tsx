/** @jsxImportSource react */
/**
 * Who is using the app and what they may do. Until accounts arrive the app
 * runs as a demo administrator and every action is allowed; components ask
 * `useCan()` so that actions can later be hidden by role without touching them.
 */
import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { apiPaths, type MeDto } from './api';
import { useApi } from './useApi';

export type Action =
  | 'node.create'
  | 'node.edit'
  | 'node.stop'
  | 'node.merge'
  | 'node.move'
  | 'plan.create'
  | 'plan.edit'
  | 'department.edit'
  | 'tag.edit';

export interface CurrentUser {
  name: string;
  /** e.g. admin (行革・DX担当課), department staff, viewer */
  role: 'admin' | 'editor' | 'viewer';
}

const DEMO_USER: CurrentUser = { name: 'デモ管理者', role: 'admin' };

const UserContext = createContext<CurrentUser>(DEMO_USER);

export function UserProvider({ children, user = DEMO_USER }: { children: ReactNode; user?: CurrentUser }) {
  return <UserContext.Provider value={user}>{children}</UserContext.Provider>;
}

export function useCurrentUser(): CurrentUser {
  return useContext(UserContext);
}

export function useCan(): (action: Action) => boolean {
  const user = useCurrentUser();
  return useCallback(
    (action: Action) => {
      if (user.role === 'admin') return true;
      // 担当課の職員: items only; plans and masters belong to the secretariat.
      if (user.role === 'editor') return action.startsWith('node.');
      return false;
    },
    [user],
  );
}

/**
 * Registering a municipality (tenant) is for system administrators, a role
 * above a municipality's own administrator; the server says who is acting
 * (GET /api/me) and refuses everyone else with 403 anyway.
 */
export function useIsSystemAdmin(): boolean {
  const me = useApi<MeDto>(apiPaths.me());
  return me.data?.role === 'system_admin';
}
