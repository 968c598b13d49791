/**
 * Export routes: the published progress table (.xlsx), the per-plan export layout, the
 * department workbooks (.xlsx / .zip) and their upload. Each handler: validate →
 * authorize (exports policy) → query / command in one transaction → file or DTO.
 * Another municipality's user gets 404 as for an unknown 団体コード.
 *
 * Every file has two forms: GET answers the file itself (small outputs, scripts), POST on the same
 * URL with the same query starts a background job (202 { job }) whose file is downloaded from
 * GET /jobs/:jobId/file when done — the staff UI uses the jobs, with progress.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { startFileJob } from '../../jobs/http/start.js';
import { renderOffThread } from '../../publish/pdf/offThread.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { assertIdParams, inTransaction, scopeOf } from '../../../shared/http/tenant.js';
import { parseInput } from '../../../shared/http/validate.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { AppError, forbidden, notFound } from '../../../shared/errors.js';
import { saveExportLayout } from '../commands/layout.js';
import { importDepartmentWorkbook } from '../commands/importWorkbook.js';
import { MAX_UPLOAD_BYTES } from '../domain/departmentWorkbook.js';
import {
  canDownloadAllWorkbooks,
  canDownloadWorkbook,
  canExportProgress,
  canReadLayout,
  canUploadWorkbook,
  canWriteLayout,
  DENIALS,
  progressDenial,
  sameTenant,
} from '../domain/policy.js';
import { answerFilter } from '../../pdca/policies/answers.js';
import { getExportLayout } from '../queries/layout.js';
import { assertOpenForWorkbooks, buildDepartmentWorkbook, buildWorkbooksZip, departmentOr404, roundOr404 } from '../queries/departmentWorkbook.js';
import { loadProgressTable } from '../queries/progressTable.js';
import { readDepartmentWorkbook } from '../xlsx/departmentWorkbook.js';
import { attachment, safeFileName } from '../xlsx/styles.js';
import { layoutPutBody, progressQuery, uploadForm } from './schemas.js';
import { UUID_RE } from '../../../shared/ids.js';

const BASE = '/api/m/:code';
const TAG = '出力・Excel取込み（実施状況表・回答用ファイル）';
const doc = (
  method: 'get' | 'put' | 'post',
  path: string,
  summary: string,
  extra: Omit<Parameters<typeof describeRoute>[0], 'method' | 'path' | 'summary' | 'tag'> = {},
) => describeRoute({ method, path: BASE + path, summary, tag: TAG, ...extra });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const m = c.get('municipality');
  if (!sameTenant(c.get('actor'), { municipalityId: m.id })) throw notFound(`団体コード ${m.code} の団体`);
  assertIdParams(c.req.param() as Record<string, string>);
  await next();
};

const tenantOf = (c: Context<AppEnv>) => ({ municipalityId: c.get('municipality').id });

function file(c: Context<AppEnv>, body: Uint8Array, type: string, fileName: string, fallback: string) {
  // a copy into a plain ArrayBuffer (a Buffer may be a view into Node's shared pool)
  const bytes = new Uint8Array(new ArrayBuffer(body.byteLength));
  bytes.set(body);
  return c.body(bytes, 200, {
    'content-type': type,
    'content-disposition': attachment(fileName, fallback),
    'cache-control': 'no-store',
  });
}

export function exportRoutes() {
  const r = new Hono<AppEnv>();
  for (const p of ['/rounds/:roundId/exports/*', '/rounds/:roundId/imports/workbook', '/plans/:planId/export-layout']) r.use(p, guard);

  // ───────────── published table ─────────────

  /** Validated query and permission of the progress table, then its rows → the .xlsx (rendered off the event loop). */
  const progressXlsx = async (c: Context<AppEnv>) => {
    const q = parseInput(progressQuery, c.req.query());
    const actor = c.get('actor');
    if (!canExportProgress(actor, tenantOf(c), q.basis)) throw forbidden(progressDenial(actor, q.basis));
    const scope = scopeOf(c);
    const roundId = c.req.param('roundId')!;
    return async (report?: (step: number, message: string) => Promise<void>) => {
      await report?.(0, '実施状況表のデータを読み込んでいます');
      // the rows are filtered when they are read, so a job rendered later shows only what the reader may see then
      const t = await loadProgressTable(scope, roundId, q.basis, answerFilter(actor));
      await report?.(1, `Excelファイルを作成しています（${t.table.rows.length}項目）`);
      const buf = await renderOffThread('progressXlsx', { table: t.table, layout: t.layout, summary: t.layout.summarySheet ? t.summary : null });
      await report?.(2, 'ファイルを保存しています');
      return { fileName: safeFileName(`${t.table.round.label}_実施状況.xlsx`), contentType: XLSX, bytes: buf };
    };
  };

  doc('get', '/rounds/:roundId/exports/progress.xlsx', '公表用の実施状況表（.xlsx）。計画の出力レイアウトで作成し、集計シート（施策別の件数と前回との増減）を付ける。basis 省略時は事務局確認済みの回答', {
    query: progressQuery,
  });
  r.get('/rounds/:roundId/exports/progress.xlsx', async (c) => {
    const out = await (await progressXlsx(c))();
    return file(c, out.bytes, XLSX, out.fileName, 'progress.xlsx');
  });

  doc('post', '/rounds/:roundId/exports/progress.xlsx', '公表用の実施状況表（.xlsx）をバックグラウンドで作成する（202、GETと同じ query）。進み具合は GET /jobs/:jobId、完了後 GET /jobs/:jobId/file', {
    query: progressQuery,
    response: 'ExportJobStartDto',
    status: 202,
  });
  r.post('/rounds/:roundId/exports/progress.xlsx', async (c) => {
    const make = await progressXlsx(c);
    await roundOr404(scopeOf(c), c.req.param('roundId'));
    return startFileJob(c, 'export.progress.xlsx', (report) => make((step, message) => report(step, 3, message)));
  });

  // ───────────── layout ─────────────

  doc('get', '/plans/:planId/export-layout', '計画の出力レイアウト（列・見出し・凡例の文言・表題の書式）。未保存なら既定（実施状況表の標準形）を返す', { response: 'ExportLayoutDto' });
  r.get('/plans/:planId/export-layout', async (c) => {
    if (!canReadLayout(c.get('actor'), tenantOf(c))) throw forbidden();
    return c.json(await getExportLayout(scopeOf(c), c.req.param('planId')));
  });

  doc('put', '/plans/:planId/export-layout', '出力レイアウトの保存（version必須。初回は0。古い版なら409と保存済みの内容 current）', { body: layoutPutBody, response: 'ExportLayoutDto' });
  r.put('/plans/:planId/export-layout', async (c) => {
    const body = parseInput(layoutPutBody, await c.req.json());
    if (!canWriteLayout(c.get('actor'), tenantOf(c))) throw forbidden(DENIALS.layoutWrite);
    const planId = c.req.param('planId');
    await inTransaction(c, (ctx) => saveExportLayout(ctx, planId, body));
    return c.json(await getExportLayout(scopeOf(c), planId));
  });

  // ───────────── department workbooks ─────────────

  /** Permission, round (open) and context of the zip of every department's workbook. */
  const workbooksZip = async (c: Context<AppEnv>) => {
    if (!canDownloadAllWorkbooks(c.get('actor'), tenantOf(c))) throw forbidden(DENIALS.workbookAll);
    const scope = scopeOf(c);
    const round = await roundOr404(scope, c.req.param('roundId')!);
    assertOpenForWorkbooks(round);
    const m = c.get('municipality');
    const wctx = { municipality: { code: m.code, name: m.name }, actorName: c.get('actor').name };
    return (onProgress?: Parameters<typeof buildWorkbooksZip>[3]) => buildWorkbooksZip(scope, round, wctx, onProgress);
  };

  doc('get', '/rounds/:roundId/exports/workbooks.zip', '全担当課の回答用ファイル（.xlsx）をまとめたzip（事務局）。照会中の照会のみ');
  r.get('/rounds/:roundId/exports/workbooks.zip', async (c) => {
    const z = await (await workbooksZip(c))();
    return file(c, z.buffer, 'application/zip', z.fileName, 'workbooks.zip');
  });

  doc('post', '/rounds/:roundId/exports/workbooks.zip', '全担当課の回答用ファイルのzipをバックグラウンドで作成する（202。担当課ごとに進み具合を報告）。完了後 GET /jobs/:jobId/file', {
    response: 'ExportJobStartDto',
    status: 202,
  });
  r.post('/rounds/:roundId/exports/workbooks.zip', async (c) => {
    const make = await workbooksZip(c);
    return startFileJob(c, 'export.workbooks.zip', async (report) => {
      await report(0, 1, '担当課ごとの回答用ファイルを作成しています');
      // one step per department, and one more for the zip itself
      const z = await make((done, total, name) => report(done, total + 1, `回答用ファイルを作成しました：${name}（${done}/${total}課）`));
      await report(z.count, z.count + 1, 'zipファイルを保存しています');
      return { fileName: z.fileName, contentType: 'application/zip', bytes: z.buffer };
    });
  });

  /** Permission, round (open), department and context of one department's workbook. */
  const departmentWorkbook = async (c: Context<AppEnv>) => {
    const departmentId = c.req.param('file')!.replace(/\.xlsx$/, '');
    if (!UUID_RE.test(departmentId)) throw notFound('組織');
    const actor = c.get('actor');
    if (!canDownloadWorkbook(actor, { ...tenantOf(c), departmentId }))
      throw forbidden(actor.role === 'dept_reporter' || actor.role === 'dept_approver' ? DENIALS.workbookOther : DENIALS.workbookRole);
    const scope = scopeOf(c);
    const round = await roundOr404(scope, c.req.param('roundId')!);
    const dept = await departmentOr404(scope, departmentId);
    assertOpenForWorkbooks(round);
    const m = c.get('municipality');
    const wctx = { municipality: { code: m.code, name: m.name }, actorName: actor.name };
    return () => buildDepartmentWorkbook(scope, round, dept, wctx);
  };

  doc('get', '/rounds/:roundId/exports/workbooks/:departmentId.xlsx', '担当課の回答用ファイル（.xlsx）：自課の項目、前回の回答、記入要領、凡例の選択肢、キー列の保護、管理情報。照会中の照会のみ');
  r.get('/rounds/:roundId/exports/workbooks/:file{[^/]+\\.xlsx}', async (c) => {
    const f = await (await departmentWorkbook(c))();
    return file(c, f.buffer, XLSX, f.fileName, 'workbook.xlsx');
  });

  doc('post', '/rounds/:roundId/exports/workbooks/:departmentId.xlsx', '担当課の回答用ファイル（.xlsx）をバックグラウンドで作成する（202）。完了後 GET /jobs/:jobId/file', {
    response: 'ExportJobStartDto',
    status: 202,
  });
  r.post('/rounds/:roundId/exports/workbooks/:file{[^/]+\\.xlsx}', async (c) => {
    const make = await departmentWorkbook(c);
    return startFileJob(c, 'export.workbook.xlsx', async (report) => {
      await report(0, 2, '回答用ファイルを作成しています');
      const f = await make();
      await report(1, 2, 'ファイルを保存しています');
      return { fileName: f.fileName, contentType: XLSX, bytes: f.buffer };
    });
  });

  // ───────────── upload ─────────────

  doc('post', '/rounds/:roundId/imports/workbook', `回答用ファイルの取込み（multipart/form-data: file、任意で departmentId）。${MAX_UPLOAD_BYTES / 1024 / 1024}MBまで。各行を下書きとして保存（提出済みなどの行は取り込まない）`, {
    response: 'WorkbookImportResultDto',
  });
  r.post('/rounds/:roundId/imports/workbook', async (c) => {
    const actor = c.get('actor');
    if (!canUploadWorkbook(actor, tenantOf(c))) throw forbidden(DENIALS.upload);
    const roundId = c.req.param('roundId');
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > MAX_UPLOAD_BYTES + 64 * 1024) throw tooLarge();
    let form: Record<string, string | File | (string | File)[]>;
    try {
      form = await c.req.parseBody({ all: false });
    } catch {
      throw new AppError('bad_request', 400, 'ファイルを multipart/form-data で送ってください（フィールド名 file）。');
    }
    const upload = form.file;
    if (!(upload instanceof File)) throw new AppError('validation', 422, 'ファイルを選んでください（フィールド名 file）。', [{ path: 'file', message: '回答用ファイル（.xlsx）を選んでください。' }]);
    if (upload.size > MAX_UPLOAD_BYTES) throw tooLarge();
    const fields = parseInput(uploadForm, { departmentId: typeof form.departmentId === 'string' && form.departmentId ? form.departmentId : undefined });
    const buf = Buffer.from(await upload.arrayBuffer());
    const read = await readDepartmentWorkbook(buf);
    const m = c.get('municipality');
    const result = await inTransaction(c, (ctx) =>
      importDepartmentWorkbook(ctx, roundId, { file: read, fileName: upload.name || 'workbook.xlsx', municipalityCode: m.code, departmentId: fields.departmentId ?? null }),
    );
    return c.json(result);
  });

  return r;
}

const tooLarge = () =>
  new AppError('too_large', 413, `ファイルが大きすぎます（${MAX_UPLOAD_BYTES / 1024 / 1024}MBまで）。回答用ファイル以外のデータ（画像など）を貼り付けていないか確認してください。`);
