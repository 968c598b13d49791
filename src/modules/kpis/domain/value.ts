/**
 * Values of a numeric target (数値目標・KPI). Every value is an integer scaled by 10^scale
 * (99.6 % with scale 1 is 996), so sums and comparisons are exact. These functions turn what
 * people type into that integer and back into the text of a Japanese public document. Pure.
 */

export const MAX_SCALE = 4;
/** Largest magnitude of a scaled value: stays a safe integer in JavaScript and in a bigint column. */
export const MAX_SCALED = 999_999_999_999_999;

export type ParseResult = { ok: true; value: number | null } | { ok: false; message: string };

/** Full-width digits and signs → ASCII; ideographic space → space. */
function toAscii(s: string): string {
  return s
    .replace(/[０-９]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[，、]/g, ',')
    .replace(/[－−‐―]/g, '-')
    .replace(/＋/g, '+')
    .replace(/[％]/g, '%')
    .replace(/\u3000/g, ' ');
}

/**
 * What a user typed → the scaled integer. Accepts 95.6, 95.6%, １７．５, 23,706, and
 * △12.8 / ▲12.8 / -12.8 for negatives; the KPI's own unit may follow the number (182分).
 * Empty text is `null` (no value). `label` names the field in the message.
 */
export function parseKpiValue(input: string, scale: number, label: string, unit = ''): ParseResult {
  let s = toAscii(input).trim();
  if (s === '') return { ok: true, value: null };
  const u = toAscii(unit).trim();
  if (u && s.endsWith(u)) s = s.slice(0, -u.length).trim();
  if (s.endsWith('%')) s = s.slice(0, -1).trim();
  let negative = false;
  if (/^[△▲-]/.test(s)) {
    negative = true;
    s = s.slice(1).trim();
  } else if (s.startsWith('+')) s = s.slice(1).trim();
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return { ok: false, message: `${label}は数値で入力してください（例: 95.6、23,706、負の数は △12.8）。` };
  const decimals = m[2] ?? '';
  if (decimals.length > scale) {
    return {
      ok: false,
      message: scale === 0 ? `${label}は整数で入力してください（小数は使えません）。` : `${label}は小数第${scale}位までで入力してください。`,
    };
  }
  const digits = (m[1]!.replace(/,/g, '') + decimals.padEnd(scale, '0')).replace(/^0+(?=\d)/, '');
  if (digits.length > String(MAX_SCALED).length || Number(digits) > MAX_SCALED) return { ok: false, message: `${label}が大きすぎます。` };
  const n = Number(digits);
  return { ok: true, value: negative && n !== 0 ? -n : n };
}

/** Integer part with thousands separators. */
const groups = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function splitScaled(value: number, scale: number): { negative: boolean; int: string; frac: string } {
  const negative = value < 0;
  const digits = String(Math.abs(value)).padStart(scale + 1, '0');
  return { negative, int: digits.slice(0, digits.length - scale), frac: scale ? digits.slice(digits.length - scale) : '' };
}

/**
 * A scaled value as printed in Japanese public documents: 23,706 / 99.6 / △12.8
 * (△ marks a negative number). `sign: 'minus'` writes -12.8 instead.
 */
export function formatKpiValue(value: number, scale: number, opts: { sign?: 'triangle' | 'minus'; separators?: boolean } = {}): string {
  const { negative, int, frac } = splitScaled(value, scale);
  const body = `${opts.separators === false ? int : groups(int)}${frac ? `.${frac}` : ''}`;
  if (!negative) return body;
  return `${opts.sign === 'minus' ? '-' : '△'}${body}`;
}

/** Plain decimal text for machines (open data): -12.8, 23706, 2.97. */
export function decimalString(value: number, scale: number): string {
  return formatKpiValue(value, scale, { sign: 'minus', separators: false });
}

/** Value with its unit: 「99.6%」「23,706時間」「△12.8億円」. */
export function formatWithUnit(value: number, scale: number, unit: string): string {
  return `${formatKpiValue(value, scale)}${unit}`;
}

/** The same quantity at another scale, when the scale of a KPI changes: exact, or null if digits would be lost. */
export function rescale(value: number, from: number, to: number): number | null {
  if (to >= from) {
    const r = value * 10 ** (to - from);
    return Math.abs(r) > MAX_SCALED ? null : r;
  }
  const f = 10 ** (from - to);
  return value % f === 0 ? value / f : null;
}
