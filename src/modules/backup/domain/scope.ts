/**
 * Which tables a backup holds. A full backup: every table. A municipality's: its municipalities row and
 * every table with municipality_id, except sign-in sessions (staff sign in again after a move). Pure.
 */
import type { BackupScope } from './format.js';

/** tenant tables a municipality backup leaves out */
export const LEFT_OUT_OF_MUNICIPALITY = ['sessions'];

export const MUNICIPALITIES_TABLE = 'municipalities';

export function tablesInScope(scope: BackupScope, tables: { name: string; tenant: boolean }[]): string[] {
  if (scope === 'full') return tables.map((t) => t.name);
  return tables.filter((t) => t.name === MUNICIPALITIES_TABLE || (t.tenant && !LEFT_OUT_OF_MUNICIPALITY.includes(t.name))).map((t) => t.name);
}

/** The rows of `table` that belong to the municipality (column and value for a WHERE). */
export function municipalityColumn(table: string): string {
  return table === MUNICIPALITIES_TABLE ? 'id' : 'municipality_id';
}
