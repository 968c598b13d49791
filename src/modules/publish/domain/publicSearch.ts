/**
 * Search on the citizens' site: the query and the texts are compared in one normal form, so that
 * full-width and half-width letters and digits (ＡＢＣ１２ / ABC12), half-width kana (ｶﾅ), katakana
 * and hiragana (カナ / かな) and upper and lower case find each other. Pure.
 *
 * Normal form: Unicode NFKC (width, compatibility characters, half-width kana with their voicing
 * marks) → katakana to hiragana → lower case → runs of white space as one space.
 */

export const SEARCH_LIMITS = {
  /** characters of the query as typed; a longer one is not searched (the page says why) */
  query: 100,
  /** results listed */
  results: 100,
  /** words of a query: each must appear */
  terms: 10,
  /** characters of context on each side of the first hit in an excerpt */
  context: 40,
} as const;

// ァ…ヶ and ヽヾ sit 0x60 above ぁ…ゖ and ゝゞ
const KATAKANA = /[\u30a1-\u30f6\u30fd\u30fe]/g;
const toHiragana = (s: string) => s.replace(KATAKANA, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
// control characters other than white space never match anything a person typed
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** The normal form used on both sides of a comparison. */
export function normalizeForSearch(text: string): string {
  return toHiragana(text.replace(CONTROL, '').normalize('NFKC')).toLowerCase().replace(/\s+/g, ' ');
}

export type QueryProblem = 'empty' | 'too_long';

export interface SearchQuery {
  /** the query as typed (trimmed), for the form and the messages */
  text: string;
  /** normalised words, each to be found; empty when there is a problem */
  terms: string[];
  problem: QueryProblem | null;
}

/** The query of `?q=`: trimmed, refused when empty or longer than SEARCH_LIMITS.query characters. */
export function parseQuery(raw: string | null | undefined): SearchQuery {
  const text = (raw ?? '').replace(CONTROL, '').trim();
  if (!text) return { text, terms: [], problem: 'empty' };
  if ([...text].length > SEARCH_LIMITS.query) return { text, terms: [], problem: 'too_long' };
  const terms = [...new Set(normalizeForSearch(text).split(' ').filter(Boolean))].slice(0, SEARCH_LIMITS.terms);
  return terms.length ? { text, terms, problem: null } : { text, terms: [], problem: 'empty' };
}

/** Whether every term appears in one of the (normalised) fields. */
export function matchesAll(terms: readonly string[], normalizedFields: readonly string[]): boolean {
  return terms.every((t) => normalizedFields.some((f) => f.includes(t)));
}

/** A piece of a text around a hit: `match` is the text as written that matched. */
export interface Excerpt {
  before: string;
  match: string;
  after: string;
  /** text left out before / after */
  clippedStart: boolean;
  clippedEnd: boolean;
}

// a base character with the marks that compose with it (combining marks, half-width ﾞ ﾟ)
const CLUSTER = /[\s\S][\p{M}\uff9e\uff9f]*/gu;

/**
 * The normal form of `text` with, for each of its characters, where it came from in `text`: the
 * clusters are normalised one by one so every normalised character maps back to what was written.
 */
function mappedNormal(text: string): { norm: string; from: number[]; to: number[] } {
  let norm = '';
  const from: number[] = [];
  const to: number[] = [];
  let lastSpace = false;
  for (const m of text.replace(CONTROL, ' ').matchAll(CLUSTER)) {
    const start = m.index!;
    const end = start + m[0].length;
    const piece = toHiragana(m[0].normalize('NFKC')).toLowerCase().replace(/\s+/g, ' ');
    if (piece === ' ') {
      if (lastSpace) continue;
      lastSpace = true;
    } else lastSpace = piece.endsWith(' ');
    for (const ch of piece) {
      norm += ch;
      for (let i = 0; i < ch.length; i++) {
        from.push(start);
        to.push(end);
      }
    }
  }
  return { norm, from, to };
}

/**
 * The excerpt of `text` around the first of `terms` found in it (terms in order), with
 * SEARCH_LIMITS.context characters either side; null when none is found.
 */
export function excerptOf(text: string, terms: readonly string[], context: number = SEARCH_LIMITS.context): Excerpt | null {
  const { norm, from, to } = mappedNormal(text);
  for (const t of terms) {
    const at = norm.indexOf(t);
    if (at < 0) continue;
    const start = from[at]!;
    const end = to[at + t.length - 1]!;
    const a = Math.max(0, start - context);
    const b = Math.min(text.length, end + context);
    return {
      before: text.slice(a, start).replace(/\s+/g, ' '),
      match: text.slice(start, end),
      after: text.slice(end, b).replace(/\s+/g, ' '),
      clippedStart: a > 0,
      clippedEnd: b < text.length,
    };
  }
  return null;
}

/** The start of a text as an excerpt without a hit (a result found by its title only). */
export function leadOf(text: string, length: number = SEARCH_LIMITS.context * 2): Excerpt | null {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return null;
  const cut = [...t].slice(0, length).join('');
  return { before: cut, match: '', after: '', clippedStart: false, clippedEnd: cut.length < t.length };
}

export interface SearchDoc<T> {
  /** title first, then the texts to search; the excerpt comes from the first text after the title with a hit */
  fields: readonly string[];
  payload: T;
}

export interface SearchHit<T> {
  payload: T;
  /** the title matched (such results come first) */
  inTitle: boolean;
  excerpt: Excerpt | null;
}

export interface SearchResult<T> {
  hits: SearchHit<T>[];
  /** every match, of which `hits` lists at most the limit */
  total: number;
}

/**
 * Documents with every term in one of their fields: those whose title has a term first, then in the
 * given order; at most `limit` listed, all counted.
 */
export function searchDocs<T>(docs: Iterable<SearchDoc<T>>, terms: readonly string[], limit: number = SEARCH_LIMITS.results): SearchResult<T> {
  if (!terms.length) return { hits: [], total: 0 };
  const titled: { doc: SearchDoc<T>; norm: string[] }[] = [];
  const rest: { doc: SearchDoc<T>; norm: string[] }[] = [];
  for (const doc of docs) {
    const norm = doc.fields.map(normalizeForSearch);
    if (!matchesAll(terms, norm)) continue;
    (terms.some((t) => norm[0]?.includes(t)) ? titled : rest).push({ doc, norm });
  }
  const total = titled.length + rest.length;
  const hits = [...titled, ...rest].slice(0, limit).map(({ doc, norm }, i): SearchHit<T> => {
    const inTitle = i < titled.length;
    const at = norm.findIndex((f, j) => j > 0 && terms.some((t) => f.includes(t)));
    const excerpt = at > 0 ? excerptOf(doc.fields[at]!, terms) : leadOf(doc.fields[1] ?? '');
    return { payload: doc.payload, inTitle, excerpt };
  });
  return { hits, total };
}
