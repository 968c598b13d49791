/**
 * Jobs whose result is a file (exports): the work returns the bytes, which are stored in `job_files`
 * before the job is marked done — in the database, so that whichever process answers the download
 * (PostgreSQL with several processes) has the file, and a finished job's file outlives a restart.
 * The job's JSON result describes the file: { file: { name, contentType, size } }.
 */
import { and, eq, lte } from 'drizzle-orm';
import type { Executor, Store } from '../../db/client.js';
import { jobFiles } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { log } from '../../shared/log.js';
import { MAX_JOB_FILE_BYTES, cleanFileName, retentionCutoff } from './domain/files.js';
import { runJob, type JobKey, type JobMeta, type JobReport, type JobRow } from './runner.js';

export interface JobFileOutput {
  /** the Japanese name the file is saved under, e.g. 令和6年度実績_実施状況.xlsx */
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

/** What a file job stores in `result`. */
export interface JobFileResult {
  file: { name: string; contentType: string; size: number };
}

export type JobFileRow = typeof jobFiles.$inferSelect;

export function isJobFileResult(v: unknown): v is JobFileResult {
  const f = (v as JobFileResult | null)?.file;
  return !!f && typeof f === 'object' && typeof f.name === 'string' && typeof f.size === 'number';
}

/** Deletes this municipality's job files made before the retention cutoff; returns how many. */
export async function deleteExpiredJobFiles(db: Executor, municipalityId: string, now = new Date()): Promise<number> {
  const gone = await db
    .delete(jobFiles)
    .where(and(eq(jobFiles.municipalityId, municipalityId), lte(jobFiles.createdAt, retentionCutoff(now))))
    .returning({ jobId: jobFiles.jobId });
  return gone.length;
}

export async function findJobFile(db: Executor, municipalityId: string, jobId: string): Promise<JobFileRow | null> {
  const rows = await db
    .select()
    .from(jobFiles)
    .where(and(eq(jobFiles.municipalityId, municipalityId), eq(jobFiles.jobId, jobId)))
    .limit(1);
  return rows[0] ?? null;
}

async function saveJobFile(store: Store, job: JobKey, out: JobFileOutput): Promise<JobFileResult> {
  const size = out.bytes.byteLength;
  if (size > MAX_JOB_FILE_BYTES)
    throw new AppError(
      'too_large',
      413,
      `作成したファイルが大きすぎます（${Math.ceil(size / 1024 / 1024)}MB、上限は${MAX_JOB_FILE_BYTES / 1024 / 1024}MB）。対象を絞って（担当課ごとなど）作成してください。`,
    );
  const name = cleanFileName(out.fileName);
  await store.db.insert(jobFiles).values({ municipalityId: job.municipalityId, jobId: job.id, fileName: name, contentType: out.contentType, size, bytes: out.bytes });
  return { file: { name, contentType: out.contentType, size } };
}

/**
 * Starts a job that produces a file. Expired files of the municipality are removed first (the
 * retention rule of domain/files.ts). Returns the queued job at once, like runJob.
 */
export async function runFileJob(store: Store, meta: JobMeta, work: (report: JobReport, job: JobKey) => Promise<JobFileOutput>): Promise<JobRow> {
  try {
    await deleteExpiredJobFiles(store.db, meta.municipalityId);
  } catch (err) {
    // clean-up is housekeeping: the export still runs, and the next job tries again
    log.warn({ err, municipalityId: meta.municipalityId }, '保存期間を過ぎたジョブのファイルを削除できませんでした（次のジョブで再試行します）');
  }
  return runJob(store, meta, async (report, job) => saveJobFile(store, job, await work(report, job)));
}
