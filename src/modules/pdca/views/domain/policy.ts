/**
 * Who may read the computed views and the deadline calendar. Pure.
 * Kept beside the views (not in access/domain/policy.ts) while the PDCA
 * actions are being written; same tenant rule as there.
 */
import type { Actor, Role, TenantRecord } from '../../../access/domain/policy.js';

export const sameTenant = (actor: Actor, record: TenantRecord): boolean =>
  actor.role === 'system_admin' || (actor.municipalityId !== null && actor.municipalityId === record.municipalityId);

/** 推進本部・審議会・事務局・システム管理者, and 担当課 (their per-person chasing list is narrowed, see chasing/domain/policy). */
export const VIEW_READERS: readonly Role[] = ['system_admin', 'secretariat', 'viewer', 'council', 'dept_reporter', 'dept_approver'];

export function canReadViews(actor: Actor, record: TenantRecord): boolean {
  return sameTenant(actor, record) && VIEW_READERS.includes(actor.role);
}
