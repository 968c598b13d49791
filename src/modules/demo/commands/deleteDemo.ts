/**
 * Removes every row of one municipality, children before parents along the
 * foreign keys; every statement filters on municipality_id, so other tenants'
 * rows are never touched. For the demo reset and for undoing a failed demo load.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import * as s from '../../../db/schema.js';
import { deleteAccountsOf } from '../../identity/commands/demoUsers.js';

export async function deleteMunicipalityRows(tx: Executor, id: string): Promise<void> {
  // review bodies and mail, then the PDCA cycle (reports before rounds; rounds point at earlier rounds)
  for (const t of [s.opinions, s.meetingAgenda, s.meetings, s.emailOutbox, s.reportEvents, s.reports]) {
    await tx.delete(t).where(eq(t.municipalityId, id));
  }
  await tx.update(s.rounds).set({ previousRoundId: null }).where(eq(s.rounds.municipalityId, id));
  for (const t of [s.rounds, s.statusLegends]) await tx.delete(t).where(eq(t.municipalityId, id));
  // accounts with their sessions, 課 and notifications (before the departments they belong to)
  await deleteAccountsOf(tx, id);
  for (const t of [s.nodeTags, s.nodeSchedules, s.nodeDepartments, s.nodeChanges, s.auditLog, s.planLinks, s.planStages]) {
    await tx.delete(t).where(eq(t.municipalityId, id));
  }
  // 数値目標・KPI point at plans, items and departments
  for (const t of [s.kpiValues, s.kpis]) await tx.delete(t).where(eq(t.municipalityId, id));
  // financial / staffing tables: figures, rows, tables (they belong to plans)
  for (const t of [s.fiscalTableValues, s.fiscalTableRows, s.fiscalTables]) await tx.delete(t).where(eq(t.municipalityId, id));
  await tx.update(s.planNodes).set({ parentId: null, mergedIntoId: null }).where(eq(s.planNodes.municipalityId, id));
  await tx.delete(s.planNodes).where(eq(s.planNodes.municipalityId, id));
  await tx.update(s.plans).set({ parentPlanId: null }).where(eq(s.plans.municipalityId, id));
  await tx.delete(s.plans).where(eq(s.plans.municipalityId, id));
  await tx.delete(s.tags).where(eq(s.tags.municipalityId, id));
  await tx.update(s.departments).set({ parentId: null, successorId: null }).where(eq(s.departments.municipalityId, id));
  await tx.delete(s.departments).where(eq(s.departments.municipalityId, id));
  await tx.delete(s.municipalities).where(eq(s.municipalities.id, id));
}
