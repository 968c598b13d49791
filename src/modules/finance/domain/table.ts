/**
 * A financial / staffing table of a plan (中期財政計画・職員定員管理計画): its kinds, and the
 * validation of a whole table as the grid editor sends it. Pure.
 */
import { cellName, isYenUnit, MAX_SCALE, parseFigure, VALUE_KINDS, YEN_UNITS, type Measure, type ValueKind } from './units.js';

export const TABLE_KINDS = ['budget', 'funds', 'debt', 'ratios', 'headcount', 'other'] as const;
export type TableKind = (typeof TABLE_KINDS)[number];
export const TABLE_KIND_LABELS: Readonly<Record<TableKind, string>> = {
  budget: '歳入歳出見込み',
  funds: '基金残高',
  debt: '地方債残高',
  ratios: '財政指標',
  headcount: '職員数（定員管理）',
  other: 'その他',
};

export const ROW_KINDS = ['item', 'breakdown', 'total', 'balance'] as const;
export type RowKind = (typeof ROW_KINDS)[number];
export const ROW_KIND_LABELS: Readonly<Record<RowKind, string>> = {
  item: '項目',
  breakdown: '内訳（うち…。計に含めない）',
  total: '計',
  balance: '差引（歳入－歳出）',
};

export const FIGURE_KINDS = ['plan', 'actual'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];
export const FIGURE_KIND_LABELS: Readonly<Record<FigureKind, string>> = { plan: '計画・見込み', actual: '実績' };

export const REVENUE = '歳入';
export const EXPENDITURE = '歳出';

export const LIMITS = { rows: 300, years: 30, label: 200, title: 200, section: 20, unit: 20, source: 200, note: 20_000 } as const;

export interface FieldError {
  path: string;
  message: string;
}

/** One figure as sent: the stored integer (value) or what was typed in the printed unit (text). */
export interface CellInput {
  fiscalYear: number;
  kind: FigureKind;
  value?: number | null;
  text?: string;
}

export interface RowInput {
  id?: string;
  section: string;
  label: string;
  rowKind: RowKind;
  values: CellInput[];
}

export interface TableFields {
  kind: TableKind;
  title: string;
  valueKind: ValueKind;
  unit: string;
  scale: number;
  firstFiscalYear: number;
  lastFiscalYear: number;
  source: string;
  note: string;
  sortOrder: number;
}

export interface TableInput extends TableFields {
  rows: RowInput[];
}

export interface CleanValue {
  fiscalYear: number;
  kind: FigureKind;
  value: number;
}

export interface CleanRow {
  id?: string;
  sortOrder: number;
  section: string;
  label: string;
  rowKind: RowKind;
  values: CleanValue[];
}

export interface CleanTable {
  fields: TableFields;
  rows: CleanRow[];
}

export const measureOf = (t: { valueKind: string; unit: string; scale: number }): Measure => ({
  valueKind: t.valueKind === 'number' ? 'number' : 'yen',
  unit: t.unit,
  scale: t.scale,
});

/**
 * Checks and normalises a whole table. Every problem is reported, each with its path and a
 * Japanese message naming the row and year; `table` is null when there is any.
 */
export function validateTable(input: TableInput): { errors: FieldError[]; table: CleanTable | null } {
  const errors: FieldError[] = [];
  const add = (path: string, message: string) => errors.push({ path, message });
  const title = input.title.trim();
  const unit = input.unit.trim();
  if (!title) add('title', '表の名称を入力してください（例: 一般会計の歳入歳出見込み）。');
  if (!(TABLE_KINDS as readonly string[]).includes(input.kind)) add('kind', `表の種類は ${TABLE_KINDS.join(' / ')} のいずれかです。`);
  if (!(VALUE_KINDS as readonly string[]).includes(input.valueKind)) add('valueKind', '値の種類は yen（金額）か number（数値）です。');
  if (input.valueKind === 'yen' && !isYenUnit(unit)) add('unit', `金額の表の単位は ${YEN_UNITS.join('・')} のいずれかです。`);
  if (input.valueKind === 'yen' && input.scale !== 0) add('scale', '金額の表では小数点以下の桁数は0です（金額は円単位の整数で記録します）。');
  if (input.valueKind === 'number' && !(Number.isInteger(input.scale) && input.scale >= 0 && input.scale <= MAX_SCALE))
    add('scale', `小数点以下の桁数は0〜${MAX_SCALE}です。`);
  const { firstFiscalYear: first, lastFiscalYear: last } = input;
  if (last < first) add('lastFiscalYear', '終了年度は開始年度以降にしてください。');
  else if (last - first + 1 > LIMITS.years) add('lastFiscalYear', `表の年度は${LIMITS.years}年度分までです。`);
  if (input.rows.length > LIMITS.rows) add('rows', `行は${LIMITS.rows}行までです。`);

  const measure = measureOf({ valueKind: input.valueKind, unit, scale: input.scale });
  const unitOk = !errors.some((e) => e.path === 'unit' || e.path === 'scale' || e.path === 'valueKind');
  const seenIds = new Set<string>();
  const rows: CleanRow[] = input.rows.map((r, i) => {
    const label = r.label.trim();
    const n = `${i + 1}行目`;
    if (!label) add(`rows.${i}.label`, `${n}: 行の名称（例: 地方税、歳入計）を入力してください。`);
    if (!(ROW_KINDS as readonly string[]).includes(r.rowKind)) add(`rows.${i}.rowKind`, `${n}: 行の種類は ${ROW_KINDS.join(' / ')} のいずれかです。`);
    if (r.id) {
      if (seenIds.has(r.id)) add(`rows.${i}.id`, `${n}「${label}」: 同じ行（id）が2回送られています。`);
      seenIds.add(r.id);
    }
    const seen = new Set<string>();
    const values: CleanValue[] = [];
    r.values.forEach((v, j) => {
      const path = `rows.${i}.values.${j}`;
      const where = Number.isInteger(v.fiscalYear) && v.fiscalYear >= 1868 && v.fiscalYear <= 2200 ? cellName(label, v.fiscalYear) : `「${label}」の${v.fiscalYear}年度`;
      if (!Number.isInteger(v.fiscalYear) || v.fiscalYear < first || v.fiscalYear > last) {
        add(path, `${where}: 年度が表の期間（${first}〜${last}年度）の外です。`);
        return;
      }
      const key = `${v.fiscalYear}:${v.kind}`;
      if (seen.has(key)) {
        add(path, `${where}の${FIGURE_KIND_LABELS[v.kind] ?? v.kind}が2つあります。1つにしてください。`);
        return;
      }
      seen.add(key);
      let value: number | null;
      if (v.text !== undefined) {
        if (!unitOk) return;
        const p = parseFigure(v.text, measure);
        if (!p.ok) {
          add(path, `${where}: ${p.reason}`);
          return;
        }
        value = p.value;
      } else value = v.value ?? null;
      if (value === null) return;
      if (!Number.isSafeInteger(value)) {
        add(path, `${where}: 値は整数（金額は円、数値は小数点を除いた整数）で指定してください。`);
        return;
      }
      values.push({ fiscalYear: v.fiscalYear, kind: v.kind, value });
    });
    values.sort((a, b) => a.fiscalYear - b.fiscalYear || a.kind.localeCompare(b.kind));
    return { ...(r.id ? { id: r.id } : {}), sortOrder: i, section: r.section.trim(), label, rowKind: r.rowKind, values };
  });
  if (errors.length) return { errors, table: null };
  return {
    errors,
    table: {
      fields: { ...input, title, unit, source: input.source.trim(), note: input.note.trim(), scale: input.valueKind === 'yen' ? 0 : input.scale },
      rows,
    },
  };
}
