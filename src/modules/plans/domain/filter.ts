/**
 * Which items a filter (担当課, タグ, 重点, 階層, search) keeps. Pure: the server's
 * tree and roadmap and the staff UI's client-side filtering use this one rule.
 */
import { matchesQuery } from './search.js';

export interface NodeFilter {
  department?: string | undefined;
  tag?: string | undefined;
  priority?: boolean | undefined;
  depth?: number | undefined;
  q?: string | undefined;
  includeEnded?: boolean | undefined;
}

export interface FilterableNode {
  number: string;
  title: string;
  description: string;
  priority: boolean;
  depth: number;
  tagIds: readonly string[];
  departments: readonly { id: string; name: string }[];
}

/** `departments`: the filtered department with its predecessors (see withPredecessors). */
export function nodeMatches(n: FilterableNode, f: NodeFilter & { departments?: ReadonlySet<string> }): boolean {
  if (f.department && !n.departments.some((d) => (f.departments ? f.departments.has(d.id) : d.id === f.department))) return false;
  if (f.tag && !n.tagIds.includes(f.tag)) return false;
  if (f.priority && !n.priority) return false;
  if (f.depth !== undefined && n.depth !== f.depth) return false;
  if (f.q && !matchesQuery(f.q, [n.number, n.title, n.description, ...n.departments.map((d) => d.name)])) return false;
  return true;
}

export const hasFilter = (f: NodeFilter): boolean => !!(f.department || f.tag || f.priority || f.depth !== undefined || f.q);
