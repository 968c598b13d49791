/**
 * Opinions (意見) of a review body and their handling, as an explicit state machine. Pure.
 *
 *   open ──respond──▶ answered ──close──▶ closed
 *    ▲  ↺ assign          │ ↺ respond (the department may revise its answer until the secretariat acts)
 *    └──────return────────┘   (the secretariat sends the answer back with a comment)
 *
 * Who may act (secretariat / the assigned department) is the policy's job
 * (policies/review.ts); this module only says which moves exist and what they need.
 */
import { addDays } from '../../fiscal/domain/display.js';
import { parseIsoDate } from '../../fiscal/domain/fiscalYear.js';
import { formatWarekiDate } from '../../fiscal/domain/wareki.js';

export const OPINION_STATES = ['open', 'answered', 'closed'] as const;
export type OpinionState = (typeof OPINION_STATES)[number];

export const OPINION_STATE_LABELS: Record<OpinionState, string> = {
  open: '対応方針待ち',
  answered: '回答済み（事務局確認待ち）',
  closed: '完了',
};

export const OPINION_ACTIONS = ['assign', 'respond', 'return', 'close'] as const;
export type OpinionAction = (typeof OPINION_ACTIONS)[number];

export const OPINION_ACTION_LABELS: Record<OpinionAction, string> = {
  assign: '担当課の割当て',
  respond: '対応方針の回答',
  return: '差戻し',
  close: '完了',
};

interface Transition {
  from: readonly OpinionState[];
  to: OpinionState;
}

export const OPINION_TRANSITIONS: Record<OpinionAction, Transition> = {
  assign: { from: ['open'], to: 'open' },
  respond: { from: ['open', 'answered'], to: 'answered' },
  return: { from: ['answered'], to: 'open' },
  close: { from: ['answered'], to: 'closed' },
};

export const OPINION_BODY_MAX = 10_000;
export const RESPONSE_MAX = 20_000;
export const COMMENT_MAX = 2_000;

/**
 * Days a department has to write its 対応方針, counted from the day the opinion was recorded (Asia/Tokyo),
 * when the secretariat has not set a 回答期限 of its own (opinions.due_on is null).
 */
export const OPINION_RESPONSE_DAYS = 30;

/** How the default deadline reads in the UI and in the history. */
export const DEFAULT_DUE_LABEL = `未設定（登録日から${OPINION_RESPONSE_DAYS}日）`;

export interface OpinionFacts {
  state: OpinionState;
  assignedDepartmentId: string | null;
}

export interface TransitionInput {
  /** assign: the department to assign */
  departmentId?: string;
  /** respond: the 対応方針 text */
  response?: string;
  /** return: why the answer is sent back */
  comment?: string;
}

export type OpinionTransitionResult =
  | { ok: true; to: OpinionState }
  | { ok: false; reason: 'wrong_state' | 'not_assigned' | 'response_required' | 'comment_required' | 'department_required' | 'same_department'; message: string };

export function isOpinionState(s: string): s is OpinionState {
  return (OPINION_STATES as readonly string[]).includes(s);
}

/** Where an action takes an opinion, or why it cannot. */
export function nextOpinionState(action: OpinionAction, o: OpinionFacts, input: TransitionInput = {}): OpinionTransitionResult {
  const t = OPINION_TRANSITIONS[action];
  if (!t.from.includes(o.state))
    return {
      ok: false,
      reason: 'wrong_state',
      message: `状態が「${OPINION_STATE_LABELS[o.state]}」の意見には「${OPINION_ACTION_LABELS[action]}」はできません。`,
    };
  switch (action) {
    case 'assign':
      if (!input.departmentId) return { ok: false, reason: 'department_required', message: '割り当てる担当課を選んでください。' };
      if (input.departmentId === o.assignedDepartmentId)
        return { ok: false, reason: 'same_department', message: 'この意見は既にその担当課に割り当てられています。' };
      break;
    case 'respond':
      if (!o.assignedDepartmentId)
        return { ok: false, reason: 'not_assigned', message: 'この意見はまだ担当課に割り当てられていないため、回答できません。事務局が担当課を割り当ててください。' };
      if (!input.response?.trim()) return { ok: false, reason: 'response_required', message: '対応方針を入力してください。' };
      break;
    case 'return':
      if (!input.comment?.trim()) return { ok: false, reason: 'comment_required', message: '差戻しの理由（コメント）を入力してください。' };
      break;
    case 'close':
      break;
  }
  return { ok: true, to: t.to };
}

/** Body, meeting and item may be corrected by the secretariat until the opinion is closed. */
export function isOpinionEditable(state: OpinionState): boolean {
  return state !== 'closed';
}

/** Adds days to an ISO calendar date: the calendar arithmetic shared by server and UI (fiscal/domain/display.ts). */
export { addDays };

/** The default due date: the day recorded (Asia/Tokyo) plus OPINION_RESPONSE_DAYS. */
export function opinionDueOn(createdOnTokyo: string, days = OPINION_RESPONSE_DAYS): string {
  return addDays(createdOnTokyo, days);
}

export interface OpinionDeadline {
  /** the date the answer is due (inclusive: overdue from the next day) */
  on: string;
  /** true when no 回答期限 is set and the default rule applies */
  isDefault: boolean;
}

/**
 * THE deadline of an opinion: the 回答期限 the secretariat set, else the default rule.
 * Everything that shows or judges a deadline goes through this (the SQL twin is overdueCutoff + due_on).
 */
export function opinionDeadline(o: { dueOn: string | null; createdOnTokyo: string }, days = OPINION_RESPONSE_DAYS): OpinionDeadline {
  return o.dueOn ? { on: o.dueOn, isDefault: false } : { on: opinionDueOn(o.createdOnTokyo, days), isDefault: true };
}

/** Overdue: still waiting for the department's answer after its deadline. */
export function isOpinionOverdue(
  o: { state: OpinionState; assignedDepartmentId: string | null; createdOnTokyo: string; dueOn?: string | null },
  todayTokyo: string,
  days = OPINION_RESPONSE_DAYS,
): boolean {
  return o.state === 'open' && o.assignedDepartmentId !== null && todayTokyo > opinionDeadline({ dueOn: o.dueOn ?? null, createdOnTokyo: o.createdOnTokyo }, days).on;
}

/**
 * Why a 回答期限 cannot be stored, or null. null (clearing it) is always allowed.
 * A deadline before the day the opinion was recorded would make it overdue from birth, so it is refused;
 * the recorded day itself is allowed (「本日中に回答」).
 */
export function dueOnProblem(dueOn: string | null, createdOnTokyo: string): string | null {
  if (dueOn === null) return null;
  if (!parseIsoDate(dueOn)) return '回答期限の日付が正しくありません（YYYY-MM-DDの形式で、実在する日付を入力してください）。';
  if (dueOn < createdOnTokyo)
    return `回答期限（${formatWarekiDate(dueOn)}）は、意見の登録日（${formatWarekiDate(createdOnTokyo)}）より前の日付にはできません。`;
  return null;
}

/** A deadline for people: 令和8年6月1日, or the default rule in words. */
export function dueOnLabel(dueOn: string | null): string {
  return dueOn ? formatWarekiDate(dueOn) : DEFAULT_DUE_LABEL;
}

/**
 * The default rule as an instant for SQL: an opinion without a 回答期限 is past its deadline when it was
 * recorded before this instant (00:00 JST of today minus the allowed days). One with a 回答期限 is past it
 * when due_on < today. Comparing created_at with an instant keeps time zones out of the SQL.
 */
export function overdueCutoff(todayTokyo: string, days = OPINION_RESPONSE_DAYS): Date {
  return new Date(`${addDays(todayTokyo, -days)}T00:00:00+09:00`);
}
