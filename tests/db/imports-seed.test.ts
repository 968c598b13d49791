/**
 * Seed 001 as it is — the text of 荒尾市's printed 第五次実施計画 実施状況表 (令和4年度末見込み),
 * with the extraction faults of a PDF table — through the same pasted-text import a user
 * would use, into an empty plan set up like the demo's 'arao5-jisshi', compared with what
 * the demo loads for that plan (src/modules/demo/data/arao.ts, loaded by loadDemo through
 * createNode and, for statuses, loadProgress → historyAnswers → importClosedRound).
 *
 * Normalisation applied to both sides before comparing (nothing else):
 *   - titles without the printed revision marks: the importer takes 【R2年度改訂】/【R2年度追加項目】
 *     out of the title and records them in the 変更調書, as the demo's `revisions` do — marks are
 *     compared separately;
 *   - status marks compared as legend codes (valueForMark: ―, -, － are one mark 「－」);
 *   - 担当課 compared as names in order (lead first), schedules as fiscal year → phase code.
 * The one decision a user makes in the mapping here is the demo's too: 「各施設所管課」 (27, 28) is not
 * an organisation and is left out (departmentMap: null) — see the notes in arao.ts.
 *
 * Where the demo repaired extraction faults by reading the document (arao.ts notes), the importer
 * reaches the same result for: the extra 「→」 in the schedules of 7–9 (dropped), the empty cells of
 * 35 (R3–R5 / R3–R4 only), the shifted cells of 5, 14, 22, 29 and 35, 「―」 vs 「-」, the repeated page
 * headers and titles. It cannot reach it where the demo judged from the content of the text; those
 * differences are listed in KNOWN_DIFFERENCES below, narrowly (item and field), and nothing else may differ.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import { reports, rounds } from '../../src/db/schema.js';
import { createDepartment } from '../../src/modules/departments/commands/departments.js';
import { arao } from '../../src/modules/demo/data/arao.js';
import { historyAnswers, walkDemoNodes } from '../../src/modules/demo/domain/progress.js';
import type { DemoNode } from '../../src/modules/demo/domain/types.js';
import { saveLegends } from '../../src/modules/pdca/commands/legends.js';
import { presetByKey } from '../../src/modules/pdca/domain/legend.js';
import { createPlan } from '../../src/modules/plans/commands/plans.js';
import type { PlanTreeDto, TreeNodeDto } from '../../src/shared/api-types.js';
import type { ImportCommitDto, ImportCommitResultDto, ImportUploadDto } from '../../src/shared/api-types-imports.js';
import { backends, createTestMunicipality, openTestStore, run } from '../support/stores.js';

/** ../shared/seeds/ relative to the repository root (CI has shared/ beside the repo). */
const seed001 = fs.readFileSync(path.resolve(import.meta.dirname, '../../../shared/seeds/001_3d1dbd03b4d324e7.txt'), 'utf8');

const demoPlan = arao.plans.find((p) => p.key === 'arao5-jisshi')!;
const legend = presetByKey(demoPlan.legend!.status.preset!)!.values;
const FYS = [2019, 2020, 2021, 2022];

interface Item {
  number: string;
  title: string;
  parent: string;
  departments: string[];
  schedule: Record<string, string>;
  /** fiscal year → legend code */
  statuses: Record<string, string>;
  marks: string[];
  description: string;
  narrative2022: string;
}

/**
 * What the importer cannot know from the text, and the demo decided by reading it (arao.ts notes).
 * Each entry: the item, the field, the importer's value, the demo's value, and why.
 */
const KNOWN_DIFFERENCES: { number: string; field: keyof Item; imported: unknown; demo: unknown; why: string }[] = [
  {
    number: '5',
    field: 'parent',
    imported: '協働の更なる推進による地域の自治力の強化',
    demo: '効果的な広報の推進と広聴の充実によるコミュニケーションの活性化',
    why: 'the 施策 cell merged over 5–9 prints its text on 6’s line; the importer reads 5’s blank 施策 as "same as above"',
  },
  {
    number: '13',
    field: 'parent',
    imported: '組織マネジメント',
    demo: '新たなチャレンジが盛んに生まれる働きやすい組織風土の醸成',
    why: 'on 13’s line the 施策 column holds the upper category 組織マネジメント (the demo makes it a tag); the 施策 name is printed on 14’s line',
  },
  {
    number: '14',
    field: 'departments',
    imported: [],
    demo: ['総務課'],
    why: 'the 担当課 cell of 14 is missing from the text; the demo inferred 総務課 from the narrative',
  },
  {
    number: '27',
    field: 'parent',
    imported: '財政基盤の強化',
    demo: '公共施設等の適正管理',
    why: 'the merged 施策 cell over 27–29 prints its text on 28’s line; 27 is read as "same as above"',
  },
];

/** The groups the importer creates beyond the demo's: 組織マネジメント, from 13 (see above). */
const EXTRA_GROUPS = ['組織マネジメント'];

/**
 * Extraction errors in the text that the demo corrected by hand (arao.ts notes: 「ノ一残業デー」→「ノー残業デー」
 * in 14 and 15, 「高压受電設備」→「高圧受電設備」 in 29). The importer keeps the text as printed; the test
 * checks that the printed form is there and compares after the same substitution.
 */
const TEXT_FIXES: { number: string; field: 'narrative2022' | 'description'; printed: string; demo: string }[] = [
  { number: '14', field: 'narrative2022', printed: 'ノ一残業デー', demo: 'ノー残業デー' },
  { number: '15', field: 'narrative2022', printed: 'ノ一残業デー', demo: 'ノー残業デー' },
  { number: '29', field: 'narrative2022', printed: '高压受電設備', demo: '高圧受電設備' },
];

describe.each(backends())('seed 001 through the pasted-text import on %s', (kind) => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let m: { id: string; code: string };
  let planId: string;
  let upload: ImportUploadDto;
  let result: ImportCommitResultDto;

  const send = async (method: string, p: string, body?: unknown) => {
    const res = await app.request(`/api/m/${m.code}${p}`, {
      method,
      headers: { 'x-requested-with': 'gyokaku', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  beforeAll(async () => {
    store = await openTestStore(kind);
    app = createApp({ store });
    m = await createTestMunicipality(store.db, '荒尾市（取込み）');
    planId = await run(store, m.id, async (ctx) => {
      for (const [i, d] of arao.departments.entries()) await createDepartment(ctx, { name: d.name, kind: d.kind, sortOrder: i });
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
    const res = await send('POST', '/imports/uploads', { planId, text: seed001 });
    expect(res.status).toBe(201);
    upload = res.body as ImportUploadDto;
  });
  afterAll(() => store.close());

  it('proposes the mapping of the printed table: two-row header, R1–R5 schedule, R1–R4 status, the R4 narrative, 令和4年度末見込み', () => {
    const cols = upload.mapping!.columns.map((c) => `${upload.header!.columns[c.index]!.label}=${c.role.kind}${'fiscalYear' in c.role && c.role.fiscalYear ? c.role.fiscalYear : ''}`);
    expect(cols).toEqual([
      '整理番号=number',
      '施策=level',
      '具体的な取組=title',
      '事業概要=description',
      'スケジュール R1=schedule2019',
      'スケジュール R2=schedule2020',
      'スケジュール R3=schedule2021',
      'スケジュール R4=schedule2022',
      'スケジュール R5=schedule2023',
      '取組状況（R4年度末見込み）=narrative2022',
      '取組状況（年度末時点） R1=status2019',
      '取組状況（年度末時点） R2=status2020',
      '取組状況（年度末時点） R3=status2021',
      '取組状況（年度末時点） R4=status2022',
      '担当課=departments',
      '=ignore',
    ]);
    expect(upload.mapping!.rounds).toEqual(demoPlan.historyRounds!.map((h) => ({ fiscalYear: h.fiscalYear, label: h.label, asOfDate: h.asOfDate })));
    expect(upload.header!.legend.map((l) => `${l.mark}${l.label}`)).toEqual(['○実施済み', '△一部実施', '×未実施または検討中', '-令和5年度以降実施']);
    // the only error before the user's decision: 各施設所管課 is not an organisation
    expect(upload.dryRun!.issues.filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([
      '64行目・担当課欄: 『各施設所管課』に一致する組織がありません。組織一覧に登録するか、担当課の対応づけで組織を選ぶ（または「取り込まない」にする）か、「ない組織を作成する」を選んでください。',
      '65行目・担当課欄: 『各施設所管課』に一致する組織がありません。組織一覧に登録するか、担当課の対応づけで組織を選ぶ（または「取り込まない」にする）か、「ない組織を作成する」を選んでください。',
    ]);
  });

  it('imports the 35 items and the R1–R4 rounds', async () => {
    const mapping = { ...upload.mapping!, departmentMap: { 各施設所管課: null } };
    const res = await send('POST', `/imports/uploads/${upload.sessionId}/commit`, { mapping });
    expect(res.status).toBe(200);
    const job = (res.body as ImportCommitDto).job;
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    result = job.result as ImportCommitResultDto;
    expect(result.itemsCreated).toBe(35);
    expect(result.rounds.map((r) => [r.label, r.reportCount])).toEqual([
      ['令和元年度実績', 34],
      ['令和2年度実績', 34],
      ['令和3年度実績', 35],
      ['令和4年度末見込み', 35],
    ]);
  });

  it('equals what the demo loads for 荒尾市 第五次実施計画, but for the listed differences', async () => {
    // ── imported ──
    const tree = (await send('GET', `/plans/${planId}/tree`)).body as PlanTreeDto;
    const deptName = new Map<string, string>();
    const imported = new Map<string, Item>();
    const importedGroups: string[] = [];
    const nodeIdOf = new Map<string, string>();
    const answers = await store.db
      .select({ nodeId: reports.nodeId, fy: rounds.targetFiscalYear, code: reports.statusCode, narrative: reports.narrative })
      .from(reports)
      .innerJoin(rounds, and(eq(rounds.municipalityId, reports.municipalityId), eq(rounds.id, reports.roundId)))
      .where(and(eq(reports.municipalityId, m.id), eq(rounds.planId, planId)));
    const visit = (n: TreeNodeDto, parent: string) => {
      for (const d of n.departments) deptName.set(d.id, d.name);
      if (n.isAction) {
        nodeIdOf.set(n.number, n.id);
        const mine = answers.filter((a) => a.nodeId === n.id);
        imported.set(n.number, {
          number: n.number,
          title: n.title,
          parent,
          departments: n.departments.map((d) => d.name),
          schedule: n.schedule,
          statuses: Object.fromEntries(mine.map((a) => [String(a.fy), a.code!])),
          marks: n.marks,
          description: n.description,
          narrative2022: mine.find((a) => a.fy === 2022)?.narrative ?? '',
        });
      } else importedGroups.push(n.title);
      n.children.forEach((c) => visit(c, n.title));
    };
    tree.roots.forEach((r) => visit(r, ''));

    // ── what the demo loads ──
    const demoDept = new Map(arao.departments.map((d) => [d.key, d.name]));
    const demoGroups: string[] = [];
    const demo = new Map<string, Item>();
    const parentOf = new Map<DemoNode, string>();
    for (const g of demoPlan.nodes) {
      demoGroups.push(g.title);
      for (const c of g.children ?? []) parentOf.set(c, g.title);
    }
    const statuses = new Map<DemoNode, Record<string, string>>();
    for (const fy of FYS) for (const a of historyAnswers(demoPlan.nodes, fy, legend)) statuses.set(a.node, { ...statuses.get(a.node), [String(fy)]: a.statusCode });
    for (const n of walkDemoNodes(demoPlan.nodes)) {
      if (n.children?.length) continue;
      demo.set(n.number!, {
        number: n.number!,
        title: n.title,
        parent: parentOf.get(n)!,
        departments: (n.departments ?? []).map((k) => demoDept.get(k)!),
        schedule: Object.fromEntries(Object.entries(n.schedule ?? {}).map(([fy, ph]) => [fy, ph])),
        statuses: statuses.get(n) ?? {},
        marks: (n.revisions ?? []).map((r) => r.mark!).filter(Boolean),
        description: n.description ?? '',
        narrative2022: n.progress?.find((p) => p.fiscalYear === 2022)?.narrative ?? '',
      });
    }

    // ── compare ──
    expect([...imported.keys()]).toEqual([...demo.keys()]);
    expect(imported.size).toBe(35);
    const differences: { number: string; field: keyof Item; imported: unknown; demo: unknown }[] = [];
    for (const [number, d] of demo) {
      const i = imported.get(number)!;
      for (const field of Object.keys(d) as (keyof Item)[]) {
        let a: unknown = i[field];
        let b: unknown = d[field];
        const fix = TEXT_FIXES.find((f) => f.number === number && f.field === field);
        if (fix) {
          expect(a, `${number} ${field}`).toContain(fix.printed);
          a = String(a).split(fix.printed).join(fix.demo);
        }
        if (field === 'description' || field === 'narrative2022') {
          a = String(a).replace(/\s+/g, '');
          b = String(b).replace(/\s+/g, '');
        }
        if (JSON.stringify(a) !== JSON.stringify(b)) differences.push({ number, field, imported: i[field], demo: d[field] });
      }
    }
    expect(differences).toEqual(KNOWN_DIFFERENCES.map(({ why: _why, ...x }) => x));
    expect(importedGroups).toEqual(
      [...demoGroups.slice(0, 3), ...EXTRA_GROUPS, ...demoGroups.slice(3)],
    );
  });
});
