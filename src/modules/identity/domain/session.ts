/**
 * Session rules (pure; the clock is a parameter).
 * The cookie carries the 団体コード and a random token: `432041.<token>`. The code
 * lets the server look the session up inside one tenant (municipality_id first,
 * as every key in the schema), which also keeps the lookup on one shard of a
 * database distributed by municipality_id. Only the token's SHA-256 is stored.
 */

export const SESSION_COOKIE = 'gyokaku_session';
/** idle expiry: sliding, measured from last_seen_at */
export const IDLE_TIMEOUT_MS = 8 * 60 * 60 * 1000;
/** absolute expiry: stored in expires_at when the session is created */
export const ABSOLUTE_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often */
export const TOUCH_INTERVAL_MS = 60 * 1000;
/** 32 random bytes in base64url */
export const TOKEN_BYTES = 32;

const CODE_RE = /^\d{6}$/;
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export interface SessionCookie {
  municipalityCode: string;
  token: string;
}

export function parseSessionCookie(value: string | undefined): SessionCookie | null {
  if (!value) return null;
  const dot = value.indexOf('.');
  if (dot < 0) return null;
  const municipalityCode = value.slice(0, dot);
  const token = value.slice(dot + 1);
  if (!CODE_RE.test(municipalityCode) || !TOKEN_RE.test(token)) return null;
  return { municipalityCode, token };
}

export const formatSessionCookie = (c: SessionCookie): string => `${c.municipalityCode}.${c.token}`;

export interface SessionTimes {
  expiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

export type SessionState = 'active' | 'revoked' | 'expired' | 'idle';

export function sessionState(s: SessionTimes, now: Date): SessionState {
  if (s.revokedAt) return 'revoked';
  if (s.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (s.lastSeenAt.getTime() + IDLE_TIMEOUT_MS <= now.getTime()) return 'idle';
  return 'active';
}

export const needsTouch = (lastSeenAt: Date, now: Date): boolean => now.getTime() - lastSeenAt.getTime() >= TOUCH_INTERVAL_MS;

/** When the session will end if nothing else happens: the earlier of idle and absolute expiry. */
export const sessionEndsAt = (s: Pick<SessionTimes, 'expiresAt' | 'lastSeenAt'>): Date =>
  new Date(Math.min(s.expiresAt.getTime(), s.lastSeenAt.getTime() + IDLE_TIMEOUT_MS));
