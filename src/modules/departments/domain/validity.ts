/** A 課 is valid on a day when valid_from <= day < valid_to (either bound open). ISO dates compare as strings. */
export function isValidOn(d: { validFrom: string | null; validTo: string | null }, day: string): boolean {
  return (d.validFrom === null || d.validFrom <= day) && (d.validTo === null || day < d.validTo);
}

/** Follows successor links (renamed or merged 課) to the department that answers today; stops on a cycle. */
export function currentSuccessor<T extends { id: string; successorId: string | null }>(id: string, all: Map<string, T>): T | undefined {
  const seen = new Set<string>();
  let cur = all.get(id);
  while (cur?.successorId && !seen.has(cur.id)) {
    seen.add(cur.id);
    const next = all.get(cur.successorId);
    if (!next) break;
    cur = next;
  }
  return cur;
}
