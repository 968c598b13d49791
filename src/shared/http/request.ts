/**
 * The client address. Proxy headers (X-Forwarded-For, -Proto, -Host) are believed only when the
 * connecting peer is one of the configured reverse proxies: GYOKAKU_TRUSTED_PROXIES (addresses and
 * CIDR ranges, comma-separated), or GYOKAKU_TRUST_PROXY=1, which trusts a proxy on the same host
 * (loopback) only. From anyone else the headers are ignored: a client reaching the app directly could
 * otherwise write any address into audit rows and dodge the per-address login limit.
 */
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';

/** The proxies whose forwarding headers are believed. */
export class TrustedProxies {
  private readonly list = new BlockList();
  constructor(readonly entries: readonly string[]) {
    for (const e of entries) {
      const parsed = parseProxyEntry(e);
      if (!parsed) throw new RangeError(`信頼するプロキシの指定が正しくありません: ${e}`);
      if (parsed.prefix === undefined) this.list.addAddress(parsed.address, parsed.family);
      else this.list.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
  }

  has(address: string): boolean {
    const a = normalizeAddress(address);
    const family = isIP(a);
    if (!family) return false;
    return this.list.check(a, family === 6 ? 'ipv6' : 'ipv4');
  }
}

export const LOOPBACK_PROXIES: readonly string[] = ['127.0.0.0/8', '::1'];

/**
 * What the routes are given: false (believe no proxy header), true (a proxy on this host: loopback),
 * or the configured proxies.
 */
export type ProxyTrust = boolean | TrustedProxies;

/** '::ffff:192.0.2.1' (an IPv4 client on a dual-stack socket) → '192.0.2.1'; '[::1]' → '::1' */
export function normalizeAddress(address: string): string {
  let a = address.trim();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return mapped ? mapped[1]! : a;
}

function parseProxyEntry(entry: string): { address: string; family: 'ipv4' | 'ipv6'; prefix?: number } | null {
  const [addr, prefixText, ...rest] = entry.trim().split('/');
  if (rest.length || !addr) return null;
  const address = normalizeAddress(addr);
  const v = isIP(address);
  if (!v) return null;
  const family = v === 6 ? 'ipv6' : 'ipv4';
  if (prefixText === undefined) return { address, family };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > (v === 6 ? 128 : 32)) return null;
  return { address, family, prefix };
}

/** Checks GYOKAKU_TRUSTED_PROXIES; returns the entries, or the ones that are not an address or CIDR range. */
export function parseTrustedProxies(value: string | undefined): { entries: string[]; invalid: string[] } {
  const entries = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { entries, invalid: entries.filter((e) => !parseProxyEntry(e)) };
}

let fromEnvCache: { key: string; trust: ProxyTrust } | undefined;

/** GYOKAKU_TRUSTED_PROXIES first; else GYOKAKU_TRUST_PROXY=1 means loopback only; else none. */
export function trustProxyFromEnv(env: NodeJS.ProcessEnv = process.env): ProxyTrust {
  const key = `${env.GYOKAKU_TRUSTED_PROXIES ?? ''}|${env.GYOKAKU_TRUST_PROXY ?? ''}`;
  if (fromEnvCache?.key === key) return fromEnvCache.trust;
  const { entries, invalid } = parseTrustedProxies(env.GYOKAKU_TRUSTED_PROXIES);
  // a bad value stops the start (config.ts); here the valid entries are kept
  const valid = entries.filter((e) => !invalid.includes(e));
  const trust: ProxyTrust = valid.length ? new TrustedProxies(valid) : env.GYOKAKU_TRUST_PROXY === '1' || env.GYOKAKU_TRUST_PROXY === 'true';
  fromEnvCache = { key, trust };
  return trust;
}

let loopback: TrustedProxies | undefined;
const proxiesOf = (trust: ProxyTrust): TrustedProxies | null =>
  trust === false ? null : trust === true ? (loopback ??= new TrustedProxies(LOOPBACK_PROXIES)) : trust;

/** The address of the connecting socket ('' when there is none, e.g. app.request in tests). */
export function peerAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return normalizeAddress(env?.incoming?.socket?.remoteAddress ?? '');
}

/** Whether this request came through a trusted proxy, so that its X-Forwarded-* headers may be read. */
export function fromTrustedProxy(c: Context, trust: ProxyTrust): boolean {
  const proxies = proxiesOf(trust);
  return proxies !== null && proxies.has(peerAddress(c));
}

/**
 * The client's address: the socket's; or, when the socket is a trusted proxy, the rightmost
 * X-Forwarded-For entry that is not itself a trusted proxy (entries further left were written by
 * the client or by proxies nobody vouches for, and may be forged).
 */
export function clientIp(c: Context, trust: ProxyTrust): string {
  const peer = peerAddress(c);
  const proxies = proxiesOf(trust);
  if (!proxies || !proxies.has(peer)) return peer;
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => normalizeAddress(s))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!isIP(hop)) return peer;
    if (!proxies.has(hop)) return hop;
  }
  return hops[0] ?? peer;
}
