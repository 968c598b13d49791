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
  PlanDto,
  PlanSummaryDto,
  PlanTreeDto,
  RoadmapDto,
  TagDto,
} from '../../../src/shared/api-types.js';

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
export type {
  NodeDepartmentDto,
  PhaseDto,
  RoadmapRowDto,
  TreeNodeDto,
} from '../../../src/shared/api-types.js';

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

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
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
    throw new ApiError(res.status, err && typeof err === 'object' ? err : null, statusMessage(res.status));
  }
  if (json === null && text) {
    throw new ApiError(res.status, null, 'サーバーの応答を読み取れませんでした。');
  }
  return json as T;
}

const enc = encodeURIComponent;

export const apiPaths = {
  municipalities: () => '/api/municipalities',
  departments: (code: string) => `/api/m/${enc(code)}/departments`,
  tags: (code: string) => `/api/m/${enc(code)}/tags`,
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

export const api = {
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
