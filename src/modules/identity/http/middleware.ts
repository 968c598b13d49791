/**
 * authenticate: resolves the actor from the session cookie.
 * csrfGuard: refuses cross-site unsafe requests (see docs/decisions/0004-sessions-and-csrf.md).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { demoAdministrator } from '../../access/domain/policy.js';
import type { ApiErrorBody } from '../../../shared/api-types.js';
import { AppError } from '../../../shared/errors.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { SESSION_COOKIE, needsTouch, parseSessionCookie } from '../domain/session.js';
import { touchSession } from '../commands/sessions.js';
import { resolveSession, type ResolvedSession } from '../queries/sessions.js';
import { clearSessionCookie, isHttps, publicOrigin, trustProxyFromEnv, type ProxyTrust } from './request.js';

export type AuthMode = 'required' | 'demo';

/** Paths answered without a session in 'required' mode. */
export const PUBLIC_API_PATHS: readonly string[] = ['/api/auth/login', '/api/auth/logout', '/api/activate', '/api/health', '/api/openapi.json'];

/** Read-only routes for everyone (open data): a GET or HEAD under this prefix needs no session. */
export const PUBLIC_API_PREFIX = '/api/public/';

// plain segments between single slashes: no percent-encoding, backslash, empty segment or query-like character
const PLAIN_PUBLIC_PATH = /^\/api\/public(?:\/[A-Za-z0-9._-]+)+$/;

/** The path exactly as the request line carried it (after the URL parser, before any decoding). */
function rawPathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('://') + 3);
  if (start < 0) return '/';
  const end = url.slice(start).search(/[?#]/);
  return end < 0 ? url.slice(start) : url.slice(start, start + end);
}

/**
 * Whether the public prefix lets this request through without a session. The raw path must be the
 * routed path, made only of plain segments and none of them '.' or '..': a spelling that a parser,
 * proxy or router could resolve elsewhere (/api/public/../m/…, %2e%2e, %2f, a backslash) is not public, so the
 * prefix can only reach the routes mounted under /api/public/.
 */
export function isPublicApiRequest(method: string, url: string, routedPath: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const raw = rawPathOf(url);
  if (raw !== routedPath || !raw.startsWith(PUBLIC_API_PREFIX) || !PLAIN_PUBLIC_PATH.test(raw)) return false;
  return raw.split('/').every((segment) => segment !== '.' && segment !== '..');
}

export interface AuthenticateOptions {
  /**
   * 'required': /api requests without a live session get 401 (except PUBLIC_API_PATHS and isPublicApiRequest).
   * 'demo': without a session the request runs as the actor already set (the demo administrator).
   */
  mode: AuthMode;
  publicPaths?: readonly string[];
  /** whose X-Forwarded-Proto to believe (default: GYOKAKU_TRUSTED_PROXIES / GYOKAKU_TRUST_PROXY) */
  trustProxy?: ProxyTrust;
}

const sessionsByRequest = new WeakMap<Request, ResolvedSession>();

/** The live session of this request, if it came with one. */
export function currentSession(c: Context): ResolvedSession | null {
  return sessionsByRequest.get(c.req.raw) ?? null;
}

const TENANT_PATH = /^\/api\/m\/([^/]+)(?:\/|$)/;

const unauthenticated: ApiErrorBody = { error: { code: 'unauthenticated', message: 'ログインしてください。' } };

export function authenticate(opts: AuthenticateOptions): MiddlewareHandler<AppEnv> {
  const publicPaths = new Set(opts.publicPaths ?? PUBLIC_API_PATHS);
  const trustProxy = opts.trustProxy ?? trustProxyFromEnv();
  return async (c, next) => {
    const now = new Date();
    const db = c.get('store').db;
    const raw = getCookie(c, SESSION_COOKIE);
    const cookie = parseSessionCookie(raw);
    const session = cookie ? await resolveSession(db, cookie, now) : null;
    if (raw && !session) clearSessionCookie(c, isHttps(c, trustProxy));

    if (session) {
      if (needsTouch(session.session.lastSeenAt, now)) await touchSession(db, session.session, now);
      sessionsByRequest.set(c.req.raw, session);
      c.set('actor', session.actor);
      // A session belongs to one municipality: it never reaches another's /api/m/:code
      // (システム管理者 excepted). The route policies refuse it too; this holds even for a route that forgot to ask.
      // The raw path segment is compared: any spelling other than the session's own code is refused.
      const code = TENANT_PATH.exec(c.req.path)?.[1];
      if (code !== undefined && session.actor.municipalityId !== null && code !== session.municipality.code)
        throw new AppError('forbidden', 403, '他の団体のデータにはアクセスできません。');
      // the tenant of the path is the session's own: loadTenant need not read it again
      if (code === session.municipality.code) c.set('municipality', session.municipality);
    } else if (opts.mode === 'required') {
      if (!publicPaths.has(c.req.path) && !isPublicApiRequest(c.req.method, c.req.url, c.req.path)) return c.json(unauthenticated, 401);
    } else {
      // demo: today's behaviour, whoever the app set (createApp's resolveActor or the demo administrator)
      c.set('actor', (c.get('actor') as AppEnv['Variables']['actor'] | undefined) ?? demoAdministrator);
    }
    await next();
  };
}

export interface CsrfGuardOptions {
  /**
   * 'required': every unsafe /api request is checked.
   * 'demo': only requests that carry a session cookie, and /api/auth/* and /api/activate (so the
   * demo's anonymous API clients keep working until they send the header).
   */
  mode: AuthMode;
  /** origins besides the request's own that may send unsafe requests (e.g. 'https://gyokaku.city.example.lg.jp') */
  allowedOrigins?: readonly string[];
  trustProxy?: ProxyTrust;
}

/** The header every unsafe API request must carry; a cross-site page cannot add it without a CORS preflight, which the API never grants. */
export const CSRF_HEADER = 'X-Requested-With';
export const CSRF_HEADER_VALUE = 'gyokaku';

const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;

const csrfRefused = () =>
  new AppError('csrf', 403, '不正なリクエストのため処理を中止しました。画面を再読み込みしてから、もう一度操作してください。');

export function csrfGuard(opts: CsrfGuardOptions): MiddlewareHandler<AppEnv> {
  const trustProxy = opts.trustProxy ?? trustProxyFromEnv();
  const allowed = new Set([...(opts.allowedOrigins ?? []), ...(process.env.GYOKAKU_ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean)]);
  // Hono's check: form-like bodies (forms, text/plain, no content type) need Sec-Fetch-Site: same-origin or a same Origin.
  const originCheck = csrf({ origin: (origin, c) => origin === publicOrigin(c, trustProxy) || allowed.has(origin) });
  return async (c, next) => {
    if (SAFE_METHOD.test(c.req.method)) return next();
    // activation sets a password without a session, like login: it is always checked
    if (opts.mode === 'demo' && !getCookie(c, SESSION_COOKIE) && !c.req.path.startsWith('/api/auth/') && c.req.path !== '/api/activate') return next();
    const origin = c.req.header('origin');
    if (c.req.header('sec-fetch-site') === 'cross-site' && !(origin && allowed.has(origin))) throw csrfRefused();
    if (c.req.header(CSRF_HEADER) !== CSRF_HEADER_VALUE) throw csrfRefused();
    try {
      await originCheck(c, async () => {});
    } catch (err) {
      if (err instanceof HTTPException && err.status === 403) throw csrfRefused();
      throw err;
    }
    await next();
  };
}
