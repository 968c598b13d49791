/**
 * The published progress for citizens, by the same rule as open data: closed rounds only, and of
 * their answers only those the secretariat accepted.
 * - GET /m/:code/progress: the closed rounds of every plan, from the open-data `rounds` records
 *   (so the page and the file never disagree);
 * - GET /m/:code/progress/:roundId: the round's table from the same builder as the published
 *   .xlsx and PDF (exports/queries/progressTable.ts, basis 'accepted'), with the counts by status
 *   and their change against the previous round when that round is published too.
 * A round that is not closed, or not this municipality's, is 404: the page does not tell whether it exists.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import type { AppEnv } from '../../../shared/http/types.js';
import { scopeOf } from '../../../shared/http/tenant.js';
import type { ExportLayout } from '../../exports/domain/layout.js';
import type { ProgressRow, ProgressTable, StatusMark, StatusYearCell } from '../../exports/domain/progressTable.js';
import { safeFileName } from '../../exports/xlsx/styles.js';
import { formatWarekiDate } from '../../fiscal/domain/index.js';
import { contentDisposition } from '../../jobs/domain/files.js';
import type { ProgressSummary, SummaryCell } from '../../exports/domain/summary.js';
import { nodeStatusLabel, type OpenRecord } from '../domain/opendata.js';
import { renderOffThread } from '../pdf/offThread.js';
import { loadOpenData } from '../queries/opendata.js';
import { StatusCountTable } from './publicCounts.js';
import { publishedRound } from '../queries/published.js';
import { openDataPath } from './openData.js';
import { PUBLIC_CACHE_CONTROL, matchesIfNoneMatch } from './publicRoutes.js';
import { DateText, Layout, NotFoundPage, municipalityNotFound, page, publicMunicipality, publicPaths, type PublicMunicipality } from './publicLayout.js';
import { UUID_RE } from '../../../shared/ids.js';
import { keptPromises } from '../../../shared/promiseCache.js';


/** A closed round as the open-data `rounds` resource describes it. */
interface PublishedRound {
  id: string;
  planId: string;
  planTitle: string;
  label: string;
  targetFiscalYear: string;
  asOfDate: string;
  closedOn: string | null;
  itemCount: number;
}

const text = (r: OpenRecord, k: string): string => (typeof r[k] === 'string' ? (r[k] as string) : '');

export function publishedRounds(records: readonly OpenRecord[]): PublishedRound[] {
  return records.map((r) => ({
    id: text(r, 'round_id'),
    planId: text(r, 'plan_id'),
    planTitle: text(r, 'plan_title'),
    label: text(r, 'label'),
    targetFiscalYear: text(r, 'target_fiscal_year_wareki'),
    asOfDate: text(r, 'as_of_date'),
    closedOn: text(r, 'closed_on') || null,
    itemCount: typeof r.item_count === 'number' ? r.item_count : 0,
  }));
}

/** Plans in the order of their first published round, each with its rounds newest first. */
export function byPlan(rounds: readonly PublishedRound[]): { planId: string; planTitle: string; rounds: PublishedRound[] }[] {
  const plans = new Map<string, { planId: string; planTitle: string; rounds: PublishedRound[] }>();
  for (const r of rounds) {
    const p = plans.get(r.planId) ?? plans.set(r.planId, { planId: r.planId, planTitle: r.planTitle, rounds: [] }).get(r.planId)!;
    p.rounds.push(r);
  }
  for (const p of plans.values()) p.rounds.sort((a, b) => (a.asOfDate < b.asOfDate ? 1 : a.asOfDate > b.asOfDate ? -1 : 0));
  return [...plans.values()];
}

type Municipality = PublicMunicipality;

const ProgressIndexPage: FC<{ m: Municipality; plans: ReturnType<typeof byPlan> }> = ({ m, plans }) => (
  <Layout title={`${m.name}の行政改革の進捗状況`} municipality={m} section="progress">
    <header>
      <h1>行政改革の進捗状況</h1>
      <p>
        {m.name}が計画に掲げた取組の進み具合を、年度ごとの調査（照会）の結果で公表しています。載せているのは事務局が確認して公表した回答だけで、公表したときの内容のままです。
      </p>
    </header>
    <main>
      {plans.length === 0 ? (
        <p>公表している調査はまだありません。</p>
      ) : (
        plans.map((p) => (
          <section aria-labelledby={`plan-${p.planId}`}>
            <h2 id={`plan-${p.planId}`}>{p.planTitle}</h2>
            <div class="table-wrap" role="region" aria-labelledby={`rounds-${p.planId}`} tabindex={0}>
              <table>
                <caption id={`rounds-${p.planId}`}>
                  {p.planTitle}の調査（{p.rounds.length}件、新しい順）
                </caption>
                <thead>
                  <tr>
                    <th scope="col">調査</th>
                    <th scope="col">対象年度</th>
                    <th scope="col">時点</th>
                    <th scope="col">締切日</th>
                    <th scope="col">公表した回答</th>
                  </tr>
                </thead>
                <tbody>
                  {p.rounds.map((r) => (
                    <tr>
                      <th scope="row">
                        <a href={publicPaths.round(m.code, r.id)}>{r.label}</a>
                      </th>
                      <td class="nowrap">{r.targetFiscalYear}</td>
                      <td>
                        <DateText iso={r.asOfDate} />
                      </td>
                      <td>
                        <DateText iso={r.closedOn} empty="—" />
                      </td>
                      <td class="num">{r.itemCount.toLocaleString('ja-JP')}件</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))
      )}
      <p class="note">
        同じ内容を機械で読める形（CSV・JSON）でも公開しています: <a href={publicPaths.openData(m.code)}>オープンデータ</a>
      </p>
    </main>
  </Layout>
);

/** "○ 実施済み"; the symbol is decoration for screen readers, the label is the meaning. */
const Mark: FC<{ mark: StatusMark | null; short?: boolean }> = ({ mark, short }) =>
  mark ? (
    short ? (
      <>
        <span class="mark" aria-hidden="true" title={mark.label}>
          {mark.symbol}
        </span>
        <span class="vh">{mark.label}</span>
      </>
    ) : (
      <>
        <span class="mark" aria-hidden="true">
          {mark.symbol}
        </span>{' '}
        {mark.label}
      </>
    )
  ) : (
    <span class="note">回答なし</span>
  );

/** A year's status (the table is already cleaned of rounds still open: publishedTable). */
const yearMark = (cell: StatusYearCell | undefined): StatusMark | null => cell?.status ?? null;

/** The group rows (基本方針, 重点項目 …) to print before `row`: the levels where it leaves the previous row's groups. */
export function groupHeadings(row: ProgressRow, previous: ProgressRow | null): ProgressRow['levels'] {
  const before = previous?.levels ?? [];
  const from = row.levels.findIndex((l, i) => before[i]?.id !== l.id);
  return from < 0 ? [] : row.levels.slice(from);
}

const RoundTable: FC<{ table: ProgressTable }> = ({ table }) => {
  const target = table.round.targetFiscalYear;
  // the years before the round's own, for the history columns
  const history = table.statusYears.filter((y) => y.year !== target.year);
  const columns = 6 + history.length;
  return (
    <div class="table-wrap" role="region" aria-labelledby="items-caption" tabindex={0}>
      <table>
        <caption id="items-caption">
          {table.round.label}の取組ごとの状況（{table.rows.length}件）
        </caption>
        <thead>
          <tr>
            <th scope="col">番号</th>
            <th scope="col">取組</th>
            <th scope="col">担当課</th>
            <th scope="col">{target.label}の予定</th>
            <th scope="col">状況</th>
            <th scope="col">取組の内容・成果</th>
            {history.map((y) => (
              <th scope="col" class="center">
                <abbr title={y.label}>{y.short}</abbr>
                <span class="vh">の状況</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <>
              {groupHeadings(row, i ? table.rows[i - 1]! : null).map((l) => (
                <tr class="group">
                  <th scope="colgroup" colspan={columns}>
                    {l.levelName} {l.number} {l.title}
                  </th>
                </tr>
              ))}
              <tr>
                <td class="nowrap">{row.number}</td>
                <th scope="row" class="item">
                  <span class="name">
                    {row.title}
                    {row.itemStatus !== 'active' ? `（${nodeStatusLabel(row.itemStatus)}）` : ''}
                  </span>
                  {row.marks.length ? <span class="desc">{row.marks.join(' ')}</span> : null}
                  {row.description ? <span class="desc">{row.description}</span> : null}
                </th>
                <td class="dept">{row.departments.map((d) => d.name).join('、')}</td>
                <td class="nowrap">{row.schedule.find((s) => s.fiscalYear === target.year)?.text || '—'}</td>
                <td class="nowrap">
                  <Mark mark={row.status} />
                </td>
                <td class="text">{row.narrative}</td>
                {history.map((y) => (
                  <td class="center">
                    <Mark mark={yearMark(row.statusHistory.find((c) => c.fiscalYear === y.year))} short />
                  </td>
                ))}
              </tr>
            </>
          ))}
        </tbody>
      </table>
    </div>
  );
};

/** Counts by status for each top-level group and in all, with the change against the previous round (when it is published). */
const SummaryTable: FC<{ summary: ProgressSummary }> = ({ summary }) => {
  const section = summary.sections[0];
  if (!section) return null;
  const cell = (c: SummaryCell) => ({ count: c.now.count, delta: summary.previous ? c.delta : null });
  return (
    <StatusCountTable
      id="summary-caption"
      levelName={section.levelName}
      previousLabel={summary.previous?.label ?? null}
      statuses={summary.statuses}
      rows={[...section.rows, section.total].map((row) => ({
        label: [row.number, row.title].filter(Boolean).join(' ') || '（分類なし）',
        cells: row.cells.map(cell),
        total: cell(row.total),
      }))}
    />
  );
};

export const RoundPage: FC<{ m: Municipality; table: ProgressTable; summary: ProgressSummary; publishedOn: string; corrections: Published['corrections']; banner?: unknown }> = ({
  m,
  table,
  summary,
  publishedOn,
  corrections,
  banner,
}) => (
  <Layout title={`${table.round.label}（${table.plan.title}）｜${m.name}の行政改革の進捗状況`} municipality={m} section="progress" wide banner={banner}>
    <header>
      <p class="lead">
        <a href={publicPaths.progress(m.code)}>行政改革の進捗状況</a> ＞ {table.plan.title}
      </p>
      <h1>{table.round.label}</h1>
      <p>
        {table.plan.title}の取組の{table.round.targetFiscalYear.label}の状況です（
        <DateText iso={table.round.asOfDate} />
        時点）。事務局が確認した回答を載せています。
      </p>
      <p>
        公表日: <DateText iso={publishedOn} />
        {corrections.length ? `（訂正 ${corrections.length}回）` : ''}
      </p>
    </header>
    <main>
      {corrections.length ? (
        <section aria-labelledby="corrections-heading">
          <h2 id="corrections-heading">正誤（訂正のお知らせ）</h2>
          <ul>
            {corrections.map((x) => (
              <li>
                <DateText iso={x.publishedOn} /> 第{x.seq}版: {x.correction}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="legend-heading">
        <h2 id="legend-heading">状況の区分</h2>
        <ul>
          {table.legends.status.map((v) => (
            <li>
              <span class="mark" aria-hidden="true">
                {v.symbol}
              </span>{' '}
              <strong>{v.label}</strong>
              {v.definition ? `: ${v.definition}` : ''}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">件数のまとめ</h2>
        <SummaryTable summary={summary} />
      </section>
      <section aria-labelledby="items-heading">
        <h2 id="items-heading">取組ごとの状況</h2>
        <RoundTable table={table} />
      </section>
      <section aria-labelledby="files-heading">
        <h2 id="files-heading">表のファイル</h2>
        <ul class="downloads">
          <li>
            <a href={publicPaths.roundFile(m.code, table.round.id, 'pdf')} type="application/pdf">
              PDF<span class="vh">（{table.round.label}の実施状況表）</span>
            </a>
          </li>
          <li>
            <a href={publicPaths.roundFile(m.code, table.round.id, 'xlsx')} type={XLSX}>
              Excel<span class="vh">（{table.round.label}の実施状況表）</span>
            </a>
          </li>
        </ul>
        <p class="note">この表と同じ内容の実施状況表（A4横）です。</p>
      </section>
      <p class="note">
        すべての調査の回答は、機械で読める形でも公開しています:{' '}
        <a href={`${openDataPath('public', m.code)}/progress.csv`} type="text/csv">
          進捗状況（CSV）
        </a>
        、<a href={publicPaths.openData(m.code)}>オープンデータの一覧</a>
      </p>
    </main>
  </Layout>
);

const roundNotFound = (
  <NotFoundPage title="調査が見つかりません" message="この調査の結果は公表されていません。締め切った調査の一覧からお探しください。" />
);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Published {
  table: ProgressTable;
  summary: ProgressSummary;
  layout: ExportLayout;
  publishedOn: string;
  corrections: { seq: number; publishedOn: string; correction: string }[];
}

/** The round of the path as published (the snapshot), or null (not published, withdrawn, not this municipality's, not a round). */
async function loadPublished(c: Context<AppEnv>): Promise<Published | null> {
  const roundId = c.req.param('roundId') ?? '';
  const p = UUID_RE.test(roundId) ? await publishedRound(scopeOf(c), roundId) : null;
  if (!p) return null;
  return { table: p.snapshot.table, summary: p.snapshot.summary, layout: p.snapshot.layout, publishedOn: p.publishedOn, corrections: p.corrections };
}

/**
 * Files are rendered in the worker thread and kept by the digest of what they are made from, so a
 * published table asked for by many citizens is laid out once (and again only when it changes). A
 * few are kept; concurrent requests for the same file share one rendering.
 */
const files = keptPromises<{ bytes: Buffer; etag: string }>(16);

function renderedFile(m: Municipality, p: Published, format: 'pdf' | 'xlsx'): Promise<{ bytes: Buffer; etag: string }> {
  const digest = createHash('sha256').update(JSON.stringify([m.code, m.name, format, p.table, p.layout, format === 'xlsx' ? p.summary : null])).digest('base64url').slice(0, 32);
  return files(`${p.table.round.id}:${format}:${digest}`, async () => {
    const bytes =
      format === 'pdf'
        ? await renderOffThread('progressPdf', { table: p.table, layout: p.layout, municipality: m.name, basisNote: `${formatWarekiDate(p.table.round.asOfDate)}時点　事務局が確認した回答` })
        : await renderOffThread('progressXlsx', { table: p.table, layout: p.layout, summary: p.layout.summarySheet ? p.summary : null });
    return { bytes, etag: `"${digest}"` };
  });
}

export function publicProgressRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/m/:code/progress', async (c) => {
    const m = await publicMunicipality(c);
    if (!m) return page(c, municipalityNotFound(c.req.param('code')), 404);
    const set = await loadOpenData(scopeOf(c), { code: m.code, name: m.name }, 'rounds');
    return page(c, <ProgressIndexPage m={m} plans={byPlan(publishedRounds(set.records.rounds))} />, 200);
  });
  r.get('/m/:code/progress/:roundId', async (c) => {
    const m = await publicMunicipality(c);
    if (!m) return page(c, municipalityNotFound(c.req.param('code')), 404);
    const loaded = await loadPublished(c);
    if (!loaded) return page(c, roundNotFound, 404);
    return page(c, <RoundPage m={m} table={loaded.table} summary={loaded.summary} publishedOn={loaded.publishedOn} corrections={loaded.corrections} />, 200);
  });
  r.get('/m/:code/progress/:roundId/:file{table\\.(?:pdf|xlsx)}', async (c) => {
    const m = await publicMunicipality(c);
    if (!m) return page(c, municipalityNotFound(c.req.param('code')), 404);
    const loaded = await loadPublished(c);
    if (!loaded) return page(c, roundNotFound, 404);
    const format = c.req.param('file').endsWith('.pdf') ? 'pdf' : 'xlsx';
    const file = await renderedFile(m, loaded, format);
    const caching = { 'cache-control': PUBLIC_CACHE_CONTROL, etag: file.etag };
    if (matchesIfNoneMatch(c.req.header('if-none-match'), file.etag)) return c.body(null, 304, caching);
    const name = safeFileName(`${loaded.table.round.label}_実施状況.${format}`);
    return c.body(new Uint8Array(file.bytes), 200, {
      ...caching,
      'content-type': format === 'pdf' ? 'application/pdf' : XLSX,
      'content-disposition': contentDisposition(format === 'pdf' ? 'inline' : 'attachment', name, `progress.${format}`),
    });
  });
  return r;
}
