/**
 * Logs never carry a failed statement's parameters, row values, password hashes, tokens or report
 * text. Reproduces the finding: a user created with a NUL in the name (past the HTTP edge, as a
 * command would be) fails in PostgreSQL with the new user's argon2id hash among the parameters; that
 * error, logged by the request log of a real route, by the process logger (job runner, pool errors)
 * and as text, keeps its SQLSTATE and stack but none of the secrets. On both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createApp } from '../../src/app.js';
import type { Store } from '../../src/db/client.js';
import { hashPassword } from '../../src/modules/identity/crypto/passwordHash.js';
import { createUser } from '../../src/modules/identity/commands/users.js';
import { users } from '../../src/db/schema.js';
import { createLogger } from '../../src/shared/log.js';
import { sanitizeError } from '../../src/shared/logSanitize.js';
import { backends, createTestMunicipality, run, type BackendKind } from '../support/stores.js';
import { openTestStore } from '../support/stores.js';

const PASSWORD = 'Kx7#pLq2!vRm9zTw-log';
const TOKEN = 'q2Zr8v0XbN4kLmP7sT1wYc6dFh3jGa9eRu5iOo2x';
const REPORT = '未承認の報告本文：庁舎統合の候補地は非公開';

function memoryLogger() {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (s: string) => void lines.push(s) });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** A real database error whose parameters hold the hash: the user row with a NUL in its name. */
async function failedUserInsert(store: Store, municipalityId: string, hash: string): Promise<unknown> {
  try {
    await run(store, municipalityId, (ctx) =>
      createUser(ctx, { loginId: `log${Date.now()}`, name: `職員\u0000${REPORT}`, role: 'secretariat', password: PASSWORD }, { passwordHash: hash }),
    );
  } catch (e) {
    return e;
  }
  throw new Error('the insert was expected to fail');
}

/** Another: the same login id twice (23505), its parameters holding the hash and its detail the row's values. */
async function duplicateUserInsert(store: Store, municipalityId: string, hash: string): Promise<unknown> {
  const loginId = `dup${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const row = { municipalityId, loginId, name: REPORT, email: '', role: 'secretariat', passwordHash: hash };
  await store.db.insert(users).values(row);
  try {
    await store.db.insert(users).values(row);
  } catch (e) {
    return e;
  }
  throw new Error('the insert was expected to fail');
}

describe.each(backends())('no secrets in logs on %s', (kind: BackendKind) => {
  let store: Store;
  let m: { id: string; code: string };
  let hash: string;

  beforeAll(async () => {
    store = await openTestStore(kind);
    m = await createTestMunicipality(store.db, 'ログ検査市');
    hash = await hashPassword(PASSWORD);
  });
  afterAll(() => store.close());

  it('the raw error does carry the hash (so the checks below can fail)', async () => {
    const err = (await failedUserInsert(store, m.id, hash)) as { params?: unknown[]; message: string };
    expect(JSON.stringify(err.params)).toContain(hash);
    expect(err.message).toContain(hash);
  });

  const failingWith = (err: unknown): Store => ({
      ...store,
      db: new Proxy(store.db, {
        get: (t, p, r) =>
          p === 'transaction'
            ? () => {
                throw err;
              }
            : Reflect.get(t, p, r),
      }),
  });
  const postTag = (app: ReturnType<typeof createApp>) =>
    app.request(`/api/m/${m.code}/tags`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'gyokaku', origin: 'http://localhost' },
      body: JSON.stringify({ name: `タグ ${TOKEN}`, category: '分類' }),
    });

  it('a 500 of a real route logs the error with its code and stack, without parameters, row values, hash or text', async () => {
    const mem = memoryLogger();
    // the route's transaction fails with exactly that error
    const app = createApp({ store: failingWith(await duplicateUserInsert(store, m.id, hash)), logger: mem.logger });
    const res = await postTag(app);
    expect(res.status).toBe(500);
    const text = mem.lines.join('');
    for (const secret of [hash, hash.split('$').at(-1)!, PASSWORD, REPORT, TOKEN, '"params"', 'insert into']) expect(text).not.toContain(secret);
    const line = mem.parsed().find((l) => l.status === 500)!;
    const logged = line.err as { type: string; message: string; stack: string; cause?: { code?: string; message?: string } };
    expect(logged.type).toBe('DrizzleQueryError');
    expect(logged.message).toMatch(/Failed query/);
    expect(logged.stack).toMatch(/\n\s+at /);
    expect(logged.cause?.code).toBe('23505');
    expect(text).not.toContain('already exists');
  });

  it('a character PostgreSQL refuses that got past the edge answers 422 with a message, not 500', async () => {
    const mem = memoryLogger();
    const app = createApp({ store: failingWith(await failedUserInsert(store, m.id, hash)), logger: mem.logger });
    const res = await postTag(app);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/使えない文字/);
    for (const secret of [hash, REPORT]) expect(mem.lines.join('')).not.toContain(secret);
  });

  it('the process logger (job runner, pool errors, messages as text) is sanitized the same way', async () => {
    const mem = memoryLogger();
    const err = (await duplicateUserInsert(store, m.id, hash)) as Error;
    mem.logger.error({ err, jobId: 'j1' }, 'ジョブが失敗しました');
    mem.logger.error({ error: err }, 'another key');
    mem.logger.warn({ err: err.message }, 'as text');
    mem.logger.error(err.message);
    mem.logger.error(err);
    const text = mem.lines.join('');
    for (const secret of [hash, PASSWORD, REPORT]) expect(text).not.toContain(secret);
    expect(mem.parsed()).toHaveLength(5);
    expect((mem.parsed()[0]!.err as { cause?: { code?: string; constraint?: string } }).cause).toMatchObject({ code: '23505', constraint: expect.stringMatching(/^users_/) });
  });

  it('keeps PostgreSQL identifiers but not the values a message quotes', async () => {
    let caught: unknown;
    try {
      await store.db.execute(sql`select ${REPORT + TOKEN}::int`);
    } catch (e) {
      caught = e;
    }
    const safe = JSON.stringify(sanitizeError(caught));
    expect(safe).not.toContain(REPORT);
    expect(safe).not.toContain(TOKEN);
    expect(safe).toContain('22P02');
    let dup: unknown;
    try {
      await store.db.execute(sql`insert into municipalities (code, name, prefecture) values (${m.code}, ${REPORT}, 'テスト県')`);
    } catch (e) {
      dup = e;
    }
    const safeDup = sanitizeError(dup) as { cause: { code: string; constraint?: string; message: string } };
    expect(JSON.stringify(safeDup)).not.toContain(REPORT);
    expect(safeDup.cause.code).toBe('23505');
    expect(safeDup.cause.message).toMatch(/"municipalities_\w+"/);
  });
});
