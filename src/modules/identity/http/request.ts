/**
 * What the identity routes read from the request: client address, HTTPS, the
 * session cookie. Proxy headers (X-Forwarded-For, X-Forwarded-Proto,
 * X-Forwarded-Host) are believed only from a trusted proxy (GYOKAKU_TRUSTED_PROXIES,
 * or loopback with GYOKAKU_TRUST_PROXY=1); otherwise anyone could forge them.
 */
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE, formatSessionCookie } from '../domain/session.js';

import { fromTrustedProxy, type ProxyTrust } from '../../../shared/http/request.js';

export { clientIp, trustProxyFromEnv, type ProxyTrust } from '../../../shared/http/request.js';

export function isHttps(c: Context, trustProxy: ProxyTrust): boolean {
  if (fromTrustedProxy(c, trustProxy)) {
    const proto = c.req.header('x-forwarded-proto');
    if (proto) return proto.split(',')[0]!.trim().toLowerCase() === 'https';
  }
  return new URL(c.req.url).protocol === 'https:';
}

/** The origin the browser sees (scheme://host[:port]). */
export function publicOrigin(c: Context, trustProxy: ProxyTrust): string {
  const url = new URL(c.req.url);
  if (!fromTrustedProxy(c, trustProxy)) return url.origin;
  const host = c.req.header('x-forwarded-host')?.split(',')[0]!.trim() || c.req.header('host') || url.host;
  return `${isHttps(c, true) ? 'https' : 'http'}://${host}`;
}

const cookieOptions = (secure: boolean) => ({ httpOnly: true, sameSite: 'Lax' as const, path: '/', secure });

/**
 * A browser-session cookie (no Max-Age): it goes when the browser is closed, and
 * the server ends the session anyway after 8 idle hours or 7 days.
 */
export function setSessionCookie(c: Context, municipalityCode: string, token: string, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, formatSessionCookie({ municipalityCode, token }), cookieOptions(secure));
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(secure));
}
