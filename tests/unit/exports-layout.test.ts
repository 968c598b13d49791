import { describe, expect, it } from 'vitest';
import {
  defaultColumnTitle,
  defaultLayout,
  fillPlaceholders,
  layoutFromStored,
  legendValueText,
  normalizeLayout,
  placeholderValues,
  shortRoundLabel,
  statusLegendText,
  validateLayout,
  type ExportLayout,
} from '../../src/modules/exports/domain/layout.js';
import { canDownloadAllWorkbooks, canDownloadWorkbook, canExportProgress, canUploadWorkbook, canWriteLayout } from '../../src/modules/exports/domain/policy.js';
import { markColor, textWidth, wrappedLines, columnLetter, safeFileName, attachment } from '../../src/modules/exports/xlsx/styles.js';
import { presetByKey } from '../../src/modules/pdca/domain/legend.js';
import type { Actor, Role } from '../../src/modules/access/domain/policy.js';

const seedPlan = { levelNames: ['施策', '具体的な取組'] };
const threeLevels = { levelNames: ['重点項目', '施策', '実施項目'] };

describe('export layout', () => {
  it('defaults to seed 001: one column per level above the items', () => {
    expect(defaultLayout(seedPlan).columns.map((c) => c.kind + (c.depth ?? ''))).toEqual([
      'number', 'level0', 'title', 'description', 'schedule', 'narrative', 'statusHistory', 'departments',
    ]);
    expect(defaultLayout(threeLevels).columns.filter((c) => c.kind === 'level').map((c) => c.depth)).toEqual([0, 1]);
    expect(defaultLayout({ levelNames: ['取組'] }).columns.some((c) => c.kind === 'level')).toBe(false);
    const l = defaultLayout(seedPlan);
    const titles = l.columns.map((c) => fillPlaceholders(defaultColumnTitle(c, seedPlan), placeholderValues({ plan: 'P', round: '令和4年度末見込み', targetFiscalYear: 2022, asOfDate: '2023-03-31' })));
    expect(titles).toEqual(['整理番号', '施策', '具体的な取組', '事業概要', 'スケジュール（年度）', '取組状況（R4年度末見込み）', '取組状況（年度末時点）', '担当課']);
  });

  it('fills placeholders: round, short round, fiscal year', () => {
    const v = placeholderValues({ plan: '第五次実施計画', round: '令和元年度実績', targetFiscalYear: 2019, asOfDate: '2020-03-31' });
    expect(fillPlaceholders('{plan}／{round}／{roundShort}／{fy}／{fyShort}／{unknown}', v)).toBe('第五次実施計画／令和元年度実績／R1年度実績／令和元年度／R1／{unknown}');
    expect(shortRoundLabel('平成３０年度実績')).toBe('H30年度実績');
    expect(shortRoundLabel('第2四半期')).toBe('第2四半期');
  });

  it('prints the round’s own 基準日 over the status by year: 年度末 only for a round as of the year’s last day', () => {
    const statusHistory = (asOfDate: string, targetFiscalYear: number) =>
      fillPlaceholders(defaultColumnTitle({ kind: 'statusHistory' }, seedPlan), placeholderValues({ plan: 'P', round: 'R', targetFiscalYear, asOfDate }));
    expect(statusHistory('2025-09-30', 2025)).toBe('取組状況（令和7年9月30日時点）');
    expect(statusHistory('2026-03-31', 2025)).toBe('取組状況（年度末時点）');
    // a 3月31日 that is not the end of the round's target year is a date like any other
    expect(statusHistory('2025-03-31', 2025)).toBe('取組状況（令和7年3月31日時点）');
    expect(fillPlaceholders('{asOf}時点', placeholderValues({ plan: 'P', round: 'R', targetFiscalYear: 2019, asOfDate: '2019-05-01' }))).toBe('令和元年5月1日時点');
  });

  it('prints each legend value with its definition, or the text the plan saved', () => {
    const values = presetByKey('maru-sankaku')!.values;
    expect(statusLegendText({ statusLegend: '', statusLegendLabel: '取組状況' }, values)).toBe(
      '取組状況：「○」実施済み（計画どおり実施した） 「△」一部実施（一部を実施した） 「×」未実施（未実施または検討中） 「－」次年度以降（次年度以降に実施する）',
    );
    expect(statusLegendText({ statusLegend: ' 取組状況：「○」実施済み ', statusLegendLabel: 'x' }, values)).toBe('取組状況：「○」実施済み');
    expect(legendValueText({ code: 'c', symbol: '完了', label: '完了', definition: '完了', done: true })).toBe('完了');
    expect(legendValueText({ code: 'c', symbol: '完了', label: '完了', definition: '取組を完了した', done: true })).toBe('完了（取組を完了した）');
  });

  it('validates against the plan, every problem with its path', () => {
    const ok = defaultLayout(threeLevels);
    expect(validateLayout(ok, threeLevels)).toEqual([]);
    const bad: ExportLayout = {
      ...ok,
      title: '',
      overdueLegend: '{x}',
      columns: [{ kind: 'level', depth: 2 }, { kind: 'level' }, { kind: 'number', depth: 1 }, { kind: 'number' }, { kind: 'description', width: 500 }],
      fills: { scheduled: '#FFF2CC', overdue: 'F8CBAD' },
    };
    expect(validateLayout(bad, threeLevels).map((e) => e.path)).toEqual([
      'title',
      'overdueLegend',
      'columns.0.depth',
      'columns.1.depth',
      'columns.2.depth',
      'columns.3',
      'columns.4.width',
      'columns',
      'fills.scheduled',
    ]);
    expect(validateLayout({ ...ok, columns: [{ kind: 'title' }, { kind: 'level', depth: 0 }] }, { levelNames: ['取組'] })[0]!.message).toContain('階層が1段');
  });

  it('reads stored layouts leniently and normalises what is saved', () => {
    expect(layoutFromStored(null, seedPlan)).toEqual(defaultLayout(seedPlan));
    const l = layoutFromStored({ title: 'T', columns: [{ kind: 'title', title: '' }, { kind: 'bogus' }, 3], fills: { scheduled: 'AAAAAA' } }, seedPlan);
    expect(l).toMatchObject({ title: 'T', columns: [{ kind: 'title' }], fills: { scheduled: 'AAAAAA', overdue: 'F8CBAD' }, summarySheet: true });
    expect(normalizeLayout({ ...l, title: ' T ', columns: [{ kind: 'title', title: '  ' }], fills: { scheduled: 'aabbcc', overdue: 'ddeeff' } })).toMatchObject({
      title: 'T',
      columns: [{ kind: 'title' }],
      fills: { scheduled: 'AABBCC', overdue: 'DDEEFF' },
    });
  });
});

describe('export policy', () => {
  const m = 'm1';
  const a = (role: Role, departmentIds: string[] = [], municipalityId: string | null = m): Actor => ({ id: role, name: role, role, municipalityId, departmentIds });
  it('lets council members export only the publication basis, and nobody from elsewhere', () => {
    expect(canExportProgress(a('council'), { municipalityId: m }, 'accepted')).toBe(true);
    expect(canExportProgress(a('council'), { municipalityId: m }, 'all')).toBe(false);
    // viewers, like council members, read confirmed answers only (pdca/policies/answers.ts)
    expect(canExportProgress(a('viewer'), { municipalityId: m }, 'all')).toBe(false);
    expect(canExportProgress(a('dept_reporter', ['d1']), { municipalityId: m }, 'all')).toBe(true);
    expect(canExportProgress(a('secretariat', [], 'm2'), { municipalityId: m }, 'accepted')).toBe(false);
    expect(canExportProgress(a('system_admin', [], null), { municipalityId: m }, 'all')).toBe(true);
  });
  it('workbooks: own departments for department staff, any for the office; uploads never for readers', () => {
    expect(canDownloadWorkbook(a('dept_reporter', ['d1']), { municipalityId: m, departmentId: 'd1' })).toBe(true);
    expect(canDownloadWorkbook(a('dept_approver', ['d1']), { municipalityId: m, departmentId: 'd2' })).toBe(false);
    expect(canDownloadWorkbook(a('secretariat'), { municipalityId: m, departmentId: 'd2' })).toBe(true);
    expect(canDownloadWorkbook(a('viewer'), { municipalityId: m, departmentId: 'd2' })).toBe(false);
    expect(canDownloadAllWorkbooks(a('dept_reporter', ['d1']), { municipalityId: m })).toBe(false);
    expect(canUploadWorkbook(a('council'), { municipalityId: m })).toBe(false);
    expect(canUploadWorkbook(a('dept_reporter', ['d1']), { municipalityId: m })).toBe(true);
    expect(canWriteLayout(a('dept_approver', ['d1']), { municipalityId: m })).toBe(false);
  });
});

describe('xlsx helpers', () => {
  it('derives a dark mark colour of the fill’s hue', () => {
    expect(markColor('FFF2CC')).toBe('CC9800');
    expect(markColor('FFFFFF')).toBe('666666');
  });
  it('measures Japanese text as double width for row heights', () => {
    expect(textWidth('ab漢字ｱ')).toBe(7);
    expect(wrappedLines('あ'.repeat(20), 11)).toBe(4);
    expect(wrappedLines('a\nb', 10)).toBe(2);
    expect(columnLetter(1)).toBe('A');
    expect(columnLetter(28)).toBe('AB');
  });
  it('names files safely', () => {
    expect(safeFileName('令和7年度/実績:総務課?.xlsx')).toBe('令和7年度_実績_総務課_.xlsx');
    expect(attachment('総務課.xlsx', 'a.xlsx')).toBe(`attachment; filename="a.xlsx"; filename*=UTF-8''%E7%B7%8F%E5%8B%99%E8%AA%B2.xlsx`);
  });
});
