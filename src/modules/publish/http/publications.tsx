/**
 * The secretariat's publication step (公表), separate from closing a round:
 * - GET  /publications                 what can be published, with the latest publication of each, and the history
 * - GET  /publications/preview         what publishing now would do: changes since the last publication,
 *                                      answers not accepted, whether a 正誤 is required, the seq to send back
 * - GET  /publications/preview/page    the citizens' page rendered from the candidate snapshot (staff only)
 * - POST /publications                 publish (version-checked by expectedSeq; 正誤 required for a correction;
 *                                      a decision required for answers not accepted)
 * - GET  /publications/:id             one publication
 * - POST /publications/:id/withdraw    withdraw it (reason required, version-checked)
 * Only the secretariat (and system administrators): publication.manage.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { PublicationPreviewDto } from '../../../shared/api-types-publish.js';
import type { AppEnv } from '../../../shared/http/types.js';
import { authorize, inTransaction, scopeOf } from '../../../shared/http/tenant.js';
import { parseInput } from '../../../shared/http/validate.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { notFound } from '../../../shared/errors.js';
import { UUID_RE } from '../../../shared/ids.js';
import { REPORT_STATE_LABELS, type ReportState } from '../../pdca/domain/workflow.js';
import { prepare, publish, subjectOf, withdraw } from '../commands/publications.js';
import { PUBLICATION_KINDS, UNACCEPTED_DECISIONS, changesOf, subjectProblems, type Snapshot } from '../domain/publication.js';
import { findPublication, latestOf } from '../db/repo.js';
import { presentPublication } from '../presenters/publication.js';
import { listPublications } from '../queries/subjects.js';
import { page } from './publicLayout.js';
import { previewPage } from './publicPreview.js';

const BASE = '/api/m/:code';
const TAG = '公表（市民向けの公表と取下げ）';
const doc = (method: 'get' | 'post', path: string, summary: string, extra: Omit<Parameters<typeof describeRoute>[0], 'method' | 'path' | 'summary' | 'tag'> = {}) =>
  describeRoute({ method, path: BASE + path, summary, tag: TAG, ...extra });

const uuid = (what: string) => z.string().regex(UUID_RE, { message: `${what}の ID の形式が正しくありません。` });
const fiscalYear = z.coerce
  .number({ message: '年度は西暦の数字で指定してください（例: 2026 = 令和8年度）。' })
  .int({ message: '年度は整数で指定してください。' })
  .min(1989, { message: '年度は1989（平成元年度）以降を指定してください。' })
  .max(2100, { message: '年度は2100以前を指定してください。' });
const kind = z.enum(PUBLICATION_KINDS, { message: '公表の対象（kind）は round・kpi_values・fiscal_table のいずれかです。' });
const decision = z.enum(UNACCEPTED_DECISIONS, { message: '確認していない回答の扱い（unaccepted）は exclude（除く）か no_answer（回答なしとして載せる）です。' });

export const previewQuery = z
  .object({ kind, planId: uuid('計画'), subjectId: uuid('対象'), fiscalYear: fiscalYear.optional(), unaccepted: decision.optional() })
  .refine((q) => q.kind === 'round' || q.fiscalYear !== undefined, { message: '数値目標と財政の表は、公表する年度（fiscalYear）を指定してください。', path: ['fiscalYear'] });
export const publishBody = z
  .object({
    kind,
    planId: uuid('計画'),
    subjectId: uuid('対象'),
    fiscalYear: fiscalYear.optional(),
    expectedSeq: z.number({ message: '確認した版（expectedSeq）を指定してください。' }).int().min(0),
    correction: z.string().max(2_000, { message: '正誤の説明は2,000文字以内で入力してください。' }).optional(),
    reason: z.string().max(1_000, { message: '理由は1,000文字以内で入力してください。' }).optional(),
    unaccepted: decision.nullable().optional(),
  })
  .refine((q) => q.kind === 'round' || q.fiscalYear !== undefined, { message: '数値目標と財政の表は、公表する年度（fiscalYear）を指定してください。', path: ['fiscalYear'] });
export const withdrawBody = z.object({
  expectedSeq: z.number({ message: '確認した版（expectedSeq）を指定してください。' }).int().min(1),
  reason: z.string({ message: '取り下げる理由を入力してください。' }).max(1_000, { message: '理由は1,000文字以内で入力してください。' }),
});

type C = Context<AppEnv>;

/** Another municipality's user is told nothing exists (404), as on the other tenant routes; then the role. */
function guard(c: C): void {
  const a = c.get('actor');
  const m = c.get('municipality');
  if (a.role !== 'system_admin' && a.municipalityId !== m.id) throw notFound(`団体コード ${m.code} の団体`);
  authorize(c, 'publication.manage');
}
const publisherOf = (c: C) => ({ code: c.get('municipality').code, name: c.get('municipality').name });

async function previewOf(c: C, q: z.infer<typeof previewQuery>): Promise<{ dto: PublicationPreviewDto; snapshot: Snapshot }> {
  const scope = scopeOf(c);
  const input = { kind: q.kind, planId: q.planId, subjectId: q.subjectId, fiscalYear: q.fiscalYear ?? 0, unaccepted: q.unaccepted ?? null };
  const prepared = await prepare(scope, publisherOf(c), input);
  const latest = await latestOf(scope, subjectOf(input));
  const problems = subjectProblems(q.kind, prepared.subjectState);
  const params = new URLSearchParams({ kind: q.kind, planId: q.planId, subjectId: q.subjectId });
  if (q.fiscalYear !== undefined) params.set('fiscalYear', String(q.fiscalYear));
  if (q.unaccepted) params.set('unaccepted', q.unaccepted);
  const dto: PublicationPreviewDto = {
    kind: q.kind,
    title: prepared.title,
    expectedSeq: latest?.seq ?? 0,
    current: latest?.state === 'published' ? { id: latest.id, seq: latest.seq, publishedAt: latest.publishedAt.toISOString() } : null,
    correctionRequired: latest?.state === 'published',
    changes: changesOf(latest ? (latest.snapshot as Snapshot) : null, prepared.snapshot),
    unaccepted: {
      count: prepared.unaccepted.count,
      byState: Object.entries(prepared.unaccepted.byState).map(([state, count]) => ({ state, label: REPORT_STATE_LABELS[state as ReportState] ?? state, count })),
    },
    problems: problems.map((p) => p.message),
    previewPath: `/api/m/${encodeURIComponent(c.get('municipality').code)}/publications/preview/page?${params}`,
  };
  return { dto, snapshot: prepared.snapshot };
}

export function publicationRoutes() {
  const r = new Hono<AppEnv>();

  doc('get', '/publications', '公表できるもの（締め切った照会・年度ごとの KPI 実績・年度版の財政の表）と公表の履歴', { response: 'PublicationListDto' });
  r.get('/publications', async (c) => {
    guard(c);
    return c.json(await listPublications(scopeOf(c), c.get('municipality').code));
  });

  doc('get', '/publications/preview', '公表のプレビュー: 前回の公表からの変更、確認していない回答の数、正誤が必要か', { query: previewQuery, response: 'PublicationPreviewDto' });
  r.get('/publications/preview', async (c) => {
    guard(c);
    const q = parseInput(previewQuery, c.req.query());
    return c.json((await previewOf(c, q)).dto);
  });

  doc('get', '/publications/preview/page', '市民向けページのプレビュー（公表前の内容を、公表後と同じ形で表示。HTML）', { query: previewQuery });
  r.get('/publications/preview/page', async (c) => {
    guard(c);
    const q = parseInput(previewQuery, c.req.query());
    const { dto, snapshot } = await previewOf(c, q);
    const m = { code: c.get('municipality').code, name: c.get('municipality').name };
    const res = await page(c, await previewPage(scopeOf(c), m, snapshot, dto), 200);
    // a preview is never cached and never framed elsewhere
    res.headers.set('cache-control', 'no-store');
    res.headers.delete('etag');
    return res;
  });

  doc('post', '/publications', '公表する（締め切った照会・KPI の年度の実績・財政の表の年度版）。公表中のものがあれば正誤として置き換える', { body: publishBody, response: 'PublicationDto' });
  r.post('/publications', async (c) => {
    guard(c);
    const b = parseInput(publishBody, await c.req.json());
    const row = await inTransaction(c, (ctx) =>
      publish(ctx, publisherOf(c), {
        kind: b.kind,
        planId: b.planId,
        subjectId: b.subjectId,
        fiscalYear: b.fiscalYear ?? 0,
        expectedSeq: b.expectedSeq,
        correction: b.correction ?? '',
        reason: b.reason ?? '',
        unaccepted: b.unaccepted ?? null,
      }),
    );
    return c.json(presentPublication(row, c.get('municipality').code), 201);
  });

  doc('get', '/publications/:publicationId', '公表の1件（変更点・正誤・取下げの記録）', { response: 'PublicationDto' });
  r.get('/publications/:publicationId', async (c) => {
    guard(c);
    const id = c.req.param('publicationId');
    const row = UUID_RE.test(id) ? await findPublication(scopeOf(c), id) : null;
    if (!row) throw notFound(`${c.get('municipality').name}の公表（ID: ${id.slice(0, 40)}）`);
    return c.json(presentPublication(row, c.get('municipality').code));
  });

  doc('post', '/publications/:publicationId/withdraw', '公表を取り下げる（理由必須。市民向けページとオープンデータから外れる）', { body: withdrawBody, response: 'PublicationDto' });
  r.post('/publications/:publicationId/withdraw', async (c) => {
    guard(c);
    const id = c.req.param('publicationId');
    if (!UUID_RE.test(id)) throw notFound(`${c.get('municipality').name}の公表（ID: ${id.slice(0, 40)}）`);
    const b = parseInput(withdrawBody, await c.req.json());
    const row = await inTransaction(c, (ctx) => withdraw(ctx, id, b));
    return c.json(presentPublication(row, c.get('municipality').code));
  });
  return r;
}
