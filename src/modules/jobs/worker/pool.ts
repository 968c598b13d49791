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
 */
import { Worker } from 'node:worker_threads';
import { log } from '../../../shared/log.js';
import type { TaskRequest, TaskResponse } from './serve.js';

const IDLE_MS = 60_000;

interface Pending {
  resolve(bytes: Uint8Array): void;
  reject(err: Error): void;
  inline: () => Promise<Uint8Array>;
}

/** Every OffThread of the process, so that a shutdown can stop their workers (stopAllOffThreads). */
const instances = new Set<OffThread>();

/** Stops every worker thread (shutdown); tasks still pending fail. */
export async function stopAllOffThreads(): Promise<void> {
  await Promise.all([...instances].map((t) => t.stop()));
}

export class OffThread {
  private worker: Worker | null = null;
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
  ) {
    instances.add(this);
  }

  /** Runs `task` in the worker; `inline` is the same work on this thread, used only when no worker can start. */
  run(task: string, input: unknown, inline: () => Promise<Uint8Array>): Promise<Uint8Array> {
    if (this.broken) return this.runInline(inline);
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, inline });
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = null;
      worker.ref();
      try {
        worker.postMessage({ id, task, input } satisfies TaskRequest);
      } catch (err) {
        // input that cannot be cloned is a programming error: say so instead of hanging
        this.pending.delete(id);
        this.settle();
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  /** Stops the worker (tests, shutdown); pending tasks fail. */
  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.ready = false;
    this.fail(new Error(`${this.name}: stopped`));
    if (w) await w.terminate();
  }

  private async runInline(inline: () => Promise<Uint8Array>): Promise<Uint8Array> {
    this.counts.inline++;
    return inline();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./bootstrap.mjs', import.meta.url), {
      workerData: { entry: this.entry.href },
      // the loader is registered by bootstrap.mjs; inherited flags (tsx's --import, vitest's) would register it twice
      execArgv: [],
      name: this.name,
    });
    this.worker = w;
    this.ready = false;
    w.on('message', (msg: TaskResponse | { ready: true }) => {
      if ('ready' in msg) {
        this.ready = true;
        return;
      }
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) {
        this.counts.worker++;
        p.resolve(msg.bytes);
      } else p.reject(new Error(`${this.name}: ${msg.message}`));
      this.settle();
    });
    w.on('error', (err) => this.lost(w, err));
    w.on('exit', (code) => this.lost(w, new Error(`${this.name}: worker exited (${code})`)));
    return w;
  }

  /** The worker died: before it was ready it cannot run here at all (inline from now on); later, its tasks fail. */
  private lost(w: Worker, err: Error): void {
    if (this.worker !== w) return;
    this.worker = null;
    if (!this.ready) {
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
    for (const p of waiting) p.reject(err);
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
