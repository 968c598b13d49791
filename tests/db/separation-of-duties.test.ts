/**
 * 職務の分離 over HTTP, on both databases: the one who wrote or submitted a report last does not
 * approve it (403 naming who must), the report view says why 承認 is not offered, the secretariat's
 * edits of a department's report are credited to the secretariat in its history, and a municipality
 * may allow 自己承認 — set by a system administrator only, audited, and each self-approval recorded
 * as such in the audit log.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Store } from '../../src/db/client.js';
import { auditLog, departments, nodeDepartments, planNodes, plans, reportEvents, reports, rounds, statusLegends } from '../../src/db/schema.js';
import type { Actor, Role } from '../../src/modules/access/domain/policy.js';
import { presetByKey } from '../../src/modules/pdca/domain/legend.js';
import { DEFAULT_PHASES } from '../../src/modules/plans/domain/plan.js';
import type { ReportChangeDto, ReportDetailDto } from '../../src/shared/api-types-pdca.js';
import type { MunicipalitySettingsDto } from '../../src/shared/api-types.js';
import { backends, createTestMunicipality, openTestStore } from '../support/stores.js';

describe.each(backends())('separation of duties on %s', (kind) => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let mid: string;
  let code: string;
  const reportOf: Record<string, string> = {};
  const actors = new Map<string, Actor>();

  async function call<T>(method: string, path: string, who: string, body?: unknown) {
    const res = await app.request(`/api/m/${code}${path}`, {
      method,
      headers: { 'x-test-actor': who, 'x-requested-with': 'gyokaku', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T & { error: { code: string; message: string } } };
  }
  const save = (key: string, who: string, version: number, narrative: string) =>
    call<ReportChangeDto>('PATCH', `/reports/${reportOf[key]}`, who, { version, statusCode: 'done', narrative });
  const act = (key: string, who: string, version: number, action: string) => call<ReportChangeDto>('POST', `/reports/${reportOf[key]}/transitions`, who, { action, version });
  const detail = (key: string, who: string) => call<ReportDetailDto>('GET', `/reports/${reportOf[key]}`, who);

  beforeAll(async () => {
    store = await openTestStore(kind);
    const db = store.db;
    const m = await createTestMunicipality(db, '分離市');
    mid = m.id;
    code = m.code;
    const dept = randomUUID();
    await db.insert(departments).values({ municipalityId: mid, id: dept, name: '財政課', kind: '課', sortOrder: 1 });
    const planId = randomUUID();
    await db.insert(plans).values({ municipalityId: mid, id: planId, kind: '行政改革大綱', title: '分離市 大綱', firstFiscalYear: 2024, lastFiscalYear: 2027, stage: '決定', levelNames: ['実施項目'], phases: DEFAULT_PHASES });
    await db.insert(statusLegends).values({ municipalityId: mid, planId, axis: 'status', name: '取組状況', values: presetByKey('maru-sankaku')!.values });
    const roundId = randomUUID();
    await db.insert(rounds).values({ municipalityId: mid, id: roundId, planId, label: '令和7年度実績', asOfDate: '2026-03-31', targetFiscalYear: 2025, deadline: '2099-05-31', state: 'open', fields: ['status', 'narrative'] });
    for (const [i, key] of ['kacho', 'secretariat', 'self', 'legacy'].entries()) {
      const nodeId = randomUUID();
      await db.insert(planNodes).values({ municipalityId: mid, id: nodeId, planId, parentId: null, depth: 0, sortOrder: i, number: String(i + 1), title: `項目${i + 1}`, isAction: true, effectiveFrom: '2024-04-01' });
      await db.insert(nodeDepartments).values({ municipalityId: mid, nodeId, departmentId: dept, isLead: true, sortOrder: 0 });
      reportOf[key] = randomUUID();
      await db.insert(reports).values({ municipalityId: mid, id: reportOf[key], roundId, nodeId });
    }
    const add = (id: string, name: string, role: Role, departmentIds: string[] = []) =>
      actors.set(id, { id, name, role, municipalityId: role === 'system_admin' ? null : mid, departmentIds });
    add('kacho', '財政 課長', 'dept_approver', [dept]);
    add('kacho2', '財政 課長補佐', 'dept_approver', [dept]);
    add('tanto', '財政 担当', 'dept_reporter', [dept]);
    add('jimu', '行革 事務局', 'secretariat');
    add('admin', 'システム 管理者', 'system_admin');
    add('council', '審議会 委員', 'council');
    app = createApp({ store, resolveActor: (req) => actors.get(req.headers.get('x-test-actor') ?? '')! });
  }, 60_000);
  afterAll(() => store.close());

  it('the 課長 who wrote and submitted a report cannot approve it; another approver can', async () => {
    const s1 = await save('kacho', 'kacho', 1, '課長が書いた実績');
    expect(s1.status).toBe(200);
    const sub = await act('kacho', 'kacho', s1.body.report.version, 'submit');
    expect(sub.status).toBe(200);
    expect(sub.body.report.lastWriter).toBe('kacho:財政 課長');
    // the answer to the submit already says 承認 is not offered, and why
    expect(sub.body.allowedActions).not.toContain('approve');
    expect(sub.body.approvalNote).toMatch(/職務の分離/);

    const view = await detail('kacho', 'kacho');
    expect(view.body.allowedActions).not.toContain('approve');
    expect(view.body.approvalNote).toContain('財政課の別の承認者');

    const own = await act('kacho', 'kacho', sub.body.report.version, 'approve');
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('self_approval');
    expect(own.body.error.message).toContain('財政 課長さん');
    expect(own.body.error.message).toContain('財政課の別の承認者（課長など）か事務局が承認してください');
    expect((await store.db.select().from(reports).where(eq(reports.id, reportOf.kacho!)))[0]!.state).toBe('submitted');

    const other = await detail('kacho', 'kacho2');
    expect(other.body.allowedActions).toContain('approve');
    expect(other.body.approvalNote).toBeNull();
    const ok = await act('kacho', 'kacho2', sub.body.report.version, 'approve');
    expect(ok.status).toBe(200);
    expect(ok.body.report.state).toBe('approved');
  });

  it('the secretariat’s edits are the secretariat’s in the history, and it cannot approve what it submitted', async () => {
    const s1 = await save('secretariat', 'tanto', 1, '担当が書いた実績');
    const s2 = await save('secretariat', 'jimu', s1.body.report.version, '事務局が書き直した実績');
    expect(s2.status).toBe(200);
    // a save by a new hand is an event of its own, credited to who saved it
    expect(s2.body.event).toMatchObject({ actor: 'jimu:行革 事務局', action: 'save' });
    // the same person saving again adds no event (autosave)
    const s3 = await save('secretariat', 'jimu', s2.body.report.version, '事務局が書き直した実績（続き）');
    expect(s3.body.event).toBeNull();
    const sub = await act('secretariat', 'jimu', s3.body.report.version, 'submit');
    expect(sub.status).toBe(200);
    const approve = await act('secretariat', 'jimu', sub.body.report.version, 'approve');
    expect(approve.status).toBe(403);
    expect(approve.body.error.message).toContain('行革 事務局さん');

    const events = await store.db.select().from(reportEvents).where(and(eq(reportEvents.municipalityId, mid), eq(reportEvents.reportId, reportOf.secretariat!)));
    expect(events.sort((a, b) => a.seq - b.seq).map((e) => `${e.actor} ${e.action}`)).toEqual(['tanto:財政 担当 save', 'jimu:行革 事務局 save', 'jimu:行革 事務局 submit']);
    const view = await detail('secretariat', 'tanto');
    expect(view.body.events.map((e) => e.actor)).toEqual(['tanto:財政 担当', 'jimu:行革 事務局', 'jimu:行革 事務局']);
    expect(view.body.report).toMatchObject({ updatedBy: 'jimu:行革 事務局', lastWriter: 'jimu:行革 事務局' });
    // the department's approver may approve the secretariat's text
    expect((await act('secretariat', 'kacho', sub.body.report.version, 'approve')).status).toBe(200);
  });

  it('self-approval: set by a system administrator only, audited, and recorded on each approval', async () => {
    const got = await call<MunicipalitySettingsDto>('GET', '/settings', 'council');
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ allowSelfApproval: false, othersReadFrom: 'accepted', editable: false });
    const bySecretariat = await call('PUT', '/settings', 'jimu', { allowSelfApproval: true });
    expect(bySecretariat.status).toBe(403);
    expect(bySecretariat.body.error.message).toContain('システム管理者');
    expect((await call('PUT', '/settings', 'admin', { allowSelfApproval: 'yes' })).status).toBe(422);
    const set = await call<MunicipalitySettingsDto>('PUT', '/settings', 'admin', { allowSelfApproval: true });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ allowSelfApproval: true, othersReadFrom: 'accepted', editable: true });
    const [settingAudit] = await store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, mid), eq(auditLog.action, 'municipality.settings')));
    expect(settingAudit).toMatchObject({ actor: 'admin:システム 管理者', before: { allowSelfApproval: false }, after: { allowSelfApproval: true } });
    // the other setting changes on its own; an unknown value is refused by name
    const bad = await call('PUT', '/settings', 'admin', { othersReadFrom: 'draft' });
    expect(bad.status).toBe(422);
    expect((bad.body.error as { fields?: { path: string }[] }).fields?.[0]?.path).toBe('othersReadFrom');
    const open = await call<MunicipalitySettingsDto>('PUT', '/settings', 'admin', { othersReadFrom: 'submitted' });
    expect(open.body).toEqual({ allowSelfApproval: true, othersReadFrom: 'submitted', editable: true });
    await call('PUT', '/settings', 'admin', { othersReadFrom: 'accepted' });

    const s1 = await save('self', 'kacho', 1, '一人の課の実績');
    const sub = await act('self', 'kacho', s1.body.report.version, 'submit');
    expect(sub.body.allowedActions).toContain('approve');
    expect(sub.body.approvalNote).toBeNull();
    const ok = await act('self', 'kacho', sub.body.report.version, 'approve');
    expect(ok.status).toBe(200);
    const audit = await store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, mid), eq(auditLog.action, 'report.approve'), eq(auditLog.entityId, reportOf.self!)));
    expect(audit[0]!.after).toMatchObject({ state: 'approved', selfApproval: true, lastWriter: 'kacho:財政 課長' });
    // an ordinary approval is not marked
    const normal = await store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, mid), eq(auditLog.action, 'report.approve'), eq(auditLog.entityId, reportOf.kacho!)));
    expect(normal[0]!.after).not.toHaveProperty('selfApproval');

    // switched off again: refused again
    await call('PUT', '/settings', 'admin', { allowSelfApproval: false });
    const s2 = await save('legacy', 'kacho', 1, '実績');
    const sub2 = await act('legacy', 'kacho', s2.body.report.version, 'submit');
    expect((await act('legacy', 'kacho', sub2.body.report.version, 'approve')).status).toBe(403);
  });
});
