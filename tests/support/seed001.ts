/**
 * Seed 001 (荒尾市 第五次実施計画 実施状況表, 令和4年度末見込み, text of the PDF) for the import
 * tests: the plan set up as the demo's 'arao5-jisshi' (departments, levels, phases, legend), the
 * HTTP calls a user's screen makes, the decisions a user takes on the dry-run screen, and a plan's
 * data read back by 整理番号 for comparisons.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import type { createApp } from '../../src/app.js';
import { reports, rounds } from '../../src/db/schema.js';
import { createDepartment } from '../../src/modules/departments/commands/departments.js';
import { arao } from '../../src/modules/demo/data/arao.js';
import { historyAnswers, walkDemoNodes } from '../../src/modules/demo/domain/progress.js';
import type { DemoNode } from '../../src/modules/demo/domain/types.js';
import { saveLegends } from '../../src/modules/pdca/commands/legends.js';
import { presetByKey } from '../../src/modules/pdca/domain/legend.js';
import { createPlan } from '../../src/modules/plans/commands/plans.js';
import type { PlanTreeDto, TreeNodeDto } from '../../src/shared/api-types.js';
import type { CellCorrectionDto, ImportDryRunDto, ImportMappingDto } from '../../src/shared/api-types-imports.js';
import { run } from './stores.js';

/** The published text of seed 001, kept in the repository so the suite runs on a bare clone. */
export const seed001 = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/seeds/001-arao-jisshi-jokyo.txt'), 'utf8');

export const demoPlan = arao.plans.find((p) => p.key === 'arao5-jisshi')!;
export const demoLegend = presetByKey(demoPlan.legend!.status.preset!)!.values;
export const STATUS_YEARS = [2019, 2020, 2021, 2022];

type App = ReturnType<typeof createApp>;

/** An API caller for one municipality (the test app's default actor). */
export function api(app: App, code: string) {
  return async <T = unknown>(method: string, p: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await app.request(`/api/m/${code}${p}`, {
      method,
      headers: { 'x-requested-with': 'gyokaku', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, body: (type.includes('json') ? await res.json() : await res.arrayBuffer()) as T };
  };
}

/** An empty plan set up as the demo's 第五次実施計画, with 荒尾市's departments (created once per municipality). */
export async function setUpAraoPlan(store: Store, municipalityId: string, opts: { departments: boolean }): Promise<string> {
  return run(store, municipalityId, async (ctx) => {
    if (opts.departments) for (const [i, d] of arao.departments.entries()) await createDepartment(ctx, { name: d.name, kind: d.kind, sortOrder: i });
    const plan = await createPlan(ctx, {
      kind: demoPlan.kind,
      title: demoPlan.title,
      firstFiscalYear: demoPlan.firstFiscalYear,
      lastFiscalYear: demoPlan.lastFiscalYear,
      levelNames: demoPlan.levelNames,
      phases: demoPlan.phases,
      stages: demoPlan.stages,
    });
    await saveLegends(ctx, plan.id, { status: { version: 0, preset: demoPlan.legend!.status.preset! } });
    return plan.id;
  });
}

/**
 * The decisions a user takes on the dry-run screen for seed 001, each justified by what the
 * document shows (the demo took the same ones, arao.ts notes):
 *
 * 1. 担当課 「各施設所管課」 (27, 28) is no organisation: 取り込まない (departmentMap null);
 *    公共施設マネジメント推進室 stays.
 * 2. 5's 施策: the 施策 cell merged over 5–9 prints its text on 6's line, so 5's is blank and
 *    would follow 4's; the user sets 「効果的な広報の推進と広聴の充実によるコミュニケーションの活性化」.
 * 3. 13's 施策: its line carries the upper category 「組織マネジメント」 in the 施策 column and the
 *    施策 name is printed on 14's line; the user sets 「新たなチャレンジが盛んに生まれる働きやすい組織風土の醸成」.
 * 4. 27's 施策: the merged cell over 27–29 prints on 28's line; the user sets 「公共施設等の適正管理」.
 * 5. 14's 担当課 is missing from the text; the narrative (超過勤務データの集計、総務課長による所属長
 *    ヒアリング) names the 総務課 as the one doing it: the user sets 「総務課」.
 *
 * Corrections name the row by the line the dry run shows for the item, and the column by its role.
 */
export function seed001Decisions(mapping: ImportMappingDto, dryRun: ImportDryRunDto): ImportMappingDto {
  const rowOf = (number: string) => {
    const it = dryRun.items.find((i) => i.number === number);
    if (!it) throw new Error(`item ${number} is not in the dry run`);
    return it.row;
  };
  const col = (kind: 'level' | 'departments') => mapping.columns.find((c) => c.role.kind === kind)!.index;
  const corrections: CellCorrectionDto[] = [
    { row: rowOf('5'), column: col('level'), value: '効果的な広報の推進と広聴の充実によるコミュニケーションの活性化' },
    { row: rowOf('13'), column: col('level'), value: '新たなチャレンジが盛んに生まれる働きやすい組織風土の醸成' },
    { row: rowOf('27'), column: col('level'), value: '公共施設等の適正管理' },
    { row: rowOf('14'), column: col('departments'), value: '総務課' },
  ];
  return { ...mapping, departmentMap: { ...mapping.departmentMap, 各施設所管課: null }, corrections };
}

/** An item as compared: what the plan holds for it, by 整理番号. */
export interface PlanItem {
  number: string;
  title: string;
  parent: string;
  description: string;
  /** names, lead first */
  departments: string[];
  /** fiscal year → phase code */
  schedule: Record<string, string>;
  /** fiscal year → legend code */
  statuses: Record<string, string>;
  /** fiscal year → narrative ('' omitted) */
  narratives: Record<string, string>;
  /** printed revision marks of the 変更調書 */
  marks: string[];
}

export interface PlanData {
  /** groups (施策) in tree order */
  groups: string[];
  items: Map<string, PlanItem>;
}

/** A stored plan's items and groups, through the API the UI reads (tree) and the rounds' reports. */
export async function readPlan(app: App, store: Store, m: { id: string; code: string }, planId: string): Promise<PlanData> {
  const call = api(app, m.code);
  const tree = (await call<PlanTreeDto>('GET', `/plans/${planId}/tree`)).body;
  const answers = await store.db
    .select({ nodeId: reports.nodeId, fy: rounds.targetFiscalYear, code: reports.statusCode, narrative: reports.narrative })
    .from(reports)
    .innerJoin(rounds, and(eq(rounds.municipalityId, reports.municipalityId), eq(rounds.id, reports.roundId)))
    .where(and(eq(reports.municipalityId, m.id), eq(rounds.planId, planId)));
  const groups: string[] = [];
  const items = new Map<string, PlanItem>();
  const visit = (n: TreeNodeDto, parent: string) => {
    if (n.isAction) {
      const mine = answers.filter((a) => a.nodeId === n.id);
      items.set(n.number, {
        number: n.number,
        title: n.title,
        parent,
        description: n.description,
        departments: n.departments.map((d) => d.name),
        schedule: { ...n.schedule },
        statuses: Object.fromEntries(mine.filter((a) => a.code).map((a) => [String(a.fy), a.code!])),
        narratives: Object.fromEntries(mine.filter((a) => a.narrative).map((a) => [String(a.fy), a.narrative])),
        marks: n.marks,
      });
    } else groups.push(n.title);
    n.children.forEach((c) => visit(c, n.title));
  };
  tree.roots.forEach((r) => visit(r, ''));
  return { groups, items };
}

/** What the demo loads for 第五次実施計画 (arao.ts through loadDemo / loadProgress), in the same shape. */
export function demoData(): PlanData {
  const deptName = new Map(arao.departments.map((d) => [d.key, d.name]));
  const groups: string[] = [];
  const parentOf = new Map<DemoNode, string>();
  for (const g of demoPlan.nodes) {
    groups.push(g.title);
    for (const c of g.children ?? []) parentOf.set(c, g.title);
  }
  const statuses = new Map<DemoNode, Record<string, string>>();
  for (const fy of STATUS_YEARS) for (const a of historyAnswers(demoPlan.nodes, fy, demoLegend)) statuses.set(a.node, { ...statuses.get(a.node), [String(fy)]: a.statusCode });
  const items = new Map<string, PlanItem>();
  for (const n of walkDemoNodes(demoPlan.nodes)) {
    if (n.children?.length) continue;
    items.set(n.number!, {
      number: n.number!,
      title: n.title,
      parent: parentOf.get(n)!,
      description: n.description ?? '',
      departments: (n.departments ?? []).map((k) => deptName.get(k)!),
      schedule: { ...(n.schedule ?? {}) } as Record<string, string>,
      statuses: statuses.get(n) ?? {},
      narratives: Object.fromEntries((n.progress ?? []).filter((p) => p.narrative).map((p) => [String(p.fiscalYear), p.narrative!])),
      marks: (n.revisions ?? []).map((r) => r.mark!).filter(Boolean),
    });
  }
  return { groups, items };
}
