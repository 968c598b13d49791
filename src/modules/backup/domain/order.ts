/**
 * The order rows go into a store: a table after every table it references. References of a table to
 * itself (plan_nodes.parent_id, departments.parent_id / successor_id, …) do not order tables; the
 * restore writes those in two passes. Pure.
 */

export interface ForeignKey {
  /** the referencing table */
  table: string;
  /** the referenced table */
  references: string;
  /** the referencing columns */
  columns: string[];
}

/** Tables in insertion order (ties by name, so the same schema always gives the same order). */
export function insertionOrder(tables: string[], fks: ForeignKey[]): string[] {
  const set = new Set(tables);
  const deps = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const fk of fks) {
    if (fk.table === fk.references || !set.has(fk.table) || !set.has(fk.references)) continue;
    deps.get(fk.table)!.add(fk.references);
  }
  const order: string[] = [];
  const done = new Set<string>();
  const remaining = [...tables].sort();
  while (remaining.length) {
    const i = remaining.findIndex((t) => [...deps.get(t)!].every((d) => done.has(d)));
    if (i < 0) throw new Error(`表の参照が循環しているため復元の順序を決められません: ${remaining.join(', ')}`);
    const [t] = remaining.splice(i, 1);
    order.push(t!);
    done.add(t!);
  }
  return order;
}

/** Whether `order` puts every table after the tables it references (those present in `order`). */
export function respectsForeignKeys(order: string[], fks: ForeignKey[]): boolean {
  const pos = new Map(order.map((t, i) => [t, i]));
  return fks.every((fk) => {
    const a = pos.get(fk.table);
    const b = pos.get(fk.references);
    return a === undefined || b === undefined || fk.table === fk.references || b < a;
  });
}

/** The columns of a table's references to itself that are not part of its primary key (set in the second pass). */
export function selfReferenceColumns(table: string, fks: ForeignKey[], primaryKey: string[]): string[] {
  const cols = new Set<string>();
  for (const fk of fks) {
    if (fk.table !== table || fk.references !== table) continue;
    for (const c of fk.columns) if (!primaryKey.includes(c)) cols.add(c);
  }
  return [...cols].sort();
}
