import { describe, expect, it } from 'vitest';
import { defaultLegend, presetByKey, presetKeyOf, removedCodes, resolveLegendInput, symbolsText } from '../../src/modules/pdca/domain/legend.js';
import { applyDraft, EMPTY_REPORT, parseYen, submitProblems, type ReportRulesContext } from '../../src/modules/pdca/domain/report.js';
import { deadlineProblem, fieldsProblems, itemsInScope, normalizeScope, orderFields, validateRound } from '../../src/modules/pdca/domain/round.js';

const maru = presetByKey('maru-sankaku')!.values;
const ach = presetByKey('achievement')!.values;
const ALL = ['status', 'achievement', 'narrative', 'issues', 'nextPlan', 'effect', 'hoursSaved', 'numbers'];
const ctx = (fields: string[] = ALL, achievement: typeof ach | null = ach): ReportRulesContext => ({ fields, status: maru, achievement });

describe('parseYen: integer yen, strings normalised explicitly', () => {
  it.each([
    [1200000, 1200000],
    [0, 0],
    ['1,200,000', 1200000],
    ['１，２００，０００', 1200000],
    ['1200000円', 1200000],
    [' 35,000 ', 35000],
    ['', null],
    [null, null],
  ] as const)('%j → %j', (input, expected) => {
    expect(parseYen(input)).toEqual({ ok: true, value: expected });
  });

  it.each([1200.5, -1, '1,200.5', '1.2e6', '1,2,3', '12,00', '-500', 'abc', Number.NaN, Infinity, true])('refuses %j with a Japanese message', (input) => {
    const r = parseYen(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/整数（円）|大きすぎ/);
  });

  it('refuses amounts beyond safe integers', () => {
    expect(parseYen('99,999,999,999,999,999')).toEqual({ ok: false, message: '効果額が大きすぎます。' });
  });
});

describe('applyDraft', () => {
  it('applies only the fields given and keeps the rest', () => {
    const cur = { ...EMPTY_REPORT, narrative: '前の文', issues: '課題あり' };
    const r = applyDraft(cur, { statusCode: 'partial', narrative: '新しい文', effectRevenueYen: '1,200,000', hoursSavedTenths: 125 }, ctx());
    expect(r.errors).toEqual([]);
    expect(r.content).toMatchObject({ statusCode: 'partial', narrative: '新しい文', issues: '課題あり', effectRevenueYen: 1200000, hoursSavedTenths: 125 });
  });

  it('names the allowed symbols for an unknown status code', () => {
    const r = applyDraft(EMPTY_REPORT, { statusCode: 'excellent' }, ctx());
    expect(r.errors).toEqual([{ path: 'statusCode', message: '進捗状況は「○」「△」「×」「－」のいずれかを選んでください。' }]);
  });

  it('gives the current length for text over 4000 characters (counting characters, not UTF-16 units)', () => {
    const r = applyDraft(EMPTY_REPORT, { narrative: 'あ'.repeat(4001), issues: '𠮷'.repeat(4000) }, ctx());
    expect(r.errors).toEqual([{ path: 'narrative', message: '取組内容・実績は4000文字以内にしてください（現在4001文字）。' }]);
  });

  it('refuses decimals in tenths of hours and yen', () => {
    const r = applyDraft(EMPTY_REPORT, { hoursSavedTenths: 12.5, effectExpenseYen: 10.5 }, ctx());
    expect(r.errors.map((e) => e.path).sort()).toEqual(['effectExpenseYen', 'hoursSavedTenths']);
    expect(r.errors.find((e) => e.path === 'hoursSavedTenths')!.message).toContain('125');
  });

  it('refuses values for fields the round does not ask, but accepts empties', () => {
    const r = applyDraft(EMPTY_REPORT, { statusCode: 'done', effectRevenueYen: 100, narrative: '' }, ctx(['status', 'narrative']));
    expect(r.errors).toEqual([{ path: 'effectRevenueYen', message: 'この照会では「効果額」は照会項目ではありません（入力できません）。' }]);
    expect(applyDraft(EMPTY_REPORT, { effectRevenueYen: null, issues: '' }, ctx(['status'])).errors).toEqual([]);
  });

  it('achievement needs the plan’s second legend', () => {
    expect(applyDraft(EMPTY_REPORT, { achievementCode: 'achieved' }, ctx(ALL, null)).errors[0]!.message).toContain('達成度の凡例が設定されていません');
    expect(applyDraft(EMPTY_REPORT, { achievementCode: 'x' }, ctx()).errors[0]!.message).toBe('達成度は「達成」「一部達成」「未達成」のいずれかを選んでください。');
  });

  it('checks effect kinds and numbers', () => {
    const r = applyDraft(EMPTY_REPORT, { effectKind: 'forever', numbers: { '': '1' } }, ctx());
    expect(r.errors.map((e) => e.path)).toEqual(['effectKind', 'numbers.']);
  });
});

describe('submitProblems', () => {
  it('requires status (naming the symbols), narrative and achievement when asked', () => {
    const errs = submitProblems(EMPTY_REPORT, ctx(['status', 'achievement', 'narrative']));
    expect(errs).toEqual([
      { path: 'statusCode', message: '進捗状況を「○」「△」「×」「－」から選んでください。' },
      { path: 'achievementCode', message: '達成度を「達成」「一部達成」「未達成」から選んでください。' },
      { path: 'narrative', message: '取組内容・実績を入力してください。' },
    ]);
    expect(submitProblems({ ...EMPTY_REPORT, statusCode: 'done' }, ctx(['status', 'issues']))).toEqual([]);
  });
});

describe('rounds', () => {
  const rules = { firstFiscalYear: 2026, lastFiscalYear: 2029, today: '2026-06-01', hasAchievementLegend: false, checkDeadline: true };
  const ok = { label: '令和8年度末見込み', asOfDate: '2027-03-31', targetFiscalYear: 2026, deadline: '2026-06-01', fields: ['status', 'narrative'] };

  it('accepts a deadline of today and refuses one in the past with 和暦 dates', () => {
    expect(validateRound(ok, rules)).toEqual([]);
    expect(deadlineProblem('2026-05-31', '2026-06-01')).toBe('回答期限（令和8年5月31日）は既に過ぎています。今日（令和8年6月1日）以降の日付にしてください。');
    expect(validateRound({ ...ok, deadline: '2026-05-31' }, { ...rules, checkDeadline: false })).toEqual([]);
  });

  it('keeps the target year within the plan period and requires a label', () => {
    const errs = validateRound({ ...ok, label: ' ', targetFiscalYear: 2030 }, rules);
    expect(errs).toEqual([
      { path: 'label', message: '照会名を入力してください（例: 令和8年度末見込み）。' },
      { path: 'targetFiscalYear', message: '対象年度は計画期間（令和8年度〜令和11年度）の中から選んでください。' },
    ]);
  });

  it('asked fields: status required, no duplicates, achievement needs its legend', () => {
    expect(fieldsProblems(['narrative'], false).map((e) => e.message)).toEqual(['「進捗状況」は必ず照会項目に含めてください。']);
    expect(fieldsProblems(['status', 'status'], false)[0]!.path).toBe('fields.1');
    expect(fieldsProblems(['status', 'achievement'], false)[0]!.message).toContain('達成度の凡例');
    expect(fieldsProblems(['status', 'achievement'], true)).toEqual([]);
    expect(orderFields(['numbers', 'status', 'narrative'])).toEqual(['status', 'narrative', 'numbers']);
  });

  const nodes = [
    { id: 'a', isAction: true, status: 'active', scheduledYears: [2026, 2027] },
    { id: 'b', isAction: true, status: 'active', scheduledYears: [2027] },
    { id: 'c', isAction: true, status: 'stopped', scheduledYears: [2026] },
    { id: 'm', isAction: false, status: 'active', scheduledYears: [] },
  ];
  it('items in scope: all active action items, those scheduled in the year, or a checked list', () => {
    expect(itemsInScope(nodes, { mode: 'all' }, 2026).ids).toEqual(['a', 'b']);
    expect(itemsInScope(nodes, { mode: 'scheduled' }, 2026).ids).toEqual(['a']);
    expect(itemsInScope(nodes, { mode: 'nodes', nodeIds: ['b', 'c', 'b'] }, 2026)).toEqual({ ids: ['b', 'c'], errors: [] });
    expect(itemsInScope(nodes, { mode: 'nodes', nodeIds: ['a', 'zz'] }, 2026).errors).toEqual([{ path: 'scope.nodeIds.1', message: 'この計画の項目ではありません。' }]);
    expect(itemsInScope(nodes, { mode: 'nodes', nodeIds: [] }, 2026).errors[0]!.path).toBe('scope.nodeIds');
  });

  it('a scope is stored with item ids only when it names items, each once, in the order given', () => {
    expect(normalizeScope({ mode: 'nodes', nodeIds: ['b', 'a', 'b'] })).toEqual({ mode: 'nodes', nodeIds: ['b', 'a'] });
    expect(normalizeScope({ mode: 'nodes' })).toEqual({ mode: 'nodes', nodeIds: [] });
    expect(normalizeScope({ mode: 'scheduled', nodeIds: ['a'] })).toEqual({ mode: 'scheduled' });
    expect(normalizeScope({ mode: 'all' })).toEqual({ mode: 'all' });
  });
});

describe('legends', () => {
  it('the default is ○△×－ and matches its preset', () => {
    const d = defaultLegend();
    expect(symbolsText(d.values)).toBe('「○」「△」「×」「－」');
    expect(presetKeyOf(d.values)).toBe('maru-sankaku');
    expect(presetKeyOf([{ ...d.values[0]!, label: '済' }])).toBeNull();
  });

  it('resolves a preset by key or custom values, with problems under the axis', () => {
    expect(resolveLegendInput('achievement', { preset: 'achievement' })).toMatchObject({ name: '達成度（達成・一部達成・未達成）', problems: [] });
    expect(resolveLegendInput('status', { preset: 'nope' }).problems).toEqual([{ path: 'status.preset', message: '凡例の候補「nope」はありません。一覧から選んでください。' }]);
    expect(resolveLegendInput('status', {}).problems[0]!.message).toContain('候補から選ぶか');
    const custom = resolveLegendInput('status', {
      values: [
        { code: 'go', symbol: '◎', label: '順調', definition: '順調に進んでいる', done: false },
        { code: 'go', symbol: '◎', label: '', definition: '', done: false },
      ],
    });
    expect(custom.name).toBe('進捗状況');
    expect(custom.problems.map((p) => p.path)).toEqual(['status.values.1.code', 'status.values.1.symbol', 'status.values.1.label', 'status.values.1.definition']);
  });

  it('finds removed codes', () => {
    expect(removedCodes(maru, maru.slice(0, 2)).map((v) => v.code)).toEqual(['not_done', 'later']);
  });
});
