/** API of 数値目標・KPI for the staff UI: paths, bodies and calls (types from the server's contract). */
import type { KpiBody, KpiDto, KpiListDto, KpiValueBody } from '../../../src/shared/api-types-kpis.js';
import type { FiscalTableDto, FiscalTableListDto } from '../../../src/shared/api-types-finance.js';
import { sourceLabel, sourceRowName } from '../../../src/modules/kpis/domain/source.js';
import { request } from './api';

export type { KpiBody, KpiDto, KpiListDto, KpiValueBody, FiscalTableDto, FiscalTableListDto };
export type { KpiValueDto, KpiStatus, KpiBound, KpiValueKind, KpiCourseDto, KpiCourseStatus, KpiSourceDto } from '../../../src/shared/api-types-kpis.js';

const enc = encodeURIComponent;

export const kpiPaths = {
  list: (code: string, planId: string) => `/api/m/${enc(code)}/plans/${enc(planId)}/kpis`,
  one: (code: string, planId: string, kpiId: string) => `/api/m/${enc(code)}/plans/${enc(planId)}/kpis/${enc(kpiId)}`,
  /** the plan's 財政計画・定員管理 tables: their rows are what a KPI can take its values from */
  fiscalTables: (code: string, planId: string) => `/api/m/${enc(code)}/plans/${enc(planId)}/fiscal-tables`,
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

// ───────────── rows of the financial / staffing tables a KPI can take its values from ─────────────

/** 単位: %・小数第1位 — how a table stores its figures, as the choice of a source row shows it. */
export function tableUnitText(t: Pick<FiscalTableDto, 'unit' | 'scale' | 'valueKind'>): string {
  const unit = t.unit || 'なし';
  return t.valueKind === 'yen' || t.scale === 0 ? `単位: ${unit}` : `単位: ${unit}・小数第${t.scale}位`;
}

/** A row as the select lists it (the domain's rule, shared with the server's names). */
export const sourceRowText = sourceRowName;

/** 「基金残高」の「財政調整基金」（百万円）, the server's way of naming a source (KpiSourceDto.label); null when the row is not in the tables. */
export function sourceRowLabel(tables: readonly FiscalTableDto[], rowId: string): string | null {
  for (const t of tables) {
    const r = t.rows.find((x) => x.id === rowId);
    if (r) return sourceLabel(t, r);
  }
  return null;
}

/** Which KPIs a table's rows fit (the server decides; this says it beforehand in the same terms). */
export function sourceFitHint(t: Pick<FiscalTableDto, 'unit' | 'scale' | 'valueKind'>): string {
  if (t.valueKind === 'yen')
    return `金額の表（単位: ${t.unit}）です。単位が円・千円・百万円・億円の指標に取り込めます（指標の単位に換算し、指標の小数の桁数に丸めます）。`;
  return `表の単位は「${t.unit || 'なし'}」、小数の桁数は${t.scale}桁です。単位が同じで、小数の桁数が${t.scale}桁以上の指標に取り込めます。`;
}
