/**
 * GET /api/m/:code/jobs/:jobId — a background job's state and progress, then its
 * result or error. Generic: imports and exports both start jobs with runJob.
 * GET /api/m/:code/jobs/:jobId/file — the file an export job made, for whoever may see the job.
 */
import { Hono, type Context } from 'hono';
import { describeRoute } from '../../../shared/http/openapi.js';
import { scopeOf } from '../../../shared/http/tenant.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { AppError, conflict, notFound } from '../../../shared/errors.js';
import { JOB_FILE_RETENTION_DAYS, contentDisposition, isFileExpired } from '../domain/files.js';
import { canReadJob } from '../domain/policy.js';
import { findJobFile, isJobFileResult } from '../fileJobs.js';
import { presentJob } from '../presenters/job.js';
import { findJob } from '../queries/jobs.js';
import type { JobRow } from '../runner.js';
import { UUID_RE } from '../../../shared/ids.js';


/** The job, if this user may see it; another user's job is as invisible as a missing one. */
async function readableJob(c: Context<AppEnv>): Promise<JobRow> {
  const jobId = c.req.param('jobId') ?? '';
  const m = c.get('municipality');
  const actor = c.get('actor');
  if (actor.role !== 'system_admin' && actor.municipalityId !== m.id) throw notFound(`団体コード ${m.code} の団体`);
  if (!UUID_RE.test(jobId)) throw notFound('処理');
  const job = await findJob(scopeOf(c), jobId);
  if (!job || !canReadJob(actor, job)) throw notFound('処理');
  return job;
}

/** export.progress.xlsx → progress.xlsx: the ASCII name old clients save under (as the GET routes send). */
const asciiNameOf = (kind: string): string | undefined => /^export\.([a-z]+\.[a-z]+)$/.exec(kind)?.[1];

const expired = () =>
  new AppError('not_found', 404, `作成したファイルは保存期間（${JOB_FILE_RETENTION_DAYS}日）を過ぎたため削除されました。もう一度作成してください。`);

export function jobRoutes() {
  const r = new Hono<AppEnv>();
  describeRoute({
    method: 'get',
    path: '/api/m/:code/jobs/:jobId',
    summary: 'バックグラウンド処理（取込み・出力）の状態・進み具合・結果。出力の処理は完了すると file（ダウンロード先）を返す',
    tag: 'バックグラウンド処理',
    response: 'JobDto',
  });
  r.get('/jobs/:jobId', async (c) => {
    const job = await readableJob(c);
    return c.json(presentJob(job, c.get('municipality').code));
  });

  describeRoute({
    method: 'get',
    path: '/api/m/:code/jobs/:jobId/file',
    summary: `出力の処理が作成したファイル（.xlsx・.zip・.pdf）。処理を見られる人だけ（作成者・事務局・システム管理者）。日本語のファイル名は filename*（RFC 5987）。作成から${JOB_FILE_RETENTION_DAYS}日で削除`,
    tag: 'バックグラウンド処理',
  });
  r.get('/jobs/:jobId/file', async (c) => {
    const job = await readableJob(c);
    if (job.state === 'queued' || job.state === 'running')
      throw conflict(`ファイルはまだ作成中です（${job.progress}/${job.total}）。完了してからダウンロードしてください。`);
    if (job.state !== 'done') throw conflict(`この処理は失敗したため、ファイルはありません：${job.message || '処理に失敗しました。'}`);
    if (!isJobFileResult(job.result)) throw notFound('この処理のファイル');
    const f = await findJobFile(c.get('store').db, job.municipalityId, job.id);
    if (!f || isFileExpired(f.createdAt, new Date())) throw expired();
    // a copy into a plain ArrayBuffer: the driver's Buffer may view a shared pool
    const bytes = new Uint8Array(new ArrayBuffer(f.bytes.byteLength));
    bytes.set(f.bytes);
    return c.body(bytes, 200, {
      'content-type': f.contentType,
      'content-length': String(bytes.byteLength),
      // PDFs open in the browser's viewer as before; spreadsheets and zips are saved
      'content-disposition': contentDisposition(f.contentType === 'application/pdf' ? 'inline' : 'attachment', f.fileName, asciiNameOf(job.kind)),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    });
  });
  return r;
}
