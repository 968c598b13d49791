/**
 * Uploads waiting for their mapping, dry run and commit (`import_uploads`): the parsed
 * cell texts, never the file. Kept in the database so that any app process serving the
 * municipality can continue an import and a restart loses nothing (docs/imports.md).
 * An upload lives for an hour after its last use; a per-municipality cap on the total
 * number of cells removes that municipality's least recently used uploads first.
 *
 * Every statement filters on municipality_id, except sweepUploads.
 */
import { and, asc, desc, eq, gt, inArray, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { importUploads } from '../../db/schema.js';
import type { TenantScope } from '../../shared/context.js';
import { log } from '../../shared/log.js';
import type { CellProblem, CellRange, ParsedUpload, Sheet, SourceKind } from './domain/grid.js';

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

type Row = typeof importUploads.$inferSelect;

export const countCells = (upload: ParsedUpload): number => upload.sheets.reduce((n, s) => n + s.rows.reduce((m, r) => m + r.length, 0), 0);

// PostgreSQL's jsonb (and every text column an import writes to) cannot hold U+0000 or a
// surrogate without its pair; they become U+FFFD, as undecodable bytes already do.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const storable = (s: string): string => s.replace(UNSTORABLE, '\uFFFD');

/**
 * ParsedUpload → jsonb, field by field: only strings, numbers, null and arrays, so it reads
 * back equal (no Dates, Buffers, Maps or undefined; rows without holes).
 */
export function toStoredJson(u: ParsedUpload): Record<string, unknown> {
  return {
    kind: u.kind,
    fileName: storable(u.fileName),
    encoding: u.encoding === null ? null : storable(u.encoding),
    sheets: u.sheets.map((s) => ({
      name: storable(s.name),
      rows: s.rows.map((r) => Array.from(r, (c) => storable(c ?? ''))),
      merges: s.merges.map((m) => ({ top: m.top, left: m.left, bottom: m.bottom, right: m.right })),
      problems: s.problems.map((p) => ({ row: p.row, col: p.col, kind: p.kind, detail: storable(p.detail) })),
    })),
  };
}

export function fromStoredJson(json: unknown): ParsedUpload {
  const j = json as { kind: SourceKind; fileName: string; encoding: string | null; sheets: Sheet[] };
  return {
    kind: j.kind,
    fileName: j.fileName,
    encoding: j.encoding ?? null,
    sheets: j.sheets.map(
      (s): Sheet => ({
        name: s.name,
        rows: s.rows,
        merges: s.merges.map((m): CellRange => ({ top: m.top, left: m.left, bottom: m.bottom, right: m.right })),
        problems: s.problems.map((p): CellProblem => ({ row: p.row, col: p.col, kind: p.kind, detail: p.detail })),
      }),
    ),
  };
}

const fromRow = (r: Row, upload: ParsedUpload = fromStoredJson(r.upload)): StoredUpload => ({
  id: r.id,
  municipalityId: r.municipalityId,
  planId: r.planId,
  createdBy: r.createdBy,
  upload,
  cells: r.cells,
  createdAt: r.createdAt,
  expiresAt: r.expiresAt,
});

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
  const ttlMs = limits.ttlMs ?? UPLOAD_TTL_MS;
  const maxCells = limits.maxCells ?? UPLOAD_MAX_CELLS;
  const m = scope.municipalityId;
  const json = toStoredJson(input.upload);
  const cells = countCells(input.upload);
  const row = await scope.db.transaction(async (tx) => {
    await tx.delete(importUploads).where(and(eq(importUploads.municipalityId, m), lte(importUploads.expiresAt, now)));
    const [created] = await tx
      .insert(importUploads)
      .values({ municipalityId: m, planId: input.planId, createdBy: input.createdBy, upload: json, cells, createdAt: now, expiresAt: new Date(now.getTime() + ttlMs) })
      .returning();
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
  // what the next request reads back (unstorable characters already replaced)
  return fromRow(row, fromStoredJson(json));
}

/** The upload if it exists in this municipality and has not expired; its expiry moves on by the TTL. */
export async function findUpload(scope: TenantScope, id: string, now: Date = new Date(), limits: Pick<UploadLimits, 'ttlMs'> = {}): Promise<StoredUpload | null> {
  const [row] = await scope.db
    .update(importUploads)
    .set({ expiresAt: new Date(now.getTime() + (limits.ttlMs ?? UPLOAD_TTL_MS)) })
    .where(and(eq(importUploads.municipalityId, scope.municipalityId), eq(importUploads.id, id), gt(importUploads.expiresAt, now)))
    .returning();
  return row ? fromRow(row) : null;
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
