/**
 * /api/auth/*: login, logout, who am I, change my password, my second factor (TOTP).
 * Mounted at /api after csrfGuard and authenticate (see docs/decisions/0004-sessions-and-csrf.md).
 */
import { Hono, type Context } from 'hono';
import type { Db } from '../../../db/client.js';
import type { ApiErrorBody } from '../../../shared/api-types.js';
import type { PasswordChangeResultDto, RecoveryCodesDto, TotpEnrolmentDto } from '../../../shared/api-types-identity.js';
import { AppError } from '../../../shared/errors.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { parseInput } from '../../../shared/http/validate.js';
import { AttemptLimiter } from '../domain/attemptLimiter.js';
import { INVALID_CREDENTIALS_MESSAGE } from '../domain/lockout.js';
import { TOO_MANY_ADDRESS_ATTEMPTS_MESSAGE, TOO_MANY_LOGIN_ATTEMPTS_MESSAGE, type LoginLimits } from '../domain/loginThrottle.js';
import { changeOwnPassword, login, logout } from '../commands/auth.js';
import { confirmTotpEnrolment, disableOwnTotp, recoveryCodesLeft, regenerateRecoveryCodes, startTotpEnrolment } from '../commands/totp.js';
import { activateAccount } from '../commands/activation.js';
import { ACTIVATION_INVALID_MESSAGE } from '../domain/activation.js';
import type { ActivateResultDto } from '../../../shared/api-types-onboarding.js';
import { presentMe } from '../presenters/user.js';
import type { ResolvedSession } from '../queries/sessions.js';
import { departmentsOfUsers } from '../queries/users.js';
import { currentSession } from './middleware.js';
import { clearSessionCookie, clientIp, isHttps, setSessionCookie, trustProxyFromEnv, type ProxyTrust } from './request.js';
import { activateBody, loginBody, passwordChangeBody, passwordConfirmBody, totpConfirmBody } from './schemas.js';

export interface IdentityRoutesOptions {
  /** wrong current passwords (password change) per client IP; default 20 per 10 minutes */
  limiter?: AttemptLimiter;
  /** login limits per address, account and both (database counters); default DEFAULT_LOGIN_LIMITS */
  loginLimits?: LoginLimits;
  /** failed activations (POST /api/activate) per client IP; default 20 per 10 minutes */
  activationLimiter?: AttemptLimiter;
  trustProxy?: ProxyTrust;
}

async function meDto(db: Db, s: ResolvedSession) {
  const depts = (await departmentsOfUsers({ db, municipalityId: s.municipality.id }, [s.user.id])).get(s.user.id) ?? [];
  const left = s.user.totpSecret ? await recoveryCodesLeft(db, s.municipality.id, s.user.id) : 0;
  return presentMe(s, depts, left);
}

export const TOTP_REQUIRED_MESSAGE = '二段階認証の確認コードを入力してください（認証アプリに表示される6桁の数字、または回復コード）。';
export const TOTP_INVALID_MESSAGE = '確認コードが正しくないか、既に使われています。認証アプリに表示されている新しいコード、または未使用の回復コードを入力してください。';

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
    const body = parseInput(loginBody, await c.req.json());
    const db = c.get('store').db;
    const outcome = await login(db, body, { ip, userAgent: c.req.header('user-agent') ?? '', now }, { limits: opts.loginLimits });
    if (!outcome.ok) {
      // the same answers whether or not the account exists: unknown ids are counted and slowed down alike
      if (outcome.reason === 'throttled') {
        c.header('Retry-After', String(Math.ceil(outcome.retryAfterMs / 1000)));
        const message = outcome.scope === 'address' ? TOO_MANY_ADDRESS_ATTEMPTS_MESSAGE(outcome.retryAfterMs) : TOO_MANY_LOGIN_ATTEMPTS_MESSAGE(outcome.retryAfterMs);
        return c.json({ error: { code: 'too_many_attempts', message } } satisfies ApiErrorBody, 429);
      }
      if (outcome.reason === 'totp_required') throw new AppError('totp_required', 401, TOTP_REQUIRED_MESSAGE);
      if (outcome.reason === 'totp_invalid') throw new AppError('totp_invalid', 401, TOTP_INVALID_MESSAGE);
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

  const sessionOf = (c: Context) => {
    const s = currentSession(c);
    if (!s) throw unauthenticated();
    return s;
  };

  describeRoute({ method: 'post', path: '/api/auth/totp/setup', summary: '二段階認証（TOTP）の登録開始: 秘密鍵とotpauth URIを発行（確認コードで有効化するまで無効）', tag, response: 'TotpEnrolmentDto' });
  r.post('/auth/totp/setup', async (c) => {
    const enrolment = await startTotpEnrolment(c.get('store').db, sessionOf(c));
    c.header('cache-control', 'no-store');
    return c.json(enrolment satisfies TotpEnrolmentDto);
  });

  describeRoute({ method: 'post', path: '/api/auth/totp/confirm', summary: '二段階認証の有効化（認証アプリの最初の確認コード）。回復コードを一度だけ返す', tag, body: totpConfirmBody, response: 'RecoveryCodesDto' });
  r.post('/auth/totp/confirm', async (c) => {
    const s = sessionOf(c);
    const body = parseInput(totpConfirmBody, await c.req.json());
    const codes = await confirmTotpEnrolment(c.get('store').db, s, body.code, { ip: clientIp(c, trustProxy), now: new Date() });
    c.header('cache-control', 'no-store');
    return c.json({ recoveryCodes: codes } satisfies RecoveryCodesDto);
  });

  describeRoute({ method: 'post', path: '/api/auth/totp/recovery-codes', summary: '回復コードの再発行（パスワード再入力。以前の回復コードは無効）', tag, body: passwordConfirmBody, response: 'RecoveryCodesDto' });
  r.post('/auth/totp/recovery-codes', async (c) => {
    const s = sessionOf(c);
    const body = parseInput(passwordConfirmBody, await c.req.json());
    const codes = await regenerateRecoveryCodes(c.get('store').db, s, body.password, { ip: clientIp(c, trustProxy), now: new Date() });
    c.header('cache-control', 'no-store');
    return c.json({ recoveryCodes: codes } satisfies RecoveryCodesDto);
  });

  describeRoute({ method: 'post', path: '/api/auth/totp/disable', summary: '二段階認証を無効にする（パスワード再入力）', tag, body: passwordConfirmBody });
  r.post('/auth/totp/disable', async (c) => {
    const s = sessionOf(c);
    const body = parseInput(passwordConfirmBody, await c.req.json());
    await disableOwnTotp(c.get('store').db, s, body.password, { ip: clientIp(c, trustProxy), now: new Date() });
    return c.json({ ok: true });
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
