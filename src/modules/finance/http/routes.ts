/**
 * Financial and staffing tables of a plan (中期財政計画・職員定員管理計画). Each handler:
 * validate → load the plan / table scoped to the tenant (404) → authorize (403 with a Japanese
 * message) → command in one transaction (422 / 409) → present.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../shared/http/types.js';
import type { FiscalTableBody } from '../../../shared/api-types-finance.js';
import { checkIdParams, inTransaction, scopeOf } from '../../../shared/http/tenant.js';
import { parseInput } from '../../../shared/http/validate.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { forbidden, notFound } from '../../../shared/errors.js';
import { can } from '../../access/domain/policy.js';
import { findPlan } from '../../plans/db/repo.js';
import { createFiscalTable, deleteFiscalTable, replaceFiscalTable } from '../commands/tables.js';
import { FIGURE_KINDS, LIMITS, ROW_KINDS, TABLE_KINDS } from '../domain/table.js';
import { VALUE_KINDS } from '../domain/units.js';
import { findTable } from '../db/repo.js';
import { getFiscalTable, listFiscalTables } from '../queries/tables.js';
import { fiscalTableCsv } from './csv.js';
import { UUID_RE } from '../../../shared/ids.js';

type C = Context<AppEnv>;
const BASE = '/api/m/:code/plans/:planId/fiscal-tables';
const TAG = '財政計画・定員管理';

const text = (label: string, max: number) =>
  z.string({ message: `${label}は文字列で入力してください。` }).max(max, { message: `${label}は${max}文字以内にしてください。` });
const year = (label: string) => z.number({ message: `${label}は西暦の年度（数値）で指定してください。` }).int().min(1868).max(2200);

const cell = z.object(
  {
    fiscalYear: year('年度'),
    kind: z.enum(FIGURE_KINDS, { message: '値の区分は plan（計画・見込み）か actual（実績）です。' }).default('plan'),
    value: z.number({ message: '値(value)は数値で指定してください。' }).int({ message: '値(value)は整数で指定してください。' }).nullable().optional(),
    text: text('入力値', 40).optional(),
  },
  { message: '値は { fiscalYear, kind, value | text } で指定してください。' },
);

const row = z.object(
  {
    id: z.uuid({ message: '行のIDの形式が正しくありません。' }).optional(),
    section: text('区分（歳入・歳出）', LIMITS.section).default(''),
    label: text('行の名称', LIMITS.label),
    rowKind: z.enum(ROW_KINDS, { message: `行の種類は ${ROW_KINDS.join(' / ')} のいずれかです。` }).default('item'),
    values: z.array(cell).max(LIMITS.years * 2, { message: '1行の値が多すぎます。' }).default([]),
  },
  { message: '行は { label, section, rowKind, values } で指定してください。' },
);

export const tableCreateBody = z.object({
  kind: z.enum(TABLE_KINDS, { message: `表の種類は ${TABLE_KINDS.join(' / ')} のいずれかです。` }),
  title: text('表の名称', LIMITS.title),
  valueKind: z.enum(VALUE_KINDS, { message: '値の種類は yen（金額）か number（数値）です。' }),
  unit: text('単位', LIMITS.unit),
  scale: z.number({ message: '小数点以下の桁数は数値で指定してください。' }).int().min(0).max(4).default(0),
  firstFiscalYear: year('開始年度'),
  lastFiscalYear: year('終了年度'),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
  source: text('出典（図表番号など）', LIMITS.source).optional(),
  note: text('注記（推計の考え方など）', LIMITS.note).optional(),
  rows: z.array(row).max(LIMITS.rows, { message: `行は${LIMITS.rows}行までです。` }),
});
export const tableReplaceBody = tableCreateBody.extend({ version: z.number({ message: '版数(version)を指定してください。' }).int() });
const deleteQuery = z.object({ version: z.coerce.number({ message: '版数(version)を数値で指定してください。' }).int() });

// The body the staff UI declares (src/shared) must be accepted as it is: checked at compile time.
true satisfies ([FiscalTableBody] extends [z.input<typeof tableCreateBody>] ? true : false);
true satisfies ([FiscalTableBody & { version: number }] extends [z.input<typeof tableReplaceBody>] ? true : false);


async function loadPlan(c: C) {
  const planId = c.req.param('planId') ?? '';
  const plan = await findPlan(scopeOf(c), planId);
  if (!plan) throw notFound(`${c.get('municipality').name}の計画`);
  return plan;
}

async function loadTable(c: C, planId: string) {
  const id = c.req.param('tableId') ?? '';
  if (!UUID_RE.test(id)) throw notFound('財政計画・定員管理の表');
  const t = await findTable(scopeOf(c), planId, id);
  if (!t) throw notFound(`${c.get('municipality').name}の財政計画・定員管理の表（ID: ${id}）`);
  return t;
}

function guard(c: C, action: 'finance.read' | 'finance.write') {
  if (can(c.get('actor'), action, { municipalityId: c.get('municipality').id })) return;
  throw forbidden(
    action === 'finance.write'
      ? `${c.get('municipality').name}の財政計画・定員管理の表を登録・変更できるのは、事務局とシステム管理者です。`
      : `${c.get('municipality').name}の財政計画・定員管理の表を見る権限がありません。`,
  );
}

export function financeRoutes() {
  const r = new Hono<AppEnv>();
  r.use('/plans/:planId/fiscal-tables', checkIdParams);
  r.use('/plans/:planId/fiscal-tables/*', checkIdParams);

  describeRoute({ method: 'get', path: BASE, summary: '計画の財政計画・定員管理の表（歳入歳出見込み・基金残高・地方債残高・財政指標・職員数）の一覧。各表に行・年度別の値・合計の検算結果', tag: TAG, response: 'FiscalTableListDto' });
  r.get('/plans/:planId/fiscal-tables', async (c) => {
    const plan = await loadPlan(c);
    guard(c, 'finance.read');
    return c.json(await listFiscalTables(scopeOf(c), plan.id));
  });

  describeRoute({ method: 'post', path: BASE, summary: '表の登録（行と値ごと。値は value＝円・整数、または text＝表の単位で入力した文字列）', tag: TAG, body: tableCreateBody, response: 'FiscalTableDto', status: 201 });
  r.post('/plans/:planId/fiscal-tables', async (c) => {
    const body = parseInput(tableCreateBody, await c.req.json());
    const plan = await loadPlan(c);
    guard(c, 'finance.write');
    const t = await inTransaction(c, (ctx) => createFiscalTable(ctx, plan.id, body));
    return c.json(await getFiscalTable(scopeOf(c), plan.id, t.id), 201);
  });

  describeRoute({ method: 'get', path: `${BASE}/:tableId`, summary: '表の詳細', tag: TAG, response: 'FiscalTableDto' });
  r.get('/plans/:planId/fiscal-tables/:tableId', async (c) => {
    const plan = await loadPlan(c);
    const t = await loadTable(c, plan.id);
    guard(c, 'finance.read');
    return c.json(await getFiscalTable(scopeOf(c), plan.id, t.id, t));
  });

  describeRoute({ method: 'get', path: `${BASE}/:tableId/csv`, summary: '表のCSV（印刷どおりの並び。UTF-8 BOM付き・CRLF）', tag: TAG });
  r.get('/plans/:planId/fiscal-tables/:tableId/csv', async (c) => {
    const plan = await loadPlan(c);
    const t = await loadTable(c, plan.id);
    guard(c, 'finance.read');
    const csv = fiscalTableCsv(await getFiscalTable(scopeOf(c), plan.id, t.id, t));
    const name = `${c.get('municipality').code}_${t.title}.csv`;
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="fiscal-table.csv"; filename*=UTF-8''${encodeURIComponent(name)}`);
    return c.body(csv);
  });

  describeRoute({
    method: 'put',
    path: `${BASE}/:tableId`,
    summary: '表の置き換え（設定・行・値をまとめて。version必須、古い版なら409。行の id を送るとその行を維持。誤りがあれば行・年度ごとのメッセージで422、何も保存しない）',
    tag: TAG,
    body: tableReplaceBody,
    response: 'FiscalTableDto',
  });
  r.put('/plans/:planId/fiscal-tables/:tableId', async (c) => {
    const body = parseInput(tableReplaceBody, await c.req.json());
    const plan = await loadPlan(c);
    const t = await loadTable(c, plan.id);
    guard(c, 'finance.write');
    await inTransaction(c, (ctx) => replaceFiscalTable(ctx, plan.id, t.id, body));
    return c.json(await getFiscalTable(scopeOf(c), plan.id, t.id));
  });

  describeRoute({ method: 'delete', path: `${BASE}/:tableId`, summary: '表の削除（?version= 必須）', tag: TAG, query: deleteQuery, status: 204 });
  r.delete('/plans/:planId/fiscal-tables/:tableId', async (c) => {
    const q = parseInput(deleteQuery, c.req.query());
    const plan = await loadPlan(c);
    const t = await loadTable(c, plan.id);
    guard(c, 'finance.write');
    await inTransaction(c, (ctx) => deleteFiscalTable(ctx, plan.id, t.id, q.version));
    return c.body(null, 204);
  });
  return r;
}
