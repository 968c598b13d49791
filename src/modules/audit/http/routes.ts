import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../shared/http/types.js';
import { authorize, scopeOf } from '../../../shared/http/tenant.js';
import { parseInput } from '../../../shared/http/validate.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { listAudit } from '../queries/listAudit.js';

const auditQuery = z.object({ entity: z.string().max(50).optional(), entityId: z.string().max(100).optional() });

export function auditRoutes() {
  const r = new Hono<AppEnv>();
  describeRoute({ method: 'get', path: '/api/m/:code/audit', summary: '監査ログ（誰が・いつ・どこから・変更前→変更後）', tag: '監査', query: auditQuery, response: 'AuditEntry[]' });
  r.get('/audit', async (c) => {
    const q = parseInput(auditQuery, c.req.query());
    authorize(c, 'audit.read');
    const rows = await listAudit(scopeOf(c), q);
    return c.json({ items: rows.map((a) => ({ ...a, at: a.at.toISOString() })) });
  });
  return r;
}
