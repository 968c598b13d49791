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
 *
 * At most `jobConcurrency` jobs run at once in a process (configureJobs; the server sets it from
 * GYOKAKU_JOB_CONCURRENCY): imports and exports are heavy, and unbounded they would starve the
 * requests. The others wait in order, their message saying their place (順番待ち（1件目）).
 * On shutdown drainJobs refuses new jobs for the store, waits for the rest up to a deadline and
 * marks what is still unfinished as interrupted, so no row is left looking as if it ran forever.
 */
import { and, count, eq, gt, inArray, lt, notInArray, sql } from 'drizzle-orm';
import { isConnectionError, isDiskFullError, storeUnavailableIn } from '../../db/availability.js';
import type { Executor, Store } from '../../db/client.js';
import { jobs } from '../../db/schema.js';
import { AppError, TooManyRequestsError } from '../../shared/errors.js';
import { log } from '../../shared/log.js';

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
  store: Store;
  /** resolves the job's `done` */
  finish(row: JobRow): void;
  /** set once the job has ended (finished, failed or given up by a shutdown) */
  settled: boolean;
}

interface Waiting {
  entry: Live;
  work: JobWork;
}

const live = new Map<string, Live>();
const PERSIST_EVERY_MS = 1000;
const KEEP_FINISHED_MS = 10 * 60 * 1000;
export const DEFAULT_JOB_CONCURRENCY = 2;

let concurrency = DEFAULT_JOB_CONCURRENCY;
/** jobs whose work is running now */
const active = new Set<Live>();
/** jobs accepted but not started, oldest first */
const waiting: Waiting[] = [];
/** stores being shut down: no new jobs for them */
const stopping = new WeakSet<Store>();

export const QUEUED_MESSAGE = (place: number) => `順番待ち（${place}件目）`;
export const SHUTTING_DOWN_MESSAGE = 'サーバーを停止しているため、新しい処理を開始できません。再起動のあと、もう一度実行してください。';
export const INTERRUPTED_RUNNING_MESSAGE =
  'サーバーの停止のため、処理の終了を待たずに中断しました。結果が反映されていない可能性があります。内容を確認し、必要ならもう一度実行してください。';
export const INTERRUPTED_QUEUED_MESSAGE = 'サーバーの停止のため、この処理は開始されませんでした（何も変更されていません）。もう一度実行してください。';

/** Sets how many jobs may run at once in this process (the server calls it with GYOKAKU_JOB_CONCURRENCY). */
export function configureJobs(opts: { concurrency: number }): void {
  if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1) throw new RangeError(`job concurrency must be a positive integer (${opts.concurrency})`);
  concurrency = opts.concurrency;
  pump();
}

/** Jobs running and waiting in this process (diagnostics, tests). */
export function jobCounts(): { running: number; queued: number } {
  return { running: active.size, queued: waiting.length };
}

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
    .catch((err: unknown) => log.error({ err, jobId: id }, 'ジョブの進捗を保存できませんでした'));
  return entry.chain;
}

export function jobErrorOf(err: unknown): JobError {
  const refused = storeUnavailableIn(err);
  if (refused) return { error: { code: refused.code, message: refused.message } };
  if (isConnectionError(err))
    return { error: { code: 'database_unavailable', message: 'データベースとの接続が切れたため、処理を中断しました。途中までの内容は保存されていません。しばらくしてから、もう一度実行してください。' } };
  if (isDiskFullError(err))
    return { error: { code: 'disk_full', message: 'データベースのディスクの空きが不足したため、処理を中断しました。途中までの内容は保存されていません。システム管理者に連絡してください。' } };
  if (err instanceof AppError) return { error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } };
  return { error: { code: 'internal', message: 'システムエラーが発生しました。処理は取り消され、何も保存されていません。時間をおいてもう一度お試しください。' } };
}

/**
 * Creates the job (queued) and schedules the work; returns the row without waiting.
 * The work's return value becomes the job's result (it must be JSON).
 */
export async function runJob(store: Store, meta: JobMeta, work: JobWork): Promise<JobRow> {
  refuseWhileStopping(store);
  const row = await store.db.transaction(async (tx) => {
    await refuseOverLimits(tx, meta, new Date());
    const [inserted] = await tx
      .insert(jobs)
      .values({ municipalityId: meta.municipalityId, kind: meta.kind, createdBy: meta.createdBy, state: 'queued', result: { heartbeatAt: new Date().toISOString() } })
      .returning();
    return inserted;
  });
  let finish!: (r: JobRow) => void;
  const done = new Promise<JobRow>((r) => (finish = r));
  const entry: Live = { row: { ...row! }, done, chain: Promise.resolve(), lastWrite: 0, store, finish, settled: false };
  live.set(row!.id, entry);
  startHeartbeat();
  waiting.push({ entry, work });
  // started after the current request has been answered (the route returns the queued row first)
  setImmediate(pump);
  if (active.size >= concurrency) showPlaces();
  return row!;
}

/**
 * Jobs unfinished at once (queued or running, in any process: counted in the database): per person and
 * per municipality. Imports and exports are heavy; without a bound one reader could queue PDFs without end
 * and hold back everyone's. A row older than JOB_LIMITS.staleAfterMs no longer counts (a process that
 * stopped without finishing it cannot keep anybody waiting).
 */
export const JOB_LIMITS = { perUser: 3, perMunicipality: 10, staleAfterMs: 2 * 60 * 60 * 1000, retryAfterSeconds: 30 };

export const TOO_MANY_JOBS_USER_MESSAGE = (n: number) =>
  `実行中・順番待ちの処理（取込み・出力）が既に${n}件あります。終わってから、もう一度実行してください（進み具合は「処理の状況」で確認できます）。`;
export const TOO_MANY_JOBS_MUNICIPALITY_MESSAGE = (n: number) =>
  `この団体で実行中・順番待ちの処理（取込み・出力）が${n}件に達しています。しばらく待ってから、もう一度実行してください。`;

async function refuseOverLimits(tx: Executor, meta: JobMeta, now: Date): Promise<void> {
  // one starter at a time per municipality, so two requests cannot both take the last place (any process)
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`gyokaku.jobs:${meta.municipalityId}`}))`);
  const [c] = await tx
    .select({
      all: count(),
      mine: sql<number>`count(*) filter (where ${jobs.createdBy} = ${meta.createdBy})`,
    })
    .from(jobs)
    .where(
      and(
        eq(jobs.municipalityId, meta.municipalityId),
        inArray(jobs.state, ['queued', 'running']),
        gt(jobs.createdAt, new Date(now.getTime() - JOB_LIMITS.staleAfterMs)),
      ),
    );
  if (Number(c?.mine ?? 0) >= JOB_LIMITS.perUser)
    throw new TooManyRequestsError('too_many_jobs', TOO_MANY_JOBS_USER_MESSAGE(JOB_LIMITS.perUser), JOB_LIMITS.retryAfterSeconds);
  if (Number(c?.all ?? 0) >= JOB_LIMITS.perMunicipality)
    throw new TooManyRequestsError('too_many_jobs', TOO_MANY_JOBS_MUNICIPALITY_MESSAGE(JOB_LIMITS.perMunicipality), JOB_LIMITS.retryAfterSeconds);
}

function refuseWhileStopping(store: Store): void {
  if (stopping.has(store)) throw new AppError('shutting_down', 503, SHUTTING_DOWN_MESSAGE);
}

/** Starts waiting jobs while there is a free slot; the rest are told their place. */
function pump(): void {
  let started = false;
  while (active.size < concurrency && waiting.length) {
    const next = waiting.shift()!;
    if (next.entry.settled) continue;
    started = true;
    active.add(next.entry);
    void execute(next.entry, next.work).then((row) => {
      active.delete(next.entry);
      next.entry.finish(row);
      pump();
    });
  }
  if (started) showPlaces();
}

/** Each waiting job's message says its place in the line (1 = starts next). */
function showPlaces(): void {
  waiting.forEach(({ entry }, i) => {
    const message = QUEUED_MESSAGE(i + 1);
    if (entry.row.message === message) return;
    entry.row = { ...entry.row, message };
    void write(entry.store, entry, { message });
  });
}

async function execute(entry: Live, work: JobWork): Promise<JobRow> {
  const store = entry.store;
  entry.row = { ...entry.row, state: 'running', message: '' };
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
    if (!(err instanceof AppError)) log.error({ err, jobId: entry.row.id, kind: entry.row.kind }, 'ジョブが失敗しました');
    entry.row = { ...entry.row, state: 'failed', message: e.error.message, result: e as unknown as JobRow['result'], finishedAt: new Date() };
  }
  // a job a shutdown gave up on that still ends before the store closes records its real outcome
  entry.settled = true;
  const { state, progress, total, message, result, finishedAt } = entry.row;
  await write(store, entry, { state, progress, total, message, result, finishedAt });
  forgetLater(entry);
  return entry.row;
}

function forgetLater(entry: Live): void {
  setTimeout(() => live.delete(entry.row.id), KEEP_FINISHED_MS).unref();
}

/**
 * Shutdown of one store: refuses new jobs for it, lets its running and waiting jobs go on until
 * `deadline` (epoch ms), then marks those still unfinished as failed with a Japanese message — in
 * memory at once, and on their rows as far as the database answers within `writeTimeoutMs` (a job
 * holding PGlite's only connection in its transaction would keep the write waiting; its row is then
 * shown as 中断 after the restart anyway). Resolves with how many finished and how many were given up.
 */
export async function drainJobs(store: Store, deadline: number, writeTimeoutMs = 2_000): Promise<{ finished: number; interrupted: number }> {
  stopping.add(store);
  const mine = () => [...live.values()].filter((e) => e.store === store && !e.settled);
  const pendingAtStart = mine();
  await Promise.race([Promise.all(pendingAtStart.map((e) => e.done)), sleepUntil(deadline)]);
  const left = mine();
  if (!left.length) return { finished: pendingAtStart.length, interrupted: 0 };
  const now = new Date();
  const writes: Promise<unknown>[] = [];
  for (const entry of left) {
    const wasRunning = active.has(entry);
    const message = wasRunning ? INTERRUPTED_RUNNING_MESSAGE : INTERRUPTED_QUEUED_MESSAGE;
    const result = { error: { code: 'interrupted', message } } satisfies JobError;
    entry.row = { ...entry.row, state: 'failed', message, result: result as unknown as JobRow['result'], finishedAt: now };
    if (!wasRunning) {
      // never started: take it out of the line and answer whoever waits for it
      entry.settled = true;
      const i = waiting.findIndex((w) => w.entry === entry);
      if (i >= 0) waiting.splice(i, 1);
      entry.finish(entry.row);
      forgetLater(entry);
    }
    const { municipalityId, id } = entry.row;
    writes.push(
      store.db
        .update(jobs)
        .set({ state: 'failed', message, result: entry.row.result, finishedAt: now })
        .where(and(eq(jobs.municipalityId, municipalityId), eq(jobs.id, id), inArray(jobs.state, ['queued', 'running'])))
        .catch((err: unknown) => log.warn({ err, jobId: id }, '中断したジョブの状態を保存できませんでした（再起動後は「中断」と表示されます）')),
    );
    log.warn({ jobId: id, kind: entry.row.kind, state: wasRunning ? 'running' : 'queued' }, 'サーバー停止の期限までに終わらなかったジョブを中断しました');
  }
  await Promise.race([Promise.all(writes), sleepUntil(Date.now() + writeTimeoutMs)]);
  return { finished: pendingAtStart.length - left.length, interrupted: left.length };
}

/** Resolves at `deadline` (epoch ms) without keeping the process alive. */
function sleepUntil(deadline: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())).unref());
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

// ───────────── jobs left behind by a process that ended without finishing them ─────────────

export const INTERRUPTED_BY_CRASH_MESSAGE =
  'サーバーが処理の途中で止まったため、この処理は中断されました（途中までの内容は保存されていません）。「もう一度実行」で同じ内容をもう一度実行できます。';

/** How often a process marks its unfinished jobs as still alive (PostgreSQL: other processes read it). */
export const JOB_HEARTBEAT_MS = 30_000;
/** A queued/running row whose heartbeat is older than this has lost its process. */
export const JOB_ORPHAN_AFTER_MS = 3 * JOB_HEARTBEAT_MS;

let heartbeat: NodeJS.Timeout | undefined;

/**
 * While a queued or running job's row says nothing yet in `result` (it is written when the job ends), it
 * carries `heartbeatAt`, renewed by its process every JOB_HEARTBEAT_MS: on PostgreSQL several processes
 * share the jobs table, and a starting process must tell a job another live process runs from one whose
 * process is gone. Written without waiting, as progress is (the job may hold PGlite's only connection).
 */
function startHeartbeat(): void {
  if (heartbeat) return;
  heartbeat = setInterval(() => {
    const open = [...live.values()].filter((e) => !e.settled);
    if (!open.length) return;
    const at = new Date().toISOString();
    for (const e of open) if (e.row.state === 'queued' || e.row.state === 'running') void write(e.store, e, { result: { heartbeatAt: at } });
  }, JOB_HEARTBEAT_MS);
  heartbeat.unref();
}

/**
 * At start: rows left queued or running by a process that is gone are marked failed (code `interrupted`),
 * so nobody waits for them and the person who started them is offered to run them again. The embedded
 * store has one process (its lock), so every such row is an orphan; on PostgreSQL only rows whose
 * heartbeat (or, for rows without one, creation) is older than JOB_ORPHAN_AFTER_MS, since other processes
 * may be running theirs. Returns how many rows were marked.
 */
export async function sweepInterruptedJobs(store: Store, now = new Date()): Promise<number> {
  const open = inArray(jobs.state, ['queued', 'running']);
  const mine = new Set([...live.values()].filter((e) => e.store === store && !e.settled).map((e) => e.row.id));
  const cutoff = new Date(now.getTime() - JOB_ORPHAN_AFTER_MS);
  const notMine = mine.size ? notInArray(jobs.id, [...mine]) : undefined;
  const orphan =
    store.kind === 'pglite'
      ? and(open, notMine)
      : and(open, notMine, lt(sql`coalesce((${jobs.result}->>'heartbeatAt')::timestamptz, ${jobs.createdAt})`, cutoff));
  const result = { error: { code: 'interrupted', message: INTERRUPTED_BY_CRASH_MESSAGE } } satisfies JobError;
  const rows = await store.db
    .update(jobs)
    .set({ state: 'failed', message: INTERRUPTED_BY_CRASH_MESSAGE, result, finishedAt: now })
    .where(orphan)
    .returning({ id: jobs.id, kind: jobs.kind, municipalityId: jobs.municipalityId });
  const swept = rows;
  if (swept.length) log.warn({ jobs: swept.map((r) => ({ id: r.id, kind: r.kind })) }, `前回のプロセスが終了したときに未完了だった処理 ${swept.length} 件を「中断」にしました`);
  return swept.length;
}
