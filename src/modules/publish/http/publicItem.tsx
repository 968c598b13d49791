/**
 * GET /m/:code/public/plans/:planId/items/:nodeId: one item of a plan for citizens — its place in the
 * plan, 事業概要, 担当課 and schedule by fiscal year (the plan as adopted), its status and written
 * progress in every PUBLISHED round (each round's published table row), its published KPIs, and its
 * changes (変更調書: date, kind, mark, reason — not who recorded them).
 */
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { AppEnv } from '../../../shared/http/types.js';
import { scopeOf } from '../../../shared/http/tenant.js';
import { fiscalYearLabel, todayInTokyo } from '../../fiscal/domain/index.js';
import { STATUS_LABELS } from '../../kpis/domain/evaluation.js';
import { formatWithUnit } from '../../kpis/domain/value.js';
import type { PlanRow } from '../../plans/db/repo.js';
import type { KpiOpenInput } from '../domain/opendataKpis.js';
import { nodeStatusLabel } from '../domain/opendata.js';
import { publishedKpis } from '../queries/published.js';
import { itemChanges, publicItem, publishedItemRounds, type ItemChange, type ItemRound, type PublicItem } from '../queries/publicSite.js';
import { DateText, Layout, NotFoundPage, page, publicPaths, type PublicMunicipality } from './publicLayout.js';
import { evaluationOf, targetText } from './publicKpis.js';
import { StatusText, loadPlanPage, tagText } from './publicPlan.js';

export const itemNotFound = (m: PublicMunicipality, plan: PlanRow) => (
  <NotFoundPage title="取組が見つかりません" message={`「${plan.title}」には、この取組はありません。計画の体系図からお探しください。`} municipality={m} />
);

/** The plan's years, and any year outside them that has a schedule. */
function scheduleYears(plan: PlanRow, schedule: Record<string, string>): number[] {
  const years = new Set<number>();
  for (let y = plan.firstFiscalYear; y <= plan.lastFiscalYear; y++) years.add(y);
  for (const k of Object.keys(schedule)) if (/^\d{4}$/.test(k)) years.add(Number(k));
  return [...years].sort((a, b) => a - b);
}

const phaseText = (plan: PlanRow, code: string | undefined) => {
  if (!code) return '—';
  const p = plan.phases.find((x) => x.code === code);
  if (!p) return code;
  return p.symbol && p.symbol !== p.label ? `${p.label}（${p.symbol}）` : p.label;
};

export interface ItemPageProps {
  m: PublicMunicipality;
  plan: PlanRow;
  item: PublicItem;
  rounds: ItemRound[];
  kpis: KpiOpenInput[];
  changes: ItemChange[];
  /** the day in Japan the KPI evaluations are made on (目標年度前 / 未達成) */
  today: string;
}

export const ItemPage: FC<ItemPageProps> = ({ m, plan, item, rounds, kpis, changes, today }) => {
  const n = item.node;
  const label = [n.number, n.title].filter(Boolean).join(' ');
  const years = scheduleYears(plan, n.schedule);
  const scheduled = Object.keys(n.schedule).length > 0;
  const departments = [...n.departments].sort((a, b) => Number(b.lead) - Number(a.lead));
  return (
    <Layout title={`${label}（${plan.title}）｜${m.name}の行政改革`} municipality={m} section="plans">
      <header>
        <p class="lead">
          <a href={publicPaths.home(m.code)}>ホーム</a> ＞ <a href={publicPaths.plan(m.code, plan.id)}>{plan.title}</a>
          {item.path.map((a) => (
            <>
              {' ＞ '}
              <a href={publicPaths.item(m.code, plan.id, a.id)}>{[a.number, a.title].filter(Boolean).join(' ')}</a>
            </>
          ))}
        </p>
        <h1>
          <span class="desc">{n.levelName}</span>
          {label}
          {n.status !== 'active' ? `（${nodeStatusLabel(n.status)}）` : ''}
        </h1>
        <dl class="facts">
          {item.path.map((a) => (
            <>
              <dt>{a.levelName}</dt>
              <dd>{[a.number, a.title].filter(Boolean).join(' ')}</dd>
            </>
          ))}
          {departments.length ? (
            <>
              <dt>担当課</dt>
              <dd>{departments.map((d) => (d.lead && departments.length > 1 ? `${d.name}（主担当）` : d.name)).join('、')}</dd>
            </>
          ) : null}
          {n.priority ? (
            <>
              <dt>重点</dt>
              <dd>重点的に取り組む項目です</dd>
            </>
          ) : null}
          {item.tags.length ? (
            <>
              <dt>タグ</dt>
              <dd>{item.tags.map(tagText).join('、')}</dd>
            </>
          ) : null}
          {n.marks.length ? (
            <>
              <dt>改訂等</dt>
              <dd>{n.marks.join(' ')}</dd>
            </>
          ) : null}
          {n.status !== 'active' ? (
            <>
              <dt>状態</dt>
              <dd>
                {nodeStatusLabel(n.status)}
                {n.effectiveTo ? (
                  <>
                    （<DateText iso={n.effectiveTo} />から）
                  </>
                ) : null}
              </dd>
            </>
          ) : null}
        </dl>
      </header>
      <main>
        <section aria-labelledby="summary-heading">
          <h2 id="summary-heading">事業概要</h2>
          <p class="pre">{n.description.trim() || '（記載はありません）'}</p>
        </section>

        {item.children.length ? (
          <section aria-labelledby="children-heading">
            <h2 id="children-heading">この{n.levelName || '項目'}の取組</h2>
            <ul class="plain">
              {item.children.map((ch) => (
                <li>
                  <span class="level">{ch.levelName}</span>
                  <a href={publicPaths.item(m.code, plan.id, ch.id)}>{[ch.number, ch.title].filter(Boolean).join(' ')}</a>
                  {ch.status !== 'active' ? `（${nodeStatusLabel(ch.status)}）` : ''}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {n.isAction || scheduled ? (
          <section aria-labelledby="schedule-heading">
            <h2 id="schedule-heading">スケジュール</h2>
            <div class="table-wrap" role="region" aria-labelledby="schedule-caption" tabindex={0}>
              <table class="compact">
                <caption id="schedule-caption">年度ごとの予定（{plan.phases.map((p) => p.label).join('・')}）</caption>
                <thead>
                  <tr>
                    <th scope="col">年度</th>
                    <th scope="col">予定</th>
                  </tr>
                </thead>
                <tbody>
                  {years.map((y) => (
                    <tr>
                      <th scope="row" class="nowrap">
                        {fiscalYearLabel(y)}
                      </th>
                      <td>{phaseText(plan, n.schedule[String(y)])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ) : null}

        {n.isAction || rounds.length ? (
          <section aria-labelledby="progress-heading">
            <h2 id="progress-heading">進捗状況</h2>
            {rounds.length ? (
              <>
                <p>公表した調査ごとの状況と取組の内容です（公表したときの内容のまま）。</p>
                <div class="table-wrap" role="region" aria-labelledby="progress-caption" tabindex={0}>
                  <table>
                    <caption id="progress-caption">{label}の調査ごとの状況（{rounds.length}件）</caption>
                    <thead>
                      <tr>
                        <th scope="col">調査</th>
                        <th scope="col">対象年度</th>
                        <th scope="col">状況</th>
                        <th scope="col">取組の内容・成果</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rounds.map((r) => (
                        <tr id={`round-${r.roundId}`}>
                          <th scope="row">
                            <a href={publicPaths.round(m.code, r.roundId)}>{r.label}</a>
                            <span class="desc">
                              公表日 <DateText iso={r.publishedOn} />
                            </span>
                          </th>
                          <td class="nowrap">{r.targetFiscalYear.label}</td>
                          <td class="nowrap">
                            <StatusText mark={r.row.status} />
                          </td>
                          <td class="text">{r.row.narrative || '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            ) : (
              <p>この取組の進捗状況は、まだ公表していません。</p>
            )}
          </section>
        ) : null}

        {kpis.length ? (
          <section aria-labelledby="kpis-heading">
            <h2 id="kpis-heading">数値目標・KPI</h2>
            <ul class="plain">
              {kpis.map((k) => {
                const e = evaluationOf(k, today);
                return (
                  <li>
                    <a href={`${publicPaths.kpis(m.code, plan.id)}#kpi-${k.id}`}>{[k.number, k.name].filter(Boolean).join(' ')}</a>: 目標値 {targetText(k)}
                    {k.targetFiscalYear !== null ? `（${fiscalYearLabel(k.targetFiscalYear)}）` : ''}、最新の実績{' '}
                    {e.latest ? `${formatWithUnit(e.latest.value, k.scale, k.unit)}（${fiscalYearLabel(e.latest.fiscalYear)}）` : 'なし'}、評価 <strong>{STATUS_LABELS[e.status]}</strong>
                  </li>
                );
              })}
            </ul>
          </section>
        ) : null}

        <section aria-labelledby="changes-heading">
          <h2 id="changes-heading">変更の経過（変更調書）</h2>
          {changes.length ? (
            <div class="table-wrap" role="region" aria-labelledby="changes-caption" tabindex={0}>
              <table>
                <caption id="changes-caption">{label}の変更（新しい順）</caption>
                <thead>
                  <tr>
                    <th scope="col">日付</th>
                    <th scope="col">変更の種類</th>
                    <th scope="col">表示</th>
                    <th scope="col">理由</th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map((ch) => (
                    <tr>
                      <th scope="row">
                        <DateText iso={ch.effectiveDate} />
                      </th>
                      <td class="nowrap">{ch.kindLabel}</td>
                      <td>{ch.mark || '—'}</td>
                      <td class="text">{ch.reason || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>策定後の変更はありません。</p>
          )}
        </section>
      </main>
    </Layout>
  );
};

export function publicItemRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/m/:code/public/plans/:planId/items/:nodeId', async (c) => {
    const loaded = await loadPlanPage(c);
    if (!loaded.ok) return page(c, loaded.notFound, 404);
    const { m, plan } = loaded;
    const scope = scopeOf(c);
    const nodeId = c.req.param('nodeId');
    const item = await publicItem(scope, plan, nodeId);
    if (!item) return page(c, itemNotFound(m, plan), 404);
    const rounds = await publishedItemRounds(scope, plan.id, nodeId);
    const [kpiPlan] = await publishedKpis(scope, { planId: plan.id });
    const changes = await itemChanges(scope, plan.id, nodeId);
    return page(c, <ItemPage m={m} plan={plan} item={item} rounds={rounds} kpis={(kpiPlan?.kpis ?? []).filter((k) => k.nodeId === nodeId)} changes={changes} today={todayInTokyo()} />, 200);
  });
  return r;
}
