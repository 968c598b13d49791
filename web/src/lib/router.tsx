/** @jsxImportSource react */
/**
 * A tiny History-API router. The server answers every non-/api path with
 * index.html, so any URL below can be reloaded or bookmarked.
 *
 *   /                                         自治体の選択
 *   /m/:code                                  計画一覧
 *   /m/:code/plans/:planId                    → /diagram
 *   /m/:code/plans/:planId/(diagram|outline|roadmap|changes|finance|kpis)   finance = 財政計画・定員管理, kpis = 数値目標・KPI
 *   /m/:code/plans/:planId/nodes/:nodeId      項目
 *   /m/:code/plans/:planId/new?parent=:id     項目の追加 (parent omitted = 最上位)
 *   /m/:code/plans/:planId/settings           計画の設定（編集・段階の記録）
 *   /m/:code/plans/new                        計画の登録
 *   /m/:code/departments                      組織（担当課）の管理
 *   /m/:code/tags                             タグの管理
 *   /login?next=                              ログイン
 *   /activate?code=                           アカウントの有効化（ログイン不要。code＝団体コード）
 *   /m/:code/rounds/:roundId/inbox?department= 担当課の報告一覧（照会への回答）; department=all (or none, for staff
 *                                             outside a 課: 事務局 …) = すべての課; a 課's staff default to their 課
 *   /m/:code/reports/:reportId                進捗報告（回答・提出・承認）
 *   /m/:code/notifications                    通知
 *
 * The secretariat screens (/m/:code/rounds, /calendar, /meetings, /publications …) are matched
 * by pages/secretariat/routes.tsx when matchRoute answers notFound.
 *
 * Filters live in the query string (see filters.ts), so they survive reloads
 * and are shared by the tabs.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

export type PlanTab = 'diagram' | 'outline' | 'roadmap' | 'changes' | 'finance' | 'kpis';
export const PLAN_TABS: readonly PlanTab[] = ['diagram', 'outline', 'roadmap', 'changes', 'finance', 'kpis'];

export type Route =
  | { name: 'home' }
  | { name: 'municipality'; code: string }
  | { name: 'plan'; code: string; planId: string; tab: PlanTab }
  | { name: 'node'; code: string; planId: string; nodeId: string }
  | { name: 'newNode'; code: string; planId: string; parentId: string | null }
  | { name: 'newPlan'; code: string }
  | { name: 'planSettings'; code: string; planId: string }
  | { name: 'departments'; code: string }
  | { name: 'tags'; code: string }
  | { name: 'login'; next: string | null }
  | { name: 'activate'; code: string | null }
  | { name: 'inbox'; code: string; roundId: string; departmentId: string | null }
  | { name: 'report'; code: string; reportId: string }
  | { name: 'notifications'; code: string }
  | { name: 'notFound' };

const NAV_EVENT = 'gyokaku:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAV_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAV_EVENT, onChange);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

/** Current path + query; re-renders on every navigation. */
export function useLocation(): { pathname: string; search: string; href: string } {
  const href = useSyncExternalStore(subscribe, snapshot, () => '/');
  const q = href.indexOf('?');
  return {
    href,
    pathname: q < 0 ? href : href.slice(0, q),
    search: q < 0 ? '' : href.slice(q),
  };
}

/** Identity of the page a URL shows (the plan tabs are one page). */
function pageKey(pathname: string): string {
  const r = matchRoute(pathname, '');
  return r.name === 'plan' ? `plan:${r.code}:${r.planId}` : pathname;
}

let headingFocusPending = false;

/**
 * True once after moving to another page: the page's <h1> takes focus when it
 * appears (after its data has loaded), so screen readers announce the new page.
 */
export function consumeHeadingFocus(): boolean {
  const v = headingFocusPending;
  headingFocusPending = false;
  return v;
}

if (typeof window !== 'undefined') {
  let lastKey = pageKey(window.location.pathname);
  const track = () => {
    const key = pageKey(window.location.pathname);
    if (key !== lastKey) headingFocusPending = true;
    lastKey = key;
  };
  window.addEventListener('popstate', track);
  window.addEventListener(NAV_EVENT, track);
}

export function navigate(to: string, options: { replace?: boolean; keepScroll?: boolean } = {}): void {
  if (to === snapshot()) return;
  const samePath = new URL(to, window.location.origin).pathname === window.location.pathname;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAV_EVENT));
  if (!samePath && !options.keepScroll) window.scrollTo(0, 0);
}

function seg(s: string | undefined): string {
  try {
    return decodeURIComponent(s ?? '');
  } catch {
    return s ?? '';
  }
}

/** The municipality a path belongs to (/m/:code/…), for every page including the secretariat's. */
export function codeOfPath(pathname: string): string | null {
  const parts = pathname.split('/').filter(Boolean);
  return parts[0] === 'm' && parts[1] ? seg(parts[1]) : null;
}

/** Only a path inside this app may be a return target (no //host, no scheme). */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (next === '/login' || next.startsWith('/login?')) return null;
  return next;
}

export function matchRoute(pathname: string, search: string): Route {
  const parts = pathname.split('/').filter(Boolean);
  if (parts.length === 0) return { name: 'home' };
  if (parts.length === 1 && parts[0] === 'login') return { name: 'login', next: safeNext(new URLSearchParams(search).get('next')) };
  if (parts.length === 1 && parts[0] === 'activate') return { name: 'activate', code: new URLSearchParams(search).get('code') || null };
  if (parts[0] !== 'm' || !parts[1]) return { name: 'notFound' };
  const code = seg(parts[1]);
  if (parts.length === 2) return { name: 'municipality', code };
  if (parts.length === 3 && parts[2] === 'departments') return { name: 'departments', code };
  if (parts.length === 3 && parts[2] === 'tags') return { name: 'tags', code };
  if (parts.length === 3 && parts[2] === 'notifications') return { name: 'notifications', code };
  if (parts.length === 5 && parts[2] === 'rounds' && parts[4] === 'inbox') {
    const dept = new URLSearchParams(search).get('department');
    return { name: 'inbox', code, roundId: seg(parts[3]), departmentId: dept || null };
  }
  if (parts.length === 4 && parts[2] === 'reports') return { name: 'report', code, reportId: seg(parts[3]) };
  if (parts[2] !== 'plans') return { name: 'notFound' };
  if (parts.length === 3) return { name: 'municipality', code };
  // Plan ids are UUIDs, so 'new' cannot be one.
  if (parts.length === 4 && parts[3] === 'new') return { name: 'newPlan', code };
  const planId = seg(parts[3]);
  if (parts.length === 4) return { name: 'plan', code, planId, tab: 'diagram' };
  const rest = parts.slice(4);
  if (rest.length === 1 && (PLAN_TABS as readonly string[]).includes(rest[0]!)) {
    return { name: 'plan', code, planId, tab: rest[0] as PlanTab };
  }
  if (rest.length === 1 && rest[0] === 'settings') return { name: 'planSettings', code, planId };
  if (rest.length === 2 && rest[0] === 'nodes') return { name: 'node', code, planId, nodeId: seg(rest[1]) };
  if (rest.length === 1 && rest[0] === 'new') {
    const parent = new URLSearchParams(search).get('parent');
    return { name: 'newNode', code, planId, parentId: parent || null };
  }
  return { name: 'notFound' };
}

export function useRoute(): Route {
  const { pathname, search } = useLocation();
  return matchRoute(pathname, search);
}

/** ?department= value of the report list meaning every department (the secretariat's 「すべての課」). */
export const ALL_DEPARTMENTS = 'all';

/** URL builders (keep every path in one place). */
export const paths = {
  home: () => '/',
  municipality: (code: string) => `/m/${encodeURIComponent(code)}`,
  plan: (code: string, planId: string, tab: PlanTab = 'diagram', search = '') =>
    `/m/${encodeURIComponent(code)}/plans/${encodeURIComponent(planId)}/${tab}${search}`,
  node: (code: string, planId: string, nodeId: string, search = '') =>
    `/m/${encodeURIComponent(code)}/plans/${encodeURIComponent(planId)}/nodes/${encodeURIComponent(nodeId)}${search}`,
  newNode: (code: string, planId: string, parentId: string | null) =>
    `/m/${encodeURIComponent(code)}/plans/${encodeURIComponent(planId)}/new${parentId ? `?parent=${encodeURIComponent(parentId)}` : ''}`,
  newPlan: (code: string) => `/m/${encodeURIComponent(code)}/plans/new`,
  planSettings: (code: string, planId: string) =>
    `/m/${encodeURIComponent(code)}/plans/${encodeURIComponent(planId)}/settings`,
  departments: (code: string) => `/m/${encodeURIComponent(code)}/departments`,
  tags: (code: string) => `/m/${encodeURIComponent(code)}/tags`,
  login: (next?: string | null) => `/login${next && safeNext(next) ? `?next=${encodeURIComponent(next)}` : ''}`,
  activate: (code?: string | null) => `/activate${code ? `?code=${encodeURIComponent(code)}` : ''}`,
  /** one department's list; ALL_DEPARTMENTS: every department; null: the user's default (a 課's own, else all) */
  inbox: (code: string, roundId: string, departmentId?: string | null) =>
    `/m/${encodeURIComponent(code)}/rounds/${encodeURIComponent(roundId)}/inbox${departmentId ? `?department=${encodeURIComponent(departmentId)}` : ''}`,
  /** 「すべての課」: stated in the URL, so it stays all departments whoever follows the link */
  inboxAll: (code: string, roundId: string): string => paths.inbox(code, roundId, ALL_DEPARTMENTS),
  report: (code: string, reportId: string, departmentId?: string | null) =>
    `/m/${encodeURIComponent(code)}/reports/${encodeURIComponent(reportId)}${departmentId ? `?department=${encodeURIComponent(departmentId)}` : ''}`,
  notifications: (code: string) => `/m/${encodeURIComponent(code)}/notifications`,
  // Secretariat screens (pages/secretariat): linked from the header.
  rounds: (code: string) => `/m/${encodeURIComponent(code)}/rounds`,
  round: (code: string, roundId: string) => `/m/${encodeURIComponent(code)}/rounds/${encodeURIComponent(roundId)}`,
  meetings: (code: string) => `/m/${encodeURIComponent(code)}/meetings`,
  calendar: (code: string) => `/m/${encodeURIComponent(code)}/calendar`,
  audit: (code: string) => `/m/${encodeURIComponent(code)}/audit`,
  users: (code: string) => `/m/${encodeURIComponent(code)}/users`,
  publications: (code: string) => `/m/${encodeURIComponent(code)}/publications`,
};

function isPlainLeftClick(e: MouseEvent<HTMLAnchorElement>): boolean {
  return e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey && !e.defaultPrevented;
}

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: string;
  replace?: boolean;
  children?: ReactNode;
}

/** An ordinary <a href>, so middle-click / new tab / copy link all work. */
export function Link({ to, replace, onClick, target, ...rest }: LinkProps) {
  return (
    <a
      {...rest}
      href={to}
      target={target}
      onClick={(e) => {
        onClick?.(e);
        if (!target && isPlainLeftClick(e)) {
          e.preventDefault();
          navigate(to, { replace });
        }
      }}
    />
  );
}
