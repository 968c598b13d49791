/**
 * The worker side of OffThread (pool.ts): answers { id, task, input } with the task's bytes,
 * transferred (not copied) back, or with the error's message.
 */
import { parentPort } from 'node:worker_threads';

export type WorkerTask = (input: never) => Promise<Uint8Array>;

export interface TaskRequest {
  id: number;
  task: string;
  input: unknown;
}

export type TaskResponse = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; message: string };

/** A standalone copy, so that exactly the file's bytes are transferred (a Buffer may view a shared pool). */
function own(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return new Uint8Array(bytes.buffer);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

export function serveTasks(tasks: Record<string, WorkerTask>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs in a worker thread only');
  port.on('message', async (req: TaskRequest) => {
    let res: TaskResponse;
    try {
      const fn = tasks[req.task];
      if (!fn) throw new Error(`unknown task ${req.task}`);
      res = { id: req.id, ok: true, bytes: own(await fn(req.input as never)) };
    } catch (err) {
      res = { id: req.id, ok: false, message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
    port.postMessage(res, res.ok ? [res.bytes.buffer as ArrayBuffer] : []);
  });
  port.postMessage({ ready: true });
}
