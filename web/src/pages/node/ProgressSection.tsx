/** @jsxImportSource react */
/**
 * 進捗の履歴 (GET /plans/:planId/nodes/:nodeId/progress): one column per fiscal
 * year of the plan with the status symbol of the year's latest counted
 * answer, as in the printed 実施計画; below, every answer of every round
 * (newest first) with who wrote it and when.
 */
import { ErrorState, Loading, cx } from '../../components/ui';
import { apiPaths, type AnswerRefDto, type NodeProgressDto, type PastAnswerDto, type PlanDto } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/format';
import { EFFECT_KIND_LABELS, STATE_SHORT, actorName, formatHours, formatYen } from '../../lib/pdca';
import { Link, paths } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { ReportStateBadge } from '../../components/pdca';

function AnswerMark({ answer }: { answer: AnswerRefDto | null }) {
  if (!answer)
    return (
      <>
        <span aria-hidden="true" className="text-solid-gray-420">
          ―
        </span>
        <span className="sr-only">回答なし</span>
      </>
    );
  return (
    <span title={`${answer.label}（${answer.roundLabel}）`}>
      <span className={cx('text-dns-16B-120', answer.done ? 'text-green-1000' : 'text-solid-gray-900')}>{answer.symbol}</span>
      {answer.symbol !== answer.label && <span className="sr-only">（{answer.label}）</span>}
    </span>
  );
}

function answerLine(a: PastAnswerDto): string[] {
  const out: string[] = [];
  if (a.effectRevenueYen !== null) out.push(`歳入増 ${formatYen(a.effectRevenueYen)}円`);
  if (a.effectExpenseYen !== null) out.push(`歳出減 ${formatYen(a.effectExpenseYen)}円`);
  if (a.effectKind && a.effectKind in EFFECT_KIND_LABELS) out.push(EFFECT_KIND_LABELS[a.effectKind as keyof typeof EFFECT_KIND_LABELS]);
  if (a.hoursSavedTenths !== null) out.push(`削減時間 ${formatHours(a.hoursSavedTenths)}時間`);
  for (const [k, v] of Object.entries(a.numbers)) out.push(`${k} ${v}`);
  return out;
}

/** The workflow steps of an answer (imported history has no label of its own and is left out). */
function steps(a: PastAnswerDto): string[] {
  return a.events.filter((e) => e.actionLabel && e.actionLabel !== e.action).map((e) => `${e.actionLabel} ${actorName(e.actor)}`);
}

export function ProgressSection({ code, planId, nodeId, plan }: { code: string; planId: string; nodeId: string; plan: PlanDto }) {
  const res = useApi<NodeProgressDto>(apiPaths.progress(code, planId, nodeId));
  const data = res.data;
  const hasAchievement = !!data?.fiscalYears.some((y) => y.achievement);
  const statusLegend = data?.legends.find((l) => l.axis === 'status');

  return (
    <section aria-labelledby="np-progress-h" className="mt-4 rounded-8 border border-solid-gray-200 bg-white" data-testid="progress-history">
      <h2 id="np-progress-h" className="border-b border-solid-gray-200 bg-solid-gray-50 px-4 py-2 text-std-17B-170">
        進捗の履歴
      </h2>
      <div className="px-4 py-3">
        {res.error && !data ? (
          <ErrorState error={res.error} title="進捗の履歴を読み込めませんでした。" onRetry={res.reload} />
        ) : !data ? (
          <Loading />
        ) : (
          <>
            <div className="overflow-x-auto">
              <table className="border-collapse text-center text-dns-14N-130" data-testid="progress-years">
                <caption className="sr-only">年度別の進捗状況</caption>
                <thead>
                  <tr>
                    <th scope="col" className="border border-solid-gray-420 bg-solid-gray-50 px-3 py-1.5 text-left text-dns-14B-130">
                      <span className="sr-only">区分</span>
                    </th>
                    {data.fiscalYears.map((y) => (
                      <th key={y.year} scope="col" className="border border-solid-gray-420 bg-solid-gray-50 px-3 py-1.5 text-dns-14B-130" title={y.label}>
                        <abbr title={y.label} className="no-underline">
                          {y.short}
                        </abbr>
                        <span className="block text-[0.75rem] font-normal text-solid-gray-700">{y.label}</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th scope="row" className="border border-solid-gray-420 bg-solid-gray-50 px-3 py-1.5 text-left text-dns-14B-130 whitespace-nowrap">
                      予定
                    </th>
                    {data.fiscalYears.map((y) => {
                      const p = plan.phases.find((x) => x.code === y.phase);
                      return (
                        <td key={y.year} className="min-w-20 border border-solid-gray-420 px-3 py-1.5">
                          {y.phase ? (p?.symbol ?? p?.label ?? y.phase) : <span className="text-solid-gray-420">―</span>}
                        </td>
                      );
                    })}
                  </tr>
                  <tr>
                    <th scope="row" className="border border-solid-gray-420 bg-solid-gray-50 px-3 py-1.5 text-left text-dns-14B-130 whitespace-nowrap">
                      {statusLegend?.name ?? '進捗状況'}
                    </th>
                    {data.fiscalYears.map((y) => (
                      <td key={y.year} className={cx('min-w-20 border border-solid-gray-420 px-3 py-1.5', y.provisional && 'bg-yellow-50')}>
                        <AnswerMark answer={y.status} />
                        {y.provisional && y.status && <span className="block text-[0.75rem] text-yellow-1200">照会中</span>}
                      </td>
                    ))}
                  </tr>
                  {hasAchievement && (
                    <tr>
                      <th scope="row" className="border border-solid-gray-420 bg-solid-gray-50 px-3 py-1.5 text-left text-dns-14B-130 whitespace-nowrap">
                        {data.legends.find((l) => l.axis === 'achievement')?.name ?? '達成度'}
                      </th>
                      {data.fiscalYears.map((y) => (
                        <td key={y.year} className={cx('min-w-20 border border-solid-gray-420 px-3 py-1.5', y.provisional && 'bg-yellow-50')}>
                          <AnswerMark answer={y.achievement} />
                        </td>
                      ))}
                    </tr>
                  )}
                </tbody>
              </table>
            </div>
            {data.legends.map((l) => (
              <p key={l.axis} className="mt-2 text-dns-14N-130 text-solid-gray-800">
                <span className="font-bold">凡例（{l.name}）</span>{' '}
                {l.values.map((v) => `${v.symbol}${v.symbol !== v.label ? ` ${v.label}` : ''}：${v.definition}`).join('　')}
              </p>
            ))}
            <p className="mt-1 text-dns-14N-130 text-solid-gray-700">
              年度ごとに、提出済みの最新の回答を表示しています。「照会中」は締切り前の回答です。
            </p>

            <h3 className="mt-4 text-std-16B-170">これまでの回答（{data.answers.length}件）</h3>
            {data.answers.length === 0 ? (
              <p className="text-std-16N-170 text-solid-gray-700">まだ回答はありません。</p>
            ) : (
              <ol className="mt-2 grid gap-3" data-testid="progress-answers">
                {data.answers.map((a) => {
                  const extra = answerLine(a);
                  return (
                    <li key={a.reportId} className="rounded-8 border border-solid-gray-200 px-3 py-2">
                      <div className="flex flex-wrap items-center gap-2">
                        <span className="text-dns-16B-130">{a.round.label}</span>
                        <span className="text-dns-14N-130 text-solid-gray-700">（{formatDate(a.round.asOfDate)}時点）</span>
                        <ReportStateBadge state={a.state} />
                        {a.status && (
                          <span className="text-dns-14B-130">
                            {statusLegend?.name ?? '進捗'}：{a.status.symbol}
                            {a.status.symbol !== a.status.label && ` ${a.status.label}`}
                          </span>
                        )}
                        {a.achievement && (
                          <span className="text-dns-14B-130">
                            達成度：{a.achievement.symbol}
                            {a.achievement.symbol !== a.achievement.label && ` ${a.achievement.label}`}
                          </span>
                        )}
                        <Link to={paths.report(code, a.reportId)} className="ml-auto text-dns-14N-130" aria-label={`${a.round.label}の報告を開く`}>
                          報告を開く
                        </Link>
                      </div>
                      {a.narrative && <p className="mt-1 whitespace-pre-line text-std-16N-170">{a.narrative}</p>}
                      {a.issues && (
                        <p className="mt-1 whitespace-pre-line text-dns-14N-130">
                          <span className="font-bold">課題：</span>
                          {a.issues}
                        </p>
                      )}
                      {a.nextPlan && (
                        <p className="mt-1 whitespace-pre-line text-dns-14N-130">
                          <span className="font-bold">今後の取組：</span>
                          {a.nextPlan}
                        </p>
                      )}
                      {extra.length > 0 && <p className="mt-1 text-dns-14N-130">{extra.join('　')}</p>}
                      {a.returnComment && a.state === 'returned' && (
                        <p className="mt-1 text-dns-14N-130 text-error-2">差戻しの理由：{a.returnComment}</p>
                      )}
                      <p className="mt-1 text-[0.75rem] leading-[1.4] text-solid-gray-700">
                        {actorName(a.updatedBy)}　更新 {formatDateTime(a.updatedAt)}
                        {a.submittedAt && `　提出 ${formatDateTime(a.submittedAt)}`}
                        {steps(a).length > 0 && `　（${steps(a).join(' → ')}）`}
                        <span className="sr-only">状態：{STATE_SHORT[a.state]}</span>
                      </p>
                    </li>
                  );
                })}
              </ol>
            )}
          </>
        )}
      </div>
    </section>
  );
}
