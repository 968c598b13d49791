/**
 * What the report page offers this user, from the server's `allowedActions`
 * (never from the state alone) and the history: whether the form is editable,
 * which 差戻し banner shows, and which workflow buttons.
 *
 * The person who returned a report (an approver, the secretariat) may still be
 * allowed to write it, but it is waiting for the department: their view stays
 * read-only with a banner of their own until they choose to correct it themselves.
 */
import { splitActor } from '../../../../src/modules/access/domain/actorLabel.js';
import type { ReportActionDto, ReportEventDto, ReportStateDto, ReportTransitionAction } from '../../lib/api';

export const TRANSITIONS: readonly ReportTransitionAction[] = ['submit', 'approve', 'return_by_approver', 'accept', 'return_by_secretariat', 'reopen'];

export const isReturn = (a: string): boolean => a === 'return_by_approver' || a === 'return_by_secretariat';

/** Which banner a returned report shows: to whom it was returned, to whom returned it, or to a reader. */
export type ReturnBanner = 'fix' | 'returned_by_me' | 'waiting' | null;

export interface ReportView {
  editable: boolean;
  banner: ReturnBanner;
  /** the returner may take the correction over (the server allows them to write) */
  canTakeOver: boolean;
  actions: ReportTransitionAction[];
  lastReturn: ReportEventDto | undefined;
}

export function reportView(input: {
  state: ReportStateDto;
  allowedActions: readonly ReportActionDto[];
  events: readonly ReportEventDto[];
  userId: string;
  /** the returner chose to correct it themselves */
  takeOver: boolean;
}): ReportView {
  const lastReturn = [...input.events].reverse().find((e) => isReturn(e.action));
  const returnedByMe = input.state === 'returned' && !!lastReturn && !!input.userId && splitActor(lastReturn.actor).id === input.userId;
  const mayWrite = input.allowedActions.includes('save');
  const holdBack = returnedByMe && !input.takeOver;
  const banner: ReturnBanner = input.state !== 'returned' ? null : returnedByMe ? 'returned_by_me' : mayWrite ? 'fix' : 'waiting';
  return {
    editable: mayWrite && !holdBack,
    banner,
    canTakeOver: holdBack && mayWrite,
    // resubmitting is the department's step: not offered to the returner until they take the correction over
    actions: TRANSITIONS.filter((a) => input.allowedActions.includes(a) && !(holdBack && a === 'submit')),
    lastReturn,
  };
}
