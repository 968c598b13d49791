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
 * one audit row for the import.
 */
import { actorLabel } from '../../access/domain/actorLabel.js';
import { reportEvents, reports, rounds } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { notFound, validationError, type FieldError } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { todayInTokyo } from '../../fiscal/domain/index.js';
import { findPlan } from '../../plans/db/repo.js';
import { symbolsText } from '../domain/legend.js';
import { applyDraft, EMPTY_REPORT, REPORT_FIELD_LABELS, type ReportDraftInput, type ReportField } from '../domain/report.js';
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

/** Which asked field an answer key fills (as the report rules count them). */
const FIELD_OF_KEY: Record<keyof Omit<ReportDraftInput, 'statusCode'>, ReportField> = {
  achievementCode: 'achievement',
  narrative: 'narrative',
  issues: 'issues',
  nextPlan: 'nextPlan',
  effectRevenueYen: 'effect',
  effectExpenseYen: 'effect',
  effectKind: 'effect',
  hoursSavedTenths: 'hoursSaved',
  numbers: 'numbers',
};

const filled = (v: unknown): boolean =>
  v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '') && !(typeof v === 'object' && Object.keys(v as object).length === 0);

/** 進捗状況 and 取組内容・実績 always (the printed tables have both columns), plus what the answers fill. */
export function fieldsOfAnswers(answers: readonly HistoryAnswerInput[]): ReportField[] {
  const asked = new Set<ReportField>(['status', 'narrative']);
  for (const a of answers)
    for (const [key, field] of Object.entries(FIELD_OF_KEY) as [keyof typeof FIELD_OF_KEY, ReportField][]) if (filled(a[key])) asked.add(field);
  return orderFields([...asked]);
}

/** 整理番号4「自治のあり方に関する調査研究」, or 「title」 when the item has no number. */
const itemLabel = (n: { number: string; title: string }) => (n.number ? `整理番号${n.number}「${n.title}」` : `「${n.title}」`);

export async function importClosedRound(ctx: CommandContext, planId: string, input: ImportClosedRoundInput): Promise<ImportClosedRoundResult> {
  const plan = await findPlan(ctx, planId);
  if (!plan) throw notFound('計画');
  // FOR SHARE: a concurrent legend change that removes a value waits until these answers are in
  const legends = await effectiveLegends(ctx, planId, 'share');
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

  const existing = await roundRowsOfPlan(ctx, planId);
  if (label && existing.some((r) => r.label === label && r.asOfDate === input.asOfDate))
    errors.push({ path: 'label', message: `この計画には既に基準日${dateLabel(input.asOfDate)}の照会「${label}」があります。同じ実績を二重に取り込むことはできません。` });

  let previousRoundId: string | null;
  if (input.previousRoundId === undefined) {
    // newest first by as-of date: the first closed round dated before this one
    previousRoundId = existing.find((r) => r.state === 'closed' && r.asOfDate < input.asOfDate)?.id ?? null;
  } else {
    previousRoundId = input.previousRoundId;
    if (previousRoundId && !existing.some((r) => r.id === previousRoundId))
      errors.push({ path: 'previousRoundId', message: '前回の照会がこの計画に見つかりません。' });
  }

  if (!input.answers.length) errors.push({ path: 'answers', message: '取り込む回答が1件もありません。' });
  const nodes = new Map((await planItems(ctx, planId)).map((n) => [n.id, n]));
  const rules = { fields, status: legends.status.values, achievement: legends.achievement?.values ?? null };
  const seen = new Map<string, number>();
  const rows: (typeof reports.$inferInsert)[] = [];
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
    const { nodeId: _n, statusCode: _s, ...rest } = a;
    const { content, errors: problems } = applyDraft(EMPTY_REPORT, { ...rest, statusCode: code || null }, rules);
    if (!code) errors.push({ path: at('statusCode'), message: `${item}の${REPORT_FIELD_LABELS.status}がありません。${symbolsText(rules.status)}のいずれかを指定してください。` });
    for (const p of problems) {
      const message =
        p.path === 'statusCode'
          ? `${item}の${REPORT_FIELD_LABELS.status}「${code}」はこの計画の凡例にありません。${rules.status.map((v) => `「${v.symbol}」（${v.code}）`).join('')}のいずれかを指定してください。`
          : `${item}: ${p.message}`;
      errors.push({ path: at(p.path), message });
    }
    rows.push({
      municipalityId: ctx.municipalityId,
      roundId: '', // set below, once the round exists
      nodeId: a.nodeId,
      state: 'accepted',
      ...content,
      updatedBy: actorLabel(ctx.actor),
    });
  });
  if (errors.length) throw validationError(errors, `「${label || input.label}」を取り込めません。各項目のメッセージを確認してください（何も保存していません）。`);

  // openedAt stays null (the round was never open for answers here); closedAt is when it was recorded
  const [round] = await ctx.db
    .insert(rounds)
    .values({
      municipalityId: ctx.municipalityId,
      planId,
      label,
      asOfDate: input.asOfDate,
      targetFiscalYear: input.targetFiscalYear,
      deadline: input.asOfDate,
      state: 'closed',
      fields: orderFields(fields),
      previousRoundId,
      closedAt: new Date(),
    })
    .returning();

  const actor = actorLabel(ctx.actor);
  const comment = `過去の実績として取込み（${label}）`;
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await ctx.db
      .insert(reports)
      .values(rows.slice(i, i + 500).map((r) => ({ ...r, roundId: round!.id })))
      .returning({ id: reports.id });
    await ctx.db.insert(reportEvents).values(
      inserted.map((r) => ({ municipalityId: ctx.municipalityId, reportId: r.id, actor, action: 'import', fromState: 'not_started', toState: 'accepted', comment })),
    );
  }
  await recordAudit(ctx, {
    action: 'round.import',
    entity: 'round',
    entityId: round!.id,
    after: {
      round: round,
      reportCount: rows.length,
      answers: rows.map((r) => ({ nodeId: r.nodeId, statusCode: r.statusCode, achievementCode: r.achievementCode })),
    },
  });
  return { round: round!, reportCount: rows.length };
}
