/**
 * GET /m/:code/public: the home of a municipality's citizens' site — its plans (title, period, stage)
 * each with the latest PUBLISHED progress (counts by status from that round's published summary) and
 * its published KPIs at a glance, the latest council opinions and responses, the downloads (open
 * data, the published rounds' PDFs) and the search form.
 */
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { AppEnv } from '../../../shared/http/types.js';
import { scopeOf } from '../../../shared/http/tenant.js';
import { fiscalYearLabel, todayInTokyo } from '../../fiscal/domain/index.js';
import { periodLabel } from '../../plans/domain/plan.js';
import { listPlanRows, type PlanRow } from '../../plans/db/repo.js';
import { publishedMeetings, type PublishedMeeting } from '../../review/queries/published.js';
import { publishedKpis, publishedRoundList, type PublishedKpiPlan, type PublishedRoundEntry } from '../queries/published.js';
import { annualReportYears } from '../queries/annualReport.js';
import { latestRoundSummaries, publishedKindsByPlan, type PublishedRoundSummary } from '../queries/publicSite.js';
import { DateText, Layout, municipalityNotFound, page, publicMunicipality, publicPaths, type PublicMunicipality } from './publicLayout.js';
import { GlanceList, glanceCounts } from './publicKpis.js';
import { SearchForm } from './publicSearch.js';

/** How many of the newest opinions the home lists. */
export const HOME_OPINIONS = 3;

const text = (r: PublishedRoundEntry['record'], k: string) => (typeof r[k] === 'string' ? (r[k] as string) : '');

/** The newest closed opinions, newest meeting first (publishedMeetings' order), with their meeting. */
export function latestOpinions(meetings: readonly PublishedMeeting[], n: number = HOME_OPINIONS) {
  return meetings.flatMap((mt) => [...mt.opinions].reverse().map((o) => ({ meeting: mt, opinion: o }))).slice(0, n);
}

const ProgressCounts: FC<{ m: PublicMunicipality; s: PublishedRoundSummary }> = ({ m, s }) => {
  const total = s.summary.sections[0]?.total;
  return (
    <>
      <p>
        最新の公表: <a href={publicPaths.round(m.code, s.roundId)}>{s.label}</a>（<DateText iso={s.asOfDate} />
        時点、公表日 <DateText iso={s.publishedOn} />）
      </p>
      {total ? (
        <ul class="counts" aria-label={`${s.label}の状況ごとの件数`}>
          {s.summary.statuses.map((st, i) => (
            <li>
              {st.symbol !== st.label ? (
                <>
                  <span class="mark" aria-hidden="true">
                    {st.symbol}
                  </span>{' '}
                </>
              ) : null}
              {st.label}: <strong>{total.cells[i]?.now.count ?? 0}件</strong>
            </li>
          ))}
          <li>
            計: <strong>{total.total.now.count}件</strong>
          </li>
        </ul>
      ) : null}
    </>
  );
};

/** 年次報告書 of each fiscal year that has one (publicAnnualReport.tsx), newest first. */
export const AnnualReportLinks: FC<{ m: PublicMunicipality; planId: string; planTitle: string; years: readonly number[] }> = ({ m, planId, planTitle, years }) =>
  years.length ? (
    <p>
      年次報告書:{' '}
      {years.map((y, i) => (
        <>
          {i ? '、' : ''}
          <a href={publicPaths.annualReport(m.code, planId, y)}>
            {fiscalYearLabel(y)}
            <span class="vh">の年次報告書（{planTitle}）</span>
          </a>
        </>
      ))}
    </p>
  ) : null;

export interface HomePageProps {
  m: PublicMunicipality;
  plans: PlanRow[];
  progress: ReadonlyMap<string, PublishedRoundSummary>;
  kpis: ReadonlyMap<string, PublishedKpiPlan>;
  published: ReadonlyMap<string, { round: number; kpi_values: number; fiscal_table: number }>;
  /** plan → fiscal years with an annual report, newest first */
  reports: ReadonlyMap<string, number[]>;
  opinions: ReturnType<typeof latestOpinions>;
  rounds: PublishedRoundEntry[];
  /** the day in Japan the KPI evaluations are made on (目標年度前 / 未達成) */
  today: string;
}

export const HomePage: FC<HomePageProps> = ({ m, plans, progress, kpis, published, reports, opinions, rounds, today }) => (
  <Layout title={`${m.name}の行政改革`} municipality={m} section="home">
    <header>
      <h1>{m.name}の行政改革</h1>
      <p>
        {m.name}が進めている行政改革の計画と、その進み具合（進捗状況）・数値目標・財政の見通し・審議会等の意見と対応をお知らせします。進捗状況・数値目標の実績・財政の表は、{m.name}
        が公表した内容を、公表したときのまま載せています。
      </p>
      <SearchForm code={m.code} query="" />
    </header>
    <main>
      <section aria-labelledby="plans">
        <h2 id="plans">計画</h2>
        {!plans.length ? <p>公開している計画はまだありません。</p> : null}
        {plans.map((p) => {
          const s = progress.get(p.id);
          const k = kpis.get(p.id);
          const pub = published.get(p.id);
          return (
            <section aria-labelledby={`plan-${p.id}`} class="card">
              <h3 id={`plan-${p.id}`}>
                <a href={publicPaths.plan(m.code, p.id)}>{p.title}</a>
                <span class="desc">
                  {p.kind}・{periodLabel(p.firstFiscalYear, p.lastFiscalYear)}・{p.stage}
                </span>
              </h3>
              <h4>進捗状況</h4>
              {s ? <ProgressCounts m={m} s={s} /> : <p>まだ公表していません。</p>}
              <h4>数値目標・KPI</h4>
              {k && k.kpis.length ? (
                <>
                  <GlanceList counts={glanceCounts(k.kpis, today)} label={`${p.title}の数値目標の評価ごとの件数`} />
                  <p>
                    <a href={publicPaths.kpis(m.code, p.id)}>
                      数値目標・KPI の詳細<span class="vh">（{p.title}）</span>
                    </a>
                    （{k.kpis.length}件、公表日 <DateText iso={k.latestOn} />）
                  </p>
                </>
              ) : (
                <p>まだ公表していません。</p>
              )}
              {pub?.fiscal_table ? (
                <p>
                  <a href={publicPaths.finance(m.code, p.id)}>
                    中期財政計画・職員定員管理計画<span class="vh">（{p.title}）</span>
                  </a>
                </p>
              ) : null}
              <AnnualReportLinks m={m} planId={p.id} planTitle={p.title} years={reports.get(p.id) ?? []} />
            </section>
          );
        })}
      </section>

      <section aria-labelledby="opinions-heading">
        <h2 id="opinions-heading">審議会等の意見と対応</h2>
        {opinions.length ? (
          <ul class="plain">
            {opinions.map(({ meeting, opinion }) => (
              <li>
                <a href={`${publicPaths.opinions(m.code)}#opinion-${opinion.id}`}>
                  {meeting.title}
                  {opinion.node ? `（${[opinion.node.number, opinion.node.title].filter(Boolean).join(' ')}）` : ''}
                </a>
                <span class="desc">
                  {meeting.body}・<DateText iso={meeting.heldOn} />
                  開催
                </span>
                <span class="desc">{opinion.body.length > 80 ? `${opinion.body.slice(0, 80)}…` : opinion.body}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>公表している意見はまだありません。</p>
        )}
        <p>
          <a href={publicPaths.opinions(m.code)}>審議会等の意見と対応の一覧</a>
        </p>
      </section>

      <section aria-labelledby="downloads-heading">
        <h2 id="downloads-heading">ダウンロード</h2>
        <ul class="plain">
          <li>
            <a href={publicPaths.openData(m.code)}>オープンデータ</a>（計画・進捗状況・数値目標・財政の表などの CSV・JSON）
          </li>
          {[...rounds]
            .sort((a, b) => text(b.record, 'as_of_date').localeCompare(text(a.record, 'as_of_date')))
            .map((r) => (
              <li>
                <a href={publicPaths.roundFile(m.code, r.roundId, 'pdf')} type="application/pdf">
                  {text(r.record, 'label') || '調査'}の実施状況表（PDF）
                </a>
                <span class="desc">{text(r.record, 'plan_title')}</span>
              </li>
            ))}
        </ul>
      </section>
    </main>
  </Layout>
);

export function publicHomeRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/m/:code/public', async (c) => {
    const m = await publicMunicipality(c);
    if (!m) return page(c, municipalityNotFound(c.req.param('code')), 404);
    const scope = scopeOf(c);
    const plans = (await listPlanRows(scope)).map((p) => p.plan);
    const progress = await latestRoundSummaries(scope);
    const kpis = new Map((await publishedKpis(scope)).map((k) => [k.planId, k]));
    const published = await publishedKindsByPlan(scope);
    const opinions = latestOpinions(await publishedMeetings(scope));
    const rounds = await publishedRoundList(scope);
    const reports = new Map<string, number[]>();
    for (const p of plans) reports.set(p.id, await annualReportYears(scope, p.id));
    return page(c, <HomePage m={m} plans={plans} progress={progress} kpis={kpis} published={published} reports={reports} opinions={opinions} rounds={rounds} today={todayInTokyo()} />, 200);
  });
  return r;
}
