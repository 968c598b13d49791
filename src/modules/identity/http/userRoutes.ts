/**
 * /api/m/:code/users: account administration for 事務局 (own municipality) and
 * システム管理者. Mounted in the tenant router (after loadTenant), like the other modules.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { CommandContext } from '../../../shared/context.js';
import { forbidden, notFound } from '../../../shared/errors.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { scopeOf } from '../../../shared/http/tenant.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { parseInput } from '../../../shared/http/validate.js';
import { createUser, resetUserPassword, revokeUserSessions, unlockUser, updateUser } from '../commands/users.js';
import { resetUserTotp } from '../commands/totp.js';
import { canManageUsers } from '../policies/userAdmin.js';
import { presentUser } from '../presenters/user.js';
import { activeSessionCounts, departmentsOfUsers, findUser, listUserRows } from '../queries/users.js';
import { clientIp, trustProxyFromEnv, type ProxyTrust } from './request.js';
import { passwordResetBody, userCreateBody, userPatchBody } from './schemas.js';
import { UUID_RE } from '../../../shared/ids.js';


const checkUserId: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!UUID_RE.test(c.req.param('userId') ?? '')) throw notFound('アカウント');
  await next();
};

export interface UserRoutesOptions {
  trustProxy?: ProxyTrust;
}

export function userRoutes(opts: UserRoutesOptions = {}) {
  const trustProxy = opts.trustProxy ?? trustProxyFromEnv();
  const r = new Hono<AppEnv>();
  r.use('/users/:userId', checkUserId);
  r.use('/users/:userId/*', checkUserId);
  r.use('/users', async (c, next) => {
    if (!canManageUsers(c.get('actor'), c.get('municipality').id)) throw forbidden();
    await next();
  });
  r.use('/users/*', async (c, next) => {
    if (!canManageUsers(c.get('actor'), c.get('municipality').id)) throw forbidden();
    await next();
  });

  const inTx = <T>(c: Context<AppEnv>, fn: (ctx: CommandContext) => Promise<T>): Promise<T> =>
    c.get('store').db.transaction((tx) => fn({ db: tx, municipalityId: c.get('municipality').id, actor: c.get('actor'), ip: clientIp(c, trustProxy) }));

  const userDto = async (c: Context<AppEnv>, id: string) => {
    const scope = scopeOf(c);
    const now = new Date();
    const u = await findUser(scope, id);
    if (!u) throw notFound('アカウント');
    const depts = (await departmentsOfUsers(scope, [id])).get(id) ?? [];
    const n = (await activeSessionCounts(scope, now, [id])).get(id) ?? 0;
    return presentUser(u, depts, n, now);
  };

  const tag = 'アカウント';
  const BASE = '/api/m/:code';

  describeRoute({ method: 'get', path: `${BASE}/users`, summary: 'アカウントの一覧（事務局・システム管理者）', tag, response: 'UserDto[]' });
  r.get('/users', async (c) => {
    const scope = scopeOf(c);
    const now = new Date();
    const rows = await listUserRows(scope);
    const ids = rows.map((u) => u.id);
    const depts = await departmentsOfUsers(scope, ids);
    const counts = await activeSessionCounts(scope, now);
    return c.json({ items: rows.map((u) => presentUser(u, depts.get(u.id) ?? [], counts.get(u.id) ?? 0, now)) });
  });

  describeRoute({ method: 'post', path: `${BASE}/users`, summary: 'アカウントの作成（初期パスワードを指定）', tag, body: userCreateBody, response: 'UserDto', status: 201 });
  r.post('/users', async (c) => {
    const body = parseInput(userCreateBody, await c.req.json());
    const row = await inTx(c, (ctx) => createUser(ctx, body));
    return c.json(await userDto(c, row.id), 201);
  });

  describeRoute({ method: 'get', path: `${BASE}/users/:userId`, summary: 'アカウントの詳細', tag, response: 'UserDto' });
  r.get('/users/:userId', async (c) => c.json(await userDto(c, c.req.param('userId'))));

  describeRoute({ method: 'patch', path: `${BASE}/users/:userId`, summary: 'アカウントの変更（氏名・役割・所属課・利用停止。version必須）', tag, body: userPatchBody, response: 'UserDto' });
  r.patch('/users/:userId', async (c) => {
    const body = parseInput(userPatchBody, await c.req.json());
    const id = c.req.param('userId');
    await inTx(c, (ctx) => updateUser(ctx, id, body));
    return c.json(await userDto(c, id));
  });

  describeRoute({ method: 'post', path: `${BASE}/users/:userId/password`, summary: 'パスワードの再設定（ロック解除・全セッション失効）', tag, body: passwordResetBody, response: 'UserDto' });
  r.post('/users/:userId/password', async (c) => {
    const body = parseInput(passwordResetBody, await c.req.json());
    const id = c.req.param('userId');
    await inTx(c, (ctx) => resetUserPassword(ctx, id, body.password));
    return c.json(await userDto(c, id));
  });

  describeRoute({ method: 'post', path: `${BASE}/users/:userId/unlock`, summary: 'ログイン失敗によるロックの解除', tag, response: 'UserDto' });
  r.post('/users/:userId/unlock', async (c) => {
    const id = c.req.param('userId');
    await inTx(c, (ctx) => unlockUser(ctx, id));
    return c.json(await userDto(c, id));
  });

  describeRoute({ method: 'post', path: `${BASE}/users/:userId/totp/reset`, summary: '二段階認証の解除（端末と回復コードを失ったとき。本人が登録し直す）', tag, response: 'UserDto' });
  r.post('/users/:userId/totp/reset', async (c) => {
    const id = c.req.param('userId');
    await inTx(c, (ctx) => resetUserTotp(ctx, id));
    return c.json(await userDto(c, id));
  });

  describeRoute({ method: 'post', path: `${BASE}/users/:userId/revoke-sessions`, summary: 'このアカウントの全セッションを失効', tag, response: 'RevokeSessionsDto' });
  r.post('/users/:userId/revoke-sessions', async (c) => {
    const id = c.req.param('userId');
    const revoked = await inTx(c, (ctx) => revokeUserSessions(ctx, id));
    return c.json({ revoked });
  });

  return r;
}
