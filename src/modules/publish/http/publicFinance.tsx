/**
 * GET /m/:code/public/plans/:planId/finance: a plan's 中期財政計画・職員定員管理計画 tables as the
 * secretariat published them — each table's newest 年度版 (publishedFiscalTables), printed as
 * published (columns, rows, unit line, source, note), with its 公表日, 正誤 and earlier 年度版, and a
 * chart (計画・見込み and 実績 of the totals by year; headcount as bars and a line) with its data table.
 * The preview of a table publication renders the same page (publicSitePreview.tsx).
 */
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { FiscalRowDto, FiscalTableDto } from '../../../shared/api-types-finance.js';
import type { ChartSeries, GroupedBarsSpec, RenderedChart } from '../../../shared/charts/index.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { scopeOf } from '../../../shared/http/tenant.js';
import { EXPENDITURE, FIGURE_KIND_LABELS, REVENUE } from '../../finance/domain/table.js';
import { yenFactor } from '../../finance/domain/units.js';
import { fiscalYearLabel } from '../../fiscal/domain/index.js';
import { publishedFiscalTables, type PublishedFiscalTable } from '../queries/published.js';
import { fiscalCorrections } from '../queries/publicSite.js';
import { ChartFigure, DateText, Layout, chartOrNull, page, publicPaths, type PublicMunicipality } from './publicLayout.js';
import { loadPlanPage } from './publicPlan.js';

type Kind = 'plan' | 'actual';
type Corrections = ReadonlyMap<string, { seq: number; publishedOn: string; correction: string }[]>;

/** The rows a chart draws: 歳入計 and 歳出計 where the table has them, else its first totals, else its first rows. */
export function chartRows(t: FiscalTableDto): FiscalRowDto[] {
  const totals = t.rows.filter((r) => r.rowKind === 'total');
  const budget = [totals.find((r) => r.section === REVENUE), totals.find((r) => r.section === EXPENDITURE)].filter((r): r is FiscalRowDto => !!r);
  if (budget.length) return budget;
  if (t.kind === 'headcount') return totals.length ? [totals[totals.length - 1]!] : t.rows.slice(0, 1);
  if (totals.length) return totals.slice(0, 2);
  return t.rows.filter((r) => r.rowKind === 'item').slice(0, 2);
}

/**
 * The chart of a table: per fiscal year, bars of 計画・見込み and 実績 of the chosen rows; for a staffing
 * table the 実績 is a line over the planned bars. Figures in the table's printed unit.
 */
export function fiscalChartSpec(t: FiscalTableDto): GroupedBarsSpec | null {
  const years = [...new Set(t.columns.map((c) => c.fiscalYear))].sort((a, b) => a - b);
  const rows = chartRows(t);
  if (!years.length || !rows.length) return null;
  const perUnit = t.valueKind === 'yen' ? yenFactor(t.unit) : 10 ** t.scale;
  const values = (row: FiscalRowDto, kind: Kind) =>
    years.map((fy) => {
      const v = row.values.find((x) => x.fiscalYear === fy && x.kind === kind);
      return v ? v.value / perUnit : null;
    });
  const has = (s: ChartSeries) => s.values.some((v) => v !== null);
  const name = (row: FiscalRowDto, kind: Kind) => (rows.length > 1 || row.label !== t.title ? `${row.label}（${FIGURE_KIND_LABELS[kind]}）` : FIGURE_KIND_LABELS[kind]);
  const decimals = t.valueKind === 'number' ? t.scale : undefined;
  const base = { kind: 'groupedBars' as const, title: `${t.title}の推移`, unit: t.unit, fiscalYears: years, ...(decimals !== undefined ? { decimals } : {}) };
  if (t.kind === 'headcount') {
    const row = rows[0]!;
    const planned = { name: name(row, 'plan'), values: values(row, 'plan') };
    const actual = { name: name(row, 'actual'), values: values(row, 'actual') };
    if (has(planned)) return { ...base, bars: [planned], lines: has(actual) ? [actual] : [] };
    return has(actual) ? { ...base, bars: [actual] } : null;
  }
  const bars = rows.flatMap((row) => (['plan', 'actual'] as const).map((kind) => ({ name: name(row, kind), values: values(row, kind) }))).filter(has);
  return bars.length ? { ...base, bars } : null;
}

const cellText = (row: FiscalRowDto, fy: number, kind: Kind) => row.values.find((v) => v.fiscalYear === fy && v.kind === kind)?.text || '—';

/** The table as published: one column per (year, 計画・見込み / 実績), rows grouped by 歳入 / 歳出. */
const FiscalTable: FC<{ t: FiscalTableDto; id: string }> = ({ t, id }) => {
  let section = '';
  return (
    <div class="table-wrap" role="region" aria-labelledby={`${id}-caption`} tabindex={0}>
      <table>
        <caption id={`${id}-caption`}>
          {t.title} {t.unitLine}
        </caption>
        <thead>
          <tr>
            <th scope="col">区分</th>
            {t.columns.map((c) => (
              <th scope="col" class="num">
                {c.label}
                <span class="desc">{FIGURE_KIND_LABELS[c.kind]}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {t.rows.map((r) => {
            const group = r.section && r.section !== section ? r.section : null;
            section = r.section;
            return (
              <>
                {group ? (
                  <tr class="group">
                    <th scope="colgroup" colspan={t.columns.length + 1}>
                      {group}
                    </th>
                  </tr>
                ) : null}
                <tr class={r.rowKind === 'total' || r.rowKind === 'balance' ? 'total' : r.rowKind === 'breakdown' ? 'breakdown' : undefined}>
                  <th scope="row">{r.label}</th>
                  {t.columns.map((c) => (
                    <td class="num">{cellText(r, c.fiscalYear, c.kind)}</td>
                  ))}
                </tr>
              </>
            );
          })}
        </tbody>
      </table>
    </div>
  );
};

export interface FinancePageProps {
  m: PublicMunicipality;
  plan: { id: string; title: string };
  tables: PublishedFiscalTable[];
  corrections: Corrections;
  charts: ReadonlyMap<string, RenderedChart | null>;
  banner?: unknown;
}

export const FinancePage: FC<FinancePageProps> = ({ m, plan, tables, corrections, charts, banner }) => (
  <Layout title={`中期財政計画・職員定員管理計画（${plan.title}）｜${m.name}の行政改革`} municipality={m} section="plans" wide banner={banner}>
    <header>
      <p class="lead">
        <a href={publicPaths.home(m.code)}>ホーム</a> ＞ <a href={publicPaths.plan(m.code, plan.id)}>{plan.title}</a>
      </p>
      <h1>中期財政計画・職員定員管理計画</h1>
      <p>{plan.title}の財政の見通しと職員数の計画です。表の値は、{m.name}が公表した年度版の計画書に印字されたとおりです。</p>
    </header>
    <main>
      {!tables.length ? (
        <p>この計画の財政・定員の表は、まだ公表していません。</p>
      ) : (
        <>
          <nav aria-labelledby="toc-heading">
            <h2 id="toc-heading">掲載している表</h2>
            <ul class="plain">
              {tables.map((p) => (
                <li>
                  <a href={`#table-${p.snapshot.table.id}`}>{p.snapshot.table.title}</a>（{fiscalYearLabel(p.fiscalYear)}版）
                </li>
              ))}
            </ul>
          </nav>
          {tables.map((p) => {
            const t = p.snapshot.table;
            const fixes = corrections.get(t.id) ?? [];
            const chart = charts.get(t.id) ?? null;
            return (
              <section aria-labelledby={`table-${t.id}`}>
                <h2 id={`table-${t.id}`}>
                  {t.title}
                  <span class="desc">
                    {t.kindLabel}・{fiscalYearLabel(p.fiscalYear)}版・公表日 <DateText iso={p.publishedOn} />
                  </span>
                </h2>
                {fixes.length ? (
                  <>
                    <h3>正誤（訂正のお知らせ）</h3>
                    <ul>
                      {fixes.map((x) => (
                        <li>
                          <DateText iso={x.publishedOn} /> 第{x.seq}版: {x.correction}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
                <FiscalTable t={t} id={`fiscal-${t.id}`} />
                {t.source ? <p class="note">出典: {t.source}</p> : null}
                {t.note ? <p class="note pre">{t.note}</p> : null}
                {chart ? <ChartFigure chart={chart} caption={`${t.title}の推移（${t.unit}）`} id={`chart-${t.id}`} /> : null}
                {p.earlier.length ? (
                  <>
                    <h3>以前の年度版</h3>
                    <ul class="plain">
                      {p.earlier.map((e) => (
                        <li>
                          {fiscalYearLabel(e.fiscalYear)}版（公表日 <DateText iso={e.publishedOn} />）
                        </li>
                      ))}
                    </ul>
                    <p class="note">以前の年度版の値は、オープンデータ（財政・定員の表）で確かめられます。</p>
                  </>
                ) : null}
              </section>
            );
          })}
        </>
      )}
      <p class="note">
        同じ内容を機械で読める形（CSV・JSON）でも公開しています: <a href={publicPaths.openData(m.code)}>オープンデータ</a>
      </p>
    </main>
  </Layout>
);

/** The page with its charts drawn; the public route and the preview both come here. */
export async function financePageNode(m: PublicMunicipality, plan: { id: string; title: string }, tables: PublishedFiscalTable[], corrections: Corrections, banner?: unknown) {
  const charts = new Map<string, RenderedChart | null>();
  for (const p of tables) {
    const spec = fiscalChartSpec(p.snapshot.table);
    charts.set(p.snapshot.table.id, spec ? await chartOrNull(spec) : null);
  }
  return <FinancePage m={m} plan={plan} tables={tables} corrections={corrections} charts={charts} banner={banner} />;
}

export function publicFinanceRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/m/:code/public/plans/:planId/finance', async (c) => {
    const loaded = await loadPlanPage(c);
    if (!loaded.ok) return page(c, loaded.notFound, 404);
    const { m, plan } = loaded;
    const scope = scopeOf(c);
    const tables = await publishedFiscalTables(scope, { planId: plan.id });
    return page(c, await financePageNode(m, { id: plan.id, title: plan.title }, tables, await fiscalCorrections(scope, tables)), 200);
  });
  return r;
}
