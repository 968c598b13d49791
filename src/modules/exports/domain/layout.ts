/**
 * The published progress table's layout (公表用の実施状況表), per plan: which columns in
 * which order, their titles, the title format and the legend lines. Pure.
 *
 * A plan that has not saved a layout prints with `defaultLayout(plan)`, the layout of
 * 荒尾市's 実施計画の実施状況 (seed 001):
 *
 *   3.実施計画の実施状況（令和4年度末見込み）
 *   ● R4実施する事業 ● 過年度実施予定で一部実施または未実施の事業
 *   取組状況：「○」実施済み 「△」一部実施 「×」未実施または検討中 「－」令和5年度以降実施
 *   整理番号 | 施策 | 具体的な取組 | 事業概要 | スケジュール（年度）R1…R5 | 取組状況（R4年度末見込み） | 取組状況（年度末時点）R1…R4 | 担当課
 */
import type { FieldError } from '../../../shared/errors.js';
import { fiscalYearLabel, fiscalYearRange, fiscalYearShort, formatWarekiDate } from '../../fiscal/domain/index.js';
import type { LegendValue } from '../../pdca/domain/legend.js';

/** What a column prints. */
export const COLUMN_KINDS = [
  'number',
  'level',
  'title',
  'description',
  'schedule',
  'narrative',
  'issues',
  'nextPlan',
  'status',
  'achievement',
  'statusHistory',
  'departments',
] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

export const COLUMN_KIND_LABELS: Record<ColumnKind, string> = {
  number: '整理番号',
  level: '上位の階層（施策など）',
  title: '実施項目名',
  description: '事業概要',
  schedule: 'スケジュール（年度別）',
  narrative: '取組状況（記述）',
  issues: '課題',
  nextPlan: '今後の取組',
  status: '進捗状況（今回）',
  achievement: '達成度（今回）',
  statusHistory: '進捗状況（年度別）',
  departments: '担当課',
};

/** Kinds that print one sub-column per fiscal year under a group header. */
export const YEAR_GROUP_KINDS: readonly ColumnKind[] = ['schedule', 'statusHistory'];

export interface LayoutColumn {
  kind: ColumnKind;
  /** for kind 'level': the depth of the ancestor printed (0 = top level) */
  depth?: number | undefined;
  /** header text; empty = the default for the kind (placeholders allowed) */
  title?: string | undefined;
  /** width in characters; for year groups, the width of each year's sub-column */
  width?: number | undefined;
}

export interface ExportLayout {
  /** title above the table; placeholders {plan} {round} {roundShort} {fy} {fyShort} {asOf} */
  title: string;
  /** text after the first ● (items scheduled in the target fiscal year) */
  scheduledLegend: string;
  /** text after the second ● (scheduled in an earlier year, latest answer not done) */
  overdueLegend: string;
  /** the word before the status legend, e.g. 取組状況 */
  statusLegendLabel: string;
  /** the whole status legend line; empty = generated from the legend (each value with its definition) */
  statusLegend: string;
  columns: LayoutColumn[];
  /** fills of the ● rows, RGB hex without '#' */
  fills: { scheduled: string; overdue: string };
  /** add the 集計 sheet (counts by status per level and 増減 against the previous round) */
  summarySheet: boolean;
}

export const PLACEHOLDERS = ['plan', 'round', 'roundShort', 'fy', 'fyShort', 'asOf'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export const PLACEHOLDER_LABELS: Record<Placeholder, string> = {
  plan: '計画名',
  round: '照会名（例: 令和4年度末見込み）',
  roundShort: '照会名の略記（例: R4年度末見込み）',
  fy: '対象年度（例: 令和4年度）',
  fyShort: '対象年度の略記（例: R4）',
  asOf: '照会の基準日（例: 令和7年9月30日。対象年度の3月31日なら「年度末」）',
};

export const LAYOUT_LIMITS = { title: 200, legend: 300, columnTitle: 100, columns: 40, widthMin: 2, widthMax: 120 } as const;

export const DEFAULT_FILLS = { scheduled: 'FFF2CC', overdue: 'F8CBAD' } as const;

/** Default column widths (characters). */
export const DEFAULT_WIDTHS: Record<ColumnKind, number> = {
  number: 6,
  level: 16,
  title: 24,
  description: 40,
  schedule: 6,
  narrative: 50,
  issues: 30,
  nextPlan: 30,
  status: 7,
  achievement: 7,
  statusHistory: 5,
  departments: 14,
};

/** The plan facts a layout depends on. */
export interface LayoutPlan {
  levelNames: readonly string[];
}

/** The layout of seed 001: one column per level above the action items. */
export function defaultLayout(plan: LayoutPlan): ExportLayout {
  const levels = Math.max(0, plan.levelNames.length - 1);
  return {
    title: '{plan}の実施状況（{round}）',
    scheduledLegend: '{fyShort}実施する事業',
    overdueLegend: '過年度実施予定で一部実施または未実施の事業',
    statusLegendLabel: '取組状況',
    statusLegend: '',
    columns: [
      { kind: 'number' },
      ...Array.from({ length: levels }, (_, depth): LayoutColumn => ({ kind: 'level', depth })),
      { kind: 'title' },
      { kind: 'description' },
      { kind: 'schedule' },
      { kind: 'narrative' },
      { kind: 'statusHistory' },
      { kind: 'departments' },
    ],
    fills: { ...DEFAULT_FILLS },
    summarySheet: true,
  };
}

/** Default header text of a column (placeholders not yet filled in). */
export function defaultColumnTitle(col: LayoutColumn, plan: LayoutPlan): string {
  const names = plan.levelNames;
  switch (col.kind) {
    case 'number':
      return '整理番号';
    case 'level':
      return names[col.depth ?? 0] ?? '区分';
    case 'title':
      return names[names.length - 1] ?? '取組';
    case 'description':
      return '事業概要';
    case 'schedule':
      return 'スケジュール（年度）';
    case 'narrative':
      return '取組状況（{roundShort}）';
    case 'issues':
      return '課題';
    case 'nextPlan':
      return '今後の取組';
    case 'status':
      return '進捗状況（{roundShort}）';
    case 'achievement':
      return '達成度（{roundShort}）';
    case 'statusHistory':
      // the round's own date: 「取組状況（令和7年9月30日時点）」 for a 9月30日 round, 年度末 only when it is one
      return '取組状況（{asOf}時点）';
    case 'departments':
      return '担当課';
  }
}

/** 令和4年度末見込み → R4年度末見込み (平成 → H, 元 → 1). */
export function shortRoundLabel(label: string): string {
  const letters: Record<string, string> = { 令和: 'R', 平成: 'H', 昭和: 'S' };
  return label.replace(/(令和|平成|昭和)(元|[0-9０-９]+)/g, (_m, era: string, y: string) => {
    const n = y === '元' ? '1' : y.normalize('NFKC');
    return `${letters[era]}${n}`;
  });
}

export interface PlaceholderValues {
  plan: string;
  round: string;
  targetFiscalYear: number;
  /** the round's 基準日 ('YYYY-MM-DD') */
  asOfDate: string;
}

/** The round's 基準日 as printed: 「年度末」 when it is the last day of its target year, else 「令和7年9月30日」. */
export function asOfText(asOfDate: string, targetFiscalYear: number): string {
  return asOfDate === fiscalYearRange(targetFiscalYear).end ? '年度末' : formatWarekiDate(asOfDate);
}

export function placeholderValues(v: PlaceholderValues): Record<Placeholder, string> {
  return {
    plan: v.plan,
    round: v.round,
    roundShort: shortRoundLabel(v.round),
    fy: fiscalYearLabel(v.targetFiscalYear),
    fyShort: fiscalYearShort(v.targetFiscalYear),
    asOf: asOfText(v.asOfDate, v.targetFiscalYear),
  };
}

const PLACEHOLDER_RE = /\{([A-Za-z]+)\}/g;

export function fillPlaceholders(text: string, values: Record<Placeholder, string>): string {
  return text.replace(PLACEHOLDER_RE, (m, key: string) => ((PLACEHOLDERS as readonly string[]).includes(key) ? values[key as Placeholder] : m));
}

export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1]!).filter((k) => !(PLACEHOLDERS as readonly string[]).includes(k));
}

/** 「○」実施済み（計画どおり実施した）: the symbol, the label and — when it says more — the definition. */
export function legendValueText(v: LegendValue): string {
  const head = v.symbol === v.label ? v.label : `「${v.symbol}」${v.label}`;
  const def = v.definition.trim();
  return def && def !== v.label ? `${head}（${def}）` : head;
}

/** The status legend line printed above the table. */
export function statusLegendText(layout: Pick<ExportLayout, 'statusLegend' | 'statusLegendLabel'>, values: readonly LegendValue[]): string {
  if (layout.statusLegend.trim()) return layout.statusLegend.trim();
  const body = values.map(legendValueText).join(' ');
  return layout.statusLegendLabel.trim() ? `${layout.statusLegendLabel.trim()}：${body}` : body;
}

const HEX_RE = /^[0-9A-Fa-f]{6}$/;
const chars = (s: string) => [...s].length;

/**
 * Checks a layout against the plan; every problem under its path (e.g. "columns.3.depth").
 * The input is the already type-checked shape (zod at the edge).
 */
export function validateLayout(layout: ExportLayout, plan: LayoutPlan): FieldError[] {
  const errors: FieldError[] = [];
  const text = (path: string, label: string, value: string, max: number, required: boolean) => {
    if (required && !value.trim()) errors.push({ path, message: `${label}を入力してください。` });
    if (chars(value) > max) errors.push({ path, message: `${label}は${max}文字以内にしてください（現在${chars(value)}文字）。` });
    const unknown = unknownPlaceholders(value);
    if (unknown.length)
      errors.push({
        path,
        message: `${label}に使えない差込み項目があります: ${unknown.map((u) => `{${u}}`).join('、')}。使えるのは ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')} です。`,
      });
  };
  text('title', '表題', layout.title, LAYOUT_LIMITS.title, true);
  text('scheduledLegend', '●（当年度実施）の説明', layout.scheduledLegend, LAYOUT_LIMITS.legend, true);
  text('overdueLegend', '●（過年度未実施）の説明', layout.overdueLegend, LAYOUT_LIMITS.legend, true);
  text('statusLegendLabel', '凡例の見出し', layout.statusLegendLabel, LAYOUT_LIMITS.columnTitle, false);
  text('statusLegend', '凡例の行', layout.statusLegend, LAYOUT_LIMITS.legend, false);

  if (!layout.columns.length) errors.push({ path: 'columns', message: '列を1つ以上指定してください。' });
  if (layout.columns.length > LAYOUT_LIMITS.columns) errors.push({ path: 'columns', message: `列は${LAYOUT_LIMITS.columns}個以内にしてください。` });
  const maxLevel = plan.levelNames.length - 2;
  const seen = new Set<string>();
  layout.columns.forEach((c, i) => {
    const path = `columns.${i}`;
    const key = c.kind === 'level' ? `level:${c.depth}` : c.kind;
    if (c.kind === 'level') {
      if (c.depth === undefined || !Number.isInteger(c.depth)) errors.push({ path: `${path}.depth`, message: '階層の列には階層（depth: 0が最上位）を指定してください。' });
      else if (maxLevel < 0) errors.push({ path: `${path}.depth`, message: 'この計画は階層が1段のため、上位の階層の列は使えません。' });
      else if (c.depth < 0 || c.depth > maxLevel)
        errors.push({
          path: `${path}.depth`,
          message: `階層は0〜${maxLevel}で指定してください（${plan.levelNames.slice(0, maxLevel + 1).map((n, d) => `${d}: ${n}`).join('、')}）。`,
        });
    } else if (c.depth !== undefined) errors.push({ path: `${path}.depth`, message: '階層（depth）は階層の列にだけ指定できます。' });
    if (seen.has(key)) errors.push({ path, message: `列「${c.kind === 'level' ? (plan.levelNames[c.depth ?? 0] ?? '階層') : COLUMN_KIND_LABELS[c.kind]}」が重複しています。` });
    seen.add(key);
    if (c.title !== undefined) text(`${path}.title`, '列の見出し', c.title, LAYOUT_LIMITS.columnTitle, false);
    if (c.width !== undefined && (!Number.isInteger(c.width) || c.width < LAYOUT_LIMITS.widthMin || c.width > LAYOUT_LIMITS.widthMax))
      errors.push({ path: `${path}.width`, message: `列の幅は${LAYOUT_LIMITS.widthMin}〜${LAYOUT_LIMITS.widthMax}の整数（文字数）で指定してください。` });
  });
  if (!layout.columns.some((c) => c.kind === 'title')) errors.push({ path: 'columns', message: '実施項目名の列（title）は必ず含めてください。' });
  for (const k of ['scheduled', 'overdue'] as const)
    if (!HEX_RE.test(layout.fills[k])) errors.push({ path: `fills.${k}`, message: '塗りつぶしの色は6桁の16進数（例: FFF2CC）で指定してください。' });
  return errors;
}

/**
 * A stored layout read back: anything missing or of the wrong type falls back to the default,
 * so a layout saved by an older version still prints.
 */
export function layoutFromStored(stored: Record<string, unknown> | null, plan: LayoutPlan): ExportLayout {
  const d = defaultLayout(plan);
  if (!stored) return d;
  const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
  const cols = Array.isArray(stored.columns)
    ? (stored.columns as unknown[]).flatMap((c): LayoutColumn[] => {
        if (!c || typeof c !== 'object') return [];
        const o = c as Record<string, unknown>;
        if (typeof o.kind !== 'string' || !(COLUMN_KINDS as readonly string[]).includes(o.kind)) return [];
        return [
          {
            kind: o.kind as ColumnKind,
            ...(typeof o.depth === 'number' ? { depth: o.depth } : {}),
            ...(typeof o.title === 'string' && o.title ? { title: o.title } : {}),
            ...(typeof o.width === 'number' ? { width: o.width } : {}),
          },
        ];
      })
    : d.columns;
  const fills = (stored.fills && typeof stored.fills === 'object' ? stored.fills : {}) as Record<string, unknown>;
  return {
    title: str(stored.title, d.title),
    scheduledLegend: str(stored.scheduledLegend, d.scheduledLegend),
    overdueLegend: str(stored.overdueLegend, d.overdueLegend),
    statusLegendLabel: str(stored.statusLegendLabel, d.statusLegendLabel),
    statusLegend: str(stored.statusLegend, d.statusLegend),
    columns: cols.length ? cols : d.columns,
    fills: { scheduled: str(fills.scheduled, d.fills.scheduled), overdue: str(fills.overdue, d.fills.overdue) },
    summarySheet: typeof stored.summarySheet === 'boolean' ? stored.summarySheet : d.summarySheet,
  };
}

/** Normalises what the user sent (trims, drops empty titles) into the layout to store. */
export function normalizeLayout(layout: ExportLayout): ExportLayout {
  return {
    title: layout.title.trim(),
    scheduledLegend: layout.scheduledLegend.trim(),
    overdueLegend: layout.overdueLegend.trim(),
    statusLegendLabel: layout.statusLegendLabel.trim(),
    statusLegend: layout.statusLegend.trim(),
    columns: layout.columns.map((c) => ({
      kind: c.kind,
      ...(c.depth !== undefined ? { depth: c.depth } : {}),
      ...(c.title?.trim() ? { title: c.title.trim() } : {}),
      ...(c.width !== undefined ? { width: c.width } : {}),
    })),
    fills: { scheduled: layout.fills.scheduled.toUpperCase(), overdue: layout.fills.overdue.toUpperCase() },
    summarySheet: layout.summarySheet,
  };
}
