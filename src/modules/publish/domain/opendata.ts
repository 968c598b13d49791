/**
 * Open data: what is published, in which columns, and how each record is built. Pure.
 *
 * Conventions (自治体標準オープンデータセット style):
 * - every resource starts with 全国地方公共団体コード (lg_code) and 地方公共団体名 (lg_name);
 * - each row carries its stable identifier: the UUID of the database row it comes from;
 * - dates are ISO 8601 (YYYY-MM-DD) with a 和暦 column beside the ones people read;
 *   fiscal years are the Western year they start in (2022 = 令和4年度) with a 和暦 column;
 * - one file per resource, CSV (header row in Japanese) and JSON (keys = the English field ids);
 * - only closed rounds (締切済み) are published, and of their answers only those the secretariat
 *   has confirmed (事務局確認済み): an open round is work in progress.
 * The schema of every resource is documented in docs/opendata.md; the field ids never change
 * meaning (new fields are added at the end).
 */
import { fiscalYearLabel, formatWarekiDate } from '../../fiscal/domain/index.js';
import type { LegendValue } from '../../pdca/domain/legend.js';
import { EFFECT_KIND_LABELS, type EffectKind } from '../../pdca/domain/report.js';
import { guardFormula } from '../../../shared/formulaGuard.js';

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'uuid' | 'list';

export interface FieldDef {
  id: string;
  /** the CSV header */
  title: string;
  type: FieldType;
  description: string;
}

export const RESOURCE_IDS = ['plans', 'structure', 'schedules', 'rounds', 'progress', 'fiscal_tables', 'kpis', 'opinions'] as const;
export type ResourceId = (typeof RESOURCE_IDS)[number];
export const FORMATS = ['csv', 'json'] as const;
export type OpenDataFormat = (typeof FORMATS)[number];

/**
 * How a value of each type is written: the label is the 型 column of docs/opendata.md and of the
 * citizens' schema page (the same words, checked by a test), the note says how CSV and JSON spell it.
 */
export const FIELD_TYPE_LABELS: Readonly<Record<FieldType, { label: string; note: string }>> = {
  string: { label: '文字列', note: '文字列。CSV では =、+、@ で始まる文字列と、数値でない - で始まる文字列の先頭に \' を付けます（表計算ソフトが式として読まないように）。' },
  integer: { label: '整数', note: '整数（10進数）。' },
  number: { label: '数値', note: '数値（小数点は「.」）。' },
  boolean: { label: '1/0', note: 'CSV では 1（はい）/ 0（いいえ）、JSON では true / false。' },
  date: { label: '日付（YYYY-MM-DD）', note: 'ISO 8601 の日付（日本時間）。' },
  uuid: { label: 'UUID', note: '行の識別子（UUID）。同じ行にはいつも同じ値が付き、変わりません。' },
  list: { label: 'リスト', note: 'CSV では値を「;」で区切って1つのセルに、JSON では文字列の配列。' },
};

export interface ResourceDef {
  id: ResourceId;
  title: string;
  description: string;
  keywords: string[];
  fields: FieldDef[];
}

export type Value = string | number | boolean | null | string[];
export type OpenRecord = Record<string, Value>;

const f = (id: string, title: string, type: FieldType, description: string): FieldDef => ({ id, title, type, description });

const COMMON: FieldDef[] = [
  f('lg_code', '全国地方公共団体コード', 'string', '6桁（検査数字を含む）'),
  f('lg_name', '地方公共団体名', 'string', ''),
];

export const RESOURCES: Readonly<Record<ResourceId, ResourceDef>> = {
  plans: {
    id: 'plans',
    title: '行政改革の計画',
    description: '行政改革大綱・実施計画・DX推進計画などの計画の一覧（計画期間・段階・階層名）。',
    keywords: ['行政改革', '計画'],
    fields: [
      ...COMMON,
      f('plan_id', '計画ID', 'uuid', '計画の識別子（変わらない）'),
      f('plan_kind', '計画の種類', 'string', '行政改革大綱、実行計画、DX推進計画など'),
      f('title', '計画名', 'string', ''),
      f('first_fiscal_year', '計画期間（開始年度）', 'integer', '西暦の年度（2026 = 令和8年度）'),
      f('first_fiscal_year_wareki', '計画期間（開始年度・和暦）', 'string', '例: 令和8年度'),
      f('last_fiscal_year', '計画期間（終了年度）', 'integer', '西暦の年度'),
      f('last_fiscal_year_wareki', '計画期間（終了年度・和暦）', 'string', ''),
      f('stage', '段階', 'string', '素案・草案・決定・改訂'),
      f('parent_plan_id', '上位計画ID', 'uuid', '実行計画などの親となる計画。なければ空'),
      f('level_names', '階層名', 'list', '体系の階層の名前を上から順に（CSVでは「;」区切り）'),
      f('philosophy', '基本理念', 'string', ''),
      f('node_count', '項目数', 'integer', '体系のすべての項目の数（終了した項目を含む）'),
      f('action_count', '実施項目数', 'integer', '進捗を管理する項目の数（終了した項目を含む）'),
    ],
  },
  structure: {
    id: 'structure',
    title: '計画の体系',
    description: '計画の体系（基本方針・重点項目・施策・実施項目などのすべての項目）。体系図の順に並ぶ。中止・統合した項目も状態とともに載せる。',
    keywords: ['行政改革', '体系', '実施項目'],
    fields: [
      ...COMMON,
      f('node_id', '項目ID', 'uuid', '項目の識別子（変わらない）'),
      f('plan_id', '計画ID', 'uuid', ''),
      f('plan_title', '計画名', 'string', ''),
      f('parent_id', '上位項目ID', 'uuid', '最上位の項目では空'),
      f('position', '表示順', 'integer', '計画の中での体系図の順（1から）'),
      f('depth', '階層', 'integer', '0 = 最上位'),
      f('level_name', '階層名', 'string', '例: 重点項目、施策、実施項目'),
      f('number', '整理番号', 'string', '計画に印字された番号（自由な文字列）'),
      f('title', '名称', 'string', ''),
      f('path', '上位の項目', 'string', '上位の項目の番号と名称を「 > 」でつないだもの'),
      f('description', '事業概要', 'string', ''),
      f('priority', '重点', 'boolean', '1 = 重点の項目'),
      f('is_action', '実施項目', 'boolean', '1 = 進捗を管理する項目'),
      f('status', '状態コード', 'string', 'active（実施中）/ stopped（中止）/ merged（統合）'),
      f('status_label', '状態', 'string', '実施中・中止・統合'),
      f('merged_into_id', '統合先項目ID', 'uuid', '統合した項目の統合先'),
      f('effective_from', '適用開始日', 'date', '計画に加わった日'),
      f('effective_from_wareki', '適用開始日（和暦）', 'string', ''),
      f('effective_to', '適用終了日', 'date', 'この日から計画に含まれない（中止・統合）。なければ空'),
      f('effective_to_wareki', '適用終了日（和暦）', 'string', ''),
      f('lead_department', '主担当課', 'string', ''),
      f('departments', '担当課', 'list', '主担当課を含むすべての担当課（CSVでは「;」区切り）'),
      f('tags', '分類', 'list', '全庁横断的な取組などの分類（「区分:名称」、CSVでは「;」区切り）'),
      f('marks', '改訂の表示', 'list', '例: 【R2年度改訂】（CSVでは「;」区切り）'),
    ],
  },
  schedules: {
    id: 'schedules',
    title: '実施項目の年度別スケジュール',
    description: '実施項目ごと・年度ごとの工程（検討・実施・継続など）。工程のない年度は載せない。',
    keywords: ['行政改革', 'スケジュール', '工程'],
    fields: [
      ...COMMON,
      f('node_id', '項目ID', 'uuid', ''),
      f('plan_id', '計画ID', 'uuid', ''),
      f('number', '整理番号', 'string', ''),
      f('title', '名称', 'string', ''),
      f('fiscal_year', '年度', 'integer', '西暦の年度'),
      f('fiscal_year_wareki', '年度（和暦）', 'string', '例: 令和8年度'),
      f('phase_code', '工程コード', 'string', '計画ごとの工程の語彙のコード'),
      f('phase_label', '工程', 'string', '例: 検討、実施、継続'),
      f('phase_symbol', '工程（記号）', 'string', '印字される記号（例: →）。なければ空'),
    ],
  },
  rounds: {
    id: 'rounds',
    title: '進捗状況の調査（公表済み）',
    description: '事務局が公表した進捗照会（例: 令和4年度末見込み）。照会中・準備中のもの、締め切っても公表していないものは載せない。',
    keywords: ['行政改革', '進捗管理', 'PDCA'],
    fields: [
      ...COMMON,
      f('round_id', '照会ID', 'uuid', '照会の識別子（変わらない）'),
      f('plan_id', '計画ID', 'uuid', ''),
      f('plan_title', '計画名', 'string', ''),
      f('label', '照会名', 'string', '例: 令和4年度末見込み'),
      f('target_fiscal_year', '対象年度', 'integer', '西暦の年度'),
      f('target_fiscal_year_wareki', '対象年度（和暦）', 'string', ''),
      f('as_of_date', '時点', 'date', '状況をとらえた日'),
      f('as_of_date_wareki', '時点（和暦）', 'string', ''),
      f('closed_on', '締切日', 'date', '事務局が照会を締め切った日（日本時間）'),
      f('closed_on_wareki', '締切日（和暦）', 'string', ''),
      f('previous_round_id', '前回の照会ID', 'uuid', '増減の比較に使う照会'),
      f('status_legend', '取組状況の凡例', 'string', '記号=区分（定義）を「;」区切り'),
      f('item_count', '公表した回答数', 'integer', '進捗状況（progress）に載る回答の数'),
      f('published_on', '公表日', 'date', '事務局がこの内容を公表（訂正したときは訂正して再公表）した日（日本時間）'),
    ],
  },
  progress: {
    id: 'progress',
    title: '実施項目の進捗状況',
    description:
      '公表した照会ごとの、実施項目の取組状況（記号と区分）・取組内容・課題・次年度の予定・効果額。事務局が確認し、公表した時点の回答だけを載せる（公表後の修正は、訂正して再公表するまで反映しない）。',
    keywords: ['行政改革', '進捗状況', '実施項目', '効果額'],
    fields: [
      ...COMMON,
      f('report_id', '回答ID', 'uuid', '回答の識別子（変わらない）'),
      f('round_id', '照会ID', 'uuid', ''),
      f('round_label', '照会名', 'string', ''),
      f('target_fiscal_year', '対象年度', 'integer', '西暦の年度'),
      f('target_fiscal_year_wareki', '対象年度（和暦）', 'string', ''),
      f('as_of_date', '時点', 'date', ''),
      f('plan_id', '計画ID', 'uuid', ''),
      f('node_id', '項目ID', 'uuid', '計画の体系（structure）の項目ID'),
      f('number', '整理番号', 'string', ''),
      f('title', '名称', 'string', ''),
      f('path', '上位の項目', 'string', ''),
      f('lead_department', '主担当課', 'string', ''),
      f('scheduled', '当年度実施予定', 'boolean', '1 = 対象年度にスケジュールがある項目（表の●）'),
      f('phase_label', '当年度の工程', 'string', ''),
      f('status_code', '取組状況コード', 'string', '凡例のコード'),
      f('status_symbol', '取組状況（記号）', 'string', '例: ○ △ × －'),
      f('status_label', '取組状況', 'string', '例: 実施済み'),
      f('achievement_code', '達成度コード', 'string', '第2の凡例（達成度）がある計画のみ'),
      f('achievement_symbol', '達成度（記号）', 'string', ''),
      f('achievement_label', '達成度', 'string', ''),
      f('narrative', '取組内容', 'string', '取組状況の記述'),
      f('issues', '課題', 'string', ''),
      f('next_plan', '次年度の予定', 'string', ''),
      f('effect_revenue_yen', '効果額（歳入増・円）', 'integer', ''),
      f('effect_expense_yen', '効果額（歳出減・円）', 'integer', ''),
      f('effect_kind', '効果の区分', 'string', '単年度（一時的）/ 継続的（毎年度）'),
      f('hours_saved', '削減時間（時間/年）', 'number', '小数第1位まで'),
      f('published_on', '公表日', 'date', '事務局がこの内容を公表（訂正したときは訂正して再公表）した日（日本時間）'),
    ],
  },
  fiscal_tables: {
    id: 'fiscal_tables',
    title: '中期財政計画・職員定員管理計画の表',
    description:
      '計画に掲げた財政の見通し（一般会計の歳入歳出見込み・基金残高・地方債残高・経常収支比率などの財政指標）と職員数の表。1行 = 表の1行 × 年度 × 区分（計画・見込み／実績）。印字された値のとおりで、合計を計算し直したものではない。',
    keywords: ['行政改革', '中期財政計画', '歳入歳出', '基金', '地方債', '経常収支比率', '定員管理'],
    fields: [
      ...COMMON,
      f('table_id', '表ID', 'uuid', '表の識別子（変わらない）'),
      f('plan_id', '計画ID', 'uuid', ''),
      f('plan_title', '計画名', 'string', ''),
      f('table_kind', '表の種類コード', 'string', 'budget（歳入歳出見込み）/ funds（基金残高）/ debt（地方債残高）/ ratios（財政指標）/ headcount（職員数）/ other'),
      f('table_title', '表の名称', 'string', '例: 一般会計の歳入歳出見込み'),
      f('source', '出典', 'string', '計画書の図表番号など（例: 図表 10）'),
      f('row_id', '行ID', 'uuid', '表の行の識別子（変わらない）'),
      f('row_position', '行の順', 'integer', '表の中での印字順（1から）'),
      f('section', '区分', 'string', '歳入 / 歳出。なければ空'),
      f('row_label', '行の名称', 'string', '例: 地方税、歳入計 (A)'),
      f('row_kind', '行の種類', 'string', 'item（項目）/ breakdown（うち…。計に含めない）/ total（計）/ balance（歳入－歳出）'),
      f('fiscal_year', '年度', 'integer', '西暦の年度'),
      f('fiscal_year_wareki', '年度（和暦）', 'string', '例: 令和7年度'),
      f('figure_kind', '値の区分コード', 'string', 'plan（計画・見込み）/ actual（実績）'),
      f('figure_kind_label', '値の区分', 'string', '計画・見込み / 実績'),
      f('value_yen', '金額（円）', 'integer', '金額の表のみ。円単位の整数（5,471百万円 → 5471000000）'),
      f('value_decimal', '数値', 'string', '金額以外の表のみ。10進数の文字列（例: 99.6）。負の数は - で始まる'),
      f('unit', '印字の単位', 'string', '計画書の表の単位（百万円・%・人・時間など）'),
      f('printed_value', '印字の値', 'string', '計画書の単位での表記（例: 5,471、△20、99.6）'),
      f('published_on', '公表日', 'date', '事務局がこの内容を公表（訂正したときは訂正して再公表）した日（日本時間）'),
    ],
  },
  kpis: {
    id: 'kpis',
    title: '数値目標・成果指標（KPI）',
    description:
      '計画の数値目標と重要業績評価指標（KPI）：基準値・目標値と年度ごとの実績値。1行 = 指標 × 実績値のある年度。実績値がまだない指標は年度を空欄にした1行。値は指標の単位で表した10進数の文字列。',
    keywords: ['行政改革', '数値目標', 'KPI', '成果指標'],
    fields: [
      ...COMMON,
      f('kpi_id', '指標ID', 'uuid', '指標の識別子（変わらない）'),
      f('plan_id', '計画ID', 'uuid', ''),
      f('plan_title', '計画名', 'string', ''),
      f('node_id', '項目ID', 'uuid', '指標が測る計画の項目（structure の項目ID）。計画全体の指標では空'),
      f('category', '区分', 'string', '例: 数値目標、歳出削減、歳入確保、業務改革'),
      f('number', '番号', 'string', '計画に印字された番号'),
      f('name', '指標名', 'string', ''),
      f('unit', '単位', 'string', '例: %、億円、分、時間、点'),
      f('bound', '目標の向きコード', 'string', 'at_most（目標値以下で達成）/ at_least（目標値以上で達成）'),
      f('bound_label', '目標の向き', 'string', '以下・以上'),
      f('baseline_fiscal_year', '基準値の年度', 'integer', '西暦の年度'),
      f('baseline_fiscal_year_wareki', '基準値の年度（和暦）', 'string', '例: 令和6年度'),
      f('baseline_value', '基準値', 'string', '指標の単位での10進数の文字列（例: 99.6）。負の数は - で始まる'),
      f('baseline_note', '基準値の注記', 'string', '例: 令和6年度決算・実質単年度収支'),
      f('target_fiscal_year', '目標値の年度', 'integer', '西暦の年度'),
      f('target_fiscal_year_wareki', '目標値の年度（和暦）', 'string', ''),
      f('target_value', '目標値', 'string', '判定に使う数値（10進数の文字列）'),
      f('target_label', '目標値の表記', 'string', '計画が言葉で示す目標（例: 収支均衡）。なければ空'),
      f('fiscal_year', '実績の年度', 'integer', '西暦の年度。実績値がまだない指標では空'),
      f('fiscal_year_wareki', '実績の年度（和暦）', 'string', ''),
      f('actual_value', '実績値', 'string', '10進数の文字列。実績値がまだない指標では空'),
      f('actual_note', '実績値の注記', 'string', ''),
      f('achieved', '目標の達成', 'boolean', '1 = その年度の実績値が目標値を満たす（目標の向きによる）。0 = 満たさない（目標値の年度より前の年度でも 0。評価の「未達成」ではない）。実績値がなければ空'),
      f('department', '担当課', 'string', '数値を把握する課'),
      f('published_on', '公表日', 'date', '事務局がこの内容を公表（訂正したときは訂正して再公表）した日（日本時間）'),
    ],
  },
  opinions: {
    id: 'opinions',
    title: '審議会等の意見と市の対応',
    description:
      '行政改革を審議する会議（審議会など）でいただいた意見と、それに対する団体の対応。事務局が公表した会議の、対応を終えた意見だけを載せる。1行 = 意見。出席者・議事録は載せない。',
    keywords: ['行政改革', '審議会', '意見', '市民参加'],
    fields: [
      ...COMMON,
      f('opinion_id', '意見ID', 'uuid', '意見の識別子（変わらない）'),
      f('meeting_id', '会議ID', 'uuid', '会議の識別子（変わらない）'),
      f('meeting_body', '会議体', 'string', '例: 審議会、推進本部'),
      f('meeting_title', '会議名', 'string', '例: 令和5年度第1回行政改革推進審議会'),
      f('held_on', '開催日', 'date', ''),
      f('held_on_wareki', '開催日（和暦）', 'string', ''),
      f('published_on', '公表日', 'date', '事務局が会議の意見と対応を公表した日（日本時間）'),
      f('published_on_wareki', '公表日（和暦）', 'string', ''),
      f('plan_id', '計画ID', 'uuid', '意見が関係する項目の計画。計画全般への意見では空'),
      f('node_id', '項目ID', 'uuid', '意見が関係する計画の項目（structure の項目ID）。計画全般への意見では空'),
      f('node_number', '整理番号', 'string', ''),
      f('node_title', '項目名', 'string', ''),
      f('opinion', '意見', 'string', ''),
      f('response', '対応', 'string', '意見に対する団体の対応'),
      f('department', '担当課', 'string', '対応を担当した課'),
    ],
  },
};

export const DEFAULT_LICENSE = {
  id: 'CC-BY-4.0',
  title: 'クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）',
  url: 'https://creativecommons.org/licenses/by/4.0/deed.ja',
} as const;

export const MEDIA_TYPES: Readonly<Record<OpenDataFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

// ───────────── values ─────────────

export const wareki = (iso: string | null | undefined): string => (iso ? formatWarekiDate(iso) : '');
export const fyWareki = (fy: number): string => fiscalYearLabel(fy);

const STATUS_LABELS: Readonly<Record<string, string>> = { active: '実施中', stopped: '中止', merged: '統合' };
export const nodeStatusLabel = (s: string): string => STATUS_LABELS[s] ?? s;
export const effectKindLabel = (k: string | null): string => (k ? (EFFECT_KIND_LABELS[k as EffectKind] ?? k) : '');

/** 12.5 for 125 tenths; null stays null. */
export const hoursFromTenths = (t: number | null): number | null => (t === null ? null : t / 10);

export function legendText(values: readonly LegendValue[]): string {
  return values.map((v) => `${v.symbol}=${v.label}${v.definition && v.definition !== v.label ? `（${v.definition}）` : ''}`).join(';');
}

/** Puts lg_code and lg_name first and keeps exactly the resource's fields, in order. */
export function record(def: ResourceDef, municipality: { code: string; name: string }, values: Record<string, Value>): OpenRecord {
  const all: Record<string, Value> = { lg_code: municipality.code, lg_name: municipality.name, ...values };
  const out: OpenRecord = {};
  for (const field of def.fields) out[field.id] = all[field.id] ?? null;
  return out;
}

// ───────────── CSV cells ─────────────

/**
 * A value as CSV text: booleans 1/0, lists joined with ';', null empty. Text that a spreadsheet
 * would run as a formula gets a leading apostrophe (guardFormula, shared/formulaGuard.ts).
 */
export function csvCell(v: Value, type: FieldType): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Array.isArray(v)) return guardFormula(v.join(';'));
  if (typeof v === 'number') return String(v);
  // every text, whatever its field type (`type` no longer matters): a date or code is still text in the file
  return guardFormula(v);
}

// the one guard every CSV and workbook writer uses (shared/formulaGuard.ts)
export { guardFormula };

/** Header row and data rows as text cells, in the resource's field order. */
export function csvTable(def: ResourceDef, records: readonly OpenRecord[]): string[][] {
  return [def.fields.map((x) => x.title), ...records.map((r) => def.fields.map((x) => csvCell(r[x.id] ?? null, x.type)))];
}

/** The latest of some ISO instants/dates as a date in Japan (YYYY-MM-DD), or null. */
export function latestDate(values: readonly (string | null | undefined)[]): string | null {
  const v = values.filter((x): x is string => !!x).sort();
  return v.length ? v[v.length - 1]! : null;
}
