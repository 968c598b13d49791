/** X-Forwarded-* believed only from configured proxies; the client is the rightmost hop no proxy vouches for. */
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { loadConfig } from '../../src/config.js';
import { clientIp, parseTrustedProxies, trustProxyFromEnv, TrustedProxies, type ProxyTrust } from '../../src/shared/http/request.js';
import { isHttps } from '../../src/modules/identity/http/request.js';

async function seen(trust: ProxyTrust, peer: string, headers: Record<string, string> = {}) {
  const app = new Hono();
  app.get('/', (c) => c.json({ ip: clientIp(c, trust), https: isHttps(c, trust) }));
  const res = await app.request('/', { headers }, { incoming: { socket: { remoteAddress: peer } } });
  return (await res.json()) as { ip: string; https: boolean };
}

describe('trusted proxies', () => {
  const xff = { 'x-forwarded-for': '198.51.100.1, 203.0.113.7', 'x-forwarded-proto': 'https' };

  it('ignores the headers from a peer that is not a trusted proxy', async () => {
    expect(await seen(false, '192.0.2.5', xff)).toEqual({ ip: '192.0.2.5', https: false });
    expect(await seen(true, '192.0.2.5', xff)).toEqual({ ip: '192.0.2.5', https: false });
    expect(await seen(new TrustedProxies(['10.0.0.0/8']), '192.0.2.5', xff)).toEqual({ ip: '192.0.2.5', https: false });
  });

  it('GYOKAKU_TRUST_PROXY=1 trusts loopback only (also as ::ffff:127.0.0.1)', async () => {
    expect(await seen(true, '127.0.0.1', xff)).toEqual({ ip: '203.0.113.7', https: true });
    expect(await seen(true, '::ffff:127.0.0.1', xff)).toEqual({ ip: '203.0.113.7', https: true });
    expect(await seen(true, '::1', xff)).toEqual({ ip: '203.0.113.7', https: true });
  });

  it('takes the rightmost hop that is not itself a trusted proxy', async () => {
    const trust = new TrustedProxies(['10.0.0.0/8', '2001:db8::/32']);
    expect((await seen(trust, '10.1.2.3', { 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.9.9.9' })).ip).toBe('203.0.113.7');
    expect((await seen(trust, '2001:db8::1', { 'x-forwarded-for': '203.0.113.8' })).ip).toBe('203.0.113.8');
    // no header: the proxy itself
    expect((await seen(trust, '10.1.2.3')).ip).toBe('10.1.2.3');
  });

  it('reads the settings: the list wins over GYOKAKU_TRUST_PROXY; a bad entry stops the start', () => {
    expect(trustProxyFromEnv({ GYOKAKU_TRUST_PROXY: '1' })).toBe(true);
    expect(trustProxyFromEnv({})).toBe(false);
    const t = trustProxyFromEnv({ GYOKAKU_TRUSTED_PROXIES: '10.0.0.5, 172.16.0.0/12', GYOKAKU_TRUST_PROXY: '1' });
    expect(t).toBeInstanceOf(TrustedProxies);
    expect((t as TrustedProxies).has('172.20.1.1')).toBe(true);
    expect((t as TrustedProxies).has('127.0.0.1')).toBe(false);
    expect(parseTrustedProxies('10.0.0.1, nope, 10.0.0.0/33').invalid).toEqual(['nope', '10.0.0.0/33']);
    expect(loadConfig({ GYOKAKU_TRUSTED_PROXIES: '10.0.0.5,10.1.0.0/16' }).trustedProxies).toEqual(['10.0.0.5', '10.1.0.0/16']);
    expect(() => loadConfig({ GYOKAKU_TRUSTED_PROXIES: 'proxy.example' })).toThrow(/GYOKAKU_TRUSTED_PROXIES/);
  });
});
