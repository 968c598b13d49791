import { actorLabel } from '../../access/domain/actorLabel.js';
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
 * Test-only hook for the fail-closed tests (tests/db/audit.test.ts). When set, it runs just
 * before the insert and may throw, or return a replacement entry (e.g. one the database
 * refuses), to show that a failed audit write rolls back the change it records.
 * Production code never sets it; it is null unless a test assigns it and resets it afterwards.
 */
export const auditTestHook: { beforeInsert: ((entry: AuditEntry) => AuditEntry | void) | null } = { beforeInsert: null };

/**
 * Writes the audit row on the command's own transaction: if it fails the whole
 * change rolls back (fail closed), and no change is ever saved without its record.
 */
export async function recordAudit(ctx: CommandContext, entry: AuditEntry): Promise<void> {
  const e = auditTestHook.beforeInsert?.(entry) ?? entry;
  await ctx.db.insert(auditLog).values({
    municipalityId: ctx.municipalityId,
    actor: actorLabel(ctx.actor),
    ip: ctx.ip,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    before: e.before ?? null,
    after: e.after ?? null,
  });
}
