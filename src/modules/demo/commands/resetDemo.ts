import { eq, inArray } from 'drizzle-orm';
import type { Store } from '../../../db/client.js';
import * as s from '../../../db/schema.js';
import { demoMunicipalities } from '../data/index.js';
import { loadMunicipality } from './loadDemo.js';

/**
 * On a shared PostgreSQL only the demo municipalities are removed and reloaded;
 * other tenants' rows are never touched (every delete filters on municipality_id).
 */
export async function resetDemoMunicipalities(store: Store): Promise<void> {
  const codes = demoMunicipalities.map((m) => m.code);
  const rows = await store.db.select({ id: s.municipalities.id }).from(s.municipalities).where(inArray(s.municipalities.code, codes));
  await store.db.transaction(async (tx) => {
    for (const { id } of rows) {
      // children before parents, following the foreign keys
      for (const t of [s.nodeTags, s.nodeSchedules, s.nodeDepartments, s.nodeChanges, s.auditLog, s.planLinks, s.planStages]) {
        await tx.delete(t).where(eq(t.municipalityId, id));
      }
      await tx.update(s.planNodes).set({ parentId: null, mergedIntoId: null }).where(eq(s.planNodes.municipalityId, id));
      await tx.delete(s.planNodes).where(eq(s.planNodes.municipalityId, id));
      await tx.update(s.plans).set({ parentPlanId: null }).where(eq(s.plans.municipalityId, id));
      await tx.delete(s.plans).where(eq(s.plans.municipalityId, id));
      await tx.delete(s.tags).where(eq(s.tags.municipalityId, id));
      await tx.update(s.departments).set({ parentId: null, successorId: null }).where(eq(s.departments.municipalityId, id));
      await tx.delete(s.departments).where(eq(s.departments.municipalityId, id));
      await tx.delete(s.municipalities).where(eq(s.municipalities.id, id));
    }
  });
  for (const m of demoMunicipalities) await loadMunicipality(store.db, m);
}
