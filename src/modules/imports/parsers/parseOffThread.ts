/**
 * Uploads are read into tables in worker threads, never on the server's event loop: reading a large
 * workbook takes seconds of CPU and hundreds of MB, and on the event loop every other request (of every
 * municipality) waited for it.
 *
 * A few workers (PARSE_ISOLATION.workers), one file at a time each, so that one file that goes wrong
 * ends only its own worker; each with a heap limit and a time limit. A worker over either is ended and
 * the user gets a message that says so (nothing is stored; the next file starts a fresh worker). Files
 * beyond the free workers wait their turn, up to `queue` of them; beyond that the server answers 503.
 * The sizes were checked first (bounds.ts): the limits here are what stops a file that slips past them.
 *
 * The same workers do the rest of the pure work on a table (tasks.ts): the table as stored (JSON text),
 * the proposal, the dry run and the commit's plan of writes against the plan's data, and the JSON of the
 * answers. On the event loop, against a plan of 30,000 items, these held every other request for
 * 0.3–0.6 s at a time (bench/import-isolation.ts). The workers run at a lower priority (`nice`).
 */
import { AppError } from '../../../shared/errors.js';
import { log } from '../../../shared/log.js';
import type { SpreadsheetLimits } from '../../../shared/spreadsheetLimits.js';
import { isOutOfMemory, OffThread, OffThreadTimeout } from '../../jobs/worker/pool.js';
import type { ImportContextData } from '../domain/contextData.js';
import type { ParsedUpload } from '../domain/grid.js';
import type { ImportMapping } from '../domain/mapping.js';
import type { ViewRequest } from '../presenters/views.js';
import { checkZipDirectory } from './bounds.js';
import { MAX_UPLOAD_BYTES, tooLarge } from './errors.js';
import { PARSE_TASKS, type ParseInputs, type ParseOutputs, type ParseTask, type UploadResult } from './tasks.js';

export interface ParseIsolation {
  /** files read at the same time (one worker thread each) */
  workers: number;
  /** heap of one worker (old generation, MB); a file that needs more is refused */
  memoryMb: number;
  /** time one file may take to read, from when its worker is ready */
  timeoutMs: number;
  /** files that may wait for a worker; beyond them: 503 */
  queue: number;
  /**
   * Scheduling priority of the worker processes (nice, 0–19): on a server with few cores an import at
   * full speed competes with the server's own thread for the CPU; niced, it takes what is left and other
   * requests keep their answer times (bench/import-isolation.ts).
   */
  nice: number;
}

/** A table at the cell limit (300,000 cells) takes 2–4 s and under 256 MB of heap to read (bench/import-isolation.ts). */
export const PARSE_ISOLATION: ParseIsolation = { workers: 2, memoryMb: 512, timeoutMs: 60_000, queue: 8, nice: 10 };

// worker.ts under tsx / vitest, worker.js when compiled
const ENTRY = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

class ParserPool {
  private readonly slots: OffThread[];
  private readonly free: OffThread[];
  private readonly waiting: ((slot: OffThread) => void)[] = [];

  constructor(readonly isolation: ParseIsolation) {
    this.slots = Array.from(
      { length: isolation.workers },
      (_, i) =>
        new OffThread(ENTRY, `gyokaku-import-${i + 1}`, {
          // a process, not a thread: a thread over its heap limit may abort the whole server (pool.ts)
          isolation: 'process',
          resourceLimits: { maxOldGenerationSizeMb: isolation.memoryMb },
          taskTimeoutMs: isolation.timeoutMs,
          nice: isolation.nice,
        }),
    );
    this.free = [...this.slots];
  }

  /** Tasks answered in a worker / on this thread (tests check where the work ran). */
  get counts(): { worker: number; inline: number } {
    return this.slots.reduce((n, s) => ({ worker: n.worker + s.counts.worker, inline: n.inline + s.counts.inline }), { worker: 0, inline: 0 });
  }

  async run<K extends ParseTask>(task: K, input: ParseInputs[K], what: string): Promise<ParseOutputs[K]> {
    const slot = await this.acquire();
    try {
      // inline only when no worker thread can start at all (OffThread); the size checks still apply there
      return await slot.call<ParseOutputs[K]>(task, input, () => (PARSE_TASKS[task] as (i: ParseInputs[K]) => Promise<ParseOutputs[K]>)(input));
    } catch (err) {
      throw this.translate(err, what);
    } finally {
      this.release(slot);
    }
  }

  stop(): Promise<void> {
    return Promise.all(this.slots.map((s) => s.stop())).then(() => undefined);
  }

  private acquire(): Promise<OffThread> {
    const slot = this.free.pop();
    if (slot) return Promise.resolve(slot);
    if (this.waiting.length >= this.isolation.queue)
      return Promise.reject(
        new AppError('import_busy', 503, 'ほかのファイルの読み込みが混み合っているため、いまは受け付けられません。しばらく待ってから、もう一度アップロードしてください（何も保存していません）。'),
      );
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: OffThread): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.free.push(slot);
  }

  private translate(err: unknown, what: string): unknown {
    if (err instanceof AppError) return err;
    if (isOutOfMemory(err)) {
      log.warn({ limitMb: this.isolation.memoryMb }, '取込みのファイルの読み込みがメモリの上限を超えたため中止しました');
      return new AppError(
        'import_too_heavy',
        422,
        `${what}は、読み込みに必要なメモリが上限（${this.isolation.memoryMb} MB）を超えたため、読み込みを中止しました。表を分けるか、不要なシート・書式・画像を削除してから取り込んでください（何も保存していません）。`,
      );
    }
    if (err instanceof OffThreadTimeout) {
      log.warn({ timeoutMs: err.timeoutMs }, '取込みのファイルの読み込みが時間の上限を超えたため中止しました');
      const limit = err.timeoutMs >= 1000 ? `${Math.round(err.timeoutMs / 1000)}秒` : `${err.timeoutMs}ミリ秒`;
      return new AppError(
        'import_too_slow',
        422,
        `${what}は、読み込みが時間の上限（${limit}）を超えたため中止しました。表を分けるか、不要なシート・書式を削除してから取り込んでください（何も保存していません）。`,
      );
    }
    log.error({ err }, '取込みのファイルを読み込むワーカースレッドでエラーが発生しました');
    return new AppError('import_failed', 500, `${what}の読み込み中に予期しないエラーが発生しました（何も保存していません）。もう一度アップロードしてください。`);
  }
}

let pool = new ParserPool(PARSE_ISOLATION);

/** Replaces the workers' limits (tests; the server uses PARSE_ISOLATION). The previous workers are stopped. */
export async function configureImportParsing(isolation: Partial<ParseIsolation> = {}): Promise<void> {
  const old = pool;
  pool = new ParserPool({ ...PARSE_ISOLATION, ...isolation });
  await old.stop();
}

/** Where the parses ran (tests). */
export const importParseCounts = () => pool.counts;

/** An uploaded file → its table, read in a worker thread; refusals carry the message for the user. */
export async function parseFileOffThread(bytes: Uint8Array, fileName: string, limits?: SpreadsheetLimits): Promise<ParsedUpload> {
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw tooLarge(bytes.byteLength);
  // a zip's declared sizes are read here at once (no inflating): a bomb does not even take a worker
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) checkZipDirectory(bytes, fileName, limits);
  return pool.run('file', { bytes, fileName, ...(limits ? { limits } : {}) }, `ファイル「${fileName}」`);
}

/** Text pasted from a PDF → its table, read in a worker thread. */
export async function parseTextOffThread(text: string, limits?: SpreadsheetLimits): Promise<ParsedUpload> {
  return pool.run('text', { text, ...(limits ? { limits } : {}) }, '貼り付けた文字');
}

/**
 * A new upload, all in a worker: the file read, its table as stored (JSON text for the jsonb column),
 * and the answer of the upload route (the proposal and its dry run against the plan in `view`).
 */
export async function uploadFileOffThread(bytes: Uint8Array, fileName: string, view: ViewRequest, limits?: SpreadsheetLimits): Promise<UploadResult> {
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw tooLarge(bytes.byteLength);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) checkZipDirectory(bytes, fileName, limits);
  return pool.run('uploadFile', { bytes, fileName, view, ...(limits ? { limits } : {}) }, `ファイル「${fileName}」`);
}

/** As uploadFileOffThread, for text pasted from a PDF. */
export async function uploadTextOffThread(text: string, view: ViewRequest, limits?: SpreadsheetLimits): Promise<UploadResult> {
  return pool.run('uploadText', { text, view, ...(limits ? { limits } : {}) }, '貼り付けた文字');
}

const STORED = 'アップロードした表';

/** The proposal and dry run of a stored upload (another sheet, a saved mapping), as the route's JSON text. */
export function viewOffThread(uploadJson: string, view: ViewRequest): Promise<string> {
  return pool.run('view', { uploadJson, view }, STORED);
}

/** The dry run of a mapping, as the route's JSON text (a table unreadable with it: 422). */
export function dryRunOffThread(uploadJson: string, context: ImportContextData, mapping: ImportMapping): Promise<string> {
  return pool.run('dryRun', { uploadJson, context, mapping }, STORED);
}

/** The commit's plan of writes, or the problems that stop it. */
export function commitPlanOffThread(uploadJson: string, context: ImportContextData, mapping: ImportMapping): Promise<ParseOutputs['commitPlan']> {
  return pool.run('commitPlan', { uploadJson, context, mapping }, STORED);
}
