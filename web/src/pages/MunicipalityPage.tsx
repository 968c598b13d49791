/** @jsxImportSource react */
import { Deadline } from '../components/pdca';
import { Badge, Breadcrumbs, ButtonLink, ErrorState, Loading, PageHeading, useDocumentTitle } from '../components/ui';
import { apiPaths, type CalendarDto, type MunicipalityDto, type PlanSummaryDto, type ReportInboxDto } from '../lib/api';
import { isDepartmentRole, isOffice, useCan, useCurrentUser } from '../lib/auth';
import { addDays, formatDate, todayIso } from '../lib/format';
import { Link, paths } from '../lib/router';
import { useApi } from '../lib/useApi';
import { SelfApprovalSetting } from './municipality/SelfApprovalSetting';

type OpenRound = CalendarDto['items'][number];

/**
 * For a 課: how many of its items still wait for an answer, and the way in — only when the round asks
 * the 課 about something (a round with no item of the 課 offers nothing to enter).
 */
function DepartmentTodo({ code, roundId, departmentId }: { code: string; roundId: string; departmentId: string }) {
  const inbox = useApi<ReportInboxDto>(apiPaths.inbox(code, roundId, departmentId));
  if (!inbox.data) return null;
  const name = inbox.data.department?.name;
  if (inbox.data.total === 0)
    return (
      <span className="text-dns-14N-130 text-solid-gray-800" data-testid="department-todo">
        {name}：この照会で担当する項目はありません
      </span>
    );
  const todo = inbox.data.entries.filter((e) => ['not_started', 'draft', 'returned'].includes(e.report.state));
  const returned = todo.filter((e) => e.report.state === 'returned').length;
  const approve = inbox.data.entries.filter((e) => e.allowedActions.includes('approve')).length;
  return (
    <>
      <span className="text-dns-14N-130 text-solid-gray-800" data-testid="department-todo">
        {name}：{inbox.data.total}項目のうち未提出 {todo.length}件
        {returned > 0 && <span className="ml-1 font-bold text-error-2">（差戻し {returned}件）</span>}
        {approve > 0 && <span className="ml-1 font-bold text-key-1000">承認待ち {approve}件</span>}
      </span>
      <span className="ml-auto flex flex-wrap gap-2">
        <ButtonLink size="sm" variant="primary" to={paths.inbox(code, roundId, departmentId)}>
          報告を入力する
        </ButtonLink>
      </span>
    </>
  );
}

/** 照会中の進捗報告: the open rounds (from the deadline calendar) and the way to answer them. */
function OpenRounds({ code }: { code: string }) {
  const user = useCurrentUser();
  const today = todayIso();
  const cal = useApi<CalendarDto>(apiPaths.calendar(code, addDays(today, -365), addDays(today, 365 * 3)));
  const open: OpenRound[] = (cal.data?.items ?? []).filter((i) => i.round.state === 'open');
  if (!open.length) return null;
  const dept = user.departments[0]?.id ?? null;
  const deptUser = isDepartmentRole(user.role);
  return (
    <section aria-labelledby="open-rounds-h" className="mt-4 rounded-8 border-2 border-key-400 bg-key-50 px-4 py-3" data-testid="open-rounds">
      <h2 id="open-rounds-h" className="text-std-17B-170">
        照会中の進捗報告
      </h2>
      <ul className="mt-1 grid gap-2">
        {open.map(({ round, deadline }) => (
          <li key={round.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 rounded-8 bg-white px-3 py-2">
            <span className="min-w-0">
              <span className="block text-dns-14N-130 text-solid-gray-700">{round.planTitle}</span>
              <span className="text-std-16B-170">{round.label}</span>
              <span className="ml-2 text-dns-14N-130 text-solid-gray-800">
                回答期限 <Deadline date={deadline.date} />
                <span className="sr-only">（基準日 {formatDate(round.asOfDate)}）</span>
              </span>
            </span>
            {deptUser && dept && <DepartmentTodo code={code} roundId={round.id} departmentId={dept} />}
            {!deptUser && (
              <span className="ml-auto flex flex-wrap gap-2">
                {isOffice(user.role) && (
                  // every department's reports, whichever 課 the secretariat belongs to
                  <ButtonLink size="sm" variant="secondary" to={paths.inboxAll(code, round.id)}>
                    担当課の報告一覧
                  </ButtonLink>
                )}
                <ButtonLink size="sm" to={paths.round(code, round.id)}>
                  照会の状況
                </ButtonLink>
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

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
  const user = useCurrentUser();
  const munis = useApi<{ items: MunicipalityDto[] }>(apiPaths.municipalities());
  const plans = useApi<{ items: PlanSummaryDto[] }>(apiPaths.plans(code));
  const muni = munis.data?.items.find((m) => m.code === code);
  const name = muni?.name ?? '';
  useDocumentTitle(name ? `${name}の計画一覧` : '計画一覧');

  const rows = plans.data ? orderPlans(plans.data.items) : [];

  return (
    <div>
      <Breadcrumbs items={[...(user.allMunicipalities ? [{ label: '自治体の選択', to: paths.home() }] : []), { label: name || code }]} />
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
      <OpenRounds code={code} />
      {isOffice(user.role) && <SelfApprovalSetting code={code} />}
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
