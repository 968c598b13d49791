/**
 * Rules for plan nodes (施策・実施項目 …): what a valid node is, the state
 * snapshot kept for history, and the 変更調書 vocabulary. Pure.
 */
import type { FieldError } from '../../../shared/errors.js';
import { fiscalYearLabel, fiscalYearShort } from '../../fiscal/domain/index.js';
import type { Phase } from './plan.js';

export const TITLE_MAX = 200;
export const NUMBER_MAX = 20;
export const DESCRIPTION_MAX = 4000;

export type NodeStatus = 'active' | 'stopped' | 'merged';

export interface NodeDepartmentRef {
  id: string;
  lead: boolean;
}

/** The full state of a node; stored with every change so any date can be shown. */
export interface NodeSnapshot {
  parentId: string | null;
  depth: number;
  sortOrder: number;
  number: string;
  title: string;
  description: string;
  priority: boolean;
  isAction: boolean;
  status: NodeStatus;
  mergedIntoId: string | null;
  departments: NodeDepartmentRef[];
  tagIds: string[];
  schedule: Record<string, string>;
  marks: string[];
}

/** created: initial registration; added: 追加項目 mid-plan; revised: 改訂; edited: 修正 (wording); moved: 移動; merged: 統合; stopped: 中止 */
export const CHANGE_KINDS = ['created', 'added', 'revised', 'edited', 'moved', 'merged', 'stopped'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const CHANGE_KIND_LABELS: Record<ChangeKind, string> = {
  created: '策定時',
  added: '追加',
  revised: '改訂',
  edited: '修正',
  moved: '移動',
  merged: '統合',
  stopped: '中止',
};

/** The mark municipalities print beside a changed item, e.g. 【R2年度改訂】. */
export function revisionMark(kind: 'added' | 'revised', fiscalYear: number): string {
  return kind === 'added' ? `【${fiscalYearShort(fiscalYear)}年度追加項目】` : `【${fiscalYearShort(fiscalYear)}年度改訂】`;
}

export interface NodeFieldsInput {
  number: string;
  title: string;
  description: string;
  departments: NodeDepartmentRef[];
  schedule: Record<string, string>;
}

export interface NodeRulesContext {
  phases: readonly Phase[];
  firstFiscalYear: number;
  lastFiscalYear: number;
  knownDepartmentIds: ReadonlySet<string>;
  knownTagIds: ReadonlySet<string>;
}

/** Validates the fields a user edits; every problem is reported with its field path. */
export function validateNodeFields(input: NodeFieldsInput & { tagIds: string[] }, ctx: NodeRulesContext): FieldError[] {
  const errors: FieldError[] = [];
  const title = input.title.trim();
  if (!title) errors.push({ path: 'title', message: '項目名を入力してください。' });
  else if (title.length > TITLE_MAX) errors.push({ path: 'title', message: `項目名は${TITLE_MAX}文字以内にしてください（現在${title.length}文字）。` });
  if (input.number.length > NUMBER_MAX) errors.push({ path: 'number', message: `整理番号は${NUMBER_MAX}文字以内にしてください。` });
  if (input.description.length > DESCRIPTION_MAX)
    errors.push({ path: 'description', message: `事業概要は${DESCRIPTION_MAX}文字以内にしてください（現在${input.description.length}文字）。` });

  const seen = new Set<string>();
  input.departments.forEach((d, i) => {
    if (!ctx.knownDepartmentIds.has(d.id)) errors.push({ path: `departments.${i}`, message: '担当課が見つかりません。組織一覧から選んでください。' });
    if (seen.has(d.id)) errors.push({ path: `departments.${i}`, message: '同じ担当課が2回指定されています。' });
    seen.add(d.id);
  });
  const leads = input.departments.filter((d) => d.lead).length;
  if (input.departments.length && leads !== 1) errors.push({ path: 'departments', message: '主担当課を1つだけ選んでください。' });

  input.tagIds.forEach((t, i) => {
    if (!ctx.knownTagIds.has(t)) errors.push({ path: `tagIds.${i}`, message: 'タグが見つかりません。' });
  });

  // a key like "1800" cannot be written in 和暦; name it as given rather than fail
  const label = (fy: number) => (Number.isInteger(fy) && fy >= 1868 && fy <= 9999 ? fiscalYearLabel(fy) : `${fy}年度`);
  const codes = new Set(ctx.phases.map((p) => p.code));
  for (const [fyText, phase] of Object.entries(input.schedule)) {
    const fy = Number(fyText);
    if (!Number.isInteger(fy) || fy < ctx.firstFiscalYear || fy > ctx.lastFiscalYear) {
      errors.push({
        path: `schedule.${fyText}`,
        message: `${Number.isInteger(fy) ? label(fy) : fyText}は計画期間（${fiscalYearLabel(ctx.firstFiscalYear)}〜${fiscalYearLabel(ctx.lastFiscalYear)}）の外です。`,
      });
    } else if (!codes.has(phase)) {
      errors.push({
        path: `schedule.${fyText}`,
        message: `${fiscalYearLabel(fy)}の区分「${phase}」はこの計画の区分（${ctx.phases.map((p) => p.label).join('・')}）にありません。`,
      });
    }
  }
  return errors;
}

/** Lead first, then as given; exactly one lead when there are departments (the first if none was marked). */
export function normalizeDepartments(list: readonly NodeDepartmentRef[]): NodeDepartmentRef[] {
  if (!list.length) return [];
  const leadIdx = Math.max(0, list.findIndex((d) => d.lead));
  const lead = list[leadIdx]!;
  return [{ id: lead.id, lead: true }, ...list.filter((_, i) => i !== leadIdx).map((d) => ({ id: d.id, lead: false }))];
}

/** Drops empty cells; keys as strings of the fiscal year. */
export function normalizeSchedule(s: Readonly<Record<string, string | null | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(s).sort()) {
    const v = s[k];
    if (v) out[k] = v;
  }
  return out;
}

/** Which fields differ between two snapshots (for the history view and audit). */
export function changedFields(before: NodeSnapshot, after: NodeSnapshot): (keyof NodeSnapshot)[] {
  return (Object.keys(after) as (keyof NodeSnapshot)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

export interface ChangeRow {
  nodeId: string;
  kind: string;
  effectiveDate: string;
  seq: number;
  snapshot: NodeSnapshot;
}

/**
 * The plan as it stood on `asOf`: for each node the latest change effective on
 * or before that day. Nodes with no change yet on that day did not exist.
 */
export function stateAsOf(changes: readonly ChangeRow[], asOf: string): Map<string, NodeSnapshot> {
  const latest = new Map<string, ChangeRow>();
  for (const c of changes) {
    if (c.effectiveDate > asOf) continue;
    const cur = latest.get(c.nodeId);
    if (!cur || c.effectiveDate > cur.effectiveDate || (c.effectiveDate === cur.effectiveDate && c.seq > cur.seq)) latest.set(c.nodeId, c);
  }
  return new Map([...latest].map(([id, c]) => [id, c.snapshot]));
}
