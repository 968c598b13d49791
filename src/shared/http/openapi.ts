/**
 * A small registry that routes describe themselves in, so /api/openapi.json is
 * generated from the same zod schemas that validate requests.
 */
import { z } from 'zod';

interface RouteDoc {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** name of the response schema in components (documented in api-types.ts) */
  response?: string;
  status?: number;
}

const routes: RouteDoc[] = [];

export function describeRoute(doc: RouteDoc): void {
  if (!routes.some((r) => r.method === doc.method && r.path === doc.path)) routes.push(doc);
}

const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z]+)/g, '{$1}');

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const params = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const query = r.query
      ? Object.entries(r.query.shape).map(([name, s]) => ({
          name,
          in: 'query',
          required: !(s as z.ZodType).safeParse(undefined).success,
          schema: z.toJSONSchema(s as z.ZodType, { io: 'input', unrepresentable: 'any' }),
        }))
      : [];
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      parameters: [...params, ...query],
      responses: {
        [String(r.status ?? 200)]: {
          description: r.response ?? 'OK',
          ...(r.response ? { content: { 'application/json': { schema: { $ref: `#/components/schemas/${r.response}` } } } } : {}),
        },
        '4XX': { description: 'エラー', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorBody' } } } },
      },
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }) } } };
    (paths[toOpenApiPath(r.path)] ??= {})[r.method] = op;
  }
  const names = [...new Set(routes.map((r) => r.response).filter((x): x is string => !!x)), 'ApiErrorBody'];
  return {
    openapi: '3.1.0',
    info: {
      title: 'gyokaku API',
      version: '0.1.0',
      description:
        '行政改革大綱・DX推進計画の進行管理 API。応答の型は src/shared/api-types.ts に定義されています。エラーは常に ApiErrorBody の形で、message は日本語です。',
    },
    paths,
    components: {
      schemas: Object.fromEntries(names.map((n) => [n, { type: 'object', description: `src/shared/api-types.ts の ${n}` }])),
    },
  };
}
