/**
 * GET /m/:code/public/plans/:planId/kpis: a plan's 数値目標・KPI as the secretariat published them
 * (publishedKpis: definitions from the latest publication, each year's actual from that year's),
 * with each KPI's evaluation (達成 / 目標年度前 / 未達成 / 未入力, kpis/domain/evaluation.ts: 未達成 only once
 * the target fiscal year has ended, judged on today's date in Japan) and the rule that gave it in words, and a chart of the actuals against the target path with its data table.
 * The preview of a KPI publication renders the same page (publicSitePreview.tsx).
 */
import { kpiChartSpec } from '../../kpis/domain/chart.js';
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { RenderedChart } from '../../../shared/charts/index.js';
import type { TenantScope } from '../../../shared/context.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { scopeOf } from '../../../shared/http/tenant.js';
import { fiscalYearLabel, todayInTokyo } from '../../fiscal/domain/index.js';
import { evaluateCourse } from '../../kpis/domain/course.js';
import { BOUND_LABELS, STATUS_LABELS, evaluateKpi, formatTenthsPercent, type Bound, type Evaluation } from '../../kpis/domain/evaluation.js';
import { formatWithUnit } from '../../kpis/domain/value.js';
import { planNodeRows } from '../../plans/db/repo.js';
import type { KpiOpenInput } from '../domain/opendataKpis.js';
import { publishedKpis, type PublishedKpiPlan } from '../queries/published.js';
import { ChartFigure, DateText, Layout, chartOrNull, page, publicPaths, type PublicMunicipality } from './publicLayout.js';
import { loadPlanPage } from './publicPlan.js';

// ───────────── words (pure) ─────────────

const figuresOf = (k: KpiOpenInput) => ({ scale: k.scale, unit: k.unit, bound: k.bound as Bound, baselineValue: k.baselineValue, targetValue: k.targetValue, targetFiscalYear: k.targetFiscalYear });
const actualsOf = (k: KpiOpenInput) => k.actuals.map((a) => ({ fiscalYear: a.fiscalYear, value: a.value }));

/** The evaluation of a KPI on its published actuals (the latest year's) on `today` (in Japan): the staff's rule. */
export const evaluationOf = (k: KpiOpenInput, today: string): Evaluation => evaluateKpi(figuresOf(k), actualsOf(k), today);

const amount = (k: KpiOpenInput, v: number) => formatWithUnit(v, k.scale, k.unit);
const boundLabel = (k: KpiOpenInput) => BOUND_LABELS[k.bound as Bound] ?? '';

/** 「95.6%以下」, or the target as written when it has no figure. */
export function targetText(k: KpiOpenInput): string {
  if (k.targetValue === null) return k.targetLabel || '—';
  return `${amount(k, k.targetValue)}${boundLabel(k)}`;
}

/**
 * The rule that produced the evaluation, in words: 「目標値 30件以上で達成。令和7年度の実績 21件は
 * 目標に届いていません。目標まであと9件です。」
 */
export function kpiRuleText(k: KpiOpenInput, today: string): string {
  const e = evaluationOf(k, today);
  if (k.targetValue === null)
    return k.targetLabel ? `目標は「${k.targetLabel}」で、数値の目標値がないため、達成・未達成は判定しません。` : '目標値が設定されていないため、達成・未達成は判定しません。';
  const parts = [`目標値 ${amount(k, k.targetValue)}${boundLabel(k)}で達成。`];
  if (e.mode === 'maintain') parts.push('基準値の時点で目標を満たしているため、その水準を保てているかで判定します。');
  if (!e.latest) {
    parts.push(`公表した実績はまだないため、評価は「${STATUS_LABELS.no_data}」です。`);
    return parts.join('');
  }
  const year = fiscalYearLabel(e.latest.fiscalYear);
  const value = amount(k, e.latest.value);
  if (e.status === 'achieved') {
    parts.push(`${year}の実績 ${value}は目標を満たしています。`);
    if (e.gap !== null && e.gap < 0) parts.push(`目標を${amount(k, -e.gap)}${k.bound === 'at_most' ? '下回って' : '上回って'}います。`);
  } else {
    parts.push(`${year}の実績 ${value}は目標に届いていません。`);
    if (e.gap !== null && e.gap > 0) parts.push(`目標まであと${amount(k, e.gap)}です。`);
  }
  if (e.progressTenths !== null && k.baselineValue !== null && k.baselineFiscalYear !== null)
    parts.push(`基準値（${fiscalYearLabel(k.baselineFiscalYear)} ${amount(k, k.baselineValue)}）から目標値までの進捗率は ${formatTenthsPercent(e.progressTenths)} です。`);
  if (e.status === 'before_target' && k.targetFiscalYear !== null)
    parts.push(`目標年度（${fiscalYearLabel(k.targetFiscalYear)}）が終わるまでは「${STATUS_LABELS.not_achieved}」とせず「${STATUS_LABELS.before_target}」としています。`);
  return parts.join('');
}

/** At a glance: 達成, 取組中 (target year not reached), 遅れ (target year reached or 維持 not kept), 未入力. */
export type Glance = 'achieved' | 'in_progress' | 'behind' | 'no_data';
export const GLANCE_LABELS: Readonly<Record<Glance, string>> = {
  achieved: '達成',
  in_progress: '目標年度前で未達成',
  behind: '遅れ（目標年度を過ぎて未達成・維持できていない）',
  no_data: '未入力（実績または目標値なし）',
};
/** the same in one or two words, for a table cell */
export const GLANCE_SHORT: Readonly<Record<Glance, string>> = { achieved: '達成', in_progress: '未達成（目標年度前）', behind: '遅れ', no_data: '未入力' };
export const GLANCE_ORDER: readonly Glance[] = ['achieved', 'in_progress', 'behind', 'no_data'];

/**
 * The glance of a KPI: its evaluation, and for one not achieved the course of its latest actual
 * (kpis/domain/course.ts; 年度目標 are not published, so only the final target judges — from its year
 * on, or every year for a 維持 target).
 */
export function glanceOf(k: KpiOpenInput, today: string): Glance {
  const e = evaluationOf(k, today);
  if (e.status === 'achieved') return 'achieved';
  if (e.status === 'no_data') return 'no_data';
  // its target year has ended short of the target
  if (e.status === 'not_achieved' && k.targetFiscalYear !== null) return 'behind';
  return evaluateCourse({ ...figuresOf(k), targetFiscalYear: k.targetFiscalYear }, actualsOf(k), []).status === 'behind' ? 'behind' : 'in_progress';
}

export function glanceCounts(kpis: readonly KpiOpenInput[], today: string): Record<Glance, number> {
  const out: Record<Glance, number> = { achieved: 0, in_progress: 0, behind: 0, no_data: 0 };
  for (const k of kpis) out[glanceOf(k, today)]++;
  return out;
}

const kpiName = (k: KpiOpenInput) => [k.number, k.name].filter(Boolean).join(' ');

/** The chart of a KPI: actuals of the published years against the path from baseline to target. */
// ───────────── the page ─────────────

export interface KpiPageProps {
  m: PublicMunicipality;
  plan: { id: string; title: string };
  data: PublishedKpiPlan | null;
  charts: ReadonlyMap<string, RenderedChart | null>;
  /** the plan's items by id, for the links to the item a KPI measures */
  items: ReadonlyMap<string, { number: string; title: string }>;
  /** the day in Japan the evaluations are made on */
  today: string;
  banner?: unknown;
}

export const GlanceList: FC<{ counts: Record<Glance, number>; label: string }> = ({ counts, label }) => (
  <ul class="counts" aria-label={label}>
    {GLANCE_ORDER.map((g) => (
      <li>
        {GLANCE_LABELS[g]}: <strong>{counts[g]}件</strong>
      </li>
    ))}
  </ul>
);

const KpiSection: FC<{ k: KpiOpenInput; m: PublicMunicipality; planId: string; chart: RenderedChart | null; item: { number: string; title: string } | undefined; publishedOn: ReadonlyMap<number, string>; today: string }> = ({
  k,
  m,
  planId,
  chart,
  item,
  publishedOn,
  today,
}) => {
  const e = evaluationOf(k, today);
  const notes = k.actuals.filter((a) => a.note);
  return (
    <section aria-labelledby={`kpi-${k.id}`} class="card">
      <h3 id={`kpi-${k.id}`}>{kpiName(k)}</h3>
      <dl class="facts">
        {k.department ? (
          <>
            <dt>担当</dt>
            <dd>{k.department}</dd>
          </>
        ) : null}
        {k.nodeId && item ? (
          <>
            <dt>関連する取組</dt>
            <dd>
              <a href={publicPaths.item(m.code, planId, k.nodeId)}>{[item.number, item.title].filter(Boolean).join(' ')}</a>
            </dd>
          </>
        ) : null}
        <dt>基準値</dt>
        <dd>
          {k.baselineValue !== null ? amount(k, k.baselineValue) : '—'}
          {k.baselineFiscalYear !== null ? `（${fiscalYearLabel(k.baselineFiscalYear)}）` : ''}
          {k.baselineNote ? <span class="desc">{k.baselineNote}</span> : null}
        </dd>
        <dt>目標値</dt>
        <dd>
          {targetText(k)}
          {k.targetFiscalYear !== null ? `（${fiscalYearLabel(k.targetFiscalYear)}）` : ''}
          {k.targetLabel && k.targetValue !== null ? <span class="desc">{k.targetLabel}</span> : null}
        </dd>
        <dt>最新の実績</dt>
        <dd>
          {e.latest ? (
            <>
              {amount(k, e.latest.value)}（{fiscalYearLabel(e.latest.fiscalYear)}、公表日 <DateText iso={publishedOn.get(e.latest.fiscalYear) ?? null} empty="—" />）
            </>
          ) : (
            'まだ公表していません'
          )}
        </dd>
        <dt>評価</dt>
        <dd>
          <strong>{STATUS_LABELS[e.status]}</strong>
        </dd>
      </dl>
      <p>{kpiRuleText(k, today)}</p>
      {chart ? (
        <ChartFigure chart={chart} caption={`${k.name || k.number}の実績と目標`} id={`chart-${k.id}`} />
      ) : k.actuals.length ? (
        <ul class="plain" aria-label={`${kpiName(k)}の実績`}>
          {k.actuals.map((a) => (
            <li>
              {fiscalYearLabel(a.fiscalYear)}: {amount(k, a.value)}
            </li>
          ))}
        </ul>
      ) : null}
      {notes.length ? (
        <ul class="plain note" aria-label={`${kpiName(k)}の実績の注記`}>
          {notes.map((a) => (
            <li>
              {fiscalYearLabel(a.fiscalYear)}の実績: {a.note}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
};

/** KPIs by category, in the published order; one group without a heading of its own when none has a category. */
function byCategory(kpis: readonly KpiOpenInput[]): { category: string; kpis: KpiOpenInput[] }[] {
  const groups = new Map<string, KpiOpenInput[]>();
  for (const k of kpis) (groups.get(k.category) ?? groups.set(k.category, []).get(k.category)!).push(k);
  return [...groups.entries()].map(([category, list]) => ({ category, kpis: list }));
}

export const KpiPage: FC<KpiPageProps> = ({ m, plan, data, charts, items, today, banner }) => {
  const kpis = data?.kpis ?? [];
  const groups = byCategory(kpis);
  return (
    <Layout title={`数値目標・KPI（${plan.title}）｜${m.name}の行政改革`} municipality={m} section="plans" banner={banner}>
      <header>
        <p class="lead">
          <a href={publicPaths.home(m.code)}>ホーム</a> ＞ <a href={publicPaths.plan(m.code, plan.id)}>{plan.title}</a>
        </p>
        <h1>数値目標・KPI</h1>
        <p>
          {plan.title}に掲げた数値目標の基準値・目標値と、{m.name}が公表した年度の実績です。評価は、公表した最新年度の実績が目標値を満たしているかで判定しています。目標値の年度が終わるまでは、満たしていない指標を「目標年度前」とし、「未達成」とはしません。
        </p>
        {data && data.years.length ? (
          <ul class="plain">
            {data.years.map((y) => (
              <li>
                {fiscalYearLabel(y)}の実績: 公表日 <DateText iso={data.publishedOn.get(y) ?? null} empty="—" />
              </li>
            ))}
          </ul>
        ) : null}
      </header>
      <main>
        {!kpis.length ? (
          <p>この計画の数値目標・KPI は、まだ公表していません。</p>
        ) : (
          <>
            {data?.corrections.length ? (
              <section aria-labelledby="corrections-heading">
                <h2 id="corrections-heading">正誤（訂正のお知らせ）</h2>
                <ul>
                  {data.corrections.map((x) => (
                    <li>
                      <DateText iso={x.publishedOn} /> {fiscalYearLabel(x.fiscalYear)}の実績（第{x.seq}版）: {x.correction}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            <section aria-labelledby="glance-heading">
              <h2 id="glance-heading">評価のまとめ（{kpis.length}件）</h2>
              <GlanceList counts={glanceCounts(kpis, today)} label="評価ごとの件数" />
              <div class="table-wrap" role="region" aria-labelledby="kpi-list-caption" tabindex={0}>
                <table>
                  <caption id="kpi-list-caption">数値目標・KPI の一覧</caption>
                  <thead>
                    <tr>
                      <th scope="col">指標</th>
                      <th scope="col">目標値</th>
                      <th scope="col">最新の実績</th>
                      <th scope="col">評価</th>
                    </tr>
                  </thead>
                  <tbody>
                    {kpis.map((k) => {
                      const e = evaluationOf(k, today);
                      return (
                        <tr>
                          <th scope="row">
                            <a href={`#kpi-${k.id}`}>{kpiName(k)}</a>
                          </th>
                          <td class="nowrap">{targetText(k)}</td>
                          <td class="nowrap">{e.latest ? `${amount(k, e.latest.value)}（${fiscalYearLabel(e.latest.fiscalYear)}）` : '—'}</td>
                          <td class="nowrap">{GLANCE_SHORT[glanceOf(k, today)]}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </section>
            {groups.map((g, i) => (
              <section aria-labelledby={`group-${i}`}>
                <h2 id={`group-${i}`}>{g.category || '指標ごとの詳細'}</h2>
                {g.kpis.map((k) => (
                  <KpiSection k={k} m={m} planId={plan.id} chart={charts.get(k.id) ?? null} item={k.nodeId ? items.get(k.nodeId) : undefined} publishedOn={data!.publishedOn} today={today} />
                ))}
              </section>
            ))}
          </>
        )}
        <p class="note">
          同じ内容を機械で読める形（CSV・JSON）でも公開しています: <a href={publicPaths.openData(m.code)}>オープンデータ</a>
        </p>
      </main>
    </Layout>
  );
};

/** The page with its charts drawn (each a few ms); the public route and the preview both come here. */
export async function kpiPageNode(scope: TenantScope, m: PublicMunicipality, plan: { id: string; title: string }, data: PublishedKpiPlan | null, banner?: unknown, today = todayInTokyo()) {
  const kpis = data?.kpis ?? [];
  const charts = new Map<string, RenderedChart | null>();
  for (const k of kpis) {
    const spec = kpiChartSpec(k, data!.years);
    charts.set(k.id, spec ? await chartOrNull(spec) : null);
  }
  const wanted = new Set(kpis.map((k) => k.nodeId).filter((id): id is string => !!id));
  const items = new Map(wanted.size ? (await planNodeRows(scope, plan.id)).filter((n) => wanted.has(n.id)).map((n) => [n.id, { number: n.number, title: n.title }]) : []);
  return <KpiPage m={m} plan={plan} data={data} charts={charts} items={items} today={today} banner={banner} />;
}

export function publicKpiRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/m/:code/public/plans/:planId/kpis', async (c) => {
    const loaded = await loadPlanPage(c);
    if (!loaded.ok) return page(c, loaded.notFound, 404);
    const { m, plan } = loaded;
    const [data] = await publishedKpis(scopeOf(c), { planId: plan.id });
    return page(c, await kpiPageNode(scopeOf(c), m, { id: plan.id, title: plan.title }, data ?? null), 200);
  });
  return r;
}

