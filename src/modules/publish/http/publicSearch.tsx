/**
 * GET /m/:code/public/search?q=: search across the municipality's plans (title, 経営理念), their items
 * (number, title, 事業概要) and the written progress of the PUBLISHED rounds, tolerant of full/half
 * width and kana (domain/publicSearch.ts normalises both sides). Always a page (200): an empty query,
 * one that is too long and one that finds nothing each get a message; at most 100 results listed.
 */
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { AppEnv } from '../../../shared/http/types.js';
import { scopeOf } from '../../../shared/http/tenant.js';
import { levelNameOf } from '../../plans/domain/tree.js';
import { listPlanRows } from '../../plans/db/repo.js';
import { SEARCH_LIMITS, parseQuery, searchDocs, type Excerpt, type SearchDoc, type SearchQuery, type SearchResult } from '../domain/publicSearch.js';
import { publishedNarratives, searchableNodes } from '../queries/publicSite.js';
import { Layout, municipalityNotFound, page, publicMunicipality, publicPaths, type PublicMunicipality } from './publicLayout.js';

export const SearchForm: FC<{ code: string; query: string }> = ({ code, query }) => (
  <form class="search" method="get" action={publicPaths.search(code)} role="search">
    <label for="q">キーワード</label>
    <input id="q" name="q" type="search" value={query} autocomplete="off" aria-describedby="q-hint" />
    <button type="submit">検索</button>
    <span id="q-hint" class="note">
      計画・取組・進捗状況の記述から探します（{SEARCH_LIMITS.query}文字まで。空白で区切るとすべてを含むものを探します）。
    </span>
  </form>
);

export interface SearchHitView {
  kind: 'plan' | 'item' | 'progress';
  /** 「計画」「実施項目」「進捗状況（令和6年度実績）」 */
  kindLabel: string;
  title: string;
  href: string;
}

const ExcerptText: FC<{ e: Excerpt }> = ({ e }) => (
  <span class="desc">
    {e.clippedStart ? '…' : ''}
    {e.before}
    {e.match ? <mark>{e.match}</mark> : null}
    {e.after}
    {e.clippedEnd ? '…' : ''}
  </span>
);

export const SearchPage: FC<{ m: PublicMunicipality; q: SearchQuery; asked: boolean; result: SearchResult<SearchHitView> }> = ({ m, q, asked, result }) => (
  <Layout title={q.text && !q.problem ? `「${q.text}」の検索結果｜${m.name}の行政改革` : `検索｜${m.name}の行政改革`} municipality={m} section="search">
    <header>
      <p class="lead">
        <a href={publicPaths.home(m.code)}>ホーム</a> ＞ 検索
      </p>
      <h1>検索</h1>
      <SearchForm code={m.code} query={q.text} />
    </header>
    <main>
      {!asked ? (
        <p>探したい言葉を入力して「検索」を押してください。</p>
      ) : q.problem === 'empty' ? (
        <p class="problem" role="status">
          キーワードが入力されていません。探したい言葉を入力してください。
        </p>
      ) : q.problem === 'too_long' ? (
        <p class="problem" role="status">
          キーワードが長すぎます（{[...q.text].length}文字）。{SEARCH_LIMITS.query}文字以内で入力してください。
        </p>
      ) : !result.total ? (
        <p role="status">
          「{q.text}」を含む計画・取組・進捗状況の記述は見つかりませんでした。言葉を短くするか、別の言葉でお試しください。
        </p>
      ) : (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">「{q.text}」の検索結果</h2>
          <p role="status">
            {result.total}件見つかりました。
            {result.total > result.hits.length ? `最初の${result.hits.length}件を表示しています。言葉を加えると絞り込めます。` : ''}
          </p>
          <ol class="results">
            {result.hits.map((h) => (
              <li>
                <span class="desc">{h.payload.kindLabel}</span>
                <a href={h.payload.href}>{h.payload.title}</a>
                {h.excerpt ? <ExcerptText e={h.excerpt} /> : null}
              </li>
            ))}
          </ol>
        </section>
      )}
    </main>
  </Layout>
);

export function publicSearchRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/m/:code/public/search', async (c) => {
    const m = await publicMunicipality(c);
    if (!m) return page(c, municipalityNotFound(c.req.param('code')), 404);
    const raw = c.req.query('q');
    const q = parseQuery(raw);
    let result: SearchResult<SearchHitView> = { hits: [], total: 0 };
    if (!q.problem) {
      const scope = scopeOf(c);
      const plans = (await listPlanRows(scope)).map((p) => p.plan);
      const planById = new Map(plans.map((p) => [p.id, p]));
      const nodes = await searchableNodes(scope);
      const narratives = await publishedNarratives(scope);
      const nodeIds = new Set(nodes.map((n) => n.id));
      const label = (n: { number: string; title: string }) => [n.number, n.title].filter(Boolean).join(' ');
      const docs: SearchDoc<SearchHitView>[] = [
        ...plans.map((p) => ({ fields: [p.title, p.philosophy], payload: { kind: 'plan' as const, kindLabel: '計画', title: p.title, href: publicPaths.plan(m.code, p.id) } })),
        ...nodes.flatMap((n) => {
          const plan = planById.get(n.planId);
          if (!plan) return [];
          const level = levelNameOf(plan.levelNames, n.depth) || '項目';
          return [{ fields: [label(n), n.description], payload: { kind: 'item' as const, kindLabel: `${level}（${plan.title}）`, title: label(n) || '（名前なし）', href: publicPaths.item(m.code, n.planId, n.id) } }];
        }),
        // the narrative only: the item's name is found through the item itself
        ...narratives
          .filter((x) => planById.has(x.planId) && nodeIds.has(x.nodeId))
          .map((x) => ({
            fields: ['', x.narrative],
            payload: { kind: 'progress' as const, kindLabel: `進捗状況（${x.roundLabel}）`, title: label(x) || '（名前なし）', href: `${publicPaths.item(m.code, x.planId, x.nodeId)}#round-${x.roundId}` },
          })),
      ];
      result = searchDocs(docs, q.terms, SEARCH_LIMITS.results);
    }
    return page(c, <SearchPage m={m} q={q} asked={raw !== undefined} result={result} />, 200);
  });
  return r;
}
