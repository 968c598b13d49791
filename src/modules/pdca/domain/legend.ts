/**
 * Status legends (凡例): per plan, configurable, with presets seen in real
 * municipalities. Every value carries a definition printed with each table.
 */
export interface LegendValue {
  code: string;
  /** printed mark: ○ △ × － / S A B C … */
  symbol: string;
  label: string;
  /** printed under every table */
  definition: string;
  /** counts as done (実施済み / 完了) for overdue detection */
  done: boolean;
}

export interface LegendPreset {
  key: string;
  name: string;
  values: LegendValue[];
}

export const LEGEND_PRESETS: readonly LegendPreset[] = [
  {
    key: 'maru-sankaku',
    name: '取組状況（○△×－）',
    values: [
      { code: 'done', symbol: '○', label: '実施済み', definition: '計画どおり実施した', done: true },
      { code: 'partial', symbol: '△', label: '一部実施', definition: '一部を実施した', done: false },
      { code: 'not_done', symbol: '×', label: '未実施', definition: '未実施または検討中', done: false },
      { code: 'later', symbol: '－', label: '次年度以降', definition: '次年度以降に実施する', done: false },
    ],
  },
  {
    key: 'progress3',
    name: '進捗（未着手・取組中・完了）',
    values: [
      { code: 'not_started', symbol: '未着手', label: '未着手', definition: '取組に着手していない', done: false },
      { code: 'in_progress', symbol: '取組中', label: '取組中', definition: '取組を進めている', done: false },
      { code: 'completed', symbol: '完了', label: '完了', definition: '取組を完了した', done: true },
    ],
  },
  {
    key: 'sabc',
    name: '評価（S・A・B・C）',
    values: [
      { code: 'S', symbol: 'S', label: '計画以上', definition: '計画を上回って進んでいる', done: true },
      { code: 'A', symbol: 'A', label: '計画どおり', definition: '計画どおり進んでいる', done: true },
      { code: 'B', symbol: 'B', label: 'やや遅れ', definition: '計画よりやや遅れている', done: false },
      { code: 'C', symbol: 'C', label: '遅れ', definition: '計画より大幅に遅れている', done: false },
    ],
  },
  {
    key: 'pace',
    name: '進み具合（進んでいる・計画どおり・遅れている）',
    values: [
      { code: 'ahead', symbol: '進んでいる', label: '進んでいる', definition: '計画より進んでいる', done: true },
      { code: 'on_track', symbol: '計画どおり', label: '計画どおり', definition: '計画どおり進んでいる', done: true },
      { code: 'behind', symbol: '遅れている', label: '遅れている', definition: '計画より遅れている', done: false },
    ],
  },
  {
    key: 'achievement',
    name: '達成度（達成・一部達成・未達成）',
    values: [
      { code: 'achieved', symbol: '達成', label: '達成', definition: '目標を達成した', done: true },
      { code: 'partly', symbol: '一部達成', label: '一部達成', definition: '目標の一部を達成した', done: false },
      { code: 'not_achieved', symbol: '未達成', label: '未達成', definition: '目標を達成していない', done: false },
    ],
  },
];

export function presetByKey(key: string): LegendPreset | undefined {
  return LEGEND_PRESETS.find((p) => p.key === key);
}

export interface LegendProblem {
  path: string;
  message: string;
}

export function validateLegend(values: readonly LegendValue[]): LegendProblem[] {
  const out: LegendProblem[] = [];
  if (!values.length) out.push({ path: 'values', message: '凡例の区分を1つ以上入力してください。' });
  const codes = new Set<string>();
  const symbols = new Set<string>();
  values.forEach((v, i) => {
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(v.code)) out.push({ path: `values.${i}.code`, message: '区分コードは半角英数字で入力してください。' });
    if (codes.has(v.code)) out.push({ path: `values.${i}.code`, message: `区分コード「${v.code}」が重複しています。` });
    codes.add(v.code);
    if (!v.symbol.trim()) out.push({ path: `values.${i}.symbol`, message: '表示する記号・語を入力してください。' });
    if (symbols.has(v.symbol)) out.push({ path: `values.${i}.symbol`, message: `記号「${v.symbol}」が重複しています。` });
    symbols.add(v.symbol);
    if (!v.label.trim()) out.push({ path: `values.${i}.label`, message: '区分名を入力してください。' });
    if (!v.definition.trim()) out.push({ path: `values.${i}.definition`, message: '定義を入力してください（表と一緒に印刷されます）。' });
  });
  return out;
}

/** Marks and words seen in real tables, folded to compare (―, -, ー are all 「－」). */
export function normalizeMark(s: string): string {
  return s
    .normalize('NFKC')
    .trim()
    .replace(/[‐‑‒–—―ー−-]/g, '－')
    .replace(/[〇◯]/g, '○');
}

/** Finds the legend value a printed mark or word stands for (symbol, label or code). */
export function valueForMark(values: readonly LegendValue[], mark: string): LegendValue | undefined {
  const m = normalizeMark(mark);
  if (!m) return undefined;
  return values.find((v) => normalizeMark(v.symbol) === m) ?? values.find((v) => normalizeMark(v.label) === m) ?? values.find((v) => v.code === mark.trim());
}

/** The legend line printed above a table, e.g. 「○」実施済み 「△」一部実施 … */
export function legendLine(values: readonly LegendValue[]): string {
  return values.map((v) => (v.symbol === v.label ? v.label : `「${v.symbol}」${v.label}`)).join(' ');
}

// ───────────── axes, the default legend and changes to a stored legend ─────────────

/** A plan has a primary axis (進捗状況・着手状況) and may have a second one (達成度). */
export const LEGEND_AXES = ['status', 'achievement'] as const;
export type LegendAxis = (typeof LEGEND_AXES)[number];

export const LEGEND_AXIS_LABELS: Record<LegendAxis, string> = { status: '進捗状況', achievement: '達成度' };

/** What GET answers for a plan that has not saved a legend yet (○△×－); stored only when saved. */
export const DEFAULT_LEGEND_PRESET_KEY = 'maru-sankaku';

export function defaultLegend(): { name: string; values: LegendValue[] } {
  const p = presetByKey(DEFAULT_LEGEND_PRESET_KEY)!;
  return { name: p.name, values: p.values.map((v) => ({ ...v })) };
}

/** The preset a list of values is exactly equal to, if any (so the UI can show which one is in use). */
export function presetKeyOf(values: readonly LegendValue[]): string | null {
  const same = (a: LegendValue, b: LegendValue) =>
    a.code === b.code && a.symbol === b.symbol && a.label === b.label && a.definition === b.definition && a.done === b.done;
  const p = LEGEND_PRESETS.find((x) => x.values.length === values.length && x.values.every((v, i) => same(v, values[i]!)));
  return p?.key ?? null;
}

/** 「○」「△」「×」「－」: the allowed marks, for messages. */
export function symbolsText(values: readonly LegendValue[]): string {
  return values.map((v) => `「${v.symbol}」`).join('');
}

/** Codes present before and missing after (stored answers may still use them). */
export function removedCodes(before: readonly LegendValue[], after: readonly LegendValue[]): LegendValue[] {
  const kept = new Set(after.map((v) => v.code));
  return before.filter((v) => !kept.has(v.code));
}

export interface LegendInput {
  /** a key of LEGEND_PRESETS */
  preset?: string | undefined;
  name?: string | undefined;
  values?: LegendValue[] | undefined;
}

/**
 * Resolves what the user asked for (a preset by key, or custom values) into the
 * legend to store, with every problem under `path` (e.g. "status.values.0.code").
 */
export function resolveLegendInput(
  axis: LegendAxis,
  input: LegendInput,
  path: string = axis,
): { name: string; values: LegendValue[]; problems: LegendProblem[] } {
  const problems: LegendProblem[] = [];
  let values: LegendValue[] = [];
  let name = input.name?.trim() ?? '';
  if (input.values) {
    values = input.values.map((v) => ({ code: v.code.trim(), symbol: v.symbol.trim(), label: v.label.trim(), definition: v.definition.trim(), done: v.done }));
  } else if (input.preset !== undefined) {
    const p = presetByKey(input.preset);
    if (!p) problems.push({ path: `${path}.preset`, message: `凡例の候補「${input.preset}」はありません。一覧から選んでください。` });
    else {
      values = p.values.map((v) => ({ ...v }));
      if (!name) name = p.name;
    }
  } else {
    problems.push({ path, message: `${LEGEND_AXIS_LABELS[axis]}の凡例を、候補から選ぶか区分を入力して指定してください。` });
  }
  if (!problems.length) {
    for (const p of validateLegend(values)) problems.push({ path: `${path}.${p.path}`, message: p.message });
  }
  if (!name) name = LEGEND_AXIS_LABELS[axis];
  if (name.length > 100) problems.push({ path: `${path}.name`, message: `凡例の名前は100文字以内にしてください（現在${name.length}文字）。` });
  return { name, values, problems };
}
