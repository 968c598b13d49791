import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import { municipalities, rounds, users } from '../../src/db/schema.js';
import { arao } from '../../src/modules/demo/data/arao.js';
import { demoMunicipalities } from '../../src/modules/demo/data/index.js';
import { walkDemoNodes } from '../../src/modules/demo/domain/progress.js';
import { todayInTokyo } from '../../src/modules/fiscal/domain/index.js';
import { DEMO_ACCOUNTS } from '../../src/modules/identity/commands/demoUsers.js';
import { REPORT_STATES } from '../../src/modules/pdca/domain/workflow.js';
import { loadDemoIfEmpty, loadMunicipality } from '../../src/modules/demo/commands/loadDemo.js';
import type { DemoMunicipality } from '../../src/modules/demo/domain/types.js';
import { withCheckDigit } from '../../src/modules/municipalities/domain/localGovCode.js';
import { resetDemoMunicipalities } from '../../src/modules/demo/commands/resetDemo.js';
import { listMunicipalities } from '../../src/modules/municipalities/queries/municipalities.js';
import type { PlanSummaryDto, PlanTreeDto, RoadmapDto, TreeNodeDto, NodeChangeDto } from '../../src/shared/api-types.js';
import type { PlanLegendsDto, ReportDetailDto, ReportInboxDto, RoundListDto } from '../../src/shared/api-types-pdca.js';
import type { MeetingListDto } from '../../src/shared/api-types-review.js';
import { seed001 } from '../support/seed001.js';
import { backends, openTestStore } from '../support/stores.js';

const countByDepth = (roots: TreeNodeDto[]) => {
  const out: number[] = [];
  const visit = (n: TreeNodeDto) => {
    out[n.depth] = (out[n.depth] ?? 0) + 1;
    n.children.forEach(visit);
  };
  roots.forEach(visit);
  return out;
};

describe.each(backends())('demo data on %s', (kind) => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  const get = async <T>(p: string) => (await (await app.request(p)).json()) as T;
  const plansOf = async (code: string) => (await get<{ items: PlanSummaryDto[] }>(`/api/m/${code}/plans`)).items;

  beforeAll(async () => {
    store = await openTestStore(kind);
    // a shared PostgreSQL may hold an earlier demo: reset touches only the demo municipalities
    if (!(await loadDemoIfEmpty(store))) await resetDemoMunicipalities(store);
    app = createApp({ store });
  }, 240_000);
  afterAll(() => store.close());

  it('loads the four municipalities with valid codes', async () => {
    const names = (await listMunicipalities(store.db)).map((m) => `${m.code} ${m.name}`);
    expect(names).toEqual(expect.arrayContaining(['432041 荒尾市', '432121 上天草市', '112062 行田市', '052124 大仙市']));
  });

  it('荒尾市 第五次 実施計画: the 35 items of seed 001 with R1–R5 schedules, 担当課 and R2 revisions', async () => {
    const plan = (await plansOf('432041')).find((p) => p.kind === '実行計画')!;
    expect(plan.periodLabel).toBe('令和元年度〜令和5年度');
    const rm = await get<RoadmapDto>(`/api/m/432041/plans/${plan.id}/roadmap`);
    expect(rm.total).toBe(35);
    expect(rm.rows.map((r) => r.number)).toEqual(Array.from({ length: 35 }, (_, i) => String(i + 1)));
    for (const r of rm.rows) {
      // every title is the document's own wording (PDF line breaks aside)
      expect(seed001.replace(/\s/g, ''), r.title).toContain(r.title.replace(/\s/g, ''));
      expect(r.departments.length, r.number).toBeGreaterThan(0);
    }
    const item1 = rm.rows[0]!;
    expect(item1.title).toBe('協働に関する職員研修や出前講座などの充実');
    expect(item1.schedule).toEqual({ '2019': 'jisshi', '2020': 'keizoku', '2021': 'keizoku', '2022': 'keizoku', '2023': 'keizoku' });
    expect(rm.rows[1]!.departments.map((d) => d.name)).toEqual(['くらしいきいき課', '総合政策課']);
    const changes = await get<{ items: NodeChangeDto[] }>(`/api/m/432041/plans/${plan.id}/changes`);
    expect(changes.items.map((c) => `${c.nodeNumber}${c.mark}`).sort()).toEqual(['15【R2年度改訂】', '35【R2年度追加項目】', '5【R2年度改訂】', '8【R2年度改訂】']);
    // as of FY2019 the item added in R2 was not yet part of the plan
    const r1 = await get<RoadmapDto>(`/api/m/432041/plans/${plan.id}/roadmap?asOf=2019-10-01`);
    expect(r1.total).toBe(34);
  });

  it('荒尾市 第六次大綱: 3 重点項目, 10 施策, 25 実施項目, 経営理念 and the DX plan inside it', async () => {
    const plans = await plansOf('432041');
    const taiko = plans.find((p) => p.kind === '行政改革大綱')!;
    const tree = await get<PlanTreeDto>(`/api/m/432041/plans/${taiko.id}/tree`);
    expect(countByDepth(tree.roots)).toEqual([3, 10, 25]);
    expect(tree.plan.philosophy.length).toBeGreaterThan(10);
    expect(tree.tags.filter((t) => t.category === '全庁横断的な取組').map((t) => t.name)).toEqual(['官民連携の推進', 'デジタルトランスフォーメーション(DX)の推進']);
    const dx = plans.find((p) => p.kind === 'DX推進計画')!;
    expect(dx.parentPlanId).toBe(taiko.id);
  });

  it('上天草市: DX plan with 重点 items and the 2026–2029 roadmap', async () => {
    const [plan] = await plansOf('432121');
    expect(plan!.firstFiscalYear).toBe(2026);
    expect(plan!.lastFiscalYear).toBe(2029);
    const rm = await get<RoadmapDto>(`/api/m/432121/plans/${plan!.id}/roadmap?priority=true`);
    expect(rm.total).toBe(8);
    expect(rm.rows.filter((r) => Object.keys(r.schedule).length === 4).length).toBeGreaterThan(0);
  });

  it('行田市: 4 柱 and 8 改革; 大仙市: 4 重点取組 and the 視点 tags', async () => {
    const [gyoda] = await plansOf('112062');
    const g = await get<PlanTreeDto>(`/api/m/112062/plans/${gyoda!.id}/tree`);
    expect(countByDepth(g.roots).slice(0, 2)).toEqual([4, 8]);
    expect(g.plan.levelNames).toEqual(['柱', '改革', '取組項目']);
    const [daisen] = await plansOf('052124');
    const d = await get<PlanTreeDto>(`/api/m/052124/plans/${daisen!.id}/tree`);
    expect(d.roots).toHaveLength(4);
    expect(d.tags.filter((t) => t.category === '視点').map((t) => t.name).sort()).toEqual(['デジタル変革', '行政改革']);
  });

  it('荒尾市 第五次 実施計画: the R1–R4 progress columns are closed rounds with the ○△×－ legend', async () => {
    const plan = (await plansOf('432041')).find((p) => p.kind === '実行計画')!;
    const legends = await get<PlanLegendsDto>(`/api/m/432041/plans/${plan.id}/legends`);
    expect(legends.status).toMatchObject({ stored: true, presetKey: 'maru-sankaku' });
    const symbolOf = new Map(legends.status.values.map((v) => [v.code, v.symbol]));

    const list = (await get<RoundListDto>(`/api/m/432041/plans/${plan.id}/rounds`)).items;
    expect(list.map((r) => [r.label, r.state, r.targetFiscalYear, r.asOfDate, r.previousRoundLabel])).toEqual([
      ['令和4年度末見込み', 'closed', 2022, '2023-03-31', '令和3年度実績'],
      ['令和3年度実績', 'closed', 2021, '2022-03-31', '令和2年度実績'],
      ['令和2年度実績', 'closed', 2020, '2021-03-31', '令和元年度実績'],
      ['令和元年度実績', 'closed', 2019, '2020-03-31', null],
    ]);
    const byFy = new Map<number, ReportInboxDto>();
    for (const r of list) byFy.set(r.targetFiscalYear, await get<ReportInboxDto>(`/api/m/432041/rounds/${r.id}/reports`));
    const answer = (fy: number, no: string) => byFy.get(fy)!.entries.find((e) => e.item.number === no);

    // seed 001, 整理番号4: R1 ― (printed "-"), R2 △, R3 △, R4 ×
    expect([2019, 2020, 2021, 2022].map((fy) => symbolOf.get(answer(fy, '4')!.report.statusCode!))).toEqual(['－', '△', '△', '×']);
    expect(answer(2022, '4')!.report.narrative).toMatch(/^コロナ禍において書面開催/);
    expect(answer(2022, '4')!.previous).toMatchObject({ roundLabel: '令和3年度実績', statusCode: 'partial' });

    // every item answers each year the seed printed a status for, and only those years
    const expected = (fy: number) =>
      [...walkDemoNodes(arao.plans.find((p) => p.key === 'arao5-jisshi')!.nodes)].filter((n) => n.progress?.some((x) => x.fiscalYear === fy)).map((n) => n.number);
    for (const fy of [2019, 2020, 2021, 2022]) {
      const inbox = byFy.get(fy)!;
      expect(inbox.entries.map((e) => e.item.number), String(fy)).toEqual(expected(fy));
      expect(inbox.entries.every((e) => e.report.state === 'accepted')).toBe(true);
    }
    expect(byFy.get(2022)!.total).toBe(35); // the R4 column is filled for all 35 items
    expect(byFy.get(2019)!.entries.map((e) => e.item.number)).not.toContain('35'); // added in R2, no R1 status
    expect(byFy.get(2022)!.entries.every((e) => e.report.narrative.length > 0)).toBe(true);
    expect(byFy.get(2021)!.entries.every((e) => e.report.narrative === '')).toBe(true);
  });

  it('荒尾市 第六次大綱: an open round 令和8年度 上半期 with answers at every step, deadline not passed', async () => {
    const taiko = (await plansOf('432041')).find((p) => p.kind === '行政改革大綱')!;
    const legends = await get<PlanLegendsDto>(`/api/m/432041/plans/${taiko.id}/legends`);
    expect([legends.status.name, legends.status.presetKey, legends.achievement?.name, legends.achievement?.presetKey]).toEqual(['進捗', 'progress3', '達成度', 'achievement']);

    const [round, ...others] = (await get<RoundListDto>(`/api/m/432041/plans/${taiko.id}/rounds`)).items;
    expect(others).toHaveLength(0);
    expect(round).toMatchObject({ label: '令和8年度 上半期', state: 'open', targetFiscalYear: 2026, asOfDate: '2026-09-30' });
    expect(round!.fields).toEqual(['status', 'achievement', 'narrative', 'issues', 'nextPlan', 'effect']);
    expect(round!.deadline >= todayInTokyo()).toBe(true);
    expect(round!.deadline >= '2026-12-18').toBe(true);
    expect(round!.counts.total).toBe(25);
    for (const s of REPORT_STATES) expect(round!.counts[s], s).toBeGreaterThan(0);
    expect(round!.counts.submitted + round!.counts.approved).toBeGreaterThanOrEqual(7);

    const inbox = await get<ReportInboxDto>(`/api/m/432041/rounds/${round!.id}/reports`);
    for (const e of inbox.entries) expect(e.item.departments.filter((d) => d.lead), e.item.title).toHaveLength(1);
    const returned = inbox.entries.filter((e) => e.report.state === 'returned');
    expect(returned).toHaveLength(1);
    expect(returned[0]!.report.returnComment).toContain('算出根拠');
    // the workflow ran as the demo accounts of 財政課 and the secretariat
    const detail = await get<ReportDetailDto>(`/api/m/432041/reports/${returned[0]!.report.id}`);
    expect(detail.events.map((e) => [e.action, e.actor.replace(/^[^:]*:/, '')])).toEqual([
      ['save', '財政課 報告者'],
      ['submit', '財政課 報告者'],
      ['approve', '財政課長（承認者）'],
      ['return_by_secretariat', '事務局 行革担当（総合政策課）'],
    ]);
    for (const e of inbox.entries.filter((x) => ['submitted', 'approved', 'accepted'].includes(x.report.state))) {
      expect(e.report.statusCode && e.report.achievementCode && e.report.narrative, e.item.title).toBeTruthy();
    }
  });

  it('荒尾市: a 審議会 meeting whose opinions are answered, closed and published, shown on the citizens’ page', async () => {
    const meetings = await get<MeetingListDto>('/api/m/432041/meetings');
    const council = meetings.items.find((m) => m.title === '令和5年度第1回荒尾市行政改革推進審議会')!;
    expect(council).toMatchObject({ body: '審議会', heldOn: '2023-07-20', opinions: { open: 0, answered: 0, closed: 2 } });
    expect(council.publishedAt).not.toBeNull();
    const page = await (await app.request('/m/432041/council')).text();
    expect(page).toContain('令和5年度第1回荒尾市行政改革推進審議会');
    expect(page).toContain('公共施設使用料等の見直し');
    expect(page).toContain('担当: 財政課');
    expect(page).toContain('担当: 市民課');
  });

  it('every other plan has the ○△×－ legend saved; 荒尾市 has the demo accounts', async () => {
    for (const m of demoMunicipalities.filter((x) => x.code !== '432041')) {
      for (const p of await plansOf(m.code)) {
        const l = await get<PlanLegendsDto>(`/api/m/${m.code}/plans/${p.id}/legends`);
        expect([l.status.stored, l.status.presetKey, l.achievement], `${m.name} ${p.title}`).toEqual([true, 'maru-sankaku', null]);
      }
    }
    const [m] = await store.db.select().from(municipalities).where(eq(municipalities.code, '432041'));
    const logins = (await store.db.select({ loginId: users.loginId }).from(users).where(eq(users.municipalityId, m!.id))).map((u) => u.loginId);
    expect(logins.sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.loginId).sort());
  });

  it('resetting the demo replaces its rounds, reports and accounts', async () => {
    const codes = demoMunicipalities.map((m) => m.code);
    const idsOf = async () => (await store.db.select({ id: municipalities.id }).from(municipalities).where(inArray(municipalities.code, codes))).map((r) => r.id);
    const roundCount = async (ids: string[]) => (await store.db.select({ id: rounds.id }).from(rounds).where(inArray(rounds.municipalityId, ids))).length;
    const before = await idsOf();
    const n = await roundCount(before);
    await resetDemoMunicipalities(store);
    const after = await idsOf();
    expect(after).toHaveLength(4);
    expect(after.filter((id) => before.includes(id))).toEqual([]);
    expect(await roundCount(before)).toBe(0);
    expect(await roundCount(after)).toBe(n);
  }, 120_000);

  it('a demo municipality whose later workflow step fails is removed again (whole or not at all)', async () => {
    let code = '';
    do code = withCheckDigit('43' + String(Math.floor(Math.random() * 1000)).padStart(3, '0'));
    while ((await store.db.select().from(municipalities).where(eq(municipalities.code, code))).length);
    const broken: DemoMunicipality = {
      code,
      name: 'デモ失敗市',
      prefecture: '熊本県',
      departments: [{ key: 'zaisei', name: '財政課', kind: '課' }],
      tags: [],
      notes: [],
      plans: [
        {
          key: 'p',
          kind: '行政改革大綱',
          title: 'デモ失敗市 行政改革大綱',
          firstFiscalYear: 2026,
          lastFiscalYear: 2029,
          stages: [{ stage: '決定', date: '2026-04-01' }],
          levelNames: ['重点項目', '実施項目'],
          phases: [{ code: 'jisshi', label: '実施' }],
          legend: { status: { preset: 'progress3' } },
          openRound: {
            label: '令和8年度 上半期',
            asOfDate: '2026-09-30',
            targetFiscalYear: 2026,
            deadline: '2026-12-18',
            minDaysAhead: 21,
            fields: ['status', 'narrative'],
            secretariat: '事務局',
            // saved as a draft in the first transaction; submitting without 取組内容 is refused later
            answers: [{ item: '補助金の見直し', state: 'submitted', status: 'in_progress' }],
          },
          nodes: [{ number: '1', title: '歳出削減', children: [{ title: '補助金の見直し', departments: ['zaisei'] }] }],
        },
      ],
    };
    await expect(loadMunicipality(store.db, broken)).rejects.toThrow('提出する前に');
    expect(await store.db.select().from(municipalities).where(eq(municipalities.code, code))).toEqual([]);
  });

  it('loading again into a store that has data changes nothing', async () => {
    const before = (await listMunicipalities(store.db)).length;
    expect(await loadDemoIfEmpty(store)).toBe(false);
    expect((await listMunicipalities(store.db)).length).toBe(before);
  });
});
