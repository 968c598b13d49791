import { and, eq } from 'drizzle-orm';
import { tags } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { conflict, FieldErrors, notFound } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';

export async function createTag(ctx: CommandContext, input: { name: string; category: string; sortOrder?: number }) {
  const errors = new FieldErrors();
  if (!input.name.trim()) errors.add('name', 'タグ名を入力してください。');
  if (!input.category.trim()) errors.add('category', '分類を入力してください。');
  errors.throwIfAny();
  const dup = await ctx.db
    .select({ id: tags.id })
    .from(tags)
    .where(and(eq(tags.municipalityId, ctx.municipalityId), eq(tags.category, input.category), eq(tags.name, input.name)));
  if (dup.length) throw conflict(`タグ「${input.category} / ${input.name}」は既にあります。`);
  const [row] = await ctx.db
    .insert(tags)
    .values({ municipalityId: ctx.municipalityId, name: input.name.trim(), category: input.category.trim(), sortOrder: input.sortOrder ?? 0 })
    .returning();
  await recordAudit(ctx, { action: 'tag.create', entity: 'tag', entityId: row!.id, after: row });
  return row!;
}

export async function updateTag(ctx: CommandContext, id: string, input: { name: string; category: string; sortOrder?: number }) {
  const errors = new FieldErrors();
  if (!input.name.trim()) errors.add('name', 'タグ名を入力してください。');
  if (!input.category.trim()) errors.add('category', '分類を入力してください。');
  errors.throwIfAny();
  const [before] = await ctx.db.select().from(tags).where(and(eq(tags.municipalityId, ctx.municipalityId), eq(tags.id, id)));
  if (!before) throw notFound('タグ');
  const dup = await ctx.db
    .select({ id: tags.id })
    .from(tags)
    .where(and(eq(tags.municipalityId, ctx.municipalityId), eq(tags.category, input.category.trim()), eq(tags.name, input.name.trim())));
  if (dup.some((d) => d.id !== id)) throw conflict(`タグ「${input.category} / ${input.name}」は既にあります。`);
  const [row] = await ctx.db
    .update(tags)
    .set({ name: input.name.trim(), category: input.category.trim(), sortOrder: input.sortOrder ?? before.sortOrder })
    .where(and(eq(tags.municipalityId, ctx.municipalityId), eq(tags.id, id)))
    .returning();
  await recordAudit(ctx, { action: 'tag.update', entity: 'tag', entityId: id, before, after: row });
  return row!;
}
