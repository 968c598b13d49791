import type { FieldError } from '../../../shared/errors.js';
import { fiscalYearLabel, fiscalYearShort } from '../../fiscal/domain/index.js';

export const PLAN_STAGES = ['素案', '草案', '決定', '改訂'] as const;
export type PlanStage = (typeof PLAN_STAGES)[number];

/** Kinds offered in the UI; any other text is allowed too. */
export const PLAN_KIND_SUGGESTIONS = ['行政改革大綱', '行財政改革プラン', 'DX推進計画', '実行計画', '実施計画', '取組計画'] as const;

export interface Phase {
  code: string;
  label: string;
  symbol?: string;
}

/** Phases most plans use; a plan may edit its own vocabulary. */
export const DEFAULT_PHASES: Phase[] = [
  { code: 'kento', label: '検討' },
  { code: 'jisshi', label: '実施' },
  { code: 'junji', label: '順次実施' },
  { code: 'keizoku', label: '継続', symbol: '→' },
];

export const MAX_PLAN_YEARS = 20;

export function validatePeriod(first: number, last: number, errors: FieldError[]): void {
  const ok = (y: number) => Number.isInteger(y) && y >= 1989 && y <= 2200;
  if (!ok(first)) errors.push({ path: 'firstFiscalYear', message: '開始年度が正しくありません（平成元年度〜の西暦で入力してください）。' });
  if (!ok(last)) errors.push({ path: 'lastFiscalYear', message: '終了年度が正しくありません（平成元年度〜の西暦で入力してください）。' });
  // comparing against an invalid start would add a second, misleading message
  else if (!ok(first)) return;
  else if (last < first) errors.push({ path: 'lastFiscalYear', message: '終了年度は開始年度以降にしてください。' });
  else if (last - first + 1 > MAX_PLAN_YEARS) errors.push({ path: 'lastFiscalYear', message: `計画期間は${MAX_PLAN_YEARS}年度以内にしてください。` });
}

export function validateLevelNames(names: readonly string[], errors: FieldError[]): void {
  if (!names.length) errors.push({ path: 'levelNames', message: '階層名を1つ以上入力してください。' });
  names.forEach((n, i) => {
    if (!n.trim()) errors.push({ path: `levelNames.${i}`, message: `${i + 1}番目の階層名が空です。` });
  });
}

export function validatePhases(phases: readonly Phase[], errors: FieldError[]): void {
  if (!phases.length) errors.push({ path: 'phases', message: 'スケジュールの区分を1つ以上入力してください。' });
  const seen = new Set<string>();
  phases.forEach((p, i) => {
    if (!/^[a-z0-9_-]{1,32}$/.test(p.code)) errors.push({ path: `phases.${i}.code`, message: '区分コードは半角英小文字・数字で入力してください。' });
    if (seen.has(p.code)) errors.push({ path: `phases.${i}.code`, message: `区分コード「${p.code}」が重複しています。` });
    seen.add(p.code);
    if (!p.label.trim()) errors.push({ path: `phases.${i}.label`, message: '区分名を入力してください。' });
  });
}

export function periodLabel(first: number, last: number): string {
  return `${fiscalYearLabel(first)}〜${fiscalYearLabel(last)}`;
}

export function fiscalYearColumns(first: number, last: number) {
  const out: { year: number; label: string; short: string }[] = [];
  for (let y = first; y <= last; y++) out.push({ year: y, label: fiscalYearLabel(y), short: fiscalYearShort(y) });
  return out;
}

/** The stage the plan is in: the latest-dated stage entry. */
export function currentStage(stages: readonly { stage: string; date: string }[]): string | null {
  if (!stages.length) return null;
  return [...stages].sort((a, b) => a.date.localeCompare(b.date))[stages.length - 1]!.stage;
}
