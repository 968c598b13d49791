/**
 * JSON shapes served by the HTTP API. The presenters produce exactly these and
 * the staff UI imports them, so the two cannot drift apart.
 */

export interface ApiErrorBody {
  error: {
    /** validation | not_found | conflict (stale version) | duplicate | forbidden | bad_request | internal … */
    code: string;
    /** Japanese, for people */
    message: string;
    /** per-field messages; path uses dots, e.g. "schedule.2026" or "departments.0" */
    fields?: { path: string; message: string }[];
    /** on conflict: the stored version the client did not see */
    current?: unknown;
  };
}

export interface MunicipalityDto {
  id: string;
  code: string;
  name: string;
  prefecture: string;
}

/** GET/PUT /api/m/:code/settings */
export interface MunicipalitySettingsDto {
  /** 自己承認: the last writer of a report may approve it (off: 職務の分離) */
  allowSelfApproval: boolean;
  /** from which state departments read the answers of items other departments carry: 事務局の確認後 / 提出後 */
  othersReadFrom: 'accepted' | 'submitted';
  /** whether the current user may change these (system administrators) */
  editable: boolean;
}

export interface DepartmentDto {
  id: string;
  /** 組織コード: the key of the organisation CSV (null for departments registered without one) */
  code: string | null;
  name: string;
  kind: string;
  parentId: string | null;
  validFrom: string | null;
  validTo: string | null;
  successorId: string | null;
  /** true when valid today */
  active: boolean;
  /** optimistic locking: PATCH sends the version the form was started from */
  version: number;
}

export interface TagDto {
  id: string;
  name: string;
  category: string;
  /** optimistic locking: PATCH sends the version the form was started from */
  version: number;
}

export interface PhaseDto {
  code: string;
  label: string;
  symbol?: string;
}

export interface PlanSummaryDto {
  id: string;
  kind: string;
  title: string;
  firstFiscalYear: number;
  lastFiscalYear: number;
  /** e.g. 令和7年度〜令和11年度 */
  periodLabel: string;
  stage: string;
  parentPlanId: string | null;
  nodeCount: number;
  actionCount: number;
}

export interface PlanDto extends PlanSummaryDto {
  philosophy: string;
  levelNames: string[];
  phases: PhaseDto[];
  stages: { id: string; stage: string; date: string; note: string }[];
  links: { planId: string; title: string; relation: string }[];
  /** fiscal years of the period with labels, for column headers */
  fiscalYears: { year: number; label: string; short: string }[];
  version: number;
}

export interface NodeDepartmentDto {
  id: string;
  name: string;
  lead: boolean;
}

export interface NodeDto {
  id: string;
  parentId: string | null;
  depth: number;
  /** order among siblings */
  sortOrder: number;
  /** level name from the plan, e.g. 施策 */
  levelName: string;
  number: string;
  title: string;
  description: string;
  priority: boolean;
  isAction: boolean;
  status: 'active' | 'stopped' | 'merged';
  mergedIntoId: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
  departments: NodeDepartmentDto[];
  tagIds: string[];
  /** fiscal year → phase code */
  schedule: Record<string, string>;
  /** printed revision marks, e.g. 【R2年度改訂】 */
  marks: string[];
  version: number;
}

export interface TreeNodeDto extends NodeDto {
  children: TreeNodeDto[];
}

export interface PlanTreeDto {
  plan: PlanDto;
  /** ISO date when the tree is shown as it stood on that day; null = now */
  asOf: string | null;
  roots: TreeNodeDto[];
  tags: TagDto[];
}

export interface RoadmapRowDto {
  id: string;
  /** ancestors' titles, top first (施策 levels) */
  path: { id: string; number: string; title: string; levelName: string }[];
  number: string;
  title: string;
  priority: boolean;
  status: NodeDto['status'];
  departments: NodeDepartmentDto[];
  tagIds: string[];
  schedule: Record<string, string>;
}

export interface RoadmapDto {
  plan: PlanDto;
  fiscalYears: { year: number; label: string; short: string }[];
  rows: RoadmapRowDto[];
  total: number;
}

export interface NodeChangeDto {
  id: string;
  nodeId: string;
  nodeTitle: string;
  nodeNumber: string;
  kind: string;
  /** Japanese label of the kind: 追加, 変更, 統合, 中止 … */
  kindLabel: string;
  effectiveDate: string;
  mark: string;
  reason: string;
  recordedAt: string;
  recordedBy: string;
  snapshot: Record<string, unknown>;
}

export interface NodeDetailDto {
  node: NodeDto;
  path: { id: string; number: string; title: string; levelName: string }[];
  changes: NodeChangeDto[];
}
