/**
 * A municipality's settings. Today one: 自己承認 (allow_self_approval) — whether the last writer of a
 * report may approve it. Changed by system administrators only; the change and its audit row commit together.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { municipalities } from '../../../db/schema.js';
import type { Actor } from '../../access/domain/policy.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { notFound } from '../../../shared/errors.js';

export interface MunicipalitySettingsInput {
  allowSelfApproval: boolean;
}

export async function updateMunicipalitySettings(db: Db, actor: Actor, municipalityId: string, input: MunicipalitySettingsInput, ip = '') {
  // lock the row: two administrators changing it at once are recorded one after the other
  const [before] = await db.select().from(municipalities).where(eq(municipalities.id, municipalityId)).for('update');
  if (!before) throw notFound('団体');
  const [row] = await db
    .update(municipalities)
    .set({ allowSelfApproval: input.allowSelfApproval })
    .where(eq(municipalities.id, municipalityId))
    .returning();
  await recordAudit(
    { db, municipalityId, actor, ip },
    {
      action: 'municipality.settings',
      entity: 'municipality',
      entityId: municipalityId,
      before: { allowSelfApproval: before.allowSelfApproval },
      after: { allowSelfApproval: row!.allowSelfApproval },
    },
  );
  return row!;
}
