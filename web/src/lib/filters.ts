/**
 * The filter bar's state lives in the URL query string
 * (?dept=&tag=&priority=1&level=&q=&asOf=), so it is shared by the four tabs
 * (tab links keep the query), survives reloads and can be bookmarked.
 */
import { useCallback, useMemo } from 'react';
import { withPredecessors } from '../../../src/modules/departments/domain/validity.js';
import { nodeMatches as matchesFilter } from '../../../src/modules/plans/domain/filter.js';
import { navigate, useLocation } from './router';
import type { NodeDto, TreeNodeDto } from './api';

export interface Filters {
  /** department id ('' = all) */
  dept: string;
  /** tag id ('' = all) */
  tag: string;
  priority: boolean;
  /** deepest level shown, 0-based ('' = all levels) */
  level: string;
  q: string;
  /** YYYY-MM-DD ('' = current) */
  asOf: string;
}

export const EMPTY_FILTERS: Filters = { dept: '', tag: '', priority: false, level: '', q: '', asOf: '' };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseFilters(search: string): Filters {
  const p = new URLSearchParams(search);
  const asOf = p.get('asOf') ?? '';
  const level = p.get('level') ?? '';
  return {
    dept: p.get('dept') ?? '',
    tag: p.get('tag') ?? '',
    priority: p.get('priority') === '1',
    level: /^\d+$/.test(level) ? level : '',
    q: p.get('q') ?? '',
    asOf: ISO_DATE.test(asOf) ? asOf : '',
  };
}

export function filtersToSearch(f: Filters, base = ''): string {
  const p = new URLSearchParams(base);
  const set = (k: string, v: string) => (v ? p.set(k, v) : p.delete(k));
  set('dept', f.dept);
  set('tag', f.tag);
  set('priority', f.priority ? '1' : '');
  set('level', f.level);
  set('q', f.q);
  set('asOf', f.asOf);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function useFilters(): [Filters, (patch: Partial<Filters>) => void, string] {
  const { pathname, search } = useLocation();
  const filters = useMemo(() => parseFilters(search), [search]);
  const update = useCallback(
    (patch: Partial<Filters>) => {
      const next = { ...parseFilters(window.location.search), ...patch };
      navigate(pathname + filtersToSearch(next, window.location.search), { replace: true, keepScroll: true });
    },
    [pathname],
  );
  return [filters, update, search];
}

/** True when a filter narrows the items (level and asOf only change what is shown). */
export function hasNarrowingFilter(f: Filters): boolean {
  return !!(f.dept || f.tag || f.priority || f.q.trim());
}

export function isFiltered(f: Filters): boolean {
  return hasNarrowingFilter(f) || f.level !== '' || f.asOf !== '';
}

/**
 * The filtered 課 with the 課 it succeeded (renamed or merged), as the server's
 * roadmap counts them, so every tab finds the same items.
 */
export function departmentScope(f: Filters, departments?: readonly { id: string; successorId: string | null }[]): ReadonlySet<string> | undefined {
  return f.dept && departments ? withPredecessors(f.dept, departments) : undefined;
}

/** Does this one node satisfy dept / tag / 重点 / search? The server's rule (plans/domain/filter.ts). */
export function nodeMatches(node: NodeDto, f: Filters, deptScope?: ReadonlySet<string>): boolean {
  return matchesFilter(node, {
    department: f.dept || undefined,
    departments: deptScope,
    tag: f.tag || undefined,
    priority: f.priority || undefined,
    q: f.q.trim() || undefined,
  });
}

export interface TreeMatch {
  /** ids of nodes that satisfy the filter themselves */
  self: Set<string>;
  /** ids of nodes that match or have a matching descendant (the branches to keep) */
  keep: Set<string>;
  count: number;
}

export function matchTree(roots: TreeNodeDto[], f: Filters, departments?: readonly { id: string; successorId: string | null }[]): TreeMatch {
  const scope = departmentScope(f, departments);
  const self = new Set<string>();
  const keep = new Set<string>();
  const narrowing = hasNarrowingFilter(f);
  const walk = (n: TreeNodeDto): boolean => {
    let any = false;
    for (const c of n.children) if (walk(c)) any = true;
    const me = narrowing ? nodeMatches(n, f, scope) : true;
    if (me) self.add(n.id);
    if (me || any) keep.add(n.id);
    return me || any;
  };
  roots.forEach(walk);
  return { self, keep, count: self.size };
}

/** Depth-first list of every node. */
export function flattenTree(roots: TreeNodeDto[]): TreeNodeDto[] {
  const out: TreeNodeDto[] = [];
  const walk = (n: TreeNodeDto) => {
    out.push(n);
    n.children.forEach(walk);
  };
  roots.forEach(walk);
  return out;
}

export function countDescendants(n: TreeNodeDto): number {
  let c = 0;
  for (const ch of n.children) c += 1 + countDescendants(ch);
  return c;
}
