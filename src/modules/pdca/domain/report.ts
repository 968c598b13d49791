/**
 * What a department answers in a round (進捗報告) and the rules for its fields. Pure.
 *
 * Money is integer yen and time is integer tenths of an hour: no floats are ever stored.
 * Yen may arrive as a number or as a string; strings are normalised explicitly by
 * `parseYen` (full-width digits, thousands commas in the right places, a trailing 円)
 * and anything else — decimals, exponents, stray commas, negatives — is refused.
 */
import type { FieldError } from '../../../shared/errors.js';
import { symbolsText, type LegendValue } from './legend.js';

/** Answer fields a round may ask for. */
export const REPORT_FIELDS = ['status', 'achievement', 'narrative', 'issues', 'nextPlan', 'effect', 'hoursSaved', 'numbers'] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

export const REPORT_FIELD_LABELS: Record<ReportField, string> = {
  status: '進捗状況',
  achievement: '達成度',
  narrative: '取組内容・実績',
  issues: '課題',
  nextPlan: '今後の取組',
  effect: '効果額',
  hoursSaved: '削減時間',
  numbers: '数値（指標）',
};

/** Asked when a round does not say otherwise. */
export const DEFAULT_ROUND_FIELDS: readonly ReportField[] = ['status', 'narrative', 'issues', 'nextPlan'];

/** Of the asked fields, these must be filled before submitting. */
export const REQUIRED_ON_SUBMIT: readonly ReportField[] = ['status', 'achievement', 'narrative'];

export const TEXT_MAX = 4000;
export const NUMBERS_MAX_ENTRIES = 30;
export const NUMBERS_KEY_MAX = 50;
export const NUMBERS_VALUE_MAX = 200;
/** 1,000,000 hours a year, in tenths */
export const HOURS_TENTHS_MAX = 10_000_000;

export const EFFECT_KINDS = ['one_off', 'recurring'] as const;
export type EffectKind = (typeof EFFECT_KINDS)[number];
export const EFFECT_KIND_LABELS: Record<EffectKind, string> = { one_off: '単年度（一時的）', recurring: '継続的（毎年度）' };

/** The stored contents of a report. */
export interface ReportContent {
  statusCode: string | null;
  achievementCode: string | null;
  narrative: string;
  issues: string;
  nextPlan: string;
  effectRevenueYen: number | null;
  effectExpenseYen: number | null;
  effectKind: EffectKind | null;
  hoursSavedTenths: number | null;
  numbers: Record<string, string>;
}

export const EMPTY_REPORT: ReportContent = {
  statusCode: null,
  achievementCode: null,
  narrative: '',
  issues: '',
  nextPlan: '',
  effectRevenueYen: null,
  effectExpenseYen: null,
  effectKind: null,
  hoursSavedTenths: null,
  numbers: {},
};

/** A draft save: every field optional, only those present change. */
export interface ReportDraftInput {
  statusCode?: string | null | undefined;
  achievementCode?: string | null | undefined;
  narrative?: string | undefined;
  issues?: string | undefined;
  nextPlan?: string | undefined;
  effectRevenueYen?: number | string | null | undefined;
  effectExpenseYen?: number | string | null | undefined;
  effectKind?: string | null | undefined;
  hoursSavedTenths?: number | null | undefined;
  numbers?: Record<string, string> | undefined;
}

export interface ReportRulesContext {
  /** the round's asked fields */
  fields: readonly string[];
  status: readonly LegendValue[];
  /** null when the plan has no second axis */
  achievement: readonly LegendValue[] | null;
}

/** Characters as people count them (a surrogate pair is one character). */
export const charCount = (s: string): number => [...s].length;

const YEN_STRING_RE = /^(?:\d{1,3}(?:,\d{3})+|\d+)$/;

/**
 * Integer yen from a number or a string. Strings: NFKC (１，２００ → 1,200), spaces and a trailing 円
 * dropped, commas only as thousands separators. Decimals, exponents and negatives are refused.
 */
export function parseYen(value: unknown, label = '効果額'): { ok: true; value: number | null } | { ok: false; message: string } {
  if (value === null || value === undefined) return { ok: true, value: null };
  const refuse = { ok: false as const, message: `${label}は0以上の整数（円）で入力してください（例: 1200000 または "1,200,000"）。小数は使えません。` };
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || !Number.isInteger(value) || value < 0) return refuse;
    if (!Number.isSafeInteger(value)) return { ok: false, message: `${label}が大きすぎます。` };
    return { ok: true, value };
  }
  if (typeof value !== 'string') return refuse;
  const s = value.normalize('NFKC').replace(/\s+/g, '').replace(/円$/, '');
  if (s === '') return { ok: true, value: null };
  if (!YEN_STRING_RE.test(s)) return refuse;
  const n = Number(s.replace(/,/g, ''));
  if (!Number.isSafeInteger(n)) return { ok: false, message: `${label}が大きすぎます。` };
  return { ok: true, value: n };
}

const hasValue = (v: unknown): boolean =>
  v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '') && !(typeof v === 'object' && Object.keys(v as object).length === 0);

/** Which asked field an input key belongs to. */
const FIELD_OF_INPUT: Record<keyof ReportDraftInput, ReportField> = {
  statusCode: 'status',
  achievementCode: 'achievement',
  narrative: 'narrative',
  issues: 'issues',
  nextPlan: 'nextPlan',
  effectRevenueYen: 'effect',
  effectExpenseYen: 'effect',
  effectKind: 'effect',
  hoursSavedTenths: 'hoursSaved',
  numbers: 'numbers',
};

/** The answer fields an input fills (the same rule applyDraft uses to refuse fields a round did not ask). */
export function filledFields(input: Partial<Record<keyof ReportDraftInput, unknown>>): ReportField[] {
  return (Object.keys(FIELD_OF_INPUT) as (keyof ReportDraftInput)[]).filter((k) => hasValue(input[k])).map((k) => FIELD_OF_INPUT[k]);
}

function codeProblem(field: 'status' | 'achievement', code: string, values: readonly LegendValue[]): string | null {
  if (values.some((v) => v.code === code)) return null;
  return `${REPORT_FIELD_LABELS[field]}は${symbolsText(values)}のいずれかを選んでください。`;
}

/**
 * Applies a draft save to the stored contents. Returns the new contents and every
 * problem with its field path; with problems the caller must save nothing.
 */
export function applyDraft(current: ReportContent, input: ReportDraftInput, ctx: ReportRulesContext): { content: ReportContent; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const next: ReportContent = { ...current, numbers: { ...current.numbers } };
  const asked = new Set(ctx.fields);

  for (const key of Object.keys(FIELD_OF_INPUT) as (keyof ReportDraftInput)[]) {
    const field = FIELD_OF_INPUT[key];
    if (!asked.has(field) && hasValue(input[key]))
      errors.push({ path: key, message: `この照会では「${REPORT_FIELD_LABELS[field]}」は照会項目ではありません（入力できません）。` });
  }

  if (input.statusCode !== undefined) {
    const code = input.statusCode === null || input.statusCode === '' ? null : input.statusCode;
    const p = code === null ? null : codeProblem('status', code, ctx.status);
    if (p) errors.push({ path: 'statusCode', message: p });
    else next.statusCode = code;
  }
  if (input.achievementCode !== undefined) {
    const code = input.achievementCode === null || input.achievementCode === '' ? null : input.achievementCode;
    if (code !== null && !ctx.achievement) errors.push({ path: 'achievementCode', message: 'この計画には達成度の凡例が設定されていません。' });
    else {
      const p = code === null ? null : codeProblem('achievement', code, ctx.achievement!);
      if (p) errors.push({ path: 'achievementCode', message: p });
      else next.achievementCode = code;
    }
  }
  for (const key of ['narrative', 'issues', 'nextPlan'] as const) {
    const v = input[key];
    if (v === undefined) continue;
    const n = charCount(v);
    if (n > TEXT_MAX) errors.push({ path: key, message: `${REPORT_FIELD_LABELS[key]}は${TEXT_MAX}文字以内にしてください（現在${n}文字）。` });
    else next[key] = v;
  }
  for (const [key, label] of [
    ['effectRevenueYen', '効果額（歳入）'],
    ['effectExpenseYen', '効果額（歳出削減）'],
  ] as const) {
    if (input[key] === undefined) continue;
    const r = parseYen(input[key], label);
    if (!r.ok) errors.push({ path: key, message: r.message });
    else next[key] = r.value;
  }
  if (input.effectKind !== undefined) {
    if (input.effectKind === null || input.effectKind === '') next.effectKind = null;
    else if ((EFFECT_KINDS as readonly string[]).includes(input.effectKind)) next.effectKind = input.effectKind as EffectKind;
    else errors.push({ path: 'effectKind', message: `効果の種類は${EFFECT_KINDS.map((k) => `「${EFFECT_KIND_LABELS[k]}」`).join('か')}を選んでください。` });
  }
  if (input.hoursSavedTenths !== undefined) {
    const h = input.hoursSavedTenths;
    if (h === null) next.hoursSavedTenths = null;
    else if (!Number.isInteger(h) || h < 0) errors.push({ path: 'hoursSavedTenths', message: '削減時間は0.1時間単位の0以上の整数で指定してください（例: 12.5時間なら125）。' });
    else if (h > HOURS_TENTHS_MAX) errors.push({ path: 'hoursSavedTenths', message: '削減時間が大きすぎます。' });
    else next.hoursSavedTenths = h;
  }
  if (input.numbers !== undefined) {
    const entries = Object.entries(input.numbers);
    let ok = true;
    if (entries.length > NUMBERS_MAX_ENTRIES) {
      errors.push({ path: 'numbers', message: `数値（指標）は${NUMBERS_MAX_ENTRIES}項目以内にしてください。` });
      ok = false;
    }
    for (const [k, v] of entries) {
      if (!k.trim() || charCount(k) > NUMBERS_KEY_MAX) {
        errors.push({ path: `numbers.${k}`, message: `指標名は1〜${NUMBERS_KEY_MAX}文字で入力してください。` });
        ok = false;
      } else if (charCount(v) > NUMBERS_VALUE_MAX) {
        errors.push({ path: `numbers.${k}`, message: `「${k}」の値は${NUMBERS_VALUE_MAX}文字以内にしてください（現在${charCount(v)}文字）。` });
        ok = false;
      }
    }
    if (ok) next.numbers = Object.fromEntries(entries.map(([k, v]) => [k.trim(), v]));
  }
  return { content: next, errors };
}

/** What is still missing before a report can be submitted (every asked required field). */
export function submitProblems(content: ReportContent, ctx: ReportRulesContext): FieldError[] {
  const errors: FieldError[] = [];
  const asked = new Set(ctx.fields);
  if (asked.has('status')) {
    if (!content.statusCode) errors.push({ path: 'statusCode', message: `${REPORT_FIELD_LABELS.status}を${symbolsText(ctx.status)}から選んでください。` });
    else {
      const p = codeProblem('status', content.statusCode, ctx.status);
      if (p) errors.push({ path: 'statusCode', message: p });
    }
  }
  if (asked.has('achievement') && ctx.achievement) {
    if (!content.achievementCode) errors.push({ path: 'achievementCode', message: `${REPORT_FIELD_LABELS.achievement}を${symbolsText(ctx.achievement)}から選んでください。` });
  }
  if (asked.has('narrative') && REQUIRED_ON_SUBMIT.includes('narrative') && !content.narrative.trim())
    errors.push({ path: 'narrative', message: `${REPORT_FIELD_LABELS.narrative}を入力してください。` });
  return errors;
}
