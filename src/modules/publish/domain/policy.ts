/**
 * Who may take published outputs (PDFs, open data) out of the system. Pure.
 * Everyone who may read the plan; the answers in them are those the reader may read
 * (pdca/policies/answers.ts), so they contain nothing the reader cannot see on screen.
 * Another municipality's user is told nothing exists (404), as on the other tenant routes.
 */
import { can, type Actor, type TenantRecord } from '../../access/domain/policy.js';
import { sameTenant } from '../../pdca/views/domain/policy.js';

export type PublishDecision = 'allow' | 'not_found' | 'forbidden';

export function publishAccess(actor: Actor, record: TenantRecord): PublishDecision {
  if (!sameTenant(actor, record)) return 'not_found';
  return can(actor, 'plan.read', record) ? 'allow' : 'forbidden';
}
