import fs from 'node:fs';
import { inject } from 'vitest';
import { openStore, type Db, type Store } from '../../src/db/client.js';
import { municipalities } from '../../src/db/schema.js';
import { withCheckDigit } from '../../src/modules/municipalities/domain/localGovCode.js';
import { demoAdministrator } from '../../src/modules/access/domain/policy.js';
import type { CommandContext } from '../../src/shared/context.js';

export type BackendKind = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL when the suite was given one (npm test always gives one). */
export function backends(): BackendKind[] {
  return inject('databaseUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

export async function openTestStore(kind: BackendKind): Promise<Store> {
  if (kind === 'postgres') return openStore({ databaseUrl: inject('databaseUrl'), migrate: false });
  const blob = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
  return openStore({ dataDir: 'memory://', loadDataDir: blob, migrate: false });
}

let counter = 0;
/** A fresh tenant with a valid, unique 団体コード, so tests sharing one PostgreSQL never see each other. */
export async function createTestMunicipality(db: Db, name = 'テスト市'): Promise<{ id: string; code: string }> {
  for (;;) {
    const pref = String(1 + Math.floor(Math.random() * 47)).padStart(2, '0');
    const rest = String((Math.floor(Math.random() * 900) + 100 + counter++) % 1000).padStart(3, '0');
    const code = withCheckDigit(pref + rest);
    const rows = await db.insert(municipalities).values({ code, name, prefecture: 'テスト県' }).onConflictDoNothing().returning();
    if (rows[0]) return { id: rows[0].id, code };
  }
}

export function commandContext(db: Db, municipalityId: string): CommandContext {
  return { db, municipalityId, actor: demoAdministrator, ip: '127.0.0.1' };
}

/** Runs a command as the app does: in one transaction. */
export function run<T>(store: Store, municipalityId: string, fn: (ctx: CommandContext) => Promise<T>): Promise<T> {
  return store.db.transaction((tx) => fn({ db: tx, municipalityId, actor: demoAdministrator, ip: '127.0.0.1' }));
}
