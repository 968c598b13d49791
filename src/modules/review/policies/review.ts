/**
 * Who may do what with review bodies (会議体), meetings and opinions (意見).
 * Pure functions of (actor, record); no I/O. Routes load the record scoped to the
 * tenant first (404), then ask these (403 with explainReviewRefusal's message).
 *
 *                          sys  sec  rep  apr  view council
 *   meeting.read            O    O    O    O    O    O      — every role of the municipality (幹事会・推進本部 members, 審議会委員)
 *   meeting.write           O    O    x    x    x    x      — the secretariat records meetings, members, minutes, agenda
 *   meeting.publish         O    O    x    x    x    x      — publishes (and withdraws) a meeting's opinions and responses for citizens
 *   opinion.read            O    O    O    O    O    O      — council members read the opinions they gave and their handling
 *   opinion.create/edit     O    O    x    x    x    x      — the secretariat records opinions (council members give them at meetings)
 *   opinion.assign/return/close O O   x    x    x    x
 *   opinion.respond         O    x   own  own   x    x      — only the assigned department's reporters and approvers
 *
 * system_admin may respond as well: until login is wired the staff UI runs as the demo
 * administrator, and the demo must be able to walk an opinion through its states.
 * The secretariat does not answer for a department (separation of duties); it sends answers back instead.
 */
import type { Actor, Role, TenantRecord } from '../../access/domain/policy.js';
import { isOpinionEditable, nextOpinionState, type OpinionState } from '../domain/opinion.js';

export type MeetingAction = 'meeting.read' | 'meeting.write' | 'meeting.publish';
export type OpinionAction =
  | 'opinion.read'
  | 'opinion.create'
  | 'opinion.edit'
  | 'opinion.assign'
  | 'opinion.respond'
  | 'opinion.return'
  | 'opinion.close';
export type ReviewAction = MeetingAction | OpinionAction;

/** An opinion as the policy sees it: which tenant, which department must answer. */
export interface OpinionRecord extends TenantRecord {
  assignedDepartmentId: string | null;
}

/** Record-level actions need the opinion; the rest only need the tenant. */
export type ReviewRecordFor<A extends ReviewAction> = A extends 'opinion.respond' ? OpinionRecord : TenantRecord;

export const REVIEW_ACTIONS: readonly ReviewAction[] = [
  'meeting.read',
  'meeting.write',
  'meeting.publish',
  'opinion.read',
  'opinion.create',
  'opinion.edit',
  'opinion.assign',
  'opinion.respond',
  'opinion.return',
  'opinion.close',
];

export const ROLE_LABELS: Record<Role, string> = {
  system_admin: 'システム管理者',
  secretariat: '事務局',
  dept_reporter: '担当課（報告者）',
  dept_approver: '担当課（承認者）',
  viewer: '推進本部・幹部',
  council: '審議会委員',
};

export const REVIEW_ACTION_LABELS: Record<ReviewAction, string> = {
  'meeting.read': '会議の閲覧',
  'meeting.write': '会議の登録・編集・削除',
  'meeting.publish': '会議の意見と対応の公表',
  'opinion.read': '意見の閲覧',
  'opinion.create': '意見の登録',
  'opinion.edit': '意見の修正',
  'opinion.assign': '意見の担当課への割当て',
  'opinion.respond': '意見への対応方針の回答',
  'opinion.return': '対応方針の差戻し',
  'opinion.close': '意見の完了',
};

const ALL: readonly Role[] = ['system_admin', 'secretariat', 'dept_reporter', 'dept_approver', 'viewer', 'council'];
const SECRETARIAT: readonly Role[] = ['system_admin', 'secretariat'];
const DEPARTMENT: readonly Role[] = ['dept_reporter', 'dept_approver'];

const sameTenant = (actor: Actor, record: TenantRecord) =>
  actor.role === 'system_admin' || (actor.municipalityId !== null && actor.municipalityId === record.municipalityId);

export function canReview<A extends ReviewAction>(actor: Actor, action: A, record: ReviewRecordFor<A>): boolean {
  if (!sameTenant(actor, record)) return false;
  switch (action) {
    case 'meeting.read':
    case 'opinion.read':
      return ALL.includes(actor.role);
    case 'meeting.write':
    case 'meeting.publish':
    case 'opinion.create':
    case 'opinion.edit':
    case 'opinion.assign':
    case 'opinion.return':
    case 'opinion.close':
      return SECRETARIAT.includes(actor.role);
    case 'opinion.respond': {
      if (actor.role === 'system_admin') return true;
      const dept = (record as OpinionRecord).assignedDepartmentId;
      return DEPARTMENT.includes(actor.role) && dept !== null && actor.departmentIds.includes(dept);
    }
  }
  return false;
}

/** Who an action is for, in words (for refusals). */
const WHO: Record<ReviewAction, string> = {
  'meeting.read': 'この団体の職員・委員',
  'meeting.write': '事務局',
  'meeting.publish': '事務局',
  'opinion.read': 'この団体の職員・委員',
  'opinion.create': '事務局',
  'opinion.edit': '事務局',
  'opinion.assign': '事務局',
  'opinion.respond': '割り当てられた担当課の報告者・承認者',
  'opinion.return': '事務局',
  'opinion.close': '事務局',
};

export interface RefusalPlace {
  /** e.g. 荒尾市 */
  municipalityName: string;
  /** what is acted on, e.g. 会議「第1回行政改革推進本部会議」 or 意見「窓口の…」 */
  target?: string;
  /** opinion.respond: name of the assigned department, if any */
  assignedDepartmentName?: string | null;
}

/** A Japanese refusal that says what was refused, where, and who may do it. */
export function explainReviewRefusal(actor: Actor, action: ReviewAction, record: TenantRecord, place: RefusalPlace): string {
  const what = REVIEW_ACTION_LABELS[action];
  const where = place.target ? `${place.municipalityName}の${place.target}` : place.municipalityName;
  if (!sameTenant(actor, record)) return `${place.municipalityName}のデータは、この団体の職員・委員のみが扱えます（${what}：${where}）。`;
  if (action === 'opinion.respond' && DEPARTMENT.includes(actor.role)) {
    const dept = (record as OpinionRecord).assignedDepartmentId;
    if (dept === null) return `${where}はまだ担当課に割り当てられていないため、対応方針を回答できません。`;
    return `${where}は${place.assignedDepartmentName ?? '他の担当課'}に割り当てられています。対応方針の回答は、割り当てられた担当課の報告者・承認者のみが行えます。`;
  }
  return `${ROLE_LABELS[actor.role]}の権限では「${what}」はできません（${where}）。${WHO[action]}のみが行えます。`;
}

/**
 * What the actor may do with this opinion now: the policy and the state machine together
 * (input-dependent checks — comment, response text — are left to the command).
 */
export function opinionPermissions(actor: Actor, o: OpinionRecord & { state: OpinionState }) {
  const facts = { state: o.state, assignedDepartmentId: o.assignedDepartmentId };
  const stateAllows = (a: 'respond' | 'return' | 'close') => {
    const r = nextOpinionState(a, facts, { response: 'x', comment: 'x' });
    return r.ok;
  };
  return {
    edit: canReview(actor, 'opinion.edit', o) && isOpinionEditable(o.state),
    assign: canReview(actor, 'opinion.assign', o) && o.state === 'open',
    respond: canReview(actor, 'opinion.respond', o) && stateAllows('respond'),
    return: canReview(actor, 'opinion.return', o) && stateAllows('return'),
    close: canReview(actor, 'opinion.close', o) && stateAllows('close'),
  };
}
