/** A CSV read into a heading row and data rows, and the column rules both imports share (pure). */
import { normalizeWidth } from '../../fiscal/domain/wareki.js';
import type { ImportCellErrorDto, ImportRowAction } from '../../../shared/api-types-onboarding.js';

export interface CsvRow {
  /** line of the file (the heading is line 1) */
  line: number;
  cells: string[];
}

export interface CsvTable {
  encoding: string;
  headers: string[];
  rows: CsvRow[];
}

export const MAX_IMPORT_ROWS = 5000;

/** 「組織コード（必須）」, 「 組織 コード 」 and 「組織ｺｰﾄﾞ」-free variants all read as 組織コード. */
export function normalizeHeading(h: string): string {
  return normalizeWidth(h)
    .replace(/[（(][^（()）]*[)）]\s*$/, '')
    .replace(/[\s\u3000*＊※]/g, '')
    .toLowerCase();
}

export interface ColumnSpec<K extends string> {
  key: K;
  /** the heading written in templates and messages */
  heading: string;
  aliases?: string[];
  required?: boolean;
}

export type ColumnIndex<K extends string> = Partial<Record<K, { index: number; heading: string }>>;

/** Finds each column by its heading; returns the file-level problems (missing required headings, repeated headings). */
export function locateColumns<K extends string>(headers: string[], specs: readonly ColumnSpec<K>[]): { columns: ColumnIndex<K>; problems: string[] } {
  const normalized = headers.map(normalizeHeading);
  const columns: ColumnIndex<K> = {};
  const problems: string[] = [];
  for (const spec of specs) {
    const names = [spec.heading, ...(spec.aliases ?? [])].map(normalizeHeading);
    const found = normalized.flatMap((h, i) => (names.includes(h) ? [i] : []));
    if (found.length > 1) problems.push(`見出し「${spec.heading}」の列が${found.length}つあります（${found.map((i) => `${i + 1}列目`).join('・')}）。1つにしてください。`);
    if (found.length) columns[spec.key] = { index: found[0]!, heading: headers[found[0]!]!.trim() };
    else if (spec.required) problems.push(`見出し「${spec.heading}」の列がありません。1行目に見出しの行を置いてください（テンプレートを参照）。`);
  }
  return { columns, problems };
}

/** The trimmed cell of a column, or undefined when the file has no such column. */
export function cellOf<K extends string>(row: CsvRow, columns: ColumnIndex<K>, key: K): string | undefined {
  const c = columns[key];
  if (!c) return undefined;
  return (row.cells[c.index] ?? '').trim();
}

/** Collects the problems of one row; each message names the row and the column. */
export class RowErrors {
  readonly list: ImportCellErrorDto[] = [];
  constructor(private readonly line: number) {}
  add(column: string, message: string): void {
    this.list.push({ column, message: column ? `${this.line}行目「${column}」: ${message}` : `${this.line}行目: ${message}` });
  }
  get any(): boolean {
    return this.list.length > 0;
  }
}

export const ACTION_LABELS: Record<ImportRowAction, string> = { create: '新規', update: '変更', unchanged: '変更なし', error: 'エラー' };

/** Reading cells: half-width digits and letters, trimmed. */
export const plain = (s: string): string => normalizeWidth(s).trim();
