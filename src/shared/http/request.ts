/**
 * The client address. Proxy headers are believed only when GYOKAKU_TRUST_PROXY=1
 * (one reverse proxy in front that sets them); otherwise anyone could forge the
 * address written into audit rows.
 */
import type { Context } from 'hono';

export const trustProxyFromEnv = (env: NodeJS.ProcessEnv = process.env): boolean => env.GYOKAKU_TRUST_PROXY === '1';

/** The client's address: the socket's, or behind a trusted proxy the address that proxy appended last. */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const last = hops[hops.length - 1];
    if (last) return last;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? '';
}

