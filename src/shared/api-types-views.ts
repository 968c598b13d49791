/**
 * JSON shapes of the PDCA computed views, item progress, chasing, notifications
 * and the deadline calendar. Every count is an IdCountDto: the number travels
 * with the ids of the rows that make it, so the UI can link each published
 * figure to its items (the items themselves are in `nodes`).
 */
import type { LegendValue } from '../modules/pdca/domain/legend.js';
import type { ReportState, RoundState } from '../modules/pdca/domain/workflow.js';

export interface IdCountDto {
  count: number;
  nodeIds: string[];
}

/** Which answers count: submitted (submitted/approved/accepted, default), accepted only, or all saved answers. */
export type AnswerBasisDto = 'submitted' | 'accepted' | 'all';
/** status = 着手状況 legend, achievement = 達成度 legend */
export type AxisDto = 'status' | 'achievement';

export interface FiscalYearDto {
  year: number;
  /** 令和8年度 */
  label: string;
  /** R8 */
  short: string;
}

export interface ViewRoundDto {
  id: string;
  planId: string;
  planTitle: string;
  label: string;
  asOfDate: string;
  deadline: string;
  targetFiscalYear: FiscalYearDto;
  state: RoundState;
  /** 準備中 / 照会中 / 締切済み */
  stateLabel: string;
  previousRoundId: string | null;
}

export interface DeadlineDto {
  date: string;
  /** 令和8年6月30日 */
  label: string;
  /** calendar days from today in Japan (Asia/Tokyo); 0 = today, negative = past */
  daysLeft: number;
  overdue: boolean;
  /** あと3日 / 本日締切 / 2日超過 */
  text: string;
}

/** An item as the views list it. */
export interface ViewItemDto {
  id: string;
  number: string;
  title: string;
  depth: number;
  levelName: string;
  /** ancestors, top first */
  path: { id: string; number: string; title: string; levelName: string }[];
  status: string;
  departments: { id: string; name: string; lead: boolean }[];
  leadDepartment: { id: string; name: string } | null;
}

/** A status column: a legend value, a code not in the legend, or code null = 未回答. */
export interface StatusKeyDto {
  code: string | null;
  symbol: string;
  label: string;
  done: boolean;
  inLegend: boolean;
}

export interface LegendDto {
  name: string;
  axis: AxisDto;
  values: LegendValue[];
}

/** An answer as shown in a cell. */
export interface AnswerRefDto {
  roundId: string;
  roundLabel: string;
  reportState: ReportState;
  code: string;
  symbol: string;
  label: string;
  done: boolean;
}

interface ViewBase {
  round: ViewRoundDto;
  basis: AnswerBasisDto;
  /** every item referenced by the figures, in tree order */
  nodes: ViewItemDto[];
}

/** GET /rounds/:roundId/views/scheduled — ● items of the target fiscal year */
export interface ScheduledViewDto extends ViewBase {
  fiscalYear: FiscalYearDto;
  total: IdCountDto;
  rows: { nodeId: string; phase: { code: string; label: string; symbol?: string }; answer: AnswerRefDto | null }[];
}

/** GET /rounds/:roundId/views/overdue */
export interface OverdueViewDto extends ViewBase {
  total: IdCountDto;
  rows: {
    nodeId: string;
    /** schedule years before the target year */
    scheduledYears: (FiscalYearDto & { phase: string })[];
    /** latest counted answer (this round, else the latest earlier round); null = never answered */
    latest: AnswerRefDto | null;
  }[];
}

export interface StatusCellDto extends IdCountDto {
  code: string | null;
}

export interface StatusRowDto {
  /** group node or department; null = items above the chosen depth / without a department */
  id: string | null;
  number: string;
  label: string;
  total: IdCountDto;
  /** aligned with `statuses` */
  cells: StatusCellDto[];
}

interface StatusTableBase extends ViewBase {
  axis: AxisDto;
  legend: LegendDto | null;
  statuses: StatusKeyDto[];
  rows: StatusRowDto[];
  /** every item once */
  total: StatusRowDto;
}

/** GET /rounds/:roundId/views/status-by-group?depth= */
export interface StatusByGroupDto extends StatusTableBase {
  depth: number;
  levelName: string;
}

/** GET /rounds/:roundId/views/status-by-department?coOwners= */
export interface StatusByDepartmentDto extends StatusTableBase {
  /** true: an item counts under each of its departments (rows add up to more than the total) */
  coOwners: boolean;
}

/** GET /rounds/:roundId/views/change — against rounds.previous_round_id */
export interface ChangeViewDto extends ViewBase {
  previousRound: ViewRoundDto;
  axis: AxisDto;
  legend: LegendDto | null;
  statuses: StatusKeyDto[];
  rows: { code: string | null; now: IdCountDto; before: IdCountDto; /** 増減 */ delta: number }[];
  total: { now: IdCountDto; before: IdCountDto; delta: number };
  changed: { nodeId: string; before: AnswerRefDto | null; after: AnswerRefDto | null; inBefore: boolean; inNow: boolean }[];
}

export interface CompletionRowDto {
  department: { id: string; name: string } | null;
  items: IdCountDto;
  /** submitted / approved / accepted */
  submitted: IdCountDto;
  accepted: IdCountDto;
  notYet: IdCountDto;
  /** submitted ÷ items, percent rounded down */
  percent: number;
}

/** GET /rounds/:roundId/views/completion?coOwners= */
export interface CompletionViewDto extends ViewBase {
  deadline: DeadlineDto;
  coOwners: boolean;
  rows: CompletionRowDto[];
  total: CompletionRowDto;
}

// ───────────── item progress ─────────────

export interface ReportEventDto {
  at: string;
  actor: string;
  action: string;
  actionLabel: string;
  fromState: string;
  toState: string;
  comment: string;
}

export interface PastAnswerDto {
  round: ViewRoundDto;
  reportId: string;
  state: ReportState;
  stateLabel: string;
  status: AnswerRefDto | null;
  achievement: AnswerRefDto | null;
  narrative: string;
  issues: string;
  nextPlan: string;
  /** integer yen */
  effectRevenueYen: number | null;
  effectExpenseYen: number | null;
  effectKind: string | null;
  /** tenths of an hour per year */
  hoursSavedTenths: number | null;
  numbers: Record<string, string>;
  returnComment: string;
  updatedBy: string;
  updatedAt: string;
  submittedAt: string | null;
  /** oldest first */
  events: ReportEventDto[];
}

/** GET /plans/:planId/nodes/:nodeId/progress */
export interface NodeProgressDto {
  plan: { id: string; title: string };
  node: ViewItemDto;
  basis: AnswerBasisDto;
  legends: LegendDto[];
  /** one column per fiscal year of the plan (R1…R4 of the printed table) */
  fiscalYears: (FiscalYearDto & {
    /** schedule phase code for that year, null = not scheduled */
    phase: string | null;
    status: AnswerRefDto | null;
    achievement: AnswerRefDto | null;
    /** from a round still open (not final) */
    provisional: boolean;
  })[];
  /** every answer in every round, newest first */
  answers: PastAnswerDto[];
}

// ───────────── chasing ─────────────

export interface MissingItemDto {
  nodeId: string;
  /** null = no report row yet */
  state: ReportState | null;
  stateLabel: string;
}

/** GET /rounds/:roundId/missing */
export interface MissingDto {
  round: ViewRoundDto;
  deadline: DeadlineDto;
  total: IdCountDto;
  departments: {
    department: { id: string; name: string } | null;
    missing: IdCountDto;
    items: MissingItemDto[];
    /** reporters/approvers of the department who would be reminded */
    userIds: string[];
  }[];
  /** 'own_departments' when a 担当課 user reads it: only their departments' people */
  peopleScope: 'all' | 'own_departments';
  people: {
    userId: string;
    name: string;
    role: string;
    roleLabel: string;
    hasEmail: boolean;
    departments: { id: string; name: string }[];
    missing: IdCountDto;
  }[];
  nodes: ViewItemDto[];
}

/** POST /rounds/:roundId/reminders */
export interface ReminderResultDto {
  roundId: string;
  notified: { userId: string; name: string; notificationId: string; emailQueued: boolean; missing: IdCountDto }[];
  emailEnabled: boolean;
  emailsQueued: number;
  /** departments with missing items but no reporter/approver to notify */
  departmentsWithoutPeople: { id: string; name: string }[];
}

export interface NotificationDto {
  id: string;
  userId: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

/** GET /notifications */
export interface NotificationListDto {
  userId: string;
  unread: number;
  items: NotificationDto[];
}

/** GET /calendar?from=&to= */
export interface CalendarDto {
  from: string;
  to: string;
  today: string;
  items: { round: ViewRoundDto; deadline: DeadlineDto }[];
}
