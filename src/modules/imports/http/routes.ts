/**
 * Import routes under /api/m/:code (mounted with one line in app.ts; they also
 * mount GET /jobs/:jobId, the generic job route exports use too).
 *
 *   POST   /imports/uploads                       file (.xlsx .csv .tsv .txt) or pasted PDF text → proposal + first dry run
 *   GET    /imports/uploads/:sessionId            the proposal again (?sheet= another sheet, ?mapping= a saved mapping)
 *   DELETE /imports/uploads/:sessionId            discard the upload
 *   POST   /imports/uploads/:sessionId/dry-run    { mapping } → everything the commit would do, every problem
 *                                                  (mapping.corrections: cell values set on the dry-run screen)
 *   POST   /imports/uploads/:sessionId/commit     { mapping, run } → { job } (200 finished, 202 running)
 *   GET    /imports/mappings                      saved mappings
 *   POST   /imports/mappings                      save { name, planId, mapping, overwrite }
 *   GET    /imports/mappings/:mappingId
 *   DELETE /imports/mappings/:mappingId
 *
 * Each handler: validate → tenant and role (事務局・システム管理者) → read or command → present.
 */
import { randomUUID } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../../../shared/http/types.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { clientIp, trustProxyFromEnv } from '../../../shared/http/request.js';
import { assertIdParams, inTransaction, scopeOf } from '../../../shared/http/tenant.js';
import { parseInput } from '../../../shared/http/validate.js';
import { forbidden, notFound, validationError } from '../../../shared/errors.js';
import { liveJob, runJob, waitForJob } from '../../jobs/runner.js';
import { jobRoutes } from '../../jobs/http/routes.js';
import { presentJob } from '../../jobs/presenters/job.js';
import { commitPreparedImport, prepareImport, refusal } from '../commands/commitImport.js';
import { deleteMapping, saveMapping } from '../commands/mappings.js';
import type { ImportMapping, SavedMapping } from '../domain/mapping.js';
import { toSaved } from '../domain/mapping.js';
import { canImport } from '../domain/policy.js';
import { MAX_UPLOAD_BYTES } from '../parsers/index.js';
import { dryRunOffThread, uploadFileOffThread, uploadTextOffThread, viewOffThread } from '../parsers/parseOffThread.js';
import { tooLarge, unreadable } from '../parsers/errors.js';
import { presentSavedMapping } from '../presenters/imports.js';
import type { ViewRequest } from '../presenters/views.js';
import { findPlan } from '../../plans/db/repo.js';
import { loadImportContextData } from '../queries/contextData.js';
import { findMapping, findMappingByName, listMappings } from '../queries/mappings.js';
import { createUploadJson, deleteUpload, findUploadJson, UPLOAD_TTL_MS, type UploadMeta } from '../uploads.js';
import { commitBody, dryRunBody, saveMappingBody, uploadFields, uploadJsonBody, uploadQuery } from './schemas.js';

const BASE = '/api/m/:code';
const TAG = '取込み（Excel・CSV・PDFの文字）';
const doc = (method: 'get' | 'post' | 'delete', path: string, summary: string, extra: Omit<Parameters<typeof describeRoute>[0], 'method' | 'path' | 'summary' | 'tag'> = {}) =>
  describeRoute({ method, path: BASE + path, summary, tag: TAG, ...extra });

/** The upload route is exempt from the API's general 2 MB body limit (app.ts) and has its own 20 MB one. */
export const IMPORT_UPLOAD_PATH = /^\/api\/m\/[^/]+\/imports\/uploads\/?$/;

/** Imports committed before the answer when the table has at most this many items; larger ones run as background jobs. */
export const INLINE_ITEMS = 300;

const PARAM_LABELS: Record<string, string> = { sessionId: '取込み中のファイル', mappingId: '対応づけ' };
const trustProxy = trustProxyFromEnv();

/** Another municipality's user: the same 404 as an unknown 団体コード; ids that are not UUIDs cannot exist. */
const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const m = c.get('municipality');
  const actor = c.get('actor');
  if (actor.role !== 'system_admin' && actor.municipalityId !== m.id) throw notFound(`団体コード ${m.code} の団体`);
  assertIdParams(c.req.param() as Record<string, string>, PARAM_LABELS);
  if (!canImport(actor, { municipalityId: m.id })) throw forbidden('表の取込みと対応づけの保存は事務局が行います。');
  await next();
};

const uploadGone = () => notFound('取込み中のファイル（取込みを実行したとき、または1時間操作がないときに破棄されます。もう一度アップロードしてください）');

/** The upload with its table as stored JSON text: the workers parse it, this thread only passes it on. */
async function sessionOf(c: Context<AppEnv>): Promise<UploadMeta & { json: string }> {
  const s = await findUploadJson(scopeOf(c), c.req.param('sessionId') ?? '');
  if (!s) throw uploadGone();
  return s;
}

async function savedByName(c: Context<AppEnv>, name: string | undefined): Promise<{ name: string; body: SavedMapping } | null> {
  if (!name) return null;
  const row = await findMappingByName(scopeOf(c), name);
  if (!row) throw validationError([{ path: 'mapping', message: `保存した対応づけ「${name}」が見つかりません。` }]);
  return { name: row.name, body: row.mapping as unknown as SavedMapping };
}

/**
 * What a worker needs for the proposal of an upload (a sheet, a saved mapping) and its dry run: the plan's
 * data (its nodes as JSON text) and the saved mapping. The proposal, the dry run and their JSON are computed
 * there (presenters/views.ts): against a plan of 30,000 items they held this thread for a second.
 */
async function viewRequest(c: Context<AppEnv>, session: Pick<UploadMeta, 'id' | 'planId' | 'expiresAt'>, opts: { sheet?: string | undefined; mapping?: string | undefined }): Promise<ViewRequest> {
  const saved = await savedByName(c, opts.mapping);
  const context = await loadImportContextData(scopeOf(c), session.planId);
  return { context, saved, sheet: opts.sheet, session: { id: session.id, planId: session.planId, expiresAt: session.expiresAt.toISOString() } };
}

/** An answer the worker already wrote as JSON text. */
const jsonText = (c: Context<AppEnv>, text: string, status: 200 | 201) => c.body(text, status, { 'Content-Type': 'application/json' });

const uploadLimit = bodyLimit({
  maxSize: MAX_UPLOAD_BYTES + 1024 * 1024,
  onError: (c) => {
    const len = Number(c.req.header('content-length') ?? '');
    throw tooLarge(Number.isFinite(len) && len > 0 ? len : null);
  },
});

export function importRoutes() {
  const r = new Hono<AppEnv>();
  r.use('/imports/*', guard);
  r.use('/imports', guard);

  doc('post', '/imports/uploads', 'ファイル（.xlsx・.csv・.tsv・.txt、20MBまで）またはPDFからコピーした文字（text）をアップロードし、列の対応づけの案と確認結果を返す', {
    response: 'ImportUploadDto',
    status: 201,
  });
  r.post('/imports/uploads', uploadLimit, async (c) => {
    const type = c.req.header('content-type') ?? '';
    let fields: { planId: string; sheet?: string | undefined; mapping?: string | undefined };
    // the session's id and expiry are chosen first: the worker writes the answer that names them
    const now = new Date();
    const session = { id: randomUUID(), expiresAt: new Date(now.getTime() + UPLOAD_TTL_MS) };
    let result;
    if (type.startsWith('application/json')) {
      const body = parseInput(uploadJsonBody, await c.req.json());
      fields = body;
      await ensurePlan(c, body.planId);
      result = await uploadTextOffThread(body.text, await viewRequest(c, { ...session, planId: body.planId }, body));
    } else if (type.startsWith('multipart/form-data')) {
      const form = await c.req.parseBody();
      fields = parseInput(uploadFields, {
        planId: form.planId,
        ...(typeof form.sheet === 'string' && form.sheet ? { sheet: form.sheet } : {}),
        ...(typeof form.mapping === 'string' && form.mapping ? { mapping: form.mapping } : {}),
      });
      await ensurePlan(c, fields.planId);
      const file = form.file;
      if (file instanceof File) {
        if (file.size > MAX_UPLOAD_BYTES) throw tooLarge(file.size);
        const bytes = new Uint8Array(await file.arrayBuffer());
        result = await uploadFileOffThread(bytes, file.name || 'アップロードしたファイル', await viewRequest(c, { ...session, planId: fields.planId }, fields));
      } else if (typeof form.text === 'string') result = await uploadTextOffThread(form.text, await viewRequest(c, { ...session, planId: fields.planId }, fields));
      else throw validationError([{ path: 'file', message: '取り込むファイルを選ぶか、PDFからコピーした文字を貼り付けてください。' }]);
    } else throw unreadable('ファイルは multipart/form-data（file 欄）で、貼り付けた文字は file の代わりに text 欄か JSON で送ってください。', 'bad_request');
    await createUploadJson(scopeOf(c), { id: session.id, planId: fields.planId, createdBy: c.get('actor').id, json: result.json, cells: result.cells }, now);
    return jsonText(c, result.response, 201);
  });

  doc('get', '/imports/uploads/:sessionId', 'アップロードした表の対応づけの案（?sheet= 別のシート、?mapping= 保存した対応づけを適用）', { query: uploadQuery, response: 'ImportUploadDto' });
  r.get('/imports/uploads/:sessionId', async (c) => {
    const q = parseInput(uploadQuery, c.req.query());
    const session = await sessionOf(c);
    return jsonText(c, await viewOffThread(session.json, await viewRequest(c, session, q)), 200);
  });

  doc('delete', '/imports/uploads/:sessionId', 'アップロードした表を破棄する', { status: 204 });
  r.delete('/imports/uploads/:sessionId', async (c) => {
    if (!(await deleteUpload(scopeOf(c), c.req.param('sessionId')))) throw uploadGone();
    return c.body(null, 204);
  });

  doc('post', '/imports/uploads/:sessionId/dry-run', '対応づけで取り込んだ場合の内容と、読めない行・セルの一覧（何も保存しない）', { body: dryRunBody, response: 'ImportDryRunDto' });
  r.post('/imports/uploads/:sessionId/dry-run', async (c) => {
    const body = parseInput(dryRunBody, await c.req.json());
    const session = await sessionOf(c);
    const context = await loadImportContextData(scopeOf(c), session.planId);
    return jsonText(c, await dryRunOffThread(session.json, context, body.mapping as ImportMapping), 200);
  });

  doc('post', '/imports/uploads/:sessionId/commit', '取込みの実行（1つのトランザクションで全件か0件）。小さい表は完了してから 200、大きい表は 202 で処理の状態を返す', {
    body: commitBody,
    response: 'ImportCommitDto',
  });
  r.post('/imports/uploads/:sessionId/commit', async (c) => {
    const body = parseInput(commitBody, await c.req.json());
    const session = await sessionOf(c);
    const mapping = body.mapping as ImportMapping;
    // the plan of writes is built here, before the transaction and in a worker; the transaction checks it still fits
    const ready = await prepareImport(scopeOf(c), session.planId, session.json, mapping);
    if ('issues' in ready) throw refusal(ready.issues);
    const store = c.get('store');
    const actor = c.get('actor');
    const municipalityId = c.get('municipality').id;
    const ip = clientIp(c, trustProxy);
    // The upload goes with the commit, in its transaction: once the table is in, its cells are not kept
    // (they may hold names and narratives); if the commit fails, the upload stays for another try.
    const job = await runJob(store, { municipalityId, kind: 'import.commit', createdBy: actor.id }, (report) =>
      store.db.transaction(async (tx) => {
        const result = await commitPreparedImport({ db: tx, municipalityId, actor, ip }, { planId: session.planId, mapping, uploadJson: session.json, ready }, report);
        await deleteUpload({ db: tx, municipalityId }, session.id);
        return result;
      }),
    );
    const inline = body.run === 'inline' || (body.run === 'auto' && ready.prepared.plan.items.length <= INLINE_ITEMS);
    if (inline) {
      const finished = await waitForJob(job.id)!;
      return c.json({ job: presentJob(finished) }, 200);
    }
    return c.json({ job: presentJob(liveJob(job.id) ?? job) }, 202);
  });

  // ───────────── saved mappings ─────────────

  doc('get', '/imports/mappings', '保存した対応づけの一覧', { response: 'ImportSavedMappingListDto' });
  r.get('/imports/mappings', async (c) => c.json({ items: (await listMappings(scopeOf(c))).map(presentSavedMapping) }));

  doc('post', '/imports/mappings', '対応づけに名前を付けて保存（翌年度の表に使う）。同じ名前は overwrite: true で上書き', {
    body: saveMappingBody,
    response: 'ImportSavedMappingDto',
    status: 201,
  });
  r.post('/imports/mappings', async (c) => {
    const body = parseInput(saveMappingBody, await c.req.json());
    const row = await inTransaction(c, (ctx) => saveMapping(ctx, { name: body.name, planId: body.planId, mapping: toSaved(body.mapping as ImportMapping), overwrite: body.overwrite }));
    return c.json(presentSavedMapping(row), 201);
  });

  doc('get', '/imports/mappings/:mappingId', '保存した対応づけ', { response: 'ImportSavedMappingDto' });
  r.get('/imports/mappings/:mappingId', async (c) => {
    const row = await findMapping(scopeOf(c), c.req.param('mappingId'));
    if (!row) throw notFound('対応づけ');
    return c.json(presentSavedMapping(row));
  });

  doc('delete', '/imports/mappings/:mappingId', '保存した対応づけの削除', { status: 204 });
  r.delete('/imports/mappings/:mappingId', async (c) => {
    await inTransaction(c, (ctx) => deleteMapping(ctx, c.req.param('mappingId')));
    return c.body(null, 204);
  });

  r.route('/', jobRoutes());
  return r;
}

async function ensurePlan(c: Context<AppEnv>, planId: string): Promise<void> {
  if (!(await findPlan(scopeOf(c), planId))) throw notFound('計画');
}
