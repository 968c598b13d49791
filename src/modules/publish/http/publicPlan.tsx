/**
 * GET /m/:code/public/plans/:planId: a plan for citizens — its 経営理念 and its 体系図 as nested lists
 * (level name, number, title, 重点, tags, revision marks) down to every item, with links to the item
 * pages and to the plan's KPI and finance pages. The plan is public as adopted (live data, as the open
 * data's `structure`); the status beside an item comes only from the latest PUBLISHED round.
 * Also the loader every plan-level page shares: the municipality and the plan of the path, or 404.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import type { NodeDto, TagDto } from '../../../shared/api-types.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { scopeOf } from '../../../shared/http/tenant.js';
import type { StatusMark } from '../../exports/domain/progressTable.js';
import { fiscalYearLabel } from '../../fiscal/domain/index.js';
import { periodLabel } from '../../plans/domain/plan.js';
import { buildTree, type Tree } from '../../plans/domain/tree.js';
import type { PlanRow } from '../../plans/db/repo.js';
import { planNodes } from '../../plans/queries/plans.js';
import { listTags } from '../../tags/queries/tags.js';
import { presentTag } from '../../tags/presenters/tag.js';
import { nodeStatusLabel } from '../domain/opendata.js';
import { annualReportYears } from '../queries/annualReport.js';
import { latestItemStatuses, publicPlanRow, publishedKindsByPlan, type PublishedRoundHead } from '../queries/publicSite.js';
import { DateText, Layout, NotFoundPage, municipalityNotFound, page, publicMunicipality, publicPaths, type PublicMunicipality } from './publicLayout.js';

export const planNotFound = (m: PublicMunicipality) => (
  <NotFoundPage title="計画が見つかりません" message={`この計画は${m.name}の公開ページにありません。アドレスを確かめてください。`} municipality={m} />
);

export type PlanPageLoad = { ok: true; m: PublicMunicipality; plan: PlanRow } | { ok: false; notFound: ReturnType<typeof municipalityNotFound> };

/** The municipality and plan of the path; a malformed or unknown code or id, or another municipality's plan, is 404. */
export async function loadPlanPage(c: Context<AppEnv>): Promise<PlanPageLoad> {
  const m = await publicMunicipality(c);
  if (!m) return { ok: false, notFound: municipalityNotFound(c.req.param('code') ?? '') };
  const plan = await publicPlanRow(scopeOf(c), c.req.param('planId') ?? '');
  if (!plan) return { ok: false, notFound: planNotFound(m) };
  return { ok: true, m, plan };
}

/** 「分類: 名前」 */
export const tagText = (t: TagDto) => (t.category ? `${t.category}: ${t.name}` : t.name);

/** The status as published: the symbol is decoration, the label is the meaning. */
export const StatusText: FC<{ mark: StatusMark | null }> = ({ mark }) =>
  mark ? (
    <>
      <span class="mark" aria-hidden="true">
        {mark.symbol}
      </span>{' '}
      {mark.label}
    </>
  ) : (
    <>回答なし</>
  );

interface TreeContext {
  m: PublicMunicipality;
  planId: string;
  tags: ReadonlyMap<string, TagDto>;
  latest: { round: PublishedRoundHead; statuses: ReadonlyMap<string, StatusMark | null> } | null;
}

const NodeLine: FC<{ n: Tree<NodeDto>; x: TreeContext }> = ({ n, x }) => {
  const tags = n.tagIds.flatMap((id) => (x.tags.has(id) ? [tagText(x.tags.get(id)!)] : []));
  const label = [n.number, n.title].filter(Boolean).join(' ');
  const status = x.latest && n.isAction && x.latest.statuses.has(n.id) ? x.latest.statuses.get(n.id)! : undefined;
  return (
    <li>
      <span class="level">{n.levelName}</span>
      <a href={publicPaths.item(x.m.code, x.planId, n.id)}>{n.isAction ? label : <strong>{label}</strong>}</a>
      {n.priority ? <span class="badge">重点</span> : null}
      {n.status !== 'active' ? <span class="badge">{nodeStatusLabel(n.status)}</span> : null}
      {n.marks.length ? <span class="desc">{n.marks.join(' ')}</span> : null}
      {tags.length ? <span class="desc">タグ: {tags.join('、')}</span> : null}
      {status !== undefined ? (
        <span class="desc">
          {x.latest!.round.label}の状況: <StatusText mark={status} />
        </span>
      ) : null}
      {n.children.length ? (
        <ul>
          {n.children.map((child) => (
            <NodeLine n={child} x={x} />
          ))}
        </ul>
      ) : null}
    </li>
  );
};

export interface PlanPageProps {
  m: PublicMunicipality;
  plan: PlanRow;
  nodes: NodeDto[];
  tags: TagDto[];
  latest: TreeContext['latest'];
  published: { round: number; kpi_values: number; fiscal_table: number };
  /** fiscal years with an annual report, newest first */
  reportYears: number[];
}

export const PlanPage: FC<PlanPageProps> = ({ m, plan, nodes, tags, latest, published, reportYears }) => {
  const roots = buildTree(nodes);
  const x: TreeContext = { m, planId: plan.id, tags: new Map(tags.map((t) => [t.id, t])), latest };
  const items = nodes.filter((n) => n.isAction).length;
  return (
    <Layout title={`${plan.title}｜${m.name}の行政改革`} municipality={m} section="plans">
      <header>
        <p class="lead">
          <a href={publicPaths.home(m.code)}>ホーム</a> ＞ 計画
        </p>
        <h1>{plan.title}</h1>
        <dl class="facts">
          <dt>種類</dt>
          <dd>{plan.kind}</dd>
          <dt>計画期間</dt>
          <dd>{periodLabel(plan.firstFiscalYear, plan.lastFiscalYear)}</dd>
          <dt>段階</dt>
          <dd>{plan.stage}</dd>
        </dl>
      </header>
      <main>
        <section aria-labelledby="pages-heading">
          <h2 id="pages-heading">この計画の公表内容</h2>
          <ul class="plain">
            <li>
              {published.round ? <a href={publicPaths.progress(m.code)}>進捗状況</a> : '進捗状況'}
              {published.round ? `（公表した調査 ${published.round}件）` : '（まだ公表していません）'}
            </li>
            <li>
              {published.kpi_values ? <a href={publicPaths.kpis(m.code, plan.id)}>数値目標・KPI</a> : '数値目標・KPI'}
              {published.kpi_values ? '' : '（まだ公表していません）'}
            </li>
            <li>
              {published.fiscal_table ? <a href={publicPaths.finance(m.code, plan.id)}>中期財政計画・職員定員管理計画</a> : '中期財政計画・職員定員管理計画'}
              {published.fiscal_table ? '' : '（まだ公表していません）'}
            </li>
            <li>
              年次報告書
              {reportYears.length
                ? reportYears.map((y, i) => (
                    <>
                      {i ? '、' : ': '}
                      <a href={publicPaths.annualReport(m.code, plan.id, y)}>
                        {fiscalYearLabel(y)}
                        <span class="vh">の年次報告書</span>
                      </a>
                    </>
                  ))
                : '（まだありません）'}
            </li>
          </ul>
        </section>
        {plan.philosophy.trim() ? (
          <section aria-labelledby="philosophy-heading">
            <h2 id="philosophy-heading">経営理念</h2>
            <p class="pre">{plan.philosophy}</p>
          </section>
        ) : null}
        <section aria-labelledby="tree-heading">
          <h2 id="tree-heading">体系図</h2>
          <p>
            {plan.levelNames.join('・')}の{plan.levelNames.length}段階で、実施する取組は{items}件です。取組の名前から、内容・担当課・スケジュール・進捗状況を見られます。
            {latest ? (
              <>
                {' '}
                各取組の状況は、公表した最新の調査「{latest.round.label}」（公表日 <DateText iso={latest.round.publishedOn} />）のものです。
              </>
            ) : (
              ' 進捗状況はまだ公表していません。'
            )}
          </p>
          {roots.length ? (
            <ul class="tree">
              {roots.map((n) => (
                <NodeLine n={n} x={x} />
              ))}
            </ul>
          ) : (
            <p>この計画には、まだ取組が登録されていません。</p>
          )}
        </section>
        <p class="note">
          計画の体系は、機械で読める形（CSV・JSON）でも公開しています: <a href={publicPaths.openData(m.code)}>オープンデータ</a>
        </p>
      </main>
    </Layout>
  );
};

export function publicPlanRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/m/:code/public/plans/:planId', async (c) => {
    const loaded = await loadPlanPage(c);
    if (!loaded.ok) return page(c, loaded.notFound, 404);
    const { m, plan } = loaded;
    const scope = scopeOf(c);
    const nodes = await planNodes(scope, plan, null);
    const tags = (await listTags(scope)).map(presentTag);
    const latest = await latestItemStatuses(scope, plan.id);
    const published = (await publishedKindsByPlan(scope)).get(plan.id) ?? { round: 0, kpi_values: 0, fiscal_table: 0 };
    const reportYears = await annualReportYears(scope, plan.id);
    return page(c, <PlanPage m={m} plan={plan} nodes={nodes} tags={tags} latest={latest} published={published} reportYears={reportYears} />, 200);
  });
  return r;
}
