/**
 * The worker side of OffThread (pool.ts): answers { id, task, input } with the task's bytes,
 * transferred (not copied) back, any other result structured-cloned, or with the error's message
 * (an AppError's code, status and message too, so that the user gets the same answer as in-thread).
 */
import { parentPort } from 'node:worker_threads';
import { AppError, type FieldError } from '../../../shared/errors.js';

export type WorkerTask = (input: never) => Promise<unknown>;

export interface TaskRequest {
  id: number;
  task: string;
  input: unknown;
}

export interface TaskAppError {
  code: string;
  status: AppError['status'];
  message: string;
  fields?: FieldError[];
}

export type TaskResponse =
  | { id: number; ok: true; bytes: Uint8Array }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; message: string; appError?: TaskAppError };

/** A standalone copy, so that exactly the file's bytes are transferred (a Buffer may view a shared pool). */
function own(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return new Uint8Array(bytes.buffer);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

interface Port {
  on(event: 'message', fn: (req: TaskRequest) => void): void;
  postMessage(msg: unknown, transfer: ArrayBuffer[]): void;
}

/** The thread's port, or the IPC channel of a worker process (which ends with its parent). */
function port(): Port {
  if (parentPort) return parentPort as unknown as Port;
  const send = process.send?.bind(process);
  if (!send) throw new Error('serveTasks runs in a worker thread or a forked process only');
  process.on('disconnect', () => process.exit(0));
  return { on: (_event, fn) => void process.on('message', fn), postMessage: (msg) => void send(msg) };
}

export function serveTasks(tasks: Record<string, WorkerTask>): void {
  const p = port();
  p.on('message', async (req: TaskRequest) => {
    let res: TaskResponse;
    try {
      const fn = tasks[req.task];
      if (!fn) throw new Error(`unknown task ${req.task}`);
      const out = await fn(req.input as never);
      res = out instanceof Uint8Array ? { id: req.id, ok: true, bytes: own(out) } : { id: req.id, ok: true, value: out };
    } catch (err) {
      res = { id: req.id, ok: false, message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
      if (err instanceof AppError) res.appError = { code: err.code, status: err.status, message: err.message, ...(err.fields ? { fields: err.fields } : {}) };
    }
    p.postMessage(res, res.ok && 'bytes' in res ? [res.bytes.buffer as ArrayBuffer] : []);
  });
  p.postMessage({ ready: true }, []);
}
