/**
 * Search normalisation: NFKC folds full-width letters and digits (Ｒ４ → R4)
 * and half-width kana; lower-casing makes ASCII case-insensitive.
 */
export function normalizeForSearch(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Every space-separated term must appear in one of the fields (AND search, as in most municipal systems). */
export function matchesQuery(query: string, fields: readonly string[]): boolean {
  const terms = normalizeForSearch(query).split(' ').filter(Boolean);
  if (!terms.length) return true;
  const hay = fields.map(normalizeForSearch).join('\n');
  return terms.every((t) => hay.includes(t));
}
