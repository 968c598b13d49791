/**
 * Delivers pending email_outbox rows over SMTP. Rows are written in the same
 * transaction as their cause (a reminder); delivery runs after the commit, so a
 * rolled-back reminder never sends mail and a slow relay never holds a transaction.
 *
 * Several app processes may share one PostgreSQL: a sender first claims the rows it
 * will send (a lease, `claimed_until`, taken with FOR UPDATE SKIP LOCKED), so no
 * row is sent by two processes; the lease of a process that died runs out and the
 * rows are taken again. A failed row waits before its next attempt (back-off,
 * domain/delivery.ts). In one process, one delivery runs at a time per
 * municipality (single flight); a kick during a run makes it go round once more.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../../../db/client.js';
import { emailOutbox } from '../../../../db/schema.js';
import type { TenantScope } from '../../../../shared/context.js';
import { log } from '../../../../shared/log.js';
import { claimUntil, MAX_ATTEMPTS, nextAttemptAt } from '../domain/delivery.js';
import type { SmtpConfig } from './config.js';
import { buildMessage } from './message.js';
import { sendMessages, type Envelope } from './smtp.js';

export { MAX_ATTEMPTS };
const BATCH = 50;

export interface DeliveryReport {
  sent: number;
  failed: number;
}

type OutboxRow = typeof emailOutbox.$inferSelect;

/**
 * Not sent, not given up, its back-off over, and no live lease on it. A row never tried is due at once
 * whatever its next_attempt_at (the database's clock, which may run ahead of this process's).
 */
const isDue = (now: Date) =>
  and(
    isNull(emailOutbox.sentAt),
    lt(emailOutbox.attempts, MAX_ATTEMPTS),
    or(eq(emailOutbox.attempts, 0), lte(emailOutbox.nextAttemptAt, now)),
    or(isNull(emailOutbox.claimedUntil), lte(emailOutbox.claimedUntil, now)),
  );

/**
 * Takes up to `limit` of the municipality's due rows for this sender, oldest first: one statement
 * that locks them (rows another sender is taking are skipped, not waited for) and sets their lease.
 */
export async function claimPending(scope: TenantScope, now: Date, limit = BATCH): Promise<OutboxRow[]> {
  const m = scope.municipalityId;
  const due = scope.db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.municipalityId, m), isDue(now)))
    .orderBy(asc(emailOutbox.createdAt), asc(emailOutbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await scope.db
    .update(emailOutbox)
    .set({ claimedUntil: claimUntil(now) })
    .where(and(eq(emailOutbox.municipalityId, m), inArray(emailOutbox.id, due)))
    .returning();
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Sends one batch of the municipality's due mail and records each outcome on its row (and gives up its lease). */
export async function deliverPending(scope: TenantScope, cfg: SmtpConfig, now: () => Date = () => new Date()): Promise<DeliveryReport> {
  const rows = await claimPending(scope, now());
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
  const byId = new Map(rows.map((r) => [r.id, r]));
  const where = (id: string) => and(eq(emailOutbox.municipalityId, scope.municipalityId), eq(emailOutbox.id, id));
  /** the row after a failure: given up (permanent, or out of attempts), or due again after the back-off */
  const failure = (id: string, error: string, permanent: boolean) => {
    const attempts = permanent ? MAX_ATTEMPTS : (byId.get(id)?.attempts ?? 0) + 1;
    const at = nextAttemptAt(attempts, now());
    return { attempts, lastError: error.slice(0, 1000), claimedUntil: null, ...(at ? { nextAttemptAt: at } : {}) };
  };
  let sent = 0;
  let failed = 0;
  for (const r of results) {
    if (r.ok) {
      sent++;
      await scope.db.update(emailOutbox).set({ sentAt: now(), attempts: sql`${emailOutbox.attempts} + 1`, lastError: '', claimedUntil: null }).where(where(r.id));
    } else {
      failed++;
      await scope.db.update(emailOutbox).set(failure(r.id, r.error, r.permanent)).where(where(r.id));
    }
  }
  for (const [id, error] of invalid) {
    failed++;
    await scope.db.update(emailOutbox).set(failure(id, error, true)).where(where(id));
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
    .catch((err: unknown) => log.error({ err, municipalityId }, 'メール送信でエラーが発生しました'))
    .finally(() => running.delete(municipalityId));
  running.set(municipalityId, run);
  return run;
}

/** Resolves when no delivery is running (tests, shutdown). */
export async function deliveriesIdle(): Promise<void> {
  while (running.size) await Promise.all([...running.values()]);
}

/**
 * Shutdown: waits for the deliveries running now (and the rounds they were asked to go once more)
 * until `deadline` (epoch ms); true when none is left. A delivery still running at the deadline is
 * abandoned: its rows keep their lease, so the next start (or another process) sends them once the
 * lease has run out — a message the relay took just before the stop may then go twice, none is lost.
 */
export async function drainDeliveries(deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
    timer.unref();
  });
  try {
    return await Promise.race([deliveriesIdle().then(() => true), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The municipalities with mail due at `now`. The timer's one statement across tenants
 * (housekeeping, by the partial index on next_attempt_at), so an idle tick costs one query
 * however many municipalities share the database.
 */
export async function municipalitiesWithMailDue(db: Db, now: Date): Promise<string[]> {
  const rows = await db.selectDistinct({ id: emailOutbox.municipalityId }).from(emailOutbox).where(isDue(now));
  return rows.map((r) => r.id);
}

/**
 * Retries due mail (a relay down for a moment, mail refused for now) every `intervalMs`; started by
 * the server when SMTP is configured. Returns stop().
 */
export function startOutboxWorker(db: Db, cfg: SmtpConfig, intervalMs = 60_000): () => void {
  let stopped = false;
  const tick = async () => {
    // a tick under way when the server stops starts no new delivery (the store is about to close)
    for (const id of await municipalitiesWithMailDue(db, new Date())) if (!stopped) await kickDelivery(db, id, cfg);
  };
  const timer = setInterval(() => void tick().catch((err: unknown) => log.error({ err }, 'メール再送でエラーが発生しました')), intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
