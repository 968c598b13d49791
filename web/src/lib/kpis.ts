/** API of 数値目標・KPI for the staff UI: paths, bodies and calls (types from the server's contract). */
import type { KpiBody, KpiDto, KpiListDto, KpiValueBody } from '../../../src/shared/api-types-kpis.js';
import { request } from './api';

export type { KpiBody, KpiDto, KpiListDto, KpiValueBody };
export type { KpiValueDto, KpiStatus, KpiBound, KpiValueKind, KpiCourseDto, KpiCourseStatus } from '../../../src/shared/api-types-kpis.js';

const enc = encodeURIComponent;

export const kpiPaths = {
  list: (code: string, planId: string) => `/api/m/${enc(code)}/plans/${enc(planId)}/kpis`,
  one: (code: string, planId: string, kpiId: string) => `/api/m/${enc(code)}/plans/${enc(planId)}/kpis/${enc(kpiId)}`,
};

export const kpiApi = {
  get: (code: string, planId: string, kpiId: string) => request<KpiDto>('GET', kpiPaths.one(code, planId, kpiId)),
  create: (code: string, planId: string, body: KpiBody) => request<KpiDto>('POST', kpiPaths.list(code, planId), body),
  update: (code: string, planId: string, kpiId: string, body: Partial<KpiBody> & { version: number }) =>
    request<KpiDto>('PATCH', kpiPaths.one(code, planId, kpiId), body),
  remove: (code: string, planId: string, kpiId: string, version: number) =>
    request<null>('DELETE', `${kpiPaths.one(code, planId, kpiId)}?version=${version}`),
  setValue: (code: string, planId: string, kpiId: string, body: KpiValueBody) => request<KpiDto>('PUT', `${kpiPaths.one(code, planId, kpiId)}/values`, body),
};

/** The server sends the stored KPI with a 409; accept it only if it is the one being edited. */
export function kpiFromConflict(current: unknown, id: string): KpiDto | null {
  if (!current || typeof current !== 'object') return null;
  const c = current as Partial<KpiDto>;
  return c.id === id && typeof c.version === 'number' && Array.isArray(c.values) ? (c as KpiDto) : null;
}
