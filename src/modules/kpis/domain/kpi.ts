/**
 * A numeric target (数値目標・KPI) as entered: normalisation and validation with Japanese
 * messages per field. Values arrive as the text people type and are parsed with the KPI's scale. Pure.
 */
import type { FieldError } from '../../../shared/errors.js';
import { BOUNDS, BOUND_LABELS, VALUE_KINDS, type Bound, type ValueKind } from './evaluation.js';
import { MAX_SCALE, parseKpiValue } from './value.js';

export const NAME_MAX = 200;
export const UNIT_MAX = 20;
export const CATEGORY_MAX = 50;
export const NUMBER_MAX = 20;
export const NOTE_MAX = 200;
export const LABEL_MAX = 50;
export const DESCRIPTION_MAX = 4000;
export const FISCAL_YEAR_MIN = 1989;
export const FISCAL_YEAR_MAX = 2100;

/** Headings the plans print KPIs under; others may be typed. */
export const STANDARD_CATEGORIES = ['数値目標', '歳出削減', '歳入確保', '業務改革'] as const;

/** What a form or an API client sends: values as typed (text or number). */
export interface KpiInput {
  nodeId?: string | null;
  category?: string;
  number?: string;
  name: string;
  unit?: string;
  scale?: number;
  bound: string;
  baselineFiscalYear?: number | null;
  baselineValue?: string | number | null;
  baselineNote?: string;
  targetFiscalYear?: number | null;
  targetValue?: string | number | null;
  targetLabel?: string;
  description?: string;
  departmentId?: string | null;
  /** a row of the plan's financial / staffing tables to take the values from (domain/source.ts) */
  sourceRowId?: string | null;
}

/** The stored fields of a KPI (values scaled). */
export interface KpiFields {
  nodeId: string | null;
  category: string;
  number: string;
  name: string;
  unit: string;
  scale: number;
  bound: Bound;
  baselineFiscalYear: number | null;
  baselineValue: number | null;
  baselineNote: string;
  targetFiscalYear: number | null;
  targetValue: number | null;
  targetLabel: string;
  description: string;
  departmentId: string | null;
  sourceRowId: string | null;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const asText = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));

function checkYear(errors: FieldError[], path: string, label: string, fy: number | null | undefined) {
  if (fy === null || fy === undefined) return;
  if (!Number.isInteger(fy) || fy < FISCAL_YEAR_MIN || fy > FISCAL_YEAR_MAX)
    errors.push({ path, message: `${label}は${FISCAL_YEAR_MIN}〜${FISCAL_YEAR_MAX}年度（西暦）の範囲で指定してください。` });
}

function checkLength(errors: FieldError[], path: string, label: string, v: string, max: number) {
  if (v.length > max) errors.push({ path, message: `${label}は${max}文字以内にしてください。` });
}

export function normalizeKpi(input: KpiInput): { fields: KpiFields; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const name = text(input.name);
  const unit = text(input.unit);
  const category = text(input.category);
  const number = text(input.number);
  const baselineNote = text(input.baselineNote);
  const targetLabel = text(input.targetLabel);
  const description = typeof input.description === 'string' ? input.description.trim() : '';
  if (!name) errors.push({ path: 'name', message: '指標名を入力してください。' });
  checkLength(errors, 'name', '指標名', name, NAME_MAX);
  checkLength(errors, 'unit', '単位', unit, UNIT_MAX);
  checkLength(errors, 'category', '区分', category, CATEGORY_MAX);
  checkLength(errors, 'number', '番号', number, NUMBER_MAX);
  checkLength(errors, 'baselineNote', '基準値の注記', baselineNote, NOTE_MAX);
  checkLength(errors, 'targetLabel', '目標値の表記', targetLabel, LABEL_MAX);
  checkLength(errors, 'description', '説明', description, DESCRIPTION_MAX);

  const scale = input.scale ?? 0;
  const scaleOk = Number.isInteger(scale) && scale >= 0 && scale <= MAX_SCALE;
  if (!scaleOk) errors.push({ path: 'scale', message: `小数の桁数は0〜${MAX_SCALE}で指定してください。` });
  const bound = input.bound as Bound;
  if (!BOUNDS.includes(bound))
    errors.push({ path: 'bound', message: `目標の向きは ${BOUNDS.map((b) => `${b}（${BOUND_LABELS[b]}）`).join(' か ')} を指定してください。` });

  checkYear(errors, 'baselineFiscalYear', '基準値の年度', input.baselineFiscalYear);
  checkYear(errors, 'targetFiscalYear', '目標値の年度', input.targetFiscalYear);
  const by = input.baselineFiscalYear ?? null;
  const ty = input.targetFiscalYear ?? null;
  if (by !== null && ty !== null && Number.isInteger(by) && Number.isInteger(ty) && ty < by)
    errors.push({ path: 'targetFiscalYear', message: '目標値の年度は基準値の年度と同じか、それより後にしてください。' });

  let baselineValue: number | null = null;
  let targetValue: number | null = null;
  if (scaleOk) {
    const b = parseKpiValue(asText(input.baselineValue), scale, '基準値', unit);
    if (b.ok) baselineValue = b.value;
    else errors.push({ path: 'baselineValue', message: b.message });
    const t = parseKpiValue(asText(input.targetValue), scale, '目標値', unit);
    if (!t.ok) errors.push({ path: 'targetValue', message: t.message });
    else if (t.value === null) errors.push({ path: 'targetValue', message: '目標値を入力してください（「収支均衡」のように言葉で示す目標も、判定に使う数値を入れ、表記欄に言葉を入れてください）。' });
    else targetValue = t.value;
  }
  if (baselineValue !== null && by === null) errors.push({ path: 'baselineFiscalYear', message: '基準値の年度を指定してください。' });

  return {
    fields: {
      nodeId: input.nodeId ?? null,
      category,
      number,
      name,
      unit,
      scale: scaleOk ? scale : 0,
      bound,
      baselineFiscalYear: by,
      baselineValue,
      baselineNote,
      targetFiscalYear: ty,
      targetValue,
      targetLabel,
      description,
      departmentId: input.departmentId ?? null,
      sourceRowId: input.sourceRowId ?? null,
    },
    errors,
  };
}

/** One year's value as typed: parsed with the KPI's scale; empty text means "clear it". */
export function normalizeValue(
  kpi: { scale: number; unit: string },
  input: { fiscalYear: number; kind: string; value: string | number | null; note?: string },
): { fiscalYear: number; kind: ValueKind; value: number | null; note: string; errors: FieldError[] } {
  const errors: FieldError[] = [];
  checkYear(errors, 'fiscalYear', '年度', input.fiscalYear);
  const kind = input.kind as ValueKind;
  if (!VALUE_KINDS.includes(kind)) errors.push({ path: 'kind', message: '値の種類は actual（実績値）か milestone（年度目標）を指定してください。' });
  const label = kind === 'milestone' ? '年度目標' : '実績値';
  const parsed = parseKpiValue(asText(input.value), kpi.scale, label, kpi.unit);
  if (!parsed.ok) errors.push({ path: 'value', message: parsed.message });
  const note = text(input.note);
  checkLength(errors, 'note', '注記', note, NOTE_MAX);
  return { fiscalYear: input.fiscalYear, kind, value: parsed.ok ? parsed.value : null, note, errors };
}
