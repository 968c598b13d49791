/**
 * Pasted PDF text loses the table's grid: a merged cell that spans rows comes out
 * on one line and is missing (not blank) on the others, an extra empty cell or a
 * stray 「→」 appears, an upper category printed in the margin adds a cell. Rows
 * therefore do not line up with the headings by position.
 *
 * realignRow puts a row's cells back under the headings by what they contain, as a
 * minimum-cost alignment (like aligning two sequences): each cell either fills the
 * next heading (cheap when it fits: a mark under a status year, 検討/→ under a
 * schedule year, 課 names under 担当課, text under 項目名), or is dropped (cheap
 * for a blank cell, a surplus 「→」 after the schedule years, and text before the
 * hierarchy columns — an upper category the headings have no column for); a
 * heading may also get no cell (cheap for a hierarchy column: "same as above").
 * Every change from the positional reading is reported by the caller. Pure.
 */
import { classifyCell, foldPhase, type CellClass, type CellVocab } from './vocab.js';

export type SlotKind = 'number' | 'level' | 'title' | 'description' | 'departments' | 'schedule' | 'status' | 'text' | 'value' | 'ignore';

export interface RealignResult {
  /** one cell per slot ('' where the heading got no cell) */
  cells: string[];
  /** cells left out, with their position in the row as pasted (0-based) */
  dropped: { index: number; text: string }[];
  /** slots that got no cell */
  missing: number[];
  /** whether the result differs from reading the row by position */
  changed: boolean;
  cost: number;
}

const TEXTY: readonly SlotKind[] = ['level', 'title', 'description', 'text'];

function fit(cls: CellClass, slot: SlotKind): number {
  if (slot === 'ignore') return cls === 'empty' ? 0 : 1;
  switch (cls) {
    case 'empty':
      return slot === 'number' ? 0.5 : slot === 'description' ? 0.3 : 0;
    case 'number':
      return slot === 'number' ? 0 : TEXTY.includes(slot) || slot === 'value' ? 1.5 : 3;
    case 'mark':
      return slot === 'status' ? 0 : slot === 'value' ? 1 : slot === 'schedule' || TEXTY.includes(slot) ? 2 : 3;
    case 'phase':
      return slot === 'schedule' ? 0 : TEXTY.includes(slot) ? 1.5 : slot === 'value' ? 2 : slot === 'status' ? 2.5 : 3;
    case 'departments':
      return slot === 'departments' ? 0 : TEXTY.includes(slot) ? 1 : slot === 'value' ? 2 : 4;
    case 'text':
      return slot === 'level' ? 0.1 : TEXTY.includes(slot) ? 0 : slot === 'value' ? 0.5 : slot === 'departments' ? 2 : 5;
  }
}

const SKIP: Record<SlotKind, number> = {
  number: 3,
  level: 0.2,
  title: 2.5,
  description: 1,
  departments: 0.6,
  schedule: 0.4,
  status: 0.4,
  text: 0.6,
  value: 0.5,
  ignore: 0,
};

function dropCost(text: string, cls: CellClass, next: number, slots: readonly SlotKind[]): number {
  if (cls === 'empty') return 0.3;
  const prev = slots[next - 1];
  const nextSlot = slots[next];
  // a stray continuation mark (→) next to the schedule years: PDF text repeats it when a cell is missing
  if (cls === 'phase' && isSymbol(text) && (prev === 'schedule' || nextSlot === 'schedule')) return 1;
  if (nextSlot === 'level' && (next === 0 || prev === 'number' || prev === 'level') && cls !== 'mark' && cls !== 'phase') return 0.4;
  return 4;
}

const isSymbol = (text: string): boolean => {
  const t = [...foldPhase(text)];
  return t.length === 1 && !/[\p{L}\p{N}]/u.test(t[0]!);
};

const EPS = 1e-9;

export function realignRow(cells: readonly string[], slots: readonly SlotKind[], vocab: CellVocab): RealignResult {
  const n = cells.length;
  const m = slots.length;
  const cls = cells.map((c) => classifyCell(c, vocab));
  const INF = Number.POSITIVE_INFINITY;
  const cost: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(INF));
  // 0 = match, 1 = skip slot, 2 = drop cell
  const how: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(-1));
  cost[0]![0] = 0;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      const here = cost[i]![j]!;
      if (here === INF) continue;
      if (i < n && j < m) {
        const c = here + fit(cls[i]!, slots[j]!);
        if (c < cost[i + 1]![j + 1]! - EPS) {
          cost[i + 1]![j + 1] = c;
          how[i + 1]![j + 1] = 0;
        }
      }
      if (j < m) {
        const c = here + SKIP[slots[j]!];
        if (c < cost[i]![j + 1]! - EPS) {
          cost[i]![j + 1] = c;
          how[i]![j + 1] = 1;
        }
      }
      if (i < n) {
        const c = here + dropCost(cells[i]!, cls[i]!, j, slots);
        if (c < cost[i + 1]![j]! - EPS) {
          cost[i + 1]![j] = c;
          how[i + 1]![j] = 2;
        }
      }
    }
  }
  const out = new Array<string>(m).fill('');
  const dropped: { index: number; text: string }[] = [];
  const missing: number[] = [];
  let changed = false;
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const h = how[i]![j];
    if (h === 0) {
      out[j - 1] = cells[i - 1]!;
      if (i - 1 !== j - 1) changed = true;
      i--;
      j--;
    } else if (h === 1) {
      missing.push(j - 1);
      j--;
    } else {
      dropped.push({ index: i - 1, text: cells[i - 1]! });
      i--;
    }
  }
  dropped.reverse();
  missing.reverse();
  // trailing blank cells beyond the headings, or headings past a short row, are not a change
  if (dropped.some((d) => cells[d.index]!.trim())) changed = true;
  return { cells: out, dropped, missing, changed, cost: cost[n]![m]! };
}
