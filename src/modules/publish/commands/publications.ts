/**
 * Publishing to citizens (公表) and withdrawing, in the caller's transaction: the subject is locked
 * (a round: against acceptances after closing), the latest publication locked and checked against
 * the seq the secretariat saw in the preview, the snapshot built from the same rows, the previous
 * publication superseded, the new one written with what changed, and the audit row recorded — all
 * or nothing.
 */
import { and, eq } from 'drizzle-orm';
import { publications } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { AppError, notFound, validationError } from '../../../shared/errors.js';
import { actorLabel } from '../../access/domain/actorLabel.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { fiscalYearLabel } from '../../fiscal/domain/index.js';
import { setRoundPublished } from '../../pdca/commands/rounds.js';
import { findRound } from '../../pdca/db/repo.js';
import type { Publisher } from '../domain/opendataRecords.js';
import {
  changesOf,
  publishProblems,
  withdrawProblems,
  type Problem,
  type PublicationKind,
  type PublicationState,
  type Snapshot,
  type UnacceptedDecision,
} from '../domain/publication.js';
import { findPublication, latestOf, type PublicationRow } from '../db/repo.js';
import { fiscalCandidate, kpiCandidate, roundCandidate } from '../queries/candidates.js';

export interface PublishInput {
  kind: PublicationKind;
  planId: string;
  /** round: the round; kpi_values: the plan; fiscal_table: the table */
  subjectId: string;
  /** KPI values and tables: the fiscal year published; rounds: ignored */
  fiscalYear: number;
  /** the seq of the latest publication seen in the preview (0: none) */
  expectedSeq: number;
  correction: string;
  reason: string;
  unaccepted: UnacceptedDecision | null;
}

export interface Prepared {
  title: string;
  planId: string;
  snapshot: Snapshot;
  subjectState: 'ready' | 'draft' | 'open' | 'closed';
  unaccepted: { count: number; byState: Record<string, number> };
}

/** The snapshot the publication would take now, with what the checks need. Read-only. */
export async function prepare(ctx: Pick<CommandContext, 'db' | 'municipalityId'>, publisher: Publisher, input: Pick<PublishInput, 'kind' | 'planId' | 'subjectId' | 'fiscalYear' | 'unaccepted'>): Promise<Prepared> {
  if (input.kind === 'round') {
    const c = await roundCandidate(ctx, publisher, input.subjectId, input.unaccepted);
    if (c.round.planId !== input.planId) throw notFound('照会');
    return { title: c.round.label, planId: c.round.planId, snapshot: c.snapshot, subjectState: c.round.state as Prepared['subjectState'], unaccepted: c.unaccepted };
  }
  if (input.kind === 'kpi_values') {
    const s = await kpiCandidate(ctx, input.planId, input.fiscalYear);
    return { title: `${fiscalYearLabel(input.fiscalYear)}の数値目標・KPI の実績`, planId: s.plan.id, snapshot: s, subjectState: 'ready', unaccepted: { count: 0, byState: {} } };
  }
  const s = await fiscalCandidate(ctx, publisher, input.planId, input.subjectId, input.fiscalYear);
  return { title: `${s.table.title}（${fiscalYearLabel(input.fiscalYear)}版）`, planId: s.plan.id, snapshot: s, subjectState: 'ready', unaccepted: { count: 0, byState: {} } };
}

/** The subject key of a publication: a round has no year (0); the others are per fiscal year. */
export const subjectOf = (input: Pick<PublishInput, 'kind' | 'subjectId' | 'fiscalYear' | 'planId'>) => ({
  kind: input.kind,
  subjectId: input.kind === 'kpi_values' ? input.planId : input.subjectId,
  fiscalYear: input.kind === 'round' ? 0 : input.fiscalYear,
});

function refuse(problems: Problem[], current: unknown): never {
  const stale = problems.find((p) => p.code === 'stale');
  if (stale) throw new AppError('stale_publication', 409, stale.message, undefined, current);
  const state = problems.find((p) => p.code === 'round_not_closed');
  if (state) throw new AppError('round_not_closed', 409, state.message);
  throw validationError(
    problems.map((p) => ({ path: p.field ?? 'publication', message: p.message })),
    problems.map((p) => p.message).join(' '),
  );
}

export async function publish(ctx: CommandContext, publisher: Publisher, input: PublishInput): Promise<PublicationRow> {
  const subject = subjectOf(input);
  // the round first: an acceptance after closing holds it shared until it commits
  if (input.kind === 'round' && !(await findRound(ctx, input.subjectId, 'update'))) throw notFound('照会');
  const latest = await latestOf(ctx, subject, 'update');
  const prepared = await prepare(ctx, publisher, input);
  const problems = publishProblems({
    kind: input.kind,
    subjectState: prepared.subjectState,
    latest: latest ? { seq: latest.seq, state: latest.state as PublicationState } : null,
    expectedSeq: input.expectedSeq,
    correction: input.correction,
    reason: input.reason,
    unacceptedCount: prepared.unaccepted.count,
    decision: input.unaccepted,
  });
  if (problems.length) refuse(problems, latest ? { seq: latest.seq, state: latest.state } : { seq: 0, state: null });

  const now = new Date();
  if (latest?.state === 'published')
    await ctx.db
      .update(publications)
      .set({ state: 'superseded' })
      .where(and(eq(publications.municipalityId, ctx.municipalityId), eq(publications.id, latest.id)));
  const changes = changesOf(latest ? (latest.snapshot as Snapshot) : null, prepared.snapshot);
  const [row] = await ctx.db
    .insert(publications)
    .values({
      municipalityId: ctx.municipalityId,
      subjectKind: subject.kind,
      subjectId: subject.subjectId,
      fiscalYear: subject.fiscalYear,
      planId: prepared.planId,
      seq: (latest?.seq ?? 0) + 1,
      state: 'published',
      title: prepared.title,
      snapshot: prepared.snapshot,
      changes,
      correction: input.correction.trim(),
      reason: input.reason.trim(),
      unaccepted: prepared.unaccepted.count ? input.unaccepted : null,
      unacceptedCount: prepared.unaccepted.count,
      publishedAt: now,
      publishedBy: actorLabel(ctx.actor),
    })
    .returning();
  if (input.kind === 'round') await setRoundPublished(ctx, input.subjectId, now);
  await recordAudit(ctx, {
    action: latest?.state === 'published' ? 'publication.correct' : 'publication.publish',
    entity: 'publication',
    entityId: row!.id,
    before: latest ? { id: latest.id, seq: latest.seq, state: latest.state } : null,
    after: {
      kind: subject.kind,
      subjectId: subject.subjectId,
      fiscalYear: subject.fiscalYear,
      title: prepared.title,
      seq: row!.seq,
      correction: row!.correction,
      reason: row!.reason,
      unaccepted: row!.unaccepted,
      unacceptedCount: row!.unacceptedCount,
      changes: changes.length,
    },
  });
  return row!;
}

export async function withdraw(ctx: CommandContext, publicationId: string, input: { expectedSeq: number; reason: string }): Promise<PublicationRow> {
  const p = await findPublication(ctx, publicationId, 'update');
  if (!p) throw notFound('公表');
  if (p.subjectKind === 'round') await findRound(ctx, p.subjectId, 'update');
  const problems = withdrawProblems({ state: p.state as PublicationState, seq: p.seq }, input.expectedSeq, input.reason);
  if (problems.length) refuse(problems, { seq: p.seq, state: p.state });
  const [row] = await ctx.db
    .update(publications)
    .set({ state: 'withdrawn', withdrawnAt: new Date(), withdrawnBy: actorLabel(ctx.actor), withdrawReason: input.reason.trim() })
    .where(and(eq(publications.municipalityId, ctx.municipalityId), eq(publications.id, p.id)))
    .returning();
  if (p.subjectKind === 'round') await setRoundPublished(ctx, p.subjectId, null);
  await recordAudit(ctx, {
    action: 'publication.withdraw',
    entity: 'publication',
    entityId: p.id,
    before: { state: p.state, seq: p.seq, title: p.title },
    after: { state: 'withdrawn', reason: row!.withdrawReason },
  });
  return row!;
}
