/**
 * /api/m/:code/onboarding/*: the organisation and staff CSV imports (dry run or commit, all or
 * nothing), their templates, and re-issuing an activation code. See docs/operations/onboarding-api.md.
 */
import { Hono, type Context } from 'hono';
import type { ActivationReissueDto } from '../../../shared/api-types-onboarding.js';
import { validationError } from '../../../shared/errors.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { assertIdParams, authorize, inTransaction, scopeOf } from '../../../shared/http/tenant.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { reissueActivationCode } from '../../identity/commands/activation.js';
import { commitDepartmentImport, dryRunDepartmentImport } from '../commands/importDepartments.js';
import { commitUserImport, dryRunUserImport } from '../commands/importUsers.js';
import { DEPARTMENT_COLUMNS } from '../domain/departmentRows.js';
import { activationCsv } from '../domain/result.js';
import { USER_COLUMNS } from '../domain/userRows.js';
import { readCsvTable } from '../parsers/readCsv.js';
import { guardFormula } from '../../../shared/formulaGuard.js';

async function upload(c: Context<AppEnv>) {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('multipart/form-data'))
    throw validationError([{ path: 'file', message: 'CSVファイルを multipart/form-data の「file」で送ってください。' }]);
  const form = await c.req.parseBody();
  const file = form['file'];
  if (!(file instanceof File)) throw validationError([{ path: 'file', message: '取り込むCSVファイルを選んでください。' }]);
  const basis = typeof form['basis'] === 'string' && form['basis'] ? form['basis'] : undefined;
  const table = readCsvTable(new Uint8Array(await file.arrayBuffer()), file.name || 'アップロードしたファイル');
  return { table, basis };
}

const isDryRun = (c: Context<AppEnv>) => ['1', 'true'].includes(c.req.query('dryRun') ?? '');

const template = (c: Context<AppEnv>, name: string, headings: string[], example: string[]) => {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
  return c.body(`\ufeff${headings.map(guardFormula).join(',')}\r\n${example.map(guardFormula).join(',')}\r\n`);
};

export function onboardingRoutes() {
  const r = new Hono<AppEnv>();
  const tag = '導入（組織・職員の取り込み）';
  const BASE = '/api/m/:code';

  describeRoute({ method: 'post', path: `${BASE}/onboarding/departments/import`, summary: '組織CSVの取り込み（?dryRun=1 で確認のみ。誤りが1行でもあれば何も登録しない）', tag, response: 'ImportResultDto' });
  r.post('/onboarding/departments/import', async (c) => {
    authorize(c, 'onboarding.import');
    const { table, basis } = await upload(c);
    if (isDryRun(c)) return c.json(await dryRunDepartmentImport(scopeOf(c), table));
    return c.json(await inTransaction(c, (ctx) => commitDepartmentImport(ctx, table, basis)));
  });

  describeRoute({ method: 'post', path: `${BASE}/onboarding/users/import`, summary: '職員CSVの取り込み（?dryRun=1 で確認のみ。新規の職員には有効化コードを一度だけ返す）', tag, response: 'UserImportResultDto' });
  r.post('/onboarding/users/import', async (c) => {
    authorize(c, 'onboarding.import');
    const { table, basis } = await upload(c);
    if (isDryRun(c)) return c.json(await dryRunUserImport(scopeOf(c), c.get('actor'), table));
    return c.json(await inTransaction(c, (ctx) => commitUserImport(ctx, table, basis)));
  });

  describeRoute({ method: 'get', path: `${BASE}/onboarding/departments/template.csv`, summary: '組織CSVのテンプレート', tag });
  r.get('/onboarding/departments/template.csv', (c) => {
    authorize(c, 'onboarding.import');
    return template(c, '組織テンプレート.csv', DEPARTMENT_COLUMNS.map((s) => s.heading), ['100', '総務部', '部', '', '2026-04-01', '', '', '1']);
  });

  describeRoute({ method: 'get', path: `${BASE}/onboarding/users/template.csv`, summary: '職員CSVのテンプレート（パスワードの列はありません）', tag });
  r.get('/onboarding/users/template.csv', (c) => {
    authorize(c, 'onboarding.import');
    return template(c, '職員テンプレート.csv', USER_COLUMNS.map((s) => s.heading), ['soumu01', '総務 太郎', 'soumu01@example.lg.jp', '担当課 報告者', '110', '']);
  });

  describeRoute({ method: 'post', path: `${BASE}/users/:userId/activation`, summary: '有効化コードの再発行（前のコードは使えなくなる。一度だけ表示）', tag, response: 'ActivationReissueDto' });
  r.post('/users/:userId/activation', async (c) => {
    assertIdParams({ userId: c.req.param('userId') });
    const issued = await inTransaction(c, (ctx) => reissueActivationCode(ctx, c.req.param('userId')));
    const dto = { userId: issued.userId, loginId: issued.loginId, name: issued.name, code: issued.code, expiresAt: issued.expiresAt.toISOString() };
    return c.json({ ...dto, activationCsv: activationCsv(c.get('municipality').code, [dto]) } satisfies ActivationReissueDto);
  });

  return r;
}
