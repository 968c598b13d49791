import type { Db } from '../../../db/client.js';
import { municipalities } from '../../../db/schema.js';
import type { Actor } from '../../access/domain/policy.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { conflict, FieldErrors } from '../../../shared/errors.js';
import { prefectureName, validateLocalGovCode } from '../domain/localGovCode.js';
import { findMunicipalityByCode } from '../queries/municipalities.js';

export interface CreateMunicipalityInput {
  code: string;
  name: string;
  prefecture: string;
}

/** Registers a tenant; the caller's transaction also holds its audit row (the tenant's first). */
export async function createMunicipality(db: Db, actor: Actor, input: CreateMunicipalityInput, ip = '') {
  const errors = new FieldErrors();
  const check = validateLocalGovCode(input.code);
  if (!check.ok) errors.add('code', check.message);
  if (!input.name.trim()) errors.add('name', '団体名を入力してください。');
  const pref = check.ok ? prefectureName(input.code) : null;
  if (pref && input.prefecture && input.prefecture !== pref)
    errors.add('prefecture', `団体コード ${input.code} は${pref}のコードです（入力: ${input.prefecture}）。`);
  errors.throwIfAny();
  if (await findMunicipalityByCode(db, input.code)) throw conflict(`団体コード ${input.code} は既に登録されています。`);
  const [row] = await db
    .insert(municipalities)
    .values({ code: input.code, name: input.name.trim(), prefecture: input.prefecture || pref! })
    .returning();
  await recordAudit({ db, municipalityId: row!.id, actor, ip }, { action: 'municipality.create', entity: 'municipality', entityId: row!.id, after: row });
  return row!;
}
