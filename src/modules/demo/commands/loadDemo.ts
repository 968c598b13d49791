/**
 * Loads the demo municipalities (built from the seed documents) through the
 * same commands the UI uses, so demo data obeys every rule real data does:
 * departments, tags, plans and their trees, the demo accounts, then the PDCA
 * cycle (legends, past rounds, an open round — see loadProgress.ts).
 */
import { count } from 'drizzle-orm';
import type { Db, Store } from '../../../db/client.js';
import { municipalities } from '../../../db/schema.js';
import type { Actor } from '../../access/domain/policy.js';
import { createDepartment } from '../../departments/commands/departments.js';
import { fiscalYearRange } from '../../fiscal/domain/index.js';
import { createMunicipality } from '../../municipalities/commands/createMunicipality.js';
import { createNode, endNode, updateNode } from '../../plans/commands/nodes.js';
import { createPlan } from '../../plans/commands/plans.js';
import { seedDemoUsers } from '../../identity/commands/demoUsers.js';
import { createTag } from '../../tags/commands/tags.js';
import { createKpi } from '../../kpis/commands/kpis.js';
import type { CommandContext } from '../../../shared/context.js';
import type { DemoMunicipality, DemoNode } from '../domain/types.js';
import { demoMunicipalities } from '../data/index.js';
import { demoFiscalTablesOf, demoTableInput } from '../data/araoFinance.js';
import { createFiscalTable } from '../../finance/commands/tables.js';
import { getFiscalTable } from '../../finance/queries/tables.js';
import { demoKpiSets } from '../data/araoKpis.js';
import { araoMeetings } from '../data/araoReview.js';
import { createMeeting, setMeetingPublication } from '../../review/commands/meetings.js';
import { closeOpinion, createOpinion, respondOpinion } from '../../review/commands/opinions.js';
import { deleteMunicipalityRows } from './deleteDemo.js';
import { loadProgress } from './loadProgress.js';
import { publishDemo } from './publishDemo.js';

export const demoLoader: Actor = { id: 'system', name: '初期データ', role: 'system_admin', municipalityId: null, departmentIds: [] };

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(municipalities);
  return (row?.n ?? 0) === 0;
}

export async function loadDemoIfEmpty(store: Store): Promise<boolean> {
  if (!(await isEmpty(store.db))) return false;
  for (const m of demoMunicipalities) await loadMunicipality(store.db, m);
  return true;
}

/**
 * One municipality in one transaction, then the open round's later workflow steps
 * (提出・承認・確認) each in a transaction of its own (see loadProgress.ts). If a later
 * step fails the municipality is removed again: it is there whole or not at all.
 */
export async function loadMunicipality(db: Db, demo: DemoMunicipality): Promise<string> {
  const { id, later } = await db.transaction(async (tx) => {
    const m = await createMunicipality(tx as unknown as Db, demoLoader, { code: demo.code, name: demo.name, prefecture: demo.prefecture });
    const ctx: CommandContext = { db: tx, municipalityId: m.id, actor: demoLoader, ip: '' };

    const deptIds = new Map<string, string>();
    // parents and successors may be listed after their children: create in dependency order
    const pending = [...demo.departments];
    let guard = pending.length + 1;
    while (pending.length && guard-- > 0) {
      for (let i = 0; i < pending.length; ) {
        const d = pending[i]!;
        const deps = [d.parent, d.successor].filter((x): x is string => !!x);
        if (deps.every((k) => deptIds.has(k))) {
          const row = await createDepartment(ctx, {
            name: d.name,
            kind: d.kind,
            parentId: d.parent ? deptIds.get(d.parent)! : null,
            successorId: d.successor ? deptIds.get(d.successor)! : null,
            validFrom: d.validFrom ?? null,
            validTo: d.validTo ?? null,
            sortOrder: demo.departments.indexOf(d),
          });
          deptIds.set(d.key, row.id);
          pending.splice(i, 1);
        } else i++;
      }
    }
    if (pending.length) throw new Error(`${demo.name}: 組織の参照を解決できません: ${pending.map((d) => d.key).join(', ')}`);

    // demo accounts (DEMO ONLY: one published password) name the municipality's 課
    if (demo.demoAccounts) await seedDemoUsers(tx, m.id, demo.departments.map((d) => ({ id: deptIds.get(d.key)!, name: d.name })));

    const tagIds = new Map<string, string>();
    for (const [i, t] of demo.tags.entries()) tagIds.set(t.key, (await createTag(ctx, { name: t.name, category: t.category, sortOrder: i })).id);

    const planIds = new Map<string, string>();
    const nodeIds = new Map<DemoNode, string>();
    for (const [i, p] of demo.plans.entries()) {
      const plan = await createPlan(ctx, {
        kind: p.kind,
        title: p.title,
        firstFiscalYear: p.firstFiscalYear,
        lastFiscalYear: p.lastFiscalYear,
        philosophy: p.philosophy ?? '',
        parentPlanId: p.parent ? planIds.get(p.parent) ?? null : null,
        levelNames: p.levelNames,
        phases: p.phases,
        stages: p.stages,
        sortOrder: i,
      });
      planIds.set(p.key, plan.id);
      const start = fiscalYearRange(p.firstFiscalYear).start;

      const addNode = async (n: DemoNode, parentId: string | null) => {
        const added = n.revisions?.find((r) => r.kind === 'added');
        const node = await createNode(ctx, plan.id, {
          parentId,
          number: n.number ?? '',
          title: n.title,
          description: n.description ?? '',
          priority: n.priority ?? false,
          isAction: !n.children?.length,
          departments: (n.departments ?? []).map((k, j) => ({ id: mustGet(deptIds, k, demo.name, '組織'), lead: j === 0 })),
          tagIds: (n.tags ?? []).map((k) => mustGet(tagIds, k, demo.name, 'タグ')),
          schedule: Object.fromEntries(Object.entries(n.schedule ?? {}).map(([fy, ph]) => [fy, ph])),
          change: added
            ? { kind: 'added', effectiveDate: added.date ?? fiscalYearRange(added.fiscalYear).start, mark: added.mark ?? undefined, reason: added.reason ?? '' }
            : { kind: 'created', effectiveDate: start },
        } as Parameters<typeof createNode>[2]);
        nodeIds.set(n, node.id);
        let version = node.version;
        for (const r of n.revisions ?? []) {
          if (r.kind === 'added') continue;
          const effectiveDate = r.date ?? fiscalYearRange(r.fiscalYear).start;
          if (r.kind === 'revised') {
            const row = await updateNode(ctx, plan.id, node.id, {
              version,
              change: { kind: 'revised', effectiveDate, reason: r.reason ?? '', ...(r.mark ? { mark: r.mark } : {}) },
            });
            version = row.version;
          } else {
            const row = await endNode(ctx, plan.id, node.id, r.kind, { version, effectiveDate, reason: r.reason ?? '（理由の記載なし）' });
            version = row.version;
          }
        }
        for (const child of n.children ?? []) await addNode(child, node.id);
      };
      for (const n of p.nodes) await addNode(n, null);
    }

    // (before the KPIs: some take their values from a row)
    const tableRows = new Map<string, string>();
    // financial and staffing tables (中期財政計画・職員定員管理計画), through the same command as the grid editor
    for (const { plan, tables } of demoFiscalTablesOf(demo.name).filter((t) => planIds.has(t.plan))) {
      for (const [i, t] of tables.entries()) {
        const created = await createFiscalTable(ctx, mustGet(planIds, plan, demo.name, '計画'), demoTableInput(t, i));
        for (const r of (await getFiscalTable(ctx, created.planId, created.id)).rows) tableRows.set(`${plan}\u0000${t.title}\u0000${r.label}`, r.id);
      }
    }

    // 数値目標・KPI through the same command the UI uses (values parsed with each KPI's scale)
    // (a municipality may be loaded with some of its plans only: figures of the others are skipped)
    for (const set of demoKpiSets.filter((k) => k.municipalityName === demo.name && planIds.has(k.planKey))) {
      const planId = mustGet(planIds, set.planKey, demo.name, '計画');
      const tops = demo.plans.find((p) => p.key === set.planKey)?.nodes ?? [];
      for (const [i, { nodeNumber, source, ...k }] of set.items.entries()) {
        const node = nodeNumber ? tops.find((n) => n.number === nodeNumber) : undefined;
        const sourceRowId = source ? mustGet(tableRows, `${set.planKey}\u0000${source.table}\u0000${source.row}`, demo.name, '表の行') : null;
        await createKpi(ctx, planId, { ...k, nodeId: node ? nodeIds.get(node) ?? null : null, sourceRowId, sortOrder: i });
      }
    }

    // a review-body meeting with opinions answered, closed and published, through the review commands
    for (const mt of araoMeetings.filter((x) => x.municipalityName === demo.name && planIds.has(x.planKey))) {
      const tops = demo.plans.find((p) => p.key === mt.planKey)?.nodes ?? [];
      const meeting = await createMeeting(ctx, { body: mt.body, title: mt.title, heldOn: mt.heldOn, members: mt.members });
      for (const o of mt.opinions) {
        const node = findByTitle(tops, o.itemTitle);
        if (!node) throw new Error(`${demo.name}: 意見の項目「${o.itemTitle}」が計画にありません。`);
        const created = await createOpinion(ctx, { body: o.body, meetingId: meeting.id, nodeId: nodeIds.get(node)!, assignedDepartmentId: mustGet(deptIds, o.department, demo.name, '組織') });
        const answered = await respondOpinion(ctx, created.id, { version: created.version, response: o.response });
        await closeOpinion(ctx, created.id, { version: answered.version });
      }
      if (mt.published) await setMeetingPublication(ctx, meeting.id, { version: meeting.version, published: true });
    }

    const later = await loadProgress(ctx, demo, { departments: deptIds, plans: planIds, nodes: nodeIds });
    return { id: m.id, later };
  });
  try {
    for (const step of later) await db.transaction((tx) => step(tx));
    await db.transaction((tx) => publishDemo({ db: tx, municipalityId: id, actor: demoLoader, ip: '' }, { code: demo.code, name: demo.name }));
  } catch (e) {
    await db.transaction((tx) => deleteMunicipalityRows(tx, id));
    throw e;
  }
  return id;
}

function findByTitle(nodes: readonly DemoNode[], title: string): DemoNode | undefined {
  for (const n of nodes) {
    if (n.title === title) return n;
    const inner = findByTitle(n.children ?? [], title);
    if (inner) return inner;
  }
  return undefined;
}

function mustGet(map: Map<string, string>, key: string, where: string, what: string): string {
  const v = map.get(key);
  if (!v) throw new Error(`${where}: ${what}「${key}」が定義されていません。`);
  return v;
}
