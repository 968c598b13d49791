/**
 * Figures of the financial and staffing tables: the printed unit, reading a figure as staff type
 * it (in the table's unit) into the stored integer, and printing it back. Pure.
 *
 * Stored values are integers: yen for 'yen' tables (5,471 百万円 → 5471000000), and for 'number'
 * tables the figure times 10^scale (99.6 % with scale 1 → 996). Arithmetic is done on decimal
 * digit strings and BigInt, so no float ever touches money.
 */
import { fiscalYearLabel, fiscalYearShort } from '../../fiscal/domain/index.js';

export const YEN_UNITS = ['円', '千円', '百万円', '億円'] as const;
export type YenUnit = (typeof YEN_UNITS)[number];
/** decimal exponent of each yen unit: 1 百万円 = 10^6 円 */
const YEN_EXPONENT: Readonly<Record<YenUnit, number>> = { 円: 0, 千円: 3, 百万円: 6, 億円: 8 };

export const VALUE_KINDS = ['yen', 'number'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];
export const MAX_SCALE = 4;

export const isYenUnit = (u: string): u is YenUnit => (YEN_UNITS as readonly string[]).includes(u);

/** How a table's figures are stored and printed. */
export interface Measure {
  valueKind: ValueKind;
  unit: string;
  /** decimal places of 'number' values; ignored for yen */
  scale: number;
}

/** Stored units per printed unit, as a power of ten: 百万円 → 6, a % with one decimal → 1. */
export function exponentOf(m: Measure): number {
  if (m.valueKind === 'yen') return isYenUnit(m.unit) ? YEN_EXPONENT[m.unit] : 0;
  return m.scale;
}

/** Yen per printed unit (百万円 → 1,000,000); 1 for number tables. */
export function yenFactor(unit: string): number {
  return isYenUnit(unit) ? 10 ** YEN_EXPONENT[unit] : 1;
}

const FULL_WIDTH: Readonly<Record<string, string>> = { '，': ',', '．': '.', '　': ' ' };
const MINUS = /^[-−－‐ー△▲]/;

/** Full-width digits and separators to ASCII; blanks and thousands separators removed. */
function normalize(text: string): string {
  return text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[，．　]/g, (c) => FULL_WIDTH[c]!)
    .replace(/[\s,]/g, '');
}

export type ParseResult = { ok: true; value: number | null } | { ok: false; reason: string };

/**
 * A figure typed in the table's printed unit → the stored integer. Empty text (or a lone dash, as
 * printed for "none") is no value. △ / ▲ / − mark negatives. Decimals are accepted only when they
 * resolve to whole stored units (whole yen; the table's decimal places for numbers).
 */
export function parseFigure(text: string, m: Measure): ParseResult {
  const raw = normalize(text);
  if (raw === '' || /^[-−－‐ー―]$/.test(raw)) return { ok: true, value: null };
  const negative = MINUS.test(raw);
  const body = negative ? raw.slice(1) : raw;
  const match = /^(\d+)(?:\.(\d*))?$/.exec(body);
  if (!match) return { ok: false, reason: `「${text.trim()}」は数値として読めません（例: 5,471　△20）。` };
  const e = exponentOf(m);
  const frac = (match[2] ?? '').replace(/0+$/, '');
  if (frac.length > e) {
    return {
      ok: false,
      reason:
        m.valueKind === 'yen'
          ? `「${text.trim()}」${m.unit}は1円未満の端数になります。円単位で割り切れる値を入力してください。`
          : e === 0
            ? `「${text.trim()}」: この表は整数で入力してください。`
            : `「${text.trim()}」: この表は小数第${e}位まで入力できます。`,
    };
  }
  const digits = BigInt(match[1]! + frac.padEnd(e, '0'));
  if (digits > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: `「${text.trim()}」は大きすぎます。` };
  const value = Number(digits);
  return { ok: true, value: negative && value !== 0 ? -value : value };
}

/** The stored integer printed in the table's unit: 5471000000 in 百万円 → "5,471", −20 → "△20", 996 (scale 1) → "99.6". */
export function formatFigure(value: number, m: Measure): string {
  const e = exponentOf(m);
  const digits = String(Math.abs(Math.trunc(value))).padStart(e + 1, '0');
  const intPart = digits.slice(0, digits.length - e).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let frac = digits.slice(digits.length - e);
  // yen in a larger unit shows only the decimals it needs; numbers keep their printed decimal places
  if (m.valueKind === 'yen') frac = frac.replace(/0+$/, '');
  return `${value < 0 ? '△' : ''}${intPart}${frac ? `.${frac}` : ''}`;
}

/** The unit line printed over a table: （単位：百万円）. */
export const unitLine = (unit: string): string => (unit ? `（単位：${unit}）` : '');

/** 「地方税」のR7（令和7年度）: how a message names one cell. */
export function cellName(rowLabel: string, fiscalYear: number): string {
  return `「${rowLabel || '（名称なし）'}」の${fiscalYearShort(fiscalYear)}（${fiscalYearLabel(fiscalYear)}）`;
}

/** A scaled integer as a plain decimal string for machines: 996 (scale 1) → "99.6", −5 → "-0.5". */
export function decimalString(value: number, scale: number): string {
  const digits = String(Math.abs(Math.trunc(value))).padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return `${value < 0 ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}
