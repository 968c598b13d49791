import type { Actor } from '../modules/access/domain/policy.js';
import type { Executor } from '../db/client.js';

/**
 * What every query and command receives: the executor (database or open
 * transaction), the tenant it is scoped to, and who acts from where.
 * Queries never take a municipality id from anywhere else.
 */
export interface TenantScope {
  db: Executor;
  municipalityId: string;
}

export interface CommandContext extends TenantScope {
  actor: Actor;
  ip: string;
  /** the tenant's 団体コード when the caller already has it (links written into notifications) */
  municipalityCode?: string;
}
