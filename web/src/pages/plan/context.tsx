/** @jsxImportSource react */
/** What the plan page hands to its tabs, and the pieces the tabs share. */
import type { ReactNode } from 'react';
import { ErrorState, Loading, cx } from '../../components/ui';
import type { DepartmentDto, PlanDto, PlanTreeDto, TagDto } from '../../lib/api';
import type { Filters } from '../../lib/filters';
import { formatDate } from '../../lib/format';
import type { ApiState } from '../../lib/useApi';

export interface PlanContext {
  code: string;
  planId: string;
  plan: PlanDto;
  departments: DepartmentDto[];
  tags: TagDto[];
  filters: Filters;
  setFilters: (patch: Partial<Filters>) => void;
  tree: ApiState<PlanTreeDto>;
  /** renders the shared filter bar with a result count */
  filterBar: (resultLabel?: string, levelMode?: 'upTo' | 'exact') => ReactNode;
}

/** Loading / error handling shared by the tabs that need the tree. */
export function TreeGate({ ctx, children }: { ctx: PlanContext; children: (tree: PlanTreeDto) => ReactNode }) {
  const { tree } = ctx;
  if (tree.error) return <ErrorState error={tree.error} title="計画の項目を読み込めませんでした。" onRetry={tree.reload} />;
  if (!tree.data) return <Loading />;
  return (
    <div aria-busy={tree.loading} className={cx(tree.loading && 'opacity-60 transition-opacity')}>
      {children(tree.data)}
    </div>
  );
}

export function AsOfNotice({ asOf }: { asOf: string | null | undefined }) {
  if (!asOf) return null;
  return (
    <p className="mb-2 inline-block rounded-6 border border-warning-yellow-1 bg-yellow-50 px-3 py-1 text-dns-14B-130 text-yellow-1200">
      {formatDate(asOf)}時点の計画を表示しています。
    </p>
  );
}
