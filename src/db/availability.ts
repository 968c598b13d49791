/**
 * When the database cannot serve: PostgreSQL stopped or restarting, the connection cut, the disk full,
 * the embedded store broken or too busy. Such failures are the system's state, not the request's fault:
 * they answer 503 with a Japanese message and Retry-After (shared/http/errors.ts), never 500, and they
 * never end the process (main.ts).
 */
import { AppError } from '../shared/errors.js';

export const DB_UNAVAILABLE_MESSAGE = 'データベースに接続できません。しばらくしてからもう一度お試しください。';
export const DB_DISK_FULL_MESSAGE =
  'データベースのディスクの空きが不足しているため、保存できませんでした。入力内容は保存されていません。システム管理者に連絡してください。';
export const STORE_BROKEN_MESSAGE =
  'データを保存するディスクの空きがなくなったため、サーバーは処理を止めています（それまでに保存したデータは失われていません）。システム管理者に連絡してください。';
export const STORE_BUSY_MESSAGE = 'サーバーが混み合っているため、処理できませんでした。入力内容は保存されていません。少し待ってから、もう一度お試しください。';

/** 503 raised by gyokaku itself about its store (broken embedded store, queue full); Retry-After in seconds. */
export class StoreUnavailableError extends AppError {
  constructor(code: 'database_unavailable' | 'disk_full' | 'store_busy', message: string, readonly retryAfterSeconds: number) {
    super(code, 503, message);
    this.name = 'StoreUnavailableError';
  }
}

/** SQLSTATEs of a lost or refused connection: class 08, admin/crash shutdown, cannot connect now, too many connections. */
const CONNECTION_SQLSTATE = /^(08...|57P01|57P02|57P03|53300)$/;
const CONNECTION_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
// node-postgres says these in words, without a code
const CONNECTION_TEXT = /Connection terminated|not queryable|timeout exceeded when trying to connect/i;

/** The error and the errors it wraps (drizzle puts the driver's error in `cause`). */
function* chain(err: unknown): Generator<{ code?: unknown; message?: unknown; errno?: unknown }> {
  for (let e = err, i = 0; e && typeof e === 'object' && i < 6; e = (e as { cause?: unknown }).cause, i++) yield e as never;
}

/** A lost, refused or cut connection to PostgreSQL (it will come back; retrying later may succeed). */
export function isConnectionError(err: unknown): boolean {
  for (const e of chain(err)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (CONNECTION_SQLSTATE.test(code) || CONNECTION_ERRNO.has(code)) return true;
    if (typeof e.message === 'string' && CONNECTION_TEXT.test(e.message)) return true;
  }
  return false;
}

/** The database could not write for lack of space (SQLSTATE 53100 disk_full, or the file system's ENOSPC). */
export function isDiskFullError(err: unknown): boolean {
  for (const e of chain(err)) {
    if (e.code === '53100' || e.code === 'ENOSPC') return true;
    if (typeof e.message === 'string' && /No space left on device/i.test(e.message)) return true;
  }
  return false;
}

/** The StoreUnavailableError behind `err` (drizzle wraps what the driver throws in a query error's `cause`). */
export function storeUnavailableIn(err: unknown): StoreUnavailableError | undefined {
  for (const e of chain(err)) if (e instanceof StoreUnavailableError) return e;
  return undefined;
}
