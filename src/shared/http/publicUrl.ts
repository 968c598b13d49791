/**
 * The public base URL (GYOKAKU_PUBLIC_URL): the scheme, host and port citizens and harvesters reach
 * gyokaku by. Absolute links in public documents (the open-data catalogue) are built from it and
 * never from the request's Host or X-Forwarded-Host, which a client chooses and a shared cache
 * would then serve to everyone. Pure.
 */

/** The origin (https://host[:port], no trailing slash), or a Japanese reason it is not acceptable. */
export function parsePublicUrl(raw: string): { ok: true; url: string } | { ok: false; reason: string } {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return { ok: false, reason: '絶対URL（例: https://gyokaku.city.example.lg.jp）ではありません' };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { ok: false, reason: 'http:// または https:// で始めてください' };
  if (u.username || u.password) return { ok: false, reason: 'ユーザー名やパスワードは含められません' };
  // public pages and the API are served from the root: a path prefix would give links that lead nowhere
  if (u.pathname !== '/' || u.search || u.hash || /[?#]/.test(raw)) return { ok: false, reason: 'パス・クエリ・フラグメント（/ や ? や # 以降）は付けられません' };
  return { ok: true, url: u.origin };
}

/**
 * An absolute URL for a root-relative path: on the configured public base when there is one,
 * otherwise the path itself (relative, resolved by whoever follows it against where they got it).
 */
export const publicLink = (publicUrl: string | undefined, path: string): string => `${publicUrl ?? ''}${path}`;
