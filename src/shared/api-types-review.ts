/**
 * JSON shapes of the review-body (会議体・意見) and audit-log APIs. Types only:
 * the presenters produce exactly these and the staff UI imports them as types.
 */

// ───────────── meetings (会議) ─────────────

export interface MeetingMemberDto {
  name: string;
  /** 本部長, 会長, 委員 … (free text) */
  role: string;
}

export interface AgendaItemDto {
  id: string;
  /** 0-based position */
  sortOrder: number;
  title: string;
  /** linked progress round (照会), if any */
  roundId: string | null;
  roundLabel: string | null;
  /** linked plan item, if any; planId is for building the item's link */
  nodeId: string | null;
  nodeNumber: string | null;
  nodeTitle: string | null;
  planId: string | null;
}

export interface OpinionCountsDto {
  open: number;
  answered: number;
  closed: number;
}

export interface MeetingSummaryDto {
  id: string;
  /** 推進本部 / 幹事会 / 専門部会 / 審議会, or another name (free text) */
  body: string;
  /** true when body is one of the four standard bodies */
  standardBody: boolean;
  title: string;
  /** YYYY-MM-DD */
  heldOn: string;
  /** e.g. 令和8年5月20日 */
  heldOnLabel: string;
  memberCount: number;
  agendaCount: number;
  opinions: OpinionCountsDto;
  /** when its opinions and responses were published for citizens (公表); null = not published */
  publishedAt: string | null;
  /** e.g. 令和8年6月1日; '' when not published */
  publishedOnLabel: string;
  version: number;
}

export interface MeetingDto extends MeetingSummaryDto {
  /** why it cannot be published now (empty: it can); the public page is /m/:code/council */
  publishProblems: string[];
  members: MeetingMemberDto[];
  /** 議事録 (plain text) */
  minutes: string;
  agenda: AgendaItemDto[];
  createdAt: string;
}

export interface MeetingListDto {
  items: MeetingSummaryDto[];
  /** the four standard bodies, for choices (other names are accepted) */
  standardBodies: string[];
  /** suggested member roles (other roles are accepted) */
  memberRoles: string[];
}

// ───────────── opinions (意見) ─────────────

export type OpinionStateDto = 'open' | 'answered' | 'closed';

/** What the current user may do with this opinion now (policy and state combined), for buttons. */
export interface OpinionPermissionsDto {
  edit: boolean;
  assign: boolean;
  respond: boolean;
  return: boolean;
  close: boolean;
}

export interface OpinionDto {
  id: string;
  state: OpinionStateDto;
  /** 対応方針待ち / 回答済み（事務局確認待ち） / 完了 */
  stateLabel: string;
  body: string;
  meeting: { id: string; title: string; body: string; heldOn: string } | null;
  /** null for a general opinion (not about one item) */
  node: { id: string; planId: string; number: string; title: string } | null;
  assignedDepartment: { id: string; name: string } | null;
  /** 対応方針 */
  response: string;
  respondedBy: string | null;
  respondedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  /** 回答期限 as set by the secretariat (YYYY-MM-DD); null: not set, the default rule applies */
  dueOn: string | null;
  /** the deadline in force: dueOn, or the day recorded (JST) + OpinionListDto.responseDays */
  effectiveDueOn: string;
  /** true when effectiveDueOn comes from the default rule (dueOn is null) */
  dueOnIsDefault: boolean;
  /** open, assigned and past effectiveDueOn */
  overdue: boolean;
  /** the secretariat's comment when it last sent the answer back (state is open again), else null */
  returnComment: string | null;
  can: OpinionPermissionsDto;
  version: number;
}

export interface OpinionEventDto {
  at: string;
  actor: string;
  action: string;
  /** 登録, 担当課の割当て, 対応方針の回答, 差戻し, 完了, 修正 */
  actionLabel: string;
  /** return comment, or the department assigned */
  detail: string;
}

export interface OpinionDetailDto extends OpinionDto {
  history: OpinionEventDto[];
}

export interface OpinionListDto {
  items: OpinionDto[];
  total: number;
  page: number;
  pageSize: number;
  /** days a department has to answer when no 回答期限 is set */
  responseDays: number;
  /** JST date `overdue` is judged on */
  asOf: string;
}

export interface OpinionDepartmentCountDto {
  /** null: not yet assigned (未割当) */
  departmentId: string | null;
  departmentName: string;
  open: number;
  /** open and past the due date */
  overdue: number;
  answered: number;
  closed: number;
}

export interface OpinionSummaryDto {
  /** JST date the overdue figures are computed for */
  asOf: string;
  responseDays: number;
  departments: OpinionDepartmentCountDto[];
  totals: { open: number; overdue: number; answered: number; closed: number };
}

// ───────────── audit log (監査ログ) ─────────────

export interface AuditEntryDto {
  id: string;
  /** ISO 8601 (UTC) */
  at: string;
  /** YYYY-MM-DD HH:mm:ss in Asia/Tokyo */
  atJst: string;
  /** stored as "id:name" */
  actor: string;
  actorId: string;
  actorName: string;
  /** 接続元 IP */
  ip: string;
  action: string;
  /** Japanese label when known, else the code */
  actionLabel: string;
  entity: string;
  entityLabel: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export interface AuditPageDto {
  items: AuditEntryDto[];
  total: number;
  page: number;
  pageSize: number;
}
