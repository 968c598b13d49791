/**
 * A municipality's settings: 自己承認 (allow_self_approval) — whether the last writer of a report may
 * approve it — and 他課の回答の閲覧 (others_read_from) — from which state departments read the answers
 * of items other departments carry. Changed by system administrators only; the change and its audit row
 * commit together. A setting left out of the input keeps its value.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { municipalities } from '../../../db/schema.js';
import type { Actor, OthersReadFrom } from '../../access/domain/policy.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { notFound } from '../../../shared/errors.js';

export interface MunicipalitySettingsInput {
  allowSelfApproval?: boolean | undefined;
  othersReadFrom?: OthersReadFrom | undefined;
}

export async function updateMunicipalitySettings(db: Db, actor: Actor, municipalityId: string, input: MunicipalitySettingsInput, ip = '') {
  // lock the row: two administrators changing it at once are recorded one after the other
  const [before] = await db.select().from(municipalities).where(eq(municipalities.id, municipalityId)).for('update');
  if (!before) throw notFound('団体');
  const [row] = await db
    .update(municipalities)
    .set({ allowSelfApproval: input.allowSelfApproval ?? before.allowSelfApproval, othersReadFrom: input.othersReadFrom ?? before.othersReadFrom })
    .where(eq(municipalities.id, municipalityId))
    .returning();
  await recordAudit(
    { db, municipalityId, actor, ip },
    {
      action: 'municipality.settings',
      entity: 'municipality',
      entityId: municipalityId,
      before: { allowSelfApproval: before.allowSelfApproval, othersReadFrom: before.othersReadFrom },
      after: { allowSelfApproval: row!.allowSelfApproval, othersReadFrom: row!.othersReadFrom },
    },
  );
  return row!;
}
