/**
 * A plan with rounds and answers whose figures are known by hand, inserted row
 * by row with drizzle (the rounds/reports commands are written separately).
 *
 * Plan FY2024–2027, levels 重点項目 → 施策 → 実施項目, legend ○△×－ (maru-sankaku):
 *
 *   T1 重点項目1
 *     M1 (1)  A1 lead 総務 (+財政)  sched 2024 kento, 2025 jisshi
 *             A2 lead 財政          sched 2024 jisshi
 *     M2 (2)  A3 lead 企画          sched 2025 jisshi, 2026 jisshi
 *             A7 lead 総務          sched 2024 jisshi
 *   T2 重点項目2
 *     M3 (1)  A4 lead 総務          sched 2024 jisshi, 2025 keizoku
 *             A5 lead 財政 (+総務)  sched 2026 jisshi
 *             A6 lead 企画          sched 2024 jisshi — stopped from 2025-01-01 (out of FY2025)
 *             A8 lead 企画          sched 2024 kento — never answered
 *
 * Rounds: R1 令和6年度実績 (FY2024, as of 2025-03-31, closed)
 *         RQ 令和7年度第2四半期 (FY2025, as of 2025-09-30, closed)
 *         R2 令和7年度実績 (FY2025, as of 2026-03-31, open, previous = R1, deadline = today + 7 in Japan)
 *         R3 令和8年度実績 (FY2026, draft)
 *
 * Answers (state, status):
 *   R1: A1 accepted done, A2 accepted partial, A3 accepted later, A4 accepted not_done, A6 accepted done, A7 submitted not_done
 *   RQ: A7 accepted partial
 *   R2: A1 submitted done, A2 approved partial, A3 accepted partial, A4 draft partial, A5 returned later, A7 accepted done
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../../src/db/client.js';
import {
  departments,
  nodeDepartments,
  nodeSchedules,
  planNodes,
  plans,
  reportEvents,
  reports,
  rounds,
  statusLegends,
  userDepartments,
  users,
} from '../../src/db/schema.js';
import { todayInTokyo } from '../../src/modules/fiscal/domain/index.js';
import { presetByKey } from '../../src/modules/pdca/domain/legend.js';
import { DEFAULT_PHASES } from '../../src/modules/plans/domain/plan.js';
import { createTestMunicipality } from './stores.js';

/** 'YYYY-MM-DD' + n days (calendar arithmetic, no time zone). */
export function addDays(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export async function buildPdcaFixture(store: Store, name = 'PDCA市', opts: { withLegend?: boolean } = {}) {
  const db = store.db;
  const m = await createTestMunicipality(db, name);
  const mid = m.id;
  const id = () => randomUUID();

  const dept = { somu: id(), zaisei: id(), kikaku: id(), kaikei: id() };
  await db.insert(departments).values([
    { municipalityId: mid, id: dept.somu, name: '総務課', kind: '課', sortOrder: 10 },
    { municipalityId: mid, id: dept.zaisei, name: '財政課', kind: '課', sortOrder: 20 },
    { municipalityId: mid, id: dept.kikaku, name: '企画課', kind: '課', sortOrder: 30 },
    { municipalityId: mid, id: dept.kaikei, name: '会計課', kind: '課', sortOrder: 40 },
  ]);

  const planId = id();
  await db.insert(plans).values({
    municipalityId: mid,
    id: planId,
    kind: '行政改革大綱',
    title: `${name} 第6次行政改革大綱`,
    firstFiscalYear: 2024,
    lastFiscalYear: 2027,
    stage: '決定',
    levelNames: ['重点項目', '施策', '実施項目'],
    phases: DEFAULT_PHASES,
  });
  if (opts.withLegend !== false) {
    await db.insert(statusLegends).values({ municipalityId: mid, planId, axis: 'status', name: '取組状況（○△×－）', values: presetByKey('maru-sankaku')!.values });
  }

  const n = { T1: id(), M1: id(), M2: id(), T2: id(), M3: id(), A1: id(), A2: id(), A3: id(), A4: id(), A5: id(), A6: id(), A7: id(), A8: id() };
  type Key = keyof typeof n;
  const node = (key: Key, parent: Key | null, depth: number, sortOrder: number, number: string, title: string, extra: Partial<typeof planNodes.$inferInsert> = {}) => ({
    municipalityId: mid,
    id: n[key],
    planId,
    parentId: parent ? n[parent] : null,
    depth,
    sortOrder,
    number,
    title,
    isAction: depth === 2,
    effectiveFrom: '2024-04-01',
    ...extra,
  });
  // parents first (self-referencing foreign key)
  await db.insert(planNodes).values([node('T1', null, 0, 10, '1', '持続可能な行財政運営'), node('T2', null, 0, 20, '2', '市民サービスの向上')]);
  await db.insert(planNodes).values([
    node('M1', 'T1', 1, 10, '(1)', '事務事業の見直し'),
    node('M2', 'T1', 1, 20, '(2)', '歳入の確保'),
    node('M3', 'T2', 1, 10, '(1)', '窓口サービスの改善'),
  ]);
  await db.insert(planNodes).values([
    node('A1', 'M1', 2, 10, '1', 'ＲＰＡによる定型業務の自動化'),
    node('A2', 'M1', 2, 20, '2', '補助金の見直し'),
    node('A3', 'M2', 2, 10, '3', 'ふるさと納税の推進'),
    node('A7', 'M2', 2, 20, '4', '使用料・手数料の見直し'),
    node('A4', 'M3', 2, 10, '5', '書かない窓口の導入'),
    node('A5', 'M3', 2, 20, '6', 'キャッシュレス決済の導入'),
    node('A6', 'M3', 2, 30, '7', '窓口受付時間の延長', { status: 'stopped', effectiveTo: '2025-01-01' }),
    node('A8', 'M3', 2, 40, '8', 'おくやみ窓口の設置'),
  ]);
  const nd = (key: Key, departmentId: string, isLead: boolean, sortOrder = 0) => ({ municipalityId: mid, nodeId: n[key], departmentId, isLead, sortOrder });
  await db.insert(nodeDepartments).values([
    nd('A1', dept.somu, true, 0),
    nd('A1', dept.zaisei, false, 1),
    nd('A2', dept.zaisei, true),
    nd('A3', dept.kikaku, true),
    nd('A7', dept.somu, true),
    nd('A4', dept.somu, true),
    nd('A5', dept.zaisei, true, 0),
    nd('A5', dept.somu, false, 1),
    nd('A6', dept.kikaku, true),
    nd('A8', dept.kikaku, true),
  ]);
  const sc = (key: Key, fiscalYear: number, phase: string) => ({ municipalityId: mid, nodeId: n[key], fiscalYear, phase });
  await db.insert(nodeSchedules).values([
    sc('A1', 2024, 'kento'),
    sc('A1', 2025, 'jisshi'),
    sc('A2', 2024, 'jisshi'),
    sc('A3', 2025, 'jisshi'),
    sc('A3', 2026, 'jisshi'),
    sc('A7', 2024, 'jisshi'),
    sc('A4', 2024, 'jisshi'),
    sc('A4', 2025, 'keizoku'),
    sc('A5', 2026, 'jisshi'),
    sc('A6', 2024, 'jisshi'),
    sc('A8', 2024, 'kento'),
  ]);

  const today = todayInTokyo();
  const r = { R1: id(), RQ: id(), R2: id(), R3: id() };
  const fields = ['status', 'narrative', 'issues'];
  await db.insert(rounds).values({ municipalityId: mid, id: r.R1, planId, label: '令和6年度実績', asOfDate: '2025-03-31', targetFiscalYear: 2024, deadline: '2025-05-31', state: 'closed', fields, createdAt: new Date('2025-04-01T00:00:00Z') });
  await db.insert(rounds).values({ municipalityId: mid, id: r.RQ, planId, label: '令和7年度第2四半期', asOfDate: '2025-09-30', targetFiscalYear: 2025, deadline: '2025-10-31', state: 'closed', fields, previousRoundId: r.R1, createdAt: new Date('2025-10-01T00:00:00Z') });
  await db.insert(rounds).values({ municipalityId: mid, id: r.R2, planId, label: '令和7年度実績', asOfDate: '2026-03-31', targetFiscalYear: 2025, deadline: addDays(today, 7), state: 'open', fields, previousRoundId: r.R1, createdAt: new Date('2026-04-01T00:00:00Z') });
  await db.insert(rounds).values({ municipalityId: mid, id: r.R3, planId, label: '令和8年度実績', asOfDate: '2027-03-31', targetFiscalYear: 2026, deadline: '2027-05-31', state: 'draft', fields, previousRoundId: r.R2, createdAt: new Date('2027-04-01T00:00:00Z') });

  const rep: Record<string, string> = {};
  const answer = (round: keyof typeof r, key: Key, state: string, statusCode: string | null, extra: Partial<typeof reports.$inferInsert> = {}) => {
    const reportId = id();
    rep[`${round}.${key}`] = reportId;
    return { municipalityId: mid, id: reportId, roundId: r[round], nodeId: n[key], state, statusCode, narrative: `${key}の${round}の取組内容`, updatedBy: 'fixture', ...extra };
  };
  await db.insert(reports).values([
    answer('R1', 'A1', 'accepted', 'done'),
    answer('R1', 'A2', 'accepted', 'partial'),
    answer('R1', 'A3', 'accepted', 'later'),
    answer('R1', 'A4', 'accepted', 'not_done'),
    answer('R1', 'A6', 'accepted', 'done'),
    answer('R1', 'A7', 'submitted', 'not_done', { issues: '料金改定の調整に時間を要した' }),
    answer('RQ', 'A7', 'accepted', 'partial'),
    answer('R2', 'A1', 'submitted', 'done'),
    answer('R2', 'A2', 'approved', 'partial'),
    answer('R2', 'A3', 'accepted', 'partial'),
    answer('R2', 'A4', 'draft', 'partial'),
    answer('R2', 'A5', 'returned', 'later', { returnComment: '実績の記載が不足しています' }),
    answer('R2', 'A7', 'accepted', 'done', {
      narrative: '使用料を改定し、令和7年10月から施行した',
      effectRevenueYen: 12_345_678,
      hoursSavedTenths: 125,
      submittedAt: new Date('2026-04-10T01:00:00Z'),
    }),
  ]);
  await db.insert(reportEvents).values([
    { municipalityId: mid, reportId: rep['R2.A7']!, at: new Date('2026-04-10T01:00:00Z'), actor: 'u1:青木 一郎', action: 'submit', fromState: 'draft', toState: 'submitted' },
    { municipalityId: mid, reportId: rep['R2.A7']!, at: new Date('2026-04-11T01:00:00Z'), actor: 'u2:井上 花子', action: 'approve', fromState: 'submitted', toState: 'approved' },
    { municipalityId: mid, reportId: rep['R2.A7']!, at: new Date('2026-04-12T01:00:00Z'), actor: 's:事務局', action: 'accept', fromState: 'approved', toState: 'accepted', comment: '確認しました' },
  ]);

  const u = { aoki: id(), inoue: id(), ueda: id(), eguchi: id(), ono: id(), kato: id(), kimura: id(), kudo: id() };
  const user = (key: keyof typeof u, loginId: string, uname: string, role: string, email = '', disabled = false) => ({
    municipalityId: mid,
    id: u[key],
    loginId,
    name: uname,
    role,
    email,
    disabled,
    passwordHash: 'not-a-hash',
  });
  await db.insert(users).values([
    user('aoki', 'u1-aoki', '青木 一郎', 'dept_reporter', 'aoki@city.example.jp'),
    user('inoue', 'u2-inoue', '井上 花子', 'dept_approver', 'inoue@city.example.jp'),
    user('ueda', 'u3-ueda', '上田 三郎', 'dept_reporter'),
    user('eguchi', 'u4-eguchi', '江口 四郎', 'viewer', 'eguchi@city.example.jp'),
    user('ono', 'u5-ono', '大野 五月', 'secretariat', 'ono@city.example.jp'),
    user('kato', 'u6-kato', '加藤 六助', 'dept_reporter', 'kato@city.example.jp', true),
    user('kimura', 'u7-kimura', '木村 七海', 'dept_reporter', 'kimura@city.example.jp'),
    user('kudo', 'u8-kudo', '工藤 八重', 'dept_approver', 'kudo@city.example.jp'),
  ]);
  const ud = (key: keyof typeof u, departmentId: string) => ({ municipalityId: mid, userId: u[key], departmentId });
  await db.insert(userDepartments).values([
    ud('aoki', dept.somu),
    ud('inoue', dept.somu),
    ud('ueda', dept.zaisei),
    ud('eguchi', dept.kikaku),
    ud('ono', dept.somu),
    ud('kato', dept.zaisei),
    ud('kimura', dept.kaikei),
    ud('kudo', dept.zaisei),
    ud('kudo', dept.somu),
  ]);

  return { municipality: m, planId, departments: dept, nodes: n, rounds: r, reports: rep, users: u, today, deadline: addDays(today, 7) };
}

export type PdcaFixture = Awaited<ReturnType<typeof buildPdcaFixture>>;
