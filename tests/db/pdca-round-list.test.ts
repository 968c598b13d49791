/**
 * The municipality-wide list of rounds (GET /api/m/:code/rounds) on both databases:
 * rounds of two plans newest first with their counts and days to the deadline, the
 * filters (state, several allowed; plan; fiscal year in 西暦 or 和暦), tenant isolation,
 * who may read it (the round-read policy) and Japanese messages for bad filters.
 *
 * Fixture: tests/support/pdcaFixtures.ts (行政改革大綱: R1, RQ, R2, R3 with known
 * answers) plus a DX推進計画 with one open round (D1) inserted here.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import { planNodes, plans, reports, rounds } from '../../src/db/schema.js';
import { type Actor, type Role } from '../../src/modules/access/domain/policy.js';
import { DEFAULT_PHASES } from '../../src/modules/plans/domain/plan.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type { MunicipalityRoundListDto } from '../../src/shared/api-types-pdca.js';
import { addDays, buildPdcaFixture, type PdcaFixture } from '../support/pdcaFixtures.js';
import { TestActors } from '../support/actors.js';
import { backends, openTestStore } from '../support/stores.js';

/** A DX推進計画 with two items and one open round: one report not started, one submitted. */
async function addDxPlan(store: Store, f: PdcaFixture) {
  const mid = f.municipality.id;
  const planId = randomUUID();
  const roundId = randomUUID();
  const nodes = [randomUUID(), randomUUID()];
  await store.db.insert(plans).values({
    municipalityId: mid,
    id: planId,
    kind: 'DX推進計画',
    title: 'DX推進計画',
    firstFiscalYear: 2026,
    lastFiscalYear: 2029,
    stage: '決定',
    levelNames: ['取組'],
    phases: DEFAULT_PHASES,
    sortOrder: 20,
  });
  await store.db.insert(planNodes).values(
    nodes.map((id, i) => ({ municipalityId: mid, id, planId, parentId: null, depth: 0, sortOrder: i, number: String(i + 1), title: `DX取組${i + 1}`, isAction: true, effectiveFrom: '2026-04-01' })),
  );
  await store.db.insert(rounds).values({
    municipalityId: mid,
    id: roundId,
    planId,
    label: '令和8年度上半期',
    asOfDate: '2026-09-30',
    targetFiscalYear: 2026,
    deadline: addDays(f.today, 3),
    state: 'open',
    fields: ['status', 'narrative'],
  });
  await store.db.insert(reports).values([
    { municipalityId: mid, roundId, nodeId: nodes[0]!, state: 'not_started', updatedBy: 'fixture' },
    { municipalityId: mid, roundId, nodeId: nodes[1]!, state: 'submitted', updatedBy: 'fixture' },
  ]);
  return { planId, roundId };
}

describe.each(backends())('the municipality’s list of rounds on %s', (kind) => {
  let store: Store;
  let f: PdcaFixture;
  let other: PdcaFixture;
  let dx: Awaited<ReturnType<typeof addDxPlan>>;
  let app: ReturnType<typeof createApp>;
  const actors = new TestActors();

  const get = async <T>(path: string, as?: Actor) => {
    const headers = actors.headers(as);
    const res = await app.request(path, { headers });
    return { status: res.status, body: (await res.json()) as T };
  };
  const actor = (role: Role, departmentIds: string[] = [], municipalityId: string = f.municipality.id): Actor => ({ id: `${role}-${departmentIds.join()}`, name: role, role, municipalityId, departmentIds });
  const list = (qs = '', as: Actor = actor('secretariat')) => get<MunicipalityRoundListDto>(`/api/m/${f.municipality.code}/rounds${qs}`, as);
  const labels = (b: MunicipalityRoundListDto) => b.items.map((r) => r.label);

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildPdcaFixture(store, '一覧市');
    other = await buildPdcaFixture(store, '隣の市');
    dx = await addDxPlan(store, f);
    app = createApp({ store, resolveActor: actors.resolveActor });
  });
  afterAll(() => store.close());

  it('lists the rounds of both plans newest first, with plan, labels, deadline and report counts', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(labels(res.body)).toEqual(['令和8年度実績', '令和8年度上半期', '令和7年度実績', '令和7年度第2四半期', '令和6年度実績']);
    expect(res.body.items.map((r) => r.plan.title)).toEqual(['一覧市 第6次行政改革大綱', 'DX推進計画', '一覧市 第6次行政改革大綱', '一覧市 第6次行政改革大綱', '一覧市 第6次行政改革大綱']);
    expect(res.body.today).toBe(f.today);
    expect(res.body.filter).toEqual({ states: [], planId: null, fiscalYear: null });

    const byId = new Map(res.body.items.map((r) => [r.id, r]));
    expect(byId.get(f.rounds.R2)).toMatchObject({
      planId: f.planId,
      plan: { id: f.planId, title: '一覧市 第6次行政改革大綱' },
      state: 'open',
      stateLabel: '照会中',
      targetFiscalYear: 2025,
      targetFiscalYearLabel: '令和7年度',
      asOfDate: '2026-03-31',
      deadline: f.deadline,
      deadlineStatus: { date: f.deadline, daysLeft: 7, overdue: false, text: 'あと7日' },
      previousRoundLabel: '令和6年度実績',
      counts: { total: 6, not_started: 0, draft: 1, submitted: 1, returned: 1, approved: 1, accepted: 2 },
      submitted: 4,
    });
    expect(byId.get(dx.roundId)).toMatchObject({
      plan: { id: dx.planId, title: 'DX推進計画' },
      stateLabel: '照会中',
      targetFiscalYearLabel: '令和8年度',
      deadlineStatus: { daysLeft: 3, text: 'あと3日' },
      counts: { total: 2, not_started: 1, submitted: 1 },
      submitted: 1,
    });
    expect(byId.get(f.rounds.R1)).toMatchObject({ stateLabel: '締切済み', counts: { total: 6, accepted: 5, submitted: 1 }, submitted: 6, deadlineStatus: { overdue: true } });
    expect(byId.get(f.rounds.R1)!.deadlineStatus.text).toMatch(/^\d+日超過$/);
    expect(byId.get(f.rounds.R3)).toMatchObject({ state: 'draft', stateLabel: '準備中', counts: { total: 0 }, submitted: 0, previousRoundLabel: '令和7年度実績' });

    expect(res.body.choices.plans).toEqual([
      { id: f.planId, title: '一覧市 第6次行政改革大綱' },
      { id: dx.planId, title: 'DX推進計画' },
    ]);
    expect(res.body.choices.fiscalYears).toEqual([
      { year: 2026, label: '令和8年度', short: 'R8' },
      { year: 2025, label: '令和7年度', short: 'R7' },
      { year: 2024, label: '令和6年度', short: 'R6' },
    ]);
  });

  it('never shows another municipality’s rounds, plans or figures', async () => {
    const mine = await list();
    const theirs = new Set<string>(Object.values(other.rounds));
    expect(mine.body.items.some((r) => theirs.has(r.id))).toBe(false);
    expect(mine.body.choices.plans.map((p) => p.id)).not.toContain(other.planId);

    // their list holds their four rounds only, with their own counts
    const res = await get<MunicipalityRoundListDto>(`/api/m/${other.municipality.code}/rounds`, actor('secretariat', [], other.municipality.id));
    expect(res.status).toBe(200);
    expect(res.body.items.map((r) => r.id).sort()).toEqual([...theirs].sort());
    expect(res.body.items.find((r) => r.id === other.rounds.R2)!.counts.total).toBe(6);

    // their plan as a filter here: not found, as on a plan's own list
    const cross = await get<ApiErrorBody>(`/api/m/${f.municipality.code}/rounds?planId=${other.planId}`, actor('secretariat'));
    expect(cross.status).toBe(404);
    expect(cross.body.error.message).toBe('計画が見つかりません。');

    // a user of another municipality: the same 404 as an unknown 団体コード
    const foreign = await get<ApiErrorBody>(`/api/m/${f.municipality.code}/rounds`, actor('secretariat', [f.departments.somu], other.municipality.id));
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.message).toBe(`団体コード ${f.municipality.code} の団体が見つかりません。`);
  });

  it('filters by state (several, repeated or comma-separated), plan and fiscal year (西暦 or 和暦)', async () => {
    expect(labels((await list('?state=open')).body)).toEqual(['令和8年度上半期', '令和7年度実績']);
    const repeated = await list('?state=closed&state=open');
    expect(labels(repeated.body)).toEqual(['令和8年度上半期', '令和7年度実績', '令和7年度第2四半期', '令和6年度実績']);
    expect(repeated.body.filter.states).toEqual(['open', 'closed']);
    expect(labels((await list('?state=open,closed,open')).body)).toEqual(labels(repeated.body));
    expect(labels((await list('?state=draft')).body)).toEqual(['令和8年度実績']);

    const dxOnly = await list(`?planId=${dx.planId}`);
    expect(labels(dxOnly.body)).toEqual(['令和8年度上半期']);
    expect(dxOnly.body.filter.planId).toBe(dx.planId);
    // the choices stay those of the whole municipality
    expect(dxOnly.body.choices.plans).toHaveLength(2);

    expect(labels((await list('?fiscalYear=2025')).body)).toEqual(['令和7年度実績', '令和7年度第2四半期']);
    const wareki = await list(`?fiscalYear=${encodeURIComponent('令和7年度')}`);
    expect(labels(wareki.body)).toEqual(['令和7年度実績', '令和7年度第2四半期']);
    expect(wareki.body.filter.fiscalYear).toBe(2025);
    expect(labels((await list('?state=closed&fiscalYear=R7')).body)).toEqual(['令和7年度第2四半期']);
    expect(labels((await list(`?state=open&planId=${f.planId}&fiscalYear=2026`)).body)).toEqual([]);
  });

  it('refuses bad filter values with a Japanese message per field', async () => {
    const res = await list(`?state=open,pending&planId=abc&fiscalYear=${encodeURIComponent('来年度')}`);
    expect(res.status).toBe(422);
    const body = res.body as unknown as ApiErrorBody;
    expect(body.error.fields).toEqual([
      { path: 'state.1', message: '照会の状態（state）は draft, open, closed のいずれかで指定してください（準備中・照会中・締切済み。複数可）。' },
      { path: 'planId', message: '計画（planId）のIDの形式が正しくありません。' },
      { path: 'fiscalYear', message: '対象年度（fiscalYear）「来年度」を年度として読み取れません（例: 2026, 令和8年度, R8）。' },
    ]);
  });

  // The round-read policy (canPlanPdca 'round.read') lets every role of the municipality read
  // every round, as GET /plans/:planId/rounds does; the list follows it, so no role of the
  // municipality is refused (403) and the only refusal is another municipality's user (404 above).
  it('is read by every role of the municipality, with the same rounds and counts', async () => {
    const { somu, zaisei } = f.departments;
    const expected = labels((await list()).body);
    const readers: Actor[] = [
      actor('viewer'),
      actor('council'),
      actor('dept_reporter', [zaisei]),
      actor('dept_approver', [somu]),
      { ...actor('system_admin'), municipalityId: null },
    ];
    for (const a of readers) {
      const res = await list('', a);
      expect(res.status, a.role).toBe(200);
      expect(labels(res.body), a.role).toEqual(expected);
      expect(res.body.items.find((r) => r.id === f.rounds.R2)!.counts.total, a.role).toBe(6);
    }
  });

  it('is described in the OpenAPI document with its filters', async () => {
    const res = await get<{ paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; responses: Record<string, { description: string }> }>> }>('/api/openapi.json');
    const op = res.body.paths['/api/m/{code}/rounds']?.get;
    expect(op).toBeDefined();
    expect(op!.parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(['state', 'planId', 'fiscalYear']);
    expect(op!.responses['200']!.description).toBe('MunicipalityRoundListDto');
  });
});
