/**
 * Before the database tests: build one migrated PGlite and dump it (each test
 * file clones it in well under a second instead of running initdb), and migrate
 * the PostgreSQL given in TEST_DATABASE_URL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { dumpPglite, migrateStore, openStore } from '../../src/db/client.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const file = path.join(os.tmpdir(), `gyokaku-template-${process.pid}.tar`);
  const store = await openStore({ dataDir: 'memory://' });
  fs.writeFileSync(file, Buffer.from(await (await dumpPglite(store)).arrayBuffer()));
  await store.close();
  project.provide('pgliteTemplate', file);

  const url = process.env.TEST_DATABASE_URL ?? '';
  if (!url && process.env.GYOKAKU_REQUIRE_PG === '1') {
    throw new Error('TEST_DATABASE_URL が設定されていません。PostgreSQL でのテストは npm test（scripts/test-all.sh）から実行してください。');
  }
  if (url) {
    const pg = await openStore({ databaseUrl: url, migrate: false });
    await migrateStore(pg);
    await pg.close();
  }
  project.provide('databaseUrl', url);
  return () => fs.rmSync(file, { force: true });
}
