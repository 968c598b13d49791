/**
 * /api/auth/*: login, logout, who am I, change my password.
 * Mounted at /api after csrfGuard and authenticate (see docs/decisions/0004-sessions-and-csrf.md).
 */
import { Hono, type Context } from 'hono';
import type { Db } from '../../../db/client.js';
import type { ApiErrorBody } from '../../../shared/api-types.js';
import type { PasswordChangeResultDto } from '../../../shared/api-types-identity.js';
import { AppError } from '../../../shared/errors.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { parseInput } from '../../../shared/http/validate.js';
import { AttemptLimiter } from '../domain/attemptLimiter.js';
import { INVALID_CREDENTIALS_MESSAGE, lockedMessage } from '../domain/lockout.js';
import { changeOwnPassword, login, logout, recordRateLimited } from '../commands/auth.js';
import { activateAccount } from '../commands/activation.js';
import { ACTIVATION_INVALID_MESSAGE, NOT_ACTIVATED_MESSAGE } from '../domain/activation.js';
import type { ActivateResultDto } from '../../../shared/api-types-onboarding.js';
import { presentMe } from '../presenters/user.js';
import type { ResolvedSession } from '../queries/sessions.js';
import { departmentsOfUsers } from '../queries/users.js';
import { currentSession } from './middleware.js';
import { clearSessionCookie, clientIp, isHttps, setSessionCookie, trustProxyFromEnv } from './request.js';
import { activateBody, loginBody, passwordChangeBody } from './schemas.js';

export interface IdentityRoutesOptions {
  /** failed logins (and wrong current passwords) per client IP; default 20 per 10 minutes */
  limiter?: AttemptLimiter;
  /** failed activations (POST /api/activate) per client IP; default 20 per 10 minutes */
  activationLimiter?: AttemptLimiter;
  trustProxy?: boolean;
}

async function meDto(db: Db, s: ResolvedSession) {
  const depts = (await departmentsOfUsers({ db, municipalityId: s.municipality.id }, [s.user.id])).get(s.user.id) ?? [];
  return presentMe(s, depts);
}

const unauthenticated = (): AppError => new AppError('unauthenticated', 401, 'ログインしてください。');

function tooManyAttempts(c: Context, waitMs: number, what = 'ログイン') {
  c.header('Retry-After', String(Math.ceil(waitMs / 1000)));
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  return c.json(
    { error: { code: 'too_many_attempts', message: `${what}の試行が多すぎます。${minutes}分ほど時間をおいてから、もう一度お試しください。` } } satisfies ApiErrorBody,
    429,
  );
}

export function identityRoutes(opts: IdentityRoutesOptions = {}) {
  const limiter = opts.limiter ?? new AttemptLimiter();
  const activationLimiter = opts.activationLimiter ?? new AttemptLimiter();
  const trustProxy = opts.trustProxy ?? trustProxyFromEnv();
  const r = new Hono<AppEnv>();
  const tag = 'ログイン';

  describeRoute({ method: 'post', path: '/api/auth/login', summary: 'ログイン（団体コード・ログインID・パスワード）。セッションCookieを発行', tag, body: loginBody, response: 'AuthMeDto' });
  r.post('/auth/login', async (c) => {
    const now = new Date();
    const ip = clientIp(c, trustProxy);
    const wait = limiter.retryAfterMs(ip, now);
    if (wait > 0) return tooManyAttempts(c, wait);
    const body = parseInput(loginBody, await c.req.json());
    const db = c.get('store').db;
    const outcome = await login(db, body, { ip, userAgent: c.req.header('user-agent') ?? '', now });
    if (!outcome.ok) {
      if (limiter.fail(ip, now)) await recordRateLimited(db, body.municipalityCode, { ip });
      if (outcome.reason === 'locked') throw new AppError('account_locked', 403, lockedMessage(outcome.lockedUntil));
      if (outcome.reason === 'not_activated') throw new AppError('not_activated', 401, NOT_ACTIVATED_MESSAGE);
      throw new AppError('invalid_credentials', 401, INVALID_CREDENTIALS_MESSAGE);
    }
    // a browser that was logged in as someone else: that session ends here
    const previous = currentSession(c);
    if (previous) await logout(db, previous, { ip, now }, 'replaced');
    setSessionCookie(c, outcome.session.municipality.code, outcome.token, isHttps(c, trustProxy));
    return c.json(await meDto(db, outcome.session));
  });

  describeRoute({ method: 'post', path: '/api/auth/logout', summary: 'ログアウト（セッションを失効させCookieを削除）', tag });
  r.post('/auth/logout', async (c) => {
    const s = currentSession(c);
    if (s) await logout(c.get('store').db, s, { ip: clientIp(c, trustProxy), now: new Date() });
    clearSessionCookie(c, isHttps(c, trustProxy));
    return c.json({ ok: true });
  });

  describeRoute({ method: 'get', path: '/api/auth/me', summary: 'ログイン中の利用者（役割・所属課・団体）', tag, response: 'AuthMeDto' });
  r.get('/auth/me', async (c) => {
    const s = currentSession(c);
    if (!s) throw unauthenticated();
    return c.json(await meDto(c.get('store').db, s));
  });

  describeRoute({ method: 'post', path: '/api/auth/password', summary: '自分のパスワードの変更（他のセッションは失効）', tag, body: passwordChangeBody, response: 'PasswordChangeResultDto' });
  r.post('/auth/password', async (c) => {
    const s = currentSession(c);
    if (!s) throw unauthenticated();
    const now = new Date();
    const ip = clientIp(c, trustProxy);
    const wait = limiter.retryAfterMs(ip, now);
    if (wait > 0) return tooManyAttempts(c, wait);
    const body = parseInput(passwordChangeBody, await c.req.json());
    try {
      const revokedSessions = await changeOwnPassword(c.get('store').db, s, body, { ip, now });
      return c.json({ ok: true, revokedSessions } satisfies PasswordChangeResultDto);
    } catch (err) {
      if (err instanceof AppError && err.fields?.some((f) => f.path === 'currentPassword')) limiter.fail(ip, now);
      throw err;
    }
  });

  describeRoute({ method: 'post', path: '/api/activate', summary: '有効化コードでアカウントを有効化し、最初のパスワードを設定（セッション不要）', tag, body: activateBody, response: 'ActivateResultDto' });
  r.post('/activate', async (c) => {
    const now = new Date();
    const ip = clientIp(c, trustProxy);
    const wait = activationLimiter.retryAfterMs(ip, now);
    if (wait > 0) return tooManyAttempts(c, wait, '有効化');
    const body = parseInput(activateBody, await c.req.json());
    const outcome = await activateAccount(c.get('store').db, body, { ip, now });
    if (!outcome.ok) {
      activationLimiter.fail(ip, now);
      throw new AppError('activation_invalid', 400, ACTIVATION_INVALID_MESSAGE);
    }
    return c.json({ ok: true, loginId: outcome.loginId } satisfies ActivateResultDto);
  });

  return r;
}
