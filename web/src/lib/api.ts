/**
 * JSON client for the gyokaku API. Types come from the server's contract
 * (src/shared/api-types.ts) so the two cannot drift apart.
 */
import type {
  ApiErrorBody,
  DepartmentDto,
  MunicipalityDto,
  NodeChangeDto,
  NodeDetailDto,
  NodeDto,
  PhaseDto,
  PlanDto,
  PlanSummaryDto,
  PlanTreeDto,
  RoadmapDto,
  TagDto,
} from '../../../src/shared/api-types.js';
import type { AuthMeDto, LoginBody, PasswordChangeBody, PasswordChangeResultDto } from '../../../src/shared/api-types-identity.js';
import type { ReportChangeDto } from '../../../src/shared/api-types-pdca.js';
import type { NotificationDto } from '../../../src/shared/api-types-views.js';

export type {
  ApiErrorBody,
  DepartmentDto,
  MunicipalityDto,
  NodeChangeDto,
  NodeDetailDto,
  NodeDto,
  PlanDto,
  PlanSummaryDto,
  PlanTreeDto,
  RoadmapDto,
  TagDto,
};
export type { PhaseDto };
export type {
  NodeDepartmentDto,
  RoadmapRowDto,
  TreeNodeDto,
} from '../../../src/shared/api-types.js';

export type {
  AuthMeDto,
  LoginBody,
  PasswordChangeBody,
  PasswordChangeResultDto,
  RoleCode,
  UserDepartmentDto,
} from '../../../src/shared/api-types-identity.js';
export type {
  LegendDto,
  LegendValueDto,
  PreviousAnswerDto,
  ReportActionDto,
  ReportAnswerDto,
  ReportChangeDto,
  ReportDetailDto,
  ReportDto,
  ReportEntryDto,
  ReportEventDto,
  ReportFieldDto,
  ReportInboxDto,
  ReportItemDto,
  ReportLegendsDto,
  ReportStateDto,
  RoundDto,
  RoundListDto,
  SchedulePhaseDto,
} from '../../../src/shared/api-types-pdca.js';
export type {
  AnswerRefDto,
  CalendarDto,
  NodeProgressDto,
  NotificationDto,
  NotificationListDto,
  PastAnswerDto,
  StatusByGroupDto,
} from '../../../src/shared/api-types-views.js';

export type FieldError = { path: string; message: string };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  readonly current: unknown;

  constructor(status: number, body: ApiErrorBody['error'] | null, fallback: string) {
    super(body?.message || fallback);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? (status === 0 ? 'network' : 'http');
    this.fields = Array.isArray(body?.fields) ? body.fields : [];
    this.current = body?.current;
  }
}

function statusMessage(status: number): string {
  if (status === 0) return 'サーバーに接続できませんでした。ネットワークの状態を確認してください。';
  if (status === 401) return 'ログインが必要です。';
  if (status === 403) return 'この操作を行う権限がありません。';
  if (status === 404) return '指定されたデータが見つかりません。';
  if (status === 409) return '他の利用者が先に更新しました。';
  if (status === 422) return '入力内容に誤りがあります。';
  if (status >= 500) return 'サーバーでエラーが発生しました。しばらくしてから再度お試しください。';
  return `要求を処理できませんでした（${status}）。`;
}

let onUnauthenticated: ((path: string) => void) | null = null;

/**
 * Called when any request is answered 401 `unauthenticated` (no session, or it
 * expired): lib/auth.tsx sends the user to the sign-in page and back afterwards.
 * Wrong credentials on the sign-in form come back with other codes.
 */
export function setUnauthenticatedHandler(handler: ((path: string) => void) | null): void {
  onUnauthenticated = handler;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        // CSRF guard for unsafe requests (docs/decisions/0004-sessions-and-csrf.md); same-origin, so no preflight.
        ...(method === 'GET' || method === 'HEAD' ? {} : { 'X-Requested-With': 'gyokaku' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, null, statusMessage(0));
  }
  const text = await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const err = (json as ApiErrorBody | null)?.error ?? null;
    if (res.status === 401 && err?.code === 'unauthenticated') onUnauthenticated?.(path);
    throw new ApiError(res.status, err && typeof err === 'object' ? err : null, statusMessage(res.status));
  }
  if (json === null && text) {
    throw new ApiError(res.status, null, 'サーバーの応答を読み取れませんでした。');
  }
  return json as T;
}

const enc = encodeURIComponent;

export const apiPaths = {
  me: () => '/api/me',
  authMe: () => '/api/auth/me',
  login: () => '/api/auth/login',
  logout: () => '/api/auth/logout',
  password: () => '/api/auth/password',
  municipalities: () => '/api/municipalities',
  departments: (code: string) => `/api/m/${enc(code)}/departments`,
  department: (code: string, id: string) => `/api/m/${enc(code)}/departments/${enc(id)}`,
  tags: (code: string) => `/api/m/${enc(code)}/tags`,
  tag: (code: string, id: string) => `/api/m/${enc(code)}/tags/${enc(id)}`,
  plans: (code: string) => `/api/m/${enc(code)}/plans`,
  plan: (code: string, planId: string) => `/api/m/${enc(code)}/plans/${enc(planId)}`,
  tree: (code: string, planId: string, asOf?: string) =>
    `/api/m/${enc(code)}/plans/${enc(planId)}/tree${asOf ? `?asOf=${enc(asOf)}` : ''}`,
  roadmap: (code: string, planId: string, params: URLSearchParams) => {
    const qs = params.toString();
    return `/api/m/${enc(code)}/plans/${enc(planId)}/roadmap${qs ? `?${qs}` : ''}`;
  },
  node: (code: string, planId: string, nodeId: string) =>
    `/api/m/${enc(code)}/plans/${enc(planId)}/nodes/${enc(nodeId)}`,
  nodes: (code: string, planId: string) => `/api/m/${enc(code)}/plans/${enc(planId)}/nodes`,
  changes: (code: string, planId: string) => `/api/m/${enc(code)}/plans/${enc(planId)}/changes`,
  planStages: (code: string, planId: string) => `/api/m/${enc(code)}/plans/${enc(planId)}/stages`,
  planRounds: (code: string, planId: string) => `/api/m/${enc(code)}/plans/${enc(planId)}/rounds`,
  round: (code: string, roundId: string) => `/api/m/${enc(code)}/rounds/${enc(roundId)}`,
  inbox: (code: string, roundId: string, departmentId?: string | null) =>
    `/api/m/${enc(code)}/rounds/${enc(roundId)}/reports${departmentId ? `?department=${enc(departmentId)}` : ''}`,
  report: (code: string, reportId: string) => `/api/m/${enc(code)}/reports/${enc(reportId)}`,
  progress: (code: string, planId: string, nodeId: string) =>
    `/api/m/${enc(code)}/plans/${enc(planId)}/nodes/${enc(nodeId)}/progress`,
  notifications: (code: string, opts: { unread?: boolean; limit?: number } = {}) => {
    const q = new URLSearchParams();
    if (opts.unread) q.set('unread', 'true');
    if (opts.limit) q.set('limit', String(opts.limit));
    const qs = q.toString();
    return `/api/m/${enc(code)}/notifications${qs ? `?${qs}` : ''}`;
  },
  calendar: (code: string, from?: string, to?: string) => {
    const q = new URLSearchParams();
    if (from) q.set('from', from);
    if (to) q.set('to', to);
    const qs = q.toString();
    return `/api/m/${enc(code)}/calendar${qs ? `?${qs}` : ''}`;
  },
  /** prefix of everything that belongs to one plan (for cache invalidation) */
  planPrefix: (code: string, planId: string) => `/api/m/${enc(code)}/plans/${enc(planId)}`,
};

export interface ChangeInput {
  kind?: 'edited' | 'revised';
  effectiveDate?: string;
  reason?: string;
  mark?: string;
}

export interface NodeInput {
  number: string;
  title: string;
  description: string;
  priority: boolean;
  isAction: boolean;
  departments: { id: string; lead: boolean }[];
  tagIds: string[];
  schedule: Record<string, string>;
}

export type CreateNodeBody = NodeInput & { parentId: string | null; change?: Omit<ChangeInput, 'kind'> };
export type PatchNodeBody = Partial<NodeInput> & { version: number; change?: ChangeInput };

/** GET /api/me: who the server thinks is acting (role as in the server's access policy). */
export interface MeDto {
  id: string;
  name: string;
  /** system_admin | secretariat | dept_reporter | dept_approver | viewer | council */
  role: string;
}

export interface PlanStageInput {
  stage: string;
  date: string;
  note?: string;
}

/** POST /plans (see planCreateBody in src/modules/plans/http/schemas.ts); years are Western. */
export interface CreatePlanBody {
  kind: string;
  title: string;
  firstFiscalYear: number;
  lastFiscalYear: number;
  philosophy?: string;
  parentPlanId?: string | null;
  levelNames: string[];
  phases?: PhaseDto[];
  stages?: PlanStageInput[];
}

/** PATCH /plans/:planId: only the changed fields, with the version the form started from. */
export type PatchPlanBody = Partial<Omit<CreatePlanBody, 'stages'>> & { version: number };

/** POST /departments: the whole record. */
export interface DepartmentBody {
  name: string;
  kind: string;
  /** 組織コード; null: none */
  code?: string | null;
  parentId: string | null;
  validFrom: string | null;
  validTo: string | null;
  successorId: string | null;
}

/** PATCH /departments/:id: the version the form started from; omitted fields keep their stored values. */
export type PatchDepartmentBody = Partial<DepartmentBody> & { version: number };

export interface TagBody {
  name: string;
  category: string;
}

/** PATCH /tags/:id: name and 分類 with the version the form started from. */
export type PatchTagBody = TagBody & { version: number };

export interface MunicipalityBody {
  code: string;
  name: string;
  /** '' = derived from the code by the server */
  prefecture: string;
}

/** PATCH /reports/:reportId: only the fields that changed, with the version the form started from. */
export interface ReportPatchBody {
  version: number;
  statusCode?: string | null;
  achievementCode?: string | null;
  narrative?: string;
  issues?: string;
  nextPlan?: string;
  /** integer yen, or what was typed ("1,200,000") for the server to read */
  effectRevenueYen?: number | string | null;
  effectExpenseYen?: number | string | null;
  effectKind?: 'one_off' | 'recurring' | null;
  /** tenths of an hour */
  hoursSavedTenths?: number | null;
  numbers?: Record<string, string>;
}

export type ReportTransitionAction = 'submit' | 'approve' | 'return_by_approver' | 'accept' | 'return_by_secretariat' | 'reopen';

export const api = {
  login: (body: LoginBody) =>
    request<AuthMeDto>('POST', apiPaths.login(), body),
  logout: () => request<{ ok: true }>('POST', apiPaths.logout(), {}),
  changePassword: (body: PasswordChangeBody) =>
    request<PasswordChangeResultDto>('POST', apiPaths.password(), body),
  patchReport: (code: string, reportId: string, body: ReportPatchBody) =>
    request<ReportChangeDto>('PATCH', apiPaths.report(code, reportId), body),
  transitionReport: (code: string, reportId: string, body: { action: ReportTransitionAction; version: number; comment?: string }) =>
    request<ReportChangeDto>(
      'POST',
      `${apiPaths.report(code, reportId)}/transitions`,
      body,
    ),
  markNotificationRead: (code: string, id: string) =>
    request<NotificationDto>(
      'POST',
      `/api/m/${enc(code)}/notifications/${enc(id)}/read`,
    ),
  markAllNotificationsRead: (code: string) => request<{ updated: number }>('POST', `/api/m/${enc(code)}/notifications/read-all`, {}),
  createMunicipality: (body: MunicipalityBody) => request<MunicipalityDto>('POST', apiPaths.municipalities(), body),
  createPlan: (code: string, body: CreatePlanBody) => request<PlanDto>('POST', apiPaths.plans(code), body),
  patchPlan: (code: string, planId: string, body: PatchPlanBody) =>
    request<PlanDto>('PATCH', apiPaths.plan(code, planId), body),
  addPlanStage: (code: string, planId: string, body: PlanStageInput) =>
    request<PlanDto>('POST', apiPaths.planStages(code, planId), body),
  createDepartment: (code: string, body: DepartmentBody) =>
    request<DepartmentDto>('POST', apiPaths.departments(code), body),
  patchDepartment: (code: string, id: string, body: PatchDepartmentBody) =>
    request<DepartmentDto>('PATCH', apiPaths.department(code, id), body),
  createTag: (code: string, body: TagBody) => request<TagDto>('POST', apiPaths.tags(code), body),
  patchTag: (code: string, id: string, body: PatchTagBody) => request<TagDto>('PATCH', apiPaths.tag(code, id), body),
  createNode: (code: string, planId: string, body: CreateNodeBody) =>
    request<NodeDetailDto>('POST', apiPaths.nodes(code, planId), body),
  patchNode: (code: string, planId: string, nodeId: string, body: PatchNodeBody) =>
    request<NodeDetailDto>('PATCH', apiPaths.node(code, planId, nodeId), body),
  stopNode: (
    code: string,
    planId: string,
    nodeId: string,
    body: { version: number; effectiveDate: string; reason: string },
  ) => request<NodeDetailDto>('POST', `${apiPaths.node(code, planId, nodeId)}/stop`, body),
  mergeNode: (
    code: string,
    planId: string,
    nodeId: string,
    body: { version: number; intoId: string; effectiveDate: string; reason: string },
  ) => request<NodeDetailDto>('POST', `${apiPaths.node(code, planId, nodeId)}/merge`, body),
  moveNode: (
    code: string,
    planId: string,
    nodeId: string,
    body: { version: number; parentId: string | null; position: number },
  ) => request<NodeDetailDto>('POST', `${apiPaths.node(code, planId, nodeId)}/move`, body),
};
