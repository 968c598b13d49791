/**
 * CSV for open data: UTF-8 with a BOM (Excel in Japanese Windows reads it as UTF-8), CRLF line
 * ends, RFC 4180 quoting, a Japanese header row. The cells come from the pure csvTable.
 */
import { stringify } from 'csv-stringify/sync';
import { csvTable, type OpenRecord, type ResourceDef } from '../domain/opendata.js';

export const BOM = '\uFEFF';

export function toCsv(def: ResourceDef, records: readonly OpenRecord[]): string {
  return BOM + stringify(csvTable(def, records), { record_delimiter: 'windows', eof: true, quoted_match: /[\r\n]/ } /* a lone CR would otherwise end the record */);
}
