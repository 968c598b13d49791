/**
 * A bounded memo of promised results by key, least recently used out first. For work whose result is
 * fixed by its key (a chart by its spec, a PDF by the digest of what it is made from): concurrent callers
 * share one piece of work, and a failure is not kept, so the next caller tries again.
 */
export function keptPromises<T>(max: number): (key: string, make: () => Promise<T>) => Promise<T> {
  const kept = new Map<string, Promise<T>>();
  return (key, make) => {
    const hit = kept.get(key);
    if (hit) {
      kept.delete(key);
      kept.set(key, hit);
      return hit;
    }
    const made = make();
    kept.set(key, made);
    made.catch(() => {
      if (kept.get(key) === made) kept.delete(key);
    });
    while (kept.size > max) kept.delete(kept.keys().next().value!);
    return made;
  };
}
