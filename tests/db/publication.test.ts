/**
 * The publication step (公表), separate from closing: closing publishes nothing; review goes on after
 * closing until the round is published; the secretariat previews, decides on answers not accepted,
 * publishes a snapshot, corrects it (正誤) and withdraws it — version-checked and audited; open data
 * follows publication. On PGlite and PostgreSQL.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Store } from '../../src/db/client.js';
import { auditLog, kpis, kpiValues, reports, rounds } from '../../src/db/schema.js';
import type { Actor, Role } from '../../src/modules/access/domain/policy.js';
import type { OpenDataResourceDto, PublicationDto, PublicationListDto, PublicationPreviewDto } from '../../src/shared/api-types-publish.js';
import { buildPdcaFixture, type PdcaFixture } from '../support/pdcaFixtures.js';
import { TestActors } from '../support/actors.js';
import { backends, openTestStore } from '../support/stores.js';

describe.each(backends())('publication step on %s', (kind) => {
  let store: Store;
  let f: PdcaFixture;
  let other: PdcaFixture;
  let app: ReturnType<typeof createApp>;
  const actors = new TestActors();
  const actor = (role: Role, municipalityId: string, departmentIds: string[] = []): Actor => ({ id: `t-${role}`, name: `テスト ${role}`, role, municipalityId, departmentIds });
  const sec = () => actor('secretariat', f.municipality.id);
  const api = () => `/api/m/${f.municipality.code}`;
  async function call<T>(method: string, path: string, body?: unknown, as: Actor = sec()) {
    const res = await app.request(path, {
      method,
      headers: { ...actors.headers(as), 'content-type': 'application/json', 'x-requested-with': 'fetch' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status, json: json as T, text };
  }
  const page = async (path: string) => {
    const res = await app.request(path);
    return { status: res.status, html: await res.text() };
  };
  const roundVersion = async (id: string) => (await store.db.select().from(rounds).where(and(eq(rounds.municipalityId, f.municipality.id), eq(rounds.id, id))))[0]!.version;
  const report = async (key: string) => (await store.db.select().from(reports).where(and(eq(reports.municipalityId, f.municipality.id), eq(reports.id, f.reports[key]!))))[0]!;
  const preview = (roundId: string, unaccepted?: string) =>
    call<PublicationPreviewDto>('GET', `${api()}/publications/preview?kind=round&planId=${f.planId}&subjectId=${roundId}${unaccepted ? `&unaccepted=${unaccepted}` : ''}`);

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildPdcaFixture(store, '公表手続市');
    other = await buildPdcaFixture(store, '別の公表手続市');
    app = createApp({ store, resolveActor: actors.resolveActor });
  });
  afterAll(() => store.close());

  it('closing publishes nothing; the secretariat can still approve and accept until it publishes', async () => {
    const closed = await call('POST', `${api()}/rounds/${f.rounds.R2}/close`, { version: await roundVersion(f.rounds.R2) });
    expect(closed.status).toBe(200);
    expect((await page(`/m/${f.municipality.code}/progress/${f.rounds.R2}`)).status).toBe(404);
    const progress = await call<OpenDataResourceDto>('GET', `/api/public/m/${f.municipality.code}/opendata/progress.json`);
    expect(progress.json.records.some((r) => r.round_id === f.rounds.R2)).toBe(false);

    // R2.A2 was approved by its head: accepted after the deadline
    const a2 = await report('R2.A2');
    const accepted = await call('POST', `${api()}/reports/${a2.id}/transitions`, { action: 'accept', version: a2.version });
    expect(accepted.status).toBe(200);
    // a department cannot write any more
    const a4 = await report('R2.A4');
    const saved = await call<{ error: { message: string } }>('PATCH', `${api()}/reports/${a4.id}`, { version: a4.version, narrative: '締切後の書き込み' }, actor('dept_reporter', f.municipality.id, [f.departments.somu]));
    expect(saved.status).toBe(409);
  });

  it('previews with the answers not accepted counted by state, and asks for a decision about them', async () => {
    const p = await preview(f.rounds.R2);
    expect(p.status).toBe(200);
    expect(p.json.problems).toEqual([]);
    expect(p.json.expectedSeq).toBe(0);
    expect(p.json.correctionRequired).toBe(false);
    // A1 submitted, A4 draft, A5 returned (A2 accepted just now; A3, A7 accepted)
    expect(p.json.unaccepted.count).toBe(3);
    expect(Object.fromEntries(p.json.unaccepted.byState.map((s) => [s.state, s.count]))).toEqual({ submitted: 1, draft: 1, returned: 1 });
    const html = await call('GET', p.json.previewPath);
    expect(html.status).toBe(200);
    expect(html.text).toContain('プレビュー（まだ公表していません）');
    expect(html.text).toContain('使用料を改定し、令和7年10月から施行した');
    // not public: citizens and other roles cannot preview
    expect((await call('GET', p.json.previewPath, undefined, actor('dept_approver', f.municipality.id, [f.departments.somu]))).status).toBe(403);
    expect((await call('GET', p.json.previewPath, undefined, actor('secretariat', other.municipality.id))).status).toBe(404);

    const refused = await call<{ error: { message: string; fields: { path: string; message: string }[] } }>('POST', `${api()}/publications`, {
      kind: 'round',
      planId: f.planId,
      subjectId: f.rounds.R2,
      expectedSeq: 0,
    });
    expect(refused.status).toBe(422);
    expect(refused.json.error.fields[0]).toMatchObject({ path: 'unaccepted' });
    expect(refused.json.error.message).toContain('確認していない回答が3件');
  });

  it('publishes a snapshot: excluded rows stay out, later edits change nothing, and accepting is over', async () => {
    const pub = await call<PublicationDto>('POST', `${api()}/publications`, { kind: 'round', planId: f.planId, subjectId: f.rounds.R2, expectedSeq: 0, unaccepted: 'exclude', reason: '推進本部会議で報告' });
    expect(pub.status).toBe(201);
    expect(pub.json).toMatchObject({ seq: 1, state: 'published', unaccepted: 'exclude', unacceptedCount: 3, publicPath: `/m/${f.municipality.code}/progress/${f.rounds.R2}` });
    const shown = await page(pub.json.publicPath);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('使用料を改定し、令和7年10月から施行した');
    expect(shown.html).toContain('公表日');
    // the excluded items (A1, A4, A5) are not rows of the table
    const itemTitles = await store.db.select().from(reports).where(and(eq(reports.municipalityId, f.municipality.id), eq(reports.roundId, f.rounds.R2)));
    expect(itemTitles.length).toBeGreaterThan(0);
    const json = await call<OpenDataResourceDto>('GET', `/api/public/m/${f.municipality.code}/opendata/progress.json`);
    const r2 = json.json.records.filter((r) => r.round_id === f.rounds.R2);
    expect(r2.map((r) => r.node_id).sort()).toEqual([f.nodes.A2, f.nodes.A3, f.nodes.A7].sort());
    for (const r of r2) expect(r.published_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // after publication: no more acceptance (the published snapshot would disagree)
    const a3 = await report('R2.A3');
    const reopened = await call<{ error: { message: string } }>('POST', `${api()}/reports/${a3.id}/transitions`, { action: 'reopen', version: a3.version });
    expect(reopened.status).toBe(409);
    expect(reopened.json.error.message).toContain('公表しました');

    // an edit behind the publication's back does not reach citizens
    await store.db.update(reports).set({ narrative: '公表後に書き換えた文' }).where(and(eq(reports.municipalityId, f.municipality.id), eq(reports.id, a3.id)));
    expect((await page(pub.json.publicPath)).html).not.toContain('公表後に書き換えた文');
    const again = await call<OpenDataResourceDto>('GET', `/api/public/m/${f.municipality.code}/opendata/progress.json`);
    expect(JSON.stringify(again.json)).not.toContain('公表後に書き換えた文');
  });

  it('corrects a publication only with a 正誤, shows what changed, and refuses a stale version', async () => {
    const p = await preview(f.rounds.R2, 'exclude');
    expect(p.json.correctionRequired).toBe(true);
    expect(p.json.expectedSeq).toBe(1);
    // the narrative changed since: the preview says where
    expect(p.json.changes.some((c) => c.after.includes('公表後に書き換えた文'))).toBe(true);
    const body = { kind: 'round', planId: f.planId, subjectId: f.rounds.R2, expectedSeq: 1, unaccepted: 'exclude' };
    const noNote = await call<{ error: { fields: { path: string }[] } }>('POST', `${api()}/publications`, body);
    expect(noNote.status).toBe(422);
    expect(noNote.json.error.fields.map((x) => x.path)).toContain('correction');
    const stale = await call<{ error: { message: string } }>('POST', `${api()}/publications`, { ...body, expectedSeq: 0, correction: '取組内容を訂正' });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('他の人が');
    const fixed = await call<PublicationDto>('POST', `${api()}/publications`, { ...body, correction: '整理番号A3の取組内容を訂正しました' });
    expect(fixed.status).toBe(201);
    expect(fixed.json).toMatchObject({ seq: 2, state: 'published', correction: '整理番号A3の取組内容を訂正しました' });
    expect(fixed.json.changes.length).toBeGreaterThan(0);
    const shown = await page(fixed.json.publicPath);
    expect(shown.html).toContain('正誤');
    expect(shown.html).toContain('整理番号A3の取組内容を訂正しました');
    expect(shown.html).toContain('公表後に書き換えた文');
    const list = await call<PublicationListDto>('GET', `${api()}/publications`);
    expect(list.json.history.filter((h) => h.subjectId === f.rounds.R2).map((h) => [h.seq, h.state])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
    expect(list.json.subjects.find((s) => s.subjectId === f.rounds.R2)!.latest).toMatchObject({ seq: 2, state: 'published' });
  });

  it('withdraws with a reason: the page and open data drop it, and every step is audited', async () => {
    const list = await call<PublicationListDto>('GET', `${api()}/publications`);
    const current = list.json.history.find((h) => h.subjectId === f.rounds.R2 && h.state === 'published')!;
    const noReason = await call<{ error: { fields: { path: string }[] } }>('POST', `${api()}/publications/${current.id}/withdraw`, { expectedSeq: current.seq, reason: ' ' });
    expect(noReason.status).toBe(422);
    const done = await call<PublicationDto>('POST', `${api()}/publications/${current.id}/withdraw`, { expectedSeq: current.seq, reason: '誤った内容が含まれていたため' });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ state: 'withdrawn', withdrawReason: '誤った内容が含まれていたため' });
    expect((await page(current.publicPath)).status).toBe(404);
    const json = await call<OpenDataResourceDto>('GET', `/api/public/m/${f.municipality.code}/opendata/progress.json`);
    expect(json.json.records.some((r) => r.round_id === f.rounds.R2)).toBe(false);
    expect((await call('POST', `${api()}/publications/${current.id}/withdraw`, { expectedSeq: current.seq, reason: '二度目' })).status).toBe(409);
    // withdrawn: the round is in review again (accepting is possible)
    const a1 = await report('R2.A1');
    expect((await call('POST', `${api()}/reports/${a1.id}/transitions`, { action: 'approve', version: a1.version })).status).toBe(200);
    const audit = await store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, f.municipality.id), eq(auditLog.entity, 'publication')));
    expect(audit.map((a) => a.action).sort()).toEqual(['publication.correct', 'publication.publish', 'publication.withdraw']);
  });

  it('only the secretariat publishes; another municipality is told nothing exists', async () => {
    const body = { kind: 'round', planId: f.planId, subjectId: f.rounds.R1, expectedSeq: 0, unaccepted: 'no_answer' };
    expect((await call('POST', `${api()}/publications`, body, actor('dept_approver', f.municipality.id, [f.departments.somu]))).status).toBe(403);
    expect((await call('POST', `${api()}/publications`, body, actor('viewer', f.municipality.id))).status).toBe(403);
    expect((await call('GET', `${api()}/publications`, undefined, actor('council', f.municipality.id))).status).toBe(403);
    expect((await call('POST', `${api()}/publications`, body, actor('secretariat', other.municipality.id))).status).toBe(404);
    // another municipality's round under this municipality's address
    expect((await call('POST', `${api()}/publications`, { ...body, subjectId: other.rounds.R1 })).status).toBe(404);
    // an open or draft round cannot be published
    const draft = await call<{ error: { message: string } }>('POST', `${api()}/publications`, { ...body, subjectId: f.rounds.R3 });
    expect(draft.status).toBe(409);
    expect(draft.json.error.message).toContain('締め切った照会');
    const bad = await call<{ error: { fields: { path: string; message: string }[] } }>('POST', `${api()}/publications`, { ...body, kind: 'everything' });
    expect(bad.status).toBe(422);
    expect(bad.json.error.fields[0]!.message).toContain('round・kpi_values・fiscal_table');
  });

  it('KPI values reach open data only when their year is published, as published', async () => {
    const m = f.municipality.id;
    const [kpi] = await store.db
      .insert(kpis)
      .values({ municipalityId: m, planId: f.planId, category: '数値目標', number: '1', name: '電子申請の利用率', unit: '%', scale: 1, bound: 'at_least', baselineFiscalYear: 2024, baselineValue: 200, targetFiscalYear: 2027, targetValue: 600, sortOrder: 0 })
      .returning();
    await store.db.insert(kpiValues).values({ municipalityId: m, kpiId: kpi!.id, fiscalYear: 2025, kind: 'actual', value: 345, recordedBy: 'テスト' });
    const od = `/api/public/m/${f.municipality.code}/opendata/kpis.json`;
    expect((await call<OpenDataResourceDto>('GET', od)).json.records).toHaveLength(0);
    const p = await call<PublicationPreviewDto>('GET', `${api()}/publications/preview?kind=kpi_values&planId=${f.planId}&subjectId=${f.planId}&fiscalYear=2025`);
    expect(p.status).toBe(200);
    expect(p.json.title).toContain('令和7年度');
    const pub = await call<PublicationDto>('POST', `${api()}/publications`, { kind: 'kpi_values', planId: f.planId, subjectId: f.planId, fiscalYear: 2025, expectedSeq: 0 });
    expect(pub.status).toBe(201);
    await store.db.update(kpiValues).set({ value: 999 }).where(and(eq(kpiValues.municipalityId, m), eq(kpiValues.kpiId, kpi!.id)));
    const rows = (await call<OpenDataResourceDto>('GET', od)).json.records;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: '電子申請の利用率', fiscal_year: 2025, actual_value: '34.5', target_value: '60.0' });
    expect(rows[0]!.published_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // the year needs saying
    expect((await call('POST', `${api()}/publications`, { kind: 'kpi_values', planId: f.planId, subjectId: f.planId, expectedSeq: 0 })).status).toBe(422);
  });
});
