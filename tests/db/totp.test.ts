/**
 * The TOTP second factor over HTTP, on PGlite and PostgreSQL: enrol, confirm with a first code,
 * login asks for the code, a code is not accepted twice, recovery codes work once, the secret
 * never shows in answers or audit rows, turning it off, and the administrator's reset.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { auditLog, userRecoveryCodes, users } from '../../src/db/schema.js';
import { demoAdministrator } from '../../src/modules/access/domain/policy.js';
import { createUser } from '../../src/modules/identity/commands/users.js';
import { base32Decode, hotp, totpStep } from '../../src/modules/identity/crypto/totp.js';
import { authenticate, csrfGuard, identityRoutes, userRoutes } from '../../src/modules/identity/http/index.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type { AuthMeDto, RecoveryCodesDto, TotpEnrolmentDto, UserDto } from '../../src/shared/api-types-identity.js';
import { onError } from '../../src/shared/http/errors.js';
import { loadTenant } from '../../src/shared/http/tenant.js';
import type { AppEnv } from '../../src/shared/http/types.js';
import { backends, createTestMunicipality, openTestStore, run } from '../support/stores.js';

const PASSWORD = 'correct-horse-battery';

function buildApp(store: Store) {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.use('*', async (c, next) => {
    c.set('store', store);
    c.set('actor', demoAdministrator);
    await next();
  });
  app.use('/api/*', csrfGuard({ mode: 'required' }));
  app.use('/api/*', authenticate({ mode: 'required' }));
  const api = new Hono<AppEnv>();
  api.route('/', identityRoutes());
  const tenant = new Hono<AppEnv>();
  tenant.use('*', loadTenant);
  tenant.route('/', userRoutes());
  api.route('/m/:code', tenant);
  app.route('/api', api);
  return app;
}

describe.each(backends())('second factor (TOTP) on %s', (kind) => {
  let store: Store;
  let app: ReturnType<typeof buildApp>;
  let A: { id: string; code: string };
  let admin: { id: string };
  let secret: Buffer;
  let recovery: string[];
  // each test run signs in from its own address: the login counters are shared on PostgreSQL
  const peer = `10.${randomInt(256)}.${randomInt(256)}.${1 + randomInt(254)}`;

  const call = async <T>(method: string, path: string, body?: unknown, cookie?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-requested-with': 'gyokaku' };
    if (cookie) headers.cookie = `gyokaku_session=${cookie}`;
    const res = await app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, { incoming: { socket: { remoteAddress: peer } } });
    const text = await res.text();
    const set = res.headers.getSetCookie().find((s) => s.startsWith('gyokaku_session='));
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T & ApiErrorBody, text, cookie: set?.slice('gyokaku_session='.length).split(';')[0] };
  };
  const signIn = (loginId: string, totpCode?: string) => call<AuthMeDto>('POST', '/api/auth/login', { municipalityCode: A.code, loginId, password: PASSWORD, ...(totpCode ? { totpCode } : {}) });
  const codeAt = (offsetSteps: number) => hotp(secret, totpStep(new Date()) + offsetSteps);

  beforeAll(async () => {
    store = await openTestStore(kind);
    app = buildApp(store);
    A = await createTestMunicipality(store.db, '二段階市');
    await run(store, A.id, (ctx) => createUser(ctx, { loginId: 'jim', name: '事務局 一郎', role: 'secretariat', password: PASSWORD }));
    admin = await run(store, A.id, (ctx) => createUser(ctx, { loginId: 'kanri', name: '管理 二郎', role: 'system_admin', password: PASSWORD }));
  });
  afterAll(() => store.close());

  it('enrols: a secret and an otpauth URI, inactive until a first code confirms it; then ten recovery codes', async () => {
    const s = await signIn('jim');
    expect(s.status).toBe(200);
    expect(s.body.secondFactor).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    const setup = await call<TotpEnrolmentDto>('POST', '/api/auth/totp/setup', undefined, s.cookie);
    expect(setup.status).toBe(200);
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/gyokaku%3A\d{6}%2Fjim\?secret=[A-Z2-7]{32}&issuer=gyokaku/);
    secret = base32Decode(setup.body.secret)!;
    // not yet required
    expect((await signIn('jim')).status).toBe(200);
    const wrong = await call('POST', '/api/auth/totp/confirm', { code: hotp(secret, totpStep(new Date()) + 5) }, s.cookie);
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.fields?.[0]?.message).toContain('確認コードが正しくありません');
    const ok = await call<RecoveryCodesDto>('POST', '/api/auth/totp/confirm', { code: codeAt(-1) }, s.cookie);
    expect(ok.status).toBe(200);
    recovery = ok.body.recoveryCodes;
    expect(recovery).toHaveLength(10);
    const me = await call<AuthMeDto>('GET', '/api/auth/me', undefined, s.cookie);
    expect(me.body.secondFactor).toEqual({ enabled: true, recoveryCodesLeft: 10 });
    // only hashes are stored
    const stored = await store.db.select().from(userRecoveryCodes).where(eq(userRecoveryCodes.municipalityId, A.id));
    expect(stored.map((r) => r.codeHash)).not.toContain(recovery[0]);
  });

  it('login asks for the code after the password; a code works once; a recovery code works once', async () => {
    const first = await signIn('jim');
    expect(first.status).toBe(401);
    expect(first.body.error.code).toBe('totp_required');
    expect(first.cookie).toBeUndefined();
    const bad = await signIn('jim', '000000' === codeAt(0) ? '111111' : '000000');
    expect(bad.body.error.code).toBe('totp_invalid');
    // the step confirmed at enrolment (-1) is used: the current one works once
    const code = codeAt(0);
    const good = await signIn('jim', code);
    expect(good.status).toBe(200);
    expect(good.cookie).toBeTruthy();
    const replay = await signIn('jim', code);
    expect(replay.body.error.code).toBe('totp_invalid');
    const viaRecovery = await signIn('jim', recovery[0]!.toLowerCase());
    expect(viaRecovery.status).toBe(200);
    expect((await signIn('jim', recovery[0])).body.error.code).toBe('totp_invalid');
    const me = await call<AuthMeDto>('GET', '/api/auth/me', undefined, viaRecovery.cookie);
    expect(me.body.secondFactor.recoveryCodesLeft).toBe(9);
  });

  it('the secret never shows in answers or audit rows', async () => {
    const [row] = await store.db.select().from(users).where(and(eq(users.municipalityId, A.id), eq(users.loginId, 'jim')));
    const adminCookie = (await signIn('kanri')).cookie;
    const list = await call<{ items: UserDto[] }>('GET', `/api/m/${A.code}/users`, undefined, adminCookie);
    expect(list.text).not.toContain(row!.totpSecret!);
    expect(list.body.items.find((u) => u.loginId === 'jim')!.secondFactor).toBe(true);
    const audits = await store.db.select().from(auditLog).where(eq(auditLog.municipalityId, A.id));
    expect(JSON.stringify(audits)).not.toContain(row!.totpSecret!);
    expect(audits.map((a) => a.action)).toContain('auth.totp_enable');
  });

  it('turning it off needs the password; the administrator can reset it', async () => {
    const cookie = (await signIn('jim', recovery[1])).cookie!;
    expect((await call('POST', '/api/auth/totp/disable', { password: 'not-my-password-1' }, cookie)).status).toBe(422);
    expect((await call('POST', '/api/auth/totp/disable', { password: PASSWORD }, cookie)).status).toBe(200);
    expect((await signIn('jim')).status).toBe(200);

    // enrolled again, then reset by the administrator
    const setup = await call<TotpEnrolmentDto>('POST', '/api/auth/totp/setup', undefined, cookie);
    secret = base32Decode(setup.body.secret)!;
    expect((await call('POST', '/api/auth/totp/confirm', { code: codeAt(0) }, cookie)).status).toBe(200);
    expect((await signIn('jim')).body.error.code).toBe('totp_required');
    const adminCookie = (await signIn('kanri')).cookie;
    const [jim] = await store.db.select().from(users).where(and(eq(users.municipalityId, A.id), eq(users.loginId, 'jim')));
    const reset = await call<UserDto>('POST', `/api/m/${A.code}/users/${jim!.id}/totp/reset`, undefined, adminCookie);
    expect(reset.body.secondFactor).toBe(false);
    expect((await signIn('jim')).status).toBe(200);
    expect(await store.db.select().from(userRecoveryCodes).where(eq(userRecoveryCodes.userId, jim!.id))).toEqual([]);
    expect(admin.id).toBeTruthy();
  });
});
