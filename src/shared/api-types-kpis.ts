/**
 * JSON contract of 数値目標・KPI (src/modules/kpis), shared with the staff UI.
 * Values travel twice: `value` as the scaled integer (value / 10^scale is the quantity) and `text`
 * as printed (23,706 / △12.8), so no client has to redo the arithmetic.
 */

export type KpiBound = 'at_most' | 'at_least';
export type KpiValueKind = 'actual' | 'milestone';
/** before_target: short of the target while the target fiscal year has not ended (目標年度前, not yet 未達成) */
export type KpiStatus = 'achieved' | 'before_target' | 'not_achieved' | 'no_data';
export type KpiMode = 'progress' | 'maintain' | 'none';

export interface KpiValueDto {
  fiscalYear: number;
  /** 令和8年度 */
  fiscalYearLabel: string;
  kind: KpiValueKind;
  value: number;
  text: string;
  note: string;
  recordedBy: string;
  recordedAt: string;
  /** taken from the row of a financial / staffing table (KpiDto.source): read-only here, edited in the table */
  fromTable: boolean;
}

/** The table row a KPI takes its values from: 実績 → actuals, 計画・見込み → 年度目標. */
export interface KpiSourceDto {
  rowId: string;
  tableId: string;
  tableTitle: string;
  rowLabel: string;
  /** 「基金残高」の「財政調整基金」（百万円） */
  label: string;
  /** why its figures cannot be used now (the table's unit changed …); null when they are */
  problem: string | null;
}

export type KpiCourseStatus = 'on_track' | 'behind' | 'none';
/** milestone: that year's 年度目標; target: the final 目標値 (from the target year on, or for a 維持 KPI) */
export type KpiCourseBasis = 'milestone' | 'target';

/** 進捗状況: one year's actual against the target of that same fiscal year. */
export interface KpiCourseDto {
  status: KpiCourseStatus;
  /** 順調 / 遅れ / 判定なし */
  statusLabel: string;
  /** the year of the actual judged; null without an actual */
  fiscalYear: number | null;
  fiscalYearLabel: string | null;
  basis: KpiCourseBasis | null;
  /** the figure compared with, scaled, and as printed with unit and bound (96.0%以下) */
  reference: number | null;
  referenceText: string | null;
  /** scaled; > 0 short of the reference, <= 0 met with this margin */
  gap: number | null;
  /** 令和7年度の目標（96.0%以下）を達成 / 令和7年度の目標（96.0%以下）まであと0.8% / 令和8年度の年度目標が未入力のため判定なし */
  note: string;
}

export interface KpiEvaluationDto {
  status: KpiStatus;
  /** 達成 / 目標年度前 / 未達成 (only after the target fiscal year has ended) / 未入力 */
  statusLabel: string;
  mode: KpiMode;
  latestFiscalYear: number | null;
  latestText: string | null;
  /** scaled; > 0 short of the target, <= 0 achieved with this margin */
  gap: number | null;
  /** 進捗率 in tenths of a percent (667 = 66.7 %), only when the baseline was on the wrong side of the target */
  progressTenths: number | null;
  /** 66.7%, or 維持 when the baseline already met the target */
  progressLabel: string;
  note: string;
  /** 進捗状況 of the latest actual (the year of latestFiscalYear) */
  course: KpiCourseDto;
  /** 進捗状況 of every year with an actual, in fiscal-year order */
  courseByYear: KpiCourseDto[];
}

export interface KpiDto {
  id: string;
  planId: string;
  nodeId: string | null;
  nodeLabel: string | null;
  category: string;
  number: string;
  sortOrder: number;
  name: string;
  unit: string;
  scale: number;
  bound: KpiBound;
  /** 以下 / 以上 */
  boundLabel: string;
  baselineFiscalYear: number | null;
  baselineFiscalYearLabel: string | null;
  baselineValue: number | null;
  baselineText: string | null;
  baselineNote: string;
  targetFiscalYear: number | null;
  targetFiscalYearLabel: string | null;
  targetValue: number | null;
  /** the number alone (95.6, 0.0), for editing and beside a worded target */
  targetValueText: string | null;
  /** as printed: 95.6%以下, or the label (収支均衡) */
  targetText: string | null;
  targetLabel: string;
  description: string;
  departmentId: string | null;
  departmentName: string | null;
  version: number;
  updatedAt: string;
  /** the table row the values come from; null: entered by hand */
  source: KpiSourceDto | null;
  values: KpiValueDto[];
  evaluation: KpiEvaluationDto;
}

export interface KpiListDto {
  planId: string;
  /** fiscal years of the plan period (columns of the table) */
  fiscalYears: number[];
  items: KpiDto[];
}

// ───────────── request bodies (what the staff UI sends; the server's zod schemas accept them, checked at compile time) ─────────────

/** POST …/kpis (PATCH: any subset plus version). Values as typed: the server parses them with the KPI's scale. */
export interface KpiBody {
  category: string;
  number: string;
  name: string;
  unit: string;
  scale: number;
  bound: KpiBound;
  baselineFiscalYear: number | null;
  baselineValue: string;
  baselineNote: string;
  targetFiscalYear: number | null;
  targetValue: string;
  targetLabel: string;
  description: string;
  nodeId: string | null;
  departmentId: string | null;
  /** a row of the plan's financial / staffing tables to take the values from; null: entered by hand */
  sourceRowId?: string | null;
}

/** PUT …/kpis/:id/values: one year's actual or 年度目標 as typed; an empty value clears it. */
export interface KpiValueBody {
  version: number;
  fiscalYear: number;
  kind: KpiValueKind;
  value: string;
  note?: string;
}


/** A chart as the one renderer draws it (shared/charts): the SVG, its text alternative and its data table. */
export interface ChartDto {
  chart: {
    svg: string;
    alt: string;
    table: { caption: string; columns: string[]; rows: { label: string; cells: string[] }[] };
  } | null;
}
