import { Hono } from 'hono';
import type { AppEnv } from '../../../shared/http/types.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { can } from '../../access/domain/policy.js';
import { presentMunicipality } from '../presenters/municipality.js';
import { listMunicipalities } from '../queries/municipalities.js';

export function municipalityRoutes() {
  const r = new Hono<AppEnv>();
  describeRoute({ method: 'get', path: '/api/municipalities', summary: '利用者が扱える団体の一覧', tag: '団体', response: 'MunicipalityDto[]' });
  r.get('/municipalities', async (c) => {
    const actor = c.get('actor');
    const rows = await listMunicipalities(c.get('store').db);
    return c.json({ items: rows.filter((m) => can(actor, 'plan.read', { municipalityId: m.id })).map(presentMunicipality) });
  });
  return r;
}
