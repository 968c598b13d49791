/**
 * JSON shapes of the financial and staffing tables of a plan (中期財政計画・職員定員管理計画).
 * Types only: the presenters produce exactly these and the staff UI imports them as types.
 */
import type { TableFields, TableKind } from '../modules/finance/domain/table.js';

export interface FiscalValueDto {
  fiscalYear: number;
  /** plan (計画・見込み) / actual (実績) */
  kind: 'plan' | 'actual';
  /** stored integer: yen for 'yen' tables, the figure × 10^scale for 'number' tables */
  value: number;
  /** as printed in the table's unit: "5,471", "△20", "99.6" */
  text: string;
}

export interface FiscalRowDto {
  id: string;
  sortOrder: number;
  /** 歳入 / 歳出 / '' */
  section: string;
  label: string;
  /** item / breakdown (うち…) / total (計) / balance (歳入－歳出) */
  rowKind: 'item' | 'breakdown' | 'total' | 'balance';
  values: FiscalValueDto[];
}

export interface FiscalColumnDto {
  fiscalYear: number;
  kind: 'plan' | 'actual';
  /** R7 */
  short: string;
  /** 令和7年度 */
  label: string;
}

export interface FiscalDiscrepancyDto {
  rowId: string;
  label: string;
  fiscalYear: number;
  kind: 'plan' | 'actual';
  printed: number;
  computed: number;
  /** Japanese, names the row and year */
  message: string;
}

export interface FiscalTableDto {
  id: string;
  planId: string;
  /** budget / funds / debt / ratios / headcount / other */
  kind: TableKind;
  kindLabel: string;
  title: string;
  /** yen / number */
  valueKind: 'yen' | 'number';
  /** 円 / 千円 / 百万円 / 億円 for yen; %, 人, 時間 … for numbers */
  unit: string;
  /** （単位：百万円） */
  unitLine: string;
  scale: number;
  firstFiscalYear: number;
  lastFiscalYear: number;
  sortOrder: number;
  /** where it is printed (図表 10) */
  source: string;
  /** 推計の考え方 and other notes */
  note: string;
  version: number;
  /** the columns to print: every (year, kind) with a figure, and a plan column for years without one */
  columns: FiscalColumnDto[];
  rows: FiscalRowDto[];
  /** the roll-up check: empty when the printed totals and balance agree with their items */
  discrepancies: FiscalDiscrepancyDto[];
  updatedAt: string;
}

export interface FiscalTableListDto {
  items: FiscalTableDto[];
}

// ───────────── request bodies (what the staff UI sends; the server's zod schema accepts them, checked at compile time) ─────────────

/** One cell as typed ("5,471", "△20"); a blank text clears it. */
export interface FiscalCellBody {
  fiscalYear: number;
  kind: 'plan' | 'actual';
  text: string;
}

export interface FiscalRowBody {
  /** an existing row keeps its id */
  id?: string;
  section: string;
  label: string;
  rowKind: FiscalRowDto['rowKind'];
  values: FiscalCellBody[];
}

/** POST …/fiscal-tables; PUT …/fiscal-tables/:id with `version` replaces the whole table: the table's fields (its place in the list is the server's) and rows. */
export interface FiscalTableBody extends Omit<TableFields, 'sortOrder'> {
  rows: FiscalRowBody[];
}
