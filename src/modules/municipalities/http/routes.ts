import { Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../../../db/client.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { parseInput } from '../../../shared/http/validate.js';
import { forbidden } from '../../../shared/errors.js';
import { can, canCreateMunicipality } from '../../access/domain/policy.js';
import { createMunicipality } from '../commands/createMunicipality.js';
import { presentMunicipality } from '../presenters/municipality.js';
import { listMunicipalities } from '../queries/municipalities.js';

const municipalityBody = z.object({
  code: z.string().max(6, { message: '団体コードは6桁で入力してください。' }),
  name: z.string().max(50, { message: '団体名は50文字以内にしてください。' }),
  prefecture: z.string().max(10).default(''),
});

export function municipalityRoutes() {
  const r = new Hono<AppEnv>();
  describeRoute({ method: 'get', path: '/api/municipalities', summary: '利用者が扱える団体の一覧', tag: '団体', response: 'MunicipalityDto[]' });
  r.get('/municipalities', async (c) => {
    const actor = c.get('actor');
    const rows = await listMunicipalities(c.get('store').db);
    return c.json({ items: rows.filter((m) => can(actor, 'plan.read', { municipalityId: m.id })).map(presentMunicipality) });
  });
  describeRoute({
    method: 'post',
    path: '/api/municipalities',
    summary: '団体の登録（システム管理者）。団体コードは検査数字まで検証',
    tag: '団体',
    body: municipalityBody,
    response: 'MunicipalityDto',
    status: 201,
  });
  r.post('/municipalities', async (c) => {
    const body = parseInput(municipalityBody, await c.req.json());
    if (!canCreateMunicipality(c.get('actor'))) throw forbidden();
    const row = await c.get('store').db.transaction((tx) => createMunicipality(tx as unknown as Db, c.get('actor'), body));
    return c.json(presentMunicipality(row), 201);
  });
  return r;
}
