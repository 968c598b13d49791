/**
 * Shared cell styles and helpers for the xlsx writers. Style objects are created once
 * and shared by every cell (exceljs keeps one reference per cell, so 2,000 rows stay cheap).
 */
import type ExcelJS from 'exceljs';

export const FONT_NAME = 'ＭＳ Ｐゴシック';

const thin = { style: 'thin' } as const;
export const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };

export const font = (size = 9, extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({ name: FONT_NAME, size, ...extra });

export const solid = (rgb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${rgb.toUpperCase()}` } });

export const HEADER_FILL = solid('D9E1F2');
export const LOCKED_FILL = solid('EDEDED');
export const INPUT_FILL = solid('FFFFFF');

export interface Styles {
  text: Partial<ExcelJS.Style>;
  center: Partial<ExcelJS.Style>;
  header: Partial<ExcelJS.Style>;
}

export function tableStyles(size = 9): Styles {
  return {
    text: { font: font(size), border: BORDER, alignment: { wrapText: true, vertical: 'top', horizontal: 'left' } },
    center: { font: font(size), border: BORDER, alignment: { wrapText: true, vertical: 'middle', horizontal: 'center' } },
    header: { font: font(size, { bold: true }), border: BORDER, fill: HEADER_FILL, alignment: { wrapText: true, vertical: 'middle', horizontal: 'center' } },
  };
}

/** Same style with a fill (cached per fill colour so cells keep sharing objects). */
export function withFill(base: Partial<ExcelJS.Style>, fill: ExcelJS.Fill, cache: Map<string, Partial<ExcelJS.Style>>, key: string): Partial<ExcelJS.Style> {
  const hit = cache.get(key);
  if (hit) return hit;
  const s = { ...base, fill };
  cache.set(key, s);
  return s;
}

/** A darker colour of the same hue (for the ● printed in the legend line of a fill colour). */
export function markColor(rgb: string): string {
  const n = parseInt(rgb, 16);
  const r = ((n >> 16) & 255) / 255;
  const g = ((n >> 8) & 255) / 255;
  const b = (n & 255) / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  let h = 0;
  if (max !== min) {
    const d = max - min;
    h = max === r ? ((g - b) / d + (g < b ? 6 : 0)) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
    h /= 6;
  }
  // hue kept, saturated and dark enough to read as a mark on white
  const s = max === min ? 0 : 1;
  const l = 0.4;
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const hue = (t: number) => {
    const x = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
    if (x < 1 / 6) return p + (q - p) * 6 * x;
    if (x < 1 / 2) return q;
    if (x < 2 / 3) return p + (q - p) * (2 / 3 - x) * 6;
    return p;
  };
  const to = (v: number) => Math.round(v * 255).toString(16).padStart(2, '0');
  return `${to(hue(h + 1 / 3))}${to(hue(h))}${to(hue(h - 1 / 3))}`.toUpperCase();
}

/** Display width of text in column units: full-width characters count 2, others 1. */
export function textWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // a surrogate pair (rare CJK extension characters) is two code units: counted as one wide character
    if (c >= 0xdc00 && c <= 0xdfff) continue;
    w += c > 0xff && !(c >= 0xff61 && c <= 0xff9f) ? 2 : 1;
  }
  return w;
}

/** Lines a wrapped text takes in a column of `width` characters. */
export function wrappedLines(text: string, width: number): number {
  if (!text) return 1;
  const usable = Math.max(1, width - 1);
  let lines = 0;
  for (const para of text.split('\n')) lines += Math.max(1, Math.ceil(textWidth(para) / usable));
  return lines;
}

/** 1-based column number → letters (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Cell text with any characters XML 1.0 cannot hold removed (a control character would corrupt the file). */
export function safeText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/** Content-Disposition for a Japanese file name (RFC 6266 / 5987, with an ASCII fallback). */
export function attachment(fileName: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** A file name without characters Windows refuses. */
export function safeFileName(s: string): string {
  return s.replace(/[\\/:*?"<>|\u0000-\u001F]/g, '_').trim().slice(0, 120) || 'file';
}
