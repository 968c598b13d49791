/**
 * Who may read which answers (reports): THE rule, decided once here and asked by every
 * route, export, PDF, background job and page that shows an answer's text or codes. Pure.
 *
 * - システム管理者・事務局: every answer in every state.
 * - 担当課（報告者・承認者）: the answers of items their department is responsible for
 *   (lead or co-owner) in every state; other departments' answers once the secretariat has
 *   confirmed them (accepted) — or, where the municipality chose so (othersReadFrom =
 *   'submitted'), once they are handed in (submitted, approved, accepted; never drafts or
 *   returned ones).
 * - 推進本部・幹部 (viewer), 審議会委員 (council): confirmed (accepted) answers only.
 *
 * A route that takes `basis` (which answers count) answers 403 when the basis asked for goes
 * beyond what the actor may read of that resource (see basisDenial); without `basis` it uses
 * the widest the actor may read, and rows beyond the actor's reach are left out (answerFilter).
 */
import type { Actor, OthersReadFrom } from '../../access/domain/policy.js';
import type { AnswerBasis } from '../views/domain/model.js';
import { REPORT_STATES, type ReportState } from '../domain/workflow.js';

/** How far an actor's reading of answers reaches. */
export type AnswerReach = 'every_state' | 'own_departments' | 'accepted_only';

export function answerReach(actor: Pick<Actor, 'role'>): AnswerReach {
  switch (actor.role) {
    case 'system_admin':
    case 'secretariat':
      return 'every_state';
    case 'dept_reporter':
    case 'dept_approver':
      return 'own_departments';
    case 'viewer':
    case 'council':
      return 'accepted_only';
  }
}

/** An answer as this rule sees it: the item's responsible departments and the answer's state. */
export interface AnswerRecord {
  departments: readonly { id: string }[];
  state: ReportState | string;
}

const ACCEPTED_ONLY: readonly ReportState[] = ['accepted'];
const HANDED_IN: readonly ReportState[] = ['submitted', 'approved', 'accepted'];

/** The actor as this rule reads it: role, departments and the municipality's setting for other departments. */
export type Reader = Pick<Actor, 'role' | 'departmentIds' | 'othersReadFrom'>;

const othersFrom = (actor: Reader): OthersReadFrom => actor.othersReadFrom ?? 'accepted';

/** The states of a report (of an item with these departments) that the actor may read. */
export function visibleReportStates(actor: Reader, departments: readonly { id: string }[]): readonly ReportState[] {
  const reach = answerReach(actor);
  if (reach === 'every_state') return REPORT_STATES;
  if (reach === 'own_departments') {
    if (departments.some((d) => actor.departmentIds.includes(d.id))) return REPORT_STATES;
    return othersFrom(actor) === 'submitted' ? HANDED_IN : ACCEPTED_ONLY;
  }
  return ACCEPTED_ONLY;
}

/** May the actor read this answer (its text, its codes, its history)? The tenant is checked by the caller. */
export function canReadAnswer(actor: Reader, answer: AnswerRecord): boolean {
  return (visibleReportStates(actor, answer.departments) as readonly string[]).includes(answer.state);
}

/** The filter a loader applies to the rows it renders for the actor (rows it drops read as 未回答). */
export function answerFilter(actor: Reader): (answer: AnswerRecord) => boolean {
  if (answerReach(actor) === 'every_state') return () => true;
  return (answer) => canReadAnswer(actor, answer);
}

const BASIS_RANK: Record<AnswerBasis, number> = { accepted: 0, submitted: 1, all: 2 };

/**
 * The widest basis the actor may ask for. `departments`: the departments of the one item the
 * resource is about (an item's progress, its 個票); null for a resource spanning departments
 * (a round's table), where a department's own rows count under the basis and other
 * departments' rows only once accepted (answerFilter).
 */
export function widestBasis(actor: Reader, departments: readonly { id: string }[] | null): AnswerBasis {
  const reach = answerReach(actor);
  if (reach === 'every_state') return 'all';
  if (reach === 'accepted_only') return 'accepted';
  if (departments === null) return 'all';
  if (departments.some((d) => actor.departmentIds.includes(d.id))) return 'all';
  return othersFrom(actor) === 'submitted' ? 'submitted' : 'accepted';
}

/** The basis to use: the one asked for, or (none asked) the default narrowed to what the actor may read. */
export function effectiveBasis(
  actor: Reader,
  departments: readonly { id: string }[] | null,
  asked: AnswerBasis | undefined,
  fallback: AnswerBasis,
): AnswerBasis {
  if (asked !== undefined) return asked;
  const widest = widestBasis(actor, departments);
  return BASIS_RANK[fallback] <= BASIS_RANK[widest] ? fallback : widest;
}

/** Why a basis asked for is refused (Japanese, for the 403), or null when it is within the actor's rights. */
export function basisDenial(actor: Reader, departments: readonly { id: string }[] | null, basis: AnswerBasis): string | null {
  const widest = widestBasis(actor, departments);
  if (BASIS_RANK[basis] <= BASIS_RANK[widest]) return null;
  if (actor.role === 'council')
    return '審議会委員の方は、事務局が確認した回答（basis=accepted）だけを表示・出力できます。basis を指定しないか accepted を指定してください。';
  if (actor.role === 'viewer')
    return '閲覧者の方は、事務局が確認した回答（basis=accepted）だけを表示・出力できます。basis を指定しないか accepted を指定してください。';
  if (othersFrom(actor) === 'submitted')
    return 'この項目の担当課ではないため、提出された回答（basis=submitted）までを表示・出力できます（下書き・差戻し中のものは含みません）。basis を指定しないか submitted / accepted を指定してください。';
  return 'この項目の担当課ではないため、事務局が確認した回答（basis=accepted）だけを表示・出力できます。basis を指定しないか accepted を指定してください。';
}

/** Why an answer is not shown (Japanese, for the 403 of one report). */
export function answerDenial(actor: Pick<Actor, 'role' | 'othersReadFrom'>): string {
  if (actor.role === 'council' || actor.role === 'viewer') return '事務局の確認が済んでいない報告は表示できません。';
  if (actor.othersReadFrom === 'submitted') return 'この項目の担当課ではないため、提出前（下書き・差戻し中）の報告は表示できません。';
  return 'この項目の担当課ではないため、事務局の確認が済んでいない報告は表示できません。';
}

/** Citizens (public pages and open data, no session): confirmed answers only, as council members. */
export function publicAnswerFilter(): (answer: AnswerRecord) => boolean {
  return (answer) => answer.state === 'accepted';
}
