/** @jsxImportSource react */
/**
 * 照会（進捗状況の調査）の一覧: per plan, newest first, with state, deadline and
 * how many reports have been submitted; create, change, open, close, reopen.
 */
import { useState } from 'react';
import { Section, tableCls, tableWrapCls, tdCls, thCls, theadCls } from '../../components/secretariat-ui';
import { Button, ErrorState, Loading, SuccessMessage, cx } from '../../components/ui';
import { selectCls } from '../../components/form';
import { apiPaths, type PlanSummaryDto } from '../../lib/api';
import { daysBetween, todayIso } from '../../lib/format';
import { Link, navigate, paths } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import type { RoundDto, RoundListDto } from '../../../../src/shared/api-types-pdca.js';
import { SecFrame } from './frame';
import { dateW, secApiPaths, secPaths, useStaff } from './lib';
import { RoundFormDialog, RoundStateBadge, RoundStepButtons, RoundStepDialog, type RoundStep } from './roundForms';
import { SubmissionProgress } from './SubmissionProgress';

function daysText(deadline: string, today: string): { text: string; overdue: boolean } {
  const d = daysBetween(today, deadline);
  if (d === 0) return { text: '本日締切', overdue: false };
  return d > 0 ? { text: `あと${d}日`, overdue: false } : { text: `${-d}日超過`, overdue: true };
}

type DialogState =
  | { kind: 'form'; planId: string | null; editing: RoundDto | null }
  | { kind: 'step'; round: RoundDto; step: RoundStep }
  | null;

function PlanRounds({
  code,
  plan,
  isOffice,
  onDialog,
}: {
  code: string;
  plan: PlanSummaryDto;
  isOffice: boolean;
  onDialog: (d: DialogState) => void;
}) {
  const res = useApi<RoundListDto>(secApiPaths.planRounds(code, plan.id));
  const today = todayIso();
  const items = res.data?.items ?? [];
  return (
    <Section
      id={`plan-${plan.id}`}
      testId="plan-rounds"
      title={
        <>
          {plan.title}
          <span className="ml-2 text-dns-14N-130 text-solid-gray-700">{plan.periodLabel}</span>
        </>
      }
      actions={
        <>
          <Link to={secPaths.legends(code, plan.id)} className="text-dns-14N-130">
            凡例の設定
          </Link>
          {isOffice && (
            <Button size="sm" onClick={() => onDialog({ kind: 'form', planId: plan.id, editing: null })}>
              ＋ この計画の照会を作成
            </Button>
          )}
        </>
      }
    >
      {res.loading && !res.data && <Loading />}
      {res.error && <ErrorState error={res.error} onRetry={res.reload} />}
      {res.data && items.length === 0 && <p className="py-2 text-std-16N-170 text-solid-gray-700">この計画の照会はまだありません。</p>}
      {items.length > 0 && (
        <div className={tableWrapCls}>
          <table className={tableCls} data-testid="round-list">
            <caption className="sr-only">{plan.title}の照会（新しい順）</caption>
            <thead className={theadCls}>
              <tr>
                <th scope="col" className={thCls}>照会名</th>
                <th scope="col" className={thCls}>対象年度</th>
                <th scope="col" className={thCls}>基準日</th>
                <th scope="col" className={thCls}>回答期限</th>
                <th scope="col" className={thCls}>状態</th>
                <th scope="col" className={cx(thCls, 'min-w-64')}>提出状況（提出済み／対象）</th>
                <th scope="col" className={thCls}>前回の照会</th>
                {isOffice && (
                  <th scope="col" className={cx(thCls, 'no-print')}>
                    操作
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((r) => {
                const left = r.state === 'open' ? daysText(r.deadline, today) : null;
                return (
                  <tr key={r.id} data-testid="round-row" data-state={r.state} className="hover:bg-key-50">
                    <td className={tdCls}>
                      <Link to={secPaths.round(code, r.id)} className="text-dns-16B-130">
                        {r.label}
                      </Link>
                    </td>
                    <td className={cx(tdCls, 'whitespace-nowrap')}>{r.targetFiscalYearLabel}</td>
                    <td className={cx(tdCls, 'whitespace-nowrap')}>{dateW(r.asOfDate)}</td>
                    <td className={cx(tdCls, 'whitespace-nowrap')}>
                      {dateW(r.deadline)}
                      {left && (
                        <span className={cx('ml-1 text-dns-14B-130', left.overdue ? 'text-error-1' : 'text-solid-gray-800')}>（{left.text}）</span>
                      )}
                    </td>
                    <td className={tdCls}>
                      <RoundStateBadge round={r} />
                    </td>
                    <td className={tdCls}>
                      {r.state === 'draft' ? (
                        <span className="text-solid-gray-700">開始前（報告はまだありません）</span>
                      ) : (
                        <SubmissionProgress counts={r.counts} label={`${r.label}の提出率`} />
                      )}
                    </td>
                    <td className={tdCls}>{r.previousRoundLabel ?? <span className="text-solid-gray-536">なし</span>}</td>
                    {isOffice && (
                      <td className={cx(tdCls, 'no-print')}>
                        <RoundStepButtons
                          round={r}
                          onStep={(step) => onDialog({ kind: 'step', round: r, step })}
                          onEdit={() => onDialog({ kind: 'form', planId: r.planId, editing: r })}
                        />
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

export function RoundsPage({ code, planFilter }: { code: string; planFilter: string | null }) {
  const staff = useStaff();
  const plansRes = useApi<{ items: PlanSummaryDto[] }>(apiPaths.plans(code));
  const [dialog, setDialog] = useState<DialogState>(null);
  const [message, setMessage] = useState<string | null>(null);
  const plans = plansRes.data?.items ?? [];
  const shown = planFilter ? plans.filter((p) => p.id === planFilter) : plans;

  return (
    <SecFrame
      code={code}
      section="rounds"
      crumbs={[{ label: '照会' }]}
      title="照会（進捗状況の調査）"
      docTitle="照会の一覧"
      actions={
        staff.isOffice && plans.length > 0 ? (
          <Button variant="primary" size="sm" onClick={() => setDialog({ kind: 'form', planId: planFilter, editing: null })}>
            ＋ 照会を作成
          </Button>
        ) : undefined
      }
      lead="計画ごとに、担当課へ取組の進捗を尋ねる「照会」を作成・開始・締切りします。照会名を選ぶと提出状況と集計を表示します。"
    >
      <div aria-live="polite">
        {message && (
          <SuccessMessage takeFocus={false} onClose={() => setMessage(null)}>
            {message}
          </SuccessMessage>
        )}
      </div>
      {plans.length > 1 && (
        <div className="no-print mt-3 flex flex-wrap items-center gap-2">
          <label htmlFor="rounds-plan" className="text-dns-16B-130">
            計画
          </label>
          <select
            id="rounds-plan"
            className={selectCls}
            value={planFilter ?? ''}
            onChange={(e) => navigate(secPaths.rounds(code, e.target.value || undefined), { replace: true })}
          >
            <option value="">すべての計画</option>
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </div>
      )}
      {plansRes.loading && !plansRes.data && <Loading />}
      {plansRes.error && <ErrorState error={plansRes.error} onRetry={plansRes.reload} />}
      {plansRes.data && plans.length === 0 && (
        <p className="mt-4 text-std-16N-170">
          計画が登録されていません。<Link to={paths.municipality(code)}>計画一覧</Link>から計画を登録してください。
        </p>
      )}
      {shown.map((p) => (
        <PlanRounds key={p.id} code={code} plan={p} isOffice={staff.isOffice} onDialog={setDialog} />
      ))}
      <p className="mt-4 text-dns-14N-130 text-solid-gray-800">
        <span className="font-bold">状態</span>：準備中＝作成済みで未開始（担当課には見えません）／照会中＝担当課が回答できる／締切済み＝担当課は回答を変更できない（公表するまでは課長の承認と事務局の確認ができます。市民向けページに載せるのは「公表」画面から。事務局が再開できます）。
        <span className="ml-2 font-bold">提出済み</span>：担当課が提出した報告（課長承認済み・事務局確認済みを含む）。
      </p>

      {dialog?.kind === 'form' && (
        <RoundFormDialog
          code={code}
          plans={plans}
          planId={dialog.planId}
          editing={dialog.editing}
          onClose={() => setDialog(null)}
          onSaved={(r, created) => {
            setDialog(null);
            setMessage(created ? `照会「${r.label}」を作成しました（準備中）。内容を確認してから「開始」してください。` : `照会「${r.label}」を保存しました。`);
          }}
        />
      )}
      {dialog?.kind === 'step' && (
        <RoundStepDialog
          code={code}
          round={dialog.round}
          step={dialog.step}
          onClose={() => setDialog(null)}
          onDone={(_r, msg) => {
            setDialog(null);
            setMessage(msg);
          }}
          onEdit={() => setDialog({ kind: 'form', planId: dialog.round.planId, editing: dialog.round })}
        />
      )}
    </SecFrame>
  );
}
