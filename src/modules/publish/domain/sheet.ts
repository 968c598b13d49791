/**
 * An item's single sheet (個票), pure: the node detail (path, 整理番号, title, 事業概要, 担当課,
 * 変更調書) and its progress (per fiscal year: schedule and status; every answer) as printable texts.
 * Dates are printed in 和暦.
 */
import type { NodeDetailDto, TagDto } from '../../../shared/api-types.js';
import type { NodeProgressDto } from '../../../shared/api-types-views.js';
import { formatWarekiDate } from '../../fiscal/domain/index.js';
import type { AnswerBasis } from '../../pdca/views/domain/model.js';
import { stateCounts } from '../../exports/domain/progressTable.js';
import { statusLegendText } from '../../exports/domain/layout.js';
import { ENDED_LABELS } from './labels.js';
import { effectKindLabel } from './opendata.js';

export interface SheetYear {
  short: string;
  label: string;
  schedule: string;
  status: string;
  achievement: string;
}

export interface SheetAnswer {
  round: string;
  asOf: string;
  status: string;
  achievement: string;
  narrative: string;
  issues: string;
  nextPlan: string;
  effect: string;
}

export interface Sheet {
  planTitle: string;
  path: { levelName: string; text: string }[];
  levelName: string;
  number: string;
  title: string;
  marks: string[];
  priority: boolean;
  endedLabel: string;
  description: string;
  departments: string;
  tags: string;
  period: string;
  years: SheetYear[];
  hasAchievement: boolean;
  answers: SheetAnswer[];
  legendLines: string[];
  changes: { date: string; kind: string; mark: string; reason: string }[];
}

/** ○ 実施済み; a legend whose symbols are words (取組中) prints the word once. */
const mark = (r: { symbol: string; label: string }, sep: string) => (r.symbol === r.label ? r.label : `${r.symbol}${sep}${r.label}`);

const yen = (n: number | null) => (n === null ? '' : `${n.toLocaleString('ja-JP')}円`);

/** 効果額（歳入増）1,234円／（歳出減）…／継続的（毎年度）／削減時間 12.5時間 */
export function effectText(a: { effectRevenueYen: number | null; effectExpenseYen: number | null; effectKind: string | null; hoursSavedTenths: number | null }): string {
  const parts: string[] = [];
  if (a.effectRevenueYen !== null) parts.push(`歳入増 ${yen(a.effectRevenueYen)}`);
  if (a.effectExpenseYen !== null) parts.push(`歳出減 ${yen(a.effectExpenseYen)}`);
  if (a.effectKind) parts.push(effectKindLabel(a.effectKind));
  if (a.hoursSavedTenths !== null) parts.push(`削減時間 ${(a.hoursSavedTenths / 10).toLocaleString('ja-JP')}時間/年`);
  return parts.join('\n');
}

export function buildSheet(input: { detail: NodeDetailDto; progress: NodeProgressDto; tags: readonly TagDto[]; phases: readonly { code: string; label: string; symbol?: string }[]; basis: AnswerBasis }): Sheet {
  const { detail, progress, basis } = input;
  const n = detail.node;
  const phase = (code: string | null) => {
    if (code === null) return '';
    const p = input.phases.find((x) => x.code === code);
    return p ? p.label : code;
  };
  const ref = (r: { symbol: string; label: string } | null, provisional: boolean) => (r ? `${mark(r, '\n')}${provisional ? '\n（照会中）' : ''}` : '');
  const tagById = new Map(input.tags.map((t) => [t.id, t]));
  const lead = n.departments.find((d) => d.lead);
  const departments = [...(lead ? [`${lead.name}（主担当）`] : []), ...n.departments.filter((d) => !d.lead).map((d) => d.name)].join('、');
  const answers = [...progress.answers]
    .filter((a) => stateCounts(a.state, basis))
    .reverse() // oldest first: the sheet reads as a record over the years
    .map((a) => ({
      round: a.round.label,
      asOf: `${formatWarekiDate(a.round.asOfDate)}時点`,
      status: a.status ? mark(a.status, ' ') : '',
      achievement: a.achievement ? mark(a.achievement, ' ') : '',
      narrative: a.narrative,
      issues: a.issues,
      nextPlan: a.nextPlan,
      effect: effectText(a),
    }));
  const hasAchievement = progress.legends.some((l) => l.axis === 'achievement');
  return {
    planTitle: progress.plan.title,
    path: detail.path.map((p) => ({ levelName: p.levelName, text: [p.number, p.title].filter(Boolean).join(' ') })),
    levelName: n.levelName,
    number: n.number,
    title: n.title,
    marks: n.marks,
    priority: n.priority,
    endedLabel: ENDED_LABELS[n.status] ?? '',
    description: n.description,
    departments,
    tags: n.tagIds.flatMap((id) => (tagById.get(id) ? [`${tagById.get(id)!.category}：${tagById.get(id)!.name}`] : [])).join('\n'),
    period: `${formatWarekiDate(n.effectiveFrom)}から${n.effectiveTo ? `${formatWarekiDate(n.effectiveTo)}の前日まで` : ''}`,
    years: progress.fiscalYears.map((y) => ({
      short: y.short,
      label: y.label,
      schedule: phase(y.phase),
      status: ref(y.status, y.provisional),
      achievement: ref(y.achievement, y.provisional),
    })),
    hasAchievement,
    answers,
    legendLines: progress.legends.map((l) => statusLegendText({ statusLegend: '', statusLegendLabel: l.name }, l.values)),
    changes: detail.changes
      .slice()
      .reverse() // oldest first
      .map((c) => ({ date: formatWarekiDate(c.effectiveDate), kind: c.kindLabel, mark: c.mark, reason: c.reason })),
  };
}
