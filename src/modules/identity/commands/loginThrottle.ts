/**
 * The login counters in the database (domain/loginThrottle.ts has the rules). Each attempt is one
 * INSERT … ON CONFLICT DO UPDATE … RETURNING per counter: atomic on PGlite and PostgreSQL alike, and
 * shared by every app process, so parallel attempts and several processes all count.
 */
import { createHash } from 'node:crypto';
import { and, eq, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { loginThrottle } from '../../../db/schema.js';
import { blockedUntilAfter, type ThrottleKind, type ThrottleLimit, type WindowLimit } from '../domain/loginThrottle.js';

const h = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 40);

/** The counters' keys: hashes, so the table holds no address or login id (a mistyped password may sit in the id). */
export function throttleKeys(ip: string, municipalityCode: string, loginId: string): Record<ThrottleKind, string> {
  const account = h(`${municipalityCode}\u0000${loginId}`);
  return { address: `address:${h(ip)}`, account: `account:${account}`, pair: `pair:${h(ip)}:${account}` };
}

export interface ThrottleResult {
  refused: boolean;
  failures: number;
  blockedUntil: Date | null;
}

const ts = (d: Date): SQL => sql`${d.toISOString()}::timestamptz`;

/** Counts one attempt, or refuses it while the key is blocked (then nothing changes but updated_at). */
export async function countAttempt(db: Executor, key: string, limit: ThrottleLimit, now: Date): Promise<ThrottleResult> {
  const t = loginThrottle;
  const nowSql = ts(now);
  const reset =
    limit.mode === 'window'
      ? sql`${t.windowStart} <= ${nowSql} - ${limit.windowMs} * interval '1 millisecond'`
      : sql`${t.updatedAt} < ${nowSql} - ${limit.forgetAfterMs} * interval '1 millisecond'`;
  const refused = sql`(not (${reset}) and ${t.blockedUntil} is not null and ${t.blockedUntil} > ${nowSql})`;
  const failures = sql`(case when ${reset} then 1 when ${refused} then ${t.failures} else ${t.failures} + 1 end)`;
  const windowStart = sql`(case when ${reset} then ${nowSql} else ${t.windowStart} end)`;
  const blockFor =
    limit.mode === 'window'
      ? sql`(case when ${failures} >= ${limit.max} then ${windowStart} + ${limit.windowMs} * interval '1 millisecond' end)`
      : sql`(case when ${failures} >= ${limit.free}
             then ${nowSql} + least(${limit.baseDelayMs}::float8 * power(2::float8, least(${failures} - ${limit.free}, 30)), ${limit.maxDelayMs}::float8) * interval '1 millisecond' end)`;
  const [row] = await db
    .insert(t)
    .values({ key, failures: 1, windowStart: now, blockedUntil: blockedUntilAfter(1, limit, now, now), refused: false, updatedAt: now })
    .onConflictDoUpdate({
      target: t.key,
      // every right-hand side reads the row as it was before this statement
      set: {
        failures,
        windowStart,
        blockedUntil: sql`(case when ${refused} then ${t.blockedUntil} else ${blockFor} end)`,
        refused,
        updatedAt: nowSql,
      },
    })
    .returning({ refused: t.refused, failures: t.failures, blockedUntil: t.blockedUntil });
  return { refused: row!.refused, failures: row!.failures, blockedUntil: row!.blockedUntil };
}

/** A successful login: the pair and account counters start again. */
export async function clearKeys(db: Executor, keys: string[]): Promise<void> {
  if (!keys.length) return;
  await db.delete(loginThrottle).where(or(...keys.map((k) => eq(loginThrottle.key, k))));
}

/** Gives back one counted attempt of an address (a successful login from a shared office address). */
export async function giveBack(db: Executor, key: string, limit: WindowLimit): Promise<void> {
  const t = loginThrottle;
  await db
    .update(t)
    .set({
      failures: sql`greatest(${t.failures} - 1, 0)`,
      blockedUntil: sql`(case when ${t.failures} - 1 >= ${limit.max} then ${t.blockedUntil} end)`,
    })
    .where(eq(t.key, key));
}

/** The administrator's unlock: every counter of the account (from any address). */
export async function clearAccount(db: Executor, municipalityCode: string, loginId: string): Promise<void> {
  const { account } = throttleKeys('', municipalityCode, loginId);
  const accountHash = account.slice('account:'.length);
  await db.delete(loginThrottle).where(or(eq(loginThrottle.key, account), like(loginThrottle.key, `pair:%:${accountHash}`)));
}

/** Drops counters nobody has touched for `olderThanMs` (the sweep). Returns how many. */
export async function purgeOldAttempts(db: Executor, now: Date, olderThanMs: number): Promise<number> {
  const rows = await db
    .delete(loginThrottle)
    .where(and(lt(loginThrottle.updatedAt, new Date(now.getTime() - olderThanMs))))
    .returning({ key: loginThrottle.key });
  return rows.length;
}
