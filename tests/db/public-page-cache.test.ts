/**
 * The citizens' pages kept as rendered (publish/http/pageCache.ts): the same page again comes from
 * memory, and whatever changes what it shows — a correction, a withdrawal, a change through a command —
 * is seen on the next request.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Store } from '../../src/db/client.js';
import { plans, reports } from '../../src/db/schema.js';
import { updatePlan } from '../../src/modules/plans/commands/plans.js';
import { withdraw } from '../../src/modules/publish/commands/publications.js';
import { clearPageCache } from '../../src/modules/publish/http/pageCache.js';
import { buildPdcaFixture, type PdcaFixture } from '../support/pdcaFixtures.js';
import { publishAs, secretariatOf } from '../support/publishing.js';
import { backends, openTestStore } from '../support/stores.js';

describe.each(backends())('citizens’ page cache on %s', (kind) => {
  let store: Store;
  let f: PdcaFixture;
  let app: ReturnType<typeof createApp>;
  const html = async (path: string, headers: Record<string, string> = {}) => {
    const r = await app.request(path, { headers });
    return { status: r.status, etag: r.headers.get('etag'), text: await r.text() };
  };

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildPdcaFixture(store, 'キャッシュ検査市');
    await publishAs(store, f.municipality.id, { kind: 'round', planId: f.planId, subjectId: f.rounds.R1, fiscalYear: 0, unaccepted: 'no_answer' });
    app = createApp({ store, auth: 'required' });
    clearPageCache();
  });
  afterAll(() => store.close());

  it('answers the same page from memory, and 304 to its ETag', async () => {
    const path = `/m/${f.municipality.code}/progress/${f.rounds.R1}`;
    const first = await html(path);
    expect(first.status).toBe(200);
    // a change behind the commands' back (no audit row, no publication) is not looked for: the page is kept
    await store.db.update(reports).set({ narrative: '裏で書き換えた文' }).where(and(eq(reports.municipalityId, f.municipality.id), eq(reports.id, f.reports['R1.A1']!)));
    const second = await html(path);
    expect(second.text).toBe(first.text);
    expect((await html(path, { 'if-none-match': first.etag! })).status).toBe(304);
  });

  it('sees a correction and a withdrawal on the very next request', async () => {
    const path = `/m/${f.municipality.code}/progress/${f.rounds.R1}`;
    expect((await html(path)).text).not.toContain('正誤（訂正のお知らせ）');
    const fixed = await publishAs(store, f.municipality.id, { kind: 'round', planId: f.planId, subjectId: f.rounds.R1, fiscalYear: 0, unaccepted: 'no_answer', correction: 'A1の取組内容を訂正' });
    const corrected = await html(path);
    expect(corrected.text).toContain('A1の取組内容を訂正');
    expect(corrected.text).toContain('裏で書き換えた文');
    const m = f.municipality.id;
    await store.db.transaction((tx) => withdraw({ db: tx, municipalityId: m, actor: secretariatOf(m), ip: '' }, fixed.id, { expectedSeq: fixed.seq, reason: '誤り' }));
    expect((await html(path)).status).toBe(404);
  });

  it('sees a change made through a command (audited), such as the plan’s title', async () => {
    const path = `/m/${f.municipality.code}/public`;
    const before = await html(path);
    expect(before.status).toBe(200);
    const [plan] = await store.db.select().from(plans).where(and(eq(plans.municipalityId, f.municipality.id), eq(plans.id, f.planId)));
    const m = f.municipality.id;
    await store.db.transaction((tx) => updatePlan({ db: tx, municipalityId: m, actor: secretariatOf(m), ip: '' }, f.planId, { version: plan!.version, title: 'キャッシュ検査の新しい計画名' }));
    expect((await html(path)).text).toContain('キャッシュ検査の新しい計画名');
  });
});
