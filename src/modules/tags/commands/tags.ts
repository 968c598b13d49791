import { and, eq, sql } from 'drizzle-orm';
import { tags } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { AppError, conflict, FieldErrors, notFound } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { presentTag } from '../presenters/tag.js';

export interface TagInput {
  name: string;
  category: string;
  sortOrder?: number;
}

/**
 * `version` is the version the editor started from; the HTTP route always sends it.
 * Internal callers (demo data, imports, tests) may omit it and then write unconditionally.
 */
export type TagPatch = TagInput & { version?: number };

type TagRow = typeof tags.$inferSelect;

/**
 * A name already taken in the 分類 is 409 like a stale edit but with its own code,
 * so the UI can put it beside the name instead of showing the conflict panel.
 */
const duplicateTag = (input: TagInput) =>
  new AppError('duplicate', 409, `タグ「${input.category.trim()} / ${input.name.trim()}」は既にあります。`, [
    { path: 'name', message: `分類「${input.category.trim()}」には同じ名前のタグが既にあります。別の名前にしてください。` },
  ]);

/** 409 carrying the stored tag as the UI shows it, so both versions can be compared. */
const staleTag = (started: number, current: TagRow) =>
  conflict(
    `このタグは他の人が先に変更しました（あなたが編集を始めた版: ${started}、保存されている版: ${current.version}）。あなたの入力は保存されていません。保存されている内容を確認してから、もう一度保存してください。`,
    presentTag(current),
  );

function checkFields(input: TagInput) {
  const errors = new FieldErrors();
  if (!input.name.trim()) errors.add('name', 'タグ名を入力してください。');
  if (!input.category.trim()) errors.add('category', '分類を入力してください。');
  errors.throwIfAny();
}

async function sameName(ctx: CommandContext, input: TagInput) {
  return ctx.db
    .select({ id: tags.id })
    .from(tags)
    .where(and(eq(tags.municipalityId, ctx.municipalityId), eq(tags.category, input.category.trim()), eq(tags.name, input.name.trim())));
}

export async function createTag(ctx: CommandContext, input: TagInput) {
  checkFields(input);
  if ((await sameName(ctx, input)).length) throw duplicateTag(input);
  const [row] = await ctx.db
    .insert(tags)
    .values({ municipalityId: ctx.municipalityId, name: input.name.trim(), category: input.category.trim(), sortOrder: input.sortOrder ?? 0 })
    .returning();
  await recordAudit(ctx, { action: 'tag.create', entity: 'tag', entityId: row!.id, after: row });
  return row!;
}

export async function updateTag(ctx: CommandContext, id: string, patch: TagPatch) {
  const { version, ...input } = patch;
  checkFields(input);
  const [before] = await ctx.db.select().from(tags).where(and(eq(tags.municipalityId, ctx.municipalityId), eq(tags.id, id)));
  if (!before) throw notFound('タグ');
  if (version !== undefined && version !== before.version) throw staleTag(version, before);
  if ((await sameName(ctx, input)).some((d) => d.id !== id)) throw duplicateTag(input);
  // The version condition also covers an edit committed after the load above.
  const [row] = await ctx.db
    .update(tags)
    .set({
      name: input.name.trim(),
      category: input.category.trim(),
      sortOrder: input.sortOrder ?? before.sortOrder,
      version: sql`${tags.version} + 1`,
    })
    .where(and(eq(tags.municipalityId, ctx.municipalityId), eq(tags.id, id), version === undefined ? undefined : eq(tags.version, version)))
    .returning();
  if (!row) {
    const [current] = await ctx.db.select().from(tags).where(and(eq(tags.municipalityId, ctx.municipalityId), eq(tags.id, id)));
    if (!current) throw notFound('タグ');
    throw staleTag(version ?? before.version, current);
  }
  await recordAudit(ctx, { action: 'tag.update', entity: 'tag', entityId: id, before, after: row });
  return row;
}
