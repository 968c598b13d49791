/**
 * Who is told when a report moves: a submitted report reaches the lead
 * department's approvers; a returned one goes back to its reporters (and
 * approvers), with the reason — written in the same transaction as the move.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { notifications, reports, userDepartments, users } from '../../src/db/schema.js';
import type { Actor } from '../../src/modules/access/domain/policy.js';
import { saveReport, transitionReport } from '../../src/modules/pdca/commands/reports.js';
import { createRound, openRound } from '../../src/modules/pdca/commands/rounds.js';
import type { CommandContext } from '../../src/shared/context.js';
import { buildPdcaPlan, daysFromToday, type PdcaPlan } from '../support/pdca.js';
import { backends, openTestStore } from '../support/stores.js';

describe.each(backends())('report notifications on %s', (kind) => {
  let store: Store;
  let f: PdcaPlan;
  const people: Record<'reporter' | 'approver' | 'otherReporter', Actor> = {} as never;
  let reportId = '';
  const as = <T>(actor: Actor, fn: (ctx: CommandContext) => Promise<T>) =>
    store.db.transaction((tx) => fn({ db: tx, municipalityId: f.municipality.id, actor, ip: '' }));
  const inbox = async (userId: string) =>
    store.db.select().from(notifications).where(and(eq(notifications.municipalityId, f.municipality.id), eq(notifications.userId, userId)));

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildPdcaPlan(store, '通知市');
    const add = async (loginId: string, role: Actor['role'], departmentId: string) => {
      const [u] = await store.db
        .insert(users)
        .values({ municipalityId: f.municipality.id, loginId, name: loginId, role, passwordHash: 'not-used-here' })
        .returning();
      await store.db.insert(userDepartments).values({ municipalityId: f.municipality.id, userId: u!.id, departmentId });
      return { id: u!.id, name: loginId, role, municipalityId: f.municipality.id, departmentIds: [departmentId] } satisfies Actor;
    };
    people.reporter = await add('zaisei-r', 'dept_reporter', f.departments.zaisei.id);
    people.approver = await add('zaisei-a', 'dept_approver', f.departments.zaisei.id);
    people.otherReporter = await add('somu-r', 'dept_reporter', f.departments.somu.id);
    const secretariat: Actor = { id: 'jimu', name: '事務局', role: 'secretariat', municipalityId: f.municipality.id, departmentIds: [] };
    const round = await as(secretariat, (ctx) =>
      createRound(ctx, f.plan.id, { label: '令和8年度 上半期', asOfDate: '2026-09-30', targetFiscalYear: 2026, deadline: daysFromToday(14) }),
    );
    await as(secretariat, (ctx) => openRound(ctx, round.id, { version: round.version }));
    const [r] = await store.db
      .select()
      .from(reports)
      .where(and(eq(reports.municipalityId, f.municipality.id), eq(reports.roundId, round.id), eq(reports.nodeId, f.nodes.item2.id)));
    reportId = r!.id;
  });
  afterAll(() => store.close());

  it('a submitted report asks the lead department’s approvers, nobody else', async () => {
    const saved = await as(people.reporter, (ctx) => saveReport(ctx, reportId, { version: 1, statusCode: 'partial', narrative: '一部の補助金を見直した。' }));
    await as(people.reporter, (ctx) => transitionReport(ctx, reportId, { action: 'submit', version: saved.version }));
    const toApprover = await inbox(people.approver.id);
    expect(toApprover.map((n) => [n.kind, n.title])).toEqual([['report.submitted', '進捗報告の承認依頼']]);
    expect(toApprover[0]!.link).toBe(`/m/${f.municipality.code}/reports/${reportId}`);
    expect(await inbox(people.reporter.id)).toEqual([]);
    expect(await inbox(people.otherReporter.id)).toEqual([]);
  });

  it('a returned report goes back to its reporters with the reason', async () => {
    const [r] = await store.db.select().from(reports).where(and(eq(reports.municipalityId, f.municipality.id), eq(reports.id, reportId)));
    await as(people.approver, (ctx) => transitionReport(ctx, reportId, { action: 'return_by_approver', version: r!.version, comment: '効果額を記入してください。' }));
    const toReporter = await inbox(people.reporter.id);
    expect(toReporter.map((n) => n.kind)).toEqual(['report.returned']);
    expect(toReporter[0]!.body).toContain('効果額を記入してください。');
    // the approver who returned it is not told of their own action
    expect((await inbox(people.approver.id)).map((n) => n.kind)).toEqual(['report.submitted']);
    expect(await inbox(people.otherReporter.id)).toEqual([]);
  });
});
