/** @jsxImportSource react */
/**
 * 照会の一覧: every round of the municipality across its plans (行政改革大綱, DX推進計画 …),
 * newest first, filtered by state (several), plan and target fiscal year. The filters live
 * in the query string (?state=open&state=closed&plan=&fy=) so a filtered list can be
 * bookmarked; creating and running rounds stays on the per-plan page.
 */
import { tableCls, tableWrapCls, tdCls, thCls, theadCls } from '../../components/secretariat-ui';
import { fieldsetCls, legendCls } from '../../components/form';
import { Button, ErrorState, Loading, cx } from '../../components/ui';
import { Link, navigate, useLocation } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import type { MunicipalityRoundDto, MunicipalityRoundListDto, RoundStateDto } from '../../../../src/shared/api-types-pdca.js';
import { ROUND_STATE_LABELS } from './domain';
import { SecFrame } from './frame';
import { dateW, num, secApiPaths, secPaths, selectSmCls } from './lib';
import { RoundStateBadge } from './roundForms';
import { SubmissionProgress } from './SubmissionProgress';

const STATES = Object.keys(ROUND_STATE_LABELS) as RoundStateDto[];

interface ListFilter {
  states: RoundStateDto[];
  plan: string;
  fy: string;
}

function readFilter(search: string): ListFilter {
  const q = new URLSearchParams(search);
  const asked = new Set(q.getAll('state').flatMap((v) => v.split(',')));
  const fy = q.get('fy') ?? '';
  return { states: STATES.filter((s) => asked.has(s)), plan: q.get('plan') ?? '', fy: /^\d{4}$/.test(fy) ? fy : '' };
}

function screenQuery(f: ListFilter): string {
  const q = new URLSearchParams();
  for (const s of f.states) q.append('state', s);
  if (f.plan) q.set('plan', f.plan);
  if (f.fy) q.set('fy', f.fy);
  return q.toString();
}

function apiQuery(f: ListFilter): string {
  const q = new URLSearchParams();
  for (const s of f.states) q.append('state', s);
  if (f.plan) q.set('planId', f.plan);
  if (f.fy) q.set('fiscalYear', f.fy);
  return q.toString();
}

/** 回答期限 with the days left while the round is not closed (a closed round's deadline is history). */
function DeadlineCell({ r }: { r: MunicipalityRoundDto }) {
  const d = r.deadlineStatus;
  const urgent = d.daysLeft <= 3;
  return (
    <>
      <time dateTime={r.deadline}>{dateW(r.deadline)}</time>
      {r.state !== 'closed' && (
        <span
          className={cx('ml-1 whitespace-nowrap text-dns-14B-130', d.overdue ? 'text-error-1' : urgent ? 'text-orange-1100' : 'text-solid-gray-800')}
          data-testid="round-days-left"
        >
          （{d.text}）
        </span>
      )}
    </>
  );
}

function ProgressCell({ r }: { r: MunicipalityRoundDto }) {
  if (r.state === 'draft') return <span className="text-solid-gray-700">開始前（報告はまだありません）</span>;
  return <SubmissionProgress counts={r.counts} label={`${r.plan.title}「${r.label}」の提出率`} />;
}

export function RoundListPage({ code }: { code: string }) {
  const { search } = useLocation();
  const filter = readFilter(search);
  const res = useApi<MunicipalityRoundListDto>(secApiPaths.roundList(code, apiQuery(filter)), { keepPrevious: true });
  const data = res.data;
  const filtered = filter.states.length > 0 || !!filter.plan || !!filter.fy;
  const go = (patch: Partial<ListFilter>) => navigate(secPaths.roundList(code, screenQuery({ ...filter, ...patch })), { replace: true, keepScroll: true });
  const toggleState = (s: RoundStateDto, on: boolean) => go({ states: on ? [...filter.states, s] : filter.states.filter((x) => x !== s) });
  const items = data?.items ?? [];

  return (
    <SecFrame
      code={code}
      section="rounds"
      crumbs={[{ label: '照会', to: secPaths.rounds(code) }, { label: '照会の一覧' }]}
      title="照会の一覧"
      docTitle="照会の一覧"
      lead="この団体のすべての計画の照会を、基準日の新しい順に表示します。照会名を選ぶと提出状況と集計を表示します。照会の作成・開始・締切りは「計画ごとの照会」で行います。"
    >
      <div className="no-print mt-3 flex flex-wrap items-end gap-4" role="group" aria-label="絞込み" data-testid="round-list-filters">
        <fieldset className={cx(fieldsetCls, 'py-1')}>
          <legend className={cx(legendCls, 'text-dns-14B-130')}>状態（複数選択可）</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {STATES.map((s) => (
              <label key={s} className="flex items-center gap-2 text-dns-14N-130">
                <input type="checkbox" className="size-5 accent-key-900" checked={filter.states.includes(s)} onChange={(e) => toggleState(s, e.target.checked)} />
                {ROUND_STATE_LABELS[s]}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="text-dns-14N-130">
          <span className="block font-bold">計画</span>
          <select className={cx(selectSmCls, 'max-w-96')} value={filter.plan} onChange={(e) => go({ plan: e.target.value })}>
            <option value="">すべての計画</option>
            {(data?.choices.plans ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
        <label className="text-dns-14N-130">
          <span className="block font-bold">対象年度</span>
          <select className={selectSmCls} value={filter.fy} onChange={(e) => go({ fy: e.target.value })}>
            <option value="">すべての年度</option>
            {(data?.choices.fiscalYears ?? []).map((y) => (
              <option key={y.year} value={String(y.year)}>
                {y.label}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <Button size="sm" className="mb-1" onClick={() => go({ states: [], plan: '', fy: '' })}>
            条件を解除
          </Button>
        )}
      </div>

      <p aria-live="polite" className="mt-3 text-dns-14N-130 text-solid-gray-800">
        {data ? `${num(items.length)}件の照会${filtered ? '（絞込み中）' : ''}` : ''}
      </p>
      {res.loading && !data && <Loading />}
      {res.error && <ErrorState error={res.error} onRetry={res.reload} />}
      {data && items.length === 0 && (
        <p className="mt-2 text-std-16N-170" data-testid="round-list-empty">
          {filtered ? (
            '条件に合う照会はありません。条件を変えるか、「条件を解除」を押してください。'
          ) : (
            <>
              この団体の照会はまだありません。<Link to={secPaths.rounds(code)}>計画ごとの照会</Link>から作成してください。
            </>
          )}
        </p>
      )}
      {items.length > 0 && (
        <div className={cx('mt-2', tableWrapCls, res.stale && 'opacity-60')}>
          <table className={tableCls} data-testid="round-list-table">
            <caption className="mb-1 text-left text-dns-14N-130 text-solid-gray-800">
              照会の一覧（すべての計画、基準日の新しい順。{dateW(data!.today)}現在）
            </caption>
            <thead className={theadCls}>
              <tr>
                <th scope="col" className={thCls}>計画</th>
                <th scope="col" className={thCls}>照会名</th>
                <th scope="col" className={thCls}>対象年度</th>
                <th scope="col" className={thCls}>基準日</th>
                <th scope="col" className={thCls}>回答期限（残り日数）</th>
                <th scope="col" className={thCls}>状態</th>
                <th scope="col" className={cx(thCls, 'min-w-64')}>提出状況（提出済／全件）</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} data-testid="round-list-row" data-state={r.state} data-plan={r.plan.id} className="hover:bg-key-50">
                  <td className={tdCls}>{r.plan.title}</td>
                  <th scope="row" className={cx(tdCls, 'text-left font-normal')}>
                    <Link to={secPaths.round(code, r.id)} className="text-dns-16B-130">
                      {r.label}
                    </Link>
                  </th>
                  <td className={cx(tdCls, 'whitespace-nowrap')}>{r.targetFiscalYearLabel}</td>
                  <td className={cx(tdCls, 'whitespace-nowrap')}>
                    <time dateTime={r.asOfDate}>{dateW(r.asOfDate)}</time>
                  </td>
                  <td className={tdCls}>
                    <DeadlineCell r={r} />
                  </td>
                  <td className={tdCls}>
                    <RoundStateBadge round={r} />
                  </td>
                  <td className={tdCls}>
                    <ProgressCell r={r} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="mt-4 text-dns-14N-130 text-solid-gray-800">
        <span className="font-bold">状態</span>：準備中＝作成済みで未開始／照会中＝担当課が回答できる／締切済み＝担当課は回答を変更できない（公表するまでは課長の承認と事務局の確認ができます。市民向けページに載せるのは「公表」画面から。事務局が再開できます）。
        <span className="ml-2 font-bold">提出済</span>：担当課が提出した報告（課長承認待ち・課長承認済み・事務局確認済み）。<span className="font-bold">未提出</span>：未着手・作成中・差戻し。
        <span className="ml-2 font-bold">残り日数</span>：回答期限までの日数（日本時間の今日から）。
      </p>
    </SecFrame>
  );
}
