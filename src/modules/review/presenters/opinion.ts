import type { OpinionDto, OpinionEventDto, OpinionPermissionsDto } from '../../../shared/api-types-review.js';
import { toTokyoIsoDate } from '../../fiscal/domain/index.js';
import { splitActor } from '../../audit/domain/labels.js';
import { dueOnLabel, isOpinionOverdue, isOpinionState, OPINION_STATE_LABELS, opinionDeadline, type OpinionState } from '../domain/opinion.js';
import type { OpinionRow } from '../db/repo.js';

/** An opinion row with what it points to, as the list and detail queries read it. */
export interface OpinionView extends OpinionRow {
  meetingTitle: string | null;
  meetingBody: string | null;
  meetingHeldOn: string | null;
  nodePlanId: string | null;
  nodeNumber: string | null;
  nodeTitle: string | null;
  departmentName: string | null;
  lastReturnComment: string | null;
}

export function opinionState(s: string): OpinionState {
  return isOpinionState(s) ? s : 'open';
}

export function presentOpinion(o: OpinionView, today: string, can: OpinionPermissionsDto): OpinionDto {
  const state = opinionState(o.state);
  const createdOn = toTokyoIsoDate(o.createdAt);
  const deadline = opinionDeadline({ dueOn: o.dueOn, createdOnTokyo: createdOn });
  return {
    id: o.id,
    state,
    stateLabel: OPINION_STATE_LABELS[state],
    body: o.body,
    meeting: o.meetingId ? { id: o.meetingId, title: o.meetingTitle ?? '', body: o.meetingBody ?? '', heldOn: o.meetingHeldOn ?? '' } : null,
    node: o.nodeId ? { id: o.nodeId, planId: o.nodePlanId ?? '', number: o.nodeNumber ?? '', title: o.nodeTitle ?? '' } : null,
    assignedDepartment: o.assignedDepartmentId ? { id: o.assignedDepartmentId, name: o.departmentName ?? '（不明な組織）' } : null,
    response: o.response,
    respondedBy: o.respondedBy ? splitActor(o.respondedBy).name : null,
    respondedAt: o.respondedAt?.toISOString() ?? null,
    closedAt: o.closedAt?.toISOString() ?? null,
    createdAt: o.createdAt.toISOString(),
    dueOn: o.dueOn,
    effectiveDueOn: deadline.on,
    dueOnIsDefault: deadline.isDefault,
    overdue: isOpinionOverdue({ state, assignedDepartmentId: o.assignedDepartmentId, createdOnTokyo: createdOn, dueOn: o.dueOn }, today),
    returnComment: state === 'open' && o.lastReturnComment ? o.lastReturnComment : null,
    can,
    version: o.version,
  };
}

const EVENT_LABELS: Record<string, string> = {
  'opinion.create': '登録',
  'opinion.update': '修正',
  'opinion.assign': '担当課の割当て',
  'opinion.respond': '対応方針の回答',
  'opinion.return': '差戻し',
  'opinion.close': '完了',
};

export function presentOpinionEvent(
  a: { at: Date; actor: string; action: string; before?: unknown; after: unknown },
  deptNames: ReadonlyMap<string, string>,
): OpinionEventDto {
  const before = (a.before ?? {}) as { dueOn?: string | null };
  const after = (a.after ?? {}) as { assignedDepartmentId?: string | null; returnComment?: string; dueOn?: string | null };
  const parts: string[] = [];
  if (a.action === 'opinion.return') parts.push(after.returnComment ?? '');
  else if ((a.action === 'opinion.assign' || a.action === 'opinion.create') && after.assignedDepartmentId)
    parts.push(`担当課: ${deptNames.get(after.assignedDepartmentId) ?? '（不明な組織）'}`);
  // rows written before the column existed have no dueOn at all: say nothing rather than "cleared"
  if (a.action === 'opinion.create' && after.dueOn) parts.push(`回答期限: ${dueOnLabel(after.dueOn)}`);
  if (a.action === 'opinion.update' && 'dueOn' in after && (before.dueOn ?? null) !== (after.dueOn ?? null))
    parts.push(`回答期限: ${dueOnLabel(before.dueOn ?? null)} → ${dueOnLabel(after.dueOn ?? null)}`);
  return { at: a.at.toISOString(), actor: splitActor(a.actor).name, action: a.action, actionLabel: EVENT_LABELS[a.action] ?? a.action, detail: parts.join('\n') };
}
