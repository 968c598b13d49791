/**
 * The audit log: written in the same transaction as its change (a failure after the change
 * leaves neither), fail closed (a failing audit write rolls the change back), readable per
 * item with date range / actor / paging, and exportable as CSV for Excel (UTF-8 BOM, CRLF, JST).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { auditLog, meetings, opinions } from '../../src/db/schema.js';
import { createApp } from '../../src/app.js';
import { demoAdministrator, type Actor } from '../../src/modules/access/domain/policy.js';
import { auditTestHook, recordAudit } from '../../src/modules/audit/commands/recordAudit.js';
import { auditRowsInOrder, listAudit } from '../../src/modules/audit/queries/listAudit.js';
import { createMeeting } from '../../src/modules/review/commands/meetings.js';
import { createOpinion, respondOpinion } from '../../src/modules/review/commands/opinions.js';
import { getOpinionDetail } from '../../src/modules/review/queries/opinions.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type { AuditPageDto, OpinionDetailDto } from '../../src/shared/api-types-review.js';
import type { CommandContext } from '../../src/shared/context.js';
import { buildSmallPlan, type SmallPlan } from '../support/fixtures.js';
import { backends, openTestStore, run } from '../support/stores.js';

describe.each(backends())('audit log on %s', (kind) => {
  let store: Store;
  let f: SmallPlan;
  let other: SmallPlan;
  const inF = <T>(fn: (ctx: CommandContext) => Promise<T>) => run(store, f.municipality.id, fn);
  const auditOf = (entityId: string) =>
    store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, f.municipality.id), eq(auditLog.entityId, entityId)));
  const meetingsTitled = (title: string) => store.db.select().from(meetings).where(and(eq(meetings.municipalityId, f.municipality.id), eq(meetings.title, title)));

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildSmallPlan(store, '監査市');
    other = await buildSmallPlan(store, '他市');
  });
  afterAll(() => store.close());
  afterEach(() => {
    auditTestHook.beforeInsert = null;
  });

  describe('same transaction, fail closed', () => {
    it('a failure after the change and its audit row leaves neither', async () => {
      let id = '';
      await expect(
        inF(async (ctx) => {
          const m = await createMeeting(ctx, { body: '推進本部', title: '失敗する会議', heldOn: '2026-05-01' });
          id = m.id;
          // inside the transaction both exist …
          const inside = await ctx.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, f.municipality.id), eq(auditLog.entityId, m.id)));
          expect(inside.map((a) => a.action)).toEqual(['meeting.create']);
          throw new Error('後続の処理で失敗');
        }),
      ).rejects.toThrow('後続の処理で失敗');
      // … and after the rollback neither does
      expect(id).not.toBe('');
      expect(await meetingsTitled('失敗する会議')).toEqual([]);
      expect(await auditOf(id)).toEqual([]);
    });

    it('when the audit insert throws, the change is rolled back', async () => {
      auditTestHook.beforeInsert = () => {
        throw new Error('監査ログを書けません');
      };
      await expect(inF((ctx) => createMeeting(ctx, { body: '幹事会', title: '監査できない会議', heldOn: '2026-05-01' }))).rejects.toThrow('監査ログを書けません');
      auditTestHook.beforeInsert = null;
      expect(await meetingsTitled('監査できない会議')).toEqual([]);
    });

    it('when the database refuses the audit row (NOT NULL violated), the change is rolled back', async () => {
      auditTestHook.beforeInsert = (e) => ({ ...e, entityId: null as unknown as string });
      await expect(inF((ctx) => createMeeting(ctx, { body: '幹事会', title: '不正な監査行の会議', heldOn: '2026-05-01' }))).rejects.toThrow();
      auditTestHook.beforeInsert = null;
      expect(await meetingsTitled('不正な監査行の会議')).toEqual([]);
    });

    it('a state change whose audit row fails leaves the opinion as it was (no answer, no version bump)', async () => {
      const o = await inF((ctx) => createOpinion(ctx, { body: '監査の意見', assignedDepartmentId: f.departments.zaisei.id }));
      auditTestHook.beforeInsert = (e) => ({ ...e, after: { bad: '\ud800' } }); // a lone surrogate: invalid jsonb
      await expect(inF((ctx) => respondOpinion(ctx, o.id, { version: 1, response: '回答' }))).rejects.toThrow();
      auditTestHook.beforeInsert = null;
      const [row] = await store.db.select().from(opinions).where(and(eq(opinions.municipalityId, f.municipality.id), eq(opinions.id, o.id)));
      expect(row).toMatchObject({ state: 'open', response: '', version: 1 });
      expect((await auditOf(o.id)).map((a) => a.action)).toEqual(['opinion.create']);
    });

    it('over HTTP a failing audit write is a 500 in Japanese and nothing is saved', async () => {
      const app = createApp({ store });
      auditTestHook.beforeInsert = () => {
        throw new Error('audit down');
      };
      const errors: unknown[] = [];
      const orig = console.error;
      console.error = (...args: unknown[]) => void errors.push(args);
      try {
        const res = await app.request(`/api/m/${f.municipality.code}/opinions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ body: 'HTTPで失敗する意見', assignedDepartmentId: f.departments.zaisei.id }),
        });
        expect(res.status).toBe(500);
        expect(((await res.json()) as ApiErrorBody).error.message).toContain('入力内容は保存されていません');
      } finally {
        console.error = orig;
        auditTestHook.beforeInsert = null;
      }
      expect(await store.db.select().from(opinions).where(and(eq(opinions.municipalityId, f.municipality.id), eq(opinions.body, 'HTTPで失敗する意見')))).toEqual([]);
    });
  });

  describe('reading and exporting', () => {
    let app: ReturnType<typeof createApp>;
    const sec: Actor = { id: 'sec-1', name: '事務局 花子', role: 'secretariat', municipalityId: '', departmentIds: [] };
    const reporter: Actor = { id: 'rep-1', name: '財政 次郎', role: 'dept_reporter', municipalityId: '', departmentIds: [] };
    let base: string;
    const get = (path: string, who = 'admin') => app.request(path, { headers: { 'x-test-actor': who, 'x-forwarded-for': '192.0.2.10' } });

    beforeAll(async () => {
      sec.municipalityId = f.municipality.id;
      reporter.municipalityId = f.municipality.id;
      reporter.departmentIds = [f.departments.zaisei.id];
      const actors: Record<string, Actor> = { admin: demoAdministrator, sec, reporter };
      app = createApp({ store, resolveActor: (req) => actors[req.headers.get('x-test-actor') ?? 'admin'] ?? demoAdministrator });
      base = `/api/m/${f.municipality.code}`;
      // rows either side of a JST day boundary, written directly with fixed times
      const ctxRows = [
        { at: new Date('2001-03-31T14:59:59.999Z'), actor: 'sec-1:事務局 花子', entityId: 'boundary-1' }, // 2001-03-31 23:59:59 JST
        { at: new Date('2001-03-31T15:00:00.000Z'), actor: 'sec-1:事務局 花子', entityId: 'boundary-2' }, // 2001-04-01 00:00:00 JST
        { at: new Date('2001-04-30T14:59:59.000Z'), actor: 'rep-1:財政 次郎', entityId: 'boundary-3' }, // 2001-04-30 23:59:59 JST
        { at: new Date('2001-04-30T15:00:00.000Z'), actor: 'rep-1:財政 次郎', entityId: 'boundary-4' }, // 2001-05-01 00:00:00 JST
      ];
      await store.db.insert(auditLog).values(
        ctxRows.map((r) => ({ municipalityId: f.municipality.id, ...r, ip: '10.0.0.1', action: 'opinion.update', entity: 'opinion', before: { body: '旧' }, after: { body: '新, "引用"\n改行' } })),
      );
      // and one of another municipality in the same range
      await store.db.insert(auditLog).values({ municipalityId: other.municipality.id, at: new Date('2001-04-10T00:00:00Z'), actor: 'sec-1:他市', action: 'x', entity: 'opinion', entityId: 'other-1' });
    });

    it('filters by JST date range (both ends inclusive) and actor, newest first, with paging', async () => {
      const page = async (q: string) => {
        const res = await get(`${base}/audit?${q}`);
        expect(res.status, q).toBe(200);
        return (await res.json()) as AuditPageDto;
      };
      const april = await page('from=2001-04-01&to=2001-04-30');
      expect(april.items.map((x) => x.entityId)).toEqual(['boundary-3', 'boundary-2']);
      expect(april.total).toBe(2);
      expect(april.items[1]).toMatchObject({ atJst: '2001-04-01 00:00:00', actorId: 'sec-1', actorName: '事務局 花子', actionLabel: '意見の修正', entityLabel: '意見' });
      expect((await page('from=2001-03-31&to=2001-03-31')).items.map((x) => x.entityId)).toEqual(['boundary-1']);
      expect((await page('actor=rep-1&from=2001-01-01&to=2001-12-31')).items.map((x) => x.entityId)).toEqual(['boundary-4', 'boundary-3']);
      const p1 = await page('from=2001-01-01&to=2001-12-31&pageSize=3&page=1');
      const p2 = await page('from=2001-01-01&to=2001-12-31&pageSize=3&page=2');
      expect([p1.total, p1.items.length, p2.items.length]).toEqual([4, 3, 1]);
      expect([...p1.items, ...p2.items].map((x) => x.entityId)).toEqual(['boundary-4', 'boundary-3', 'boundary-2', 'boundary-1']);
      expect((await page('entity=opinion&entityId=boundary-2')).items).toHaveLength(1);
      const bad = await get(`${base}/audit?from=2026-05-01&to=2026-04-01`);
      expect(bad.status).toBe(422);
      expect(((await bad.json()) as ApiErrorBody).error.fields).toEqual([{ path: 'to', message: '期間の終わりは始まり以降の日付にしてください。' }]);
    });

    it('reads one item’s history', async () => {
      const o = await run(store, f.municipality.id, (ctx) => createOpinion(ctx, { body: '履歴を見る意見' }));
      const res = await get(`${base}/audit?entity=opinion&entityId=${o.id}`, 'sec');
      const body = (await res.json()) as AuditPageDto;
      expect(body.items.map((x) => x.action)).toEqual(['opinion.create']);
      expect((body.items[0]!.after as { body: string }).body).toBe('履歴を見る意見');
    });

    it('is for the secretariat: a department user is refused in Japanese', async () => {
      const res = await get(`${base}/audit`, 'reporter');
      expect(res.status).toBe(403);
      expect(((await res.json()) as ApiErrorBody).error.message).toMatch(/権限/);
      expect((await get(`${base}/audit/export.csv`, 'reporter')).status).toBe(403);
    });

    it('exports CSV: UTF-8 BOM, CRLF, the eight columns, JST times, JSON text, quoted fields; the export itself is recorded', async () => {
      const res = await get(`${base}/audit/export.csv?from=2001-03-31&to=2001-04-30`, 'sec');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toContain(`attachment; filename="audit-${f.municipality.code}-`);
      expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('監査ログ_監査市_')}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      expect(text.startsWith('\uFEFF日時（JST）,操作者,接続元,操作,対象,対象ID,変更前,変更後\r\n')).toBe(true);
      expect(text.endsWith('\r\n')).toBe(true);
      // oldest first; embedded newline stays inside quotes
      const lines = text.slice(1).split('\r\n').filter(Boolean);
      expect(lines).toHaveLength(4);
      expect(lines[1]).toBe(
        '2001-03-31 23:59:59,sec-1:事務局 花子,10.0.0.1,意見の修正（opinion.update）,意見（opinion）,boundary-1,"{""body"":""旧""}","{""body"":""新, \\""引用\\""\\n改行""}"',
      );
      expect(lines.slice(1).map((l) => l.split(',')[5])).toEqual(['boundary-1', 'boundary-2', 'boundary-3']);
      expect(text).not.toContain('other-1');
      // the export is in the log, with who and from where
      const [exp] = await listAudit({ db: store.db, municipalityId: f.municipality.id }, { entity: 'audit_log' });
      // X-Forwarded-For is not believed unless GYOKAKU_TRUST_PROXY=1: a client cannot forge its address
      expect(exp).toMatchObject({ action: 'audit.export', actor: 'sec-1:事務局 花子', ip: '', entityId: f.municipality.code });
      expect(exp!.after).toEqual({ filter: { from: '2001-03-31', to: '2001-04-30' } });
    });

    it('export pages through rows sharing a timestamp without repeating or skipping any (microsecond keyset)', async () => {
      const ids: string[] = [];
      await run(store, f.municipality.id, async (ctx) => {
        for (let i = 0; i < 7; i++) {
          await recordAudit({ ...ctx, actor: { ...demoAdministrator } }, { action: 'x', entity: 'keyset', entityId: `k${i}` });
        }
      });
      // same transaction → same now(); plus rows 0.4 µs apart that a JS Date cannot tell apart
      await store.rawQuery(
        `insert into audit_log (municipality_id, at, actor, action, entity, entity_id) values
           ($1, '2001-06-01 03:00:00.123001+00', 'a:a', 'x', 'keyset', 'u1'),
           ($1, '2001-06-01 03:00:00.123002+00', 'a:a', 'x', 'keyset', 'u2'),
           ($1, '2001-06-01 03:00:00.123003+00', 'a:a', 'x', 'keyset', 'u3')`,
        [f.municipality.id],
      );
      for (const batch of [1, 2, 3, 500]) {
        const seen: string[] = [];
        for await (const rows of auditRowsInOrder({ db: store.db, municipalityId: f.municipality.id }, { entity: 'keyset' }, batch)) seen.push(...rows.map((r) => r.entityId));
        expect(seen, `batch ${batch}`).toHaveLength(10);
        expect(new Set(seen).size).toBe(10);
        ids.push(seen.join());
      }
      expect(new Set(ids).size).toBe(1);
      expect(ids[0]!.split(',').slice(0, 3)).toEqual(['u1', 'u2', 'u3']); // 2001 rows first, in microsecond order
    });

    it('an opinion’s history (from its audit rows) shows who returned it and why', async () => {
      const o = await run(store, f.municipality.id, (ctx) => createOpinion(ctx, { body: '経過の意見', assignedDepartmentId: f.departments.zaisei.id }));
      await run(store, f.municipality.id, (ctx) => respondOpinion(ctx, o.id, { version: 1, response: '対応' }));
      const res = await app.request(`${base}/opinions/${o.id}/return`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-actor': 'sec' },
        body: JSON.stringify({ version: 2, comment: '時期を明記' }),
      });
      const d = (await res.json()) as OpinionDetailDto;
      expect(d.history.at(-1)).toMatchObject({ actor: '事務局 花子', actionLabel: '差戻し', detail: '時期を明記' });
      expect((await getOpinionDetail({ db: store.db, municipalityId: f.municipality.id }, sec, o.id)).returnComment).toBe('時期を明記');
    });
  });
});
