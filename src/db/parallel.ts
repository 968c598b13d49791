import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';

/**
 * Runs independent reads in parallel on a pool, but one after another inside a
 * transaction: a transaction is one connection, and pg refuses overlapping queries on it.
 */
export async function readAll<T extends readonly (() => Promise<unknown>)[]>(
  db: Executor,
  thunks: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if (!(db instanceof PgTransaction)) return Promise.all(thunks.map((t) => t())) as never;
  const out: unknown[] = [];
  for (const t of thunks) out.push(await t());
  return out as never;
}
