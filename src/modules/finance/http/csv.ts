/**
 * One table as a CSV laid out as printed: title, unit line, then per section a header row
 * (section name, R7 … R11) and its rows with figures in the printed unit. UTF-8 with a BOM
 * (Excel on Japanese Windows reads it as UTF-8), CRLF line ends.
 */
import { stringify } from 'csv-stringify/sync';
import type { FiscalTableDto } from '../../../shared/api-types-finance.js';
import { guardFormula } from '../../../shared/formulaGuard.js';

export function fiscalTableCsv(t: FiscalTableDto): string {
  const heads = t.columns.map((c) => `${c.short}${c.kind === 'actual' && t.columns.some((x) => x.kind === 'plan') ? '（実績）' : ''}`);
  const out: string[][] = [[t.title], [t.unitLine]];
  let section: string | null = null;
  for (const r of t.rows) {
    // a section header row wherever the section changes, as the plan prints 歳入 / 歳出
    if (r.section !== section && (r.section || section === null)) {
      out.push([r.section || '区分', ...heads]);
      section = r.section;
    }
    out.push([r.label, ...t.columns.map((c) => r.values.find((v) => v.fiscalYear === c.fiscalYear && v.kind === c.kind)?.text ?? '')]);
  }
  if (t.source) out.push([`出典：${t.source}`]);
  // every cell, section names and figures included: a figure is text here, and only a plain negative number passes as is
  return '\uFEFF' + stringify(out.map((r) => r.map(guardFormula)), { record_delimiter: 'windows', eof: true, quoted_match: /[\r\n]/ } /* a lone CR would otherwise end the record */);
}
