import type { JobDto, JobStateDto } from '../../../shared/api-types-imports.js';
import { fileExpiresAt, isFileExpired } from '../domain/files.js';
import { isJobFileResult } from '../fileJobs.js';
import type { JobError, JobRow } from '../runner.js';

const STATE_LABELS: Record<JobStateDto, string> = { queued: '待機中', running: '処理中', done: '完了', failed: '失敗' };

/** `code` (団体コード) gives a file job its download URL. */
export function presentJob(row: JobRow, code?: string, now = new Date()): JobDto {
  const state = (['queued', 'running', 'done', 'failed'].includes(row.state) ? row.state : 'failed') as JobStateDto;
  const failed = state === 'failed' ? ((row.result as JobError | null)?.error ?? { code: 'failed', message: row.message || '処理に失敗しました。' }) : null;
  const made = row.finishedAt ?? row.createdAt;
  const file =
    state === 'done' && code !== undefined && isJobFileResult(row.result) && !isFileExpired(made, now)
      ? {
          name: row.result.file.name,
          contentType: row.result.file.contentType,
          size: row.result.file.size,
          url: `/api/m/${encodeURIComponent(code)}/jobs/${row.id}/file`,
          expiresAt: fileExpiresAt(made).toISOString(),
        }
      : null;
  return {
    id: row.id,
    kind: row.kind,
    state,
    stateLabel: STATE_LABELS[state],
    progress: row.progress,
    total: row.total,
    message: row.message,
    result: state === 'done' ? (row.result ?? null) : null,
    error: failed,
    file,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  };
}
