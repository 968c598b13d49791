/**
 * Text that PostgreSQL cannot store (U+0000, a surrogate without its pair) is refused at the edge,
 * once for every route, with the field named — before it could reach a statement and end as a 500:
 *
 *   path      each segment percent-decoded: undecodable or NUL → 400
 *   query     every key and value → 422, fields = parameter names
 *   JSON      the parsed body walked (values and keys) → 422, fields = dot paths as parseInput names them
 *   forms     multipart / urlencoded fields and file names, checked when the route parses the form
 *             (so the route's own size limit still applies first) → 422
 *
 * File contents are not checked here: importers clean them cell by cell (imports/uploads.ts).
 * parseInput (validate.ts) applies the same check again to whatever it validates.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { AppError, badRequest, validationError, type FieldError } from '../errors.js';
import { findUnstorableText, hasUnstorableText, replaceUnstorableText } from '../unicode.js';
import type { AppEnv } from './types.js';

export const UNSTORABLE_MESSAGE = '使えない文字（NUL などの制御文字、または壊れた文字コード）が含まれています。各項目を確認してください。';
const FIELD_MESSAGE = '使えない文字（NUL などの制御文字、または壊れた文字コード）が含まれています。';
const KEY_MESSAGE = '項目名に使えない文字（NUL などの制御文字、または壊れた文字コード）が含まれています。';

/** The 422 for bad text in a parsed value (a JSON body, a form, a query), or null when it is clean. */
export function unstorableTextError(value: unknown): AppError | null {
  const hits = findUnstorableText(value);
  if (!hits.length) return null;
  const fields: FieldError[] = hits.map((h) => ({ path: h.path, message: h.key ? KEY_MESSAGE : FIELD_MESSAGE }));
  return validationError(fields, UNSTORABLE_MESSAGE);
}

const isJson = (type: string) => /^application\/(?:[\w.+-]*\+)?json\b/i.test(type.trim());
const isForm = (type: string) => /^(?:multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(type.trim());

function checkPath(url: string): void {
  const start = url.indexOf('/', url.indexOf('://') + 3);
  const rest = start < 0 ? '/' : url.slice(start);
  const end = rest.search(/[?#]/);
  const pathname = end < 0 ? rest : rest.slice(0, end);
  for (const segment of pathname.split('/')) {
    if (!segment.includes('%')) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw badRequest('URLに読み取れない文字が含まれています。URLを確認してください。');
    }
    if (hasUnstorableText(decoded)) throw badRequest('URLに使えない文字（NUL などの制御文字、または壊れた文字コード）が含まれています。URLを確認してください。');
  }
}

function checkQuery(url: string): void {
  const q = url.indexOf('?');
  if (q < 0) return;
  const hash = url.indexOf('#', q);
  const params = new URLSearchParams(url.slice(q + 1, hash < 0 ? undefined : hash));
  const fields: FieldError[] = [];
  for (const [key, value] of params) {
    if (hasUnstorableText(key)) fields.push({ path: replaceUnstorableText(key), message: KEY_MESSAGE });
    else if (hasUnstorableText(value)) fields.push({ path: key, message: FIELD_MESSAGE });
  }
  if (fields.length) throw validationError(fields, UNSTORABLE_MESSAGE);
}

/** Multipart and urlencoded forms: fields and file names (a File's contents are the route's business). */
function formView(form: Record<string, unknown>): unknown {
  const view = (v: unknown): unknown => (v instanceof File ? v.name : Array.isArray(v) ? v.map(view) : v && typeof v === 'object' ? formView(v as Record<string, unknown>) : v);
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, view(v)]));
}

function guardFormParsing(c: Context<AppEnv>): void {
  const parse = c.req.parseBody.bind(c.req);
  c.req.parseBody = (async (options?: Parameters<typeof parse>[0]) => {
    const form = await parse(options);
    const err = unstorableTextError(formView(form as Record<string, unknown>));
    if (err) throw err;
    return form;
  }) as typeof c.req.parseBody;
}

export interface InputHygieneOptions {
  /**
   * Paths whose body must not be read here, because their route applies its own body limit
   * (the general one does not cover them): their JSON is checked by parseInput instead.
   */
  skipBody?: (path: string) => boolean;
}

export function inputHygiene(opts: InputHygieneOptions = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = c.req.url;
    checkPath(url);
    checkQuery(url);
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD') {
      const type = c.req.header('content-type') ?? '';
      if (isForm(type)) guardFormParsing(c);
      else if (isJson(type) && !opts.skipBody?.(c.req.path)) {
        // read once; the route's c.req.json() / c.req.text() answer from Hono's body cache
        const text = await c.req.text();
        let parsed: unknown;
        let readable = true;
        try {
          parsed = text.trim() ? JSON.parse(text) : undefined;
        } catch (e) {
          // a syntax error is the route's to answer (400 from onError); too deep a nesting is answered here
          if (e instanceof RangeError) throw badRequest('JSONの入れ子が深すぎます。');
          readable = false;
        }
        if (readable) {
          const err = unstorableTextError(parsed);
          if (err) throw err;
        }
      }
    }
    await next();
  };
}
