import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ApiErrorBody } from '../api-types.js';
import { AppError, TooManyRequestsError } from '../errors.js';
import { errorPageHtml, isPagePath } from './htmlError.js';
import { DB_DISK_FULL_MESSAGE, DB_UNAVAILABLE_MESSAGE, StoreUnavailableError, isConnectionError, isDiskFullError, storeUnavailableIn } from '../../db/availability.js';

/** How soon a client may try again after the database was unreachable (PostgreSQL restarting takes seconds). */
const DB_RETRY_AFTER_SECONDS = 10;

export const onError: ErrorHandler = (thrown, c) => {
  // the store refusing a statement (broken, too busy) arrives wrapped in drizzle's query error
  const err = storeUnavailableIn(thrown) ?? thrown;
  if (err instanceof AppError) {
    const body: ApiErrorBody = { error: { code: err.code, message: err.message } };
    if (err.fields) body.error.fields = err.fields;
    if (err.current !== undefined) body.error.current = err.current;
    if (err instanceof TooManyRequestsError || err instanceof StoreUnavailableError) c.header('Retry-After', String(err.retryAfterSeconds));
    if (err instanceof StoreUnavailableError && isPagePath(c.req.path)) return c.html(errorPageHtml('ただいま表示できません', err.message), 503, { 'cache-control': 'no-store' });
    return c.json(body, err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const message = status === 413 ? 'データが大きすぎます。' : status === 400 ? 'リクエストの形式が正しくありません。' : 'リクエストを処理できませんでした。';
    return c.json({ error: { code: status === 413 ? 'too_large' : 'bad_request', message } } satisfies ApiErrorBody, status);
  }
  if (err instanceof SyntaxError) {
    return c.json({ error: { code: 'bad_request', message: 'JSONの形式が正しくありません。' } } satisfies ApiErrorBody, 400);
  }
  // a character PostgreSQL cannot store that got past the edge (inputHygiene): the input's fault, not the system's
  if (sqlStateOf(err) === '22021' || sqlStateOf(err) === '22P05') {
    return c.json({ error: { code: 'validation', message: '使えない文字（NUL などの制御文字、または壊れた文字コード）が含まれているため保存できませんでした。入力内容を確認してください。' } } satisfies ApiErrorBody, 422);
  }
  // PostgreSQL stopped, restarting or cut off: the system's state, not the request's fault, and it passes
  if (isConnectionError(err)) {
    c.header('Retry-After', String(DB_RETRY_AFTER_SECONDS));
    if (isPagePath(c.req.path)) return c.html(errorPageHtml('ただいま表示できません', DB_UNAVAILABLE_MESSAGE), 503, { 'cache-control': 'no-store' });
    return c.json({ error: { code: 'database_unavailable', message: DB_UNAVAILABLE_MESSAGE } } satisfies ApiErrorBody, 503);
  }
  if (isDiskFullError(err)) {
    c.header('Retry-After', String(DB_RETRY_AFTER_SECONDS * 6));
    if (isPagePath(c.req.path)) return c.html(errorPageHtml('ただいま表示できません', DB_DISK_FULL_MESSAGE), 503, { 'cache-control': 'no-store' });
    return c.json({ error: { code: 'disk_full', message: DB_DISK_FULL_MESSAGE } } satisfies ApiErrorBody, 503);
  }
  // logged with its stack on the request's line (requestLog); the id lets staff find that line
  const id = c.get('requestId') as string | undefined;
  const ref = id ? `（問い合わせ番号: ${id}）` : '';
  if (isPagePath(c.req.path)) return c.html(errorPageHtml('ページを表示できませんでした', `システムエラーが発生しました。時間をおいてもう一度お試しください。${ref}`), 500, { 'cache-control': 'no-store' });
  return c.json(
    { error: { code: 'internal', message: `システムエラーが発生しました。入力内容は保存されていません。時間をおいてもう一度お試しください。${ref}` } } satisfies ApiErrorBody,
    500,
  );
};

/** The SQLSTATE of a database error, or of the error it wraps (drizzle puts the driver's error in `cause`). */
function sqlStateOf(err: unknown): string | undefined {
  for (let e = err, i = 0; e && typeof e === 'object' && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
