/**
 * 担当課 cells: several departments in one cell (separated by spaces, 、, ・, line
 * breaks, /), names matched against the municipality's departments — current and
 * historical (renamed or abolished 課 keep their rows) — and, for a name that
 * matches nothing, the closest names by edit distance and common substrings. Pure.
 */
import { isValidOn } from '../../departments/domain/validity.js';

export interface DepartmentInfo {
  id: string;
  name: string;
  kind: string;
  validFrom: string | null;
  validTo: string | null;
  successorId: string | null;
}

/** Folded department name: NFKC, no whitespace, no lead marks. */
export function foldName(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^[◎○●◯〇・]+/, '')
    .replace(/[（(](?:主|主担当|副|共管|関係課)[）)]$/, '');
}

/** A token marked as the lead (主担当): ◎総務課, 総務課（主）. */
const isLeadMarked = (s: string) => /^[◎●]/.test(s.trim()) || /[（(](?:主|主担当)[）)]\s*$/.test(s);

const STRONG_SEPARATORS = /[\s\u3000、，,／/;；]+/;
const ORG_SUFFIX_RE = /(?:課|室|部|局|係|センター|所|館|署|園|班|事務局|委員会|公室)$/;

export interface NameResolver {
  /** id for a folded name, or null for "leave out"; undefined when unknown */
  resolve(folded: string): string | null | undefined;
}

export interface SplitName {
  /** as written (trimmed, lead marks removed) */
  name: string;
  folded: string;
  lead: boolean;
}

/**
 * Splits a 担当課 cell into names. Strong separators (spaces, 、, /, line breaks) always
 * split; 「・」 splits only when the whole does not match a known department and the
 * parts do (or all look like department names) — so 保健・福祉課 stays one name when
 * it is registered. Names run together without a separator (総務課財政課, as PDF text
 * sometimes has them) are cut where known names fit exactly.
 */
export function splitDepartments(cellText: string, known: NameResolver): SplitName[] {
  const out: SplitName[] = [];
  const push = (raw: string, lead: boolean) => {
    const name = raw.trim().replace(/^[◎○●◯〇・]+/, '').replace(/[（(](?:主|主担当|副|共管|関係課)[）)]$/, '').trim();
    if (name) out.push({ name, folded: foldName(name), lead });
  };
  for (const token of cellText.split(STRONG_SEPARATORS)) {
    if (!token.trim()) continue;
    const lead = isLeadMarked(token);
    const f = foldName(token);
    if (known.resolve(f) !== undefined) {
      push(token, lead);
      continue;
    }
    if (f.includes('・')) {
      const parts = splitOnDots(f, known);
      if (parts) {
        parts.forEach((p, i) => push(p, (lead && i === 0) || isLeadMarked(p)));
        continue;
      }
    }
    const seg = segmentByKnown(f, known);
    if (seg && seg.length > 1) {
      seg.forEach((p, i) => push(p, lead && i === 0));
      continue;
    }
    push(token, lead);
  }
  return out;
}

/**
 * 「保健・福祉課・市民課」 → 保健・福祉課, 市民課 when 保健・福祉課 is registered: the parts between
 * the dots are grouped so that as many groups as possible are known names. null when no part is
 * known and the parts do not all look like department names (keep the whole as one name).
 */
function splitOnDots(s: string, known: NameResolver): string[] | null {
  const parts = s.split('・').filter(Boolean);
  if (parts.length < 2) return null;
  const n = parts.length;
  const best: { score: number; pieces: string[] }[] = new Array(n + 1);
  best[n] = { score: 0, pieces: [] };
  for (let i = n - 1; i >= 0; i--) {
    let pick: { score: number; pieces: string[] } | null = null;
    for (let j = i + 1; j <= n; j++) {
      const piece = parts.slice(i, j).join('・');
      const isKnown = known.resolve(foldName(piece)) !== undefined;
      if (!isKnown && j > i + 1) continue;
      const score = best[j]!.score + (isKnown ? 10 : 0) - 1;
      if (!pick || score > pick.score) pick = { score, pieces: [piece, ...best[j]!.pieces] };
    }
    best[i] = pick!;
  }
  const result = best[0]!.pieces;
  const anyKnown = result.some((p) => known.resolve(foldName(p)) !== undefined);
  if (result.length < 2) return null;
  return anyKnown || result.every((p) => ORG_SUFFIX_RE.test(foldName(p))) ? result : null;
}

/** Cuts a run-together string into known names, or null if it cannot be covered exactly. */
function segmentByKnown(s: string, known: NameResolver): string[] | null {
  if (s.length > 60) return null;
  const best: (string[] | null)[] = new Array(s.length + 1).fill(null);
  best[0] = [];
  for (let i = 0; i < s.length; i++) {
    const here = best[i];
    if (!here) continue;
    for (let j = i + 2; j <= s.length; j++) {
      const piece = s.slice(i, j);
      if (known.resolve(piece) !== undefined && (!best[j] || best[j]!.length > here.length + 1)) best[j] = [...here, piece];
    }
  }
  return best[s.length] ?? null;
}

// ───────────── closest names ─────────────

export function levenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/** Length of the longest common substring. */
export function longestCommonSubstring(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let best = 0;
  let prev = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    const cur = new Array<number>(y.length + 1).fill(0);
    for (let j = 1; j <= y.length; j++) {
      if (x[i - 1] === y[j - 1]) {
        cur[j] = prev[j - 1]! + 1;
        if (cur[j]! > best) best = cur[j]!;
      }
    }
    prev = cur;
  }
  return best;
}

/**
 * Similarity in [0, 1]: edit distance and the longest common substring, each relative to
 * the names' lengths; one name containing the other (企画課 ⊂ 文化企画課) scores high.
 */
export function nameSimilarity(a: string, b: string): number {
  const x = foldName(a);
  const y = foldName(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  const lx = [...x].length;
  const ly = [...y].length;
  const levSim = 1 - levenshtein(x, y) / Math.max(lx, ly);
  const lcs = longestCommonSubstring(x, y);
  const lcsSim = lcs / Math.min(lx, ly);
  let score = 0.6 * levSim + 0.4 * lcsSim;
  if (x.includes(y) || y.includes(x)) score = Math.max(score, 0.85);
  return score;
}

/** Up to `limit` department names closest to `name`, best first (current ones before abolished on ties). */
export function closestDepartments(name: string, all: readonly DepartmentInfo[], today: string, limit = 3): DepartmentInfo[] {
  return all
    .map((d) => ({ d, s: nameSimilarity(name, d.name), current: isValidOn(d, today) }))
    .filter((x) => x.s >= 0.25)
    .sort((p, q) => q.s - p.s || Number(q.current) - Number(p.current) || p.d.name.localeCompare(q.d.name, 'ja'))
    .slice(0, limit)
    .map((x) => x.d);
}

/** Kind of a department to create from its name's ending (課, 室, 部 …); 課 when unclear. */
export function kindFromName(name: string): string {
  const m = /(センター|事務局|委員会|課|室|部|局|係|所|館)$/.exec(name.trim());
  return m ? m[1]! : '課';
}

/**
 * Resolves names to departments: the mapping made by the user first (id, or null = leave
 * out), then exact names — a department valid today before an abolished one of the same name.
 */
export function departmentResolver(all: readonly DepartmentInfo[], map: Readonly<Record<string, string | null>>, today: string) {
  const byName = new Map<string, DepartmentInfo[]>();
  for (const d of all) {
    const k = foldName(d.name);
    const l = byName.get(k) ?? [];
    l.push(d);
    byName.set(k, l);
  }
  for (const l of byName.values()) l.sort((a, b) => Number(isValidOn(b, today)) - Number(isValidOn(a, today)));
  const mapped = new Map(Object.entries(map).map(([k, v]) => [foldName(k), v]));
  const byId = new Map(all.map((d) => [d.id, d]));
  return {
    byId,
    resolve(folded: string): string | null | undefined {
      if (mapped.has(folded)) return mapped.get(folded)!;
      return byName.get(folded)?.[0]?.id;
    },
    /** the department a name resolved to, when it came from the name itself (for the "abolished" note) */
    department(folded: string): DepartmentInfo | undefined {
      const id = this.resolve(folded);
      return id ? byId.get(id) : undefined;
    },
  };
}
