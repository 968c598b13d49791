import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { municipalities } from '../../../db/schema.js';

/** The tenant table itself is the one query that is not scoped by municipality_id. */
export async function listMunicipalities(db: Executor) {
  return db.select().from(municipalities).orderBy(asc(municipalities.code));
}

export async function findMunicipalityByCode(db: Executor, code: string) {
  const rows = await db.select().from(municipalities).where(eq(municipalities.code, code)).limit(1);
  return rows[0] ?? null;
}

/** The 団体コード of the tenant in scope (for links written into notifications). */
export async function municipalityCodeOf(db: Executor, municipalityId: string): Promise<string> {
  const rows = await db.select({ code: municipalities.code }).from(municipalities).where(eq(municipalities.id, municipalityId)).limit(1);
  return rows[0]?.code ?? '';
}

/** 自己承認: whether the municipality lets a report's last writer approve it (職務の分離 otherwise). */
export async function municipalityAllowsSelfApproval(scope: { db: Executor; municipalityId: string }): Promise<boolean> {
  const rows = await scope.db
    .select({ allow: municipalities.allowSelfApproval })
    .from(municipalities)
    .where(eq(municipalities.id, scope.municipalityId))
    .limit(1);
  return rows[0]?.allow ?? false;
}
