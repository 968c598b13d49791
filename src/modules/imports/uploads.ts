/**
 * Uploads waiting for their mapping, dry run and commit (`import_uploads`): the parsed
 * cell texts, never the file. Kept in the database so that any app process serving the
 * municipality can continue an import and a restart loses nothing (docs/imports.md).
 * An upload lives for an hour after its last use; a per-municipality cap on the total
 * number of cells removes that municipality's least recently used uploads first.
 *
 * Every statement filters on municipality_id, except sweepUploads.
 */
import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { importUploads } from '../../db/schema.js';
import type { TenantScope } from '../../shared/context.js';
import { log } from '../../shared/log.js';
import type { ParsedUpload } from './domain/grid.js';
import { countCells, fromStoredJson, toStoredJson } from './storedJson.js';

export const UPLOAD_TTL_MS = 60 * 60 * 1000;
/** Per municipality, in cells (the texts of a parsed upload). */
export const UPLOAD_MAX_CELLS = 5_000_000;
export const UPLOAD_SWEEP_INTERVAL_MS = 5 * 60 * 1000;

export interface StoredUpload {
  id: string;
  municipalityId: string;
  planId: string;
  /** actor id */
  createdBy: string;
  upload: ParsedUpload;
  cells: number;
  createdAt: Date;
  expiresAt: Date;
}

export interface UploadLimits {
  ttlMs?: number;
  maxCells?: number;
}


export { countCells, fromStoredJson, toStoredJson } from './storedJson.js';

/** An upload without its table: what the routes keep on the server's thread (the table travels as JSON text). */
export type UploadMeta = Omit<StoredUpload, 'upload'>;

const meta = {
  id: importUploads.id,
  municipalityId: importUploads.municipalityId,
  planId: importUploads.planId,
  createdBy: importUploads.createdBy,
  cells: importUploads.cells,
  createdAt: importUploads.createdAt,
  expiresAt: importUploads.expiresAt,
};

/**
 * Stores an upload. In the same transaction: the municipality's expired uploads go, then,
 * while its total is over the cap, its least recently used ones (the earliest expiry, since
 * every use moves the expiry on); the new upload itself is kept even if alone over the cap.
 * Two processes creating at once may overshoot the cap until the next upload.
 */
export async function createUpload(
  scope: TenantScope,
  input: { planId: string; createdBy: string; upload: ParsedUpload },
  now: Date = new Date(),
  limits: UploadLimits = {},
): Promise<StoredUpload> {
  const stored = toStoredJson(input.upload);
  const row = await createUploadJson(scope, { planId: input.planId, createdBy: input.createdBy, json: JSON.stringify(stored), cells: countCells(input.upload) }, now, limits);
  // what the next request reads back (unstorable characters already replaced)
  return { ...row, upload: fromStoredJson(stored) };
}

/**
 * As createUpload, for a table already written as its stored JSON text (storedJson.ts; the import
 * workers write it): the text goes to the database as it is, cast to jsonb there, and is not read back,
 * so the server's thread never builds, stringifies or parses a table of 300,000 cells. `id` may be
 * chosen by the caller (the worker writes the answer that names it before the row exists).
 */
export async function createUploadJson(
  scope: TenantScope,
  input: { id?: string; planId: string; createdBy: string; json: string; cells: number },
  now: Date = new Date(),
  limits: UploadLimits = {},
): Promise<UploadMeta> {
  const ttlMs = limits.ttlMs ?? UPLOAD_TTL_MS;
  const maxCells = limits.maxCells ?? UPLOAD_MAX_CELLS;
  const m = scope.municipalityId;
  return scope.db.transaction(async (tx) => {
    await tx.delete(importUploads).where(and(eq(importUploads.municipalityId, m), lte(importUploads.expiresAt, now)));
    const [created] = await tx
      .insert(importUploads)
      .values({
        ...(input.id ? { id: input.id } : {}),
        municipalityId: m,
        planId: input.planId,
        createdBy: input.createdBy,
        upload: sql`${input.json}::jsonb`,
        cells: input.cells,
        createdAt: now,
        expiresAt: new Date(now.getTime() + ttlMs),
      })
      .returning(meta);
    const others = await tx
      .select({ id: importUploads.id, cells: importUploads.cells })
      .from(importUploads)
      .where(eq(importUploads.municipalityId, m))
      .orderBy(asc(importUploads.expiresAt), asc(importUploads.createdAt), desc(importUploads.id));
    let total = others.reduce((n, o) => n + o.cells, 0);
    const drop: string[] = [];
    for (const o of others) {
      if (total <= maxCells) break;
      if (o.id === created!.id) continue;
      drop.push(o.id);
      total -= o.cells;
    }
    if (drop.length) await tx.delete(importUploads).where(and(eq(importUploads.municipalityId, m), inArray(importUploads.id, drop)));
    return created!;
  });
}

/** The upload if it exists in this municipality and has not expired; its expiry moves on by the TTL. */
export async function findUpload(scope: TenantScope, id: string, now: Date = new Date(), limits: Pick<UploadLimits, 'ttlMs'> = {}): Promise<StoredUpload | null> {
  const found = await findUploadJson(scope, id, now, limits);
  if (!found) return null;
  const { json, ...rest } = found;
  return { ...rest, upload: fromStoredJson(JSON.parse(json)) };
}

/** As findUpload, with the table as its stored JSON text (for the import workers; not parsed here). */
export async function findUploadJson(scope: TenantScope, id: string, now: Date = new Date(), limits: Pick<UploadLimits, 'ttlMs'> = {}): Promise<(UploadMeta & { json: string }) | null> {
  const [row] = await scope.db
    .update(importUploads)
    .set({ expiresAt: new Date(now.getTime() + (limits.ttlMs ?? UPLOAD_TTL_MS)) })
    .where(and(eq(importUploads.municipalityId, scope.municipalityId), eq(importUploads.id, id), gt(importUploads.expiresAt, now)))
    .returning({ ...meta, json: sql<string>`${importUploads.upload}::text` });
  return row ?? null;
}

/** Removes the upload; false when there was none in this municipality, or it had expired (removed all the same). */
export async function deleteUpload(scope: TenantScope, id: string, now: Date = new Date()): Promise<boolean> {
  const rows = await scope.db
    .delete(importUploads)
    .where(and(eq(importUploads.municipalityId, scope.municipalityId), eq(importUploads.id, id)))
    .returning({ expiresAt: importUploads.expiresAt });
  return rows.some((r) => r.expiresAt > now);
}

/**
 * Deletes the expired uploads of every municipality. The one statement on this table without a
 * municipality filter: housekeeping across tenants, by the expiry index, run by the server's timer.
 */
export async function sweepUploads(db: Db, now: Date = new Date()): Promise<number> {
  const rows = await db.delete(importUploads).where(lte(importUploads.expiresAt, now)).returning({ id: importUploads.id });
  return rows.length;
}

/** Sweeps every 5 minutes without keeping the process alive; returns the stop function. Started by server.ts only. */
export function startUploadSweeper(db: Db, intervalMs = UPLOAD_SWEEP_INTERVAL_MS): () => void {
  const timer = setInterval(
    () => void sweepUploads(db).catch((err: unknown) => log.error({ err }, '期限切れの取込み中ファイルの削除でエラーが発生しました')),
    intervalMs,
  );
  timer.unref();
  return () => clearInterval(timer);
}
