/**
 * Meetings of review bodies: create, update (version-checked), delete.
 * Each runs inside the caller's transaction: the meeting, its agenda and the audit row commit together.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { meetingAgenda, meetings } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { AppError, conflict, notFound, validationError, type FieldError } from '../../../shared/errors.js';
import { actorLabel } from '../../access/domain/actorLabel.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { normalizeMeeting, planAgendaSave, validateMeeting, type AgendaInput, type MeetingFields, type MeetingMember } from '../domain/meeting.js';
import { publicationProblems, withdrawalProblems } from '../domain/publication.js';
import { agendaOf, countOpinionsOfMeeting, findMeeting, findNodes, findRounds, opinionStatesOfMeeting } from '../db/repo.js';
import { meetingAuditState } from '../presenters/meeting.js';
import { getMeeting } from '../queries/meetings.js';

export interface MeetingInput {
  body: string;
  title: string;
  heldOn: string;
  members?: MeetingMember[];
  minutes?: string;
  agenda?: AgendaInput[];
}

export interface MeetingPatch extends Partial<MeetingInput> {
  version: number;
}

const STALE = 'この会議は他の人が先に更新しました。あなたの入力は保存されていません。最新の内容を確認してから、もう一度保存してください。';

/** Agenda links must name a round and an item of this municipality; an item linked with a round must belong to the round's plan. */
async function checkAgendaLinks(ctx: CommandContext, agenda: AgendaInput[], errors: FieldError[]) {
  const roundIds = [...new Set(agenda.map((a) => a.roundId).filter((x): x is string => !!x))];
  const nodeIds = [...new Set(agenda.map((a) => a.nodeId).filter((x): x is string => !!x))];
  const [rs, ns] = [await findRounds(ctx, roundIds), await findNodes(ctx, nodeIds)];
  const roundBy = new Map(rs.map((r) => [r.id, r]));
  const nodeBy = new Map(ns.map((n) => [n.id, n]));
  agenda.forEach((a, i) => {
    const round = a.roundId ? roundBy.get(a.roundId) : undefined;
    const node = a.nodeId ? nodeBy.get(a.nodeId) : undefined;
    if (a.roundId && !round) errors.push({ path: `agenda.${i}.roundId`, message: `議題${i + 1}に指定された照会は、この団体に見つかりません。` });
    if (a.nodeId && !node) errors.push({ path: `agenda.${i}.nodeId`, message: `議題${i + 1}に指定された計画の項目は、この団体に見つかりません。` });
    if (round && node && round.planId !== node.planId)
      errors.push({ path: `agenda.${i}.nodeId`, message: `議題${i + 1}の項目「${node.title}」は、照会「${round.label}」の計画に含まれていません。` });
  });
}

const unknownAgenda = (i: number): FieldError => ({
  path: `agenda.${i}.id`,
  message: `議題${i + 1}はこの会議の議題ではありません。新しい議題なら id を付けずに送ってください。`,
});

async function saveAgenda(ctx: CommandContext, meetingId: string, agenda: AgendaInput[], errors: FieldError[]) {
  const stored = await agendaOf(ctx, meetingId);
  const plan = planAgendaSave(stored, agenda);
  for (const i of plan.unknown) errors.push(unknownAgenda(i));
  if (errors.length) throw validationError(errors);
  const m = ctx.municipalityId;
  if (plan.remove.length)
    await ctx.db.delete(meetingAgenda).where(and(eq(meetingAgenda.municipalityId, m), eq(meetingAgenda.meetingId, meetingId), inArray(meetingAgenda.id, plan.remove)));
  for (const u of plan.update)
    await ctx.db
      .update(meetingAgenda)
      .set({ sortOrder: u.sortOrder, title: u.input.title.trim(), roundId: u.input.roundId ?? null, nodeId: u.input.nodeId ?? null })
      .where(and(eq(meetingAgenda.municipalityId, m), eq(meetingAgenda.meetingId, meetingId), eq(meetingAgenda.id, u.id)));
  if (plan.insert.length)
    await ctx.db.insert(meetingAgenda).values(
      plan.insert.map((x) => ({ municipalityId: m, meetingId, sortOrder: x.sortOrder, title: x.input.title.trim(), roundId: x.input.roundId ?? null, nodeId: x.input.nodeId ?? null })),
    );
}

export async function createMeeting(ctx: CommandContext, input: MeetingInput) {
  const fields = normalizeMeeting({ body: input.body, title: input.title, heldOn: input.heldOn, members: input.members ?? [], minutes: input.minutes ?? '' });
  const agenda = input.agenda ?? [];
  const errors = validateMeeting(fields, agenda);
  await checkAgendaLinks(ctx, agenda, errors);
  agenda.forEach((a, i) => {
    if (a.id) errors.push({ path: `agenda.${i}.id`, message: `議題${i + 1}: 新しい会議の議題には id を付けないでください。` });
  });
  if (errors.length) throw validationError(errors);
  const [row] = await ctx.db
    .insert(meetings)
    .values({ municipalityId: ctx.municipalityId, ...fields })
    .returning();
  await saveAgenda(ctx, row!.id, agenda, []);
  await recordAudit(ctx, { action: 'meeting.create', entity: 'meeting', entityId: row!.id, after: meetingAuditState(row!, await agendaOf(ctx, row!.id)) });
  return row!;
}

export async function updateMeeting(ctx: CommandContext, meetingId: string, patch: MeetingPatch) {
  const before = await findMeeting(ctx, meetingId);
  if (!before) throw notFound('会議');
  if (before.version !== patch.version) throw conflict(STALE, await getMeeting(ctx, meetingId, before));
  const beforeAgenda = await agendaOf(ctx, meetingId);
  const merged: MeetingFields = normalizeMeeting({
    body: patch.body ?? before.body,
    title: patch.title ?? before.title,
    heldOn: patch.heldOn ?? before.heldOn,
    members: patch.members ?? before.members,
    minutes: patch.minutes ?? before.minutes,
  });
  const errors = validateMeeting(merged, patch.agenda);
  if (patch.agenda) {
    await checkAgendaLinks(ctx, patch.agenda, errors);
    for (const i of planAgendaSave(beforeAgenda, patch.agenda).unknown) errors.push(unknownAgenda(i));
  }
  if (errors.length) throw validationError(errors);
  const [row] = await ctx.db
    .update(meetings)
    .set({ ...merged, version: sql`${meetings.version} + 1` })
    .where(and(eq(meetings.municipalityId, ctx.municipalityId), eq(meetings.id, meetingId), eq(meetings.version, patch.version)))
    .returning();
  if (!row) throw conflict(STALE, await getMeeting(ctx, meetingId));
  if (patch.agenda) await saveAgenda(ctx, meetingId, patch.agenda, []);
  await recordAudit(ctx, {
    action: 'meeting.update',
    entity: 'meeting',
    entityId: meetingId,
    before: meetingAuditState(before, beforeAgenda),
    after: meetingAuditState(row, patch.agenda ? await agendaOf(ctx, meetingId) : beforeAgenda),
  });
  return row;
}

export async function deleteMeeting(ctx: CommandContext, meetingId: string, version: number) {
  const before = await findMeeting(ctx, meetingId);
  if (!before) throw notFound('会議');
  if (before.version !== version) throw conflict(STALE, await getMeeting(ctx, meetingId, before));
  const n = await countOpinionsOfMeeting(ctx, meetingId);
  if (n > 0)
    throw conflict(`会議「${before.title}」には意見が${n}件登録されているため削除できません。先に各意見の会議の指定を外すか、別の会議に付け替えてください。`);
  const beforeAgenda = await agendaOf(ctx, meetingId);
  // agenda rows go with the meeting (ON DELETE CASCADE)
  const deleted = await ctx.db
    .delete(meetings)
    .where(and(eq(meetings.municipalityId, ctx.municipalityId), eq(meetings.id, meetingId), eq(meetings.version, version)))
    .returning({ id: meetings.id });
  if (!deleted.length) throw conflict(STALE);
  await recordAudit(ctx, { action: 'meeting.delete', entity: 'meeting', entityId: meetingId, before: meetingAuditState(before, beforeAgenda) });
}

/**
 * Publishes the meeting's opinions and responses for citizens (公表), or withdraws them. Version-checked;
 * publishing needs every opinion of the meeting closed (domain/publication.ts), checked on the rows
 * locked here, so an opinion reopened meanwhile cannot slip through.
 */
export async function setMeetingPublication(ctx: CommandContext, meetingId: string, input: { version: number; published: boolean }) {
  const before = await findMeeting(ctx, meetingId, 'update');
  if (!before) throw notFound('会議');
  if (before.version !== input.version) throw conflict(STALE, await getMeeting(ctx, meetingId, before));
  const problems = input.published
    ? publicationProblems({ opinions: await opinionStatesOfMeeting(ctx, meetingId, 'share'), publishedAt: before.publishedAt })
    : withdrawalProblems(before);
  if (problems.length) throw new AppError('publication_refused', 409, `会議「${before.title}」: ${problems.join(' ')}`);
  const [row] = await ctx.db
    .update(meetings)
    .set(input.published ? { publishedAt: new Date(), publishedBy: actorLabel(ctx.actor), version: sql`${meetings.version} + 1` } : { publishedAt: null, publishedBy: '', version: sql`${meetings.version} + 1` })
    .where(and(eq(meetings.municipalityId, ctx.municipalityId), eq(meetings.id, meetingId), eq(meetings.version, input.version)))
    .returning();
  if (!row) throw conflict(STALE, await getMeeting(ctx, meetingId));
  await recordAudit(ctx, {
    action: input.published ? 'meeting.publish' : 'meeting.unpublish',
    entity: 'meeting',
    entityId: meetingId,
    before: { publishedAt: before.publishedAt?.toISOString() ?? null, publishedBy: before.publishedBy },
    after: { publishedAt: row.publishedAt?.toISOString() ?? null, publishedBy: row.publishedBy },
  });
  return row;
}
