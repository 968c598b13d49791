import type { Db } from '../../../db/client.js';
import { municipalities } from '../../../db/schema.js';
import { conflict, validationError } from '../../../shared/errors.js';
import { validateLocalGovCode } from '../domain/localGovCode.js';
import { findMunicipalityByCode } from '../queries/municipalities.js';

export interface CreateMunicipalityInput {
  code: string;
  name: string;
  prefecture: string;
}

export async function createMunicipality(db: Db, input: CreateMunicipalityInput) {
  const check = validateLocalGovCode(input.code);
  if (!check.ok) throw validationError([{ path: 'code', message: check.message }]);
  if (!input.name.trim()) throw validationError([{ path: 'name', message: '団体名を入力してください。' }]);
  if (await findMunicipalityByCode(db, input.code)) throw conflict(`団体コード ${input.code} は既に登録されています。`);
  const [row] = await db.insert(municipalities).values(input).returning();
  return row!;
}
