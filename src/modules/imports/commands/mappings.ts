/** Saved mappings (import_mappings): stored under a name for next year's table, with an audit row. */
import { and, eq } from 'drizzle-orm';
import { importMappings } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { conflict, notFound, validationError } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { findPlan } from '../../plans/db/repo.js';
import type { SavedMapping } from '../domain/mapping.js';
import { findMapping, findMappingByName, type MappingRow } from '../queries/mappings.js';

export const MAPPING_NAME_MAX = 100;

export async function saveMapping(
  ctx: CommandContext,
  input: { name: string; planId: string | null; mapping: SavedMapping; overwrite: boolean },
): Promise<MappingRow> {
  const name = input.name.trim();
  if (!name) throw validationError([{ path: 'name', message: '対応づけの名前を入力してください（例: 実施状況表（令和4年度））。' }]);
  if (name.length > MAPPING_NAME_MAX) throw validationError([{ path: 'name', message: `名前は${MAPPING_NAME_MAX}文字以内にしてください。` }]);
  if (input.planId && !(await findPlan(ctx, input.planId))) throw validationError([{ path: 'planId', message: '計画が見つかりません。' }]);
  const existing = await findMappingByName(ctx, name);
  const body = input.mapping as unknown as Record<string, unknown>;
  if (existing) {
    if (!input.overwrite) throw conflict(`「${name}」という名前の対応づけが既にあります。上書きするか、別の名前にしてください。`);
    const [row] = await ctx.db
      .update(importMappings)
      .set({ mapping: body, planId: input.planId, updatedAt: new Date() })
      .where(and(eq(importMappings.municipalityId, ctx.municipalityId), eq(importMappings.id, existing.id)))
      .returning();
    await recordAudit(ctx, { action: 'import_mapping.update', entity: 'import_mapping', entityId: existing.id, before: existing, after: row });
    return row!;
  }
  const [row] = await ctx.db.insert(importMappings).values({ municipalityId: ctx.municipalityId, name, planId: input.planId, mapping: body }).returning();
  await recordAudit(ctx, { action: 'import_mapping.create', entity: 'import_mapping', entityId: row!.id, after: row });
  return row!;
}

export async function deleteMapping(ctx: CommandContext, id: string): Promise<void> {
  const existing = await findMapping(ctx, id);
  if (!existing) throw notFound('対応づけ');
  await ctx.db.delete(importMappings).where(and(eq(importMappings.municipalityId, ctx.municipalityId), eq(importMappings.id, id)));
  await recordAudit(ctx, { action: 'import_mapping.delete', entity: 'import_mapping', entityId: id, before: existing });
}
