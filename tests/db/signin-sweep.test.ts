/** The sign-in sweep, on PGlite and PostgreSQL: sessions that ended over a day ago and stale login counters go; live ones stay. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { loginThrottle, sessions } from '../../src/db/schema.js';
import { createSession, revokeSession } from '../../src/modules/identity/commands/sessions.js';
import { sweepSignIn } from '../../src/modules/identity/commands/sweep.js';
import { createUser } from '../../src/modules/identity/commands/users.js';
import { backends, createTestMunicipality, openTestStore, run } from '../support/stores.js';

const HOUR = 60 * 60 * 1000;

describe.each(backends())('sign-in sweep on %s', (kind) => {
  let store: Store;
  let m: { id: string; code: string };
  let userId: string;
  beforeAll(async () => {
    store = await openTestStore(kind);
    m = await createTestMunicipality(store.db, '掃除市');
    userId = (await run(store, m.id, (ctx) => createUser(ctx, { loginId: 'sweep', name: '掃除 太郎', role: 'viewer', password: 'correct-horse-battery' }))).id;
  });
  afterAll(() => store.close());

  it('deletes sessions revoked, expired or idle for over a day, and counters untouched for a day', async () => {
    const now = new Date();
    const at = (hoursAgo: number) => ({ ip: '', userAgent: 'test', now: new Date(now.getTime() - hoursAgo * HOUR) });
    const live = (await createSession(store.db, m.id, userId, at(1))).session;
    const revokedLongAgo = (await createSession(store.db, m.id, userId, at(30))).session;
    await revokeSession(store.db, revokedLongAgo, new Date(now.getTime() - 26 * HOUR));
    const revokedRecently = (await createSession(store.db, m.id, userId, at(3))).session;
    await revokeSession(store.db, revokedRecently, new Date(now.getTime() - 2 * HOUR));
    const idleLongAgo = (await createSession(store.db, m.id, userId, at(40))).session; // last seen 40 h ago: idle since 32 h
    const expiredLongAgo = (await createSession(store.db, m.id, userId, at(24 * 9))).session; // 7-day expiry passed 2 days ago
    const ids = [live, revokedLongAgo, revokedRecently, idleLongAgo, expiredLongAgo].map((s) => s.id);

    const oldKey = `test:${randomUUID()}`;
    const newKey = `test:${randomUUID()}`;
    await store.db.insert(loginThrottle).values([
      { key: oldKey, failures: 3, windowStart: new Date(now.getTime() - 30 * HOUR), updatedAt: new Date(now.getTime() - 25 * HOUR) },
      { key: newKey, failures: 3, windowStart: new Date(now.getTime() - 2 * HOUR), updatedAt: new Date(now.getTime() - HOUR) },
    ]);

    const swept = await sweepSignIn(store.db, now);
    expect(swept.sessions).toBeGreaterThanOrEqual(3);
    expect(swept.loginCounters).toBeGreaterThanOrEqual(1);
    const left = await store.db.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.municipalityId, m.id), inArray(sessions.id, ids)));
    expect(left.map((r) => r.id).sort()).toEqual([live.id, revokedRecently.id].sort());
    const keys = await store.db.select({ key: loginThrottle.key }).from(loginThrottle).where(inArray(loginThrottle.key, [oldKey, newKey]));
    expect(keys.map((k) => k.key)).toEqual([newKey]);
    await store.db.delete(loginThrottle).where(eq(loginThrottle.key, newKey));
  });
});
