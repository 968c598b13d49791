/**
 * The demo's publications: what a secretariat would have published by now — every closed round
 * (answers not accepted shown as 回答なし), each fiscal year of KPI actuals, and each table as the
 * 年度版 of its plan's first year — through the publish command, so the citizens' site has content.
 */
import { and, eq } from 'drizzle-orm';
import { fiscalTables, kpis, rounds } from '../../../db/schema.js';
import { kpisForOpenData } from '../../kpis/queries/opendata.js';
import type { CommandContext } from '../../../shared/context.js';
import { publish } from '../../publish/commands/publications.js';

export async function publishDemo(ctx: CommandContext, publisher: { code: string; name: string }): Promise<void> {
  const m = ctx.municipalityId;
  const base = { expectedSeq: 0, correction: '', reason: 'デモデータの公表' };
  const closed = await ctx.db.select().from(rounds).where(and(eq(rounds.municipalityId, m), eq(rounds.state, 'closed')));
  for (const r of closed.sort((a, b) => (a.asOfDate < b.asOfDate ? -1 : 1)))
    await publish(ctx, publisher, { ...base, kind: 'round', planId: r.planId, subjectId: r.id, fiscalYear: 0, unaccepted: 'no_answer' });
  // actual values as the staff see them: entered, or taken from a row of the plan's tables
  const plans = await ctx.db.selectDistinct({ id: kpis.planId }).from(kpis).where(eq(kpis.municipalityId, m));
  for (const p of plans) {
    const set = await kpisForOpenData(ctx, [{ id: p.id, title: '' }]);
    const years = [...new Set(set.items.flatMap((k) => k.actuals.map((a) => a.fiscalYear)))].sort((a, b) => a - b);
    for (const fiscalYear of years) await publish(ctx, publisher, { ...base, kind: 'kpi_values', planId: p.id, subjectId: p.id, fiscalYear, unaccepted: null });
  }
  for (const t of await ctx.db.select().from(fiscalTables).where(eq(fiscalTables.municipalityId, m)))
    await publish(ctx, publisher, { ...base, kind: 'fiscal_table', planId: t.planId, subjectId: t.id, fiscalYear: t.firstFiscalYear, unaccepted: null });
}
