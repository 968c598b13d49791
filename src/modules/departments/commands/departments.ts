import { and, eq, sql } from 'drizzle-orm';
import { departments } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { conflict, FieldErrors, notFound } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { todayInTokyo } from '../../fiscal/domain/index.js';
import { presentDepartment } from '../presenters/department.js';
import { findDepartments } from '../queries/departments.js';

export interface DepartmentInput {
  name: string;
  kind: string;
  /** 組織コード (unique in the municipality); '' or null: none */
  code?: string | null;
  parentId?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
  successorId?: string | null;
  sortOrder?: number;
}

/**
 * A change to a department: omitted fields keep their stored values, null clears.
 * `version` is the version the editor started from; the HTTP route always sends it.
 * Internal callers (demo data, imports, tests) may omit it and then write unconditionally.
 */
export type DepartmentPatch = Partial<DepartmentInput> & { version?: number };

type DepartmentRow = typeof departments.$inferSelect;

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
  if (input.code) {
    const [other] = await ctx.db
      .select({ id: departments.id, name: departments.name })
      .from(departments)
      .where(and(eq(departments.municipalityId, ctx.municipalityId), eq(departments.code, input.code)))
      .limit(1);
    if (other && other.id !== selfId) errors.add('code', `組織コード「${input.code}」は「${other.name}」に使われています。別のコードにしてください。`);
  }
  errors.throwIfAny();
}

/** 409 carrying the stored department as the UI shows it, so both versions can be compared. */
const staleDepartment = (started: number, current: DepartmentRow) =>
  conflict(
    `この組織は他の人が先に変更しました（あなたが編集を始めた版: ${started}、保存されている版: ${current.version}）。あなたの入力は保存されていません。保存されている内容を確認してから、もう一度保存してください。`,
    presentDepartment(current, todayInTokyo()),
  );

/** A code as stored: trimmed, and no code at all rather than an empty one (the unique index ignores nulls). */
const normalCode = (code: string | null | undefined) => (code === undefined ? undefined : code?.trim() || null);

export async function createDepartment(ctx: CommandContext, input: DepartmentInput) {
  input = { ...input, code: normalCode(input.code) };
  await check(ctx, input);
  const [row] = await ctx.db
    .insert(departments)
    .values({ ...input, name: input.name.trim(), municipalityId: ctx.municipalityId })
    .returning();
  await recordAudit(ctx, { action: 'department.create', entity: 'department', entityId: row!.id, after: row });
  return row!;
}

export async function updateDepartment(ctx: CommandContext, id: string, patch: DepartmentPatch) {
  const [before] = await findDepartments(ctx, [id]);
  if (!before) throw notFound('組織');
  const { version, ...given } = patch;
  if (version !== undefined && version !== before.version) throw staleDepartment(version, before);
  // An explicit undefined (internal callers) means "not given", like an omitted key.
  const fields = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<DepartmentInput>;
  if (fields.name !== undefined) fields.name = fields.name.trim();
  if ('code' in fields) fields.code = normalCode(fields.code);
  const merged: DepartmentInput = {
    name: before.name,
    kind: before.kind,
    code: before.code,
    parentId: before.parentId,
    validFrom: before.validFrom,
    validTo: before.validTo,
    successorId: before.successorId,
    sortOrder: before.sortOrder,
    ...fields,
  };
  await check(ctx, merged, id);
  // The version condition also covers an edit committed after the load above.
  const [row] = await ctx.db
    .update(departments)
    .set({ ...fields, version: sql`${departments.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(departments.municipalityId, ctx.municipalityId),
        eq(departments.id, id),
        version === undefined ? undefined : eq(departments.version, version),
      ),
    )
    .returning();
  if (!row) {
    const [current] = await findDepartments(ctx, [id]);
    if (!current) throw notFound('組織');
    throw staleDepartment(version ?? before.version, current);
  }
  await recordAudit(ctx, { action: 'department.update', entity: 'department', entityId: id, before, after: row });
  return row;
}
