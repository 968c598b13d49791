/**
 * Text PostgreSQL cannot store: U+0000 (refused in text and jsonb) and a UTF-16 surrogate
 * without its pair (refused in jsonb, and no character at all). Pure; used at the HTTP edge.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

export const hasUnstorableText = (s: string): boolean => UNSTORABLE.test(s);

/** For showing such a string back (e.g. an object key in a field path): each bad unit becomes U+FFFD. */
export const replaceUnstorableText = (s: string): string => s.replace(UNSTORABLE_ALL, '\uFFFD');

export interface UnstorableAt {
  /** dot-joined path of the value, as parseInput names fields ('' for the whole value) */
  path: string;
  /** the bad text is an object key rather than a value */
  key: boolean;
}

/**
 * Every place in a parsed JSON value where a string (value or key) cannot be stored. Iterative, so
 * a deeply nested body cannot overflow the stack; stops after `limit` hits.
 */
export function findUnstorableText(value: unknown, limit = 50): UnstorableAt[] {
  const hits: UnstorableAt[] = [];
  const stack: { v: unknown; path: string[] }[] = [{ v: value, path: [] }];
  while (stack.length && hits.length < limit) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (hasUnstorableText(v)) hits.push({ path: path.join('.'), key: false });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, String(i)] });
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        const shown = replaceUnstorableText(k);
        if (shown !== k) hits.push({ path: [...path, shown].join('.'), key: true });
        else stack.push({ v: child, path: [...path, k] });
      }
    }
  }
  return hits;
}
