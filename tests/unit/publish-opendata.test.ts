import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NodeDto } from '../../src/shared/api-types.js';
import { buildCatalog } from '../../src/modules/publish/domain/catalog.js';
import { opinionRecords } from '../../src/modules/publish/domain/opendataOpinions.js';
import { FIELD_TYPE_LABELS, RESOURCES, RESOURCE_IDS, csvCell, csvTable, guardFormula, record } from '../../src/modules/publish/domain/opendata.js';
import { planRecords, progressRecords, scheduleRecords, structureRecords, type PlanInput } from '../../src/modules/publish/domain/opendataRecords.js';
import { toCsv } from '../../src/modules/publish/opendata/csv.js';
import { presetByKey } from '../../src/modules/pdca/domain/legend.js';
import { DEFAULT_PHASES } from '../../src/modules/plans/domain/plan.js';

const m = { code: '432041', name: '荒尾市' };
const plan: PlanInput = {
  id: 'p1',
  kind: '実行計画',
  title: '第五次実施計画',
  firstFiscalYear: 2019,
  lastFiscalYear: 2023,
  stage: '決定',
  parentPlanId: null,
  levelNames: ['施策', '具体的な取組'],
  philosophy: '',
  phases: DEFAULT_PHASES,
  nodeCount: 3,
  actionCount: 2,
};
const dto = (id: string, parentId: string | null, depth: number, sortOrder: number, extra: Partial<NodeDto> = {}): NodeDto => ({
  id,
  parentId,
  depth,
  sortOrder,
  levelName: plan.levelNames[depth]!,
  number: '',
  title: id,
  description: '',
  priority: false,
  isAction: depth === 1,
  status: 'active',
  mergedIntoId: null,
  effectiveFrom: '2019-04-01',
  effectiveTo: null,
  departments: [],
  tagIds: [],
  schedule: {},
  marks: [],
  version: 1,
  ...extra,
});
const nodes = [
  dto('B', 'M', 1, 20, { number: '2', title: '補助金の見直し', schedule: { '2022': 'jisshi' } }),
  dto('M', null, 0, 10, { title: '財政基盤の強化' }),
  dto('A', 'M', 1, 10, {
    number: '1',
    title: 'ふるさと納税の拡充',
    priority: true,
    departments: [
      { id: 'd2', name: '財政課', lead: false },
      { id: 'd1', name: 'くらしいきいき課', lead: true },
    ],
    schedule: { '2020': 'keizoku', '2019': 'jisshi' },
    marks: ['【R2年度改訂】'],
  }),
];

describe('open-data resources', () => {
  it('start with 全国地方公共団体コード and 地方公共団体名, with unique English field ids', () => {
    for (const id of RESOURCE_IDS) {
      const fields = RESOURCES[id].fields;
      expect(fields.slice(0, 2).map((f) => f.title)).toEqual(['全国地方公共団体コード', '地方公共団体名']);
      expect(new Set(fields.map((f) => f.id)).size).toBe(fields.length);
      for (const f of fields) expect(f.id).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });

  it('builds records with exactly the resource fields in order', () => {
    const r = record(RESOURCES.plans, m, { plan_id: 'p1', unknown: 'dropped' });
    expect(Object.keys(r)).toEqual(RESOURCES.plans.fields.map((f) => f.id));
    expect(r).toMatchObject({ lg_code: '432041', lg_name: '荒尾市', plan_id: 'p1', title: null });
    expect(planRecords(m, [plan])[0]).toMatchObject({ first_fiscal_year: 2019, first_fiscal_year_wareki: '令和元年度', last_fiscal_year_wareki: '令和5年度', level_names: ['施策', '具体的な取組'] });
  });

  it('lists the structure in tree order with paths, lead department and 和暦 dates', () => {
    const rows = structureRecords(m, plan, nodes, []);
    expect(rows.map((r) => [r.position, r.node_id, r.path])).toEqual([
      [1, 'M', ''],
      [2, 'A', '財政基盤の強化'],
      [3, 'B', '財政基盤の強化'],
    ]);
    expect(rows[1]).toMatchObject({ lead_department: 'くらしいきいき課', departments: ['財政課', 'くらしいきいき課'], priority: true, marks: ['【R2年度改訂】'], effective_from_wareki: '平成31年4月1日', status_label: '実施中' });
    expect(scheduleRecords(m, plan, nodes).map((r) => [r.node_id, r.fiscal_year, r.phase_label, r.phase_symbol])).toEqual([
      ['A', 2019, '実施', ''],
      ['A', 2020, '継続', '→'],
      ['B', 2022, '実施', ''],
    ]);
  });

  it('publishes only the answers given, per closed round, with legend symbols, effects and hours', () => {
    const round = { id: 'r1', planId: 'p1', label: '令和4年度末見込み', asOfDate: '2023-03-31', targetFiscalYear: 2022, deadline: '2023-02-28', state: 'closed' as const, previousRoundId: null, createdAt: '2023-01-01T00:00:00Z' };
    const rows = progressRecords(m, {
      plan,
      nodes,
      legends: { status: { values: presetByKey('maru-sankaku')!.values } },
      rounds: [{ round, closedOn: '2023-04-10' }],
      answers: [
        { reportId: 'rep-b', roundId: 'r1', nodeId: 'B', statusCode: 'partial', achievementCode: null, narrative: '一部を見直した', issues: '', nextPlan: '', effectRevenueYen: null, effectExpenseYen: 1200000, effectKind: 'recurring', hoursSavedTenths: 125 },
        { reportId: 'rep-a', roundId: 'r1', nodeId: 'A', statusCode: 'done', achievementCode: null, narrative: '', issues: '', nextPlan: '', effectRevenueYen: null, effectExpenseYen: null, effectKind: null, hoursSavedTenths: null },
      ],
    });
    expect(rows.map((r) => r.report_id)).toEqual(['rep-a', 'rep-b']); // tree order
    expect(rows[1]).toMatchObject({
      round_label: '令和4年度末見込み',
      target_fiscal_year_wareki: '令和4年度',
      scheduled: true,
      phase_label: '実施',
      status_symbol: '△',
      status_label: '一部実施',
      effect_expense_yen: 1200000,
      effect_kind: '継続的（毎年度）',
      hours_saved: 12.5,
    });
    expect(rows[0]).toMatchObject({ scheduled: false, phase_label: '', achievement_code: null });
  });
});

describe('CSV', () => {
  it('writes 1/0, lists with ; and guards formulas without touching numbers or a lone dash', () => {
    expect(csvCell(true, 'boolean')).toBe('1');
    expect(csvCell(false, 'boolean')).toBe('0');
    expect(csvCell(['総務課', '財政課'], 'list')).toBe('総務課;財政課');
    expect(csvCell(null, 'string')).toBe('');
    expect(csvCell(-5, 'integer')).toBe('-5');
    expect(guardFormula('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(guardFormula('+1')).toBe(`'+1`);
    expect(guardFormula('-')).toBe('-');
    expect(guardFormula('-12.5')).toBe('-12.5');
    expect(guardFormula('-cmd')).toBe(`'-cmd`);
  });

  it('is UTF-8 with a BOM, CRLF line ends and a Japanese header row', () => {
    const rows = planRecords(m, [{ ...plan, title: 'カンマ,と"引用符"' }]);
    const csv = toCsv(RESOURCES.plans, rows);
    expect(csv.startsWith('\uFEFF全国地方公共団体コード,地方公共団体名,計画ID,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(csv.split('\r\n')).toHaveLength(3);
    expect(csv).toContain('"カンマ,と""引用符"""');
    expect(csvTable(RESOURCES.plans, rows)[0]).toEqual(RESOURCES.plans.fields.map((f) => f.title));
  });
});

describe('catalogue', () => {
  it('lists every resource with CSV and JSON distributions and CC BY 4.0, KPIs included', () => {
    const stats = Object.fromEntries(RESOURCE_IDS.map((id, i) => [id, { modified: i === 3 ? '2024-05-01' : '2024-04-01', count: i }])) as never;
    const c = buildCatalog({ publisher: { lgCode: '432041', name: '荒尾市', prefecture: '熊本県' }, baseUrl: 'https://example.jp/api/m/432041/opendata', documentationUrl: 'https://example.jp/m/432041/open-data/schema', stats });
    expect(c.license.id).toBe('CC-BY-4.0');
    expect(c.modified).toBe('2024-05-01');
    expect(c.catalogURL).toBe('https://example.jp/api/m/432041/opendata/catalog.json');
    const progress = c.datasets.find((d) => d.resource === 'progress')!;
    expect(progress.distributions.map((d) => [d.mediaType, d.downloadURL])).toEqual([
      ['text/csv', 'https://example.jp/api/m/432041/opendata/progress.csv'],
      ['application/json', 'https://example.jp/api/m/432041/opendata/progress.json'],
    ]);
    expect(progress.identifier).toBe('432041_progress');
    expect(progress.fields.map((f) => f.id)).toEqual(RESOURCES.progress.fields.map((f) => f.id));
    const kpi = c.datasets.find((d) => d.resource === 'kpis')!;
    expect(kpi).toMatchObject({ status: 'available', identifier: '432041_kpis' });
    expect(kpi.distributions.map((d) => d.downloadURL)).toEqual(['https://example.jp/api/m/432041/opendata/kpis.csv', 'https://example.jp/api/m/432041/opendata/kpis.json']);
    expect(kpi.description).toContain('KPI');
  });
});

describe('docs/opendata.md', () => {
  it('documents every field of every resource, in order, with its id and CSV header', () => {
    const doc = fs.readFileSync(new URL('../../docs/opendata.md', import.meta.url), 'utf8');
    for (const id of RESOURCE_IDS) {
      const at = doc.indexOf(`（\`${id}\`）`);
      expect(at, `section for ${id}`).toBeGreaterThan(0);
      const section = doc.slice(at);
      RESOURCES[id].fields.forEach((f, i) => expect(section).toContain(`| ${i + 1} | \`${f.id}\` | ${f.title} | ${FIELD_TYPE_LABELS[f.type].label} |`));
    }
    expect(doc).toContain('KPI');
    expect(doc).toContain('CC BY 4.0');
  });
});

describe('opinions', () => {
  it('one row per opinion of the published meetings, with the meeting, the item and the response', () => {
    const rows = opinionRecords({ code: '432041', name: '荒尾市' }, [
      {
        meeting: { id: 'm1', body: '審議会', title: '第1回審議会', heldOn: '2023-07-20', publishedOn: '2023-09-01' },
        opinions: [
          { id: 'o1', body: '意見A', response: '対応A', departmentName: '財政課', node: { id: 'n1', planId: 'p1', number: '26', title: '公共施設使用料等の見直し' } },
          { id: 'o2', body: '=1+1', response: '対応B', departmentName: null, node: null },
        ],
      },
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      lg_code: '432041', lg_name: '荒尾市', opinion_id: 'o1', meeting_id: 'm1', meeting_body: '審議会', meeting_title: '第1回審議会',
      held_on: '2023-07-20', held_on_wareki: '令和5年7月20日', published_on: '2023-09-01', published_on_wareki: '令和5年9月1日',
      plan_id: 'p1', node_id: 'n1', node_number: '26', node_title: '公共施設使用料等の見直し', opinion: '意見A', response: '対応A', department: '財政課',
    });
    expect(rows[1]).toMatchObject({ plan_id: null, node_id: null, department: null });
    // a formula-like opinion is quoted in the CSV
    expect(csvTable(RESOURCES.opinions, rows)[2]).toContain("'=1+1");
  });
});
