import type { FiscalTableDto, FiscalTableListDto } from '../../../shared/api-types-finance.js';
import type { TenantScope } from '../../../shared/context.js';
import { notFound } from '../../../shared/errors.js';
import { findTable, loadTables, tablesOfPlan, type TableRow } from '../db/repo.js';
import { presentTable } from '../presenters/table.js';

/** A plan's tables in print order, each with its rows, figures and roll-up check. */
export async function listFiscalTables(scope: TenantScope, planId: string): Promise<FiscalTableListDto> {
  return { items: (await loadTables(scope, await tablesOfPlan(scope, planId))).map(presentTable) };
}

export async function getFiscalTable(scope: TenantScope, planId: string, tableId: string, loaded?: TableRow): Promise<FiscalTableDto> {
  const t = loaded ?? (await findTable(scope, planId, tableId));
  if (!t) throw notFound('財政計画・定員管理の表');
  return presentTable((await loadTables(scope, [t]))[0]!);
}
