/**
 * The mapping screen's words: a column role as one <select> value and back,
 * and the Japanese names of the roles (年度 in 和暦 with the Western year).
 */
import type { ColumnRoleDto, ImportUploadDto } from './api';
import { fiscalYearLabel } from '../../lib/domain';

/** roles whose 年度 is chosen in a second select */
export type YearKind = 'schedule' | 'status' | 'narrative' | 'effect' | 'value';

export const VALUE_KEYS = ['目標値', '実績値'] as const;

export function roleValue(role: ColumnRoleDto): string {
  switch (role.kind) {
    case 'level':
      return `level:${role.level}`;
    case 'value':
      return `value:${role.key}`;
    default:
      return role.kind;
  }
}

export function yearOf(role: ColumnRoleDto): number | null | undefined {
  return 'fiscalYear' in role ? role.fiscalYear : undefined;
}

/** Whether the role needs a year, and whether 「最新の年度」 (null) is allowed. */
export function yearChoice(value: string): { needed: boolean; nullable: boolean } {
  const kind = value.split(':')[0];
  if (kind === 'schedule' || kind === 'status') return { needed: true, nullable: false };
  if (kind === 'narrative' || kind === 'issues' || kind === 'nextPlan' || kind === 'effect' || kind === 'value') return { needed: true, nullable: true };
  return { needed: false, nullable: false };
}

/** select value + year → role (a required year falls back to the plan's first year) */
export function roleFrom(value: string, year: number | null | undefined, firstYear: number): ColumnRoleDto {
  const [kind, arg] = value.split(':') as [string, string | undefined];
  const fy = year ?? null;
  switch (kind) {
    case 'level':
      return { kind: 'level', level: Number(arg ?? 0) };
    case 'number':
    case 'title':
    case 'description':
    case 'departments':
    case 'ignore':
      return { kind };
    case 'schedule':
    case 'status':
      return { kind, fiscalYear: fy ?? firstYear };
    case 'narrative':
    case 'issues':
    case 'nextPlan':
    case 'effect':
      return { kind, fiscalYear: fy };
    case 'value':
      return { kind: 'value', key: arg || '目標値', fiscalYear: fy };
    default:
      return { kind: 'ignore' };
  }
}

export interface RoleOption {
  value: string;
  label: string;
}

/** The choices of the column select, in the order of a typical 実施計画 table. */
export function roleOptions(plan: ImportUploadDto['plan'], current: string[]): RoleOption[] {
  const levels = Math.max(1, plan.levelNames.length - 1);
  const opts: RoleOption[] = [{ value: 'number', label: '整理番号' }];
  for (let i = 0; i < levels; i++) {
    opts.push({ value: `level:${i}`, label: `階層${i + 1}（${plan.levelNames[i] ?? '上位の階層'}…）` });
  }
  opts.push(
    { value: 'title', label: `項目名（${plan.levelNames[plan.levelNames.length - 1] ?? '項目'}）` },
    { value: 'description', label: '事業概要' },
    { value: 'departments', label: '担当課' },
    { value: 'schedule', label: 'スケジュール（年度）' },
    { value: 'status', label: '取組状況の記号（年度）' },
    { value: 'narrative', label: '取組状況（記述）' },
    { value: 'issues', label: '課題' },
    { value: 'nextPlan', label: '今後の取組' },
    { value: 'effect', label: '効果額' },
    ...VALUE_KEYS.map((k) => ({ value: `value:${k}`, label: k })),
    { value: 'ignore', label: '使わない' },
  );
  // a saved mapping may name a value key or a level the list does not have
  for (const v of current) if (!opts.some((o) => o.value === v)) opts.splice(opts.length - 1, 0, { value: v, label: v.replace(/^value:/, '').replace(/^level:(\d+)$/, (_, n) => `階層${Number(n) + 1}`) });
  return opts;
}

export function yearOptions(plan: ImportUploadDto['plan'], extra: (number | null | undefined)[]): number[] {
  const set = new Set<number>();
  // tables often carry the years before the plan (実績) as well
  for (let y = plan.firstFiscalYear - 5; y <= plan.lastFiscalYear + 1; y++) set.add(y);
  for (const y of extra) if (typeof y === 'number') set.add(y);
  return [...set].sort((a, b) => a - b);
}

export function yearLabel(fy: number): string {
  return `${fiscalYearLabel(fy)}（${fy}）`;
}
