/**
 * Plan-tree rules, pure. Nodes arrive as flat rows (parentId + sortOrder) from
 * the database or from as-of snapshots; these functions build, search and
 * restructure them without I/O.
 */
export interface FlatNode {
  id: string;
  parentId: string | null;
  sortOrder: number;
}

export type Tree<T> = T & { children: Tree<T>[] };

/** Builds the forest, children in sortOrder. Orphans (parent missing, e.g. not yet added on an as-of date) are dropped with their subtree. */
export function buildTree<T extends FlatNode>(rows: readonly T[]): Tree<T>[] {
  const byParent = new Map<string | null, T[]>();
  for (const r of rows) {
    const list = byParent.get(r.parentId);
    if (list) list.push(r);
    else byParent.set(r.parentId, [r]);
  }
  for (const list of byParent.values()) list.sort((a, b) => a.sortOrder - b.sortOrder || a.id.localeCompare(b.id));
  const seen = new Set<string>();
  const attach = (parentId: string | null): Tree<T>[] =>
    (byParent.get(parentId) ?? []).flatMap((r) => {
      if (seen.has(r.id)) return []; // defensive: a cycle in stored data must not hang a request
      seen.add(r.id);
      return [{ ...r, children: attach(r.id) }];
    });
  return attach(null);
}

/** Depth-first, parents before children. */
export function* walk<T>(forest: readonly Tree<T>[]): Generator<Tree<T>> {
  for (const n of forest) {
    yield n;
    yield* walk(n.children);
  }
}

/** Ancestors of a node, top first, not including the node. */
export function ancestorsOf<T extends FlatNode>(id: string, byId: ReadonlyMap<string, T>): T[] {
  const out: T[] = [];
  const seen = new Set<string>([id]);
  let cur = byId.get(id)?.parentId ?? null;
  while (cur !== null && !seen.has(cur)) {
    seen.add(cur);
    const n = byId.get(cur);
    if (!n) break;
    out.unshift(n);
    cur = n.parentId;
  }
  return out;
}

/** Keeps the nodes that match and every ancestor of a match (so the path to a hit stays visible). */
export function filterTree<T>(forest: readonly Tree<T>[], match: (n: Tree<T>) => boolean): Tree<T>[] {
  return forest.flatMap((n) => {
    const children = filterTree(n.children, match);
    return match(n) || children.length ? [{ ...n, children }] : [];
  });
}

/** Moving a node under itself or one of its descendants would cut it off the tree. */
export function wouldCreateCycle<T extends FlatNode>(nodeId: string, newParentId: string | null, byId: ReadonlyMap<string, T>): boolean {
  if (newParentId === null) return false;
  if (newParentId === nodeId) return true;
  return ancestorsOf(newParentId, byId).some((a) => a.id === nodeId);
}

/** Sibling order after inserting `id` at `position` (0-based, clamped) among `siblings` (already ordered, not containing id). */
export function reorder(siblingIds: readonly string[], id: string, position: number): { id: string; sortOrder: number }[] {
  const list = siblingIds.filter((s) => s !== id);
  const at = Math.max(0, Math.min(position, list.length));
  list.splice(at, 0, id);
  return list.map((s, i) => ({ id: s, sortOrder: (i + 1) * 10 }));
}

/** Subtree ids of a node (itself included). */
export function subtreeIds<T extends FlatNode>(rootId: string, rows: readonly T[]): string[] {
  const kids = new Map<string, string[]>();
  for (const r of rows) if (r.parentId) kids.set(r.parentId, [...(kids.get(r.parentId) ?? []), r.id]);
  const out: string[] = [];
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.includes(id)) continue;
    out.push(id);
    stack.push(...(kids.get(id) ?? []));
  }
  return out;
}

/** Level name for a depth; deeper than the plan names gets the last name (irregular trees). */
export function levelNameOf(levelNames: readonly string[], depth: number): string {
  return levelNames[Math.min(depth, levelNames.length - 1)] ?? '項目';
}
