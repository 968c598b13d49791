/** @jsxImportSource react */
/**
 * 照会の状況: submission completion per department, status counts per group
 * (重点項目・施策 …) and per department, 増減 against the previous round, the
 * items scheduled this year and the overdue ones, the missing reports with
 * 督促. Every figure is a button that lists the items behind it; every table
 * has its legend with the definitions underneath (printed too).
 */
import { RoundExportLinks } from '../transfer/links';
import { useMemo, useState, type ReactNode } from 'react';
import { FieldErrorText, hintCls, inputCls, labelCls } from '../../components/form';
import {
  CountButton,
  LegendNote,
  PercentBar,
  Section,
  numCls,
  tableAutoCls, tableCls,
  tableWrapCls,
  tdCls,
  thCls,
  theadCls,
  type NoteItem,
} from '../../components/secretariat-ui';
import { Badge, Button, ErrorState, Loading, SuccessMessage, cx } from '../../components/ui';
import { apiPaths, type PlanDto, type PlanSummaryDto } from '../../lib/api';
import { Link, navigate, paths, useLocation } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import type { PlanLegendsDto, ReportInboxDto, RoundDto } from '../../../../src/shared/api-types-pdca.js';
import type {
  AnswerRefDto,
  AnswerBasisDto,
  ChangeViewDto,
  CompletionViewDto,
  MissingDto,
  OverdueViewDto,
  ReminderResultDto,
  ScheduledViewDto,
  StatusByDepartmentDto,
  StatusByGroupDto,
  StatusKeyDto,
  ViewItemDto,
} from '../../../../src/shared/api-types-views.js';
import { SecFrame } from './frame';
import { asApiError, dateW, instantW, num, secApi, secApiPaths, secPaths, selectSmCls, useStaff } from './lib';
import { RoundFormDialog, RoundStateBadge, RoundStepButtons, RoundStepDialog, invalidateRound, scopeText, type RoundStep } from './roundForms';
import { RowsDialog, noReportText, reportTone, type ReportRef, type Reports, type RowsSpec } from './rows';

const BASES: { value: AnswerBasisDto; label: string; note: string }[] = [
  { value: 'submitted', label: '提出済みの回答', note: '担当課が提出した回答（課長承認済み・事務局確認済みを含む）で数えています。' },
  { value: 'accepted', label: '事務局確認済みの回答のみ', note: '事務局が確認した回答だけで数えています。' },
  { value: 'all', label: '保存済みのすべての回答（作成中を含む）', note: '作成中・差戻し中の回答も含めて数えています（速報値）。' },
];

function unansweredDefinition(basis: AnswerBasisDto): string {
  if (basis === 'accepted') return '事務局が確認した回答がない項目';
  if (basis === 'all') return '回答が保存されていない項目';
  return '提出された回答がない項目（未着手・作成中・差戻しを含む）';
}

export function answerText(a: AnswerRefDto | null | undefined): string {
  if (!a) return '未回答';
  return a.symbol && a.symbol !== a.label ? `${a.symbol} ${a.label}` : a.label || a.code;
}

function statusHeader(s: StatusKeyDto): string {
  return s.symbol && s.symbol !== s.label ? `${s.symbol}（${s.label}）` : s.label;
}

function legendItems(statuses: StatusKeyDto[], legend: { values: { code: string; symbol: string; label: string; definition: string; done: boolean }[] } | null, basis: AnswerBasisDto): NoteItem[] {
  const items: NoteItem[] = [];
  for (const s of statuses) {
    const v = legend?.values.find((x) => x.code === s.code);
    if (v) items.push({ term: statusHeader(s), definition: `${v.definition}${v.done ? '（完了扱い）' : ''}` });
    else if (s.code === null) items.push({ term: '未回答', definition: unansweredDefinition(basis) });
    else items.push({ term: statusHeader(s), definition: '凡例にない区分（凡例を変更する前の回答）' });
  }
  return items;
}

type Open = (spec: RowsSpec, nodes: ViewItemDto[]) => void;

// ───────────── status tables ─────────────

function StatusTable({
  data,
  rowHeader,
  title,
  onOpen,
  testId,
}: {
  data: StatusByGroupDto | StatusByDepartmentDto;
  rowHeader: string;
  title: string;
  onOpen: Open;
  testId: string;
}) {
  const open = (label: string, nodeIds: string[]) => onOpen({ title: label, groups: [{ nodeIds }] }, data.nodes);
  const rowName = (r: { number: string; label: string; id: string | null }) =>
    r.id === null ? (rowHeader === '担当課' ? '担当課なし' : '上位の項目') : [r.number, r.label].filter(Boolean).join(' ');
  return (
    <>
      <div className={tableWrapCls}>
        <table className={cx(tableAutoCls, 'min-w-[40rem]')} data-testid={testId}>
          <caption className="sr-only">{title}</caption>
          <thead className={theadCls}>
            <tr>
              <th scope="col" className={cx(thCls, 'min-w-72')}>
                {rowHeader}
              </th>
              <th scope="col" className={cx(thCls, 'w-20 text-right')}>
                計
              </th>
              {data.statuses.map((s) => (
                <th key={s.code ?? '_none'} scope="col" className={cx(thCls, 'w-24 text-right', s.code === null && 'text-solid-gray-700')}>
                  {statusHeader(s)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.id ?? '_none'} className="hover:bg-key-50">
                <th scope="row" className={cx(tdCls, 'text-left font-normal')}>
                  {rowName(r)}
                </th>
                <td className={cx(tdCls, numCls)}>
                  <CountButton strong count={r.total.count} label={`${rowName(r)}の項目`} onOpen={() => open(`${rowName(r)}の項目`, r.total.nodeIds)} />
                </td>
                {r.cells.map((c, i) => {
                  const s = data.statuses[i]!;
                  const label = `${rowName(r)}・${statusHeader(s)}`;
                  return (
                    <td key={i} className={cx(tdCls, numCls)}>
                      <CountButton count={c.count} label={label} onOpen={() => open(label, c.nodeIds)} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          <tfoot className="bg-solid-gray-50 font-bold print:bg-white">
            <tr>
              <th scope="row" className={cx(tdCls, 'text-left')}>
                合計
              </th>
              <td className={cx(tdCls, numCls)}>
                <CountButton strong count={data.total.total.count} label="全項目" onOpen={() => open('全項目', data.total.total.nodeIds)} />
              </td>
              {data.total.cells.map((c, i) => {
                const s = data.statuses[i]!;
                const label = `合計・${statusHeader(s)}`;
                return (
                  <td key={i} className={cx(tdCls, numCls)}>
                    <CountButton strong count={c.count} label={label} onOpen={() => open(label, c.nodeIds)} />
                  </td>
                );
              })}
            </tr>
          </tfoot>
        </table>
      </div>
      <LegendNote title={`凡例（${data.legend?.name ?? (data.axis === 'achievement' ? '達成度' : '進捗状況')}）`} items={legendItems(data.statuses, data.legend, data.basis)}>
        {BASES.find((b) => b.value === data.basis)?.note} 件数を選ぶと該当する項目を表示します。
      </LegendNote>
    </>
  );
}

// ───────────── the page ─────────────

function useViewParams() {
  const { pathname, search } = useLocation();
  const q = new URLSearchParams(search);
  const basisRaw = q.get('basis');
  const basis: AnswerBasisDto = basisRaw === 'accepted' || basisRaw === 'all' ? basisRaw : 'submitted';
  const axis = q.get('axis') === 'achievement' ? 'achievement' : 'status';
  const depthRaw = q.get('depth');
  const depth = depthRaw && /^\d{1,2}$/.test(depthRaw) ? Number(depthRaw) : undefined;
  const coOwners = q.get('co') === '1';
  const set = (k: string, v: string | null) => {
    const n = new URLSearchParams(search);
    if (v === null) n.delete(k);
    else n.set(k, v);
    const s = n.toString();
    navigate(`${pathname}${s ? `?${s}` : ''}`, { replace: true, keepScroll: true });
  };
  return { basis, axis, depth, coOwners, set } as const;
}

export function RoundDashboardPage({ code, roundId }: { code: string; roundId: string }) {
  const staff = useStaff();
  const p = useViewParams();
  const view = (name: string, params?: Record<string, string | number | boolean | undefined>) => secApiPaths.view(code, roundId, name, params);

  const roundRes = useApi<RoundDto>(secApiPaths.round(code, roundId));
  const round = roundRes.data;
  const planRes = useApi<PlanDto>(round ? apiPaths.plan(code, round.planId) : null);
  const plansRes = useApi<{ items: PlanSummaryDto[] }>(apiPaths.plans(code));
  const legendsRes = useApi<PlanLegendsDto>(round ? secApiPaths.legends(code, round.planId) : null);
  const completion = useApi<CompletionViewDto>(view('views/completion', { coOwners: p.coOwners || undefined }), { keepPrevious: true });
  const byGroup = useApi<StatusByGroupDto>(view('views/status-by-group', { basis: p.basis, axis: p.axis, depth: p.depth }), { keepPrevious: true });
  const byDept = useApi<StatusByDepartmentDto>(view('views/status-by-department', { basis: p.basis, axis: p.axis, coOwners: p.coOwners || undefined }), {
    keepPrevious: true,
  });
  const change = useApi<ChangeViewDto>(round?.previousRoundId ? view('views/change', { basis: p.basis, axis: p.axis }) : null, { keepPrevious: true });
  const scheduled = useApi<ScheduledViewDto>(view('views/scheduled', { basis: p.basis }), { keepPrevious: true });
  const overdue = useApi<OverdueViewDto>(view('views/overdue', { basis: p.basis }), { keepPrevious: true });
  const missing = useApi<MissingDto>(view('missing'));
  const reportsRes = useApi<ReportInboxDto>(secApiPaths.reports(code, roundId));

  const [rows, setRows] = useState<{ spec: RowsSpec; nodes: Map<string, ViewItemDto> } | null>(null);
  const [dialog, setDialog] = useState<{ kind: 'step'; step: RoundStep } | { kind: 'edit' } | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const reports = useMemo((): Reports | null => {
    if (!reportsRes.data) return null;
    const m = new Map<string, ReportRef>();
    for (const e of reportsRes.data.entries) m.set(e.report.nodeId, { id: e.report.id, state: e.report.state, stateLabel: e.report.stateLabel });
    return { byNode: m, partial: reportsRes.data.entries.length < reportsRes.data.round.counts.total };
  }, [reportsRes.data]);
  /** a 担当課 user opens only their own departments' report lists */
  const canOpenInbox = (departmentId: string) => staff.role !== 'dept_reporter' && staff.role !== 'dept_approver' ? true : staff.departments.some((d) => d.id === departmentId);

  const allNodes = useMemo(() => {
    const m = new Map<string, ViewItemDto>();
    for (const d of [completion.data, byGroup.data, byDept.data, change.data, scheduled.data, overdue.data, missing.data])
      for (const n of d?.nodes ?? []) m.set(n.id, n);
    return m;
  }, [completion.data, byGroup.data, byDept.data, change.data, scheduled.data, overdue.data, missing.data]);

  const open: Open = (spec, nodes) => {
    const m = new Map(allNodes);
    for (const n of nodes) m.set(n.id, n);
    setRows({ spec, nodes: m });
  };

  const hasAchievement = !!legendsRes.data?.achievement;
  const levelNames = planRes.data?.levelNames ?? [];
  const depthChoices = levelNames.slice(0, Math.max(1, levelNames.length - 1));

  if (roundRes.error && !round) {
    return (
      <SecFrame code={code} section="rounds" crumbs={[{ label: '照会', to: secPaths.rounds(code) }, { label: '照会の状況' }]} title="照会の状況" docTitle="照会の状況">
        <ErrorState error={roundRes.error} title="照会を読み込めませんでした。" onRetry={roundRes.reload} />
      </SecFrame>
    );
  }
  if (!round) return <Loading />;

  const deadline = completion.data?.deadline ?? missing.data?.deadline;
  const stateRows = (() => {
    if (!reportsRes.data) return null;
    const byState = new Map<string, { label: string; ids: string[] }>();
    for (const e of reportsRes.data.entries) {
      const g = byState.get(e.report.state) ?? { label: e.report.stateLabel, ids: [] };
      g.ids.push(e.report.nodeId);
      byState.set(e.report.state, g);
    }
    const order = ['not_started', 'draft', 'returned', 'submitted', 'approved', 'accepted'];
    return order.filter((s) => byState.has(s)).map((s) => ({ state: s, ...byState.get(s)! }));
  })();

  return (
    <SecFrame
      code={code}
      section="rounds"
      crumbs={[{ label: '照会', to: secPaths.rounds(code) }, { label: round.label }]}
      title={
        <>
          {round.label}
          <span className="ml-3 inline-flex gap-2 align-middle">
            <RoundStateBadge round={round} />
            {round.state === 'closed' && (
              <span data-testid="round-publication-badge">
                <Badge tone={round.published ? 'success' : 'warning'} className="print:border-black">
                  {round.published ? '公表済み' : '未公表'}
                </Badge>
              </span>
            )}
          </span>
        </>
      }
      docTitle={`${round.label}（照会の状況）`}
      actions={
        <>
          <Button size="sm" variant="tertiary" onClick={() => window.print()}>
            印刷
          </Button>
          {staff.isOffice && (
            <RoundStepButtons round={round} onStep={(step) => setDialog({ kind: 'step', step })} onEdit={() => setDialog({ kind: 'edit' })} />
          )}
        </>
      }
      lead={
        <dl className="flex flex-wrap gap-x-6 gap-y-1 text-dns-16N-130" data-testid="round-summary">
          <div>
            <dt className="inline font-bold">計画：</dt>
            <dd className="inline">{planRes.data?.title ?? completion.data?.round.planTitle ?? ''}</dd>
          </div>
          <div>
            <dt className="inline font-bold">対象年度：</dt>
            <dd className="inline">{round.targetFiscalYearLabel}</dd>
          </div>
          <div>
            <dt className="inline font-bold">基準日：</dt>
            <dd className="inline">{dateW(round.asOfDate)}</dd>
          </div>
          <div>
            <dt className="inline font-bold">回答期限：</dt>
            <dd className="inline">
              {dateW(round.deadline)}
              {deadline && round.state === 'open' && (
                <span className={cx('ml-1 font-bold', deadline.overdue ? 'text-error-1' : 'text-solid-gray-900')}>（{deadline.text}）</span>
              )}
            </dd>
          </div>
          {(round.scope || round.state === 'draft') && (
            <div data-testid="round-scope">
              <dt className="inline font-bold">照会の対象：</dt>
              <dd className="inline">{scopeText(round.scope)}</dd>
            </div>
          )}
          <div>
            <dt className="inline font-bold">前回の照会：</dt>
            <dd className="inline">
              {round.previousRoundId ? <Link to={secPaths.round(code, round.previousRoundId)}>{round.previousRoundLabel}</Link> : 'なし'}
            </dd>
          </div>
          {round.state === 'closed' && (
            <div data-testid="round-publication">
              <dt className="inline font-bold">公表：</dt>
              <dd className="inline">
                {round.published
                  ? `公表済み（${instantW(round.publishedAt)}）`
                  : round.publishedAt
                    ? `未公表（再開前に公表した内容が市民向けページに載っています：${instantW(round.publishedAt)}）`
                    : '未公表（市民向けページにはまだ載っていません）'}
                {staff.isOffice && (
                  <>
                    {' '}
                    <Link to={secPaths.publications(code, { kind: 'round', planId: round.planId, subjectId: round.id })}>
                      {round.published ? '公表の画面で見る' : '公表の画面で確認して公表する'}
                    </Link>
                  </>
                )}
              </dd>
            </div>
          )}
          <div>
            <dt className="inline font-bold">報告一覧：</dt>
            <dd className="inline">
              <Link to={paths.inboxAll(code, roundId)}>すべての課</Link>
            </dd>
          </div>
        </dl>
      }
    >
      <RoundExportLinks code={code} roundId={roundId} planId={round.planId} open={round.state === 'open'} />
      <div aria-live="polite">
        {message && (
          <SuccessMessage takeFocus={false} onClose={() => setMessage(null)}>
            {message}
          </SuccessMessage>
        )}
      </div>

      {round.state === 'draft' && (
        <p className="mt-4 rounded-8 border border-yellow-700 bg-yellow-50 px-4 py-2 text-std-16N-170">
          この照会はまだ開始されていません（準備中）。開始すると担当課ごとの報告が作られ、ここに提出状況が表示されます。
        </p>
      )}

      {stateRows && stateRows.length > 0 && (
        <Section
          id="states"
          title={reports?.partial ? `報告の状態（見られる報告 ${num(reportsRes.data!.entries.length)}件／全${num(round.counts.total)}件）` : '報告の状態'}
          testId="report-states"
        >
          <ul className="flex flex-wrap gap-x-5 gap-y-1 text-dns-16N-130">
            {stateRows.map((s) => (
              <li key={s.state} className="flex items-center gap-1.5">
                <Badge tone={reportTone(s.state)}>{s.label}</Badge>
                <CountButton
                  strong
                  count={s.ids.length}
                  suffix="件"
                  label={`報告の状態「${s.label}」`}
                  onOpen={() => open({ title: `報告の状態「${s.label}」`, groups: [{ nodeIds: s.ids }] }, [])}
                />
              </li>
            ))}
          </ul>
          <LegendNote
            items={[
              { term: '未着手', definition: 'まだ何も保存されていない' },
              { term: '作成中', definition: '担当課が下書きを保存した' },
              { term: '差戻し', definition: '課長または事務局が差し戻した（再提出待ち）' },
              { term: '提出済み', definition: '担当課が提出した（課長承認待ち）' },
              { term: '承認済み', definition: '課長が承認した（事務局確認待ち）' },
              { term: '確認済み', definition: '事務局が確認した（確定）' },
            ]}
          />
        </Section>
      )}

      {/* ───── 提出状況 ───── */}
      <Section
        id="completion"
        title="担当課別の提出状況"
        testId="completion"
        actions={
          <label className="flex items-center gap-2 text-dns-14N-130">
            <input type="checkbox" className="size-5 accent-key-900" checked={p.coOwners} onChange={(e) => p.set('co', e.target.checked ? '1' : null)} />
            関係課の分も計上する
          </label>
        }
      >
        {completion.loading && !completion.data && <Loading />}
        {completion.error && <ErrorState error={completion.error} onRetry={completion.reload} />}
        {completion.data && (
          <>
            <div className={tableWrapCls}>
              <table className={tableCls} data-testid="completion-table">
                <caption className="sr-only">担当課別の提出状況</caption>
                <thead className={theadCls}>
                  <tr>
                    <th scope="col" className={thCls}>担当課</th>
                    <th scope="col" className={cx(thCls, 'text-right')}>対象項目</th>
                    <th scope="col" className={cx(thCls, 'text-right')}>提出済み</th>
                    <th scope="col" className={cx(thCls, 'text-right')}>うち確認済み</th>
                    <th scope="col" className={cx(thCls, 'text-right')}>未提出</th>
                    <th scope="col" className={cx(thCls, 'min-w-56')}>提出率</th>
                    <th scope="col" className={cx(thCls, 'no-print')}>報告一覧</th>
                  </tr>
                </thead>
                <tbody>
                  {completion.data.rows.map((r) => {
                    const name = r.department?.name ?? '担当課なし';
                    const o = (what: string, ids: string[]) => open({ title: `${name}の${what}`, groups: [{ nodeIds: ids }] }, completion.data!.nodes);
                    return (
                      <tr key={r.department?.id ?? '_none'} data-testid="completion-row" data-department={name} className="hover:bg-key-50">
                        <th scope="row" className={cx(tdCls, 'text-left font-normal')}>
                          {name}
                        </th>
                        <td className={cx(tdCls, numCls)}>
                          <CountButton count={r.items.count} label={`${name}の対象項目`} onOpen={() => o('対象項目', r.items.nodeIds)} testId="count-items" />
                        </td>
                        <td className={cx(tdCls, numCls)}>
                          <CountButton count={r.submitted.count} label={`${name}の提出済み`} onOpen={() => o('提出済み', r.submitted.nodeIds)} testId="count-submitted" />
                        </td>
                        <td className={cx(tdCls, numCls)}>
                          <CountButton count={r.accepted.count} label={`${name}の確認済み`} onOpen={() => o('確認済み', r.accepted.nodeIds)} />
                        </td>
                        <td className={cx(tdCls, numCls)}>
                          <CountButton
                            count={r.notYet.count}
                            label={`${name}の未提出`}
                            onOpen={() => o('未提出', r.notYet.nodeIds)}
                            className={r.notYet.count ? 'text-error-1' : undefined}
                            testId="count-notyet"
                          />
                        </td>
                        <td className={tdCls}>
                          <PercentBar percent={r.percent} label={`${name}の提出率`} tone={r.percent === 100 ? 'success' : 'key'} />
                        </td>
                        <td className={cx(tdCls, 'no-print whitespace-nowrap')}>
                          {r.department && canOpenInbox(r.department.id) && (
                            <Link to={secPaths.inbox(code, roundId, r.department.id)} className="text-dns-14N-130">
                              {name}の報告
                            </Link>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
                <tfoot className="bg-solid-gray-50 font-bold print:bg-white">
                  {(() => {
                    const t = completion.data.total;
                    const o = (what: string, ids: string[]) => open({ title: `全体の${what}`, groups: [{ nodeIds: ids }] }, completion.data!.nodes);
                    return (
                      <tr>
                        <th scope="row" className={cx(tdCls, 'text-left')}>
                          合計
                        </th>
                        <td className={cx(tdCls, numCls)}>
                          <CountButton strong count={t.items.count} label="全体の対象項目" onOpen={() => o('対象項目', t.items.nodeIds)} />
                        </td>
                        <td className={cx(tdCls, numCls)}>
                          <CountButton strong count={t.submitted.count} label="全体の提出済み" onOpen={() => o('提出済み', t.submitted.nodeIds)} />
                        </td>
                        <td className={cx(tdCls, numCls)}>
                          <CountButton strong count={t.accepted.count} label="全体の確認済み" onOpen={() => o('確認済み', t.accepted.nodeIds)} />
                        </td>
                        <td className={cx(tdCls, numCls)}>
                          <CountButton strong count={t.notYet.count} label="全体の未提出" onOpen={() => o('未提出', t.notYet.nodeIds)} />
                        </td>
                        <td className={tdCls}>
                          <PercentBar percent={t.percent} label="全体の提出率" tone={t.percent === 100 ? 'success' : 'key'} />
                        </td>
                        <td className={cx(tdCls, 'no-print')}>
                          <Link to={paths.inboxAll(code, roundId)} className="text-dns-14N-130 font-normal">
                            すべて
                          </Link>
                        </td>
                      </tr>
                    );
                  })()}
                </tfoot>
              </table>
            </div>
            <LegendNote
              items={[
                { term: '対象項目', definition: 'この照会で報告を求めている実施項目（主担当課で計上）' },
                { term: '提出済み', definition: '提出・課長承認済み・事務局確認済みの報告' },
                { term: 'うち確認済み', definition: '事務局が確認した報告' },
                { term: '未提出', definition: '未着手・作成中・差戻しの報告' },
                { term: '提出率', definition: '提出済み÷対象項目（小数点以下切り捨て）' },
              ]}
            >
              {completion.data.coOwners
                ? '関係課の分も計上しているため、担当課の行の合計は全体の件数より多くなります。'
                : '各項目は主担当課の行だけに計上しています。'}
            </LegendNote>
          </>
        )}
      </Section>

      {/* ───── 取組状況 ───── */}
      <Section
        id="status"
        title="取組状況の集計"
        testId="status"
        actions={
          <>
            <label className="flex items-center gap-2 text-dns-14N-130">
              数える回答
              <select className={selectSmCls} value={p.basis} onChange={(e) => p.set('basis', e.target.value === 'submitted' ? null : e.target.value)}>
                {BASES.map((b) => (
                  <option key={b.value} value={b.value}>
                    {b.label}
                  </option>
                ))}
              </select>
            </label>
            {hasAchievement && (
              <label className="flex items-center gap-2 text-dns-14N-130">
                凡例
                <select className={selectSmCls} value={p.axis} onChange={(e) => p.set('axis', e.target.value === 'status' ? null : e.target.value)}>
                  <option value="status">{legendsRes.data?.status.name ?? '進捗状況'}</option>
                  <option value="achievement">{legendsRes.data?.achievement?.name ?? '達成度'}</option>
                </select>
              </label>
            )}
          </>
        }
      >
        <div className="mt-2 flex flex-wrap items-end justify-between gap-2">
          <h3 className="text-std-16B-170">
            {byGroup.data ? `${byGroup.data.levelName}別` : '階層別'}
          </h3>
          {depthChoices.length > 0 && (
            <label className="no-print flex items-center gap-2 text-dns-14N-130">
              集計する階層
              <select
                data-testid="depth-select"
                className={selectSmCls}
                value={String(p.depth ?? byGroup.data?.depth ?? '')}
                onChange={(e) => p.set('depth', e.target.value)}
              >
                {depthChoices.map((name, i) => (
                  <option key={i} value={i}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        {byGroup.loading && !byGroup.data && <Loading />}
        {byGroup.error && <ErrorState error={byGroup.error} onRetry={byGroup.reload} />}
        {byGroup.data && (
          <StatusTable data={byGroup.data} rowHeader={byGroup.data.levelName} title={`${byGroup.data.levelName}別の取組状況`} onOpen={open} testId="status-by-group" />
        )}

        <h3 className="mt-5 text-std-16B-170">担当課別</h3>
        {byDept.loading && !byDept.data && <Loading />}
        {byDept.error && <ErrorState error={byDept.error} onRetry={byDept.reload} />}
        {byDept.data && <StatusTable data={byDept.data} rowHeader="担当課" title="担当課別の取組状況" onOpen={open} testId="status-by-department" />}
      </Section>

      {/* ───── 増減 ───── */}
      <Section id="change" title="前回の照会との比較（増減）" testId="change">
        {!round.previousRoundId && (
          <p className="text-std-16N-170 text-solid-gray-800">
            この照会には前回の照会が設定されていないため、増減は計算できません。{staff.isOffice && round.state !== 'closed' && '照会の「変更」で前回の照会を指定できます（準備中の照会のみ）。'}
          </p>
        )}
        {change.loading && !change.data && round.previousRoundId && <Loading />}
        {change.error && <ErrorState error={change.error} onRetry={change.reload} />}
        {change.data && <ChangeBlock data={change.data} onOpen={open} />}
      </Section>

      {/* ───── ● and overdue ───── */}
      <Section id="scheduled" title={`${scheduled.data?.fiscalYear.label ?? round.targetFiscalYearLabel}に実施予定の項目（●）`} testId="scheduled">
        {scheduled.loading && !scheduled.data && <Loading />}
        {scheduled.error && <ErrorState error={scheduled.error} onRetry={scheduled.reload} />}
        {scheduled.data && (
          <ItemList
            code={code}
            planId={round.planId}
            total={scheduled.data.total}
            totalLabel={`${scheduled.data.fiscalYear.label}に実施予定の項目`}
            nodes={allNodes}
            onOpen={(spec) => open(spec, scheduled.data!.nodes)}
            reports={reports}
            columns={[
              {
                header: `${scheduled.data.fiscalYear.label}の予定`,
                cell: (id) => {
                  const r = scheduled.data!.rows.find((x) => x.nodeId === id);
                  return r ? `${r.phase.symbol ? `${r.phase.symbol} ` : ''}${r.phase.label}` : '';
                },
              },
              { header: 'この照会の回答', cell: (id) => answerText(scheduled.data!.rows.find((x) => x.nodeId === id)?.answer) },
            ]}
            ids={scheduled.data.rows.map((r) => r.nodeId)}
            empty={`${scheduled.data.fiscalYear.label}にスケジュールがある実施項目はありません。`}
            note={`計画のスケジュールで${scheduled.data.fiscalYear.label}に予定（実施・継続など）がある実施項目。回答は「${BASES.find((b) => b.value === p.basis)?.label}」。`}
          />
        )}
      </Section>

      <Section id="overdue" title="遅れている項目" testId="overdue">
        {overdue.loading && !overdue.data && <Loading />}
        {overdue.error && <ErrorState error={overdue.error} onRetry={overdue.reload} />}
        {overdue.data && (
          <ItemList
            code={code}
            planId={round.planId}
            total={overdue.data.total}
            totalLabel="遅れている項目"
            nodes={allNodes}
            onOpen={(spec) => open(spec, overdue.data!.nodes)}
            reports={reports}
            columns={[
              {
                header: '前年度までの予定',
                cell: (id) =>
                  overdue.data!.rows
                    .find((x) => x.nodeId === id)
                    ?.scheduledYears.map((y) => y.short)
                    .join('・') ?? '',
              },
              {
                header: '最新の回答',
                cell: (id) => {
                  const l = overdue.data!.rows.find((x) => x.nodeId === id)?.latest;
                  return l ? `${answerText(l)}（${l.roundLabel}）` : '回答なし';
                },
              },
            ]}
            ids={overdue.data.rows.map((r) => r.nodeId)}
            empty="遅れている項目はありません。"
            note="前年度までにスケジュールがあり、最新の回答（この照会、なければ以前の照会）が完了扱いでない項目。"
          />
        )}
      </Section>

      {/* ───── 未提出・督促 ───── */}
      <Section id="missing" title="未提出と督促" testId="missing">
        {missing.loading && !missing.data && <Loading />}
        {missing.error && <ErrorState error={missing.error} onRetry={missing.reload} />}
        {missing.data && (
          <MissingBlock
            code={code}
            round={round}
            data={missing.data}
            canRemind={staff.isOffice && round.state === 'open'}
            canOpenInbox={canOpenInbox}
            onOpen={(spec) => open(spec, missing.data!.nodes)}
          />
        )}
      </Section>

      {rows && <RowsDialog spec={rows.spec} code={code} planId={round.planId} nodes={rows.nodes} reports={reports} onClose={() => setRows(null)} />}
      {dialog?.kind === 'step' && (
        <RoundStepDialog
          code={code}
          round={round}
          step={dialog.step}
          onClose={() => setDialog(null)}
          onDone={(_r, msg) => {
            setDialog(null);
            setMessage(msg);
          }}
          onEdit={() => setDialog({ kind: 'edit' })}
        />
      )}
      {dialog?.kind === 'edit' && (
        <RoundFormDialog
          code={code}
          plans={plansRes.data?.items ?? []}
          planId={round.planId}
          editing={round}
          onClose={() => setDialog(null)}
          onSaved={(r) => {
            setDialog(null);
            setMessage(`照会「${r.label}」を保存しました。`);
          }}
        />
      )}
    </SecFrame>
  );
}

// ───────────── 増減 ─────────────

function ChangeBlock({ data, onOpen }: { data: ChangeViewDto; onOpen: Open }) {
  const o = (title: string, groups: RowsSpec['groups']) => onOpen({ title, groups }, data.nodes);
  const diff = (now: string[], before: string[]) => {
    const b = new Set(before);
    const n = new Set(now);
    return { plus: now.filter((id) => !b.has(id)), minus: before.filter((id) => !n.has(id)) };
  };
  const deltaText = (d: number) => (d > 0 ? `+${num(d)}` : d < 0 ? `−${num(-d)}` : '±0');
  const byNode = new Map(data.changed.map((c) => [c.nodeId, c]));
  return (
    <>
      <p className="mb-1 text-dns-14N-130 text-solid-gray-800">
        前回：<strong>{data.previousRound.label}</strong>（期限 {dateW(data.previousRound.deadline)}） → 今回：<strong>{data.round.label}</strong>
      </p>
      <div className={tableWrapCls}>
        <table className={cx(tableAutoCls, 'min-w-[32rem]')} data-testid="change-table">
          <caption className="sr-only">区分別の件数と増減</caption>
          <thead className={theadCls}>
            <tr>
              <th scope="col" className={thCls}>区分</th>
              <th scope="col" className={cx(thCls, 'text-right')}>前回</th>
              <th scope="col" className={cx(thCls, 'text-right')}>今回</th>
              <th scope="col" className={cx(thCls, 'text-right')}>増減</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r, i) => {
              const s = data.statuses.find((x) => x.code === r.code) ?? data.statuses[i];
              const name = s ? statusHeader(s) : (r.code ?? '未回答');
              const d = diff(r.now.nodeIds, r.before.nodeIds);
              return (
                <tr key={r.code ?? '_none'} className="hover:bg-key-50">
                  <th scope="row" className={cx(tdCls, 'text-left font-normal')}>
                    {name}
                  </th>
                  <td className={cx(tdCls, numCls)}>
                    <CountButton count={r.before.count} label={`前回の「${name}」`} onOpen={() => o(`前回の「${name}」`, [{ nodeIds: r.before.nodeIds }])} />
                  </td>
                  <td className={cx(tdCls, numCls)}>
                    <CountButton count={r.now.count} label={`今回の「${name}」`} onOpen={() => o(`今回の「${name}」`, [{ nodeIds: r.now.nodeIds }])} />
                  </td>
                  <td className={cx(tdCls, numCls, r.delta > 0 ? 'text-green-1000' : r.delta < 0 ? 'text-error-1' : '')}>
                    <button
                      type="button"
                      className="rounded-4 px-1 tabular-nums underline underline-offset-3 hover:bg-key-50"
                      aria-label={`「${name}」の増減 ${deltaText(r.delta)}件の内訳を表示`}
                      onClick={() =>
                        o(`「${name}」の増減`, [
                          { title: '今回この区分になった項目（増）', nodeIds: d.plus },
                          { title: '今回この区分でなくなった項目（減）', nodeIds: d.minus },
                        ])
                      }
                    >
                      {deltaText(r.delta)}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot className="bg-solid-gray-50 font-bold print:bg-white">
            <tr>
              <th scope="row" className={cx(tdCls, 'text-left')}>
                合計
              </th>
              <td className={cx(tdCls, numCls)}>
                <CountButton strong count={data.total.before.count} label="前回の対象" onOpen={() => o('前回の対象', [{ nodeIds: data.total.before.nodeIds }])} />
              </td>
              <td className={cx(tdCls, numCls)}>
                <CountButton strong count={data.total.now.count} label="今回の対象" onOpen={() => o('今回の対象', [{ nodeIds: data.total.now.nodeIds }])} />
              </td>
              <td className={cx(tdCls, numCls)}>
                {(() => {
                  const d = diff(data.total.now.nodeIds, data.total.before.nodeIds);
                  return (
                    <button
                      type="button"
                      className="rounded-4 px-1 tabular-nums underline underline-offset-3 hover:bg-key-50"
                      aria-label={`対象の増減 ${deltaText(data.total.delta)}件の内訳を表示`}
                      onClick={() =>
                        o('対象の増減', [
                          { title: '今回から対象になった項目', nodeIds: d.plus },
                          { title: '今回は対象でない項目', nodeIds: d.minus },
                        ])
                      }
                    >
                      {deltaText(data.total.delta)}
                    </button>
                  );
                })()}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <LegendNote items={legendItems(data.statuses, data.legend, data.basis)}>
        増減＝今回の件数－前回の件数。増減を選ぶと、その区分に入った項目と外れた項目を表示します。
      </LegendNote>

      <h3 className="mt-4 text-std-16B-170">
        区分が変わった項目（
        <CountButton
          count={data.changed.length}
          label="区分が変わった項目"
          onOpen={() =>
            onOpen(
              {
                title: '区分が変わった項目',
                groups: [{ nodeIds: data.changed.map((c) => c.nodeId) }],
                extra: {
                  header: '前回 → 今回',
                  cell: (id) => {
                    const c = byNode.get(id);
                    return c ? `${c.inBefore ? answerText(c.before) : '（前回は対象外）'} → ${c.inNow ? answerText(c.after) : '（今回は対象外）'}` : '';
                  },
                },
              },
              data.nodes,
            )
          }
        />
        件）
      </h3>
      {data.changed.length > 0 && (
        <div className={tableWrapCls}>
          <table className={tableCls} data-testid="changed-table">
            <caption className="sr-only">区分が変わった項目</caption>
            <thead className={theadCls}>
              <tr>
                <th scope="col" className={thCls}>項目</th>
                <th scope="col" className={thCls}>前回</th>
                <th scope="col" className={thCls}>今回</th>
              </tr>
            </thead>
            <tbody>
              {data.changed.map((c) => {
                const n = data.nodes.find((x) => x.id === c.nodeId);
                return (
                  <tr key={c.nodeId}>
                    <td className={tdCls}>{n ? [n.number, n.title].filter(Boolean).join(' ') : c.nodeId}</td>
                    <td className={tdCls}>{c.inBefore ? answerText(c.before) : '（対象外）'}</td>
                    <td className={tdCls}>{c.inNow ? answerText(c.after) : '（対象外）'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

// ───────────── item lists (● / overdue) ─────────────

function ItemList({
  code,
  planId,
  total,
  totalLabel,
  ids,
  nodes,
  reports,
  columns,
  onOpen,
  empty,
  note,
}: {
  code: string;
  planId: string;
  total: { count: number; nodeIds: string[] };
  totalLabel: string;
  ids: string[];
  nodes: Map<string, ViewItemDto>;
  reports: Reports | null;
  columns: { header: string; cell: (id: string) => ReactNode }[];
  onOpen: (spec: RowsSpec) => void;
  empty: string;
  note: string;
}) {
  return (
    <>
      <p className="mb-1 text-dns-16N-130">
        該当：
        <CountButton strong count={total.count} suffix="件" label={totalLabel} onOpen={() => onOpen({ title: totalLabel, groups: [{ nodeIds: total.nodeIds }] })} />
      </p>
      {ids.length === 0 ? (
        <p className="text-std-16N-170 text-solid-gray-700">{empty}</p>
      ) : (
        <div className={tableWrapCls}>
          <table className={tableCls}>
            <caption className="sr-only">{totalLabel}</caption>
            <thead className={theadCls}>
              <tr>
                <th scope="col" className={thCls}>項目</th>
                <th scope="col" className={thCls}>担当課</th>
                {columns.map((c) => (
                  <th key={c.header} scope="col" className={thCls}>
                    {c.header}
                  </th>
                ))}
                {reports && <th scope="col" className={cx(thCls, 'no-print')}>報告</th>}
              </tr>
            </thead>
            <tbody>
              {ids.map((id) => {
                const n = nodes.get(id);
                const rep = reports?.byNode.get(id);
                return (
                  <tr key={id} className="hover:bg-key-50">
                    <td className={tdCls}>
                      {n ? (
                        <Link to={paths.node(code, planId, id)}>
                          {[n.number, n.title].filter(Boolean).join(' ')}
                        </Link>
                      ) : (
                        id
                      )}
                    </td>
                    <td className={tdCls}>{n?.leadDepartment?.name ?? ''}</td>
                    {columns.map((c) => (
                      <td key={c.header} className={tdCls}>
                        {c.cell(id)}
                      </td>
                    ))}
                    {reports && (
                      <td className={cx(tdCls, 'no-print whitespace-nowrap')}>
                        {rep ? (
                          <Link to={secPaths.report(code, rep.id)} className="text-dns-14N-130">
                            {rep.stateLabel}
                          </Link>
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
      )}
      <LegendNote title="定義" items={[]}>
        {note}
      </LegendNote>
    </>
  );
}

// ───────────── 未提出・督促 ─────────────

function MissingBlock({
  code,
  round,
  data,
  canRemind,
  canOpenInbox,
  onOpen,
}: {
  code: string;
  round: RoundDto;
  data: MissingDto;
  canRemind: boolean;
  canOpenInbox: (departmentId: string) => boolean;
  onOpen: (spec: RowsSpec) => void;
}) {
  const people = new Map(data.people.map((x) => [x.userId, x]));
  const withMissing = data.departments.filter((d) => d.missing.count > 0 && d.department);
  // reports of items without a 担当課: counted in 未提出 like the rest, but no reminder can reach them
  const unreachable = data.departments.find((d) => !d.department && d.missing.count > 0)?.missing.count ?? 0;
  const [selected, setSelected] = useState<Set<string>>(() => new Set(withMissing.map((d) => d.department!.id)));
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ReminderResultDto | null>(null);
  const [error, setError] = useState<string[] | null>(null);
  const stateCell = (items: { nodeId: string; stateLabel: string }[]) => ({
    header: '報告の状態',
    cell: (id: string) => items.find((i) => i.nodeId === id)?.stateLabel ?? '',
  });

  const remind = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const all = withMissing.length > 0 && selected.size === withMissing.length;
      const body: { departmentIds?: string[]; message?: string } = {};
      if (!all) body.departmentIds = [...selected];
      if (text.trim()) body.message = text;
      const r = await secApi.remind(code, round.id, body);
      setResult(r);
      invalidateRound(code, round.planId);
    } catch (e) {
      const err = asApiError(e);
      setError(err.fields.length ? err.fields.map((f) => f.message) : [err.message]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p className="mb-2 text-dns-16N-130">
        回答期限 <strong>{dateW(data.deadline.date)}</strong>
        {round.state === 'open' ? (
          <>
            （<span className={cx(data.deadline.overdue && 'font-bold text-error-1')}>{data.deadline.text}</span>）
          </>
        ) : (
          `（${round.stateLabel}）`
        )}
        ・未提出{' '}
        <CountButton
          strong
          count={data.total.count}
          suffix="件"
          label="未提出の報告"
          onOpen={() => onOpen({ title: '未提出の報告', groups: [{ nodeIds: data.total.nodeIds }], extra: stateCell(data.departments.flatMap((d) => d.items)) })}
        />
      </p>
      <div className="grid gap-4 xl:grid-cols-2">
        <div>
          <h3 className="mb-1 text-std-16B-170">担当課別</h3>
          <div className={tableWrapCls}>
            <table className={tableCls} data-testid="missing-by-department">
              <caption className="sr-only">担当課別の未提出</caption>
              <thead className={theadCls}>
                <tr>
                  <th scope="col" className={thCls}>担当課</th>
                  <th scope="col" className={cx(thCls, 'text-right')}>未提出</th>
                  <th scope="col" className={thCls}>督促の送付先</th>
                  <th scope="col" className={cx(thCls, 'no-print')}>報告一覧</th>
                </tr>
              </thead>
              <tbody>
                {data.departments.map((d) => {
                  const name = d.department?.name ?? '担当課なし';
                  return (
                    <tr key={d.department?.id ?? '_none'} className="hover:bg-key-50">
                      <th scope="row" className={cx(tdCls, 'text-left font-normal')}>
                        {name}
                      </th>
                      <td className={cx(tdCls, numCls)}>
                        <CountButton
                          count={d.missing.count}
                          label={`${name}の未提出`}
                          className={d.missing.count ? 'text-error-1' : undefined}
                          onOpen={() => onOpen({ title: `${name}の未提出`, groups: [{ nodeIds: d.missing.nodeIds }], extra: stateCell(d.items) })}
                        />
                      </td>
                      <td className={tdCls}>
                        {!d.department ? (
                          <span className="text-error-1">送付先なし（担当課が設定されていない項目）</span>
                        ) : d.userIds.length === 0 ? (
                          <span className="text-error-1">送付先なし（報告者・承認者が未登録）</span>
                        ) : (
                          d.userIds.map((u) => people.get(u)?.name ?? '（他の課の職員）').join('、')
                        )}
                      </td>
                      <td className={cx(tdCls, 'no-print whitespace-nowrap')}>
                        {d.department && canOpenInbox(d.department.id) && (
                          <Link to={secPaths.inbox(code, round.id, d.department.id)} className="text-dns-14N-130">
                            {name}の報告
                          </Link>
                        )}
                        {/* they are only in the list of every department */}
                        {!d.department && d.missing.count > 0 && canOpenInbox('') && (
                          <Link to={paths.inboxAll(code, round.id)} className="text-dns-14N-130">
                            すべての課の報告
                          </Link>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
        <div>
          <h3 className="mb-1 text-std-16B-170">職員別{data.peopleScope === 'own_departments' && '（自分の課の職員のみ）'}</h3>
          {data.people.length === 0 ? (
            <p className="text-std-16N-170 text-solid-gray-700">督促の対象となる職員はいません。</p>
          ) : (
            <div className={tableWrapCls}>
              <table className={tableCls} data-testid="missing-by-person">
                <caption className="sr-only">職員別の未提出</caption>
                <thead className={theadCls}>
                  <tr>
                    <th scope="col" className={thCls}>氏名</th>
                    <th scope="col" className={thCls}>役割</th>
                    <th scope="col" className={thCls}>所属課</th>
                    <th scope="col" className={cx(thCls, 'text-right')}>未提出</th>
                    <th scope="col" className={thCls}>メール</th>
                  </tr>
                </thead>
                <tbody>
                  {data.people.map((x) => (
                    <tr key={x.userId} className="hover:bg-key-50">
                      <th scope="row" className={cx(tdCls, 'text-left font-normal')}>
                        {x.name}
                      </th>
                      <td className={tdCls}>{x.roleLabel}</td>
                      <td className={tdCls}>{x.departments.map((d) => d.name).join('、')}</td>
                      <td className={cx(tdCls, numCls)}>
                        <CountButton
                          count={x.missing.count}
                          label={`${x.name}の担当の未提出`}
                          onOpen={() =>
                            onOpen({ title: `${x.name}の担当の未提出`, groups: [{ nodeIds: x.missing.nodeIds }], extra: stateCell(data.departments.flatMap((d) => d.items)) })
                          }
                        />
                      </td>
                      <td className={tdCls}>{x.hasEmail ? 'あり' : <span className="text-solid-gray-700">なし（通知のみ）</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </div>
      <LegendNote
        items={[
          { term: '未提出', definition: '未着手・作成中・差戻しの報告（主担当課で計上）' },
          { term: '督促の送付先', definition: 'その課の報告者・承認者。督促するとシステム内の通知が届き、メール設定があればメールも送られます' },
        ]}
      />

      {canRemind && (
        <form
          className="no-print mt-4 rounded-8 border border-solid-gray-420 bg-solid-gray-50 px-4 py-3"
          data-testid="reminder-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void remind();
          }}
        >
          <h3 className="text-std-16B-170">督促する</h3>
          {unreachable > 0 && (
            <p className="text-std-16N-170 text-error-2" data-testid="reminder-unreachable">
              未提出のうち{num(unreachable)}件は担当課が設定されていない項目のため、督促できません。報告一覧（すべての課）から事務局が入力するか、計画で担当課を設定してください。
            </p>
          )}
          {withMissing.length === 0 ? (
            <p className="text-std-16N-170">{unreachable > 0 ? '督促できる担当課はありません。' : '未提出の報告はありません。'}</p>
          ) : (
            <>
              <fieldset className="mt-1">
                <legend className={labelCls}>送る担当課</legend>
                <div className="flex flex-wrap gap-x-5 gap-y-1">
                  {withMissing.map((d) => (
                    <label key={d.department!.id} className="flex items-center gap-2 text-dns-16N-130">
                      <input
                        type="checkbox"
                        className="size-5 accent-key-900"
                        checked={selected.has(d.department!.id)}
                        onChange={(e) => {
                          const n = new Set(selected);
                          if (e.target.checked) n.add(d.department!.id);
                          else n.delete(d.department!.id);
                          setSelected(n);
                        }}
                      />
                      {d.department!.name}（{num(d.missing.count)}件）
                    </label>
                  ))}
                </div>
              </fieldset>
              <div className="mt-3">
                <label htmlFor="remind-message" className={labelCls}>
                  添える文（任意）
                </label>
                <textarea
                  id="remind-message"
                  className={cx(inputCls, 'min-h-20')}
                  value={text}
                  maxLength={2000}
                  onChange={(e) => setText(e.target.value)}
                  aria-describedby="remind-message-hint"
                  aria-invalid={error ? true : undefined}
                  placeholder="例：12月18日（金）までに提出をお願いします。"
                />
                <p id="remind-message-hint" className={hintCls}>
                  1,000文字以内。通知とメールの本文に添えられます。
                </p>
                <FieldErrorText id="remind-message" messages={error ?? undefined} />
              </div>
              <Button type="submit" variant="primary" className="mt-3" disabled={busy || selected.size === 0}>
                {busy ? '送っています…' : `督促する（${num(selected.size)}課）`}
              </Button>
            </>
          )}
          <div aria-live="polite">
            {result && (
              <div role="status" data-testid="reminder-result" className="mt-3 rounded-8 border-2 border-success-1 bg-green-50 px-4 py-3 text-std-16N-170">
                <p className="font-bold text-success-2">
                  督促しました：通知 {num(result.notified.length)}件
                  {result.emailEnabled ? `・メール ${num(result.emailsQueued)}件（送信待ち）` : '（メール送信は設定されていないため、通知のみ）'}
                </p>
                {result.notified.length > 0 && <p>通知した職員：{result.notified.map((n) => `${n.name}（${num(n.missing.count)}件）`).join('、')}</p>}
                {result.departmentsWithoutPeople.length > 0 && (
                  <p className="text-error-1">
                    報告者・承認者が登録されていないため送れなかった課：{result.departmentsWithoutPeople.map((d) => d.name).join('、')}（「利用者」で登録してください）
                  </p>
                )}
              </div>
            )}
          </div>
        </form>
      )}
    </>
  );
}
