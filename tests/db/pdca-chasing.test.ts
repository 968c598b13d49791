/**
 * Chasing on both databases: the missing list, reminders (notifications, mail
 * outbox, audit — one transaction), mail delivery to a local capture SMTP
 * server, notifications and the deadline calendar. Never a real mail server.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../src/db/client.js';
import { auditLog, emailOutbox, notifications, rounds } from '../../src/db/schema.js';
import { createApp } from '../../src/app.js';
import { type Actor } from '../../src/modules/access/domain/policy.js';
import { auditTestHook } from '../../src/modules/audit/commands/recordAudit.js';
import { formatWarekiDate } from '../../src/modules/fiscal/domain/index.js';
import type { SmtpConfig } from '../../src/modules/pdca/chasing/mail/config.js';
import { parseMailbox } from '../../src/modules/pdca/chasing/mail/message.js';
import { CLAIM_LEASE_MS, RETRY_DELAYS_MINUTES } from '../../src/modules/pdca/chasing/domain/delivery.js';
import { claimPending, deliverPending, deliveriesIdle, MAX_ATTEMPTS, municipalitiesWithMailDue } from '../../src/modules/pdca/chasing/mail/outbox.js';
import { sendMessages } from '../../src/modules/pdca/chasing/mail/smtp.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type { CalendarDto, MissingDto, NotificationDto, NotificationListDto, ReminderResultDto } from '../../src/shared/api-types-views.js';
import { addDays, buildPdcaFixture, type PdcaFixture } from '../support/pdcaFixtures.js';
import { parseCapturedMail, startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';
import { TestActors } from '../support/actors.js';
import { backends, openTestStore } from '../support/stores.js';

const SMTP_KEYS = ['SMTP_HOST', 'SMTP_PORT', 'SMTP_FROM', 'SMTP_USER', 'SMTP_PASS', 'SMTP_TLS'] as const;
function setSmtpEnv(values: Partial<Record<(typeof SMTP_KEYS)[number], string>>) {
  for (const k of SMTP_KEYS) delete process.env[k];
  Object.assign(process.env, values);
}

describe.each(backends())('PDCA chasing on %s', (kind) => {
  let store: Store;
  let f: PdcaFixture;
  let other: PdcaFixture;
  let app: ReturnType<typeof createApp>;
  const actors = new TestActors();

  const call = async <T>(method: string, p: string, opts: { as?: Actor; body?: unknown } = {}) => {
    const headers = { 'content-type': 'application/json', ...actors.headers(opts.as) };
    const res = await app.request(p, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    return { status: res.status, body: (await res.json()) as T };
  };
  const names = (fx: PdcaFixture, ids: string[]) => ids.map((id) => Object.entries(fx.nodes).find(([, v]) => v === id)?.[0] ?? id);
  const userNames = (fx: PdcaFixture, ids: string[]) => ids.map((id) => Object.entries(fx.users).find(([, v]) => v === id)?.[0] ?? id);
  const as = (fx: PdcaFixture, role: Actor['role'], departmentIds: string[] = [], id: string = fx.users.aoki): Actor => ({ id, name: 'テスト', role, municipalityId: fx.municipality.id, departmentIds });
  const notificationsOf = (fx: PdcaFixture) => store.db.select().from(notifications).where(eq(notifications.municipalityId, fx.municipality.id));
  const outboxOf = (fx: PdcaFixture) => store.db.select().from(emailOutbox).where(eq(emailOutbox.municipalityId, fx.municipality.id));
  const remindAudits = (fx: PdcaFixture) =>
    store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, fx.municipality.id), eq(auditLog.action, 'round.remind')));

  beforeAll(async () => {
    setSmtpEnv({});
    store = await openTestStore(kind);
    f = await buildPdcaFixture(store, '督促市');
    other = await buildPdcaFixture(store, '隣の市');
    app = createApp({ store, resolveActor: actors.resolveActor });
  });
  afterEach(() => setSmtpEnv({}));
  afterAll(() => store.close());

  it('lists who has not submitted, per department and per person, with the days left in Japan', async () => {
    const r = await call<MissingDto>('GET', `/api/m/${f.municipality.code}/rounds/${f.rounds.R2}/missing`);
    expect(r.status).toBe(200);
    expect(r.body.deadline).toMatchObject({ date: f.deadline, daysLeft: 7, overdue: false, text: 'あと7日' });
    expect(names(f, r.body.total.nodeIds)).toEqual(['A4', 'A5', 'A8']);
    expect(r.body.departments.map((d) => [d.department?.name, names(f, d.missing.nodeIds), d.items.map((i) => i.stateLabel), userNames(f, d.userIds)])).toEqual([
      ['総務課', ['A4'], ['作成中'], ['aoki', 'inoue', 'kudo']],
      ['財政課', ['A5'], ['差戻し'], ['ueda', 'kudo']],
      ['企画課', ['A8'], ['未着手（報告なし）'], []],
    ]);
    expect(r.body.peopleScope).toBe('all');
    // enabled reporters/approvers only: not the viewer, the secretariat, the disabled reporter or 会計課 (nothing missing)
    expect(r.body.people.map((p) => [userNames(f, [p.userId])[0], p.roleLabel, p.hasEmail, p.departments.map((d) => d.name), names(f, p.missing.nodeIds)])).toEqual([
      ['aoki', '担当課 報告者', true, ['総務課'], ['A4']],
      ['inoue', '担当課 承認者', true, ['総務課'], ['A4']],
      ['ueda', '担当課 報告者', false, ['財政課'], ['A5']],
      ['kudo', '担当課 承認者', true, ['総務課', '財政課'], ['A4', 'A5']],
    ]);
    expect(r.body.nodes.map((n) => n.number)).toEqual(['5', '6', '8']);
  });

  it('shows a 担当課 user the per-person list of their own departments only', async () => {
    const r = await call<MissingDto>('GET', `/api/m/${f.municipality.code}/rounds/${f.rounds.R2}/missing`, { as: as(f, 'dept_reporter', [f.departments.somu]) });
    expect(r.status).toBe(200);
    expect(r.body.peopleScope).toBe('own_departments');
    expect(r.body.people.map((p) => [userNames(f, [p.userId])[0], p.departments.map((d) => d.name), names(f, p.missing.nodeIds)])).toEqual([
      ['aoki', ['総務課'], ['A4']],
      ['inoue', ['総務課'], ['A4']],
      ['kudo', ['総務課'], ['A4']],
    ]);
    // the per-department figures stay whole (they are a view)
    expect(r.body.departments).toHaveLength(3);
    expect(r.body.departments[1]!.userIds).toEqual([]);
  });

  it('sends reminders to the right people only: notifications, no mail without SMTP, one audit row', async () => {
    const fx = await buildPdcaFixture(store, '通知市');
    const r = await call<ReminderResultDto>('POST', `/api/m/${fx.municipality.code}/rounds/${fx.rounds.R2}/reminders`, { body: { message: '6月の幹事会で報告します。' } });
    expect(r.status).toBe(201);
    expect(r.body.emailEnabled).toBe(false);
    expect(r.body.emailsQueued).toBe(0);
    expect(r.body.notified.map((n) => [userNames(fx, [n.userId])[0], names(fx, n.missing.nodeIds), n.emailQueued])).toEqual([
      ['aoki', ['A4'], false],
      ['inoue', ['A4'], false],
      ['ueda', ['A5'], false],
      ['kudo', ['A4', 'A5'], false],
    ]);
    expect(r.body.departmentsWithoutPeople).toEqual([{ id: fx.departments.kikaku, name: '企画課' }]);

    const rows = await notificationsOf(fx);
    expect(userNames(fx, rows.map((x) => x.userId)).sort()).toEqual(['aoki', 'inoue', 'kudo', 'ueda']);
    const kudo = rows.find((x) => x.userId === fx.users.kudo)!;
    expect(kudo.kind).toBe('reminder');
    expect(kudo.title).toMatch(/^【督促】令和7年度実績の進捗報告が未提出です（提出期限 令和\d+年\d+月\d+日・あと7日）$/);
    expect(kudo.body).toContain('工藤 八重 様');
    expect(kudo.body).toContain('・5 書かない窓口の導入（総務課）');
    expect(kudo.body).toContain('・6 キャッシュレス決済の導入（財政課）');
    expect(kudo.body).toContain('6月の幹事会で報告します。');
    expect(kudo.link).toBe(`/m/${fx.municipality.code}/rounds/${fx.rounds.R2}`);
    expect(await outboxOf(fx)).toEqual([]);
    const audits = await remindAudits(fx);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.entityId).toBe(fx.rounds.R2);
    expect((audits[0]!.after as { userIds: string[] }).userIds).toHaveLength(4);

    // only some departments
    const only = await call<ReminderResultDto>('POST', `/api/m/${fx.municipality.code}/rounds/${fx.rounds.R2}/reminders`, { body: { departmentIds: [fx.departments.zaisei] } });
    expect(only.status).toBe(201);
    expect(only.body.notified.map((n) => [userNames(fx, [n.userId])[0], names(fx, n.missing.nodeIds)])).toEqual([
      ['ueda', ['A5']],
      ['kudo', ['A5']],
    ]);
  });

  it('refuses reminders in Japanese: not the secretariat, a round not open, nobody to notify', async () => {
    const code = f.municipality.code;
    const before = (await notificationsOf(f)).length;
    const reporter = await call<ApiErrorBody>('POST', `/api/m/${code}/rounds/${f.rounds.R2}/reminders`, { as: as(f, 'dept_approver', [f.departments.somu]) });
    expect(reporter.status).toBe(403);
    expect(reporter.body.error.message).toBe('督促を送れるのは事務局だけです。');
    const closed = await call<ApiErrorBody>('POST', `/api/m/${code}/rounds/${f.rounds.R1}/reminders`);
    expect(closed.status).toBe(422);
    expect(closed.body.error.message).toBe('この照会は締め切られているため、督促できません。');
    const draft = await call<ApiErrorBody>('POST', `/api/m/${code}/rounds/${f.rounds.R3}/reminders`);
    expect(draft.body.error.message).toBe('この照会はまだ開始されていないため、督促できません。');
    const nobody = await call<ApiErrorBody>('POST', `/api/m/${code}/rounds/${f.rounds.R2}/reminders`, { body: { departmentIds: [f.departments.kikaku] } });
    expect(nobody.status).toBe(422);
    expect(nobody.body.error.message).toContain('報告者・承認者が登録されていない');
    expect(nobody.body.error.message).toContain('企画課');
    const none = await call<ApiErrorBody>('POST', `/api/m/${code}/rounds/${f.rounds.R2}/reminders`, { body: { departmentIds: [f.departments.kaikei] } });
    expect(none.body.error.message).toBe('指定された担当課には未提出の報告がありません。');
    const bad = await call<ApiErrorBody>('POST', `/api/m/${code}/rounds/${f.rounds.R2}/reminders`, { body: { message: 5 } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields![0]!.path).toBe('message');
    expect((await notificationsOf(f)).length).toBe(before);
  });

  it('writes nothing when the audit row fails (one transaction)', async () => {
    const fx = await buildPdcaFixture(store, '監査市');
    auditTestHook.beforeInsert = () => {
      throw new Error('audit down');
    };
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const r = await call<ApiErrorBody>('POST', `/api/m/${fx.municipality.code}/rounds/${fx.rounds.R2}/reminders`);
      expect(r.status).toBe(500);
      expect(r.body.error.message).toContain('入力内容は保存されていません');
    } finally {
      auditTestHook.beforeInsert = null;
      quiet.mockRestore();
    }
    expect(await notificationsOf(fx)).toEqual([]);
    expect(await outboxOf(fx)).toEqual([]);
  });

  describe('with SMTP configured', () => {
    let capture: SmtpCapture;
    beforeAll(async () => {
      capture = await startSmtpCapture({ rejectRecipients: ['inoue@city.example.jp'] });
    });
    afterAll(() => capture.close());

    it('queues one mail per person with an address in the same transaction, and the capture server receives correctly encoded Japanese mail', async () => {
      const fx = await buildPdcaFixture(store, 'メール市');
      setSmtpEnv({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(capture.port), SMTP_FROM: '行革事務局 <gyokaku@city.example.jp>' });
      const seen = capture.messages.length;
      const r = await call<ReminderResultDto>('POST', `/api/m/${fx.municipality.code}/rounds/${fx.rounds.R2}/reminders`);
      expect(r.status).toBe(201);
      expect(r.body.emailEnabled).toBe(true);
      expect(r.body.emailsQueued).toBe(3); // aoki, inoue, kudo; ueda has no address
      expect(r.body.notified.filter((n) => n.emailQueued).map((n) => userNames(fx, [n.userId])[0])).toEqual(['aoki', 'inoue', 'kudo']);
      await deliveriesIdle();

      // rows of one transaction share created_at: the order of delivery is not defined, compare by recipient
      const got = capture.messages.slice(seen).sort((a, b) => (a.to[0]! < b.to[0]! ? -1 : 1));
      expect(got.map((m) => m.to)).toEqual([['aoki@city.example.jp'], ['kudo@city.example.jp']]);
      for (const m of got) {
        expect(m.from).toBe('gyokaku@city.example.jp');
        const mail = parseCapturedMail(m.data);
        expect(mail.subject).toBe(`【督促】令和7年度実績 進捗報告の提出のお願い（期限 ${formatWarekiDate(fx.deadline)}）`);
        expect(mail.headers.get('subject')).toMatch(/^=\?UTF-8\?B\?/);
        expect(mail.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
        expect(mail.headers.get('mime-version')).toBe('1.0');
        expect(mail.headers.get('date')).toMatch(/\+0900$/);
        expect(mail.longestLine).toBeLessThanOrEqual(78);
        expect(m.data).not.toMatch(/[^\x00-\x7f]/); // 7-bit on the wire
      }
      const kudo = parseCapturedMail(got[1]!.data);
      expect(kudo.body).toContain('工藤 八重 様');
      expect(kudo.body).toContain('・5 書かない窓口の導入（総務課）\r\n・6 キャッシュレス決済の導入（財政課）');
      expect(parseCapturedMail(got[0]!.data).headers.get('from')).toMatch(/^=\?UTF-8\?B\?[^?]+\?= <gyokaku@city\.example\.jp>$/);

      const outbox = await outboxOf(fx);
      const byTo = new Map(outbox.map((o) => [o.to, o]));
      expect(byTo.get('aoki@city.example.jp')).toMatchObject({ attempts: 1, lastError: '' });
      expect(byTo.get('aoki@city.example.jp')!.sentAt).not.toBeNull();
      // refused by the server with 550: recorded, not retried
      expect(byTo.get('inoue@city.example.jp')!.sentAt).toBeNull();
      expect(byTo.get('inoue@city.example.jp')!.attempts).toBe(MAX_ATTEMPTS);
      expect(byTo.get('inoue@city.example.jp')!.lastError).toContain('550');
      // the outbox row holds the same Japanese text as the notification
      const n = (await notificationsOf(fx)).find((x) => x.userId === fx.users.aoki)!;
      expect(byTo.get('aoki@city.example.jp')!.body).toBe(n.body);
    });

    it('keeps mail pending with the error when the server cannot be reached, and sends it after the back-off', async () => {
      const fx = await buildPdcaFixture(store, '再送市');
      await store.db.insert(emailOutbox).values({ municipalityId: fx.municipality.id, to: 'aoki@city.example.jp', subject: '再送のテスト', body: '本文です。' });
      const down: SmtpConfig = { host: '127.0.0.1', port: 1, from: parseMailbox('gyokaku@city.example.jp')!, tls: 'off', clientName: 'test', timeoutMs: 2000 };
      const scope = { db: store.db, municipalityId: fx.municipality.id };
      const t0 = new Date();
      const at = (ms: number) => () => new Date(t0.getTime() + ms);
      expect(await deliverPending(scope, down, at(0))).toEqual({ sent: 0, failed: 1 });
      const [row] = await outboxOf(fx);
      expect(row).toMatchObject({ attempts: 1, sentAt: null, claimedUntil: null });
      expect(row!.lastError).toContain('接続できません');
      // the first retry waits a minute: nothing is due before that, in this process or another
      expect(row!.nextAttemptAt.getTime()).toBe(t0.getTime() + RETRY_DELAYS_MINUTES[0]! * 60_000);
      expect(await municipalitiesWithMailDue(store.db, at(59_000)())).not.toContain(fx.municipality.id);
      const up: SmtpConfig = { ...down, port: capture.port };
      const seen = capture.messages.length;
      expect(await deliverPending(scope, up, at(59_000))).toEqual({ sent: 0, failed: 0 });
      expect(capture.messages.length).toBe(seen);
      expect(await municipalitiesWithMailDue(store.db, at(60_000)())).toContain(fx.municipality.id);
      expect(await deliverPending(scope, up, at(60_000))).toEqual({ sent: 1, failed: 0 });
      expect(parseCapturedMail(capture.messages[seen]!.data).subject).toBe('再送のテスト');
      expect((await outboxOf(fx))[0]).toMatchObject({ attempts: 2, lastError: '', claimedUntil: null });
      expect(await municipalitiesWithMailDue(store.db, at(60_000)())).not.toContain(fx.municipality.id);
      // another municipality's pending mail is not touched by this scope
      expect(await deliverPending({ db: store.db, municipalityId: other.municipality.id }, up)).toEqual({ sent: 0, failed: 0 });
    });

    it('never sends a row twice when two senders (app processes) deliver at once, and takes back the rows of one that died', async () => {
      const fx = await buildPdcaFixture(store, '二重送信市');
      const subjects = Array.from({ length: 30 }, (_, i) => `同時送信のテスト ${String(i + 1).padStart(2, '0')}`);
      await store.db.insert(emailOutbox).values(subjects.map((subject) => ({ municipalityId: fx.municipality.id, to: 'aoki@city.example.jp', subject, body: '本文です。' })));
      const cfg: SmtpConfig = { host: '127.0.0.1', port: capture.port, from: parseMailbox('gyokaku@city.example.jp')!, tls: 'off', clientName: 'test', timeoutMs: 5000 };
      // on PostgreSQL the second sender has its own connection pool, as another process would
      const second = kind === 'postgres' ? await openTestStore(kind) : store;
      try {
        const seen = capture.messages.length;
        const reports = await Promise.all([
          deliverPending({ db: store.db, municipalityId: fx.municipality.id }, cfg),
          deliverPending({ db: second.db, municipalityId: fx.municipality.id }, cfg),
          deliverPending({ db: second.db, municipalityId: fx.municipality.id }, cfg),
        ]);
        expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(30);
        const got = capture.messages.slice(seen).map((m) => parseCapturedMail(m.data).subject).sort();
        expect(got).toEqual(subjects);
        expect((await outboxOf(fx)).every((o) => o.sentAt !== null && o.attempts === 1 && o.claimedUntil === null)).toBe(true);
      } finally {
        if (second !== store) await second.close();
      }

      // a row held by a live lease (another sender at work) is left alone; once the lease has run out, it is taken
      const [held] = await store.db
        .insert(emailOutbox)
        .values({ municipalityId: fx.municipality.id, to: 'aoki@city.example.jp', subject: '停止したプロセスの行', body: '本文です。', claimedUntil: new Date(Date.now() + 60_000) })
        .returning();
      const scope = { db: store.db, municipalityId: fx.municipality.id };
      expect(await deliverPending(scope, cfg)).toEqual({ sent: 0, failed: 0 });
      expect(await claimPending(scope, new Date())).toEqual([]);
      const later = new Date(held!.claimedUntil!.getTime() + 1);
      const taken = await claimPending(scope, later);
      expect(taken.map((r) => r.subject)).toEqual(['停止したプロセスの行']);
      expect(taken[0]!.claimedUntil!.getTime()).toBe(later.getTime() + CLAIM_LEASE_MS);
    });

    it('answers 500 with a Japanese message when the SMTP settings are wrong, and writes nothing', async () => {
      const fx = await buildPdcaFixture(store, '設定誤り市');
      setSmtpEnv({ SMTP_HOST: '127.0.0.1', SMTP_PORT: 'abc', SMTP_FROM: 'gyokaku@city.example.jp' });
      const r = await call<ApiErrorBody>('POST', `/api/m/${fx.municipality.code}/rounds/${fx.rounds.R2}/reminders`);
      expect(r.status).toBe(500);
      expect(r.body.error.message).toContain('SMTP_PORT');
      expect(await notificationsOf(fx)).toEqual([]);
    });
  });

  it('lists and marks notifications: one’s own, or a named user for the secretariat', async () => {
    const fx = await buildPdcaFixture(store, '既読市');
    await call('POST', `/api/m/${fx.municipality.code}/rounds/${fx.rounds.R2}/reminders`);
    const base = `/api/m/${fx.municipality.code}/notifications`;

    const demo = await call<ApiErrorBody>('GET', base);
    expect(demo.status).toBe(422);
    expect(demo.body.error.message).toBe('通知を表示する職員を指定してください（userId）。');

    const list = await call<NotificationListDto>('GET', `${base}?userId=${fx.users.kudo}`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ userId: fx.users.kudo, unread: 1 });
    expect(list.body.items[0]!.title).toContain('【督促】');

    const mine = await call<NotificationListDto>('GET', base, { as: as(fx, 'dept_approver', [fx.departments.somu], fx.users.kudo) });
    expect(mine.body.items.map((n) => n.id)).toEqual(list.body.items.map((n) => n.id));
    const peek = await call<ApiErrorBody>('GET', `${base}?userId=${fx.users.aoki}`, { as: as(fx, 'dept_approver', [fx.departments.somu], fx.users.kudo) });
    expect(peek.status).toBe(403);
    expect(peek.body.error.message).toBe('他の職員の通知は見られません。');

    const id = list.body.items[0]!.id;
    const stranger = await call<ApiErrorBody>('POST', `${base}/${id}/read`, { as: as(fx, 'dept_reporter', [], fx.users.aoki) });
    expect(stranger.status).toBe(403);
    const read = await call<NotificationDto>('POST', `${base}/${id}/read`, { as: as(fx, 'dept_approver', [], fx.users.kudo) });
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    const again = await call<NotificationDto>('POST', `${base}/${id}/read`);
    expect(again.body.readAt).toBe(read.body.readAt); // the first reading time is kept
    expect((await call<NotificationListDto>('GET', `${base}?userId=${fx.users.kudo}&unread=true`)).body.items).toEqual([]);

    const all = await call<{ updated: number }>('POST', `${base}/read-all`, { body: { userId: fx.users.aoki } });
    expect(all.body.updated).toBe(1);
    expect((await call<NotificationListDto>('GET', `${base}?userId=${fx.users.aoki}`)).body.unread).toBe(0);
  });

  it('shows the deadline calendar of rounds with their state', async () => {
    const base = `/api/m/${f.municipality.code}/calendar`;
    const r = await call<CalendarDto>('GET', `${base}?from=2025-01-01&to=2025-12-31`);
    expect(r.status).toBe(200);
    expect(r.body.items.map((i) => [i.round.label, i.round.deadline, i.round.stateLabel, i.deadline.overdue])).toEqual([
      ['令和6年度実績', '2025-05-31', '締切済み', true],
      ['令和7年度第2四半期', '2025-10-31', '締切済み', true],
    ]);
    const soon = await call<CalendarDto>('GET', `${base}?from=${f.today}&to=${addDays(f.today, 30)}`);
    expect(soon.body.items.map((i) => [i.round.label, i.round.state, i.deadline.daysLeft, i.deadline.text])).toEqual([['令和7年度実績', 'open', 7, 'あと7日']]);
    expect(soon.body.today).toBe(f.today);
    const wrong = await call<ApiErrorBody>('GET', `${base}?from=2025-12-31&to=2025-01-01`);
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.fields).toEqual([{ path: 'to', message: '終了日は開始日以降にしてください。' }]);
    const notDate = await call<ApiErrorBody>('GET', `${base}?from=2025-02-30&to=2025-03-01`);
    expect(notDate.body.error.fields).toEqual([{ path: 'from', message: '存在しない日付です。' }]);
    expect((await call<CalendarDto>('GET', base)).status).toBe(200);
  });

  it('never reaches another municipality (404) and writes nothing there', async () => {
    const code = f.municipality.code;
    const bBefore = { n: (await notificationsOf(other)).length, o: (await outboxOf(other)).length, a: (await remindAudits(other)).length };
    expect((await call<ApiErrorBody>('GET', `/api/m/${code}/rounds/${other.rounds.R2}/missing`)).status).toBe(404);
    const remind = await call<ApiErrorBody>('POST', `/api/m/${code}/rounds/${other.rounds.R2}/reminders`);
    expect(remind.status).toBe(404);
    expect(remind.body.error.message).toBe('照会が見つかりません。');
    const list = await call<ApiErrorBody>('GET', `/api/m/${code}/notifications?userId=${other.users.kudo}`);
    expect(list.status).toBe(404);
    expect(list.body.error.message).toBe('職員が見つかりません。');
    const [bNote] = await store.db.insert(notifications).values({ municipalityId: other.municipality.id, userId: other.users.kudo, kind: 'reminder', title: 'B' }).returning();
    expect((await call<ApiErrorBody>('POST', `/api/m/${code}/notifications/${bNote!.id}/read`)).status).toBe(404);
    expect((await call<ApiErrorBody>('POST', `/api/m/${code}/notifications/read-all`, { body: { userId: other.users.kudo } })).status).toBe(404);
    const cal = await call<CalendarDto>('GET', `/api/m/${code}/calendar?from=2020-01-01&to=2024-12-31`);
    expect(cal.body.items).toEqual([]);
    // B's round ids do not show in A's calendar even with B's dates
    const [bRound] = await store.db.select().from(rounds).where(and(eq(rounds.municipalityId, other.municipality.id), eq(rounds.id, other.rounds.R1)));
    const calB = await call<CalendarDto>('GET', `/api/m/${code}/calendar?from=${bRound!.deadline}&to=${bRound!.deadline}`);
    expect(calB.body.items.map((i) => i.round.id)).toEqual([f.rounds.R1]);
    // an outsider's actor gets 404 for this municipality
    const outsider = await call<ApiErrorBody>('GET', `/api/m/${code}/rounds/${f.rounds.R2}/missing`, { as: as(other, 'secretariat') });
    expect(outsider.status).toBe(404);
    expect((await notificationsOf(other)).length).toBe(bBefore.n + 1); // only the row this test inserted
    const [bRow] = (await notificationsOf(other)).filter((x) => x.id === bNote!.id);
    expect(bRow!.readAt).toBeNull();
    expect((await outboxOf(other)).length).toBe(bBefore.o);
    expect((await remindAudits(other)).length).toBe(bBefore.a);
  });
});

// ───────────── the SMTP client against the capture server with STARTTLS and AUTH ─────────────

function selfSignedCert(): { key: string; cert: string } | null {
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-smtp-'));
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const out = { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
    fs.rmSync(dir, { recursive: true, force: true });
    return out;
  } catch {
    return null;
  }
}

const tlsMaterial = selfSignedCert();

describe.skipIf(!tlsMaterial)('SMTP client: STARTTLS and AUTH PLAIN', () => {
  let capture: SmtpCapture;
  beforeAll(async () => {
    capture = await startSmtpCapture({ tls: tlsMaterial!, auth: { user: 'gyokaku', pass: 'パス word' } });
  });
  afterAll(() => capture.close());

  const cfg = (extra: Partial<SmtpConfig> = {}): SmtpConfig => ({
    host: '127.0.0.1',
    port: capture.port,
    from: parseMailbox('gyokaku@city.example.jp')!,
    tls: 'starttls',
    user: 'gyokaku',
    pass: 'パス word',
    clientName: 'gyokaku.test',
    timeoutMs: 5000,
    tlsOptions: { ca: tlsMaterial!.cert },
    ...extra,
  });

  it('upgrades with STARTTLS, verifies the certificate, authenticates, and sends several messages on one connection', async () => {
    const data = (s: string) => `Subject: ${s}\r\n\r\n.leading dot\r\n`;
    const res = await sendMessages(cfg(), [
      { id: '1', to: 'a@city.example.jp', data: data('one') },
      { id: '2', to: 'b@city.example.jp', data: data('two') },
    ]);
    expect(res).toEqual([
      { id: '1', ok: true },
      { id: '2', ok: true },
    ]);
    const got = capture.messages.slice(-2);
    expect(got.map((m) => [m.to, m.secure, m.auth, m.clientName])).toEqual([
      [['a@city.example.jp'], true, { user: 'gyokaku', pass: 'パス word' }, 'gyokaku.test'],
      [['b@city.example.jp'], true, { user: 'gyokaku', pass: 'パス word' }, 'gyokaku.test'],
    ]);
    expect(got[0]!.data).toBe('Subject: one\r\n\r\n.leading dot\r\n'); // dot-stuffed on the wire, restored by the server
    const i = capture.commands.lastIndexOf('STARTTLS');
    expect(capture.commands[i - 1]).toBe('EHLO gyokaku.test');
    expect(capture.commands[i + 1]).toBe('EHLO gyokaku.test');
    expect(capture.commands[i + 2]).toMatch(/^AUTH PLAIN /);
  });

  it('fails every message with the cause when the certificate is not trusted or the password is wrong', async () => {
    const untrusted = await sendMessages(cfg({ tlsOptions: {} }), [{ id: 'x', to: 'a@city.example.jp', data: 'Subject: x\r\n\r\nx\r\n' }]);
    expect(untrusted[0]).toMatchObject({ id: 'x', ok: false, permanent: false });
    const wrong = await sendMessages(cfg({ pass: 'nope' }), [{ id: 'y', to: 'a@city.example.jp', data: 'Subject: y\r\n\r\ny\r\n' }]);
    expect(wrong[0]).toMatchObject({ id: 'y', ok: false });
    expect((wrong[0] as { error: string }).error).toContain('認証（AUTH）がSMTPサーバーに拒否されました（535');
  });
});
