import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/modules/access/domain/policy.js';
import { presetByKey } from '../../src/modules/pdca/domain/legend.js';
import type { ReportState } from '../../src/modules/pdca/domain/workflow.js';
import { smtpConfigFromEnv, SmtpConfigError } from '../../src/modules/pdca/chasing/mail/config.js';
import {
  base64Body,
  buildMessage,
  dotStuff,
  encodeWords,
  headerLine,
  parseMailbox,
  rfc5322Date,
  splitUtf8,
} from '../../src/modules/pdca/chasing/mail/message.js';
import {
  daysUntil,
  deadlineInfo,
  departmentsWithoutPeople,
  missingByDepartment,
  missingPeople,
  reminderTexts,
} from '../../src/modules/pdca/chasing/domain/missing.js';
import { canMarkNotification, canSendReminders, notificationTarget, visibleMissingPeople } from '../../src/modules/pdca/chasing/domain/policy.js';
import { yearColumns } from '../../src/modules/pdca/views/domain/history.js';
import {
  compareRounds,
  countedCode,
  earlierRounds,
  indexAnswers,
  isInRoundScope,
  roundItems,
  type ViewAnswer,
  type ViewNode,
  type ViewRound,
} from '../../src/modules/pdca/views/domain/model.js';
import { canReadViews } from '../../src/modules/pdca/views/domain/policy.js';
import {
  changeTable,
  completionTable,
  defaultGroupDepth,
  departmentKeys,
  groupAtDepth,
  latestAnswer,
  overdueItems,
  percentDown,
  scheduledIn,
  statusKeys,
  statusTable,
} from '../../src/modules/pdca/views/domain/views.js';

const LEGEND = presetByKey('maru-sankaku')!.values; // done(done) partial not_done later

// A small plan: T → M1 (a, b), M2 (c); d is stopped before FY2025; e sits at depth 1 (irregular tree)
const node = (id: string, parentId: string | null, depth: number, sortOrder: number, extra: Partial<ViewNode> = {}): ViewNode => ({
  id,
  parentId,
  depth,
  sortOrder,
  number: id,
  title: id,
  isAction: depth === 2,
  status: 'active',
  effectiveFrom: '2024-04-01',
  effectiveTo: null,
  schedule: {},
  departments: [],
  ...extra,
});
const NODES: ViewNode[] = [
  node('T', null, 0, 10),
  node('M2', 'T', 1, 20),
  node('M1', 'T', 1, 10),
  node('b', 'M1', 2, 20, { schedule: { '2024': 'jisshi' }, departments: [{ id: 'zaisei', lead: true }] }),
  node('a', 'M1', 2, 10, { schedule: { '2024': 'kento', '2025': 'jisshi' }, departments: [{ id: 'somu', lead: true }, { id: 'zaisei', lead: false }] }),
  node('c', 'M2', 2, 10, { schedule: { '2025': 'jisshi', '2023': 'kento' }, departments: [{ id: 'somu', lead: true }] }),
  node('d', 'M2', 2, 20, { schedule: { '2024': 'jisshi' }, status: 'stopped', effectiveTo: '2025-04-01', departments: [{ id: 'kikaku', lead: true }] }),
  node('e', 'T', 1, 30, { isAction: true, schedule: { '2024': 'jisshi' } }),
];
const byId = new Map(NODES.map((n) => [n.id, n]));

const round = (id: string, asOfDate: string, targetFiscalYear: number, state: ViewRound['state'], extra: Partial<ViewRound> = {}): ViewRound => ({
  id,
  planId: 'P',
  label: id,
  asOfDate,
  targetFiscalYear,
  deadline: '2026-05-31',
  state,
  previousRoundId: null,
  createdAt: `${asOfDate}T00:00:00.000Z`,
  ...extra,
});
const R1 = round('R1', '2025-03-31', 2024, 'closed');
const RQ = round('RQ', '2025-09-30', 2025, 'closed');
const R2 = round('R2', '2026-03-31', 2025, 'open', { previousRoundId: 'R1' });
const RD = round('RD', '2025-12-31', 2025, 'draft');
const ROUNDS = [R2, RD, R1, RQ];
const ans = (roundId: string, nodeId: string, state: ReportState, statusCode: string | null): ViewAnswer => ({ roundId, nodeId, state, statusCode, achievementCode: null });
const ANSWERS = indexAnswers([
  ans('R1', 'a', 'accepted', 'done'),
  ans('R1', 'b', 'accepted', 'not_done'),
  ans('R1', 'c', 'accepted', 'partial'),
  ans('R1', 'd', 'accepted', 'done'),
  ans('RQ', 'b', 'accepted', 'partial'),
  ans('RD', 'b', 'draft', 'done'),
  ans('R2', 'a', 'submitted', 'done'),
  ans('R2', 'b', 'draft', 'done'),
  ans('R2', 'c', 'approved', 'XX'),
]);

describe('round scope and order', () => {
  // a round without a recorded scope: history imported from a table, or opened before scopes were kept
  const unrecorded = (targetFiscalYear: number) => ({ targetFiscalYear, state: 'closed' as const, scope: null });

  it('asks about action items in effect during the target fiscal year, and anything answered', () => {
    const d = byId.get('d')!;
    expect(isInRoundScope(d, unrecorded(2024), false)).toBe(true);
    expect(isInRoundScope(d, unrecorded(2025), false)).toBe(false); // ended 2025-04-01 (exclusive)
    expect(isInRoundScope(d, unrecorded(2025), true)).toBe(true);
    expect(isInRoundScope(byId.get('M1')!, unrecorded(2025), false)).toBe(false);
    expect(isInRoundScope({ ...byId.get('a')!, effectiveFrom: '2026-04-01' }, unrecorded(2025), false)).toBe(false);
    expect(isInRoundScope({ ...byId.get('a')!, effectiveFrom: '2026-03-31' }, unrecorded(2025), false)).toBe(true);
  });

  it('a round opened with a recorded scope asks exactly the items it has reports for; a draft shows the items its kept scope names', () => {
    const a = { ...byId.get('a')!, schedule: { '2025': 'jisshi' } };
    const b = { ...byId.get('b')!, schedule: {} };
    // opened for the year's scheduled items: an item in effect without a report is not in it (nor chased)
    for (const mode of ['all', 'scheduled', 'nodes'] as const) {
      const opened = { targetFiscalYear: 2025, state: 'open' as const, scope: { mode } };
      expect(isInRoundScope(b, opened, false)).toBe(false);
      expect(isInRoundScope(b, opened, true)).toBe(true);
    }
    const draft = (scope: { mode: 'all' | 'scheduled' | 'nodes'; nodeIds?: string[] } | null) => ({ targetFiscalYear: 2025, state: 'draft' as const, scope });
    expect([a, b].filter((n) => isInRoundScope(n, draft({ mode: 'scheduled' }), false)).map((n) => n.id)).toEqual(['a']);
    expect([a, b].filter((n) => isInRoundScope(n, draft({ mode: 'nodes', nodeIds: ['b'] }), false)).map((n) => n.id)).toEqual(['b']);
    expect([a, b].filter((n) => isInRoundScope(n, draft({ mode: 'all' }), false)).map((n) => n.id)).toEqual(['a', 'b']);
    expect([a, b].filter((n) => isInRoundScope(n, draft(null), false)).map((n) => n.id)).toEqual(['a', 'b']);
    // a stopped item is not asked, even if scheduled
    expect(isInRoundScope({ ...a, status: 'stopped' }, draft({ mode: 'scheduled' }), false)).toBe(false);
  });

  it('lists the round items in tree order', () => {
    expect(roundItems(NODES, R2, ANSWERS).map((n) => n.id)).toEqual(['a', 'b', 'c', 'e']);
    expect(roundItems(NODES, R1, ANSWERS).map((n) => n.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('orders rounds by as-of date and skips drafts among the earlier ones', () => {
    expect([...ROUNDS].sort(compareRounds).map((r) => r.id)).toEqual(['R1', 'RQ', 'RD', 'R2']);
    expect(earlierRounds(ROUNDS, R2).map((r) => r.id)).toEqual(['RQ', 'R1']);
  });

  it('counts an answer by basis', () => {
    const a = ans('X', 'n', 'draft', 'done');
    expect(countedCode(a, 'status', 'all')).toBe('done');
    expect(countedCode(a, 'status', 'submitted')).toBeNull();
    expect(countedCode({ ...a, state: 'approved' }, 'status', 'submitted')).toBe('done');
    expect(countedCode({ ...a, state: 'approved' }, 'status', 'accepted')).toBeNull();
    expect(countedCode({ ...a, state: 'accepted' }, 'status', 'accepted')).toBe('done');
    expect(countedCode({ ...a, state: 'accepted', statusCode: null }, 'status', 'all')).toBeNull();
    expect(countedCode({ ...a, state: 'accepted', achievementCode: 'achieved' }, 'achievement', 'all')).toBe('achieved');
    expect(countedCode(undefined, 'status', 'all')).toBeNull();
  });
});

describe('scheduled and overdue', () => {
  const items = roundItems(NODES, R2, ANSWERS);
  it('● = a schedule entry for the target year', () => {
    expect(scheduledIn(items, 2025)).toEqual([
      { nodeId: 'a', phase: 'jisshi' },
      { nodeId: 'c', phase: 'jisshi' },
    ]);
  });

  it('falls back to the latest earlier round with a counted answer', () => {
    // b: R2 draft (not counted) → RQ partial (RD is a draft round and skipped)
    expect(latestAnswer('b', R2, ROUNDS, ANSWERS, 'status', 'submitted')).toMatchObject({ roundId: 'RQ', code: 'partial' });
    expect(latestAnswer('b', R2, ROUNDS, ANSWERS, 'status', 'all')).toMatchObject({ roundId: 'R2', code: 'done' });
    expect(latestAnswer('e', R2, ROUNDS, ANSWERS, 'status', 'all')).toBeNull();
  });

  it('overdue: scheduled in an earlier year of the plan and latest answer not done', () => {
    const rows = overdueItems({ items, round: R2, rounds: ROUNDS, answers: ANSWERS, legend: LEGEND, planFirstFiscalYear: 2024, basis: 'submitted' });
    // a: done in R2 → not overdue; b: RQ partial → overdue; c: only 2023 (before the plan) → not; e: never answered → overdue
    expect(rows.map((r) => [r.nodeId, r.years, r.latest?.code ?? null])).toEqual([
      ['b', [2024], 'partial'],
      ['e', [2024], null],
    ]);
    const all = overdueItems({ items, round: R2, rounds: ROUNDS, answers: ANSWERS, legend: LEGEND, planFirstFiscalYear: 2024, basis: 'all' });
    expect(all.map((r) => r.nodeId)).toEqual(['e']);
    // with the plan starting in 2023, c's 2023 entry counts; its R2 answer XX is not in the legend (not done)
    const early = overdueItems({ items, round: R2, rounds: ROUNDS, answers: ANSWERS, legend: LEGEND, planFirstFiscalYear: 2023, basis: 'submitted' });
    expect(early.map((r) => r.nodeId)).toEqual(['b', 'c', 'e']);
  });
});

describe('counts by status', () => {
  const items = roundItems(NODES, R2, ANSWERS);
  const code = (id: string) => countedCode(ANSWERS.get('R2')?.get(id), 'status', 'submitted');

  it('columns: legend order, then unknown codes, then 未回答', () => {
    expect(statusKeys(LEGEND, ['XX', null, 'done', 'AA']).map((k) => k.code)).toEqual(['done', 'partial', 'not_done', 'later', 'AA', 'XX', null]);
  });

  it('groups at a depth, with ids behind every count', () => {
    expect(defaultGroupDepth(['重点項目', '施策', '実施項目'])).toBe(1);
    expect(defaultGroupDepth(['実施項目'])).toBe(0);
    expect(defaultGroupDepth(['基本方針', '重点項目', '施策', '実施項目'], [2, 3, 3])).toBe(1); // irregular: one above the shallowest item
    expect(defaultGroupDepth(['重点項目', '施策', '実施項目'], [0])).toBe(0);
    expect(groupAtDepth(byId.get('a')!, 1, byId)).toBe('M1');
    expect(groupAtDepth(byId.get('a')!, 0, byId)).toBe('T');
    expect(groupAtDepth(byId.get('e')!, 1, byId)).toBe('e');
    expect(groupAtDepth(byId.get('T')!, 1, byId)).toBeNull();
    const t = statusTable({ items, codeOf: code, legend: LEGEND, keysOf: (n) => [groupAtDepth(n, 1, byId)], rowOrder: ['M1', 'M2', 'e'] });
    const cell = (key: string | null, c: string | null) => t.rows.find((r) => r.key === key)!.cells.find((x) => x.code === c)!;
    expect(cell('M1', 'done')).toEqual({ code: 'done', count: 1, nodeIds: ['a'] });
    expect(cell('M1', null)).toEqual({ code: null, count: 1, nodeIds: ['b'] });
    expect(cell('M2', 'XX')).toEqual({ code: 'XX', count: 1, nodeIds: ['c'] });
    expect(cell('e', null).nodeIds).toEqual(['e']);
    expect(t.total.total).toEqual({ count: 4, nodeIds: ['a', 'b', 'c', 'e'] });
    // every count is the length of its ids, and the cells of a row add up to the row
    for (const r of [...t.rows, t.total]) {
      for (const c of r.cells) expect(c.count).toBe(c.nodeIds.length);
      expect(r.cells.reduce((s, c) => s + c.count, 0)).toBe(r.total.count);
    }
  });

  it('per department: lead only, or co-owners too; the total counts each item once', () => {
    expect(departmentKeys(byId.get('a')!, false)).toEqual(['somu']);
    expect(departmentKeys(byId.get('a')!, true)).toEqual(['somu', 'zaisei']);
    expect(departmentKeys(byId.get('e')!, false)).toEqual([null]);
    const lead = statusTable({ items, codeOf: code, legend: LEGEND, keysOf: (n) => departmentKeys(n, false), rowOrder: ['somu', 'zaisei', 'kikaku'] });
    expect(lead.rows.map((r) => [r.key, r.total.nodeIds])).toEqual([
      ['somu', ['a', 'c']],
      ['zaisei', ['b']],
      ['kikaku', []],
      [null, ['e']],
    ]);
    const co = statusTable({ items, codeOf: code, legend: LEGEND, keysOf: (n) => departmentKeys(n, true), rowOrder: ['somu', 'zaisei'] });
    expect(co.rows.find((r) => r.key === 'zaisei')!.total.nodeIds).toEqual(['a', 'b']);
    expect(co.total.total.count).toBe(4);
  });
});

describe('change against the previous round', () => {
  it('counts now / before / 増減 and lists every item whose status changed', () => {
    const nowItems = ['a', 'b', 'c', 'e'];
    const beforeItems = ['a', 'b', 'c', 'd', 'e'];
    const now = (id: string) => countedCode(ANSWERS.get('R2')?.get(id), 'status', 'submitted');
    const before = (id: string) => countedCode(ANSWERS.get('R1')?.get(id), 'status', 'submitted');
    const t = changeTable({ nowItems, beforeItems, nowCode: now, beforeCode: before, legend: LEGEND, order: ['a', 'b', 'c', 'd', 'e'] });
    const row = (c: string | null) => t.rows.find((r) => r.code === c)!;
    expect(row('done')).toEqual({ code: 'done', now: { count: 1, nodeIds: ['a'] }, before: { count: 2, nodeIds: ['a', 'd'] }, delta: -1 });
    expect(row('not_done')).toEqual({ code: 'not_done', now: { count: 0, nodeIds: [] }, before: { count: 1, nodeIds: ['b'] }, delta: -1 });
    expect(row('partial').delta).toBe(-1);
    expect(row('XX')).toMatchObject({ now: { count: 1, nodeIds: ['c'] }, before: { count: 0 }, delta: 1 });
    expect(row(null)).toMatchObject({ now: { nodeIds: ['b', 'e'] }, before: { nodeIds: ['e'] }, delta: 1 });
    expect(t.total).toMatchObject({ now: { count: 4 }, before: { count: 5 }, delta: -1 });
    expect(t.rows.reduce((s, r) => s + r.delta, 0)).toBe(t.total.delta);
    expect(t.changed).toEqual([
      { nodeId: 'b', before: 'not_done', after: null, inBefore: true, inNow: true },
      { nodeId: 'c', before: 'partial', after: 'XX', inBefore: true, inNow: true },
      { nodeId: 'd', before: 'done', after: null, inBefore: true, inNow: false },
    ]);
  });
});

describe('completion of submissions', () => {
  it('items, submitted (submitted/approved/accepted), accepted, not yet, percent rounded down', () => {
    const states: Record<string, ReportState> = { a: 'submitted', b: 'draft', c: 'accepted', x: 'approved', y: 'returned', z: 'not_started' };
    const items = ['a', 'b', 'c', 'x', 'y', 'z', 'w'].map((id) => node(id, null, 2, 0, { departments: [{ id: ['a', 'b', 'c'].includes(id) ? 'somu' : 'zaisei', lead: true }] }));
    const t = completionTable({ items, stateOf: (id) => states[id] ?? null, keysOf: (n) => departmentKeys(n, false), rowOrder: ['somu', 'zaisei', 'kikaku'] });
    expect(t.rows[0]).toEqual({
      key: 'somu',
      items: { count: 3, nodeIds: ['a', 'b', 'c'] },
      submitted: { count: 2, nodeIds: ['a', 'c'] },
      accepted: { count: 1, nodeIds: ['c'] },
      notYet: { count: 1, nodeIds: ['b'] },
      percent: 66,
    });
    expect(t.rows[1]).toMatchObject({ key: 'zaisei', submitted: { nodeIds: ['x'] }, notYet: { nodeIds: ['y', 'z', 'w'] }, percent: 25 });
    expect(t.rows[2]).toMatchObject({ key: 'kikaku', items: { count: 0 }, percent: 0 });
    expect(t.total).toMatchObject({ items: { count: 7 }, submitted: { count: 3 }, percent: 42 });
    expect(percentDown(199, 200)).toBe(99);
    expect(percentDown(0, 0)).toBe(0);
  });
});

describe('item history by fiscal year', () => {
  it('takes the latest closed round of the year, else the open one (provisional)', () => {
    const cols = yearColumns({ nodeId: 'b', fiscalYears: [2024, 2025, 2026], rounds: ROUNDS, answers: ANSWERS, axis: 'status', basis: 'submitted' });
    expect(cols.map((c) => [c.fiscalYear, c.roundId, c.code, c.provisional])).toEqual([
      [2024, 'R1', 'not_done', false],
      [2025, 'RQ', 'partial', false], // closed RQ wins over the open R2 (whose draft does not count anyway)
      [2026, null, null, false],
    ]);
    const a = yearColumns({ nodeId: 'a', fiscalYears: [2025], rounds: ROUNDS, answers: ANSWERS, axis: 'status', basis: 'submitted' });
    expect(a[0]).toMatchObject({ roundId: 'R2', code: 'done', provisional: true });
  });
});

// ───────────── policies ─────────────

const actor = (role: Role, extra: Partial<Actor> = {}): Actor => ({ id: '11111111-1111-4111-8111-111111111111', name: 'x', role, municipalityId: 'M', departmentIds: [], ...extra });
const ROLES: Role[] = ['system_admin', 'secretariat', 'dept_reporter', 'dept_approver', 'viewer', 'council'];

describe('view and chasing policies', () => {
  it('every role reads the views of its own municipality only (system_admin everywhere)', () => {
    for (const r of ROLES) {
      expect(canReadViews(actor(r), { municipalityId: 'M' })).toBe(true);
      expect(canReadViews(actor(r), { municipalityId: 'OTHER' })).toBe(r === 'system_admin');
    }
  });

  it('only the secretariat (and system administrators) send reminders', () => {
    expect(ROLES.filter((r) => canSendReminders(actor(r), { municipalityId: 'M' }))).toEqual(['system_admin', 'secretariat']);
    expect(canSendReminders(actor('secretariat'), { municipalityId: 'OTHER' })).toBe(false);
  });

  it('担当課 see the per-person missing list of their own departments only', () => {
    const people = [
      { userId: 'u1', departmentIds: ['somu'], nodeIds: ['a'] },
      { userId: 'u2', departmentIds: ['zaisei'], nodeIds: ['b'] },
      { userId: 'u3', departmentIds: ['somu', 'zaisei'], nodeIds: ['a', 'b'] },
    ];
    const lead = (id: string) => ({ a: 'somu', b: 'zaisei' })[id] ?? null;
    for (const r of ['secretariat', 'system_admin', 'viewer', 'council'] as Role[]) {
      expect(visibleMissingPeople(actor(r), people, lead)).toEqual({ scope: 'all', people });
    }
    for (const r of ['dept_reporter', 'dept_approver'] as Role[]) {
      expect(visibleMissingPeople(actor(r, { departmentIds: ['somu'] }), people, lead)).toEqual({
        scope: 'own_departments',
        people: [
          { userId: 'u1', departmentIds: ['somu'], nodeIds: ['a'] },
          { userId: 'u3', departmentIds: ['somu'], nodeIds: ['a'] },
        ],
      });
      expect(visibleMissingPeople(actor(r, { departmentIds: [] }), people, lead).people).toEqual([]);
    }
  });

  it('notifications: one’s own; another user’s only for the secretariat; the demo administrator must name one', () => {
    const me = actor('dept_reporter');
    const other = '22222222-2222-4222-8222-222222222222';
    expect(notificationTarget(me, { municipalityId: 'M' }, undefined)).toEqual({ ok: true, userId: me.id });
    expect(notificationTarget(me, { municipalityId: 'M' }, me.id)).toEqual({ ok: true, userId: me.id });
    expect(notificationTarget(me, { municipalityId: 'M' }, other)).toMatchObject({ ok: false, status: 403 });
    expect(notificationTarget(actor('secretariat'), { municipalityId: 'M' }, other)).toEqual({ ok: true, userId: other });
    const demo: Actor = { id: 'demo-admin', name: 'デモ管理者', role: 'system_admin', municipalityId: null, departmentIds: [] };
    expect(notificationTarget(demo, { municipalityId: 'M' }, undefined)).toMatchObject({ ok: false, status: 422 });
    expect(notificationTarget(demo, { municipalityId: 'M' }, other)).toEqual({ ok: true, userId: other });
    expect(notificationTarget(me, { municipalityId: 'OTHER' }, undefined)).toMatchObject({ ok: false, status: 403 });
    expect(canMarkNotification(me, { municipalityId: 'M' }, me.id)).toBe(true);
    expect(canMarkNotification(me, { municipalityId: 'M' }, other)).toBe(false);
    expect(canMarkNotification(actor('secretariat'), { municipalityId: 'M' }, other)).toBe(true);
  });
});

// ───────────── chasing ─────────────

describe('deadlines in Japanese calendar days', () => {
  it('counts days left or overdue', () => {
    expect(daysUntil('2026-06-23', '2026-06-30')).toBe(7);
    expect(daysUntil('2028-02-28', '2028-03-01')).toBe(2); // leap year
    expect(daysUntil('2026-12-31', '2027-01-01')).toBe(1);
    expect(deadlineInfo('2026-06-30', '2026-06-30')).toEqual({ date: '2026-06-30', label: '令和8年6月30日', daysLeft: 0, overdue: false, text: '本日締切' });
    expect(deadlineInfo('2026-07-02', '2026-06-30')).toMatchObject({ daysLeft: -2, overdue: true, text: '2日超過' });
    expect(deadlineInfo('2026-06-27', '2026-06-30').text).toBe('あと3日');
  });
});

describe('who has not submitted', () => {
  const items = [
    { id: 'a', leadDepartmentId: 'somu' },
    { id: 'b', leadDepartmentId: 'zaisei' },
    { id: 'c', leadDepartmentId: 'somu' },
    { id: 'd', leadDepartmentId: null },
    { id: 'e', leadDepartmentId: 'kikaku' },
  ];
  const states: Record<string, ReportState> = { a: 'draft', b: 'approved', c: 'returned', e: 'accepted' };
  const missing = missingByDepartment(items, (id) => states[id] ?? null);

  it('groups items not submitted by lead department', () => {
    expect(missing).toEqual([
      { departmentId: 'somu', nodeIds: ['a', 'c'] },
      { departmentId: null, nodeIds: ['d'] },
    ]);
  });

  it('chases enabled reporters and approvers of those departments only', () => {
    const staff = [
      { id: 'u1', role: 'dept_reporter', disabled: false, departmentIds: ['somu'] },
      { id: 'u2', role: 'dept_approver', disabled: false, departmentIds: ['zaisei', 'somu'] },
      { id: 'u3', role: 'viewer', disabled: false, departmentIds: ['somu'] },
      { id: 'u4', role: 'dept_reporter', disabled: true, departmentIds: ['somu'] },
      { id: 'u5', role: 'dept_reporter', disabled: false, departmentIds: ['zaisei'] },
      { id: 'u6', role: 'secretariat', disabled: false, departmentIds: ['somu'] },
    ];
    const people = missingPeople(missing, staff);
    expect(people).toEqual([
      { userId: 'u1', departmentIds: ['somu'], nodeIds: ['a', 'c'] },
      { userId: 'u2', departmentIds: ['somu'], nodeIds: ['a', 'c'] },
    ]);
    expect(departmentsWithoutPeople([...missing, { departmentId: 'kaikei', nodeIds: ['x'] }], people)).toEqual(['kaikei']);
  });

  it('writes the reminder in Japanese with the deadline and the items', () => {
    const t = reminderTexts({
      personName: '青木 一郎',
      planTitle: '第6次行政改革大綱',
      roundLabel: '令和7年度実績',
      deadline: deadlineInfo('2026-06-27', '2026-06-30'),
      items: [{ number: '5', title: '書かない窓口の導入', department: '総務課' }],
      message: '幹事会で報告します。',
      senderName: '行政改革 事務局',
    });
    expect(t.title).toBe('【督促】令和7年度実績の進捗報告が未提出です（提出期限 令和8年6月30日・あと3日）');
    expect(t.subject).toBe('【督促】令和7年度実績 進捗報告の提出のお願い（期限 令和8年6月30日）');
    expect(t.body).toContain('青木 一郎 様');
    expect(t.body).toContain('・5 書かない窓口の導入（総務課）');
    expect(t.body).toContain('幹事会で報告します。');
  });
});

// ───────────── mail encoding ─────────────

/** Independent RFC 2047 decoder for the assertions. */
const decode = (words: string[]) => words.map((w) => /^=\?UTF-8\?B\?(.*)\?=$/.exec(w)).map((m) => Buffer.from(m![1]!, 'base64')).reduce((a, b) => Buffer.concat([a, b]), Buffer.alloc(0)).toString('utf8');

describe('mail message', () => {
  const subject = '【督促】令和7年度実績 進捗報告の提出のお願い（期限 令和8年6月30日）🙇 ＲＰＡ';

  it('encodes a Japanese subject as RFC 2047 words that never split a character', () => {
    const words = encodeWords(subject);
    expect(words.length).toBeGreaterThan(1);
    for (const w of words) {
      expect(w).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
      expect(w.length).toBeLessThanOrEqual(75);
      // each word decodes on its own (no character cut in half)
      expect(Buffer.from(w.slice(10, -2), 'base64').toString('utf8')).not.toContain('\uFFFD');
    }
    expect(decode(words)).toBe(subject);
    expect(splitUtf8('あいう', 6)).toEqual(['あい', 'う']);
    expect(splitUtf8('a🙇b', 4)).toEqual(['a', '🙇', 'b']);
  });

  it('leaves printable ASCII as it is, and removes line breaks (no header injection)', () => {
    expect(encodeWords('Reminder')).toEqual(['Reminder']);
    expect(headerLine('Subject', 'a\r\nBcc: x@y')).toBe('Subject: a Bcc: x@y');
    expect(headerLine('Subject', '=?UTF-8?B?x?=')).toMatch(/^Subject: =\?UTF-8\?B\?/);
    const folded = headerLine('Subject', subject);
    for (const line of folded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  it('builds a base64 UTF-8 body with CRLF lines of 76', () => {
    const body = base64Body('一行目\n二行目\r\n'.repeat(20));
    for (const l of body.split('\r\n')) expect(l.length).toBeLessThanOrEqual(76);
    expect(Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe('一行目\r\n二行目\r\n'.repeat(20));
  });

  it('builds the whole message', () => {
    const msg = buildMessage({
      from: parseMailbox('行革事務局 <gyokaku@city.example.jp>')!,
      to: 'aoki@city.example.jp',
      subject,
      body: '本文',
      date: new Date('2026-06-23T00:30:00Z'),
      messageId: 'abc',
    });
    expect(msg).toContain('\r\nTo: aoki@city.example.jp\r\n');
    expect(msg).toContain('Date: Tue, 23 Jun 2026 09:30:00 +0900');
    expect(msg).toContain('Message-ID: <abc@city.example.jp>');
    expect(msg).toContain('Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n');
    expect(msg).toMatch(/^From: =\?UTF-8\?B\?[^?]+\?= <gyokaku@city\.example\.jp>\r\n/);
    expect(msg.replace(/\r\n/g, '')).not.toMatch(/[^\x20-\x7e]/); // 7-bit only
    expect(() => buildMessage({ from: { name: '', address: 'a@b.jp' }, to: 'x@y.jp>\r\nBcc: z@w', subject: '', body: '', date: new Date(), messageId: 'm' })).toThrow(RangeError);
  });

  it('parses sender addresses and dot-stuffs', () => {
    expect(parseMailbox('gyokaku@city.example.jp')).toEqual({ name: '', address: 'gyokaku@city.example.jp' });
    expect(parseMailbox('"Gyokaku" <g@x.jp>')).toEqual({ name: 'Gyokaku', address: 'g@x.jp' });
    expect(parseMailbox('not an address')).toBeNull();
    expect(dotStuff('.a\r\nb\r\n.\r\n')).toBe('..a\r\nb\r\n..\r\n');
    expect(rfc5322Date(new Date('2027-03-31T15:00:00Z'))).toBe('Thu, 01 Apr 2027 00:00:00 +0900');
  });
});

describe('SMTP settings from the environment', () => {
  it('is off without SMTP_HOST, and checks what is given', () => {
    expect(smtpConfigFromEnv({})).toBeNull();
    expect(smtpConfigFromEnv({ SMTP_HOST: 'relay.lg.jp', SMTP_FROM: 'g@x.jp' })).toMatchObject({ host: 'relay.lg.jp', port: 25, tls: 'off' });
    expect(smtpConfigFromEnv({ SMTP_HOST: 'relay', SMTP_PORT: '465', SMTP_FROM: 'g@x.jp' })!.tls).toBe('implicit');
    expect(smtpConfigFromEnv({ SMTP_HOST: 'relay', SMTP_PORT: '587', SMTP_FROM: 'g@x.jp', SMTP_USER: 'u', SMTP_PASS: 'p' })).toMatchObject({ tls: 'starttls', user: 'u', pass: 'p' });
    expect(() => smtpConfigFromEnv({ SMTP_HOST: 'relay', SMTP_FROM: 'g@x.jp', SMTP_USER: 'u', SMTP_TLS: 'off' })).toThrow(SmtpConfigError);
    expect(() => smtpConfigFromEnv({ SMTP_HOST: 'relay', SMTP_PORT: 'x', SMTP_FROM: 'g@x.jp' })).toThrow(/SMTP_PORT/);
    expect(() => smtpConfigFromEnv({ SMTP_HOST: 'relay' })).toThrow(/SMTP_FROM/);
    expect(() => smtpConfigFromEnv({ SMTP_HOST: 'relay', SMTP_FROM: 'g@x.jp', SMTP_TLS: 'maybe' })).toThrow(/SMTP_TLS/);
  });
});
