/** API of 数値目標・KPI for the staff UI: paths, bodies and calls (types from the server's contract). */
import type { KpiDto, KpiListDto } from '../../../src/shared/api-types-kpis.js';
import { request } from './api';

export type { KpiDto, KpiListDto };
export type { KpiValueDto, KpiStatus, KpiBound } from '../../../src/shared/api-types-kpis.js';

const enc = encodeURIComponent;

export const kpiPaths = {
  list: (code: string, planId: string) => `/api/m/${enc(code)}/plans/${enc(planId)}/kpis`,
  one: (code: string, planId: string, kpiId: string) => `/api/m/${enc(code)}/plans/${enc(planId)}/kpis/${enc(kpiId)}`,
};

/** What the form sends: values as typed (the server parses them with the KPI's scale). */
export interface KpiBody {
  category: string;
  number: string;
  name: string;
  unit: string;
  scale: number;
  bound: string;
  baselineFiscalYear: number | null;
  baselineValue: string;
  baselineNote: string;
  targetFiscalYear: number | null;
  targetValue: string;
  targetLabel: string;
  description: string;
  nodeId: string | null;
  departmentId: string | null;
}

export const kpiApi = {
  create: (code: string, planId: string, body: KpiBody) => request<KpiDto>('POST', kpiPaths.list(code, planId), body),
  update: (code: string, planId: string, kpiId: string, body: Partial<KpiBody> & { version: number }) =>
    request<KpiDto>('PATCH', kpiPaths.one(code, planId, kpiId), body),
  remove: (code: string, planId: string, kpiId: string, version: number) =>
    request<null>('DELETE', `${kpiPaths.one(code, planId, kpiId)}?version=${version}`),
  setValue: (code: string, planId: string, kpiId: string, body: { version: number; fiscalYear: number; kind: 'actual'; value: string; note?: string }) =>
    request<KpiDto>('PUT', `${kpiPaths.one(code, planId, kpiId)}/values`, body),
};
