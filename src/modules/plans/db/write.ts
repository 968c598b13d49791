/** Writes of a node's relations and history rows; used by commands inside their transaction. */
import { actorLabel } from '../../access/domain/actorLabel.js';
import { and, eq } from 'drizzle-orm';
import { nodeChanges, nodeDepartments, nodeSchedules, nodeTags } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import type { ChangeKind, NodeSnapshot } from '../domain/node.js';

export async function replaceNodeRelations(
  ctx: CommandContext,
  nodeId: string,
  s: Pick<NodeSnapshot, 'departments' | 'tagIds' | 'schedule'>,
  only?: { departments?: boolean; tags?: boolean; schedule?: boolean },
): Promise<void> {
  const m = ctx.municipalityId;
  const all = !only;
  if (all || only?.departments) {
    await ctx.db.delete(nodeDepartments).where(and(eq(nodeDepartments.municipalityId, m), eq(nodeDepartments.nodeId, nodeId)));
    if (s.departments.length)
      await ctx.db
        .insert(nodeDepartments)
        .values(s.departments.map((d, i) => ({ municipalityId: m, nodeId, departmentId: d.id, isLead: d.lead, sortOrder: i })));
  }
  if (all || only?.tags) {
    await ctx.db.delete(nodeTags).where(and(eq(nodeTags.municipalityId, m), eq(nodeTags.nodeId, nodeId)));
    if (s.tagIds.length) await ctx.db.insert(nodeTags).values(s.tagIds.map((tagId) => ({ municipalityId: m, nodeId, tagId })));
  }
  if (all || only?.schedule) {
    await ctx.db.delete(nodeSchedules).where(and(eq(nodeSchedules.municipalityId, m), eq(nodeSchedules.nodeId, nodeId)));
    const entries = Object.entries(s.schedule);
    if (entries.length)
      await ctx.db
        .insert(nodeSchedules)
        .values(entries.map(([fy, phase]) => ({ municipalityId: m, nodeId, fiscalYear: Number(fy), phase })));
  }
}

export async function insertChange(
  ctx: CommandContext,
  c: { planId: string; nodeId: string; kind: ChangeKind; effectiveDate: string; mark?: string; reason?: string; snapshot: NodeSnapshot },
) {
  const [row] = await ctx.db
    .insert(nodeChanges)
    .values({
      municipalityId: ctx.municipalityId,
      planId: c.planId,
      nodeId: c.nodeId,
      kind: c.kind,
      effectiveDate: c.effectiveDate,
      mark: c.mark ?? '',
      reason: c.reason ?? '',
      snapshot: c.snapshot as unknown as Record<string, unknown>,
      recordedBy: actorLabel(ctx.actor),
    })
    .returning();
  return row!;
}
