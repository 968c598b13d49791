/** @jsxImportSource react */
import { Fragment, useMemo } from 'react';
import { ErrorState, Loading, PriorityBadge, StatusBadge, cx } from '../../components/ui';
import { apiPaths, type PhaseDto, type RoadmapDto, type RoadmapRowDto } from '../../lib/api';
import { hasNarrowingFilter, type Filters } from '../../lib/filters';
import { numbered } from '../../lib/format';
import { Link, paths } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { AsOfNotice, type PlanContext } from './context';

/** Background per phase, by its position in the plan's vocabulary (検討, 実施, 継続 …). */
const PHASE_TONES = [
  'bg-yellow-50 text-yellow-1200',
  'bg-key-100 text-key-1100',
  'bg-green-50 text-green-1100',
  'bg-purple-50 text-purple-1100',
  'bg-orange-50 text-orange-1100',
  'bg-cyan-50 text-cyan-1100',
  'bg-magenta-50 text-magenta-1100',
  'bg-lime-50 text-lime-1100',
];

export function roadmapParams(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.dept) p.set('department', f.dept);
  if (f.tag) p.set('tag', f.tag);
  if (f.priority) p.set('priority', 'true');
  if (f.level !== '') p.set('depth', f.level);
  if (f.q.trim()) p.set('q', f.q.trim());
  if (f.asOf) p.set('asOf', f.asOf);
  return p;
}

export function PhaseCell({ code, phases }: { code: string | undefined; phases: PhaseDto[] }) {
  if (!code) return <span className="sr-only">なし</span>;
  const idx = phases.findIndex((p) => p.code === code);
  const phase = phases[idx];
  if (!phase) return <span>{code}</span>;
  return phase.symbol ? (
    <>
      <span aria-hidden="true" className="text-dns-16B-120">
        {phase.symbol}
      </span>
      <span className="sr-only">{phase.label}</span>
    </>
  ) : (
    <span>{phase.label}</span>
  );
}

/** Printed continuation marks (→ 継続) get a light tone; other phases one colour each. */
function toneAt(phases: PhaseDto[], idx: number): string {
  const p = phases[idx];
  if (!p) return 'bg-solid-gray-50';
  if (p.symbol) return 'bg-key-50 text-key-1000';
  const plain = phases.slice(0, idx).filter((x) => !x.symbol).length;
  return PHASE_TONES[plain % PHASE_TONES.length]!;
}

export function phaseTone(code: string | undefined, phases: PhaseDto[]): string {
  if (!code) return '';
  return toneAt(phases, phases.findIndex((p) => p.code === code));
}

function pathKey(r: RoadmapRowDto): string {
  return r.path.map((p) => p.id).join('/');
}

export function RoadmapTab({ ctx }: { ctx: PlanContext }) {
  const { filters, plan } = ctx;
  const params = roadmapParams(filters);
  const res = useApi<RoadmapDto>(apiPaths.roadmap(ctx.code, ctx.planId, params), { keepPrevious: true });
  const data = res.data;
  const years = data?.fiscalYears ?? plan.fiscalYears;
  const phases = data?.plan.phases ?? plan.phases;
  const search = window.location.search;
  const narrowing = hasNarrowingFilter(filters);
  const colCount = 3 + years.length;

  const rows = useMemo(() => {
    const out: { row: RoadmapRowDto; groupStart: boolean }[] = [];
    let last = '';
    for (const row of data?.rows ?? []) {
      const k = pathKey(row);
      out.push({ row, groupStart: k !== last });
      last = k;
    }
    return out;
  }, [data]);

  const resultLabel = data ? (narrowing ? `該当 ${data.rows.length} 件／全 ${data.total} 件` : `全 ${data.total} 件`) : undefined;

  return (
    <>
      {ctx.filterBar(resultLabel, 'exact')}
      <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-dns-14N-130 text-solid-gray-800">
        <span className="text-dns-14B-130">凡例：</span>
        {phases.map((p, i) => (
          <span key={p.code} className="flex items-center gap-1">
            <span
              aria-hidden="true"
              className={cx('inline-flex h-5 min-w-8 items-center justify-center rounded-4 px-1 text-[0.75rem]', toneAt(phases, i))}
            >
              {p.symbol ?? p.label}
            </span>
            {p.label}
          </span>
        ))}
      </div>
      <div className="mt-2">
        {res.error && <ErrorState error={res.error} title="ロードマップを読み込めませんでした。" onRetry={res.reload} />}
        {!data && !res.error && <Loading />}
        {data && (
          <>
            <AsOfNotice asOf={filters.asOf} />
            {data.rows.length === 0 ? (
              <p className="py-6 text-std-16N-170">
                {narrowing ? '条件に一致する実施項目はありません。' : 'スケジュールを管理する実施項目はまだありません。'}
              </p>
            ) : (
              <div
                role="region"
                aria-label="ロードマップ（横・縦にスクロールできます）"
                tabIndex={0}
                aria-busy={res.loading}
                className={cx(
                  'max-h-[calc(100vh-14rem)] overflow-auto rounded-8 border border-solid-gray-420 bg-white print:max-h-none',
                  res.loading && 'opacity-60',
                )}
              >
                <table className="w-full min-w-[56rem] border-separate border-spacing-0 text-left text-dns-14N-130" data-testid="roadmap-table">
                  <caption className="sr-only">
                    {plan.title}のロードマップ：行は実施項目、列は年度ごとの取組段階
                  </caption>
                  <thead>
                    <tr className="text-dns-14B-130 text-solid-gray-900">
                      <th scope="col" className="sticky top-0 z-10 w-20 border-b-2 border-key-900 bg-solid-gray-50 px-2 py-2">
                        整理番号
                      </th>
                      <th scope="col" className="sticky top-0 z-10 border-b-2 border-key-900 bg-solid-gray-50 px-2 py-2">
                        {plan.levelNames[plan.levelNames.length - 1] ?? '実施項目'}
                      </th>
                      <th scope="col" className="sticky top-0 z-10 w-44 border-b-2 border-key-900 bg-solid-gray-50 px-2 py-2">
                        担当課
                      </th>
                      {years.map((y) => (
                        <th
                          key={y.year}
                          scope="col"
                          className="sticky top-0 z-10 w-24 min-w-24 whitespace-nowrap border-b-2 border-l border-key-900 border-l-solid-gray-200 bg-solid-gray-50 px-1 py-2 text-center"
                        >
                          <abbr title={`${y.label}（${y.year}年度）`} className="no-underline">
                            {y.label}
                          </abbr>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map(({ row, groupStart }) => {
                      const inactive = row.status !== 'active';
                      return (
                        <Fragment key={row.id}>
                          {groupStart && row.path.length > 0 && (
                            <tr>
                              <th
                                scope="colgroup"
                                colSpan={colCount}
                                className="border-b border-solid-gray-200 bg-key-50 px-2 py-1 text-dns-14B-130 text-key-1100"
                              >
                                {row.path.map((p, i) => (
                                  <span key={p.id}>
                                    {i > 0 && <span aria-hidden="true" className="px-1 text-solid-gray-536">›</span>}
                                    <span className="sr-only">{p.levelName}：</span>
                                    {numbered(p.number, p.title)}
                                  </span>
                                ))}
                              </th>
                            </tr>
                          )}
                          <tr className={cx('hover:bg-solid-gray-50', inactive && 'text-solid-gray-700')} data-testid="roadmap-row">
                            <td className="border-b border-solid-gray-200 px-2 py-1.5 align-top text-dns-14B-130 text-key-1000 whitespace-nowrap">
                              {row.number}
                            </td>
                            <th scope="row" className="border-b border-solid-gray-200 px-2 py-1.5 text-left align-top font-normal">
                              <Link
                                to={paths.node(ctx.code, ctx.planId, row.id, search)}
                                className={cx(inactive && 'line-through')}
                              >
                                {row.title}
                              </Link>
                              {(row.priority || inactive) && (
                                <span className="ml-1 inline-flex gap-1 align-middle">
                                  {row.priority && <PriorityBadge small />}
                                  <StatusBadge status={row.status} small />
                                </span>
                              )}
                            </th>
                            <td className="border-b border-solid-gray-200 px-2 py-1.5 align-top">
                              {row.departments.map((d) => (
                                <span key={d.id} className={cx('block', d.lead && row.departments.length > 1 && 'font-bold')}>
                                  {d.name}
                                  {d.lead && row.departments.length > 1 && <span className="sr-only">（主担当）</span>}
                                </span>
                              ))}
                            </td>
                            {years.map((y) => {
                              const code = row.schedule[String(y.year)];
                              return (
                                <td
                                  key={y.year}
                                  className={cx(
                                    'border-b border-l border-solid-gray-200 px-1 py-1.5 text-center align-middle',
                                    phaseTone(code, phases),
                                  )}
                                >
                                  <PhaseCell code={code} phases={phases} />
                                </td>
                              );
                            })}
                          </tr>
                        </Fragment>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </div>
    </>
  );
}
