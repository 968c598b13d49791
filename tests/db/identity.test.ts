/**
 * Accounts, sessions, CSRF and throttling over HTTP, on PGlite and PostgreSQL.
 * The app below is wired exactly as app.ts is to be wired (see the report /
 * docs/decisions/0004-sessions-and-csrf.md): csrfGuard and authenticate on /api/*,
 * identityRoutes at /api, userRoutes in the tenant router.
 * argon2 is slow on purpose: most tests open sessions directly (createSession) and
 * only the login tests pay for password checks.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { auditLog, sessions, users } from '../../src/db/schema.js';
import { demoAdministrator } from '../../src/modules/access/domain/policy.js';
import { createDepartment } from '../../src/modules/departments/commands/departments.js';
import { departmentRoutes } from '../../src/modules/departments/http/routes.js';
import { createSession } from '../../src/modules/identity/commands/sessions.js';
import { createUser } from '../../src/modules/identity/commands/users.js';
import { INVALID_CREDENTIALS_MESSAGE } from '../../src/modules/identity/domain/lockout.js';
import { DEFAULT_LOGIN_LIMITS } from '../../src/modules/identity/domain/loginThrottle.js';
import {
  AttemptLimiter,
  authenticate,
  csrfGuard,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  deleteAccountsOf,
  identityRoutes,
  seedDemoUsers,
  userRoutes,
  type AuthMode,
} from '../../src/modules/identity/http/index.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type { AuthMeDto, UserDto } from '../../src/shared/api-types-identity.js';
import { notFound } from '../../src/shared/errors.js';
import { onError } from '../../src/shared/http/errors.js';
import { loadTenant } from '../../src/shared/http/tenant.js';
import type { AppEnv } from '../../src/shared/http/types.js';
import { backends, createTestMunicipality, openTestStore, run } from '../support/stores.js';

/** The wiring of app.ts, reduced to what these tests need. */
function buildApp(store: Store, mode: AuthMode, limiter = new AttemptLimiter({ max: 1000 })) {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.use('/api/*', bodyLimit({ maxSize: 2 * 1024 * 1024 }));
  app.use('*', async (c, next) => {
    c.set('store', store);
    c.set('actor', demoAdministrator);
    await next();
  });
  app.use('/api/*', csrfGuard({ mode }));
  app.use('/api/*', authenticate({ mode }));
  const api = new Hono<AppEnv>();
  api.get('/health', (c) => c.json({ ok: true }));
  api.get('/me', (c) => {
    const a = c.get('actor');
    return c.json({ id: a.id, name: a.name, role: a.role });
  });
  // a first delay of a minute: the answers do not depend on how fast a loaded machine runs
  api.route('/', identityRoutes({ limiter, loginLimits: { ...DEFAULT_LOGIN_LIMITS, pair: { ...DEFAULT_LOGIN_LIMITS.pair, baseDelayMs: 60_000 } } }));
  const tenant = new Hono<AppEnv>();
  tenant.use('*', loadTenant);
  tenant.route('/', departmentRoutes());
  tenant.route('/', userRoutes());
  // a route that forgets to ask the policy: the session's tenant guard still holds
  tenant.get('/probe', (c) => c.json({ municipality: c.get('municipality').code }));
  api.route('/m/:code', tenant);
  api.all('*', () => {
    throw notFound('API');
  });
  app.route('/api', api);
  return app;
}
type App = ReturnType<typeof buildApp>;

interface CallOptions {
  body?: unknown;
  cookie?: string;
  headers?: Record<string, string>;
  /** leave out X-Requested-With */
  noCsrfHeader?: boolean;
  base?: string;
}

async function call<T>(app: App, method: string, path: string, o: CallOptions = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
  if (method !== 'GET' && !o.noCsrfHeader) headers['x-requested-with'] = 'gyokaku';
  if (o.cookie) headers.cookie = `gyokaku_session=${o.cookie}`;
  const res = await app.request((o.base ?? '') + path, {
    method,
    headers,
    body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, res, setCookies: res.headers.getSetCookie() };
}

const sessionCookieOf = (setCookies: string[]) => {
  const c = setCookies.find((s) => s.startsWith('gyokaku_session='));
  return c ? c.slice('gyokaku_session='.length).split(';')[0]! : undefined;
};

const PASSWORD = 'correct-horse-battery';

describe.each(backends())('accounts and sessions on %s', (kind) => {
  let store: Store;
  let app: App;
  let demoApp: App;
  let A: { id: string; code: string };
  let B: { id: string; code: string };
  let depts: { seisaku: string; zaisei: string };
  let sec: { id: string };
  let rep: { id: string };
  let admin: { id: string };

  /** a live session without paying for a password check */
  const sessionFor = async (municipality: { id: string; code: string }, userId: string) => {
    const { token } = await createSession(store.db, municipality.id, userId, { ip: '127.0.0.1', userAgent: 'test', now: new Date() });
    return `${municipality.code}.${token}`;
  };
  const login = (loginId: string, password: string, code = A.code, o: CallOptions = {}) =>
    call<AuthMeDto & ApiErrorBody>(app, 'POST', '/api/auth/login', { ...o, body: { municipalityCode: code, loginId, password } });
  const audits = async (municipalityId: string, action: string) =>
    store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, municipalityId), eq(auditLog.action, action)));

  beforeAll(async () => {
    store = await openTestStore(kind);
    app = buildApp(store, 'required');
    demoApp = buildApp(store, 'demo');
    A = await createTestMunicipality(store.db, '認証A市');
    B = await createTestMunicipality(store.db, '認証B市');
    await run(store, A.id, async (ctx) => {
      depts = {
        seisaku: (await createDepartment(ctx, { name: '総合政策課', kind: '課' })).id,
        zaisei: (await createDepartment(ctx, { name: '財政課', kind: '課' })).id,
      };
      sec = await createUser(ctx, { loginId: 'sec', name: '事務局 太郎', role: 'secretariat', departmentIds: [depts.seisaku], password: PASSWORD });
      rep = await createUser(ctx, { loginId: 'rep', name: '財政 花子', role: 'dept_reporter', departmentIds: [depts.zaisei], password: PASSWORD });
      admin = await createUser(ctx, { loginId: 'admin', name: 'システム 管理', role: 'system_admin', password: PASSWORD });
    });
    await run(store, B.id, (ctx) => createDepartment(ctx, { name: 'B市総務課', kind: '課' }));
  });
  afterAll(() => store.close());

  it('logs in: an HttpOnly SameSite=Lax cookie carrying the 団体コード, only the token hash stored, and /auth/me answers', async () => {
    const res = await login('SEC', PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ loginId: 'sec', role: 'secretariat', roleLabel: '事務局', departments: [{ name: '総合政策課' }] });
    const raw = res.setCookies.find((s) => s.startsWith('gyokaku_session='))!;
    expect(raw).toMatch(/HttpOnly/);
    expect(raw).toMatch(/SameSite=Lax/);
    expect(raw).toMatch(/Path=\//);
    expect(raw).not.toMatch(/Secure/);
    const cookie = sessionCookieOf(res.setCookies)!;
    const [code, token] = cookie.split('.');
    expect(code).toBe(A.code);
    expect(Buffer.from(token!, 'base64url')).toHaveLength(32);

    const rows = await store.db.select().from(sessions).where(and(eq(sessions.municipalityId, A.id), eq(sessions.userId, sec.id)));
    expect(rows.map((r) => r.tokenHash)).toContain(createHash('sha256').update(token!).digest('hex'));
    expect(rows.some((r) => r.tokenHash.includes(token!))).toBe(false);

    const me = await call<AuthMeDto>(app, 'GET', '/api/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body.municipality).toMatchObject({ id: A.id, code: A.code, name: '認証A市' });
    expect(me.body.allMunicipalities).toBe(false);
    expect(me.body.user.departments).toEqual([{ id: depts.seisaku, name: '総合政策課' }]);
    expect((await audits(A.id, 'auth.login')).length).toBeGreaterThanOrEqual(1);

    // over HTTPS the cookie is Secure
    const tls = await login('sec', PASSWORD, A.code, { base: 'https://gyokaku.example.lg.jp' });
    expect(tls.setCookies.find((s) => s.startsWith('gyokaku_session='))).toMatch(/Secure/);
  });

  it('answers unknown ids and wrong passwords alike; after five failures the id is slowed down, never locked with a different answer', async () => {
    const victim = await run(store, A.id, (ctx) => createUser(ctx, { loginId: 'lockme', name: 'ロック 確認', role: 'viewer', password: PASSWORD }));
    const unknownUser = await login('nobody', PASSWORD);
    const unknownCode = await login('lockme', PASSWORD, '011002');
    expect(unknownUser.status).toBe(401);
    expect(unknownUser.body.error).toEqual({ code: 'invalid_credentials', message: INVALID_CREDENTIALS_MESSAGE });
    expect(unknownCode.body.error).toEqual(unknownUser.body.error);
    for (let i = 1; i <= 5; i++) {
      const r = await login('lockme', `wrong-password-${i}`);
      expect(r.status).toBe(401);
      expect(r.body.error).toEqual(unknownUser.body.error);
    }
    // the sixth attempt waits, with the same answer an unknown id gets after five failures
    const sixth = await login('lockme', PASSWORD);
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.code).toBe('too_many_attempts');
    expect(Number(sixth.res.headers.get('retry-after'))).toBeGreaterThan(0);
    const [row] = await store.db.select().from(users).where(and(eq(users.municipalityId, A.id), eq(users.id, victim.id)));
    expect(row!.lockedUntil).toBeNull();
    expect(row!.failedLogins).toBe(5);

    const failed = await audits(A.id, 'auth.login_failed');
    expect(failed.filter((a) => a.entityId === victim.id)).toHaveLength(5);
    expect(failed.find((a) => a.entityId === '')!.after).toMatchObject({ loginId: 'no****', reason: 'unknown_user' });

    // the 事務局 clears the limit
    const secCookie = await sessionFor(A, sec.id);
    const unlocked = await call<UserDto>(app, 'POST', `/api/m/${A.code}/users/${victim.id}/unlock`, { cookie: secCookie });
    expect(unlocked.body).toMatchObject({ locked: false, failedLogins: 0 });
    expect((await login('lockme', PASSWORD)).status).toBe(200);
  });

  it('logout revokes the session: the cookie no longer works', async () => {
    const cookie = await sessionFor(A, rep.id);
    expect((await call(app, 'GET', '/api/auth/me', { cookie })).status).toBe(200);
    const out = await call(app, 'POST', '/api/auth/logout', { cookie });
    expect(out.status).toBe(200);
    expect(out.setCookies.find((s) => s.startsWith('gyokaku_session='))).toMatch(/Max-Age=0/);
    const again = await call<ApiErrorBody>(app, 'GET', '/api/auth/me', { cookie });
    expect(again.status).toBe(401);
    expect((await call(app, 'GET', `/api/m/${A.code}/departments`, { cookie })).status).toBe(401);
    const logouts = await audits(A.id, 'auth.logout');
    expect(logouts.some((a) => (a.after as { userId: string }).userId === rep.id)).toBe(true);
  });

  it('refuses a session past its idle or absolute expiry, and slides last_seen_at at most once a minute', async () => {
    const bySession = async (cookie: string, set: Partial<typeof sessions.$inferInsert>) => {
      const hash = createHash('sha256').update(cookie.split('.')[1]!).digest('hex');
      await store.db.update(sessions).set(set).where(and(eq(sessions.municipalityId, A.id), eq(sessions.tokenHash, hash)));
      return hash;
    };
    const idle = await sessionFor(A, rep.id);
    await bySession(idle, { lastSeenAt: new Date(Date.now() - 8 * 3600_000 - 1000) });
    const r1 = await call<ApiErrorBody>(app, 'GET', '/api/auth/me', { cookie: idle });
    expect(r1.status).toBe(401);
    expect(r1.body).toEqual({ error: { code: 'unauthenticated', message: 'ログインしてください。' } });
    expect(r1.setCookies.find((s) => s.startsWith('gyokaku_session='))).toMatch(/Max-Age=0/);

    const old = await sessionFor(A, rep.id);
    await bySession(old, { expiresAt: new Date(Date.now() - 1000) });
    expect((await call(app, 'GET', '/api/auth/me', { cookie: old })).status).toBe(401);

    const live = await sessionFor(A, rep.id);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    const hash = await bySession(live, { lastSeenAt: twoMinutesAgo });
    expect((await call(app, 'GET', '/api/auth/me', { cookie: live })).status).toBe(200);
    const [s] = await store.db.select().from(sessions).where(and(eq(sessions.municipalityId, A.id), eq(sessions.tokenHash, hash)));
    expect(s!.lastSeenAt.getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);
  });

  it('refuses cross-site unsafe requests (CSRF) and saves nothing', async () => {
    const cookie = await sessionFor(A, sec.id);
    const path = `/api/m/${A.code}/departments`;
    const count = async () => (await call<{ items: unknown[] }>(app, 'GET', path, { cookie })).body.items.length;
    const before = await count();

    // a cross-site form post: no custom header, text/plain or form body, foreign Origin
    const form = await call<ApiErrorBody>(app, 'POST', path, {
      cookie,
      noCsrfHeader: true,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: 'name=x&kind=%E8%AA%B2',
    });
    expect(form.status).toBe(403);
    expect(form.body.error.code).toBe('csrf');
    // JSON without the custom header (what a cross-site fetch without a preflight could send)
    expect((await call(app, 'POST', path, { cookie, noCsrfHeader: true, body: { name: '偽の課', kind: '課' } })).status).toBe(403);
    // the header alone is not enough when the browser says the request is cross-site
    expect((await call(app, 'POST', path, { cookie, headers: { 'sec-fetch-site': 'cross-site' }, body: { name: '偽の課', kind: '課' } })).status).toBe(403);
    // hono/csrf: a text/plain body from a foreign origin
    expect((await call(app, 'POST', path, { cookie, headers: { 'content-type': 'text/plain', origin: 'https://evil.example' }, body: '{}' })).status).toBe(403);
    // login CSRF too
    expect((await login('sec', PASSWORD, A.code, { noCsrfHeader: true })).status).toBe(403);
    expect(await count()).toBe(before);

    // the same request from the app itself passes
    const ok = await call(app, 'POST', path, { cookie, headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' }, body: { name: '新設課', kind: '課' } });
    expect(ok.status).toBe(201);
  });

  it('a session of municipality A cannot be used on /api/m/B/…; a システム管理者 can', async () => {
    const repCookie = await sessionFor(A, rep.id);
    expect((await call(app, 'GET', `/api/m/${A.code}/departments`, { cookie: repCookie })).status).toBe(200);
    const other = await call<ApiErrorBody>(app, 'GET', `/api/m/${B.code}/departments`, { cookie: repCookie });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('forbidden');
    expect((await call(app, 'GET', `/api/m/${A.code}/probe`, { cookie: repCookie })).status).toBe(200);
    expect((await call(app, 'GET', `/api/m/${B.code}/probe`, { cookie: repCookie })).status).toBe(403);
    const secCookie = await sessionFor(A, sec.id);
    expect((await call(app, 'GET', `/api/m/${B.code}/users`, { cookie: secCookie })).status).toBe(403);
    expect((await call(app, 'POST', `/api/m/${B.code}/departments`, { cookie: secCookie, body: { name: '越境課', kind: '課' } })).status).toBe(403);
    // a cookie re-labelled with B's code does not find A's session
    const relabelled = `${B.code}.${secCookie.split('.')[1]}`;
    expect((await call(app, 'GET', `/api/m/${B.code}/departments`, { cookie: relabelled })).status).toBe(401);

    const adminCookie = await sessionFor(A, admin.id);
    const me = await call<AuthMeDto>(app, 'GET', '/api/auth/me', { cookie: adminCookie });
    expect(me.body.allMunicipalities).toBe(true);
    expect((await call(app, 'GET', `/api/m/${B.code}/users`, { cookie: adminCookie })).status).toBe(200);
  });

  it('事務局 manages its own accounts but cannot create or touch システム管理者; other roles cannot manage accounts', async () => {
    const cookie = await sessionFor(A, sec.id);
    const base = `/api/m/${A.code}/users`;
    const sys = await call<ApiErrorBody>(app, 'POST', base, { cookie, body: { loginId: 'new-admin', name: '昇格', role: 'system_admin', password: PASSWORD } });
    expect(sys.status).toBe(403);
    expect(sys.body.error.message).toContain('システム管理者');

    const bad = await call<ApiErrorBody>(app, 'POST', base, { cookie, body: { loginId: 'Yamada', name: '', role: 'dept_reporter', password: 'yamada' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields!.map((f) => f.path).sort()).toEqual(['departmentIds', 'name', 'password', 'password']);

    const created = await call<UserDto>(app, 'POST', base, {
      cookie,
      body: { loginId: 'Zaisei.New', name: '財政 次郎', email: 'jiro@example.lg.jp', role: 'dept_approver', departmentIds: [depts.zaisei], password: 'initial-password-01' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ loginId: 'zaisei.new', role: 'dept_approver', departments: [{ id: depts.zaisei, name: '財政課' }], disabled: false, locked: false });
    expect(JSON.stringify(created.body)).not.toContain('argon2');
    const dup = await call<ApiErrorBody>(app, 'POST', base, { cookie, body: { loginId: 'zaisei.new', name: '重複', role: 'viewer', password: PASSWORD } });
    expect(dup.body.error.fields).toEqual([{ path: 'loginId', message: 'ログインID「zaisei.new」は既に使われています。' }]);

    const list = await call<{ items: UserDto[] }>(app, 'GET', base, { cookie });
    expect(list.body.items.map((u) => u.loginId)).toEqual(expect.arrayContaining(['admin', 'rep', 'sec', 'zaisei.new']));
    expect(JSON.stringify(list.body)).not.toMatch(/argon2|passwordHash/);

    // promoting to システム管理者, and touching an existing one, are refused
    const promote = await call(app, 'PATCH', `${base}/${created.body.id}`, { cookie, body: { version: created.body.version, role: 'system_admin' } });
    expect(promote.status).toBe(403);
    expect((await call(app, 'POST', `${base}/${admin.id}/password`, { cookie, body: { password: 'taken-over-password' } })).status).toBe(403);
    expect((await call(app, 'POST', `${base}/${admin.id}/revoke-sessions`, { cookie })).status).toBe(403);
    expect((await call(app, 'PATCH', `${base}/${admin.id}`, { cookie, body: { version: 1, disabled: true } })).status).toBe(403);
    // a stale form gets 409 with the stored account
    const moved = await call<UserDto>(app, 'PATCH', `${base}/${created.body.id}`, { cookie, body: { version: created.body.version, name: '財政 次郎（課長）' } });
    expect(moved.status).toBe(200);
    const stale = await call<ApiErrorBody>(app, 'PATCH', `${base}/${created.body.id}`, { cookie, body: { version: created.body.version, name: '古い' } });
    expect(stale.status).toBe(409);
    expect((stale.body.error.current as UserDto).name).toBe('財政 次郎（課長）');
    // the new account logs in with its initial password
    const first = await login('zaisei.new', 'initial-password-01');
    expect(first.status).toBe(200);
    expect(first.body.user.role).toBe('dept_approver');
    // audit rows never carry the hash
    const rows = await audits(A.id, 'user.create');
    expect(JSON.stringify(rows)).not.toContain('argon2');

    const repCookie = await sessionFor(A, rep.id);
    expect((await call(app, 'GET', base, { cookie: repCookie })).status).toBe(403);
  });

  it('password change revokes the other sessions; an admin can revoke all sessions and disable an account', async () => {
    const u = await run(store, A.id, (ctx) => createUser(ctx, { loginId: 'changer', name: '変更 確認', role: 'viewer', password: PASSWORD }));
    const here = await sessionFor(A, u.id);
    const elsewhere = await sessionFor(A, u.id);
    const wrong = await call<ApiErrorBody>(app, 'POST', '/api/auth/password', { cookie: here, body: { currentPassword: 'not-my-password', newPassword: 'a-brand-new-password' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.fields).toEqual([{ path: 'currentPassword', message: '現在のパスワードが正しくありません。' }]);
    const short = await call<ApiErrorBody>(app, 'POST', '/api/auth/password', { cookie: here, body: { currentPassword: PASSWORD, newPassword: 'short' } });
    expect(short.body.error.fields).toEqual([{ path: 'newPassword', message: 'パスワードは12文字以上にしてください。' }]);
    const ok = await call<{ revokedSessions: number }>(app, 'POST', '/api/auth/password', { cookie: here, body: { currentPassword: PASSWORD, newPassword: 'a-brand-new-password' } });
    expect(ok.status).toBe(200);
    expect(ok.body.revokedSessions).toBe(1);
    expect((await call(app, 'GET', '/api/auth/me', { cookie: elsewhere })).status).toBe(401);
    expect((await call(app, 'GET', '/api/auth/me', { cookie: here })).status).toBe(200);
    expect((await audits(A.id, 'auth.password_change_failed')).some((a) => a.entityId === u.id)).toBe(true);

    const secCookie = await sessionFor(A, sec.id);
    const revoked = await call<{ revoked: number }>(app, 'POST', `/api/m/${A.code}/users/${u.id}/revoke-sessions`, { cookie: secCookie });
    expect(revoked.body.revoked).toBe(1);
    expect((await call(app, 'GET', '/api/auth/me', { cookie: here })).status).toBe(401);

    const again = await sessionFor(A, u.id);
    const dto = await call<UserDto>(app, 'GET', `/api/m/${A.code}/users/${u.id}`, { cookie: secCookie });
    expect(dto.body.activeSessions).toBe(1);
    const disabled = await call<UserDto>(app, 'PATCH', `/api/m/${A.code}/users/${u.id}`, { cookie: secCookie, body: { version: dto.body.version, disabled: true } });
    expect(disabled.body).toMatchObject({ disabled: true, activeSessions: 0 });
    expect((await call(app, 'GET', '/api/auth/me', { cookie: again })).status).toBe(401);
    const refused = await login('changer', 'a-brand-new-password');
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toBe(INVALID_CREDENTIALS_MESSAGE);
    // nobody can disable or demote themselves
    const self = await call<UserDto>(app, 'GET', `/api/m/${A.code}/users/${sec.id}`, { cookie: secCookie });
    expect((await call(app, 'PATCH', `/api/m/${A.code}/users/${sec.id}`, { cookie: secCookie, body: { version: self.body.version, disabled: true } })).status).toBe(422);
  });

  it("'required' answers 401 without a session except login, health and openapi; 'demo' falls back to the demo administrator", async () => {
    const none = await call<ApiErrorBody>(app, 'GET', `/api/m/${A.code}/departments`);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error: { code: 'unauthenticated', message: 'ログインしてください。' } });
    expect((await call(app, 'GET', '/api/me')).status).toBe(401);
    expect((await call(app, 'GET', '/api/health')).status).toBe(200);
    expect((await call(app, 'POST', '/api/auth/logout')).status).toBe(200);

    expect((await call(demoApp, 'GET', `/api/m/${A.code}/departments`)).status).toBe(200);
    expect((await call<{ id: string }>(demoApp, 'GET', '/api/me')).body.id).toBe('demo-admin');
    expect((await call<{ id: string }>(demoApp, 'GET', '/api/me', { cookie: `${A.code}.${'x'.repeat(43)}` })).body.id).toBe('demo-admin');
    // today's anonymous API clients keep working in demo mode (no cookie: no CSRF header needed)
    expect((await call(demoApp, 'POST', `/api/m/${A.code}/departments`, { noCsrfHeader: true, body: { name: 'デモ課', kind: '課' } })).status).toBe(201);
    const cookie = await sessionFor(A, rep.id);
    expect((await call<{ id: string; role: string }>(demoApp, 'GET', '/api/me', { cookie })).body).toMatchObject({ id: rep.id, role: 'dept_reporter' });
    expect((await call(demoApp, 'POST', `/api/m/${A.code}/departments`, { cookie, noCsrfHeader: true, body: { name: 'x', kind: '課' } })).status).toBe(403);
    expect((await call(demoApp, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('seedDemoUsers creates the demo accounts once; they log in with the demo password', async () => {
    const m = await createTestMunicipality(store.db, 'デモ荒尾市');
    const list = await run(store, m.id, async (ctx) => [
      await createDepartment(ctx, { name: '総合政策課', kind: '課' }),
      await createDepartment(ctx, { name: '財政課', kind: '課' }),
      await createDepartment(ctx, { name: 'くらしいきいき課', kind: '課' }),
    ]);
    const created = await store.db.transaction((tx) => seedDemoUsers(tx, m.id, list));
    expect(created).toEqual(DEMO_ACCOUNTS.map((a) => a.loginId));
    expect(await store.db.transaction((tx) => seedDemoUsers(tx, m.id, list))).toEqual([]);
    const jim = await login('jimukyoku', DEMO_PASSWORD, m.code);
    expect(jim.status).toBe(200);
    expect(jim.body.user).toMatchObject({ role: 'secretariat', departments: [{ name: '総合政策課' }] });
    const cookie = sessionCookieOf(jim.setCookies)!;
    const accounts = await call<{ items: UserDto[] }>(app, 'GET', `/api/m/${m.code}/users`, { cookie });
    const byId = Object.fromEntries(accounts.body.items.map((u) => [u.loginId, u]));
    expect(byId['zaisei-hokoku']).toMatchObject({ role: 'dept_reporter', departments: [{ name: '財政課' }] });
    expect(byId['kurashi-shonin']).toMatchObject({ role: 'dept_approver', departments: [{ name: 'くらしいきいき課' }] });
    expect(byId.admin!.role).toBe('system_admin');

    // the demo reset removes the accounts (and their sessions) before the departments
    await store.db.transaction((tx) => deleteAccountsOf(tx, m.id));
    expect(await store.db.select().from(users).where(eq(users.municipalityId, m.id))).toEqual([]);
    expect(await store.db.select().from(sessions).where(eq(sessions.municipalityId, m.id))).toEqual([]);
    expect((await call(app, 'GET', '/api/auth/me', { cookie })).status).toBe(401);
  });
});
