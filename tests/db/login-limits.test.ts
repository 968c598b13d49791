/**
 * Login limits over HTTP, on PGlite and PostgreSQL: parallel attempts all count (checked before the
 * password), unknown and existing accounts answer alike, the delay grows per address and account while
 * the real user from elsewhere signs in, a ceiling per address, X-Forwarded-For believed only from a
 * trusted proxy, and the administrator's unlock.
 * Addresses are random per run: the counters live in the database, which PostgreSQL shares between runs.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { auditLog, loginThrottle } from '../../src/db/schema.js';
import { demoAdministrator } from '../../src/modules/access/domain/policy.js';
import { login } from '../../src/modules/identity/commands/auth.js';
import { throttleKeys } from '../../src/modules/identity/commands/loginThrottle.js';
import { createUser, unlockUser } from '../../src/modules/identity/commands/users.js';
import { INVALID_CREDENTIALS_MESSAGE } from '../../src/modules/identity/domain/lockout.js';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from '../../src/modules/identity/domain/loginThrottle.js';
import { identityRoutes } from '../../src/modules/identity/http/index.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import { onError } from '../../src/shared/http/errors.js';
import { TrustedProxies, type ProxyTrust } from '../../src/shared/http/request.js';
import type { AppEnv } from '../../src/shared/http/types.js';
import { backends, createTestMunicipality, openTestStore, run } from '../support/stores.js';

const PASSWORD = 'correct-horse-battery';
/** the default limits with a first delay of a minute: answers then do not depend on how fast a loaded machine runs */
const STEADY: LoginLimits = { ...DEFAULT_LOGIN_LIMITS, pair: { ...DEFAULT_LOGIN_LIMITS.pair, baseDelayMs: 60_000 } };
const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${1 + randomInt(254)}`;

function buildApp(store: Store, trustProxy: ProxyTrust = false, loginLimits?: LoginLimits) {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.use('*', async (c, next) => {
    c.set('store', store);
    c.set('actor', demoAdministrator);
    await next();
  });
  app.route('/api', identityRoutes({ trustProxy, loginLimits }));
  return app;
}
type App = ReturnType<typeof buildApp>;

/** A request as @hono/node-server hands it over: with the socket's address. */
async function post(app: App, peer: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await app.request(
    '/api/auth/login',
    { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) },
    { incoming: { socket: { remoteAddress: peer } } },
  );
  return { status: res.status, body: (await res.json()) as ApiErrorBody, retryAfter: res.headers.get('retry-after') };
}

describe.each(backends())('login limits on %s', (kind) => {
  let store: Store;
  let app: App;
  let A: { id: string; code: string };
  let victim: { id: string };
  const creds = (loginId: string, password = 'wrong-password-x') => ({ municipalityCode: A.code, loginId, password });

  beforeAll(async () => {
    store = await openTestStore(kind);
    app = buildApp(store, false, STEADY);
    A = await createTestMunicipality(store.db, '制限市');
    victim = await run(store, A.id, (ctx) => createUser(ctx, { loginId: 'victim', name: '被害 太郎', role: 'secretariat', password: PASSWORD }));
    await run(store, A.id, (ctx) => createUser(ctx, { loginId: 'other', name: '別 花子', role: 'viewer', password: PASSWORD }));
  });
  afterAll(() => store.close());

  const failedRows = async (entityId: string) =>
    (await store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, A.id), eq(auditLog.action, 'auth.login_failed')))).filter(
      (r) => r.entityId === entityId,
    );

  it('60 wrong passwords in parallel from one address: only 5 are checked, the rest refused (429, Retry-After)', async () => {
    const ip = randomIp();
    const before = (await failedRows(victim.id)).length;
    // on PostgreSQL half go through a second connection pool, as from a second app process
    const other = kind === 'postgres' ? await openTestStore(kind) : null;
    const apps = other ? [app, buildApp(other, false, STEADY)] : [app];
    try {
      const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => post(apps[i % apps.length]!, ip, creds('victim', `wrong-${i}-password`))));
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(DEFAULT_LOGIN_LIMITS.pair.free);
      expect(statuses.filter((s) => s === 429)).toHaveLength(60 - DEFAULT_LOGIN_LIMITS.pair.free);
      const refused = answers.find((a) => a.status === 429)!;
      expect(refused.body.error.code).toBe('too_many_attempts');
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect((await failedRows(victim.id)).length - before).toBe(DEFAULT_LOGIN_LIMITS.pair.free);
    } finally {
      await other?.close();
    }
  });

  it('an unknown login id gets exactly the answers an existing one gets; the real user from another address signs in', async () => {
    const ip = randomIp();
    const seq = async (loginId: string) => {
      const out: unknown[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await post(app, ip, creds(loginId));
        out.push({ status: r.status, error: r.body.error, retryAfter: r.retryAfter !== null });
      }
      return out;
    };
    const known = await seq('other');
    const unknown = await seq('nobody-here');
    expect(unknown).toEqual(known);
    expect(known.slice(0, 5)).toEqual(Array(5).fill({ status: 401, error: { code: 'invalid_credentials', message: INVALID_CREDENTIALS_MESSAGE }, retryAfter: false }));
    expect((known[5] as { status: number }).status).toBe(429);
    // no "locked" answer any more, and nothing stops the owner elsewhere
    const owner = await post(app, randomIp(), creds('other', PASSWORD));
    expect(owner.status).toBe(200);
    // even with the right password, the throttled address waits
    expect((await post(app, ip, creds('other', PASSWORD))).status).toBe(429);
  });

  it('the delay doubles per further failure (2 s, 4 s …) and a success starts the count again', async () => {
    const ip = randomIp();
    const t0 = Date.now();
    const at = (ms: number) => ({ ip, userAgent: 'test', now: new Date(t0 + ms) });
    const attempt = (ms: number, password = 'wrong-password-y') => login(store.db, creds('victim', password), at(ms));
    for (let i = 0; i < 5; i++) expect(await attempt(i)).toEqual({ ok: false, reason: 'invalid' });
    const r1 = await attempt(1000);
    expect(r1).toMatchObject({ ok: false, reason: 'throttled', scope: 'account' });
    expect((r1 as { retryAfterMs: number }).retryAfterMs).toBeLessThanOrEqual(2000);
    expect(await attempt(2100)).toEqual({ ok: false, reason: 'invalid' }); // 6th: now 4 s
    expect(await attempt(5000)).toMatchObject({ reason: 'throttled' });
    expect(await attempt(6200)).toEqual({ ok: false, reason: 'invalid' }); // 7th: now 8 s
    expect(await attempt(13_000)).toMatchObject({ reason: 'throttled' });
    const ok = await attempt(14_300, PASSWORD);
    expect(ok.ok).toBe(true);
    const keys = throttleKeys(ip, A.code, 'victim');
    expect(await store.db.select().from(loginThrottle).where(eq(loginThrottle.key, keys.pair))).toEqual([]);
  });

  it('a ceiling per address over all login ids', async () => {
    const limits: LoginLimits = { ...STEADY, address: { mode: 'window', max: 6, windowMs: 60_000 } };
    const limited = buildApp(store, false, limits);
    const ip = randomIp();
    for (let i = 0; i < 6; i++) expect((await post(limited, ip, creds(`spray-${i}`))).status).toBe(401);
    const next = await post(limited, ip, creds('other', PASSWORD));
    expect(next.status).toBe(429);
    expect(next.body.error.message).toContain('この端末（接続元）から');
    expect(Number(next.retryAfter)).toBeGreaterThan(0);
    expect((await post(limited, randomIp(), creds('other', PASSWORD))).status).toBe(200);
    const rateLimited = await store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, A.id), eq(auditLog.action, 'auth.rate_limited')));
    expect(rateLimited.length).toBeGreaterThanOrEqual(1);
  });

  it('X-Forwarded-For from a peer that is not a trusted proxy is ignored: rotating it does not escape the limit', async () => {
    const limits: LoginLimits = { ...STEADY, address: { mode: 'window', max: 4, windowMs: 60_000 } };
    // GYOKAKU_TRUST_PROXY=1: loopback only
    const behindLoopback = buildApp(store, true, limits);
    const attacker = randomIp();
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await post(behindLoopback, attacker, creds(`rot-${i}`), { 'x-forwarded-for': randomIp() })).status);
    expect(answers).toEqual([401, 401, 401, 401, 429, 429]);

    // through the configured proxy the client is the rightmost hop the proxy did not vouch for
    const proxy = randomIp();
    const viaProxy = buildApp(store, new TrustedProxies([`${proxy}/32`]), limits);
    const client = randomIp();
    for (let i = 0; i < 4; i++) expect((await post(viaProxy, proxy, creds(`px-${i}`), { 'x-forwarded-for': `203.0.113.9, ${client}` })).status).toBe(401);
    // the same client again: limited, whatever it writes on the left of the header
    expect((await post(viaProxy, proxy, creds('px-x'), { 'x-forwarded-for': `${randomIp()}, ${client}` })).status).toBe(429);
    // another client through the same proxy is not
    expect((await post(viaProxy, proxy, creds('other', PASSWORD), { 'x-forwarded-for': randomIp() })).status).toBe(200);
  });

  it("the administrator's unlock clears the account's counters from every address", async () => {
    const ip = randomIp();
    for (let i = 0; i < 6; i++) await post(app, ip, creds('victim'));
    expect((await post(app, ip, creds('victim', PASSWORD))).status).toBe(429);
    await run(store, A.id, (ctx) => unlockUser(ctx, victim.id));
    expect((await post(app, ip, creds('victim', PASSWORD))).status).toBe(200);
  });
});
