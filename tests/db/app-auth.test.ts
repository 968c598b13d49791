/**
 * The application as served: with auth 'required' the API answers 401 without a
 * session, a demo account can sign in, and a state-changing request needs the
 * CSRF header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import { createDepartment } from '../../src/modules/departments/commands/departments.js';
import { DEMO_PASSWORD, seedDemoUsers } from '../../src/modules/identity/http/index.js';
import { backends, createTestMunicipality, openTestStore, run } from '../support/stores.js';

describe.each(backends())('sign-in required on %s', (kind) => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let code: string;

  beforeAll(async () => {
    store = await openTestStore(kind);
    const m = await createTestMunicipality(store.db, '認証市');
    code = m.code;
    const depts = await run(store, m.id, async (ctx) => [
      await createDepartment(ctx, { name: '総合政策課', kind: '課' }),
      await createDepartment(ctx, { name: '財政課', kind: '課' }),
      await createDepartment(ctx, { name: 'くらしいきいき課', kind: '課' }),
    ]);
    await seedDemoUsers(store.db, m.id, depts.map((d) => ({ id: d.id, name: d.name })));
    app = createApp({ store, auth: 'required' });
  }, 120_000);
  afterAll(() => store.close());

  it('refuses the API without a session, in Japanese', async () => {
    const res = await app.request(`/api/m/${code}/plans`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('ログインしてください。');
    expect((await app.request('/api/health')).status).toBe(200);
    expect((await app.request('/api/openapi.json')).status).toBe(200);
  });

  it('signs in a demo account and serves its municipality; CSRF header required for changes', async () => {
    const login = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'gyokaku', origin: 'http://localhost' },
      body: JSON.stringify({ municipalityCode: code, loginId: 'jimukyoku', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const session = cookie.split(';')[0]!;
    const plans = await app.request(`/api/m/${code}/plans`, { headers: { cookie: session } });
    expect(plans.status).toBe(200);
    const noHeader = await app.request(`/api/m/${code}/tags`, {
      method: 'POST',
      headers: { cookie: session, 'content-type': 'application/json', origin: 'http://localhost' },
      body: JSON.stringify({ name: 'DX', category: '視点' }),
    });
    expect(noHeader.status).toBe(403);
    const withHeader = await app.request(`/api/m/${code}/tags`, {
      method: 'POST',
      headers: { cookie: session, 'content-type': 'application/json', 'x-requested-with': 'gyokaku', origin: 'http://localhost' },
      body: JSON.stringify({ name: 'DX', category: '視点' }),
    });
    expect(withHeader.status).toBe(201);
    const other = await app.request('/api/m/131016/plans', { headers: { cookie: session } });
    expect([403, 404]).toContain(other.status);
  });
});
