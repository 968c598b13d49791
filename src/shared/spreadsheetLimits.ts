/**
 * What an uploaded spreadsheet may hold, checked before it is unpacked or read cell by cell: the imports
 * (src/modules/imports) and the departments' answer workbooks (src/modules/exports) use these same figures.
 * An .xlsx is a zip whose parts can inflate a thousandfold (a 400 KB file holding a 400 MB string), so the
 * upload's own size says little; the parsed table is kept in memory and in the database, so its cells
 * are bounded too.
 */
export const SPREADSHEET_LIMITS = {
  /** all parts of an .xlsx together, unpacked (zip bombs) */
  maxUnzippedBytes: 32 * 1024 * 1024,
  /** one part of an .xlsx unpacked (a sheet, the shared strings) */
  maxEntryBytes: 24 * 1024 * 1024,
  /** cells of the table read from one file, all sheets together (rows × their columns, blanks included) */
  maxCells: 300_000,
  /** rows of one sheet (or of a CSV / pasted text) */
  maxRows: 50_000,
  /** columns of one sheet */
  maxColumns: 1_000,
} as const;

export type SpreadsheetLimits = { [K in keyof typeof SPREADSHEET_LIMITS]: number };
