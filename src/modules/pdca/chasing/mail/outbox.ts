/**
 * Delivers pending email_outbox rows over SMTP. Rows are written in the same
 * transaction as their cause (a reminder); delivery runs after the commit, so a
 * rolled-back reminder never sends mail and a slow relay never holds a transaction.
 *
 * One delivery at a time per municipality in this process (single flight); a
 * kick during a run makes the run go round once more. Several processes on one
 * PostgreSQL could both pick the same pending row (there is no claim column);
 * see docs/decisions/0003-smtp.md.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../../../db/client.js';
import { emailOutbox, municipalities } from '../../../../db/schema.js';
import type { TenantScope } from '../../../../shared/context.js';
import type { SmtpConfig } from './config.js';
import { buildMessage } from './message.js';
import { sendMessages, type Envelope } from './smtp.js';

/** After this many failed attempts a row is left alone (and shown with its last error). */
export const MAX_ATTEMPTS = 5;
const BATCH = 50;

export interface DeliveryReport {
  sent: number;
  failed: number;
}

export async function pendingMail(scope: TenantScope, limit = BATCH) {
  return scope.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.municipalityId, scope.municipalityId), isNull(emailOutbox.sentAt), lt(emailOutbox.attempts, MAX_ATTEMPTS)))
    .orderBy(asc(emailOutbox.createdAt), asc(emailOutbox.id))
    .limit(limit);
}

/** Sends one batch of the municipality's pending mail and records each outcome on its row. */
export async function deliverPending(scope: TenantScope, cfg: SmtpConfig, now: () => Date = () => new Date()): Promise<DeliveryReport> {
  const rows = await pendingMail(scope);
  if (!rows.length) return { sent: 0, failed: 0 };
  const envelopes: Envelope[] = [];
  const invalid = new Map<string, string>();
  for (const r of rows) {
    try {
      envelopes.push({ id: r.id, to: r.to, data: buildMessage({ from: cfg.from, to: r.to, subject: r.subject, body: r.body, date: now(), messageId: randomUUID() }) });
    } catch (e) {
      invalid.set(r.id, e instanceof Error ? e.message : String(e));
    }
  }
  const results = envelopes.length ? await sendMessages(cfg, envelopes) : [];
  const where = (id: string) => and(eq(emailOutbox.municipalityId, scope.municipalityId), eq(emailOutbox.id, id));
  let sent = 0;
  let failed = 0;
  for (const r of results) {
    if (r.ok) {
      sent++;
      await scope.db.update(emailOutbox).set({ sentAt: now(), attempts: sql`${emailOutbox.attempts} + 1`, lastError: '' }).where(where(r.id));
    } else {
      failed++;
      await scope.db
        .update(emailOutbox)
        .set({ attempts: r.permanent ? MAX_ATTEMPTS : sql`${emailOutbox.attempts} + 1`, lastError: r.error.slice(0, 1000) })
        .where(where(r.id));
    }
  }
  for (const [id, error] of invalid) {
    failed++;
    await scope.db.update(emailOutbox).set({ attempts: MAX_ATTEMPTS, lastError: error.slice(0, 1000) }).where(where(id));
  }
  return { sent, failed };
}

const running = new Map<string, Promise<void>>();
const again = new Set<string>();

/** Starts delivery for the municipality after a commit, unless one is running (then it runs once more). Never rejects. */
export function kickDelivery(db: Executor, municipalityId: string, cfg: SmtpConfig): Promise<void> {
  const current = running.get(municipalityId);
  if (current) {
    again.add(municipalityId);
    return current;
  }
  const run = (async () => {
    do {
      again.delete(municipalityId);
      await deliverPending({ db, municipalityId }, cfg);
    } while (again.has(municipalityId));
  })()
    .catch((err: unknown) => console.error('メール送信でエラーが発生しました:', err instanceof Error ? err.message : err))
    .finally(() => running.delete(municipalityId));
  running.set(municipalityId, run);
  return run;
}

/** Resolves when no delivery is running (tests, shutdown). */
export async function deliveriesIdle(): Promise<void> {
  while (running.size) await Promise.all([...running.values()]);
}

/**
 * Retries pending mail of every municipality every `intervalMs` (mail refused
 * for a moment, relay down). Not started by the server yet; returns stop().
 */
export function startOutboxWorker(db: Db, cfg: SmtpConfig, intervalMs = 60_000): () => void {
  const tick = async () => {
    const tenants = await db.select({ id: municipalities.id }).from(municipalities);
    for (const t of tenants) await kickDelivery(db, t.id, cfg);
  };
  const timer = setInterval(() => void tick().catch((err: unknown) => console.error('メール再送でエラーが発生しました:', err)), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
