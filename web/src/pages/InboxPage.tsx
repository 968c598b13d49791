/** @jsxImportSource react */
/**
 * 担当課の報告一覧: one round, one department's items (GET
 * /rounds/:roundId/reports?department=). Staff of a 課 default to their first
 * 課 and only ever see their own; staff outside a 課 (事務局, 幹部) default to
 * every department (?department=all), even when they belong to a 課 themselves.
 * Each row says what is scheduled for the target year, where the report stands
 * and how long is left, and opens the report.
 */
import { WorkbookRoundTrip } from './transfer/links';
import { useEffect, useId, useMemo, useState } from 'react';
import { Deadline, ReportStateBadge } from '../components/pdca';
import { selectCls } from '../components/form';
import { Badge, Breadcrumbs, ErrorState, Loading, PageHeading, cx, useDocumentTitle } from '../components/ui';
import {
  apiPaths,
  type DepartmentDto,
  type MunicipalityDto,
  type PlanDto,
  type ReportEntryDto,
  type ReportInboxDto,
  type ReportStateDto,
} from '../lib/api';
import { isDepartmentRole, isOffice, useCurrentUser } from '../lib/auth';
import { formatDate, formatDateTime, numbered } from '../lib/format';
import { STATE_SHORT } from '../lib/pdca';
import { ALL_DEPARTMENTS, Link, navigate, paths } from '../lib/router';
import { useApi } from '../lib/useApi';

/** ?department=all */
export const ALL = ALL_DEPARTMENTS;

const STATE_ORDER: ReportStateDto[] = ['returned', 'not_started', 'draft', 'submitted', 'approved', 'accepted'];
const TODO: ReadonlySet<ReportStateDto> = new Set(['not_started', 'draft', 'returned']);

type Show = 'all' | 'todo';

/** What the row's link offers, from what the user may do now. */
function rowAction(e: ReportEntryDto): { label: string; strong: boolean } {
  const a = e.allowedActions;
  if (a.includes('approve')) return { label: '内容を確認して承認', strong: true };
  if (a.includes('accept')) return { label: '内容を確認', strong: true };
  if (a.includes('save')) {
    if (e.report.state === 'returned') return { label: '修正する', strong: true };
    if (e.report.state === 'draft') return { label: '続きを入力', strong: true };
    return { label: '回答する', strong: true };
  }
  return { label: '表示', strong: false };
}

export function InboxPage({ code, roundId, departmentId }: { code: string; roundId: string; departmentId: string | null }) {
  const user = useCurrentUser();
  const uid = useId();
  const deptUser = isDepartmentRole(user.role);
  // A 課's staff: their first 課 unless the URL names one of theirs. Everyone else: every department unless
  // the URL names one — the secretariat's own 課 is not what 「すべての課」 means.
  const fallbackDept = deptUser ? (user.departments[0]?.id ?? null) : null;
  const all = !deptUser && (!departmentId || departmentId === ALL);
  const dept = all ? null : departmentId && departmentId !== ALL ? departmentId : fallbackDept;
  useEffect(() => {
    if (deptUser && (!departmentId || departmentId === ALL) && fallbackDept) navigate(paths.inbox(code, roundId, fallbackDept), { replace: true });
  }, [departmentId, deptUser, fallbackDept, code, roundId]);

  const inbox = useApi<ReportInboxDto>(apiPaths.inbox(code, roundId, dept), { keepPrevious: true });
  const round = inbox.data?.round;
  const plan = useApi<PlanDto>(round ? apiPaths.plan(code, round.planId) : null);
  const munis = useApi<{ items: MunicipalityDto[] }>(apiPaths.municipalities());
  const allDepts = useApi<{ items: DepartmentDto[] }>(deptUser ? null : apiPaths.departments(code));
  const muni = munis.data?.items.find((m) => m.code === code);
  const [show, setShow] = useState<Show>('all');

  const deptName = inbox.data?.department?.name ?? user.departments.find((d) => d.id === dept)?.name ?? null;
  useDocumentTitle(round ? `${round.label}${deptName ? `（${deptName}）` : ''}の進捗報告` : '進捗報告の一覧');

  const choices = useMemo(() => {
    if (deptUser) return user.departments;
    const list = (allDepts.data?.items ?? []).filter((d) => d.active || d.id === dept);
    // the user's own 課 first
    const own = new Set(user.departments.map((d) => d.id));
    return [...list.filter((d) => own.has(d.id)), ...list.filter((d) => !own.has(d.id))];
  }, [deptUser, user.departments, allDepts.data, dept]);

  const entries = inbox.data?.entries ?? [];
  const counts = useMemo(() => {
    const c = new Map<ReportStateDto, number>();
    for (const e of entries) c.set(e.report.state, (c.get(e.report.state) ?? 0) + 1);
    return c;
  }, [entries]);
  const todo = entries.filter((e) => TODO.has(e.report.state)).length;
  const shown = show === 'todo' ? entries.filter((e) => TODO.has(e.report.state)) : entries;

  const heading = round ? `進捗報告の一覧：${round.label}` : '進捗報告の一覧';

  return (
    <div>
      <Breadcrumbs
        items={[
          ...(user.allMunicipalities ? [{ label: '自治体の選択', to: paths.home() }] : []),
          { label: muni?.name ?? code, to: paths.municipality(code) },
          { label: '照会（進捗報告）', to: paths.rounds(code) },
          { label: round ? `${round.label}${deptName ? `（${deptName}）` : ''}` : '報告の一覧' },
        ]}
      />
      {inbox.error && !inbox.data ? (
        <>
          <PageHeading>{heading}</PageHeading>
          <ErrorState error={inbox.error} title="報告の一覧を読み込めませんでした。" onRetry={inbox.reload} />
        </>
      ) : !inbox.data || !round ? (
        <Loading />
      ) : (
        <>
          <p className="flex flex-wrap items-center gap-2 text-dns-14N-130 text-solid-gray-800">
            <Badge tone="key">{plan.data?.title ?? '計画'}</Badge>
            <Badge tone={round.state === 'open' ? 'success' : 'neutral'}>{round.stateLabel}</Badge>
          </p>
          <PageHeading className="mt-1">{heading}</PageHeading>

          <dl className="mt-3 grid gap-x-8 gap-y-1 rounded-8 border border-solid-gray-420 bg-white px-4 py-3 text-std-16N-170 sm:grid-cols-[auto_1fr] md:grid-cols-[auto_1fr_auto_1fr]">
            <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">対象年度</dt>
            <dd>{round.targetFiscalYearLabel}</dd>
            <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">基準日</dt>
            <dd>{formatDate(round.asOfDate)}時点</dd>
            <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">回答期限</dt>
            <dd data-testid="round-deadline">
              {round.state === 'open' ? <Deadline date={round.deadline} /> : formatDate(round.deadline)}
            </dd>
            <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">照会する項目</dt>
            <dd>{round.fields.map((f) => round.fieldLabels[f]).join('・')}</dd>
          </dl>
          {round.state !== 'open' && (
            <p className="mt-3 rounded-8 border border-solid-gray-536 bg-solid-gray-50 px-4 py-2 text-std-16N-170">
              {round.state !== 'closed'
                ? 'この照会はまだ開始されていません。'
                : round.published
                  ? 'この照会は締め切られ、結果が公表されました。報告は表示のみできます。'
                  : 'この照会は締め切られました。担当課は報告を変更・提出できません（結果が公表されるまでは、課長の承認と事務局の確認はできます）。'}
            </p>
          )}
          <WorkbookRoundTrip code={code} roundId={roundId} department={dept && deptName ? { id: dept, name: deptName } : null} open={round.state === 'open'} />

          <div className="mt-4 flex flex-wrap items-end justify-between gap-3">
            <div>
              {choices.length > 1 || (!deptUser && choices.length > 0) ? (
                <>
                  <label htmlFor={`${uid}-dept`} className="block text-dns-14B-130 text-solid-gray-800">
                    担当課
                  </label>
                  <select
                    id={`${uid}-dept`}
                    className={cx(selectCls, 'min-w-64')}
                    value={dept ?? ALL}
                    onChange={(e) => navigate(paths.inbox(code, roundId, e.target.value))}
                  >
                    {!deptUser && <option value={ALL}>すべての課</option>}
                    {choices.map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.name}
                      </option>
                    ))}
                  </select>
                </>
              ) : (
                <p className="text-std-17B-170">
                  <span className="text-dns-14B-130 text-solid-gray-800">担当課：</span>
                  {deptName ?? 'すべて'}
                </p>
              )}
            </div>
            <div role="group" aria-label="表示する報告" className="flex gap-1">
              {(
                [
                  ['all', `すべて（${entries.length}）`],
                  ['todo', `未提出（${todo}）`],
                ] as const
              ).map(([k, label]) => (
                <button
                  key={k}
                  type="button"
                  aria-pressed={show === k}
                  onClick={() => setShow(k)}
                  className={cx(
                    'rounded-8 border px-3 py-1.5 text-dns-14B-120',
                    show === k ? 'border-key-900 bg-key-900 text-white' : 'border-solid-gray-600 bg-white text-solid-gray-900 hover:bg-key-50',
                  )}
                >
                  {label}
                </button>
              ))}
            </div>
          </div>

          <p className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-dns-14N-130 text-solid-gray-800" data-testid="inbox-counts">
            {STATE_ORDER.filter((s) => counts.get(s)).map((s) => (
              <span key={s} className="flex items-center gap-1">
                <ReportStateBadge state={s} />
                {counts.get(s)}件
              </span>
            ))}
          </p>

          {inbox.stale && <Loading label="担当課の報告を読み込み中…" />}
          {shown.length === 0 ? (
            <p className="mt-4 text-std-16N-170">
              {entries.length === 0 ? (dept ? 'この照会で、この課が担当する項目はありません。' : 'この照会で見られる報告はありません。') : '未提出の報告はありません。'}
            </p>
          ) : (
            <div className="mt-3 overflow-x-auto rounded-8 border border-solid-gray-420">
              <table className="w-full border-collapse text-left text-dns-16N-130" data-testid="inbox">
                <caption className="sr-only">
                  {round.label}の報告（{deptName ?? 'すべての課'}、{shown.length}件）
                </caption>
                <thead className="bg-solid-gray-50 text-dns-14B-130 text-solid-gray-800">
                  <tr>
                    <th scope="col" className="px-3 py-2 whitespace-nowrap">番号</th>
                    <th scope="col" className="px-3 py-2">項目</th>
                    <th scope="col" className="px-3 py-2 whitespace-nowrap">{round.targetFiscalYearLabel}の予定</th>
                    <th scope="col" className="px-3 py-2">状態</th>
                    <th scope="col" className="px-3 py-2 whitespace-nowrap">回答期限・提出日</th>
                    <th scope="col" className="px-3 py-2">
                      <span className="sr-only">操作</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((e) => {
                    const action = rowAction(e);
                    const lead = e.item.departments.find((d) => d.lead);
                    const coOwned = deptUser && dept !== null && lead !== undefined && lead.id !== dept;
                    const to = paths.report(code, e.report.id, dept ?? ALL);
                    return (
                      <tr
                        key={e.report.id}
                        data-testid="inbox-row"
                        className={cx('border-t border-solid-gray-200 align-top hover:bg-key-50', e.report.state === 'returned' && 'bg-red-50')}
                      >
                        <td className="px-3 py-2 whitespace-nowrap tabular-nums">{e.item.number || '―'}</td>
                        <td className="px-3 py-2">
                          <Link to={to} className="text-dns-16B-130">
                            {e.item.title}
                          </Link>
                          {e.item.path.length > 0 && (
                            <p className="mt-0.5 text-dns-14N-130 text-solid-gray-700">
                              <span className="sr-only">上位の項目：</span>
                              {e.item.path.map((p) => numbered(p.number, p.title)).join(' › ')}
                            </p>
                          )}
                          {dept === null && (
                            // every department in one list: say whose each row is (and when nobody's)
                            <p className="mt-0.5 text-dns-14N-130 text-solid-gray-800" data-testid="inbox-row-department">
                              {e.item.departments.length === 0 ? (
                                <span className="font-bold text-error-2">担当課なし（事務局が入力するか、計画で担当課を設定してください）</span>
                              ) : (
                                <>担当課：{(lead ?? e.item.departments[0]!).name}</>
                              )}
                            </p>
                          )}
                          {coOwned && (
                            <p className="mt-0.5 text-dns-14N-130 text-solid-gray-800">
                              共管（主担当：{lead.name}。提出は主担当課が行います）
                            </p>
                          )}
                          {e.report.state === 'returned' && e.report.returnComment && (
                            <p className="mt-1 text-dns-14N-130 text-error-2">
                              <span className="font-bold">差戻しの理由：</span>
                              {e.report.returnComment}
                            </p>
                          )}
                        </td>
                        <td className="px-3 py-2 whitespace-nowrap">
                          {e.phase ? (
                            <span title={e.phase.label}>
                              {e.phase.symbol ? (
                                <>
                                  <span aria-hidden="true" className="mr-1 text-dns-16B-120">
                                    {e.phase.symbol}
                                  </span>
                                  {e.phase.label}
                                </>
                              ) : (
                                e.phase.label
                              )}
                            </span>
                          ) : (
                            <span className="text-solid-gray-700">予定なし</span>
                          )}
                        </td>
                        <td className="px-3 py-2">
                          <ReportStateBadge state={e.report.state} />
                          <span className="sr-only">（{STATE_SHORT[e.report.state]}）</span>
                        </td>
                        <td className="px-3 py-2 whitespace-nowrap text-dns-14N-130">
                          {TODO.has(e.report.state) && round.state === 'open' ? (
                            <Deadline date={e.deadline} />
                          ) : e.report.submittedAt ? (
                            <span>提出 {formatDateTime(e.report.submittedAt)}</span>
                          ) : (
                            formatDate(e.deadline)
                          )}
                        </td>
                        <td className="px-3 py-2 whitespace-nowrap">
                          <Link
                            to={to}
                            aria-label={`${e.item.title}：${action.label}`}
                            className={cx(
                              'inline-flex min-h-8 items-center rounded-8 border px-3 py-1 text-dns-14B-120 no-underline',
                              action.strong
                                ? 'border-key-900 bg-key-900 text-white hover:bg-key-1000 hover:text-white'
                                : 'border-key-900 bg-white text-key-900 hover:bg-key-50',
                            )}
                          >
                            {action.label}
                          </Link>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {isOffice(user.role) && (
            <p className="mt-4 text-dns-14N-130">
              <Link to={paths.round(code, roundId)}>照会の状況（集計・未提出・督促）へ</Link>
            </p>
          )}
        </>
      )}
    </div>
  );
}
