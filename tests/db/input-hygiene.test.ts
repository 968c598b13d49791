/**
 * NUL bytes and lone surrogates anywhere in a request: PostgreSQL refuses U+0000 in text and
 * jsonb and an unpaired \ud800 in jsonb, so without a check at the edge they became 500s. Every
 * route the OpenAPI document describes gets the bad string in its body (every string, and every
 * key), its query parameters and its path parameters, on both databases: none may answer 500, and
 * a body or query carrying one is refused with 400/422 naming the field.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Store } from '../../src/db/client.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import { buildSmallPlan, type SmallPlan } from '../support/fixtures.js';
import { backends, openTestStore } from '../support/stores.js';

const NUL = 'a\u0000b';
const LONE = 'a\ud800b';
const JSON_HEADERS = { 'content-type': 'application/json', 'x-requested-with': 'gyokaku', origin: 'http://localhost' };

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
};

/**
 * A body shaped like the schema. `bad` goes into every free string (and, with `everywhere`, into
 * patterned ones and object keys too); the rest is plausible so the bad string gets as far as it can.
 */
function sample(s: Schema | undefined, bad: string, everywhere: boolean, ids: { uuid: string }): unknown {
  if (!s) return bad;
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return sample(alt.find((x) => x.type !== 'null') ?? alt[0], bad, everywhere, ids);
  if (s.allOf?.[0]) return sample(s.allOf[0], bad, everywhere, ids);
  if (s.const !== undefined) return s.const;
  if (s.enum) return everywhere ? bad : s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sample(v, bad, everywhere, ids);
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        out[everywhere ? bad : '2026'] = sample(s.additionalProperties, bad, everywhere, ids);
      }
      return out;
    }
    case 'array':
      return [sample(s.items, bad, everywhere, ids)];
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' && s.minimum > -1e9 ? Math.max(s.minimum, 1) : 1;
    case 'boolean':
      return false;
    case 'string':
      if (everywhere) return bad;
      if (s.format === 'uuid') return ids.uuid;
      if (s.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return '2026-04-01';
      if (s.pattern) return '2026';
      return bad;
    default:
      return bad;
  }
}

interface Op {
  method: string;
  path: string;
  query: string[];
  body?: Schema;
}

describe.each(backends())('NUL and lone surrogates in requests on %s', (kind) => {
  let store: Store;
  let f: SmallPlan;
  let app: ReturnType<typeof createApp>;
  let ops: Op[];

  const fillPath = (p: string, override?: string) =>
    p.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (override !== undefined && name !== 'code') return override;
      if (name === 'code') return f.municipality.code;
      if (name === 'planId') return f.plan.id;
      if (name === 'nodeId') return f.nodes.item1.id;
      if (name === 'departmentId') return f.departments.zaisei.id;
      if (name === 'tagId') return f.tags.dx.id;
      return randomUUID();
    });

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildSmallPlan(store, '入力検査市');
    app = createApp({ store });
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; requestBody?: { content: { 'application/json': { schema: Schema } } } }>>;
    };
    ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        query: op.parameters.filter((p) => p.in === 'query').map((p) => p.name),
        ...(op.requestBody ? { body: op.requestBody.content['application/json'].schema } : {}),
      })),
    );
  });
  afterAll(() => store.close());

  it('finds routes with bodies and query parameters in the OpenAPI document', () => {
    expect(ops.filter((o) => o.body).length).toBeGreaterThan(30);
    expect(ops.filter((o) => o.query.length).length).toBeGreaterThan(20);
    expect(ops.some((o) => o.method === 'POST' && o.path === '/api/auth/login')).toBe(true);
  });

  for (const [label, bad] of [
    ['NUL', NUL],
    ['a lone surrogate', LONE],
  ] as const) {
    it(`refuses ${label} in every JSON body with 400/422 naming the field, never 500`, async () => {
      const failures: string[] = [];
      for (const op of ops.filter((o) => o.body)) {
        for (const everywhere of [false, true]) {
          const body = sample(op.body, bad, everywhere, { uuid: f.nodes.item1.id });
          const text = JSON.stringify(body);
          // a body of numbers and flags only carries nothing bad: it just must not fail
          const carries = text.includes(JSON.stringify(bad).slice(2, -2));
          const res = await app.request(fillPath(op.path), { method: op.method, headers: JSON_HEADERS, body: text });
          const json = (await res.json().catch(() => null)) as ApiErrorBody | null;
          if (res.status === 500) failures.push(`${op.method} ${op.path} (${everywhere ? 'all strings' : 'free strings'}): 500`);
          else if (!carries) continue;
          else if (res.status !== 400 && res.status !== 422) failures.push(`${op.method} ${op.path}: ${res.status}`);
          else if (!json?.error.message) failures.push(`${op.method} ${op.path}: no message`);
        }
      }
      expect(failures).toEqual([]);
    });

    it(`refuses ${label} in every query parameter, never 500`, async () => {
      const failures: string[] = [];
      for (const op of ops.filter((o) => o.query.length)) {
        for (const name of op.query) {
          // a lone surrogate cannot be percent-encoded as such: its three UTF-8-style bytes are sent instead
          const url = `${fillPath(op.path)}?${name}=${bad === NUL ? 'a%00b' : 'a%ED%A0%80b'}`;
          const res = await app.request(url, { method: op.method, headers: JSON_HEADERS });
          // undecodable bytes become U+FFFD (a character that can be stored), so only NUL must be refused here
          if (res.status === 500) failures.push(`${op.method} ${op.path}?${name}: 500`);
          else if (bad === NUL && res.status !== 400 && res.status !== 422) failures.push(`${op.method} ${op.path}?${name}: ${res.status}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('refuses NUL in every path parameter, never 500', async () => {
    const failures: string[] = [];
    for (const op of ops.filter((o) => /\{(?!code\})\w+\}/.test(o.path))) {
      for (const raw of ['a%00b', '%ED%A0%80']) {
        const res = await app.request(fillPath(op.path, raw), { method: op.method, headers: JSON_HEADERS, body: op.body ? '{}' : undefined });
        if (res.status === 500) failures.push(`${op.method} ${op.path} with ${raw}: 500`);
        else if (raw === 'a%00b' && res.status !== 400) failures.push(`${op.method} ${op.path} with ${raw}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('names the field path of the bad string and keeps the message Japanese', async () => {
    const res = await app.request(`/api/m/${f.municipality.code}/plans/${f.plan.id}/nodes/${f.nodes.item1.id}`, {
      method: 'PATCH',
      headers: JSON_HEADERS,
      body: JSON.stringify({ version: 1, title: 'ok', change: { reason: `理由${'\u0000'}` }, departments: [{ id: LONE, lead: true }] }),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as ApiErrorBody;
    expect(body.error.code).toBe('validation');
    expect(body.error.message).toMatch(/使えない文字/);
    expect(body.error.fields!.map((x) => x.path).sort()).toEqual(['change.reason', 'departments.0.id']);
    expect(body.error.fields![0]!.message).toMatch(/[ぁ-ん]/);
  });

  it('refuses NUL at the unauthenticated login with a message, and in the login path of a required-session app', async () => {
    const strict = createApp({ store, auth: 'required' });
    for (const a of [app, strict]) {
      const res = await a.request('/api/auth/login', {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ municipalityCode: f.municipality.code, loginId: `user${'\u0000'}`, password: `pw${'\ud800'}` }),
      });
      expect(res.status).toBe(422);
      const body = (await res.json()) as ApiErrorBody;
      expect(body.error.fields!.map((x) => x.path).sort()).toEqual(['loginId', 'password']);
    }
  });

  it('refuses NUL in multipart form fields and file names, never 500', async () => {
    const upload = async (planId: string, fileName: string) => {
      const form = new FormData();
      form.set('planId', planId);
      form.set('file', new File(['番号,項目\n1,テスト\n'], fileName, { type: 'text/csv' }));
      return app.request(`/api/m/${f.municipality.code}/imports/uploads`, { method: 'POST', headers: { 'x-requested-with': 'gyokaku', origin: 'http://localhost' }, body: form });
    };
    const field = await upload(`${f.plan.id}\u0000`, 'plan.csv');
    expect(field.status).toBe(422);
    expect(((await field.json()) as ApiErrorBody).error.fields!.map((x) => x.path)).toEqual(['planId']);
    const name = await upload(f.plan.id, 'pl\u0000an.csv');
    expect(name.status).toBe(422);
    expect(((await name.json()) as ApiErrorBody).error.fields!.map((x) => x.path)).toEqual(['file']);
  });

  it('answers an import file with NUL: refused as not a table when at its start, cleaned cell by cell after it, never 500', async () => {
    const send = (text: string) => {
      const form = new FormData();
      form.set('planId', f.plan.id);
      form.set('file', new File([text], 'nul.csv', { type: 'text/csv' }));
      return app.request(`/api/m/${f.municipality.code}/imports/uploads`, { method: 'POST', headers: { 'x-requested-with': 'gyokaku', origin: 'http://localhost' }, body: form });
    };
    const early = await send(`番号,項目名\n1,テスト\u0000項目\n`);
    expect(early.status).toBe(422);
    expect(((await early.json()) as ApiErrorBody).error.message).toMatch(/nul\.csv/);
    // past the first 8 KB the file is taken as text; the cell keeps its text with U+FFFD in place of NUL
    const filler = Array.from({ length: 2000 }, (_, i) => `${i + 1},項目${i + 1}`).join('\n');
    const late = await send(`番号,項目名\n${filler}\n2001,後半\u0000の項目\n`);
    const lateText = await late.clone().text();
    expect(late.status, lateText).toBe(201);
    const text = await late.text();
    expect(text).not.toContain('\\u0000');
    expect(text).toContain('後半\uFFFDの項目');
  });
});
