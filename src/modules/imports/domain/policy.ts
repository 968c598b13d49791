/** Importing tables writes plans and past rounds: the plan editors (事務局・システム管理者). Pure. */
import { can, type Actor, type TenantRecord } from '../../access/domain/policy.js';

export function canImport(actor: Actor, record: TenantRecord): boolean {
  return can(actor, 'plan.update', record);
}
