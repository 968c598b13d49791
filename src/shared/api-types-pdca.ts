/**
 * JSON shapes of the PDCA API (凡例・照会・進捗報告). The presenters in
 * src/modules/pdca/presenters produce exactly these and the staff UI imports them.
 * Errors use ApiErrorBody from ./api-types.ts; on a 409 for a report, `error.current`
 * is the stored ReportDto.
 */
import type { NodeDepartmentDto } from './api-types.js';
import type { DeadlineDto, FiscalYearDto } from './api-types-views.js';

// ───────────── legends (凡例) ─────────────

export type LegendAxisDto = 'status' | 'achievement';

export interface LegendValueDto {
  code: string;
  /** printed mark: ○ △ × － / S A B C … */
  symbol: string;
  label: string;
  /** printed under every table */
  definition: string;
  /** counts as done (実施済み・完了) */
  done: boolean;
}

export interface LegendDto {
  axis: LegendAxisDto;
  name: string;
  values: LegendValueDto[];
  /** the preset these values are equal to, if any */
  presetKey: string | null;
  /** false: the default (○△×－) shown because nothing was saved yet */
  stored: boolean;
  /** 0 when not stored; send it back on PUT */
  version: number;
  /** e.g. 「○」実施済み 「△」一部実施 … */
  line: string;
}

export interface LegendPresetDto {
  key: string;
  name: string;
  values: LegendValueDto[];
}

export interface PlanLegendsDto {
  planId: string;
  status: LegendDto;
  /** second, independent axis (達成度); null when the plan has none */
  achievement: LegendDto | null;
  presets: LegendPresetDto[];
}

// ───────────── rounds (照会) ─────────────

export type RoundStateDto = 'draft' | 'open' | 'closed';
export type ReportStateDto = 'not_started' | 'draft' | 'submitted' | 'returned' | 'approved' | 'accepted';
export type ReportActionDto = 'save' | 'submit' | 'approve' | 'return_by_approver' | 'accept' | 'return_by_secretariat' | 'reopen';
export type ReportFieldDto = 'status' | 'achievement' | 'narrative' | 'issues' | 'nextPlan' | 'effect' | 'hoursSaved' | 'numbers';

export interface RoundDto extends RoundSummaryDto {
  /** reports per state (all departments) */
  counts: { total: number } & Record<ReportStateDto, number>;
}

/** A round as one report's view shows it: without the counts over all its reports. */
export interface RoundSummaryDto {
  id: string;
  planId: string;
  /** e.g. 令和8年度末見込み */
  label: string;
  asOfDate: string;
  targetFiscalYear: number;
  /** 令和8年度 */
  targetFiscalYearLabel: string;
  deadline: string;
  state: RoundStateDto;
  /** 準備中 / 照会中 / 締切済み */
  stateLabel: string;
  /** asked fields, in canonical order */
  fields: ReportFieldDto[];
  fieldLabels: Record<ReportFieldDto, string>;
  previousRoundId: string | null;
  previousRoundLabel: string | null;
  /** the items it asks about: kept on the draft or recorded when opened; null = not chosen (all, when opened) */
  scope: { mode: 'all' | 'scheduled' | 'nodes'; modeLabel: string; nodeIds: string[] } | null;
  openedAt: string | null;
  closedAt: string | null;
  /** when its progress table was last published for citizens (公表); null = not published */
  publishedAt: string | null;
  /** published since it was last closed: review after closing is over until the round is reopened */
  published: boolean;
  version: number;
  createdAt: string;
}

export interface RoundListDto {
  items: RoundDto[];
}

/** A round in the municipality-wide list (GET /api/m/:code/rounds): the round with its counts, and its plan. */
export interface MunicipalityRoundDto extends RoundDto {
  plan: { id: string; title: string };
  /** the deadline seen from today in Japan (Asia/Tokyo): daysLeft, あと3日 / 本日締切 / 2日超過 */
  deadlineStatus: DeadlineDto;
  /** reports handed in (submitted + approved + accepted): 提出済 n／全 counts.total */
  submitted: number;
}

/** The municipality's rounds across plans, newest first (as-of date). */
export interface MunicipalityRoundListDto {
  /** today in Japan, the day daysLeft counts from */
  today: string;
  /** the filter applied; states empty = every state */
  filter: { states: RoundStateDto[]; planId: string | null; fiscalYear: number | null };
  items: MunicipalityRoundDto[];
  /** plans and target fiscal years that have rounds (not narrowed by the filter): the choices of the filter controls */
  choices: { plans: { id: string; title: string }[]; fiscalYears: FiscalYearDto[] };
}

// ───────────── reports (進捗報告) ─────────────

export interface ReportAnswerDto {
  statusCode: string | null;
  achievementCode: string | null;
  narrative: string;
  issues: string;
  nextPlan: string;
  /** integer yen */
  effectRevenueYen: number | null;
  /** integer yen */
  effectExpenseYen: number | null;
  effectKind: 'one_off' | 'recurring' | null;
  /** tenths of an hour per year (125 = 12.5時間) */
  hoursSavedTenths: number | null;
  numbers: Record<string, string>;
}

export interface ReportDto extends ReportAnswerDto {
  id: string;
  roundId: string;
  nodeId: string;
  state: ReportStateDto;
  stateLabel: string;
  /** the last return's reason, until the next submission */
  returnComment: string;
  version: number;
  updatedBy: string;
  /** who last changed the contents or submitted them ("id:name"); the approver must be someone else (職務の分離) */
  lastWriter: string;
  updatedAt: string;
  submittedAt: string | null;
}

/** Last round's answer for the same item (the 「前回の内容をコピー」 button). */
export interface PreviousAnswerDto extends ReportAnswerDto {
  reportId: string;
  roundId: string;
  roundLabel: string;
  asOfDate: string;
  state: ReportStateDto;
  stateLabel: string;
}

export interface ReportItemDto {
  id: string;
  number: string;
  title: string;
  levelName: string;
  status: 'active' | 'stopped' | 'merged';
  /** ancestors, top first (重点項目 › 施策) */
  path: { id: string; number: string; title: string; levelName: string }[];
  /** lead first */
  departments: NodeDepartmentDto[];
}

export interface SchedulePhaseDto {
  fiscalYear: number;
  fiscalYearLabel: string;
  code: string;
  label: string;
  symbol: string | null;
}

export interface ReportEntryDto {
  report: ReportDto;
  item: ReportItemDto;
  /** the item's schedule phase in the round's target fiscal year; null if none */
  phase: SchedulePhaseDto | null;
  previous: PreviousAnswerDto | null;
  /** the round's deadline (YYYY-MM-DD) */
  deadline: string;
  /** what the current user may do now (policy × workflow state × round state) */
  allowedActions: ReportActionDto[];
  /** why 承認 is not offered to the current user though their role could approve now (they wrote or submitted it last); null otherwise */
  approvalNote: string | null;
}

export interface ReportLegendsDto {
  status: LegendDto;
  achievement: LegendDto | null;
}

export interface ReportInboxDto {
  round: RoundDto;
  legends: ReportLegendsDto;
  /** the department asked for; null = all the user may see */
  department: { id: string; name: string } | null;
  entries: ReportEntryDto[];
  total: number;
}

export interface ReportEventDto {
  id: string;
  at: string;
  actor: string;
  action: string;
  actionLabel: string;
  fromState: string;
  toState: string;
  comment: string;
}

export interface ReportDetailDto extends ReportEntryDto {
  round: RoundSummaryDto;
  legends: ReportLegendsDto;
  /** workflow history, oldest first */
  events: ReportEventDto[];
}

/**
 * The answer to an autosave (PATCH) or a transition: the saved report, what the user may
 * do now, and the workflow event the change wrote (null when a save left the state as it was).
 * The rest of the report's view does not change with a save; the client keeps it.
 */
export interface ReportChangeDto {
  report: ReportDto;
  allowedActions: ReportActionDto[];
  /** as ReportEntryDto.approvalNote */
  approvalNote: string | null;
  event: ReportEventDto | null;
}
