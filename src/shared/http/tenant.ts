import type { Context, MiddlewareHandler } from 'hono';
import type { Action, TenantRecord } from '../../modules/access/domain/policy.js';
import { can } from '../../modules/access/domain/policy.js';
import { findMunicipalityByCode } from '../../modules/municipalities/queries/municipalities.js';
import type { CommandContext, TenantScope } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import type { AppEnv } from './types.js';
import { clientIp, trustProxyFromEnv } from './request.js';
import { UUID_RE } from '../ids.js';

const trustProxy = trustProxyFromEnv();

/** Resolves :code to the tenant; every /api/m/:code route is scoped by it. */
export const loadTenant: MiddlewareHandler<AppEnv> = async (c, next) => {
  const code = c.req.param('code') ?? '';
  // authenticate may have set it from the session (same code, read a moment ago)
  const known = c.get('municipality') as AppEnv['Variables']['municipality'] | undefined;
  const m = known?.code === code ? known : await findMunicipalityByCode(c.get('store').db, code);
  if (!m) throw notFound(`団体コード ${code} の団体`);
  c.set('municipality', m);
  await next();
};

export function scopeOf(c: Context<AppEnv>): TenantScope {
  return { db: c.get('store').db, municipalityId: c.get('municipality').id };
}

/** Refuses unless the policy allows the actor this action on the record. */
export function authorize(c: Context<AppEnv>, action: Action, record: TenantRecord = { municipalityId: c.get('municipality').id }): void {
  if (!can(c.get('actor'), action, record)) throw forbidden();
}

/** Runs a command in one transaction: the change, its history and its audit row commit together or not at all. */
export async function inTransaction<T>(c: Context<AppEnv>, fn: (ctx: CommandContext) => Promise<T>): Promise<T> {
  const store = c.get('store');
  return store.db.transaction(async (tx) =>
    fn({ db: tx, municipalityId: c.get('municipality').id, municipalityCode: c.get('municipality').code, actor: c.get('actor'), ip: clientIp(c, trustProxy) }),
  );
}

/** What each id of a path names, for the 404 (a route may add its own names). */
const PARAM_LABELS: Record<string, string> = {
  planId: '計画',
  nodeId: '項目',
  departmentId: '組織',
  tagId: 'タグ',
  roundId: '照会',
  reportId: '報告',
  notificationId: '通知',
  userId: '職員',
};

/** An id that is not a UUID cannot exist: 404 (naming what was asked for) before it reaches a uuid column. */
export function assertIdParams(params: Record<string, string>, labels: Readonly<Record<string, string>> = {}): void {
  for (const [name, value] of Object.entries(params)) {
    if (name.endsWith('Id') && !UUID_RE.test(value)) throw notFound(labels[name] ?? PARAM_LABELS[name] ?? '対象');
  }
}

export const checkIdParams: MiddlewareHandler<AppEnv> = async (c, next) => {
  assertIdParams(c.req.param() as Record<string, string>);
  await next();
};
