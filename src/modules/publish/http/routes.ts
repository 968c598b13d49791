/**
 * Published outputs: PDFs (progress table of a round, an item's 個票, the plan's 体系図) and open
 * data (catalogue, CSV and JSON per resource). Each handler: validate → authorize (404 for another
 * municipality's user, 403 for a role that may not read plans, 403 for a basis beyond the reader's
 * reach of answers) → tenant-scoped load, answers filtered for the reader → render.
 * The open-data files are built in openData.ts, shared with the public routes (publicRoutes.ts).
 *
 * PDFs are laid out in a worker thread (pdf/offThread.ts). GET answers the PDF; POST on the same URL
 * with the same query starts a background job (202 { job }), downloaded from GET /jobs/:jobId/file.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../shared/http/types.js';
import type { TenantScope } from '../../../shared/context.js';
import { scopeOf } from '../../../shared/http/tenant.js';
import { isoDate, parseInput } from '../../../shared/http/validate.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { forbidden, notFound } from '../../../shared/errors.js';
import { contentDisposition } from '../../jobs/domain/files.js';
import type { JobFileOutput } from '../../jobs/fileJobs.js';
import { startFileJob } from '../../jobs/http/start.js';
import { formatWarekiDate, parseIsoDate, todayInTokyo } from '../../fiscal/domain/index.js';
import { roundOr404 } from '../../exports/queries/departmentWorkbook.js';
import { loadProgressTable } from '../../exports/queries/progressTable.js';
import { BASIS_LABELS } from '../../exports/xlsx/progressWorkbook.js';
import { ANSWER_BASES } from '../../pdca/views/domain/model.js';
import { checkPdcaIds } from '../../pdca/views/http/schemas.js';
import { answerFilter, basisDenial } from '../../pdca/policies/answers.js';
import { departmentsOfNodes } from '../../pdca/db/repo.js';
import { RESOURCE_IDS } from '../domain/opendata.js';
import { publishAccess } from '../domain/policy.js';
import { renderOffThread } from '../pdf/offThread.js';
import { loadDiagram } from '../queries/diagram.js';
import { loadSheet } from '../queries/sheet.js';
import { openDataFile } from './openData.js';

const BASE = '/api/m/:code';
const TAG = '公表（PDF・オープンデータ）';

const boolParam = z
  .enum(['true', 'false', '1', '0'], { message: 'true か false を指定してください。' })
  .transform((v) => v === 'true' || v === '1');
/** Printed outputs show confirmed answers unless asked otherwise. */
const basis = z.enum(ANSWER_BASES, { message: '対象の回答（basis）は accepted・submitted・all のいずれかを指定してください。' }).default('accepted');
export const pdfQuery = z.object({ basis });
const realDate = isoDate.refine((v) => parseIsoDate(v) !== null, { message: '存在しない日付です（YYYY-MM-DD）。' });
export const diagramQuery = z.object({ asOf: realDate.optional(), includeEnded: boolParam.default(false) });

function authorizePublish(c: Context<AppEnv>): void {
  const m = c.get('municipality');
  const decision = publishAccess(c.get('actor'), { municipalityId: m.id });
  if (decision === 'not_found') throw notFound(`団体コード ${m.code} の団体`);
  if (decision === 'forbidden') throw forbidden('計画を見る権限がありません。');
}

/** Shown in the browser, saved under the Japanese name (RFC 5987) or the ASCII one. */
const disposition = (ascii: string, japanese: string): string => contentDisposition('inline', japanese, ascii);

const safeName = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80);

/** A rendered PDF: its bytes and its names (ASCII for old clients, Japanese for filename*). */
interface RenderedPdf {
  pdf: Buffer;
  ascii: string;
  japanese: string;
}

/** A PDF route's work after validation and authorization; `report(step, message)` when run as a job (3 steps). */
type PdfWork = (report?: (step: number, message: string) => Promise<void>) => Promise<RenderedPdf>;

function pdfResponse(c: Context<AppEnv>, { pdf, ascii, japanese }: RenderedPdf) {
  return c.body(new Uint8Array(pdf), 200, {
    'content-type': 'application/pdf',
    'content-disposition': disposition(ascii, `${safeName(japanese)}.pdf`),
    'cache-control': 'no-store',
  });
}

const pdfFile = ({ pdf, japanese }: RenderedPdf): JobFileOutput => ({ fileName: `${safeName(japanese)}.pdf`, contentType: 'application/pdf', bytes: pdf });

export function publishRoutes() {
  const r = new Hono<AppEnv>();
  r.use('/rounds/:roundId/exports/*', checkPdcaIds);
  r.use('/plans/:planId/diagram.pdf', checkPdcaIds);
  r.use('/plans/:planId/nodes/:nodeId/sheet.pdf', checkPdcaIds);

  /**
   * GET renders now; POST starts a job with the same validated work (errors before the job answer at once).
   * Each PDF's query is validated and publishing authorized here, before its own preparation.
   */
  const pdfRoutes = <Q extends z.ZodObject>(
    path: string,
    kind: string,
    summary: string,
    query: Q,
    work: (c: Context<AppEnv>, q: z.output<Q>, m: AppEnv['Variables']['municipality'], scope: TenantScope) => Promise<PdfWork>,
  ) => {
    const prepare = async (c: Context<AppEnv>) => {
      const q = parseInput(query, c.req.query());
      authorizePublish(c);
      return work(c, q, c.get('municipality'), scopeOf(c));
    };
    describeRoute({ method: 'get', path: `${BASE}${path}`, summary, tag: TAG, query });
    r.get(path, async (c) => pdfResponse(c, await (await prepare(c))()));
    describeRoute({
      method: 'post',
      path: `${BASE}${path}`,
      summary: `${summary.split('。')[0]}をバックグラウンドで作成する（202、GETと同じ query）。進み具合は GET /jobs/:jobId、完了後 GET /jobs/:jobId/file`,
      tag: TAG,
      query,
      response: 'ExportJobStartDto',
      status: 202,
    });
    r.post(path, async (c) => {
      const work = await prepare(c);
      return startFileJob(c, kind, async (report) => pdfFile(await work((step, message) => report(step, 3, message))));
    });
  };

  pdfRoutes(
    '/rounds/:roundId/exports/progress.pdf',
    'export.progress.pdf',
    '照会の実施状況表（PDF、A4横）。凡例・●（当年度実施・過年度未実施）・スケジュール・取組状況・年度末時点の状況・担当課。basis 省略時は事務局確認済みの回答のみ',
    pdfQuery,
    async (c, q, m, scope) => {
      const roundId = c.req.param('roundId')!;
      const actor = c.get('actor');
      // a basis beyond the reader's reach is refused, as for the .xlsx (pdca/policies/answers.ts)
      const denial = basisDenial(actor, null, q.basis);
      if (denial) throw forbidden(denial);
      // an unknown round is answered at once (404), not as a failed job
      await roundOr404(scope, roundId);
      return async (report) => {
        await report?.(0, '実施状況表のデータを読み込んでいます');
        // rows filtered when read: a job rendered later shows only what the reader may see then
        const { table, layout } = await loadProgressTable(scope, roundId, q.basis, answerFilter(actor));
        const basisNote = `${formatWarekiDate(table.round.asOfDate)}時点　集計対象: ${BASIS_LABELS[q.basis]}`;
        await report?.(1, `PDFを作成しています（${table.rows.length}項目）`);
        const pdf = await renderOffThread('progressPdf', { table, layout, municipality: m.name, basisNote });
        await report?.(2, 'ファイルを保存しています');
        return { pdf, ascii: `progress-${m.code}-${table.round.asOfDate}.pdf`, japanese: `実施状況_${m.name}_${table.round.label}` };
      };
    },
  );

  pdfRoutes(
    '/plans/:planId/nodes/:nodeId/sheet.pdf',
    'export.sheet.pdf',
    '項目の個票（PDF、A4横）。体系上の位置・整理番号・事業概要・担当課・年度別のスケジュールと取組状況・回答の記録・変更調書',
    pdfQuery,
    async (c, q, m, scope) => {
      const planId = c.req.param('planId')!;
      const nodeId = c.req.param('nodeId')!;
      const actor = c.get('actor');
      // refused at once when the basis is beyond what the reader may see of this item; loadSheet checks it again when rendering
      const depts = (await departmentsOfNodes(scope, [nodeId])).get(nodeId) ?? [];
      const denial = basisDenial(actor, depts, q.basis);
      if (denial) throw forbidden(denial);
      return async (report) => {
        await report?.(0, '個票のデータを読み込んでいます');
        const sheet = await loadSheet(scope, planId, nodeId, q.basis, actor);
        await report?.(1, 'PDFを作成しています');
        const pdf = await renderOffThread('sheetPdf', { sheet, municipality: m.name });
        await report?.(2, 'ファイルを保存しています');
        return { pdf, ascii: `sheet-${m.code}-${nodeId.slice(0, 8)}.pdf`, japanese: `個票_${[sheet.number, sheet.title].filter(Boolean).join('_')}` };
      };
    },
  );

  pdfRoutes(
    '/plans/:planId/diagram.pdf',
    'export.diagram.pdf',
    '計画の体系図（PDF、A4横）。階層ごとの列・項目の枠と接続線・★重点。長い計画はページを分け、各ページに階層名を繰り返す。asOf で過去の時点、includeEnded で中止・統合した項目も表示',
    diagramQuery,
    async (c, q, m, scope) => {
      const planId = c.req.param('planId')!;
      return async (report) => {
        await report?.(0, '体系図のデータを読み込んでいます');
        const d = await loadDiagram(scope, planId, { asOf: q.asOf ?? null, includeEnded: q.includeEnded });
        await report?.(1, 'PDFを作成しています');
        const pdf = await renderOffThread('diagramPdf', { ...d, municipality: m.name, asOfNote: q.asOf ? `${formatWarekiDate(q.asOf)}時点` : '' });
        await report?.(2, 'ファイルを保存しています');
        return { pdf, ascii: `diagram-${m.code}-${todayInTokyo().replace(/-/g, '')}.pdf`, japanese: `体系図_${d.planTitle}` };
      };
    },
  );

  describeRoute({
    method: 'get',
    path: `${BASE}/opendata/catalog.json`,
    summary: 'オープンデータのカタログ（DCAT形式に準拠した JSON）。データセットごとの項目定義・ライセンス（CC BY 4.0）・更新日・CSV/JSON の URL',
    tag: TAG,
    response: 'OpenDataCatalogDto',
  });
  describeRoute({
    method: 'get',
    path: `${BASE}/opendata/:file`,
    summary: `オープンデータ（:file = <resource>.csv | <resource>.json、resource は ${RESOURCE_IDS.join(' / ')}）。CSV は UTF-8 BOM付き・CRLF・日本語の見出し行。締切済みの照会の、事務局確認済みの回答だけを載せる`,
    tag: TAG,
  });
  r.get('/opendata/:file', async (c) => {
    authorizePublish(c);
    const { body, headers } = await openDataFile(c, c.req.param('file'), 'staff');
    return c.body(body, 200, { ...headers, 'cache-control': 'no-store' });
  });

  return r;
}
