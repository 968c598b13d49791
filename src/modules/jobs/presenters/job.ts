import type { JobDto, JobStateDto } from '../../../shared/api-types-imports.js';
import type { JobError, JobRow } from '../runner.js';

const STATE_LABELS: Record<JobStateDto, string> = { queued: '待機中', running: '処理中', done: '完了', failed: '失敗' };

export function presentJob(row: JobRow): JobDto {
  const state = (['queued', 'running', 'done', 'failed'].includes(row.state) ? row.state : 'failed') as JobStateDto;
  const failed = state === 'failed' ? ((row.result as JobError | null)?.error ?? { code: 'failed', message: row.message || '処理に失敗しました。' }) : null;
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
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  };
}
