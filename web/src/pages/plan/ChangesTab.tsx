/** @jsxImportSource react */
import { useMemo } from 'react';
import { Badge, ErrorState, Loading, cx } from '../../components/ui';
import { apiPaths, type NodeChangeDto, type NodeDto } from '../../lib/api';
import { departmentScope, flattenTree, hasNarrowingFilter, nodeMatches } from '../../lib/filters';
import { formatDate, formatDateTime, matchesQuery } from '../../lib/format';
import { Link, paths } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { type PlanContext } from './context';

export function changeTone(kind: string): 'success' | 'key' | 'merged' | 'stopped' | 'neutral' {
  if (kind === 'added' || kind === 'created') return 'success';
  if (kind === 'revised') return 'key';
  if (kind === 'merged') return 'merged';
  if (kind === 'stopped') return 'stopped';
  return 'neutral';
}

/** 変更調書: every recorded change of the plan's items. */
export function ChangesTab({ ctx }: { ctx: PlanContext }) {
  const { filters } = ctx;
  const res = useApi<{ items: NodeChangeDto[] }>(apiPaths.changes(ctx.code, ctx.planId));
  const narrowing = hasNarrowingFilter(filters);
  const search = window.location.search;

  const nodesById = useMemo(() => {
    const m = new Map<string, NodeDto>();
    for (const n of flattenTree(ctx.tree.data?.roots ?? [])) m.set(n.id, n);
    return m;
  }, [ctx.tree.data]);

  const deptScope = useMemo(() => departmentScope(filters, ctx.departments), [filters, ctx.departments]);
  const items = useMemo(() => {
    const all = res.data?.items ?? [];
    return all.filter((c) => {
      if (filters.asOf && c.effectiveDate > filters.asOf) return false;
      const node = nodesById.get(c.nodeId);
      if (filters.dept || filters.tag || filters.priority) {
        if (!node) return false;
        if (!nodeMatches(node, { ...filters, q: '' }, deptScope)) return false;
      }
      if (filters.q.trim()) {
        const inChange = matchesQuery(filters.q, c.nodeNumber, c.nodeTitle, c.reason, c.mark, c.kindLabel);
        const inNode = node ? matchesQuery(filters.q, node.number, node.title, node.description) : false;
        if (!inChange && !inNode) return false;
      }
      if (filters.level !== '' && node && node.depth > Number(filters.level)) return false;
      return true;
    });
  }, [res.data, filters, nodesById, deptScope]);

  const total = res.data?.items.length ?? 0;
  const resultLabel = res.data ? (narrowing || filters.asOf ? `該当 ${items.length} 件／全 ${total} 件` : `全 ${total} 件`) : undefined;

  return (
    <>
      {ctx.filterBar(resultLabel)}
      <div className="mt-3">
        {res.error && <ErrorState error={res.error} title="変更履歴を読み込めませんでした。" onRetry={res.reload} />}
        {!res.data && !res.error && <Loading />}
        {res.data &&
          (items.length === 0 ? (
            <p className="py-6 text-std-16N-170">
              {total === 0 ? '記録された変更はまだありません。' : '条件に一致する変更はありません。'}
            </p>
          ) : (
            <div className="overflow-x-auto rounded-8 border border-solid-gray-420 bg-white">
              <table className="w-full border-collapse text-left text-dns-14N-130" data-testid="changes-table">
                <caption className="sr-only">{ctx.plan.title}の変更調書</caption>
                <thead className="bg-solid-gray-50 text-dns-14B-130 text-solid-gray-900">
                  <tr className="border-b-2 border-key-900">
                    <th scope="col" className="px-2 py-2 whitespace-nowrap">適用日</th>
                    <th scope="col" className="px-2 py-2 whitespace-nowrap">整理番号</th>
                    <th scope="col" className="px-2 py-2">項目</th>
                    <th scope="col" className="px-2 py-2 whitespace-nowrap">区分</th>
                    <th scope="col" className="px-2 py-2 whitespace-nowrap">改訂マーク</th>
                    <th scope="col" className="px-2 py-2">理由</th>
                    <th scope="col" className="px-2 py-2 whitespace-nowrap">記録</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((c) => (
                    <tr key={c.id} className="border-b border-solid-gray-200 align-top hover:bg-solid-gray-50">
                      <td className="px-2 py-1.5 whitespace-nowrap">
                        <time dateTime={c.effectiveDate}>{formatDate(c.effectiveDate)}</time>
                      </td>
                      <td className="px-2 py-1.5 whitespace-nowrap text-dns-14B-130 text-key-1000">{c.nodeNumber}</td>
                      <td className="px-2 py-1.5">
                        <Link to={paths.node(ctx.code, ctx.planId, c.nodeId, search)}>{c.nodeTitle}</Link>
                      </td>
                      <td className="px-2 py-1.5">
                        <Badge tone={changeTone(c.kind)}>{c.kindLabel}</Badge>
                      </td>
                      <td className={cx('px-2 py-1.5 whitespace-nowrap', c.mark && 'text-red-1000')}>{c.mark}</td>
                      <td className="px-2 py-1.5 whitespace-pre-line">{c.reason}</td>
                      <td className="px-2 py-1.5 text-[0.75rem] leading-[1.4] text-solid-gray-700">
                        <span className="block whitespace-nowrap">{formatDateTime(c.recordedAt)}</span>
                        <span className="block">{c.recordedBy}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
      </div>
    </>
  );
}
