import { describe, expect, it } from 'vitest';
import { isConnectionError, isDiskFullError, StoreUnavailableError, storeUnavailableIn } from '../../src/db/availability.js';

const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: insert …'), { cause });
const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('which database failures are the system’s state (503), not the request’s fault', () => {
  it.each(['08006', '08001', '57P01', '57P02', '57P03', '53300', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE'])('%s is a lost connection, also wrapped by drizzle', (code) => {
    expect(isConnectionError(coded(code))).toBe(true);
    expect(isConnectionError(wrapped(coded(code)))).toBe(true);
  });
  it('node-postgres’s words without a code are lost connections too', () => {
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(wrapped(new Error('Client has encountered a connection error and is not queryable')))).toBe(true);
  });
  it('ordinary database errors are not', () => {
    for (const code of ['23505', '22021', '40001', '42P01']) expect(isConnectionError(wrapped(coded(code)))).toBe(false);
    expect(isConnectionError(new Error('PGlite is closed'))).toBe(false);
  });
  it('a full disk: SQLSTATE 53100, ENOSPC, or the message', () => {
    expect(isDiskFullError(wrapped(coded('53100')))).toBe(true);
    expect(isDiskFullError(coded('ENOSPC'))).toBe(true);
    expect(isDiskFullError(new Error('could not write to file "pg_wal/xlogtemp.42": No space left on device'))).toBe(true);
    expect(isDiskFullError(coded('23505'))).toBe(false);
  });
  it('finds the store’s own refusal inside drizzle’s wrapping', () => {
    const refusal = new StoreUnavailableError('store_busy', '混雑', 5);
    expect(storeUnavailableIn(wrapped(refusal))).toBe(refusal);
    expect(storeUnavailableIn(wrapped(coded('08006')))).toBeUndefined();
  });
});
