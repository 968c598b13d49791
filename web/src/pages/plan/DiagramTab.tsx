/** @jsxImportSource react */
import { useId, useMemo, useState } from 'react';
import { PriorityBadge, StatusBadge, TagChip, cx } from '../../components/ui';
import type { TagDto, TreeNodeDto } from '../../lib/api';
import { countDescendants, hasNarrowingFilter, matchTree, type TreeMatch } from '../../lib/filters';
import { Link, paths } from '../../lib/router';
import { AsOfNotice, TreeGate, type PlanContext } from './context';

type Mode = 'dim' | 'hide';
type BoxState = 'normal' | 'hit' | 'context' | 'miss';

interface DiagramOptions {
  code: string;
  planId: string;
  search: string;
  match: TreeMatch;
  narrowing: boolean;
  mode: Mode;
  maxDepth: number;
  tagsById: Map<string, TagDto>;
  /** index of the last column shown (its boxes are wider) */
  lastColumn: number;
}

/** Colours by level, like the printed 体系図: strong at the top, lighter below. */
const LEVEL_STYLES = [
  'bg-key-900 text-white border-key-900',
  'bg-key-100 text-solid-gray-900 border-key-700',
  'bg-white text-solid-gray-900 border-solid-gray-600',
];

function NodeBox({ node, state, hiddenCount, o }: { node: TreeNodeDto; state: BoxState; hiddenCount: number; o: DiagramOptions }) {
  const inactive = node.status !== 'active';
  const top = node.depth === 0;
  // Top level strong, the deepest column plain, levels between light blue.
  const style = LEVEL_STYLES[node.depth === 0 ? 0 : node.depth >= o.lastColumn ? 2 : 1]!;
  return (
    <Link
      to={paths.node(o.code, o.planId, node.id, o.search)}
      data-testid="diagram-node"
      data-node-id={node.id}
      className={cx(
        'group block w-full rounded-6 border px-2 py-1.5 no-underline transition-[opacity]',
        inactive ? 'border-dashed bg-solid-gray-50 text-solid-gray-700 border-solid-gray-536' : style,
        !inactive && !top && 'hover:bg-key-50',
        !inactive && top && 'hover:bg-key-1000',
        state === 'hit' && 'border-l-[6px] border-l-orange-600',
        state === 'miss' && 'opacity-35 grayscale',
      )}
    >
      <span className="flex flex-wrap items-center gap-1">
        {node.number && (
          <span className={cx('text-dns-14B-120', top && !inactive ? 'text-white' : 'text-key-1000', inactive && 'text-solid-gray-700')}>
            {node.number}
          </span>
        )}
        {node.priority && <PriorityBadge small />}
        <StatusBadge status={node.status} small />
        {state === 'hit' && <span className="sr-only">（条件に一致）</span>}
      </span>
      <span
        className={cx(
          'block text-dns-14N-130 group-hover:underline',
          top && 'text-dns-16B-130',
          inactive && 'line-through decoration-solid-gray-536',
        )}
      >
        {node.title}
      </span>
      {(node.tagIds.length > 0 || node.marks.length > 0 || hiddenCount > 0) && (
        <span className="mt-1 flex flex-wrap items-center gap-1">
          {node.tagIds.map((id) => {
            const t = o.tagsById.get(id);
            return t ? <TagChip key={id} name={t.name} /> : null;
          })}
          {node.marks.map((m) => (
            <span key={m} className={cx('text-[0.75rem] leading-[1.4]', top ? 'text-key-100' : 'text-red-1000')}>
              {m}
            </span>
          ))}
          {hiddenCount > 0 && (
            <span className={cx('text-[0.75rem] leading-[1.4]', top ? 'text-key-100' : 'text-solid-gray-700')}>
              ＋下位 {hiddenCount} 項目
            </span>
          )}
        </span>
      )}
    </Link>
  );
}

function cellWidth(depth: number, o: DiagramOptions): string {
  return depth >= o.lastColumn ? 'var(--dg-box-last)' : 'var(--dg-box)';
}

function Branch({ node, o }: { node: TreeNodeDto; o: DiagramOptions }) {
  const state: BoxState = !o.narrowing
    ? 'normal'
    : o.match.self.has(node.id)
      ? 'hit'
      : o.match.keep.has(node.id)
        ? 'context'
        : 'miss';
  const cut = node.depth >= o.maxDepth;
  const kids = cut ? [] : node.children.filter((c) => !(o.narrowing && o.mode === 'hide' && !o.match.keep.has(c.id)));
  const hiddenCount = cut ? countDescendants(node) : 0;
  return (
    <div className="dg-branch">
      <div className="dg-cell" style={{ width: cellWidth(node.depth, o) }}>
        <NodeBox node={node} state={state} hiddenCount={hiddenCount} o={o} />
      </div>
      {kids.length > 0 && (
        <ul className="dg-children">
          {kids.map((k) => (
            <li key={k.id} className="dg-child">
              <Branch node={k} o={o} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function treeDepth(roots: TreeNodeDto[]): number {
  let max = 0;
  const walk = (n: TreeNodeDto) => {
    max = Math.max(max, n.depth + 1);
    n.children.forEach(walk);
  };
  roots.forEach(walk);
  return max;
}

export function DiagramTab({ ctx }: { ctx: PlanContext }) {
  const [mode, setMode] = useState<Mode>('dim');
  const id = useId();
  const { filters } = ctx;
  const narrowing = hasNarrowingFilter(filters);
  const roots = ctx.tree.data?.roots;
  const match = useMemo(() => matchTree(roots ?? [], filters, ctx.departments), [roots, filters, ctx.departments]);
  const tagsById = useMemo(() => new Map(ctx.tags.map((t) => [t.id, t])), [ctx.tags]);
  const search = window.location.search;

  return (
    <>
      {ctx.filterBar(narrowing && roots ? `該当 ${match.count} 項目` : undefined)}
      <div className="no-print mt-2 flex flex-wrap items-center gap-x-6 gap-y-1 text-dns-14N-130">
        <fieldset className="flex items-center gap-3" disabled={!narrowing}>
          <legend className="float-left mr-2 text-dns-14B-130 text-solid-gray-800">条件に合わない項目：</legend>
          {(
            [
              ['dim', '薄く表示'],
              ['hide', '隠す'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className={cx('flex items-center gap-1', !narrowing && 'text-solid-gray-420')}>
              <input
                type="radio"
                name={`${id}-mode`}
                value={value}
                checked={mode === value}
                onChange={() => setMode(value)}
                className="size-4 accent-key-900"
              />
              {label}
            </label>
          ))}
        </fieldset>
        <p className="flex flex-wrap items-center gap-2 text-solid-gray-700">
          <span className="inline-block h-3 w-4 rounded-4 border-l-[5px] border-l-orange-600 bg-white" aria-hidden="true" /> 条件に一致
          <span className="ml-2 inline-block h-3 w-4 rounded-4 border border-dashed border-solid-gray-536 bg-solid-gray-50" aria-hidden="true" /> 中止・統合
          <span className="ml-2">Enter またはクリックで項目を開きます</span>
        </p>
      </div>
      <div className="mt-2">
        <TreeGate ctx={ctx}>
          {(tree) => {
            const depth = treeDepth(tree.roots);
            const maxDepth = filters.level === '' ? Number.POSITIVE_INFINITY : Number(filters.level);
            const columns = Math.max(1, Math.min(depth, maxDepth + 1));
            const names = Array.from({ length: columns }, (_, i) => ctx.plan.levelNames[i] ?? `第${i + 1}階層`);
            const visibleRoots = tree.roots.filter((r) => !(narrowing && mode === 'hide' && !match.keep.has(r.id)));
            const o: DiagramOptions = {
              code: ctx.code,
              planId: ctx.planId,
              search,
              match,
              narrowing,
              mode,
              maxDepth,
              tagsById,
              lastColumn: columns - 1,
            };
            return (
              <>
                <AsOfNotice asOf={tree.asOf} />
                {tree.roots.length === 0 ? (
                  <p className="py-6 text-std-16N-170">
                    {tree.asOf ? 'この時点では計画に項目がありません。' : 'この計画にはまだ項目がありません。'}
                  </p>
                ) : visibleRoots.length === 0 ? (
                  <p className="py-6 text-std-16N-170">条件に一致する項目はありません。</p>
                ) : (
                  <div
                    role="region"
                    aria-label={`${ctx.plan.title}の体系図`}
                    tabIndex={0}
                    className="dg overflow-x-auto rounded-8 border border-solid-gray-200 bg-white p-3"
                  >
                    <div className="w-max min-w-full">
                      <div className="dg-head mb-2 border-b-2 border-key-900 pb-1" aria-hidden="true">
                        {names.map((n, i) => (
                          <div key={i} className="text-center text-dns-14B-130 text-key-1000" style={{ width: i === columns - 1 ? 'var(--dg-box-last)' : 'var(--dg-box)' }}>
                            {n}
                          </div>
                        ))}
                      </div>
                      <ul className="dg-roots">
                        {visibleRoots.map((r) => (
                          <li key={r.id}>
                            <Branch node={r} o={o} />
                          </li>
                        ))}
                      </ul>
                    </div>
                  </div>
                )}
              </>
            );
          }}
        </TreeGate>
      </div>
    </>
  );
}
