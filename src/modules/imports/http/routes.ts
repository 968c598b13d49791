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
import { commitImport, planImport, refusal } from '../commands/commitImport.js';
import { deleteMapping, saveMapping } from '../commands/mappings.js';
import { buildImport } from '../domain/build.js';
import type { ImportMapping, SavedMapping } from '../domain/mapping.js';
import { toSaved } from '../domain/mapping.js';
import { canImport } from '../domain/policy.js';
import { prepareTable } from '../domain/prepare.js';
import { proposeMapping } from '../domain/propose.js';
import { buildVocab } from '../domain/vocab.js';
import { MAX_UPLOAD_BYTES } from '../parsers/index.js';
import { parseFileOffThread, parseTextOffThread } from '../parsers/parseOffThread.js';
import { tooLarge, unreadable } from '../parsers/errors.js';
import { presentDryRun, presentSavedMapping, presentUpload } from '../presenters/imports.js';
import { findPlan } from '../../plans/db/repo.js';
import { loadImportContext } from '../queries/context.js';
import { findMapping, findMappingByName, listMappings } from '../queries/mappings.js';
import { createUpload, deleteUpload, findUpload, type StoredUpload } from '../uploads.js';
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

async function sessionOf(c: Context<AppEnv>): Promise<StoredUpload> {
  const s = await findUpload(scopeOf(c), c.req.param('sessionId') ?? '');
  if (!s) throw uploadGone();
  return s;
}

async function savedByName(c: Context<AppEnv>, name: string | undefined): Promise<{ name: string; body: SavedMapping } | null> {
  if (!name) return null;
  const row = await findMappingByName(scopeOf(c), name);
  if (!row) throw validationError([{ path: 'mapping', message: `保存した対応づけ「${name}」が見つかりません。` }]);
  return { name: row.name, body: row.mapping as unknown as SavedMapping };
}

/** Proposal for the upload (a sheet, a saved mapping) and the dry run of that proposal. */
async function uploadView(c: Context<AppEnv>, session: StoredUpload, opts: { sheet?: string | undefined; mapping?: string | undefined }) {
  const scope = scopeOf(c);
  const ctx = await loadImportContext(scope, session.planId);
  const saved = await savedByName(c, opts.mapping);
  const prepared = prepareTable(session.upload, { sheet: opts.sheet ?? null });
  if (!prepared.ok)
    return presentUpload({ session, sheet: prepared.sheet, header: null, mapping: null, savedMappingName: saved?.name ?? null, plan: null, issues: prepared.issues, ctx });
  const vocab = buildVocab({ legend: ctx.legend, phases: ctx.plan.phases, departmentNames: ctx.departments.map((d) => d.name), ...(saved ? saved.body : {}) });
  const mapping = proposeMapping({ kind: session.upload.kind, sheet: prepared.sheet, header: prepared.header, legend: ctx.legend, phases: ctx.plan.phases, vocab, saved: saved?.body });
  const plan = buildImport({ kind: session.upload.kind, sheet: prepared.sheet, header: prepared.header, mapping, ctx });
  return presentUpload({ session, sheet: prepared.sheet, header: prepared.header, mapping, savedMappingName: saved?.name ?? null, plan, issues: [], ctx });
}

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
    let upload;
    if (type.startsWith('application/json')) {
      const body = parseInput(uploadJsonBody, await c.req.json());
      fields = body;
      await ensurePlan(c, body.planId);
      upload = await parseTextOffThread(body.text);
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
        upload = await parseFileOffThread(new Uint8Array(await file.arrayBuffer()), file.name || 'アップロードしたファイル');
      } else if (typeof form.text === 'string') upload = await parseTextOffThread(form.text);
      else throw validationError([{ path: 'file', message: '取り込むファイルを選ぶか、PDFからコピーした文字を貼り付けてください。' }]);
    } else throw unreadable('ファイルは multipart/form-data（file 欄）で、貼り付けた文字は file の代わりに text 欄か JSON で送ってください。', 'bad_request');
    const session = await createUpload(scopeOf(c), { planId: fields.planId, createdBy: c.get('actor').id, upload });
    return c.json(await uploadView(c, session, { sheet: fields.sheet, mapping: fields.mapping }), 201);
  });

  doc('get', '/imports/uploads/:sessionId', 'アップロードした表の対応づけの案（?sheet= 別のシート、?mapping= 保存した対応づけを適用）', { query: uploadQuery, response: 'ImportUploadDto' });
  r.get('/imports/uploads/:sessionId', async (c) => {
    const q = parseInput(uploadQuery, c.req.query());
    return c.json(await uploadView(c, await sessionOf(c), q));
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
    const scope = scopeOf(c);
    const ctx = await loadImportContext(scope, session.planId);
    const prepared = prepareTable(session.upload, { sheet: body.mapping.sheet, headerRows: body.mapping.headerRows });
    if (!prepared.ok) throw refusal(prepared.issues);
    const plan = buildImport({ kind: session.upload.kind, sheet: prepared.sheet, header: prepared.header, mapping: body.mapping as ImportMapping, ctx });
    return c.json(presentDryRun(plan, ctx, prepared.header));
  });

  doc('post', '/imports/uploads/:sessionId/commit', '取込みの実行（1つのトランザクションで全件か0件）。小さい表は完了してから 200、大きい表は 202 で処理の状態を返す', {
    body: commitBody,
    response: 'ImportCommitDto',
  });
  r.post('/imports/uploads/:sessionId/commit', async (c) => {
    const body = parseInput(commitBody, await c.req.json());
    const session = await sessionOf(c);
    const mapping = body.mapping as ImportMapping;
    const pre = await planImport(scopeOf(c), session.planId, session.upload, mapping);
    if (!('items' in pre)) throw refusal(pre.issues);
    if (!pre.ok) throw refusal(pre.issues);
    const store = c.get('store');
    const actor = c.get('actor');
    const municipalityId = c.get('municipality').id;
    const ip = clientIp(c, trustProxy);
    // The upload goes with the commit, in its transaction: once the table is in, its cells are not kept
    // (they may hold names and narratives); if the commit fails, the upload stays for another try.
    const job = await runJob(store, { municipalityId, kind: 'import.commit', createdBy: actor.id }, (report) =>
      store.db.transaction(async (tx) => {
        const result = await commitImport({ db: tx, municipalityId, actor, ip }, { planId: session.planId, upload: session.upload, mapping }, report);
        await deleteUpload({ db: tx, municipalityId }, session.id);
        return result;
      }),
    );
    const inline = body.run === 'inline' || (body.run === 'auto' && pre.items.length <= INLINE_ITEMS);
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
