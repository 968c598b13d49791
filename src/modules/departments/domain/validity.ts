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

/**
 * A department and every department it succeeded (renamed or merged 課), so a
 * filter by today's 課 also finds items still recorded under its former names.
 */
export function withPredecessors<T extends { id: string; successorId: string | null }>(id: string, all: readonly T[]): Set<string> {
  const out = new Set<string>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of all) {
      if (d.successorId && out.has(d.successorId) && !out.has(d.id)) {
        out.add(d.id);
        grew = true;
      }
    }
  }
  return out;
}
