import { auditLog } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Writes the audit row on the command's own transaction: if it fails the whole
 * change rolls back (fail closed), and no change is ever saved without its record.
 */
export async function recordAudit(ctx: CommandContext, entry: AuditEntry): Promise<void> {
  await ctx.db.insert(auditLog).values({
    municipalityId: ctx.municipalityId,
    actor: `${ctx.actor.id}:${ctx.actor.name}`,
    ip: ctx.ip,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
