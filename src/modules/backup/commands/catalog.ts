/**
 * What the backup needs to know about the store's tables, read from pg_catalog rather than from
 * schema.ts: a table added by a later migration is backed up and restored without touching this code.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import type { ForeignKey } from '../domain/order.js';

export interface TableInfo {
  name: string;
  columns: { name: string; notNull: boolean; generated: boolean; identityAlways: boolean; type: string }[];
  primaryKey: string[];
  tenant: boolean;
}

export interface Catalog {
  tables: Map<string, TableInfo>;
  foreignKeys: ForeignKey[];
  /** serial / identity columns and their sequences */
  sequences: { table: string; column: string; sequence: string }[];
}

/** Rows of a statement on either driver (both answer { rows }). */
export async function rowsOf<T>(db: Executor, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function readCatalog(db: Executor): Promise<Catalog> {
  const cols = await rowsOf<{ table: string; column: string; not_null: boolean; generated: string; identity: string; type: string; seq: string | null }>(
    db,
    sql`select c.relname as "table", a.attname as "column", a.attnotnull as not_null, a.attgenerated::text as generated,
               a.attidentity::text as identity, format_type(a.atttypid, a.atttypmod) as type,
               pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) as seq
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
         where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
         order by c.relname, a.attnum`,
  );
  const tables = new Map<string, TableInfo>();
  const sequences: Catalog['sequences'] = [];
  for (const r of cols) {
    let t = tables.get(r.table);
    if (!t) tables.set(r.table, (t = { name: r.table, columns: [], primaryKey: [], tenant: false }));
    t.columns.push({ name: r.column, notNull: r.not_null, generated: r.generated !== '', identityAlways: r.identity === 'a', type: r.type });
    if (r.column === 'municipality_id') t.tenant = true;
    if (r.seq) sequences.push({ table: r.table, column: r.column, sequence: r.seq });
  }
  const keys = await rowsOf<{ kind: string; table: string; references: string | null; columns: string[] }>(
    db,
    sql`select k.contype::text as kind, c.relname as "table", f.relname as "references",
               (select json_agg(a.attname order by u.ord) from unnest(k.conkey) with ordinality u(attnum, ord)
                  join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum) as columns
          from pg_constraint k
          join pg_class c on c.oid = k.conrelid
          left join pg_class f on f.oid = k.confrelid
         where k.connamespace = 'public'::regnamespace and k.contype in ('p', 'f')
         order by c.relname, k.conname`,
  );
  const foreignKeys: ForeignKey[] = [];
  for (const k of keys) {
    const cols = typeof k.columns === 'string' ? (JSON.parse(k.columns) as string[]) : k.columns;
    if (k.kind === 'p') {
      const t = tables.get(k.table);
      if (t) t.primaryKey = cols;
    } else if (k.references) {
      foreignKeys.push({ table: k.table, references: k.references, columns: cols });
    }
  }
  return { tables, foreignKeys, sequences };
}
