/**
 * ETags computed from what a response is made of (row versions), not from its bytes: the check
 * costs one small query instead of building the response. They are weak (W/"…"): they name the
 * content, not one byte encoding of it, so they survive compression.
 */
import { createHash, randomUUID } from 'node:crypto';

// A new build may shape the same rows differently: tags from another process run or build never match.
// (Behind several processes this only costs a full answer now and then, never a stale one.)
const BUILD = randomUUID();

/** A weak ETag over the given parts (anything JSON can write). */
export function fingerprintEtag(parts: unknown): string {
  return `W/"${createHash('sha256').update(BUILD).update(JSON.stringify(parts)).digest('base64url').slice(0, 32)}"`;
}

/** If-None-Match names this ETag (or any, with *): weak comparison, as RFC 9110 asks for GET and HEAD. */
export function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

/** Sorted keys, no undefined: the same query in any order gives the same ETag. */
export function canonicalQuery(q: Record<string, unknown>): [string, unknown][] {
  return Object.entries(q)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
