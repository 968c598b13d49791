/**
 * The report form's values as typed, and their conversions to and from the
 * API (ReportAnswerDto / ReportPatchBody). Yen stay strings until the server
 * reads them ("1,200,000", "１２００円"); hours become tenths here.
 */
import type { LegendDto, ReportAnswerDto, ReportFieldDto, ReportPatchBody } from '../../lib/api';
import { EFFECT_KIND_LABELS, formatHours, formatYen, parseHours } from '../../lib/pdca';

export interface NumberRow {
  key: string;
  name: string;
  value: string;
}

export interface FormValues {
  statusCode: string | null;
  achievementCode: string | null;
  narrative: string;
  issues: string;
  nextPlan: string;
  effectRevenueYen: string;
  effectExpenseYen: string;
  effectKind: 'one_off' | 'recurring' | null;
  hoursSaved: string;
  numbers: NumberRow[];
}

export type ValueKey = keyof FormValues;

/** Which form values belong to an asked field. */
export const KEYS_OF_FIELD: Record<ReportFieldDto, ValueKey[]> = {
  status: ['statusCode'],
  achievement: ['achievementCode'],
  narrative: ['narrative'],
  issues: ['issues'],
  nextPlan: ['nextPlan'],
  effect: ['effectRevenueYen', 'effectExpenseYen', 'effectKind'],
  hoursSaved: ['hoursSaved'],
  numbers: ['numbers'],
};

let rowSeq = 0;
export const newRowKey = (): string => `n${++rowSeq}`;

export function valuesFromAnswer(a: ReportAnswerDto): FormValues {
  return {
    statusCode: a.statusCode,
    achievementCode: a.achievementCode,
    narrative: a.narrative,
    issues: a.issues,
    nextPlan: a.nextPlan,
    effectRevenueYen: formatYen(a.effectRevenueYen),
    effectExpenseYen: formatYen(a.effectExpenseYen),
    effectKind: a.effectKind,
    hoursSaved: formatHours(a.hoursSavedTenths),
    numbers: Object.entries(a.numbers).map(([name, value]) => ({ key: newRowKey(), name, value })),
  };
}

export function numbersRecord(rows: NumberRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (r.name.trim() || r.value.trim()) out[r.name] = r.value;
  return out;
}

/** Comparable text of one value (conflict table, "changed since sent"). */
export function valueText(key: ValueKey, v: FormValues, legends: { status: LegendDto; achievement: LegendDto | null }): string {
  switch (key) {
    case 'statusCode':
    case 'achievementCode': {
      const code = v[key];
      if (!code) return '（未選択）';
      const legend = key === 'statusCode' ? legends.status : legends.achievement;
      const val = legend?.values.find((x) => x.code === code);
      return val ? (val.symbol === val.label ? val.label : `${val.symbol} ${val.label}`) : code;
    }
    case 'effectKind':
      return v.effectKind ? EFFECT_KIND_LABELS[v.effectKind] : '（未選択）';
    case 'effectRevenueYen':
    case 'effectExpenseYen':
      return v[key].trim() ? `${v[key].trim()}円` : '（なし）';
    case 'hoursSaved':
      return v.hoursSaved.trim() ? `${v.hoursSaved.trim()}時間` : '（なし）';
    case 'numbers': {
      const rec = numbersRecord(v.numbers);
      const entries = Object.entries(rec);
      return entries.length ? entries.map(([k, x]) => `${k}：${x}`).join('\n') : '（なし）';
    }
    default:
      return v[key] || '（なし）';
  }
}

/** Same value for saving purposes (yen "1,200,000" = "1200000"; number rows by content). */
export function sameValue(key: ValueKey, a: FormValues, b: FormValues): boolean {
  switch (key) {
    case 'effectRevenueYen':
    case 'effectExpenseYen': {
      const norm = (s: string) => s.normalize('NFKC').replace(/[\s,]/g, '').replace(/円$/, '');
      return norm(a[key]) === norm(b[key]);
    }
    case 'hoursSaved': {
      const pa = parseHours(a.hoursSaved);
      const pb = parseHours(b.hoursSaved);
      return pa.ok && pb.ok ? pa.tenths === pb.tenths : a.hoursSaved.trim() === b.hoursSaved.trim();
    }
    case 'numbers':
      return JSON.stringify(numbersRecord(a.numbers)) === JSON.stringify(numbersRecord(b.numbers));
    default:
      return a[key] === b[key];
  }
}

/**
 * The PATCH body for the changed keys. Hours that cannot be read are left out
 * and reported back (the server takes only integer tenths).
 */
export function patchBody(version: number, v: FormValues, keys: Iterable<ValueKey>): { body: ReportPatchBody; hoursError: string | null } {
  const body: ReportPatchBody = { version };
  let hoursError: string | null = null;
  for (const k of keys) {
    switch (k) {
      case 'statusCode':
        body.statusCode = v.statusCode;
        break;
      case 'achievementCode':
        body.achievementCode = v.achievementCode;
        break;
      case 'narrative':
      case 'issues':
      case 'nextPlan':
        body[k] = v[k];
        break;
      case 'effectRevenueYen':
      case 'effectExpenseYen':
        body[k] = v[k].trim() === '' ? null : v[k];
        break;
      case 'effectKind':
        body.effectKind = v.effectKind;
        break;
      case 'hoursSaved': {
        const p = parseHours(v.hoursSaved);
        if (p.ok) body.hoursSavedTenths = p.tenths;
        else hoursError = p.message;
        break;
      }
      case 'numbers':
        body.numbers = numbersRecord(v.numbers);
        break;
    }
  }
  return { body, hoursError };
}

/** Control id of each value (and of the server's error paths). */
export const CONTROL_ID: Record<ValueKey, string> = {
  statusCode: 'rp-statusCode',
  achievementCode: 'rp-achievementCode',
  narrative: 'rp-narrative',
  issues: 'rp-issues',
  nextPlan: 'rp-nextPlan',
  effectRevenueYen: 'rp-effectRevenueYen',
  effectExpenseYen: 'rp-effectExpenseYen',
  effectKind: 'rp-effectKind',
  hoursSaved: 'rp-hoursSaved',
  numbers: 'rp-numbers',
};

/** A server error path → the control that shows it ('numbers.<指標名>' → that row). */
export function controlForPath(path: string, v: FormValues): string | null {
  if (path === 'hoursSavedTenths') return CONTROL_ID.hoursSaved;
  if (path in CONTROL_ID) return CONTROL_ID[path as ValueKey];
  if (path.startsWith('numbers.')) {
    const name = path.slice('numbers.'.length);
    const row = v.numbers.find((r) => r.name === name || r.name.trim() === name);
    return row ? `rp-numbers-${row.key}` : CONTROL_ID.numbers;
  }
  return null;
}

/** Which value a control id belongs to (to clear its message when the user edits it). */
export function keyOfControl(id: string): ValueKey | null {
  if (id.startsWith('rp-numbers')) return 'numbers';
  for (const [k, cid] of Object.entries(CONTROL_ID)) if (cid === id) return k as ValueKey;
  return null;
}

/** The label of one value (the effect field has three). */
export function keyLabel(key: ValueKey, labels: Record<ReportFieldDto, string>): string {
  switch (key) {
    case 'statusCode':
      return labels.status;
    case 'achievementCode':
      return labels.achievement;
    case 'effectRevenueYen':
      return `${labels.effect}（歳入増）`;
    case 'effectExpenseYen':
      return `${labels.effect}（歳出減）`;
    case 'effectKind':
      return '効果の種類';
    case 'hoursSaved':
      return labels.hoursSaved;
    default:
      return labels[key];
  }
}
