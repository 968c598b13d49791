/**
 * CPU-heavy, synchronous work (pdfmake lays a PDF out in one go: 1–4 s for a large table) runs in a
 * worker thread so that the server keeps answering requests meanwhile.
 *
 * One worker per OffThread, started on first use and kept while used (the fonts and modules it loads
 * take about a second); it is stopped after IDLE_MS without work and never keeps the process alive
 * when idle. The worker's entry is a .ts file in development, tests and `npm start` (tsx), and a .js
 * file when compiled: bootstrap.mjs registers tsx in the worker thread only when needed, so the same
 * code runs under tsx, vitest and plain node.
 *
 * If the worker cannot be started at all (e.g. a runtime without worker threads), the task runs
 * inline instead, with one warning: slower for other requests, but the output is the same.
 *
 * Options bound what one worker may take (the imports read untrusted files with them): `resourceLimits`
 * (heap sizes), `taskTimeoutMs` (a task not answered in time ends the worker: OffThreadTimeout) and
 * `isolation: 'process'`, which runs the same entry in a child process instead of a thread. Node ends a
 * thread over its heap limit only on a best-effort basis: some allocations abort the whole process instead
 * (nodejs/node#47224; reproduced here with a workbook read by exceljs), so untrusted input gets a process,
 * whose heap limit (--max-old-space-size) ends that process alone. Either way the task fails with
 * ERR_WORKER_OUT_OF_MEMORY or OffThreadTimeout, the tasks sharing that worker fail with it, and the next
 * task starts a fresh worker — never inline, since the same work would then hit the server's own heap.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.js';
import { log } from '../../../shared/log.js';
import type { TaskRequest, TaskResponse } from './serve.js';

const IDLE_MS = 60_000;

export interface OffThreadOptions {
  /** 'thread' (default): a worker thread; 'process': a child process (for input that may exhaust the heap) */
  isolation?: 'thread' | 'process';
  /** heap limits of the worker (Node's Worker resourceLimits; for a process, maxOldGenerationSizeMb only) */
  resourceLimits?: ResourceLimits;
  /** a task not answered within this time (counted from when the worker is ready) ends the worker */
  taskTimeoutMs?: number;
  /** 'process' only: the child's scheduling priority (nice 1–19, lower priority than the server's thread) */
  nice?: number;
}

/** A task that ran longer than `taskTimeoutMs`; its worker was ended. */
export class OffThreadTimeout extends Error {
  readonly code = 'ERR_OFFTHREAD_TIMEOUT';
  constructor(
    name: string,
    readonly timeoutMs: number,
  ) {
    super(`${name}: task timed out after ${timeoutMs} ms`);
  }
}

/** The worker was ended for going over its heap limits. */
export const isOutOfMemory = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';

/** A worker thread or a child process, as the pool uses either. */
interface Handle {
  post(msg: TaskRequest): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<void>;
}

type Inbound = TaskResponse | { ready: true };

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  inline: () => Promise<unknown>;
  timer: NodeJS.Timeout | null;
}

/** Every OffThread of the process, so that a shutdown can stop their workers (stopAllOffThreads). */
const instances = new Set<OffThread>();

/** Stops every worker thread (shutdown); tasks still pending fail. */
export async function stopAllOffThreads(): Promise<void> {
  await Promise.all([...instances].map((t) => t.stop()));
}

export class OffThread {
  private worker: Handle | null = null;
  private ready = false;
  private broken = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idleTimer: NodeJS.Timeout | null = null;
  /** Tasks answered by the worker and inline (tests check where the work ran). */
  readonly counts = { worker: 0, inline: 0 };

  constructor(
    private readonly entry: URL,
    private readonly name: string,
    private readonly options: OffThreadOptions = {},
  ) {
    instances.add(this);
  }

  /** Runs `task` in the worker; `inline` is the same work on this thread, used only when no worker can start. */
  run(task: string, input: unknown, inline: () => Promise<Uint8Array>): Promise<Uint8Array> {
    return this.call(task, input, inline);
  }

  /** As run, for a task whose result is any structured-clonable value (bytes are transferred, not copied). */
  call<T>(task: string, input: unknown, inline: () => Promise<T>): Promise<T> {
    if (this.broken) return this.runInline(inline);
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { resolve: resolve as (v: unknown) => void, reject, inline, timer: null };
      this.pending.set(id, p);
      if (this.ready) this.startTimer(id, p);
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = null;
      worker.ref();
      try {
        worker.post({ id, task, input });
      } catch (err) {
        // input that cannot be cloned is a programming error: say so instead of hanging
        this.pending.delete(id);
        if (p.timer) clearTimeout(p.timer);
        this.settle();
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  /** Tasks sent and not yet answered. */
  get busy(): number {
    return this.pending.size;
  }

  /** The time limit runs from when the worker is ready: starting it (modules, fonts) is not the task's time. */
  private startTimer(id: number, p: Pending): void {
    const ms = this.options.taskTimeoutMs;
    if (!ms || p.timer) return;
    p.timer = setTimeout(() => {
      if (this.pending.get(id) !== p) return;
      this.pending.delete(id);
      p.reject(new OffThreadTimeout(this.name, ms));
      // the worker is busy with it and cannot be interrupted otherwise
      void this.stop(new Error(`${this.name}: worker ended (another task ran over its time limit)`));
    }, ms);
    p.timer.unref();
  }

  /** Stops the worker (tests, shutdown); pending tasks fail (with `reason` when given). */
  async stop(reason?: Error): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.ready = false;
    this.fail(reason ?? new Error(`${this.name}: stopped`));
    if (w) await w.terminate();
  }

  private async runInline<T>(inline: () => Promise<T>): Promise<T> {
    this.counts.inline++;
    return inline();
  }

  private ensure(): Handle {
    if (this.worker) return this.worker;
    const h = this.options.isolation === 'process' ? this.startProcess() : this.startThread();
    this.worker = h;
    this.ready = false;
    return h;
  }

  private startThread(): Handle {
    const w = new Worker(new URL('./bootstrap.mjs', import.meta.url), {
      workerData: { entry: this.entry.href },
      // the loader is registered by bootstrap.mjs; inherited flags (tsx's --import, vitest's) would register it twice
      execArgv: [],
      name: this.name,
      ...(this.options.resourceLimits ? { resourceLimits: this.options.resourceLimits } : {}),
    });
    const h: Handle = {
      post: (msg) => w.postMessage(msg),
      ref: () => w.ref(),
      unref: () => w.unref(),
      terminate: async () => void (await w.terminate()),
    };
    w.on('message', (msg: Inbound) => this.received(h, msg));
    w.on('error', (err) => this.lost(h, err));
    w.on('exit', (code) => this.lost(h, new Error(`${this.name}: worker exited (${code})`)));
    return h;
  }

  private startProcess(): Handle {
    const heap = this.options.resourceLimits?.maxOldGenerationSizeMb;
    const child: ChildProcess = fork(fileURLToPath(new URL('./bootstrap.mjs', import.meta.url)), [this.entry.href], {
      // as for a thread: bootstrap.mjs registers the loader itself
      execArgv: heap ? [`--max-old-space-size=${heap}`] : [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    if (this.options.nice && child.pid !== undefined)
      try {
        setPriority(child.pid, this.options.nice);
      } catch (err) {
        // not fatal: the worker then runs at the server's priority
        log.warn({ worker: this.name, err: (err as Error).message }, 'ワーカープロセスの優先度を下げられませんでした');
      }
    // V8 says why it aborted on stderr: the last lines tell a heap limit from a crash
    let tail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-4096);
    });
    const h: Handle = {
      // false only means queued (a large file); a closed channel ends in 'exit', which fails the task
      post: (msg) => void child.send(msg),
      // the process, its IPC channel and its stderr pipe each keep this process alive unless unref'ed
      ref: () => {
        child.ref();
        (child.channel as { ref?: () => void } | undefined)?.ref?.();
        (child.stderr as { ref?: () => void } | null)?.ref?.();
      },
      unref: () => {
        child.unref();
        (child.channel as { unref?: () => void } | undefined)?.unref?.();
        (child.stderr as { unref?: () => void } | null)?.unref?.();
      },
      terminate: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    };
    child.on('message', (msg: Inbound) => this.received(h, msg));
    child.on('error', (err) => this.lost(h, err));
    child.on('exit', (code, signal) => {
      const oom = /heap out of memory|Reached heap limit|Allocation failed/.test(tail);
      const err = new Error(`${this.name}: worker process exited (${signal ?? code})${oom ? ': out of memory' : ''}`);
      if (oom) (err as Error & { code?: string }).code = 'ERR_WORKER_OUT_OF_MEMORY';
      else if (this.worker === h && (code || signal) && signal !== 'SIGKILL') log.warn({ worker: this.name, code, signal, stderr: tail.slice(-1024) }, 'ワーカープロセスが異常終了しました');
      this.lost(h, err);
    });
    return h;
  }

  private received(h: Handle, msg: Inbound): void {
    if (this.worker !== h) return;
    if ('ready' in msg) {
      this.ready = true;
      for (const [id, p] of this.pending) this.startTimer(id, p);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (p.timer) clearTimeout(p.timer);
    if (msg.ok) {
      this.counts.worker++;
      p.resolve('bytes' in msg ? msg.bytes : msg.value);
    } else if (msg.appError) {
      // a refusal with its message for the user, as the same work would throw it on this thread
      this.counts.worker++;
      const e = msg.appError;
      p.reject(new AppError(e.code, e.status, e.message, e.fields));
    } else p.reject(new Error(`${this.name}: ${msg.message}`));
    this.settle();
  }

  /** The worker died: before it was ready it cannot run here at all (inline from now on); later, its tasks fail. */
  private lost(w: Handle, err: Error): void {
    if (this.worker !== w) return;
    this.worker = null;
    // over its heap limits, the worker did start: running the task here would only move the problem here
    if (!this.ready && !isOutOfMemory(err)) {
      this.broken = true;
      log.warn({ worker: this.name, err: err.message }, 'ワーカースレッドを起動できないため、このスレッドで処理します');
      const waiting = [...this.pending.values()];
      this.pending.clear();
      for (const p of waiting) this.runInline(p.inline).then(p.resolve, p.reject);
      return;
    }
    this.ready = false;
    this.fail(err);
  }

  private fail(err: Error): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(err);
    }
  }

  /** No work left: let the process exit, and stop the worker after a while. */
  private settle(): void {
    if (this.pending.size || !this.worker) return;
    const w = this.worker;
    w.unref();
    this.idleTimer = setTimeout(() => {
      if (this.worker === w && !this.pending.size) void this.stop();
    }, IDLE_MS);
    this.idleTimer.unref();
  }
}
