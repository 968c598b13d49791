/**
 * A small background-job runner for work that takes longer than a request should
 * (large imports, exports). runJob writes a jobs row (queued) and returns it at
 * once; the work starts after the current request has been answered, on the same
 * process. The work reports progress with `report(progress, total, message)`,
 * which also yields to the event loop (setImmediate) so that other requests are
 * served between chunks. The result (JSON) or the error is stored on the row; jobs that
 * make a file (exports) go through fileJobs.ts, which stores the file before the job is done.
 *
 * Progress lives in memory and is written to the row at most once a second,
 * without the work waiting for it: on PGlite the work usually holds the only
 * connection inside its transaction, and a write it waited for would wait for the
 * transaction — the write simply runs when the connection is free. GET reads the
 * live state of this process first, the row otherwise; a row left queued/running by
 * a process that stopped is shown as failed (中断).
 */
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../db/client.js';
import { jobs } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';

export type JobRow = typeof jobs.$inferSelect;
export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** Reports progress; resolves after yielding to the event loop. */
export type JobReport = (progress: number, total: number, message?: string) => Promise<void>;

/** The job a work function runs as (e.g. to store a file under its id). */
export interface JobKey {
  municipalityId: string;
  id: string;
}

export type JobWork = (report: JobReport, job: JobKey) => Promise<unknown>;

export interface JobMeta {
  municipalityId: string;
  /** e.g. 'import.commit', 'export.xlsx' */
  kind: string;
  /** actor id */
  createdBy: string;
}

/** What a failed job stores in `result`. */
export interface JobError {
  error: { code: string; message: string; fields?: { path: string; message: string }[] };
}

interface Live {
  row: JobRow;
  done: Promise<JobRow>;
  chain: Promise<void>;
  lastWrite: number;
}

const live = new Map<string, Live>();
const PERSIST_EVERY_MS = 1000;
const KEEP_FINISHED_MS = 10 * 60 * 1000;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function write(store: Store, entry: Live, set: Partial<typeof jobs.$inferInsert>): Promise<void> {
  const { municipalityId, id } = entry.row;
  entry.lastWrite = Date.now();
  entry.chain = entry.chain
    .then(async () => {
      await store.db
        .update(jobs)
        .set(set)
        .where(and(eq(jobs.municipalityId, municipalityId), eq(jobs.id, id)));
    })
    .catch((err: unknown) => console.error('job progress could not be saved:', err));
  return entry.chain;
}

export function jobErrorOf(err: unknown): JobError {
  if (err instanceof AppError) return { error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } };
  return { error: { code: 'internal', message: 'システムエラーが発生しました。処理は取り消され、何も保存されていません。時間をおいてもう一度お試しください。' } };
}

/**
 * Creates the job (queued) and schedules the work; returns the row without waiting.
 * The work's return value becomes the job's result (it must be JSON).
 */
export async function runJob(store: Store, meta: JobMeta, work: JobWork): Promise<JobRow> {
  const [row] = await store.db
    .insert(jobs)
    .values({ municipalityId: meta.municipalityId, kind: meta.kind, createdBy: meta.createdBy, state: 'queued' })
    .returning();
  let finish!: (r: JobRow) => void;
  const entry: Live = { row: { ...row! }, done: new Promise<JobRow>((r) => (finish = r)), chain: Promise.resolve(), lastWrite: 0 };
  live.set(row!.id, entry);
  setImmediate(() => {
    void execute(store, entry, work).then(finish);
  });
  return row!;
}

async function execute(store: Store, entry: Live, work: JobWork): Promise<JobRow> {
  entry.row = { ...entry.row, state: 'running' };
  await write(store, entry, { state: 'running' });
  const report: JobReport = async (progress, total, message) => {
    entry.row = { ...entry.row, progress: Math.max(0, Math.floor(progress)), total: Math.max(0, Math.floor(total)), ...(message !== undefined ? { message } : {}) };
    if (Date.now() - entry.lastWrite >= PERSIST_EVERY_MS) void write(store, entry, { progress: entry.row.progress, total: entry.row.total, message: entry.row.message });
    await yieldToLoop();
  };
  try {
    const result = (await work(report, { municipalityId: entry.row.municipalityId, id: entry.row.id })) ?? null;
    entry.row = {
      ...entry.row,
      state: 'done',
      progress: Math.max(entry.row.progress, entry.row.total),
      result: result as JobRow['result'],
      finishedAt: new Date(),
    };
  } catch (err) {
    const e = jobErrorOf(err);
    if (!(err instanceof AppError)) console.error(err);
    entry.row = { ...entry.row, state: 'failed', message: e.error.message, result: e as unknown as JobRow['result'], finishedAt: new Date() };
  }
  const { state, progress, total, message, result, finishedAt } = entry.row;
  await write(store, entry, { state, progress, total, message, result, finishedAt });
  setTimeout(() => live.delete(entry.row.id), KEEP_FINISHED_MS).unref();
  return entry.row;
}

/** The job as this process knows it (fresher than the row while it runs), or null. */
export function liveJob(jobId: string): JobRow | null {
  return live.get(jobId)?.row ?? null;
}

/** Resolves when a job started by this process has finished (tests, inline runs); null if unknown here. */
export function waitForJob(jobId: string): Promise<JobRow> | null {
  return live.get(jobId)?.done ?? null;
}

/** The row's state, or 'failed' for a row left unfinished by a process that is gone. */
export function effectiveJob(row: JobRow): JobRow {
  const l = live.get(row.id);
  if (l && l.row.municipalityId === row.municipalityId) return l.row;
  if (row.state === 'queued' || row.state === 'running')
    return {
      ...row,
      state: 'failed',
      message: 'サーバーの再起動などで処理が中断されました（途中までの内容は保存されていません）。もう一度実行してください。',
      result: { error: { code: 'interrupted', message: '処理が中断されました。' } },
    };
  return row;
}
