/**
 * Importing recorded history: a round that has already happened (a printed
 * 実施状況 table, a spreadsheet of past answers) becomes a closed round whose
 * answers are accepted reports, so the views, the 前回の回答 of the next round
 * and the year columns (R1…R4) read it like any other round.
 *
 * Everything runs in the caller's transaction. Every problem is collected first
 * and thrown together (each under `answers.<i>.<field>` with the item's 整理番号);
 * nothing is written unless the whole import is valid. The writes are the round,
 * one accepted report per answer, one report_events row ('import') per report and
 * one audit row per round.
 *
 * Several rounds (a table with five years of status) go through importClosedRounds
 * in one pass: the plan, legend, rounds and items are read once, every round is
 * checked before anything is written, and all rounds' reports and events go in as
 * one statement (rows as one JSON parameter; the reports' ids are made in that statement and
 * go straight to their events, so nothing comes back).
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { actorLabel } from '../../access/domain/actorLabel.js';
import { rounds } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { notFound, validationError, type FieldError } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { todayInTokyo } from '../../fiscal/domain/index.js';
import { findPlan } from '../../plans/db/repo.js';
import { symbolsText } from '../domain/legend.js';
import { applyDraft, EMPTY_REPORT, filledFields, REPORT_FIELD_LABELS, type ReportContent, type ReportDraftInput, type ReportField } from '../domain/report.js';
import { dateLabel, orderFields, validateRound } from '../domain/round.js';
import { planItems, roundRowsOfPlan, type RoundRow } from '../db/repo.js';
import { effectiveLegends } from '../queries/legends.js';

/** One item's recorded answer. Printed marks (○ △ × －) must be turned into codes first (`valueForMark`). */
export interface HistoryAnswerInput extends Omit<ReportDraftInput, 'statusCode'> {
  nodeId: string;
  /** a code of the plan's status legend, e.g. 'done' */
  statusCode: string;
}

export interface ImportClosedRoundInput {
  /** e.g. 令和4年度実績, 令和4年度末見込み */
  label: string;
  /** the date the answers describe; also stored as the round's deadline */
  asOfDate: string;
  targetFiscalYear: number;
  answers: readonly HistoryAnswerInput[];
  /** asked fields; default: 進捗状況 and 取組内容・実績, plus every other field an answer fills */
  fields?: readonly string[] | undefined;
  /**
   * The round this one is compared with. undefined: the plan's closed round with the latest
   * as-of date before this one's (so importing years in order chains them); null: none.
   */
  previousRoundId?: string | null | undefined;
}

export interface ImportClosedRoundResult {
  round: RoundRow;
  reportCount: number;
}

/** 進捗状況 and 取組内容・実績 always (the printed tables have both columns), plus what the answers fill. */
export function fieldsOfAnswers(answers: readonly HistoryAnswerInput[]): ReportField[] {
  return orderFields([...new Set<ReportField>(['status', 'narrative', ...answers.flatMap(filledFields)])]);
}

/** 整理番号4「自治のあり方に関する調査研究」, or 「title」 when the item has no number. */
const itemLabel = (n: { number: string; title: string }) => (n.number ? `整理番号${n.number}「${n.title}」` : `「${n.title}」`);

export async function importClosedRound(ctx: CommandContext, planId: string, input: ImportClosedRoundInput): Promise<ImportClosedRoundResult> {
  const [result] = await importClosedRounds(ctx, planId, [input]);
  return result!;
}

/** What the audit row of an imported round keeps of its answers: codes by node, counts and a digest. */
export interface ImportedAnswersAudit {
  /** node ids of the answers, grouped by status code (input order within a code) */
  byStatus: Record<string, string[]>;
  /** the same for the achievement code, when any answer has one */
  byAchievement?: Record<string, string[]>;
  /** how many answers per status code */
  statusCounts: Record<string, number>;
  /**
   * sha256 (hex) of the JSON array, in input order, of [nodeId, statusCode, achievementCode, narrative, issues,
   * nextPlan, effectRevenueYen, effectExpenseYen, effectKind, hoursSavedTenths, numbers (keys sorted)]: the
   * whole content as written, so the reports can be checked against the record later
   */
  digest: string;
}

type Answer = ReportContent & { nodeId: string };

const contentTuple = (a: Answer) => [
  a.nodeId,
  a.statusCode,
  a.achievementCode,
  a.narrative,
  a.issues,
  a.nextPlan,
  a.effectRevenueYen,
  a.effectExpenseYen,
  a.effectKind,
  a.hoursSavedTenths,
  // keys sorted: the stored jsonb orders them its own way, and the digest must be recomputable from the rows
  Object.fromEntries(Object.entries(a.numbers).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))),
];

/** An audit row with 2,000 full answers per round was most of the import's JSON; this keeps what it said. */
export function auditAnswers(answers: readonly Answer[]): ImportedAnswersAudit {
  const byStatus: Record<string, string[]> = {};
  const byAchievement: Record<string, string[]> = {};
  const statusCounts: Record<string, number> = {};
  const hash = createHash('sha256');
  hash.update('[');
  answers.forEach((a, i) => {
    const s = a.statusCode ?? '';
    (byStatus[s] ??= []).push(a.nodeId);
    statusCounts[s] = (statusCounts[s] ?? 0) + 1;
    if (a.achievementCode !== null) (byAchievement[a.achievementCode] ??= []).push(a.nodeId);
    hash.update(`${i ? ',' : ''}${JSON.stringify(contentTuple(a))}`);
  });
  hash.update(']');
  return { byStatus, ...(Object.keys(byAchievement).length ? { byAchievement } : {}), statusCounts, digest: hash.digest('hex') };
}

const byAsOfDesc = (a: { asOfDate: string }, b: { asOfDate: string }) => (a.asOfDate < b.asOfDate ? 1 : a.asOfDate > b.asOfDate ? -1 : 0);

/**
 * Imports rounds in the order given (normally oldest first, so each is chained to the one
 * before it). Each is checked as importClosedRound checks it, against the plan as it will be
 * with the rounds before it in the list; the first round with problems is refused whole (its
 * messages, as importClosedRound gives them) and nothing at all is written.
 */
export async function importClosedRounds(ctx: CommandContext, planId: string, inputs: readonly ImportClosedRoundInput[]): Promise<ImportClosedRoundResult[]> {
  if (!inputs.length) return [];
  const plan = await findPlan(ctx, planId);
  if (!plan) throw notFound('計画');
  // FOR SHARE: a concurrent legend change that removes a value waits until these answers are in
  const legends = await effectiveLegends(ctx, planId, 'share');
  // newest first by as-of date; the rounds planned here join it as they are checked
  const known: { id: string; label: string; asOfDate: string; state: string }[] = await roundRowsOfPlan(ctx, planId);
  const nodes = new Map((await planItems(ctx, planId)).map((n) => [n.id, n]));
  const actor = actorLabel(ctx.actor);
  const closedAt = new Date();

  const planned: { id: string; label: string; row: typeof rounds.$inferInsert; answers: Answer[] }[] = [];
  for (const input of inputs) {
    const fields = input.fields ? [...input.fields] : fieldsOfAnswers(input.answers);
    const label = input.label.trim();

    // Recorded history is closed by definition and its deadline is its as-of date, which is
    // normally in the past: the "deadline not before today" rule is for rounds users open
    // (createRound / openRound / reopenRound), not for history, so checkDeadline is off.
    const errors: FieldError[] = validateRound(
      { label: input.label, asOfDate: input.asOfDate, targetFiscalYear: input.targetFiscalYear, deadline: input.asOfDate, fields },
      {
        firstFiscalYear: plan.firstFiscalYear,
        lastFiscalYear: plan.lastFiscalYear,
        today: todayInTokyo(),
        hasAchievementLegend: !!legends.achievement,
        checkDeadline: false,
      },
    ).filter((e) => e.path !== 'deadline'); // the deadline is the as-of date: its problems are reported there

    if (label && known.some((r) => r.label === label && r.asOfDate === input.asOfDate))
      errors.push({ path: 'label', message: `この計画には既に基準日${dateLabel(input.asOfDate)}の照会「${label}」があります。同じ実績を二重に取り込むことはできません。` });

    let previousRoundId: string | null;
    if (input.previousRoundId === undefined) {
      // newest first by as-of date: the first closed round dated before this one
      previousRoundId = known.find((r) => r.state === 'closed' && r.asOfDate < input.asOfDate)?.id ?? null;
    } else {
      previousRoundId = input.previousRoundId;
      if (previousRoundId && !known.some((r) => r.id === previousRoundId))
        errors.push({ path: 'previousRoundId', message: '前回の照会がこの計画に見つかりません。' });
    }

    if (!input.answers.length) errors.push({ path: 'answers', message: '取り込む回答が1件もありません。' });
    const rules = { fields, status: legends.status.values, achievement: legends.achievement?.values ?? null };
    const seen = new Map<string, number>();
    const answers: Answer[] = [];
    input.answers.forEach((a, i) => {
      const at = (field: string) => `answers.${i}.${field}`;
      const node = nodes.get(a.nodeId);
      if (!node) {
        errors.push({ path: at('nodeId'), message: `${i + 1}件目の回答の項目は、この計画の項目ではありません。` });
        return;
      }
      const item = itemLabel(node);
      if (!node.isAction) {
        errors.push({ path: at('nodeId'), message: `${item}は実施項目ではないため、進捗を取り込めません。` });
        return;
      }
      const dup = seen.get(a.nodeId);
      if (dup !== undefined) {
        errors.push({ path: at('nodeId'), message: `${item}の回答が重複しています（${dup + 1}件目と${i + 1}件目）。1項目につき1件にしてください。` });
        return;
      }
      seen.set(a.nodeId, i);

      const code = typeof a.statusCode === 'string' ? a.statusCode.trim() : '';
      // applyDraft reads only the answer fields, so nodeId can stay in (no copy without it per answer)
      const { content, errors: problems } = applyDraft(EMPTY_REPORT, { ...a, statusCode: code || null }, rules);
      if (!code) errors.push({ path: at('statusCode'), message: `${item}の${REPORT_FIELD_LABELS.status}がありません。${symbolsText(rules.status)}のいずれかを指定してください。` });
      for (const p of problems) {
        const message =
          p.path === 'statusCode'
            ? `${item}の${REPORT_FIELD_LABELS.status}「${code}」はこの計画の凡例にありません。${rules.status.map((v) => `「${v.symbol}」（${v.code}）`).join('')}のいずれかを指定してください。`
            : `${item}: ${p.message}`;
        errors.push({ path: at(p.path), message });
      }
      answers.push({ ...content, nodeId: a.nodeId });
    });
    if (errors.length) throw validationError(errors, `「${label || input.label}」を取り込めません。各項目のメッセージを確認してください（何も保存していません）。`);

    // openedAt stays null (the round was never open for answers here); closedAt is when it was recorded
    const id = randomUUID();
    const row = {
      municipalityId: ctx.municipalityId,
      id,
      planId,
      label,
      asOfDate: input.asOfDate,
      targetFiscalYear: input.targetFiscalYear,
      deadline: input.asOfDate,
      state: 'closed',
      fields: orderFields(fields),
      previousRoundId,
      closedAt,
    };
    planned.push({ id, label, row, answers });
    // a round written in this transaction sorts before older ones of the same as-of date, as it would when read back
    const pos = known.findIndex((r) => byAsOfDesc(r, row) >= 0);
    known.splice(pos < 0 ? known.length : pos, 0, { id, label, asOfDate: row.asOfDate, state: 'closed' });
  }

  // one statement: the rounds (which may point at each other) are checked at its end
  const inserted = await ctx.db.insert(rounds).values(planned.map((p) => p.row)).returning();
  const byId = new Map(inserted.map((r) => [r.id, r]));

  // One row per answer, fields left out when empty (the database fills the defaults): 10,000 answers are
  // megabytes of JSON, and parsing it is a good part of the statement on PGlite.
  let o = 0;
  const reportRows = planned.flatMap((p, r) =>
    p.answers.map((a) => ({
      o: o++,
      r,
      n: a.nodeId,
      s: a.statusCode ?? undefined,
      a: a.achievementCode ?? undefined,
      t: a.narrative || undefined,
      i: a.issues || undefined,
      p: a.nextPlan || undefined,
      er: a.effectRevenueYen ?? undefined,
      ee: a.effectExpenseYen ?? undefined,
      ek: a.effectKind ?? undefined,
      h: a.hoursSavedTenths ?? undefined,
      u: Object.keys(a.numbers).length ? a.numbers : undefined,
    })),
  );
  const roundRefs = planned.map((p, r) => ({ r, id: p.id, comment: `過去の実績として取込み（${p.label}）` }));
  const m = ctx.municipalityId;
  // Reports and their 'import' events in one statement; x is materialised once (it is read twice and calls a
  // volatile function), so each event gets its report's new id. Events go in answer order (report_events.seq),
  // as one INSERT per batch wrote them.
  await ctx.db.execute(sql`
    with x as (
      select gen_random_uuid() as id, c.id as round_id, c.comment, j.*
      from jsonb_to_recordset(${JSON.stringify(reportRows)}::jsonb)
             as j(o int, r int, n uuid, s text, a text, t text, i text, p text, er bigint, ee bigint, ek text, h int, u jsonb)
      join jsonb_to_recordset(${JSON.stringify(roundRefs)}::jsonb) as c(r int, id uuid, comment text) on c.r = j.r
    ),
    ins as (
      insert into reports (municipality_id, id, round_id, node_id, state, status_code, achievement_code, narrative, issues, next_plan,
                           effect_revenue_yen, effect_expense_yen, effect_kind, hours_saved_tenths, numbers, updated_by)
      select ${m}::uuid, id, round_id, n, 'accepted', s, a, coalesce(t, ''), coalesce(i, ''), coalesce(p, ''),
             er, ee, ek, h, coalesce(u, '{}'::jsonb), ${actor}::text
      from x order by o
    )
    insert into report_events (municipality_id, report_id, actor, action, from_state, to_state, comment)
    select ${m}::uuid, id, ${actor}::text, 'import', 'not_started', 'accepted', comment
    from x order by o`);

  const results: ImportClosedRoundResult[] = [];
  for (const p of planned) {
    const round = byId.get(p.id)!;
    await recordAudit(ctx, {
      action: 'round.import',
      entity: 'round',
      entityId: round.id,
      after: { round, reportCount: p.answers.length, answers: auditAnswers(p.answers) },
    });
    results.push({ round, reportCount: p.answers.length });
  }
  return results;
}
