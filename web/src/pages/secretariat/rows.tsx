/** @jsxImportSource react */
/**
 * The rows behind a published figure: every count on the dashboard opens this
 * list of the items it counts (the views send node ids with each number and
 * the items themselves in `nodes`).
 */
import type { ReactNode } from 'react';
import { WideDialog, tableCls, tableWrapCls, tdCls, thCls, theadCls } from '../../components/secretariat-ui';
import { Badge, StatusBadge, cx } from '../../components/ui';
import { Link, paths } from '../../lib/router';
import type { ViewItemDto } from '../../../../src/shared/api-types-views.js';
import { num, secPaths } from './lib';

export interface ReportRef {
  id: string;
  state: string;
  stateLabel: string;
}

/** The round's reports by item; partial when the user may see only some (a 担当課's own). */
export interface Reports {
  byNode: Map<string, ReportRef>;
  partial: boolean;
}

export function noReportText(reports: Reports): string {
  return reports.partial ? '（他の課の報告）' : '照会の対象外';
}

export interface RowsSpec {
  title: string;
  /** groups of rows (e.g. 増 and 減 of a difference); one untitled group for a plain count */
  groups: { title?: string; nodeIds: string[] }[];
  /** an extra column (e.g. the answer, the scheduled phase) */
  extra?: { header: string; cell: (nodeId: string) => ReactNode };
  note?: ReactNode;
}

/** Badge colours of the report states (the same as on the department screens). */
export function reportTone(state: string): 'neutral' | 'key' | 'success' | 'warning' | 'danger' | 'info' {
  switch (state) {
    case 'accepted':
      return 'success';
    case 'approved':
      return 'warning';
    case 'submitted':
      return 'key';
    case 'returned':
      return 'danger';
    case 'draft':
      return 'info';
    default:
      return 'neutral';
  }
}

export function ItemCell({ code, planId, item }: { code: string; planId: string; item: ViewItemDto | undefined }) {
  if (!item) return <span className="text-solid-gray-700">（項目の情報がありません）</span>;
  return (
    <div>
      {item.path.length > 0 && (
        <span className="block text-[0.75rem] leading-[1.4] text-solid-gray-700">
          {item.path.map((p) => [p.number, p.title].filter(Boolean).join(' ')).join(' › ')}
        </span>
      )}
      <Link to={paths.node(code, planId, item.id)} className="text-dns-14B-130">
        {[item.number, item.title].filter(Boolean).join(' ')}
      </Link>
      {item.status !== 'active' && (
        <span className="ml-1">
          <StatusBadge status={item.status} small />
        </span>
      )}
    </div>
  );
}

export function departmentsText(item: ViewItemDto | undefined): string {
  if (!item) return '';
  return item.departments.map((d) => (d.lead && item.departments.length > 1 ? `${d.name}（主）` : d.name)).join('、');
}

export function NodeRowsTable({
  code,
  planId,
  nodeIds,
  nodes,
  reports,
  extra,
  caption,
}: {
  code: string;
  planId: string;
  nodeIds: string[];
  nodes: Map<string, ViewItemDto>;
  reports: Reports | null;
  extra?: RowsSpec['extra'];
  caption: string;
}) {
  if (nodeIds.length === 0) return <p className="py-2 text-std-16N-170 text-solid-gray-700">該当する項目はありません。</p>;
  return (
    <div className={tableWrapCls}>
      <table className={tableCls} data-testid="rows-table">
        <caption className="sr-only">{caption}</caption>
        <thead className={theadCls}>
          <tr>
            <th scope="col" className={cx(thCls, 'w-10 text-right')}>
              #
            </th>
            <th scope="col" className={thCls}>項目</th>
            <th scope="col" className={thCls}>担当課</th>
            {extra && (
              <th scope="col" className={thCls}>
                {extra.header}
              </th>
            )}
            {reports && <th scope="col" className={thCls}>報告の状態</th>}
          </tr>
        </thead>
        <tbody>
          {nodeIds.map((id, i) => {
            const item = nodes.get(id);
            const rep = reports?.byNode.get(id);
            return (
              <tr key={id} data-testid="rows-row">
                <td className={cx(tdCls, 'text-right tabular-nums text-solid-gray-700')}>{i + 1}</td>
                <td className={tdCls}>
                  <ItemCell code={code} planId={planId} item={item} />
                </td>
                <td className={tdCls}>{departmentsText(item)}</td>
                {extra && <td className={tdCls}>{extra.cell(id)}</td>}
                {reports && (
                  <td className={cx(tdCls, 'whitespace-nowrap')}>
                    {rep ? (
                      <span className="flex flex-wrap items-center gap-2">
                        <Badge tone={reportTone(rep.state)}>{rep.stateLabel}</Badge>
                        <Link to={secPaths.report(code, rep.id)} className="text-dns-14N-130">
                          報告を開く
                        </Link>
                      </span>
                    ) : (
                      <span className="text-solid-gray-700">{noReportText(reports)}</span>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function RowsDialog({
  spec,
  code,
  planId,
  nodes,
  reports,
  onClose,
}: {
  spec: RowsSpec;
  code: string;
  planId: string;
  nodes: Map<string, ViewItemDto>;
  reports: Reports | null;
  onClose: () => void;
}) {
  const total = spec.groups.reduce((n, g) => n + g.nodeIds.length, 0);
  return (
    <WideDialog title={`${spec.title}（${num(total)}件）`} onClose={onClose} testId="rows-dialog">
      {spec.note && <p className="mb-2 text-dns-14N-130 text-solid-gray-800">{spec.note}</p>}
      {spec.groups.map((g, i) => (
        <div key={i} className={cx(i > 0 && 'mt-4')}>
          {g.title && (
            <h3 className="mb-1 text-std-16B-170">
              {g.title}（{num(g.nodeIds.length)}件）
            </h3>
          )}
          <NodeRowsTable
            code={code}
            planId={planId}
            nodeIds={g.nodeIds}
            nodes={nodes}
            reports={reports}
            extra={spec.extra}
            caption={g.title ?? spec.title}
          />
        </div>
      ))}
    </WideDialog>
  );
}
