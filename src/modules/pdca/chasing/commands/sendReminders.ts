/**
 * 督促: in-app notifications for the reporters and approvers of departments
 * with missing reports, and (when SMTP is configured) one mail each in
 * email_outbox — all in the caller's transaction, with one audit row.
 * Delivery of the mail happens after the commit (mail/outbox.ts).
 */
import { emailOutbox, notifications } from '../../../../db/schema.js';
import type { ReminderResultDto } from '../../../../shared/api-types-views.js';
import type { CommandContext } from '../../../../shared/context.js';
import { AppError } from '../../../../shared/errors.js';
import { recordAudit } from '../../../audit/commands/recordAudit.js';
import { deadlineInfo, departmentsWithoutPeople, reminderTexts } from '../domain/missing.js';
import { isValidAddress } from '../mail/message.js';
import { loadMissing } from '../queries/missing.js';

export interface ReminderInput {
  /** only these departments (default: every department with missing reports) */
  departmentIds?: string[] | undefined;
  /** a line added to the text, e.g. 「6月28日の幹事会で報告します。」 */
  message?: string | undefined;
}

export async function sendReminders(
  ctx: CommandContext,
  roundId: string,
  input: ReminderInput,
  opts: { emailEnabled: boolean; link: string; senderName?: string; now?: Date },
): Promise<ReminderResultDto> {
  const md = await loadMissing(ctx, roundId, opts.now);
  const { data } = md;
  if (data.round.state === 'draft') throw new AppError('round_not_open', 422, 'この照会はまだ開始されていないため、督促できません。');
  if (data.round.state === 'closed') throw new AppError('round_closed', 422, 'この照会は締め切られているため、督促できません。');

  const only = input.departmentIds?.length ? new Set(input.departmentIds) : null;
  if (only) {
    const unknown = [...only].filter((id) => !data.deptNames.has(id));
    if (unknown.length) throw new AppError('validation', 422, '指定された担当課が見つかりません。', unknown.map((id) => ({ path: 'departmentIds', message: `担当課（${id}）が見つかりません。` })));
  }
  const missing = md.missing.filter((m) => m.departmentId !== null && (!only || only.has(m.departmentId)));
  if (!missing.length) throw new AppError('nothing_missing', 422, only ? '指定された担当課には未提出の報告がありません。' : 'すべての項目が提出済みです。督促の対象はありません。');
  const chasedDepts = new Set(missing.map((m) => m.departmentId!));
  const people = md.people
    .map((p) => {
      const departmentIds = p.departmentIds.filter((d) => chasedDepts.has(d));
      return { ...p, departmentIds, nodeIds: p.nodeIds.filter((n) => chasedDepts.has(md.leadOf(n) ?? '')) };
    })
    .filter((p) => p.departmentIds.length);
  const uncovered = departmentsWithoutPeople(missing, people).map((id) => ({ id, name: data.deptNames.get(id) ?? '（不明な組織）' }));
  if (!people.length) {
    throw new AppError('no_recipients', 422, `未提出の担当課に報告者・承認者が登録されていないため、督促を送れません（${uncovered.map((d) => d.name).join('、')}）。`);
  }

  const deadline = deadlineInfo(md.today, data.round.deadline);
  const notified: ReminderResultDto['notified'] = [];
  let emailsQueued = 0;
  for (const p of people) {
    const staff = md.staff.get(p.userId)!;
    const texts = reminderTexts({
      personName: staff.name,
      planTitle: data.plan.title,
      roundLabel: data.round.label,
      deadline,
      items: p.nodeIds.map((id) => {
        const n = data.byId.get(id)!;
        const lead = md.leadOf(id);
        return { number: n.number, title: n.title, department: lead ? (data.deptNames.get(lead) ?? '') : '' };
      }),
      message: input.message,
      senderName: opts.senderName ?? '行政改革 事務局',
    });
    const [row] = await ctx.db
      .insert(notifications)
      .values({ municipalityId: ctx.municipalityId, userId: p.userId, kind: 'reminder', title: texts.title, body: texts.body, link: opts.link })
      .returning({ id: notifications.id });
    const email = staff.email.trim();
    const emailQueued = opts.emailEnabled && isValidAddress(email);
    if (emailQueued) {
      await ctx.db.insert(emailOutbox).values({ municipalityId: ctx.municipalityId, to: email, subject: texts.subject, body: texts.body });
      emailsQueued++;
    }
    notified.push({ userId: p.userId, name: staff.name, notificationId: row!.id, emailQueued, missing: { count: p.nodeIds.length, nodeIds: p.nodeIds } });
  }

  await recordAudit(ctx, {
    action: 'round.remind',
    entity: 'round',
    entityId: data.round.id,
    after: {
      departmentIds: [...chasedDepts],
      userIds: notified.map((n) => n.userId),
      nodeIds: missing.flatMap((m) => m.nodeIds),
      emailsQueued,
      message: input.message ?? '',
    },
  });

  return { roundId: data.round.id, notified, emailEnabled: opts.emailEnabled, emailsQueued, departmentsWithoutPeople: uncovered };
}
