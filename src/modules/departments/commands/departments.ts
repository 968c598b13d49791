import { and, eq } from 'drizzle-orm';
import { departments } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { FieldErrors, notFound } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { findDepartments } from '../queries/departments.js';

export interface DepartmentInput {
  name: string;
  kind: string;
  parentId?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
  successorId?: string | null;
  sortOrder?: number;
}

async function check(ctx: CommandContext, input: DepartmentInput, selfId?: string) {
  const errors = new FieldErrors();
  if (!input.name.trim()) errors.add('name', '課名を入力してください。');
  if (!input.kind.trim()) errors.add('kind', '種別（部・課・室など）を入力してください。');
  if (input.validFrom && input.validTo && input.validTo <= input.validFrom)
    errors.add('validTo', '廃止日は設置日より後の日付にしてください。');
  const refs = [input.parentId, input.successorId].filter((x): x is string => !!x);
  const found = new Set((await findDepartments(ctx, refs)).map((d) => d.id));
  if (input.parentId && (!found.has(input.parentId) || input.parentId === selfId))
    errors.add('parentId', '上位組織が見つかりません。');
  if (input.successorId && (!found.has(input.successorId) || input.successorId === selfId))
    errors.add('successorId', '後継組織が見つかりません。');
  errors.throwIfAny();
}

export async function createDepartment(ctx: CommandContext, input: DepartmentInput) {
  await check(ctx, input);
  const [row] = await ctx.db
    .insert(departments)
    .values({ ...input, name: input.name.trim(), municipalityId: ctx.municipalityId })
    .returning();
  await recordAudit(ctx, { action: 'department.create', entity: 'department', entityId: row!.id, after: row });
  return row!;
}

export async function updateDepartment(ctx: CommandContext, id: string, input: DepartmentInput) {
  const [before] = await findDepartments(ctx, [id]);
  if (!before) throw notFound('組織');
  await check(ctx, input, id);
  const [row] = await ctx.db
    .update(departments)
    .set({ ...input, name: input.name.trim(), updatedAt: new Date() })
    .where(and(eq(departments.municipalityId, ctx.municipalityId), eq(departments.id, id)))
    .returning();
  await recordAudit(ctx, { action: 'department.update', entity: 'department', entityId: id, before, after: row });
  return row!;
}
