import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ApiErrorBody } from '../api-types.js';
import { AppError } from '../errors.js';

export const onError: ErrorHandler = (err, c) => {
  if (err instanceof AppError) {
    const body: ApiErrorBody = { error: { code: err.code, message: err.message } };
    if (err.fields) body.error.fields = err.fields;
    if (err.current !== undefined) body.error.current = err.current;
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
  // logged with its stack on the request's line (requestLog); the id lets staff find that line
  const id = c.get('requestId') as string | undefined;
  const ref = id ? `（問い合わせ番号: ${id}）` : '';
  return c.json(
    { error: { code: 'internal', message: `システムエラーが発生しました。入力内容は保存されていません。時間をおいてもう一度お試しください。${ref}` } } satisfies ApiErrorBody,
    500,
  );
};
