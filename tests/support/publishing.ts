/**
 * Publishing in tests through the real command (as the secretariat would): a round, every closed round
 * of a municipality, KPI values of a year, a table's 年度版.
 */
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { municipalities, rounds } from '../../src/db/schema.js';
import type { Actor } from '../../src/modules/access/domain/policy.js';
import { publish, type PublishInput } from '../../src/modules/publish/commands/publications.js';
import { latestOf } from '../../src/modules/publish/db/repo.js';
import { subjectOf } from '../../src/modules/publish/commands/publications.js';

export const secretariatOf = (municipalityId: string): Actor => ({ id: 't-publisher', name: 'テスト 事務局', role: 'secretariat', municipalityId, departmentIds: [] });

/** Publishes (or corrects, when one is current) a subject; expectedSeq is read first, as the preview would. */
export async function publishAs(store: Store, municipalityId: string, input: Omit<PublishInput, 'expectedSeq' | 'correction' | 'reason'> & Partial<Pick<PublishInput, 'correction' | 'reason'>>) {
  const [m] = await store.db.select().from(municipalities).where(eq(municipalities.id, municipalityId));
  return store.db.transaction(async (tx) => {
    const ctx = { db: tx, municipalityId, actor: secretariatOf(municipalityId), ip: '' };
    const latest = await latestOf(ctx, subjectOf({ ...input }));
    return publish(ctx, { code: m!.code, name: m!.name }, {
      correction: latest?.state === 'published' ? 'テストの訂正' : '',
      reason: '',
      ...input,
      expectedSeq: latest?.seq ?? 0,
    });
  });
}

/** Every closed round of the municipality, oldest first, answers not accepted shown as 回答なし. */
export async function publishClosedRounds(store: Store, municipalityId: string, decision: 'exclude' | 'no_answer' = 'no_answer') {
  const closed = await store.db.select().from(rounds).where(and(eq(rounds.municipalityId, municipalityId), eq(rounds.state, 'closed')));
  for (const r of closed.sort((a, b) => (a.asOfDate < b.asOfDate ? -1 : 1)))
    await publishAs(store, municipalityId, { kind: 'round', planId: r.planId, subjectId: r.id, fiscalYear: 0, unaccepted: decision });
}
