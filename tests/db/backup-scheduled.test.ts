/**
 * The server's own nightly backup: a file in the documented pattern that restores, and rotation
 * that keeps the newest N. (The timer itself is setTimeout around runScheduledBackup.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/client.js';
import { runScheduledBackup } from '../../src/modules/backup/commands/scheduled.js';
import { restoreStore } from '../../src/modules/backup/commands/restoreStore.js';
import { buildSmallPlan } from '../support/fixtures.js';
import { backends, openTestStore } from '../support/stores.js';

describe.each(backends())('scheduled backup (%s)', (kind) => {
  let store: Store;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gyokaku-sched-${kind}-`));
  beforeAll(async () => {
    store = await openTestStore(kind);
    await buildSmallPlan(store, '定時市');
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a complete backup that restores into an empty store, and keeps the newest N', async () => {
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'operator notes');
    const times = ['2026-12-05T17:30:00Z', '2026-12-06T17:30:00Z', '2026-12-07T17:30:00Z'];
    const files: string[] = [];
    for (const t of times) files.push(await runScheduledBackup(store, { dir, atMinutes: 150, keep: 2 }, new Date(t)));
    expect(files.map((f) => path.basename(f))).toEqual([
      'gyokaku-20261206-0230.gyokaku.jsonl.gz',
      'gyokaku-20261207-0230.gyokaku.jsonl.gz',
      'gyokaku-20261208-0230.gyokaku.jsonl.gz',
    ]);
    expect(fs.readdirSync(dir).sort()).toEqual(['gyokaku-20261207-0230.gyokaku.jsonl.gz', 'gyokaku-20261208-0230.gyokaku.jsonl.gz', 'notes.txt']);

    // the newest file is a whole store: it restores into an empty embedded store with the same plan
    const target = await openStore({ dataDir: 'memory://' });
    try {
      await restoreStore(target, { file: files[2]! });
      const [src] = await store.rawQuery<{ n: number }>("select count(*)::int as n from plans where title like '定時市%'");
      const [dst] = await target.rawQuery<{ n: number }>("select count(*)::int as n from plans where title like '定時市%'");
      expect(src!.n).toBeGreaterThan(0);
      expect(dst!.n).toBe(src!.n);
    } finally {
      await target.close();
    }
  }, 120_000);
});
