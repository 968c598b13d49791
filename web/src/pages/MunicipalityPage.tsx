/** @jsxImportSource react */
import { Badge, Breadcrumbs, ButtonLink, ErrorState, Loading, PageHeading, useDocumentTitle } from '../components/ui';
import { apiPaths, type MunicipalityDto, type PlanSummaryDto } from '../lib/api';
import { useCan } from '../lib/auth';
import { Link, paths } from '../lib/router';
import { useApi } from '../lib/useApi';

interface Row {
  plan: PlanSummaryDto;
  level: number;
}

/** Parents first, each followed by its child plans (any depth); orphans stay top-level. */
function orderPlans(plans: PlanSummaryDto[]): Row[] {
  const ids = new Set(plans.map((p) => p.id));
  const byParent = new Map<string | null, PlanSummaryDto[]>();
  for (const p of plans) {
    const parent = p.parentPlanId && ids.has(p.parentPlanId) ? p.parentPlanId : null;
    const list = byParent.get(parent) ?? [];
    list.push(p);
    byParent.set(parent, list);
  }
  const out: Row[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, level: number) => {
    for (const p of byParent.get(parent) ?? []) {
      if (seen.has(p.id)) continue;
      seen.add(p.id);
      out.push({ plan: p, level });
      walk(p.id, level + 1);
    }
  };
  walk(null, 0);
  for (const p of plans) if (!seen.has(p.id)) out.push({ plan: p, level: 0 });
  return out;
}

export function StageBadge({ stage }: { stage: string }) {
  const tone = stage === '決定' ? 'success' : stage === '改訂' ? 'key' : 'warning';
  return <Badge tone={tone}>{stage}</Badge>;
}

export function MunicipalityPage({ code }: { code: string }) {
  const can = useCan();
  const munis = useApi<{ items: MunicipalityDto[] }>(apiPaths.municipalities());
  const plans = useApi<{ items: PlanSummaryDto[] }>(apiPaths.plans(code));
  const muni = munis.data?.items.find((m) => m.code === code);
  const name = muni?.name ?? '';
  useDocumentTitle(name ? `${name}の計画一覧` : '計画一覧');

  const rows = plans.data ? orderPlans(plans.data.items) : [];

  return (
    <div>
      <Breadcrumbs items={[{ label: '自治体の選択', to: paths.home() }, { label: name || code }]} />
      <div className="flex flex-wrap items-start justify-between gap-3">
        <PageHeading>{name ? `${name}の計画一覧` : '計画一覧'}</PageHeading>
        {can('plan.create') && (
          <ButtonLink variant="primary" size="sm" to={paths.newPlan(code)}>
            ＋ 計画を登録
          </ButtonLink>
        )}
      </div>
      <nav aria-label="基本情報の管理" className="no-print mt-2">
        <ul className="flex flex-wrap gap-x-6 gap-y-1 text-dns-16N-130">
          <li>
            <Link to={paths.departments(code)}>組織（担当課）</Link>
          </li>
          <li>
            <Link to={paths.tags(code)}>タグ</Link>
          </li>
        </ul>
      </nav>
      {munis.data && !muni && !plans.error && (
        <p role="alert" className="mt-2 text-std-16N-170 text-error-1">
          団体コード {code} の自治体は登録されていません。
        </p>
      )}
      {plans.loading && !plans.data && <Loading />}
      {plans.error && <ErrorState error={plans.error} onRetry={plans.reload} />}
      {plans.data && rows.length === 0 && (
        <p className="mt-4 text-std-16N-170">
          登録されている計画はありません。{can('plan.create') && '「計画を登録」から追加してください。'}
        </p>
      )}
      {rows.length > 0 && (
        <div className="mt-4 overflow-x-auto rounded-8 border border-solid-gray-420">
          <table className="w-full border-collapse text-left text-dns-16N-130" data-testid="plan-list">
            <caption className="sr-only">計画の一覧（下位の計画は上位の計画の下に字下げして表示）</caption>
            <thead className="bg-solid-gray-50 text-dns-14B-130 text-solid-gray-800">
              <tr>
                <th scope="col" className="px-3 py-2">種別</th>
                <th scope="col" className="px-3 py-2">計画名</th>
                <th scope="col" className="px-3 py-2">期間</th>
                <th scope="col" className="px-3 py-2">段階</th>
                <th scope="col" className="px-3 py-2 text-right">項目数</th>
                <th scope="col" className="px-3 py-2 text-right">実施項目数</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ plan, level }) => (
                <tr key={plan.id} className="border-t border-solid-gray-200 hover:bg-key-50">
                  <td className="px-3 py-2 text-dns-14N-130 text-solid-gray-800 whitespace-nowrap">{plan.kind}</td>
                  <td className="px-3 py-2">
                    <div className="flex items-start gap-1" style={{ paddingLeft: `${level * 1.5}rem` }}>
                      {level > 0 && (
                        <span aria-hidden="true" className="text-solid-gray-536">
                          └
                        </span>
                      )}
                      {level > 0 && <span className="sr-only">下位計画：</span>}
                      <Link to={paths.plan(code, plan.id)} className="text-dns-16B-130">
                        {plan.title}
                      </Link>
                    </div>
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">{plan.periodLabel}</td>
                  <td className="px-3 py-2">
                    <StageBadge stage={plan.stage} />
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{plan.nodeCount}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{plan.actionCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
