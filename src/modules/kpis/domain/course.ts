/**
 * 進捗状況 of a numeric target: is a year's actual on the right side of the target set for that same
 * fiscal year (順調 / 遅れ)? Where the final 判定 asks "is the target met yet", this asks "is the KPI on
 * course this year". Pure; values are scaled integers of the same KPI, compared exactly.
 *
 * What a year's actual is compared with:
 *  - from the target year (目標値の年度) on, the 目標値 itself: the plan's last word for that year, even
 *    when a 年度目標 was also entered for it;
 *  - before it, that year's 年度目標;
 *  - a 維持 KPI (baseline already meets the target) without a 年度目標 that year: the 目標値, because
 *    維持 means the target has to hold in every year;
 *  - otherwise nothing: no verdict. An earlier or later year's 年度目標 is not carried over nor
 *    interpolated — the plan states no figure for this year, and an earlier year's figure is an easier
 *    bar, so carrying it forward would call a KPI that stopped improving 順調.
 */
import { fiscalYearLabel } from '../../fiscal/domain/index.js';
import { BOUND_LABELS, gapToTarget, latestOf, meetsTarget, progressMode, type KpiFigures, type YearValue } from './evaluation.js';
import { formatKpiValue } from './value.js';

export type CourseStatus = 'on_track' | 'behind' | 'none';
export const COURSE_LABELS: Readonly<Record<CourseStatus, string>> = { on_track: '順調', behind: '遅れ', none: '判定なし' };

/** milestone: that year's 年度目標; target: the final 目標値 (target year reached, or 維持). */
export type CourseBasis = 'milestone' | 'target';

export interface CourseFigures extends KpiFigures {
  targetFiscalYear: number | null;
}

export interface Course {
  status: CourseStatus;
  /** the year judged (of the actual), null without an actual */
  fiscalYear: number | null;
  basis: CourseBasis | null;
  /** the figure the actual was compared with, scaled */
  reference: number | null;
  /** scaled, in the KPI's unit: > 0 short of the reference by this much, <= 0 met with this margin */
  gap: number | null;
  /** 「令和7年度の目標（96.0%以下）を達成」「令和7年度の目標（96.0%以下）まであと0.8%」… */
  note: string;
}

const NONE: Course = { status: 'none', fiscalYear: null, basis: null, reference: null, gap: null, note: '' };

/** One year's actual against what that year had to reach. `milestones` may hold any years. */
export function courseOfYear(k: CourseFigures, actual: YearValue, milestones: readonly YearValue[]): Course {
  const fy = actual.fiscalYear;
  const year = fiscalYearLabel(fy);
  const amount = (v: number) => `${formatKpiValue(v, k.scale)}${k.unit}`;
  const bounded = (v: number) => `${amount(v)}${BOUND_LABELS[k.bound]}`;
  /** `what` names the figure: 「令和7年度の目標（96.0%以下）」 */
  const judge = (basis: CourseBasis, reference: number, what: string): Course => {
    const met = meetsTarget(actual.value, reference, k.bound);
    const gap = gapToTarget(actual.value, reference, k.bound);
    return { status: met ? 'on_track' : 'behind', fiscalYear: fy, basis, reference, gap, note: met ? `${what}を達成` : `${what}まであと${amount(gap)}` };
  };

  if (k.targetValue !== null && k.targetFiscalYear !== null && fy >= k.targetFiscalYear) {
    const when = fy === k.targetFiscalYear ? '目標年度' : '目標年度後';
    return judge('target', k.targetValue, `${year}（${when}）の目標値（${bounded(k.targetValue)}）`);
  }
  const milestone = milestones.find((m) => m.fiscalYear === fy);
  if (milestone) return judge('milestone', milestone.value, `${year}の目標（${bounded(milestone.value)}）`);
  if (k.targetValue !== null && progressMode(k) === 'maintain') return judge('target', k.targetValue, `${year}の目標（${bounded(k.targetValue)}の維持）`);
  return { ...NONE, fiscalYear: fy, note: `${year}の年度目標が未入力のため判定なし` };
}

/** The latest actual (highest fiscal year) against its year's target; no verdict without an actual. */
export function evaluateCourse(k: CourseFigures, actuals: readonly YearValue[], milestones: readonly YearValue[]): Course {
  const latest = latestOf(actuals);
  return latest ? courseOfYear(k, latest, milestones) : NONE;
}

/** Every year with an actual, in fiscal-year order: the course year by year. */
export function courseByYear(k: CourseFigures, actuals: readonly YearValue[], milestones: readonly YearValue[]): Course[] {
  return [...actuals].sort((a, b) => a.fiscalYear - b.fiscalYear).map((a) => courseOfYear(k, a, milestones));
}
