import { inArray } from 'drizzle-orm';
import type { Store } from '../../../db/client.js';
import * as s from '../../../db/schema.js';
import { demoMunicipalities } from '../data/index.js';
import { deleteMunicipalityRows } from './deleteDemo.js';
import { loadMunicipality } from './loadDemo.js';

/**
 * On a shared PostgreSQL only the demo municipalities are removed and reloaded;
 * other tenants' rows are never touched (every delete filters on municipality_id).
 */
export async function resetDemoMunicipalities(store: Store): Promise<void> {
  const codes = demoMunicipalities.map((m) => m.code);
  const rows = await store.db.select({ id: s.municipalities.id }).from(s.municipalities).where(inArray(s.municipalities.code, codes));
  await store.db.transaction(async (tx) => {
    for (const { id } of rows) await deleteMunicipalityRows(tx, id);
  });
  for (const m of demoMunicipalities) await loadMunicipality(store.db, m);
}
