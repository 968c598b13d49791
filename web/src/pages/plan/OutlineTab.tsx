/** @jsxImportSource react */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Button, PriorityBadge, StatusBadge, cx } from '../../components/ui';
import type { TreeNodeDto } from '../../lib/api';
import { hasNarrowingFilter, matchTree } from '../../lib/filters';
import { Link, navigate, paths } from '../../lib/router';
import { AsOfNotice, TreeGate, type PlanContext } from './context';

interface VisibleItem {
  node: TreeNodeDto;
  parentId: string | null;
  /** children that pass the filters */
  kids: TreeNodeDto[];
}

/**
 * WAI-ARIA tree view: one tab stop (roving tabindex); ↑↓ move, → opens or
 * goes to the first child, ← closes or goes to the parent, Home/End, Enter
 * opens the item page, Space opens/closes, * opens all siblings.
 */
export function OutlineTab({ ctx }: { ctx: PlanContext }) {
  const { filters } = ctx;
  const narrowing = hasNarrowingFilter(filters);
  const roots = ctx.tree.data?.roots;
  const match = useMemo(() => matchTree(roots ?? [], filters, ctx.departments), [roots, filters, ctx.departments]);
  const maxDepth = filters.level === '' ? Number.POSITIVE_INFINITY : Number(filters.level);

  const kidsOf = useCallback(
    (n: TreeNodeDto) =>
      n.depth >= maxDepth ? [] : n.children.filter((c) => !narrowing || match.keep.has(c.id)),
    [maxDepth, narrowing, match],
  );
  const visibleRoots = useMemo(
    () => (roots ?? []).filter((r) => !narrowing || match.keep.has(r.id)),
    [roots, narrowing, match],
  );

  // Top level open by default; while filtering, every branch leading to a match is open.
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const initialised = useRef(false);
  useEffect(() => {
    if (!roots) return;
    if (narrowing) {
      setExpanded(new Set(match.keep));
    } else if (!initialised.current) {
      setExpanded(new Set(roots.map((r) => r.id)));
    }
    initialised.current = true;
  }, [roots, narrowing, match]);

  // Flattened visible order for keyboard movement.
  const items = useMemo(() => {
    const out: VisibleItem[] = [];
    const walk = (n: TreeNodeDto, parentId: string | null) => {
      const kids = kidsOf(n);
      out.push({ node: n, parentId, kids });
      if (kids.length && expanded.has(n.id)) kids.forEach((k) => walk(k, n.id));
    };
    visibleRoots.forEach((r) => walk(r, null));
    return out;
  }, [visibleRoots, kidsOf, expanded]);

  const [activeId, setActiveId] = useState<string | null>(null);
  const current = items.find((i) => i.node.id === activeId) ?? items[0];
  const focusPending = useRef(false);
  useEffect(() => {
    if (focusPending.current && current) {
      focusPending.current = false;
      document.getElementById(`ot-${current.node.id}`)?.focus();
    }
  });

  const moveTo = (id: string | undefined) => {
    if (!id) return;
    focusPending.current = true;
    setActiveId(id);
  };
  const toggle = (id: string, open?: boolean) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      const willOpen = open ?? !next.has(id);
      if (willOpen) next.add(id);
      else next.delete(id);
      return next;
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    if (!current) return;
    const idx = items.indexOf(current);
    const hasKids = current.kids.length > 0;
    const open = expanded.has(current.node.id);
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        moveTo(items[idx + 1]?.node.id);
        break;
      case 'ArrowUp':
        moveTo(items[idx - 1]?.node.id);
        break;
      case 'ArrowRight':
        if (hasKids && !open) toggle(current.node.id, true);
        else if (hasKids) moveTo(current.kids[0]?.id);
        break;
      case 'ArrowLeft':
        if (hasKids && open) toggle(current.node.id, false);
        else moveTo(current.parentId ?? undefined);
        break;
      case 'Home':
        moveTo(items[0]?.node.id);
        break;
      case 'End':
        moveTo(items[items.length - 1]?.node.id);
        break;
      case 'Enter':
        navigate(paths.node(ctx.code, ctx.planId, current.node.id, window.location.search));
        break;
      case ' ':
        if (hasKids) toggle(current.node.id);
        break;
      case '*': {
        const siblings = items.filter((i) => i.parentId === current.parentId && i.kids.length > 0);
        setExpanded((prev) => new Set([...prev, ...siblings.map((s) => s.node.id)]));
        break;
      }
      default:
        handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  const expandAll = () => {
    const all = new Set<string>();
    const walk = (n: TreeNodeDto) => {
      if (kidsOf(n).length) all.add(n.id);
      kidsOf(n).forEach(walk);
    };
    visibleRoots.forEach(walk);
    setExpanded(all);
  };

  const deptNames = (n: TreeNodeDto) =>
    n.departments.map((d) => (
      <span key={d.id} className={cx(d.lead && 'font-bold')}>
        {d.name}
        {d.lead && n.departments.length > 1 && <span className="text-solid-gray-700">（主）</span>}
      </span>
    ));

  const renderItem = (n: TreeNodeDto, level: number, setSize: number, pos: number) => {
    const kids = kidsOf(n);
    const open = expanded.has(n.id);
    const isActive = current?.node.id === n.id;
    const hit = narrowing && match.self.has(n.id);
    const labelId = `ot-label-${n.id}`;
    return (
      <li
        key={n.id}
        id={`ot-${n.id}`}
        role="treeitem"
        aria-level={level}
        aria-setsize={setSize}
        aria-posinset={pos}
        aria-expanded={kids.length ? open : undefined}
        aria-selected={isActive}
        aria-labelledby={labelId}
        tabIndex={isActive ? 0 : -1}
        className="ot-item outline-none"
        data-testid="outline-item"
        onFocus={(e) => {
          if (e.target === e.currentTarget) setActiveId(n.id);
        }}
      >
        <div
          className={cx(
            'ot-row flex flex-wrap items-center gap-x-2 gap-y-0.5 border-b border-solid-gray-100 py-1 pr-2 hover:bg-solid-gray-50',
            hit && 'bg-yellow-50',
          )}
          style={{ paddingLeft: `${(level - 1) * 1.5 + 0.25}rem` }}
          onClick={(e) => {
            if ((e.target as HTMLElement).closest('a')) return;
            setActiveId(n.id);
            if (kids.length) toggle(n.id);
          }}
        >
          <span aria-hidden="true" className="inline-flex w-5 justify-center text-solid-gray-700">
            {kids.length ? (open ? '▾' : '▸') : '・'}
          </span>
          <span id={labelId} className="flex min-w-0 flex-1 flex-wrap items-center gap-x-2">
            <span className="rounded-4 bg-solid-gray-100 px-1.5 text-[0.75rem] leading-[1.5] text-solid-gray-800">
              {n.levelName}
            </span>
            {n.number && <span className="text-dns-16B-130 text-key-1000">{n.number}</span>}
            <Link
              to={paths.node(ctx.code, ctx.planId, n.id, window.location.search)}
              tabIndex={-1}
              className={cx(
                'text-dns-16N-130 text-solid-gray-900 no-underline hover:text-key-1000 hover:underline',
                n.depth === 0 && 'font-bold',
                n.status !== 'active' && 'line-through text-solid-gray-700',
              )}
            >
              {n.title}
            </Link>
            {n.priority && <PriorityBadge small />}
            <StatusBadge status={n.status} small />
            {hit && <span className="sr-only">（条件に一致）</span>}
          </span>
          {n.departments.length > 0 && (
            <span className="flex flex-wrap gap-x-2 text-dns-14N-130 text-solid-gray-800">
              <span className="sr-only">担当課：</span>
              {deptNames(n)}
            </span>
          )}
        </div>
        {kids.length > 0 && open && (
          <ul role="group">{kids.map((k, i) => renderItem(k, level + 1, kids.length, i + 1))}</ul>
        )}
      </li>
    );
  };

  return (
    <>
      {ctx.filterBar(narrowing && roots ? `該当 ${match.count} 項目` : undefined)}
      <div className="no-print mt-2 flex flex-wrap items-center gap-2">
        <Button size="sm" onClick={expandAll}>
          すべて展開
        </Button>
        <Button size="sm" onClick={() => setExpanded(new Set())}>
          すべて折りたたむ
        </Button>
        <p id="outline-help" className="text-dns-14N-130 text-solid-gray-700">
          ↑↓で移動、→←で開閉、Enter で項目を開きます。
        </p>
      </div>
      <div className="mt-2">
        <TreeGate ctx={ctx}>
          {(tree) => (
            <>
              <AsOfNotice asOf={tree.asOf} />
              {visibleRoots.length === 0 ? (
                <p className="py-6 text-std-16N-170">
                  {tree.roots.length > 0
                    ? '条件に一致する項目はありません。'
                    : tree.asOf
                      ? 'この時点では計画に項目がありません。'
                      : 'この計画にはまだ項目がありません。'}
                </p>
              ) : (
                <ul
                  role="tree"
                  aria-label={`${ctx.plan.title}の項目`}
                  aria-describedby="outline-help"
                  className="rounded-8 border border-solid-gray-200 bg-white"
                  onKeyDown={onKeyDown}
                >
                  {visibleRoots.map((r, i) => renderItem(r, 1, visibleRoots.length, i + 1))}
                </ul>
              )}
            </>
          )}
        </TreeGate>
      </div>
    </>
  );
}
