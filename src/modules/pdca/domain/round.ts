/**
 * Rules for a progress round (照会): its fields, its deadline and which items it
 * asks about. Pure; "today" is passed in (Asia/Tokyo date from the caller).
 */
import type { FieldError } from '../../../shared/errors.js';
import { fiscalYearLabel, formatWarekiDate, parseIsoDate } from '../../fiscal/domain/index.js';
import { REPORT_FIELDS, REPORT_FIELD_LABELS, type ReportField } from './report.js';
import type { RoundState } from './workflow.js';

export const ROUND_LABEL_MAX = 100;

export interface RoundFieldsInput {
  label: string;
  asOfDate: string;
  targetFiscalYear: number;
  deadline: string;
  fields: readonly string[];
}

export interface RoundRulesContext {
  firstFiscalYear: number;
  lastFiscalYear: number;
  /** 'YYYY-MM-DD' in Japan */
  today: string;
  hasAchievementLegend: boolean;
  /** refuse a deadline before today (on create and when opening) */
  checkDeadline: boolean;
}

/** 令和8年5月31日, or the ISO date when it cannot be written in 和暦. */
export function dateLabel(iso: string): string {
  try {
    return formatWarekiDate(iso);
  } catch {
    return iso;
  }
}

/**
 * A required date of the round form: empty says so (not a format message: an empty field has no format),
 * else the value must be a day written YYYY-MM-DD.
 */
export function requiredDateProblem(label: string, value: string): string | null {
  if (!value.trim()) return `${label}を入力してください。`;
  if (!parseIsoDate(value)) return `${label}はYYYY-MM-DDの形式で入力してください。`;
  return null;
}

/** A deadline before today is refused; today itself is fine. */
export function deadlineProblem(deadline: string, today: string): string | null {
  const bad = requiredDateProblem('回答期限', deadline);
  if (bad) return bad;
  if (deadline < today) return `回答期限（${dateLabel(deadline)}）は既に過ぎています。今日（${dateLabel(today)}）以降の日付にしてください。`;
  return null;
}

export function validateRound(input: RoundFieldsInput, ctx: RoundRulesContext): FieldError[] {
  const errors: FieldError[] = [];
  const label = input.label.trim();
  if (!label) errors.push({ path: 'label', message: '照会名を入力してください（例: 令和8年度末見込み）。' });
  else if (label.length > ROUND_LABEL_MAX) errors.push({ path: 'label', message: `照会名は${ROUND_LABEL_MAX}文字以内にしてください（現在${label.length}文字）。` });
  const asOf = requiredDateProblem('基準日', input.asOfDate);
  if (asOf) errors.push({ path: 'asOfDate', message: asOf });
  if (!Number.isInteger(input.targetFiscalYear) || input.targetFiscalYear < ctx.firstFiscalYear || input.targetFiscalYear > ctx.lastFiscalYear) {
    errors.push({
      path: 'targetFiscalYear',
      message: `対象年度は計画期間（${fiscalYearLabel(ctx.firstFiscalYear)}〜${fiscalYearLabel(ctx.lastFiscalYear)}）の中から選んでください。`,
    });
  }
  const deadline = requiredDateProblem('回答期限', input.deadline);
  if (deadline) errors.push({ path: 'deadline', message: deadline });
  else if (ctx.checkDeadline) {
    const p = deadlineProblem(input.deadline, ctx.today);
    if (p) errors.push({ path: 'deadline', message: p });
  }
  errors.push(...fieldsProblems(input.fields, ctx.hasAchievementLegend));
  return errors;
}

export function fieldsProblems(fields: readonly string[], hasAchievementLegend: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  fields.forEach((f, i) => {
    if (!(REPORT_FIELDS as readonly string[]).includes(f)) errors.push({ path: `fields.${i}`, message: `照会項目「${f}」はありません。` });
    else if (seen.has(f)) errors.push({ path: `fields.${i}`, message: `照会項目「${REPORT_FIELD_LABELS[f as ReportField]}」が重複しています。` });
    seen.add(f);
  });
  if (!seen.has('status')) errors.push({ path: 'fields', message: '「進捗状況」は必ず照会項目に含めてください。' });
  if (seen.has('achievement') && !hasAchievementLegend)
    errors.push({ path: 'fields', message: '達成度の凡例が設定されていません。先に計画の凡例で「達成度」を設定してください。' });
  return errors;
}

/** Asked fields in the canonical order. */
export function orderFields(fields: readonly string[]): ReportField[] {
  return REPORT_FIELDS.filter((f) => fields.includes(f));
}

/** Which round fields may change in each state. */
export const ROUND_EDITABLE: Record<RoundState, readonly string[]> = {
  draft: ['label', 'asOfDate', 'targetFiscalYear', 'deadline', 'fields', 'previousRoundId', 'scope'],
  // reports exist: the year, the questions and the comparison base stay as the departments saw them
  open: ['label', 'asOfDate', 'deadline'],
  closed: [],
};

export const ROUND_FIELD_LABELS: Record<string, string> = {
  label: '照会名',
  asOfDate: '基準日',
  targetFiscalYear: '対象年度',
  deadline: '回答期限',
  fields: '照会項目',
  previousRoundId: '前回の照会',
  scope: '対象の項目',
};

// ───────────── items in scope ─────────────

export const ROUND_SCOPE_MODES = ['all', 'scheduled', 'nodes'] as const;
export type RoundScopeMode = (typeof ROUND_SCOPE_MODES)[number];

export const ROUND_SCOPE_LABELS: Record<RoundScopeMode, string> = {
  all: '計画のすべての実施項目（中止・統合を除く）',
  scheduled: '対象年度にスケジュールがある実施項目',
  nodes: '指定した項目',
};

export interface RoundScope {
  mode: RoundScopeMode;
  nodeIds?: readonly string[] | undefined;
}

export interface ScopeNode {
  id: string;
  isAction: boolean;
  status: string;
  /** fiscal years with a schedule entry */
  scheduledYears: readonly number[];
}

/**
 * The items a round asks about, in the order given. Explicit ids must be nodes of
 * the plan (`nodes` holds every node of the plan); each stranger is reported by index.
 */
export function itemsInScope(nodes: readonly ScopeNode[], scope: RoundScope, targetFiscalYear: number): { ids: string[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const active = (n: ScopeNode) => n.isAction && n.status === 'active';
  if (scope.mode === 'all') return { ids: nodes.filter(active).map((n) => n.id), errors };
  if (scope.mode === 'scheduled')
    return { ids: nodes.filter((n) => active(n) && n.scheduledYears.includes(targetFiscalYear)).map((n) => n.id), errors };
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ids: string[] = [];
  const list = scope.nodeIds ?? [];
  if (!list.length) errors.push({ path: 'scope.nodeIds', message: '照会する項目を1つ以上選んでください。' });
  list.forEach((id, i) => {
    if (!byId.has(id)) errors.push({ path: `scope.nodeIds.${i}`, message: 'この計画の項目ではありません。' });
    else if (!ids.includes(id)) ids.push(id);
  });
  return { ids, errors };
}

/** The scope as stored: item ids only for `nodes`, each once, in the order given. */
export function normalizeScope(scope: RoundScope): { mode: RoundScopeMode; nodeIds?: string[] } {
  return scope.mode === 'nodes' ? { mode: 'nodes', nodeIds: [...new Set(scope.nodeIds ?? [])] } : { mode: scope.mode };
}

// ───────────── items without a 担当課 ─────────────

/**
 * What opening does with items in scope that have no 担当課 — reports nobody would receive:
 * - skip: they are left out of the round (no report; set a 担当課 and ask them in a later round);
 * - secretariat: they are kept; their reports wait under 「担当課なし」 in the secretariat's list of all
 *   departments, to be answered there, or reach a department once the item is given one (a department's
 *   list reads the item's 担当課 when it is shown). Reminders cannot reach them.
 * Without a choice, opening is refused and the items are listed (withoutDepartmentProblems).
 */
export const WITHOUT_DEPARTMENT_CHOICES = ['skip', 'secretariat'] as const;
export type WithoutDepartmentChoice = (typeof WITHOUT_DEPARTMENT_CHOICES)[number];

export const WITHOUT_DEPARTMENT_LABELS: Record<WithoutDepartmentChoice, string> = {
  skip: '担当課のない項目を除いて開始する',
  secretariat: '担当課のない項目も含めて開始する（事務局が扱う）',
};

export const WITHOUT_DEPARTMENT_NOTES: Record<WithoutDepartmentChoice, string> = {
  skip: 'これらの項目の報告は作られず、この照会の集計にも入りません。',
  secretariat:
    'これらの報告は「担当課なし」として事務局の報告一覧（すべての課）に入ります。事務局が入力するか、計画で担当課を設定するとその課の一覧に入ります。督促は届きません。',
};

/** An item as messages name it. */
export interface ItemRef {
  id: string;
  number: string;
  title: string;
}

export function itemName(i: Pick<ItemRef, 'number' | 'title'>): string {
  return i.number ? `${i.number} ${i.title}` : i.title;
}

/** 「A」、「B」、「C」ほか2件 — a list that stays readable in a one-line message. */
export function itemNames(items: readonly Pick<ItemRef, 'number' | 'title'>[], max = 5): string {
  const shown = items.slice(0, max).map((i) => `「${itemName(i)}」`).join('、');
  return items.length > max ? `${shown}ほか${items.length - max}件` : shown;
}

/**
 * Why the round cannot open as asked, given the items in scope without a 担当課: no choice made (the
 * question first, then one line per item), or every item would be skipped.
 */
export function withoutDepartmentProblems(items: readonly ItemRef[], choice: WithoutDepartmentChoice | undefined, inScope: number): FieldError[] {
  if (!items.length) return [];
  if (!choice)
    return [
      {
        path: 'withoutDepartment',
        message: `担当課が設定されていない項目が${items.length}件あります。このまま開始すると、これらの報告はどの課にも届きません。計画で担当課を設定するか、「${WITHOUT_DEPARTMENT_LABELS.skip}」か「${WITHOUT_DEPARTMENT_LABELS.secretariat}」を選んでください。`,
      },
      ...items.map((i, n) => ({ path: `withoutDepartment.${n}`, message: `「${itemName(i)}」に担当課が設定されていません。` })),
    ];
  if (choice === 'skip' && items.length >= inScope)
    return [
      {
        path: 'withoutDepartment',
        message: `対象の実施項目（${inScope}件）はどれも担当課が設定されていないため、除くと照会する項目がなくなります。計画で担当課を設定してから開始してください。`,
      },
    ];
  return [];
}

/** What opening did: the reports made and the items without a 担当課 with what was done with them. */
export interface RoundOpened {
  reportCount: number;
  withoutDepartment: { choice: WithoutDepartmentChoice | null; items: ItemRef[] };
}

/** The message shown once the round is open: how many reports went to departments and where the others are. */
export function roundOpenedMessage(label: string, scopeText: string, opened: RoundOpened): string {
  const head = `「${label}」を開始しました。`;
  const { items, choice } = opened.withoutDepartment;
  if (!items.length || !choice) return `${head}${opened.reportCount}件の実施項目について担当課に報告を依頼しました（対象：${scopeText}）。`;
  if (choice === 'skip')
    return `${head}${opened.reportCount}件の実施項目について担当課に報告を依頼しました（対象：${scopeText}）。担当課が設定されていない${items.length}件（${itemNames(items)}）は対象から除きました。`;
  const asked = opened.reportCount - items.length;
  const kept = `担当課が設定されていない${items.length}件（${itemNames(items)}）は「担当課なし」として事務局の報告一覧に入れました。`;
  return `${head}${opened.reportCount}件の実施項目の報告を作りました（対象：${scopeText}）。${asked > 0 ? `${asked}件は担当課に報告を依頼し、${kept}` : `担当課に届いた報告はありません。${kept}`}`;
}

/** What opening would do with a scope (the confirmation shows it before the secretariat starts). */
export interface RoundOpeningPreview {
  mode: RoundScopeMode;
  modeLabel: string;
  /** items in scope (reports opening makes, before any is skipped) */
  itemCount: number;
  withoutDepartment: ItemRef[];
  /** why this scope cannot open (none of the items; ids not in the plan) */
  problems: string[];
}

/** Why a round cannot take this step from its state (nextRoundState answered null). */
export function roundTransitionProblem(action: 'open' | 'close' | 'reopen', from: RoundState): string {
  if (action === 'open') return from === 'open' ? 'この照会は既に開始されています。' : 'この照会は締め切られています。受付を再び始めるには「再開」を使ってください。';
  if (action === 'close') return from === 'draft' ? 'この照会はまだ開始されていません。' : 'この照会は既に締め切られています。';
  return from === 'draft' ? 'この照会はまだ開始されていません。' : '締め切られていない照会は再開できません。';
}

/** The one message for any change attempted on a closed round. */
export const ROUND_CLOSED_MESSAGE = 'この照会は締め切られています。変更できません。';
