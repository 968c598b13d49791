/**
 * The one way an error reaches the log. A database error carries the failed statement and its
 * parameters (drizzle's DrizzleQueryError puts both into its message too), and PostgreSQL's
 * `detail` and some messages quote row values: a new user's password hash, a session token, a
 * report's text. What is kept is what an operator needs to find the fault — type, message with
 * values removed, SQLSTATE code, constraint / table / column names, system error codes and the
 * stack frames — for the error and each of its causes. Pure.
 */

const SECRET = '[秘匿]';
const OMITTED = '[省略]';

// kept as they are: names and codes, never values
const KEEP_STRING = ['code', 'constraint', 'table', 'column', 'schema', 'dataType', 'severity', 'routine', 'syscall', 'errno', 'status', 'kind'] as const;
const MAX_DEPTH = 5;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// password hashes (argon2, bcrypt, scrypt/pbkdf2 in PHC form)
const HASH = /\$(?:argon2(?:id|i|d)|2[abxy]|scrypt|pbkdf2[\w-]*)\$[^\s"',;)\]}]+/g;
// session tokens, API keys, hex digests, base64: long runs of token characters (a UUID is an id, not a secret)
const TOKEN = /[A-Za-z0-9_\-+/=]{32,}/g;
// drizzle: "Failed query: <sql>\nparams: <values>"
const FAILED_QUERY = /^Failed query:[\s\S]*$/;
// quoted text in a database message is a value unless it looks like an SQL identifier ("users_login_key")
const QUOTED = /"([^"]*)"/g;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$.]{0,62}$/;

/** Hashes and token-like runs removed; safe for any text that may end in a log line. */
export function scrubText(text: string): string {
  return text.replace(HASH, SECRET).replace(TOKEN, (m) => (UUID.test(m) ? m : SECRET));
}

function scrubMessage(message: string, database: boolean): string {
  if (FAILED_QUERY.test(message)) return 'Failed query（SQL文とパラメータは記録しません）';
  const m = database ? message.replace(QUOTED, (all, inner: string) => (IDENTIFIER.test(inner) ? all : `"${OMITTED}"`)) : message;
  return scrubText(m);
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/** The stack's frames only: its first lines repeat the (unscrubbed) message. */
function framesOf(stack: unknown): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const frames = stack.split('\n').filter((l) => /^\s+at /.test(l));
  return frames.length ? frames.join('\n') : undefined;
}

export type SafeError = Record<string, unknown>;

/**
 * An error (or anything thrown) as a plain object fit for the log. Idempotent, so it can be
 * applied by the request log and again by the logger's serializer.
 */
export function sanitizeError(err: unknown, depth = 0): SafeError | string | undefined {
  if (err === undefined || err === null) return undefined;
  if (typeof err === 'string') return scrubMessage(err, false);
  if (!isRecord(err)) return String(err);
  const out: SafeError = {};
  const type = err instanceof Error ? err.constructor.name : typeof err.type === 'string' ? err.type : undefined;
  if (type) out.type = type;
  // a SQLSTATE is five characters: then the message is PostgreSQL's and may quote values
  const database = typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code);
  if (typeof err.message === 'string') out.message = scrubMessage(err.message, database);
  for (const k of KEEP_STRING) {
    const v = err[k];
    if (typeof v === 'string' || typeof v === 'number') out[k] = typeof v === 'string' ? scrubText(v) : v;
  }
  const frames = framesOf(err.stack);
  if (frames) out.stack = `${type ?? 'Error'}: ${out.message ?? ''}\n${frames}`;
  if (depth < MAX_DEPTH) {
    if (err.cause !== undefined) out.cause = sanitizeError(err.cause, depth + 1);
    if (Array.isArray(err.errors)) out.errors = err.errors.slice(0, 10).map((e) => sanitizeError(e, depth + 1));
  }
  return out;
}
