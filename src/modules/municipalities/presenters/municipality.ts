import type { MunicipalityDto } from '../../../shared/api-types.js';
import type { municipalities } from '../../../db/schema.js';

export const presentMunicipality = (m: typeof municipalities.$inferSelect): MunicipalityDto => ({
  id: m.id,
  code: m.code,
  name: m.name,
  prefecture: m.prefecture,
});
