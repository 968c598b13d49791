/**
 * In-memory limiter of failed attempts per key (client IP): at most `max`
 * failures in a fixed window of `windowMs` from the first one; once reached,
 * further attempts are refused until the window ends. Per process: with several
 * app processes each keeps its own count (the per-account lock in the database
 * is the limit that holds across processes).
 */

export interface AttemptLimiterOptions {
  max?: number;
  windowMs?: number;
  /** entries kept before expired ones are swept */
  sweepAt?: number;
}

interface Entry {
  count: number;
  windowStart: number;
}

export class AttemptLimiter {
  readonly max: number;
  readonly windowMs: number;
  private readonly sweepAt: number;
  private readonly entries = new Map<string, Entry>();

  constructor(opts: AttemptLimiterOptions = {}) {
    this.max = opts.max ?? 20;
    this.windowMs = opts.windowMs ?? 10 * 60 * 1000;
    this.sweepAt = opts.sweepAt ?? 10_000;
  }

  private live(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e && now - e.windowStart >= this.windowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** Milliseconds until the key may try again; 0 when it may now. */
  retryAfterMs(key: string, now: Date = new Date()): number {
    const t = now.getTime();
    const e = this.live(key, t);
    if (!e || e.count < this.max) return 0;
    return e.windowStart + this.windowMs - t;
  }

  /** Counts one failure; returns true when this failure reached the limit. */
  fail(key: string, now: Date = new Date()): boolean {
    const t = now.getTime();
    if (this.entries.size >= this.sweepAt) this.sweep(t);
    const e = this.live(key, t);
    if (!e) {
      this.entries.set(key, { count: 1, windowStart: t });
      return this.max <= 1;
    }
    e.count++;
    return e.count === this.max;
  }

  private sweep(now: number): void {
    for (const [k, e] of this.entries) if (now - e.windowStart >= this.windowMs) this.entries.delete(k);
  }
}
