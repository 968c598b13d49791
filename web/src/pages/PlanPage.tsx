/** @jsxImportSource react */
import { PlanTransferLinks } from './transfer/links';
import { useState } from 'react';
import { FilterBar } from '../components/FilterBar';
import {
  Badge,
  Breadcrumbs,
  Button,
  ButtonLink,
  ErrorState,
  Loading,
  PageHeading,
  SuccessMessage,
  cx,
  useDocumentTitle,
} from '../components/ui';
import {
  apiPaths,
  type DepartmentDto,
  type MunicipalityDto,
  type PlanDto,
  type PlanSummaryDto,
  type PlanTreeDto,
  type TagDto,
} from '../lib/api';
import { useCan } from '../lib/auth';
import { useFilters } from '../lib/filters';
import { takeFlash } from '../lib/flash';
import { formatDate } from '../lib/format';
import { Link, paths, type PlanTab } from '../lib/router';
import { useApi } from '../lib/useApi';
import { StageBadge } from './MunicipalityPage';
import type { PlanContext } from './plan/context';
import { ChangesTab } from './plan/ChangesTab';
import { DiagramTab } from './plan/DiagramTab';
import { FinanceTab } from './plan/FinanceTab';
import { KpisTab } from './plan/KpisTab';
import { OutlineTab } from './plan/OutlineTab';
import { RoadmapTab } from './plan/RoadmapTab';

const TAB_LABELS: Record<PlanTab, string> = {
  diagram: '体系図',
  outline: 'アウトライン',
  roadmap: 'ロードマップ',
  changes: '変更履歴',
  finance: '財政計画・定員管理',
  kpis: '数値目標・KPI',
};

export function PlanPage({ code, planId, tab }: { code: string; planId: string; tab: PlanTab }) {
  const can = useCan();
  const [flash, setFlashMessage] = useState(() => takeFlash(planId));
  const [filters, setFilters, search] = useFilters();
  const munis = useApi<{ items: MunicipalityDto[] }>(apiPaths.municipalities());
  const planRes = useApi<PlanDto>(apiPaths.plan(code, planId));
  const plansRes = useApi<{ items: PlanSummaryDto[] }>(apiPaths.plans(code));
  const deptRes = useApi<{ items: DepartmentDto[] }>(apiPaths.departments(code));
  const tagRes = useApi<{ items: TagDto[] }>(apiPaths.tags(code));
  // Diagram, outline and the change list's filters all read the tree.
  const tree = useApi<PlanTreeDto>(apiPaths.tree(code, planId, filters.asOf || undefined), { keepPrevious: true });

  const muni = munis.data?.items.find((m) => m.code === code);
  const plan = planRes.data;
  useDocumentTitle(plan ? `${plan.title}（${TAB_LABELS[tab]}）` : undefined);

  const departments = deptRes.data?.items ?? [];
  const tags = tagRes.data?.items ?? tree.data?.tags ?? [];

  const ctx: PlanContext | null = !plan
    ? null
    : {
      code,
      planId,
      plan,
      departments,
      tags,
      filters,
      setFilters,
      tree,
      filterBar: (resultLabel?: string, levelMode?: 'upTo' | 'exact') => (
        <FilterBar
          levelMode={levelMode}
          plan={plan}
          departments={departments}
          tags={tags}
          filters={filters}
          onChange={setFilters}
          resultLabel={resultLabel}
        />
      ),
    };

  if (planRes.error) {
    return (
      <div>
        <Breadcrumbs
          items={[
            { label: '自治体の選択', to: paths.home() },
            { label: muni?.name ?? code, to: paths.municipality(code) },
            { label: '計画' },
          ]}
        />
        <PageHeading>計画</PageHeading>
        <ErrorState error={planRes.error} title="計画を読み込めませんでした。" onRetry={planRes.reload} />
      </div>
    );
  }
  if (!plan || !ctx) return <Loading />;

  const allPlans = plansRes.data?.items ?? [];
  const parentPlan = plan.parentPlanId ? allPlans.find((p) => p.id === plan.parentPlanId) : undefined;
  const childPlans = allPlans.filter((p) => p.parentPlanId === plan.id);
  const related = [
    ...(parentPlan ? [{ planId: parentPlan.id, title: parentPlan.title, relation: '上位計画' }] : []),
    ...childPlans.map((p) => ({ planId: p.id, title: p.title, relation: '下位計画' })),
    ...plan.links.filter((l) => l.planId !== parentPlan?.id && !childPlans.some((c) => c.id === l.planId)),
  ];
  const latestStage = plan.stages.length ? plan.stages[plan.stages.length - 1] : undefined;

  return (
    <div>
      <Breadcrumbs
        items={[
          { label: '自治体の選択', to: paths.home() },
          { label: muni?.name ?? code, to: paths.municipality(code) },
          { label: plan.title },
        ]}
      />
      <section aria-labelledby="page-heading" className="mb-3">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <p className="flex flex-wrap items-center gap-2 text-dns-14N-130 text-solid-gray-800">
              <Badge tone="key">{plan.kind}</Badge>
              <StageBadge stage={plan.stage} />
              <span>
                <span className="sr-only">計画期間：</span>
                {plan.periodLabel}
              </span>
              {latestStage && (
                <span className="text-solid-gray-700">
                  （{latestStage.stage} {formatDate(latestStage.date)}）
                </span>
              )}
            </p>
            <PageHeading className="mt-1">{plan.title}</PageHeading>
          </div>
          <div className="no-print flex flex-wrap gap-2">
            {can('node.create') && (
              <ButtonLink size="sm" to={paths.newNode(code, planId, null)}>
                ＋ {plan.levelNames[0] ?? '最上位項目'}を追加
              </ButtonLink>
            )}
            {can('plan.edit') && (
              <ButtonLink size="sm" to={paths.planSettings(code, planId)}>
                計画の設定
              </ButtonLink>
            )}
            <PlanTransferLinks code={code} planId={planId} />
            <Button size="sm" variant="tertiary" onClick={() => window.print()}>
              印刷
            </Button>
          </div>
        </div>
        {flash && <SuccessMessage onClose={() => setFlashMessage(null)}>{flash}</SuccessMessage>}
        {plan.philosophy && (
          <details className="mt-2 rounded-8 border border-solid-gray-200 bg-white [&[open]>summary]:border-b [&[open]>summary]:border-solid-gray-200">
            <summary className="px-3 py-1.5 text-dns-14B-130 text-key-1000">経営理念・基本理念</summary>
            <p className="whitespace-pre-line px-3 py-2 text-std-16N-170 text-solid-gray-900">{plan.philosophy}</p>
          </details>
        )}
        {related.length > 0 && (
          <p className="mt-2 flex flex-wrap gap-x-4 text-dns-14N-130 text-solid-gray-800">
            {related.map((l) => (
              <span key={l.planId}>
                {l.relation && <span className="text-solid-gray-700">{l.relation}：</span>}
                <Link to={paths.plan(code, l.planId)}>{l.title}</Link>
              </span>
            ))}
          </p>
        )}
      </section>

      <nav aria-label="表示の切り替え" className="no-print border-b border-solid-gray-420">
        <ul className="-mb-px flex flex-wrap gap-1">
          {(Object.keys(TAB_LABELS) as PlanTab[]).map((t) => {
            const active = t === tab;
            return (
              <li key={t}>
                <Link
                  to={paths.plan(code, planId, t, search)}
                  aria-current={active ? 'page' : undefined}
                  className={cx(
                    'block rounded-t-8 border px-4 py-2 text-dns-16B-120 no-underline',
                    active
                      ? 'border-solid-gray-420 border-b-white bg-white text-key-1000 shadow-[inset_0_4px_0_var(--color-key-900)]'
                      : 'border-transparent text-solid-gray-800 hover:bg-key-50 hover:text-key-1000 hover:underline',
                  )}
                >
                  {TAB_LABELS[t]}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>

      <section aria-label={TAB_LABELS[tab]} className="pt-3">
        {tab === 'diagram' && <DiagramTab ctx={ctx} />}
        {tab === 'outline' && <OutlineTab ctx={ctx} />}
        {tab === 'roadmap' && <RoadmapTab ctx={ctx} />}
        {tab === 'changes' && <ChangesTab ctx={ctx} />}
        {tab === 'finance' && <FinanceTab ctx={ctx} />}
        {tab === 'kpis' && <KpisTab ctx={ctx} />}
      </section>
    </div>
  );
}
