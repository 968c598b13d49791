import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../shared/http/types.js';
import { authorize, inTransaction, scopeOf } from '../../../shared/http/tenant.js';
import { isoDate, parseInput } from '../../../shared/http/validate.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { validationError } from '../../../shared/errors.js';
import { log } from '../../../shared/log.js';
import type { AuditPageDto } from '../../../shared/api-types-review.js';
import { todayInTokyo } from '../../fiscal/domain/index.js';
import { recordAudit } from '../commands/recordAudit.js';
import { CSV_BOM } from '../domain/csv.js';
import { auditCsvHeader, auditCsvLine, presentAudit } from '../presenters/audit.js';
import { auditRowsInOrder, countAudit, listAudit, type AuditFilter } from '../queries/listAudit.js';

const filterShape = {
  entity: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  actor: z.string().max(200).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
};
const auditExportQuery = z.object(filterShape);
const auditQuery = z.object({
  ...filterShape,
  page: z.coerce.number({ message: 'ページは1以上の数値で指定してください。' }).int().min(1).max(1_000_000).optional(),
  pageSize: z.coerce.number({ message: '1ページの件数は1〜500の数値で指定してください。' }).int().min(1).max(500).optional(),
});

function checkRange(q: AuditFilter) {
  if (q.from && q.to && q.to < q.from) throw validationError([{ path: 'to', message: '期間の終わりは始まり以降の日付にしてください。' }]);
}

export function auditRoutes() {
  const r = new Hono<AppEnv>();
  describeRoute({
    method: 'get',
    path: '/api/m/:code/audit',
    summary: '監査ログ（誰が・いつ・どこから・変更前→変更後）。対象・操作者・期間（日本時間の日付、両端を含む）で絞込み、新しい順にページ送り',
    tag: '監査',
    query: auditQuery,
    response: 'AuditPageDto',
  });
  r.get('/audit', async (c) => {
    const q = parseInput(auditQuery, c.req.query());
    checkRange(q);
    authorize(c, 'audit.read');
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 100;
    const scope = scopeOf(c);
    const [rows, total] = await Promise.all([listAudit(scope, { ...q, limit: pageSize, offset: (page - 1) * pageSize }), countAudit(scope, q)]);
    return c.json({ items: rows.map(presentAudit), total, page, pageSize } satisfies AuditPageDto);
  });

  describeRoute({
    method: 'get',
    path: '/api/m/:code/audit/export.csv',
    summary:
      '監査ログのCSV出力（UTF-8 BOM付き・CRLF。列: 日時（JST）, 操作者, 接続元, 操作, 対象, 対象ID, 変更前, 変更後。古い順。絞込みは一覧と同じ）。出力したこと自体も監査ログに残る',
    tag: '監査',
    query: auditExportQuery,
  });
  r.get('/audit/export.csv', async (c) => {
    const q = parseInput(auditExportQuery, c.req.query());
    checkRange(q);
    authorize(c, 'audit.read');
    const m = c.get('municipality');
    // Taking the log out of the system is itself recorded (who, when, from where, which part).
    await inTransaction(c, (ctx) => recordAudit(ctx, { action: 'audit.export', entity: 'audit_log', entityId: m.code, after: { filter: q } }));
    const rows = auditRowsInOrder(scopeOf(c), q);
    const enc = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(enc.encode(CSV_BOM + auditCsvHeader()));
      },
      async pull(controller) {
        try {
          const next = await rows.next();
          if (next.done) controller.close();
          else controller.enqueue(enc.encode(next.value.map(auditCsvLine).join('')));
        } catch (err) {
          log.error({ err, municipality: m.code }, '監査ログのCSV出力が途中で失敗しました');
          controller.error(err);
        }
      },
      async cancel() {
        await rows.return(undefined);
      },
    });
    const day = todayInTokyo().replace(/-/g, '');
    const ascii = `audit-${m.code}-${day}.csv`;
    const jp = encodeURIComponent(`監査ログ_${m.name}_${day}.csv`);
    return c.body(stream, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${jp}`,
      'cache-control': 'no-store',
    });
  });
  return r;
}
