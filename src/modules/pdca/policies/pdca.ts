/**
 * Who may do what in the PDCA cycle. Pure functions of (actor, record) → boolean,
 * with typed actions; the HTTP layer asks them before any command runs, and the
 * commands re-check the workflow state inside their transaction.
 *
 * Roles
 * - システム管理者・事務局: everything, in every department (the workflow still decides
 *   which action fits which state: the secretariat returns with `return_by_secretariat`).
 * - 担当課 報告者: reads and saves the reports of items where one of their departments is
 *   responsible (co-owners included); submits only when their department is the LEAD.
 *   Other departments' reports: read once the secretariat has confirmed them (accepted).
 * - 担当課 承認者（課長）: as the reporter, and approves / returns — lead department only;
 *   never a report they wrote or submitted last unless the municipality allows self-approval
 *   (domain/separation.ts, checked by the approve command).
 * - 推進本部・幹部 (viewer), 審議会委員 (council): read rounds, legends and the reports the
 *   secretariat has confirmed (accepted); change nothing.
 *   Reading answers anywhere follows policies/answers.ts.
 * - anyone of another municipality: nothing (the HTTP layer answers 404).
 */
import type { Actor, Role, TenantRecord } from '../../access/domain/policy.js';
import { answerDenial, canReadAnswer } from './answers.js';
import { checkApproval, selfApprovalMessage, type ApprovalFacts } from '../domain/separation.js';
import {
  nextState,
  REPORT_ACTION_LABELS,
  REPORT_ACTIONS,
  TRANSITIONS,
  type ReportAction,
  type ReportState,
  type RoundState,
  type WorkflowRole,
} from '../domain/workflow.js';

export type LegendPolicyAction = 'legend.read' | 'legend.write';
export type RoundPolicyAction = 'round.read' | 'round.create' | 'round.update' | 'round.open' | 'round.close' | 'round.reopen';
export type PlanPdcaAction = LegendPolicyAction | RoundPolicyAction;
export type ReportPolicyAction = 'report.read' | `report.${ReportAction}`;

export const PLAN_PDCA_ACTIONS: readonly PlanPdcaAction[] = [
  'legend.read',
  'legend.write',
  'round.read',
  'round.create',
  'round.update',
  'round.open',
  'round.close',
  'round.reopen',
];

export const REPORT_POLICY_ACTIONS: readonly ReportPolicyAction[] = [
  'report.read',
  'report.save',
  'report.submit',
  'report.approve',
  'report.return_by_approver',
  'report.accept',
  'report.return_by_secretariat',
  'report.reopen',
];

/** A report as the policy sees it: its tenant, the item's responsible departments and its state. */
export interface ReportRecord extends TenantRecord {
  departments: readonly { id: string; lead: boolean; name?: string }[];
  state: ReportState;
  /** who last changed or submitted it and whether the municipality allows self-approval; absent: not checked here (the command checks) */
  approval?: ApprovalFacts | undefined;
}

const OFFICE: readonly Role[] = ['system_admin', 'secretariat'];
const DEPT: readonly Role[] = ['dept_reporter', 'dept_approver'];

/** The actor belongs to the record's municipality (system administrators belong everywhere). */
export function inTenant(actor: Actor, record: TenantRecord): boolean {
  return actor.role === 'system_admin' || (actor.municipalityId !== null && actor.municipalityId === record.municipalityId);
}

/** The workflow role family of an actor; null for read-only roles. */
export function workflowRoleOf(actor: Actor): WorkflowRole | null {
  switch (actor.role) {
    case 'system_admin':
    case 'secretariat':
      return 'secretariat';
    case 'dept_approver':
      return 'approver';
    case 'dept_reporter':
      return 'reporter';
    case 'viewer':
    case 'council':
      return null;
  }
}

/** One of the actor's departments is responsible for the item (lead or co-owner). */
export function isResponsible(actor: Actor, record: Pick<ReportRecord, 'departments'>): boolean {
  return record.departments.some((d) => actor.departmentIds.includes(d.id));
}

/** The actor's department is the item's lead (主担当課). */
export function isLead(actor: Actor, record: Pick<ReportRecord, 'departments'>): boolean {
  return record.departments.some((d) => d.lead && actor.departmentIds.includes(d.id));
}

/** Legends and rounds of a plan. */
export function canPlanPdca(actor: Actor, action: PlanPdcaAction, record: TenantRecord): boolean {
  if (!inTenant(actor, record)) return false;
  switch (action) {
    case 'legend.read':
    case 'round.read':
      return true;
    case 'legend.write':
    case 'round.create':
    case 'round.update':
    case 'round.open':
    case 'round.close':
    case 'round.reopen':
      return OFFICE.includes(actor.role);
  }
}

/** A department's inbox of a round (departmentId null: the actor's own departments, or all for the office). */
export function canReadInbox(actor: Actor, record: TenantRecord & { departmentId: string | null }): boolean {
  if (!inTenant(actor, record)) return false;
  if (DEPT.includes(actor.role)) return record.departmentId === null || actor.departmentIds.includes(record.departmentId);
  return true;
}

export function canReport(actor: Actor, action: ReportPolicyAction, record: ReportRecord): boolean {
  if (!inTenant(actor, record)) return false;
  // one rule for every place an answer is read (policies/answers.ts)
  if (action === 'report.read') return canReadAnswer(actor, record);
  const wa = action.slice('report.'.length) as ReportAction;
  const role = workflowRoleOf(actor);
  if (!role || !TRANSITIONS[wa].by.includes(role)) return false;
  // 職務の分離: the last writer does not approve their own report (domain/separation.ts)
  if (wa === 'approve' && record.approval && !checkApproval(actor, record.approval).ok) return false;
  if (role === 'secretariat') return true;
  // co-owners write together; only the lead department submits and approves
  if (wa === 'save') return isResponsible(actor, record);
  return isLead(actor, record);
}

/** Why canReport said no, in Japanese, for the 403 answer. */
export function reportDenial(actor: Actor, action: ReportPolicyAction, record: ReportRecord, leadName?: string): string {
  if (action === 'report.read') return answerDenial(actor);
  const wa = action.slice('report.'.length) as ReportAction;
  const role = workflowRoleOf(actor);
  if (!role) return '閲覧のみの権限です。報告を変更することはできません。';
  if (!TRANSITIONS[wa].by.includes(role)) return `「${REPORT_ACTION_LABELS[wa]}」を行う権限がありません。`;
  const approval = wa === 'approve' && record.approval ? checkApproval(actor, record.approval) : null;
  if (approval && !approval.ok) return selfApprovalMessage(approval.writerName, leadName ?? record.departments.find((d) => d.lead)?.name);
  if (!isResponsible(actor, record)) return 'この項目の担当課ではないため、この報告を変更できません。';
  const lead = leadName ? `主担当課（${leadName}）` : '主担当課';
  if (wa === 'submit') return `共管の項目は${lead}が提出します。`;
  return `「${REPORT_ACTION_LABELS[wa]}」は${lead}の承認者が行います。`;
}

/** The departments a report list must be limited to for this actor; null = no limit (office, viewers, council). */
export function inboxDepartmentLimit(actor: Actor): string[] | null {
  return DEPT.includes(actor.role) ? [...actor.departmentIds] : null;
}

/**
 * Why 承認 is not offered to this actor although their role could approve the report now
 * (they wrote or submitted it last), for the report page; null when approval is not held back.
 */
export function approvalHeldBack(actor: Actor, record: ReportRecord, roundState: RoundState): string | null {
  if (!record.approval || record.state !== 'submitted' || roundState !== 'open') return null;
  const check = checkApproval(actor, record.approval);
  if (check.ok) return null;
  if (!canReport(actor, 'report.approve', { ...record, approval: undefined })) return null;
  return selfApprovalMessage(check.writerName, record.departments.find((d) => d.lead)?.name);
}

/** What the actor may do with a report now: the policy and the state machine both say yes. */
export function allowedReportActions(actor: Actor, record: ReportRecord, roundState: RoundState, roundPublished = false): ReportAction[] {
  const role = workflowRoleOf(actor);
  if (!role) return [];
  return REPORT_ACTIONS.filter(
    (a) => canReport(actor, `report.${a}`, record) && nextState(a, record.state, { role, roundState, comment: '（理由）', roundPublished }).ok,
  );
}
