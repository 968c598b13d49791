/**
 * Writes a checked organisation import (see modules/onboarding): new departments first, then
 * their links to each other, then the changes to stored ones — each stored one only if its
 * version is still the one the rows were compared with. Runs in the caller's transaction.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { departments } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { conflict } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';

export type ImportedDepartmentRef = { id: string } | { newCode: string } | null;

export interface ImportedDepartment {
  line: number;
  code: string;
  /** the stored department and the version it was compared with; absent for a new one */
  existing?: { id: string; version: number };
  name: string;
  kind: string;
  parent: ImportedDepartmentRef;
  validFrom: string | null;
  validTo: string | null;
  successor: ImportedDepartmentRef;
  sortOrder: number;
}

export async function applyDepartmentImport(ctx: CommandContext, creates: readonly ImportedDepartment[], updates: readonly ImportedDepartment[]) {
  const now = new Date();
  const newIds = new Map(creates.map((d) => [d.code, randomUUID()]));
  const idOf = (r: ImportedDepartmentRef): string | null => (r === null ? null : 'id' in r ? r.id : newIds.get(r.newCode)!);
  const m = ctx.municipalityId;
  if (creates.length)
    await ctx.db.insert(departments).values(
      creates.map((d) => ({
        municipalityId: m,
        id: newIds.get(d.code)!,
        code: d.code,
        name: d.name,
        kind: d.kind,
        validFrom: d.validFrom,
        validTo: d.validTo,
        sortOrder: d.sortOrder,
        createdAt: now,
        updatedAt: now,
      })),
    );
  // links among new rows exist only once all of them do
  for (const d of creates) {
    const parentId = idOf(d.parent);
    const successorId = idOf(d.successor);
    if (parentId || successorId)
      await ctx.db
        .update(departments)
        .set({ parentId, successorId })
        .where(and(eq(departments.municipalityId, m), eq(departments.id, newIds.get(d.code)!)));
  }
  for (const d of creates) {
    const [row] = await ctx.db.select().from(departments).where(and(eq(departments.municipalityId, m), eq(departments.id, newIds.get(d.code)!)));
    await recordAudit(ctx, { action: 'department.create', entity: 'department', entityId: row!.id, after: { ...row, importLine: d.line } });
  }
  for (const d of updates) {
    const { id, version } = d.existing!;
    const [before] = await ctx.db.select().from(departments).where(and(eq(departments.municipalityId, m), eq(departments.id, id)));
    const [row] = await ctx.db
      .update(departments)
      .set({
        code: d.code,
        name: d.name,
        kind: d.kind,
        parentId: idOf(d.parent),
        validFrom: d.validFrom,
        validTo: d.validTo,
        successorId: idOf(d.successor),
        sortOrder: d.sortOrder,
        version: sql`${departments.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(departments.municipalityId, m), eq(departments.id, id), eq(departments.version, version)))
      .returning();
    if (!row)
      throw conflict(
        `${d.line}行目の組織「${d.code}」は、確認の後に他の人が変更しました。何も登録していません。もう一度確認（ドライラン）してから取り込んでください。`,
      );
    await recordAudit(ctx, { action: 'department.update', entity: 'department', entityId: id, before, after: { ...row, importLine: d.line } });
  }
  return { created: creates.length, updated: updates.length, ids: newIds };
}
