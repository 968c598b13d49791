/**
 * PDCA test support: the small plan plus a third department and item, actors of
 * every role (and of another municipality), and an app whose actor is chosen by
 * the `x-test-actor` header.
 */
import type { Store } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import { demoAdministrator, type Actor, type Role } from '../../src/modules/access/domain/policy.js';
import { createDepartment } from '../../src/modules/departments/commands/departments.js';
import { toTokyoIsoDate } from '../../src/modules/fiscal/domain/index.js';
import { createNode } from '../../src/modules/plans/commands/nodes.js';
import { buildSmallPlan } from './fixtures.js';
import { run } from './stores.js';

/** The small plan (item1: 総務課 lead + 財政課; item2: 財政課) plus 企画課 and item3 (企画課, scheduled FY2027 only). */
export async function buildPdcaPlan(store: Store, name: string) {
  const f = await buildSmallPlan(store, name);
  const extra = await run(store, f.municipality.id, async (ctx) => {
    const kikaku = await createDepartment(ctx, { name: '企画課', kind: '課' });
    const item3 = await createNode(ctx, f.plan.id, {
      parentId: f.nodes.measure.id,
      number: '3',
      title: '公共施設の再編',
      departments: [{ id: kikaku.id, lead: true }],
      schedule: { '2027': 'kento' },
    });
    return { kikaku, item3 };
  });
  return { ...f, departments: { ...f.departments, kikaku: extra.kikaku }, nodes: { ...f.nodes, item3: extra.item3 } };
}
export type PdcaPlan = Awaited<ReturnType<typeof buildPdcaPlan>>;

export function actorsFor(f: PdcaPlan, foreignMunicipalityId: string) {
  const a = (id: string, role: Role, departmentIds: string[] = [], municipalityId: string = f.municipality.id): Actor => ({
    id,
    name: id,
    role,
    municipalityId,
    departmentIds,
  });
  const { somu, zaisei, kikaku } = f.departments;
  return {
    reporterZaisei: a('財政課報告者', 'dept_reporter', [zaisei.id]),
    approverZaisei: a('財政課長', 'dept_approver', [zaisei.id]),
    reporterSomu: a('総務課報告者', 'dept_reporter', [somu.id]),
    approverSomu: a('総務課長', 'dept_approver', [somu.id]),
    reporterKikaku: a('企画課報告者', 'dept_reporter', [kikaku.id]),
    secretariat: a('事務局', 'secretariat'),
    viewer: a('幹部', 'viewer'),
    council: a('審議会委員', 'council'),
    // the secretariat of another municipality, even holding a matching department id
    foreign: a('他団体の事務局', 'secretariat', [zaisei.id], foreignMunicipalityId),
    foreignReporter: a('他団体の報告者', 'dept_reporter', [zaisei.id], foreignMunicipalityId),
  };
}
export type TestActors = ReturnType<typeof actorsFor>;
export type ActorKey = keyof TestActors | 'admin';

export function pdcaApp(store: Store, actors: TestActors) {
  const app = createApp({
    store,
    resolveActor: (req) => {
      const key = req.headers.get('x-test-actor') as keyof TestActors | null;
      return (key && actors[key]) || demoAdministrator;
    },
  });
  return async function call<T>(as: ActorKey, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (as !== 'admin') headers['x-test-actor'] = as;
    const res = await app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as T };
  };
}

/** A date `days` from today in Japan. */
export function daysFromToday(days: number): string {
  return toTokyoIsoDate(new Date(Date.now() + days * 86_400_000));
}
