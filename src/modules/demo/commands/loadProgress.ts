/**
 * The demo's PDCA cycle: legends on every plan, past rounds rebuilt from the
 * printed progress tables (closed, accepted answers), and an open round whose
 * answers stand at every step of the workflow. Everything goes through the PDCA
 * commands with actors of the right roles, so the demo obeys the same rules (and
 * leaves the same history and audit rows) as real use.
 *
 * Transactions: loadProgress runs in the loader's transaction (legends, past rounds,
 * the open round, the departments' draft saves). The workflow steps after the drafts
 * (提出 → 承認/差戻し → 確認/差戻し) are returned as `later` steps, each to run in its
 * own transaction afterwards, as they would in real use: a report_events row is dated
 * by its transaction (now()), so steps taken in one transaction would all share one
 * time and the report's history would come back in no particular order.
 */
import type { Executor } from '../../../db/client.js';
import type { Actor } from '../../access/domain/policy.js';
import { todayInTokyo } from '../../fiscal/domain/index.js';
import { DEMO_ACCOUNTS } from '../../identity/commands/demoUsers.js';
import { findUserByLoginId } from '../../identity/queries/users.js';
import { importClosedRound } from '../../pdca/commands/history.js';
import { saveLegends } from '../../pdca/commands/legends.js';
import { saveReport, transitionReport, type TransitionAction } from '../../pdca/commands/reports.js';
import { createRound, openRound } from '../../pdca/commands/rounds.js';
import { reportRowsOfRound } from '../../pdca/db/repo.js';
import { DEFAULT_LEGEND_PRESET_KEY } from '../../pdca/domain/legend.js';
import { effectiveLegends } from '../../pdca/queries/legends.js';
import type { CommandContext } from '../../../shared/context.js';
import { demoDeadline, historyAnswers, walkDemoNodes } from '../domain/progress.js';
import type { DemoMunicipality, DemoNode, DemoOpenRound, DemoPlan, DemoRoundAnswer } from '../domain/types.js';

/** Ids of what the loader created, by the keys (and node objects) of the demo data. */
export interface DemoIds {
  departments: ReadonlyMap<string, string>;
  plans: ReadonlyMap<string, string>;
  nodes: ReadonlyMap<DemoNode, string>;
}

/** One later step of the demo workflow; run each in its own transaction, in order. */
export type LaterStep = (db: Executor) => Promise<void>;

/** `today` (Asia/Tokyo, 'YYYY-MM-DD') only decides the open round's deadline. */
export async function loadProgress(ctx: CommandContext, demo: DemoMunicipality, ids: DemoIds, today: string = todayInTokyo()): Promise<LaterStep[]> {
  const later: LaterStep[] = [];
  for (const plan of demo.plans) {
    const planId = ids.plans.get(plan.key)!;
    const legend = plan.legend ?? { status: { preset: DEFAULT_LEGEND_PRESET_KEY } };
    await saveLegends(ctx, planId, {
      status: { version: 0, ...legend.status },
      achievement: legend.achievement ? { version: 0, ...legend.achievement } : null,
    });

    if (plan.historyRounds?.length) {
      const { status } = await effectiveLegends(ctx, planId);
      for (const h of plan.historyRounds) {
        const answers = historyAnswers(plan.nodes, h.fiscalYear, status.values);
        if (!answers.length) continue;
        await importClosedRound(ctx, planId, {
          label: h.label,
          asOfDate: h.asOfDate,
          targetFiscalYear: h.fiscalYear,
          answers: answers.map((a) => ({ nodeId: nodeId(ids, a.node, demo), statusCode: a.statusCode, narrative: a.narrative })),
        });
      }
    }

    if (plan.openRound) later.push(...(await loadOpenRound(ctx, demo, plan, plan.openRound, ids, today)));
  }
  return later;
}

function nodeId(ids: DemoIds, node: DemoNode, demo: DemoMunicipality): string {
  const id = ids.nodes.get(node);
  if (!id) throw new Error(`${demo.name}: 項目「${node.title}」が作成されていません。`);
  return id;
}

interface Step {
  reportId: string;
  actor: Actor;
  action: TransitionAction;
  comment?: string | undefined;
}

/** The actions after the draft save that bring an answer to its demo state. */
function stepsTo(a: DemoRoundAnswer, reporter: Actor, approver: Actor, secretariat: Actor): Omit<Step, 'reportId'>[] {
  if (a.state === 'draft') return [];
  const submit = { actor: reporter, action: 'submit' as const };
  if (a.state === 'submitted') return [submit];
  if (a.state === 'returned' && a.returnedBy === 'approver') return [submit, { actor: approver, action: 'return_by_approver', comment: a.returnComment }];
  const approve = { actor: approver, action: 'approve' as const };
  if (a.state === 'approved') return [submit, approve];
  if (a.state === 'returned') return [submit, approve, { actor: secretariat, action: 'return_by_secretariat', comment: a.returnComment }];
  return [submit, approve, { actor: secretariat, action: 'accept' }];
}

async function loadOpenRound(ctx: CommandContext, demo: DemoMunicipality, plan: DemoPlan, r: DemoOpenRound, ids: DemoIds, today: string): Promise<LaterStep[]> {
  const planId = ids.plans.get(plan.key)!;
  const as = (actor: Actor): CommandContext => ({ ...ctx, actor });
  const actors = new DemoActors(ctx, demo, ids);
  const secretariat = await actors.secretariat(r.secretariat);

  const created = await createRound(as(secretariat), planId, {
    label: r.label,
    asOfDate: r.asOfDate,
    targetFiscalYear: r.targetFiscalYear,
    deadline: demoDeadline(r.deadline, today, r.minDaysAhead),
    fields: r.fields,
  });
  await openRound(as(secretariat), created.id, { version: created.version });
  const reportOf = new Map((await reportRowsOfRound(ctx, created.id)).map((row) => [row.nodeId, row]));

  const actions = new Map<string, DemoNode>();
  for (const n of walkDemoNodes(plan.nodes)) if (!n.children?.length) actions.set(n.title, n);

  // the departments' drafts now; then step i of every answer in the i-th later transaction
  const versions = new Map<string, number>();
  const levels: Step[][] = [];
  for (const a of r.answers) {
    const node = actions.get(a.item);
    if (!node) throw new Error(`${plan.title}: 照会の回答の項目「${a.item}」がありません。`);
    const report = reportOf.get(nodeId(ids, node, demo));
    if (!report) throw new Error(`${plan.title}: 「${a.item}」は照会「${r.label}」の対象ではありません。`);
    const { reporter, approver } = await actors.ofLeadDepartment(node);
    versions.set(report.id, (await saveReport(as(reporter), report.id, { version: report.version, ...contentOf(a) })).version);
    stepsTo(a, reporter, approver, secretariat).forEach((step, i) => (levels[i] ??= []).push({ reportId: report.id, ...step }));
  }
  return levels.map((steps) => async (db: Executor) => {
    for (const s of steps) {
      const row = await transitionReport({ ...ctx, db, actor: s.actor }, s.reportId, { action: s.action, version: versions.get(s.reportId)!, comment: s.comment });
      versions.set(s.reportId, row.version);
    }
  });
}

function contentOf(a: DemoRoundAnswer) {
  const keys = ['narrative', 'issues', 'nextPlan', 'effectRevenueYen', 'effectExpenseYen', 'effectKind'] as const;
  return {
    ...(a.status !== undefined ? { statusCode: a.status } : {}),
    ...(a.achievement !== undefined ? { achievementCode: a.achievement } : {}),
    ...Object.fromEntries(keys.filter((k) => a[k] !== undefined).map((k) => [k, a[k]])),
  };
}

/**
 * Who acts in the demo workflow: the secretariat, and a reporter and the 課長 of an item's
 * lead department. Where the municipality has a demo account of that role in that 課
 * (seedDemoUsers), that account acts, so a demo user finds their own name in the history;
 * otherwise a named stand-in (「財政課 担当者」「財政課長」) with the same role and 課.
 */
class DemoActors {
  private readonly cache = new Map<string, Actor>();
  constructor(
    private readonly ctx: CommandContext,
    private readonly demo: DemoMunicipality,
    private readonly ids: DemoIds,
  ) {}

  private async actor(key: string, role: Actor['role'], name: string, department: { id: string; name: string } | null): Promise<Actor> {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const departmentIds = department ? [department.id] : [];
    let actor: Actor = { id: key, name, role, municipalityId: this.ctx.municipalityId, departmentIds };
    const account = this.demo.demoAccounts
      ? DEMO_ACCOUNTS.find((a) => a.role === role && (department ? a.departments.includes(department.name) : true))
      : undefined;
    const user = account ? await findUserByLoginId(this.ctx, account.loginId) : null;
    if (user) actor = { ...actor, id: user.id, name: user.name };
    this.cache.set(key, actor);
    return actor;
  }

  secretariat(name: string): Promise<Actor> {
    return this.actor('demo-jimukyoku', 'secretariat', name, null);
  }

  async ofLeadDepartment(node: DemoNode): Promise<{ reporter: Actor; approver: Actor }> {
    const key = node.departments?.[0];
    const dept = key ? this.demo.departments.find((d) => d.key === key) : undefined;
    const id = key ? this.ids.departments.get(key) : undefined;
    if (!dept || !id) throw new Error(`${this.demo.name}: 「${node.title}」に主担当課がないため、報告を作成できません。`);
    const department = { id, name: dept.name };
    return {
      reporter: await this.actor(`demo-${dept.key}-hokoku`, 'dept_reporter', `${dept.name} 担当者`, department),
      approver: await this.actor(`demo-${dept.key}-shonin`, 'dept_approver', `${dept.name}長`, department),
    };
  }
}
