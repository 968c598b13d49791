/**
 * Chasing rules about people, pure: who sends reminders, whose names a
 * department user may see in the missing list, whose notifications one may read.
 */
import type { Actor, Role, TenantRecord } from '../../../access/domain/policy.js';
import { sameTenant } from '../../views/domain/policy.js';
import { UUID_RE } from '../../../../shared/ids.js';

const SECRETARIAT: readonly Role[] = ['system_admin', 'secretariat'];
const DEPARTMENT_ROLES: readonly Role[] = ['dept_reporter', 'dept_approver'];

/** 督促 (reminders) are sent by the secretariat. */
export function canSendReminders(actor: Actor, record: TenantRecord): boolean {
  return sameTenant(actor, record) && SECRETARIAT.includes(actor.role);
}

export interface MissingPerson {
  userId: string;
  departmentIds: string[];
  nodeIds: string[];
}

/**
 * The per-person missing list an actor may see. 担当課 (reporter / approver) see
 * only people of their own departments, and for each only the items of those
 * departments; everyone else who can read the views sees the whole list.
 * `nodeDepartment` gives the department an item is chased for (its lead).
 */
export function visibleMissingPeople<P extends MissingPerson>(
  actor: Actor,
  people: readonly P[],
  nodeDepartment: (nodeId: string) => string | null,
): { scope: 'all' | 'own_departments'; people: P[] } {
  if (!DEPARTMENT_ROLES.includes(actor.role)) return { scope: 'all', people: [...people] };
  const own = new Set(actor.departmentIds);
  const out: P[] = [];
  for (const p of people) {
    const departmentIds = p.departmentIds.filter((d) => own.has(d));
    if (!departmentIds.length) continue;
    const nodeIds = p.nodeIds.filter((n) => {
      const d = nodeDepartment(n);
      return d !== null && own.has(d);
    });
    out.push({ ...p, departmentIds, nodeIds });
  }
  return { scope: 'own_departments', people: out };
}


export type NotificationTarget = { ok: true; userId: string } | { ok: false; status: 403 | 422; message: string };

/**
 * Whose notifications a request reads: the actor's own; another user's only
 * for the secretariat (the demo administrator has no user row, so it names one
 * with ?userId= until login exists).
 */
export function notificationTarget(actor: Actor, record: TenantRecord, requestedUserId: string | undefined): NotificationTarget {
  if (!sameTenant(actor, record)) return { ok: false, status: 403, message: 'この団体の通知を見る権限がありません。' };
  if (requestedUserId && requestedUserId !== actor.id) {
    if (!SECRETARIAT.includes(actor.role)) return { ok: false, status: 403, message: '他の職員の通知は見られません。' };
    return { ok: true, userId: requestedUserId };
  }
  if (!UUID_RE.test(actor.id)) return { ok: false, status: 422, message: '通知を表示する職員を指定してください（userId）。' };
  return { ok: true, userId: actor.id };
}

/** Marking as read: the owner, or the secretariat on the owner's behalf. */
export function canMarkNotification(actor: Actor, record: TenantRecord, ownerUserId: string): boolean {
  return sameTenant(actor, record) && (actor.id === ownerUserId || SECRETARIAT.includes(actor.role));
}
