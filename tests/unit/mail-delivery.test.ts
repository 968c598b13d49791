/** When undelivered mail is tried again, and how long a sender holds its rows (pdca/chasing/domain/delivery.ts). */
import { describe, expect, it } from 'vitest';
import { CLAIM_LEASE_MS, MAX_ATTEMPTS, RETRY_DELAYS_MINUTES, claimUntil, nextAttemptAt } from '../../src/modules/pdca/chasing/domain/delivery.js';

const now = new Date('2026-11-22T09:00:00+09:00');
const minutesAfter = (d: Date | null) => (d ? (d.getTime() - now.getTime()) / 60_000 : null);

describe('retry back-off', () => {
  it('waits longer after each failure: 1, 5, 15, then 60 minutes', () => {
    expect([1, 2, 3, 4].map((n) => minutesAfter(nextAttemptAt(n, now)))).toEqual([1, 5, 15, 60]);
    // the delays only grow
    expect(RETRY_DELAYS_MINUTES.every((d, i) => i === 0 || d > RETRY_DELAYS_MINUTES[i - 1]!)).toBe(true);
  });

  it('gives up after the last attempt', () => {
    expect(MAX_ATTEMPTS).toBe(5);
    expect(nextAttemptAt(MAX_ATTEMPTS, now)).toBeNull();
    expect(nextAttemptAt(MAX_ATTEMPTS + 3, now)).toBeNull();
  });

  it('treats a count below one as the first failure', () => {
    expect(minutesAfter(nextAttemptAt(0, now))).toBe(1);
  });
});

describe('claims', () => {
  it('hold the rows for the lease from the moment they are taken', () => {
    expect(claimUntil(now).getTime() - now.getTime()).toBe(CLAIM_LEASE_MS);
    expect(claimUntil(now).getTime()).toBeGreaterThan(now.getTime());
  });
});
