/**
 * Previews of the KPI and finance pages: the plan's current publications with the candidate in place
 * of its subject and year, rendered by the same page components as the public site (publicKpis.tsx,
 * publicFinance.tsx), under the preview banner.
 */
import type { TenantScope } from '../../../shared/context.js';
import { todayInTokyo } from '../../fiscal/domain/index.js';
import type { FiscalSnapshot, KpiSnapshot } from '../domain/publication.js';
import { fiscalCorrections, fiscalTablesWithCandidate, kpiPlanWithCandidate } from '../queries/publicSite.js';
import type { PublicMunicipality } from './publicLayout.js';
import { financePageNode } from './publicFinance.js';
import { kpiPageNode } from './publicKpis.js';

export async function kpiPreviewNode(scope: TenantScope, m: PublicMunicipality, snapshot: KpiSnapshot, banner: unknown) {
  const data = await kpiPlanWithCandidate(scope, snapshot, todayInTokyo());
  return kpiPageNode(scope, m, snapshot.plan, data, banner);
}

export async function financePreviewNode(scope: TenantScope, m: PublicMunicipality, snapshot: FiscalSnapshot, banner: unknown) {
  const tables = await fiscalTablesWithCandidate(scope, snapshot, todayInTokyo());
  // the candidate corrects nothing yet: its 正誤 is the banner's business; the others keep theirs
  const corrections = await fiscalCorrections(
    scope,
    tables.filter((t) => t.snapshot !== snapshot),
  );
  return financePageNode(m, snapshot.plan, tables, corrections, banner);
}
