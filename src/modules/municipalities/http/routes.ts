import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Db } from '../../../db/client.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { parseInput } from '../../../shared/http/validate.js';
import { forbidden, notFound } from '../../../shared/errors.js';
import type { MunicipalitySettingsDto } from '../../../shared/api-types.js';
import { can, canChangeMunicipalitySettings, canCreateMunicipality, OTHERS_READ_FROM, type OthersReadFrom } from '../../access/domain/policy.js';
import { inTenant } from '../../pdca/policies/pdca.js';
import { updateMunicipalitySettings } from '../commands/settings.js';
import { createMunicipality } from '../commands/createMunicipality.js';
import { presentMunicipality } from '../presenters/municipality.js';
import { findMunicipalityByCode, listMunicipalities } from '../queries/municipalities.js';

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

  // ───────────── settings (mounted beside the tenant routes: the tenant is resolved here) ─────────────

  const settingsBody = z.object({
    allowSelfApproval: z.boolean({ message: '自己承認を認めるか（allowSelfApproval）は true か false で指定してください。' }).optional(),
    othersReadFrom: z
      .enum(OTHERS_READ_FROM as [OthersReadFrom, ...OthersReadFrom[]], {
        message: '他課の回答を見られる時点（othersReadFrom）は accepted（事務局の確認後）か submitted（提出後）で指定してください。',
      })
      .optional(),
  });
  /** The municipality of the path, as the tenant routes answer it: unknown or another municipality's → 404. */
  const tenantOf = async (c: Context<AppEnv>) => {
    const code = c.req.param('code') ?? '';
    const m = await findMunicipalityByCode(c.get('store').db, code);
    if (!m || !inTenant(c.get('actor'), { municipalityId: m.id })) throw notFound(`団体コード ${code} の団体`);
    return m;
  };
  const presentSettings = (m: { allowSelfApproval: boolean; othersReadFrom: string }, actor: AppEnv['Variables']['actor']): MunicipalitySettingsDto => ({
    allowSelfApproval: m.allowSelfApproval,
    othersReadFrom: m.othersReadFrom === 'submitted' ? 'submitted' : 'accepted',
    editable: canChangeMunicipalitySettings(actor),
  });

  describeRoute({ method: 'get', path: '/api/m/:code/settings', summary: '団体の設定（自己承認を認めるか、他課の回答を見られる時点）', tag: '団体', response: 'MunicipalitySettingsDto' });
  r.get('/m/:code/settings', async (c) => {
    const m = await tenantOf(c);
    return c.json(presentSettings(m, c.get('actor')));
  });

  describeRoute({
    method: 'put',
    path: '/api/m/:code/settings',
    summary: '団体の設定の変更（システム管理者）。自己承認を認めると、報告を最後に作成・提出した人も承認できる（承認の監査記録に自己承認と残る）。othersReadFrom=submitted で、担当課は他課の回答を提出後から見られる（既定は事務局の確認後）',
    tag: '団体',
    body: settingsBody,
    response: 'MunicipalitySettingsDto',
  });
  r.put('/m/:code/settings', async (c) => {
    const body = parseInput(settingsBody, await c.req.json());
    const m = await tenantOf(c);
    if (!canChangeMunicipalitySettings(c.get('actor'))) throw forbidden('団体の設定（自己承認など）はシステム管理者が変更します。');
    const row = await c.get('store').db.transaction((tx) => updateMunicipalitySettings(tx as unknown as Db, c.get('actor'), m.id, body));
    return c.json(presentSettings(row, c.get('actor')));
  });
  return r;
}
