/**
 * An upload's table as stored in import_uploads.upload (jsonb), and back. Pure, so that the import worker
 * processes can build the stored JSON text themselves (the server's thread then only passes it on).
 */
import type { CellProblem, CellRange, ParsedUpload, Sheet, SourceKind } from './domain/grid.js';

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

