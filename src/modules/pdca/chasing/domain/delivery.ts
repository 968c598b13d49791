/**
 * When mail that could not be delivered is tried again, and how long a sender holds the rows it
 * took. Pure: the outbox (mail/outbox.ts) applies these to its rows.
 */

/** After this many failed attempts a row is left alone (and shown with its last error). */
export const MAX_ATTEMPTS = 5;

/**
 * Minutes to wait after the 1st, 2nd, 3rd … failed attempt. A relay that is down for a moment is
 * retried soon; one that stays down is not hammered every minute by every app process.
 */
export const RETRY_DELAYS_MINUTES: readonly number[] = [1, 5, 15, 60];

/** When the row may be tried again after its `attempts`-th failure (1 = the first); null when it is given up. */
export function nextAttemptAt(attempts: number, now: Date): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const i = Math.max(0, Math.min(attempts, RETRY_DELAYS_MINUTES.length) - 1);
  return new Date(now.getTime() + RETRY_DELAYS_MINUTES[i]! * 60_000);
}

/**
 * How long a sender holds the rows it took: longer than one batch can take (50 messages on one
 * connection, 30 s timeout per step), so no other process sends them meanwhile; and short enough
 * that the rows of a process that died are taken again within minutes.
 */
export const CLAIM_LEASE_MS = 10 * 60_000;

/** The lease of rows taken at `now`. */
export const claimUntil = (now: Date): Date => new Date(now.getTime() + CLAIM_LEASE_MS);
