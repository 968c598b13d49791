/**
 * GET /api/health: the process is alive (no database query; for "restart it if this fails").
 * GET /api/ready: the process can serve: the database answers within a short time and its schema
 * is the one this build expects (for "send it traffic only while this succeeds").
 * Both are answered without a session and are never cached.
 */
import { Hono } from 'hono';
import { STORE_BROKEN_MESSAGE } from '../../db/availability.js';
import type { Store } from '../../db/client.js';
import { schemaStatus, type SchemaStatus } from '../../db/migrations.js';
import { describeRoute } from './openapi.js';
import type { AppEnv } from './types.js';

export const READY_TIMEOUT_MS = 2_000;

export type NotReadyReason = 'database_unavailable' | 'database_timeout' | 'migrations_pending' | 'schema_too_new' | 'disk_full';

export type Readiness =
  | { ok: true; store: Store['kind']; migrations: { applied: number } }
  | { ok: false; store: Store['kind']; reason: NotReadyReason; message: string; migrations?: { applied: number; pending: number; newer: number } };

class Timeout extends Error {}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), ms);
    timer.unref();
  });
  // a late failure of the abandoned query must not become an unhandled rejection
  work.catch(() => {});
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** Asks the database (one round trip for the migration table) whether this process can serve. */
export async function checkReadiness(store: Store, opts: { timeoutMs?: number; migrationsFolder?: string } = {}): Promise<Readiness> {
  const kind = store.kind;
  // the embedded store stopped after a full disk: asking it would only be refused (db/client.ts)
  if (store.broken()) return { ok: false, store: kind, reason: 'disk_full', message: STORE_BROKEN_MESSAGE };
  let status: SchemaStatus;
  try {
    status = await within(opts.timeoutMs ?? READY_TIMEOUT_MS, schemaStatus(store, opts.migrationsFolder));
  } catch (err) {
    if (err instanceof Timeout)
      return { ok: false, store: kind, reason: 'database_timeout', message: `データベースが ${(opts.timeoutMs ?? READY_TIMEOUT_MS) / 1000} 秒以内に応答しませんでした。` };
    return { ok: false, store: kind, reason: 'database_unavailable', message: 'データベースに接続できません。データベースの稼働状況と接続設定（DATABASE_URL）を確認してください。' };
  }
  const migrations = { applied: status.applied.length, pending: status.pending.length + status.skipped.length, newer: status.newer.length };
  if (migrations.newer)
    return {
      ok: false,
      store: kind,
      reason: 'schema_too_new',
      message: 'データベースは、このサーバーより新しいバージョンのgyokakuで更新されています。新しいバージョンで起動してください。',
      migrations,
    };
  if (migrations.pending)
    return {
      ok: false,
      store: kind,
      reason: 'migrations_pending',
      message: `データベースに未適用のマイグレーションが ${migrations.pending} 件あります。サーバーを止めて「node dist/cli.js migrate apply」を実行してください。`,
      migrations,
    };
  return { ok: true, store: kind, migrations: { applied: migrations.applied } };
}

const NO_STORE = { 'cache-control': 'no-store' };

describeRoute({ method: 'get', path: '/api/health', summary: '死活確認（プロセスが動いていれば200。データベースは見ない。サインイン不要）', tag: '運用' });
describeRoute({
  method: 'get',
  path: '/api/ready',
  summary: '稼働準備の確認（データベースが応答し、マイグレーションが最新なら200。そうでなければ503と理由 reason。サインイン不要）',
  tag: '運用',
});

/** Mounted before the session check: a probe has no session, and health must not touch the database. */
export function healthRoutes(opts: { migrationsFolder?: string; timeoutMs?: number } = {}) {
  const r = new Hono<AppEnv>();
  r.get('/api/health', (c) => c.json({ ok: true, store: c.get('store').kind }, 200, NO_STORE));
  r.get('/api/ready', async (c) => {
    const result = await checkReadiness(c.get('store'), opts);
    return c.json(result, result.ok ? 200 : 503, NO_STORE);
  });
  return r;
}
