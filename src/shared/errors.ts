/** Errors that cross the HTTP edge carry a code, a status and a Japanese message. */
export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503,
    message: string,
    readonly fields?: FieldError[],
    readonly current?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** 429: too much at once; the answer's Retry-After says when to try again. */
export class TooManyRequestsError extends AppError {
  constructor(code: string, message: string, readonly retryAfterSeconds: number) {
    super(code, 429, message);
  }
}

export const validationError = (fields: FieldError[], message = '入力内容に誤りがあります。各項目のメッセージを確認してください。') =>
  new AppError('validation', 422, message, fields);

export const notFound = (what: string) => new AppError('not_found', 404, `${what}が見つかりません。`);

export const forbidden = (message = 'この操作を行う権限がありません。') => new AppError('forbidden', 403, message);

export const conflict = (message: string, current?: unknown) => new AppError('conflict', 409, message, undefined, current);

export const badRequest = (message: string) => new AppError('bad_request', 400, message);

/** Collects field errors and throws them together, so the user sees every problem at once. */
export class FieldErrors {
  private readonly list: FieldError[] = [];
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
  get size(): number {
    return this.list.length;
  }
  throwIfAny(): void {
    if (this.list.length) throw validationError(this.list);
  }
}
