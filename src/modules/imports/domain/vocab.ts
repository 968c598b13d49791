/**
 * Printed words and the plan's vocabularies: status marks (○△×－, S/A/B/C,
 * 達成・未達成 …) against the legend, schedule words (検討・実施・→) against the
 * plan's phases, the legend lines printed above tables, and what kind of thing a
 * cell holds (used to put pasted PDF cells back under their headings). Pure.
 */
import { normalizeMark, valueForMark, type LegendValue } from '../../pdca/domain/legend.js';
import type { Phase } from '../../plans/domain/plan.js';

export { normalizeMark };

/** A schedule word folded for comparison: NFKC, no spaces, every arrow is →. */
export function foldPhase(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[⇒➡➔⟶⇨→]|->|－>|ー>/g, '→');
}

/** The phase a schedule word stands for: its label, its symbol (→ = 継続) or its code. */
export function proposePhase(word: string, phases: readonly Phase[]): string | undefined {
  const w = foldPhase(word);
  if (!w) return undefined;
  return (
    phases.find((p) => foldPhase(p.label) === w)?.code ??
    phases.find((p) => p.symbol && foldPhase(p.symbol) === w)?.code ??
    phases.find((p) => p.code === word.trim())?.code
  );
}

export interface FileLegendEntry {
  /** as printed: ○ */
  mark: string;
  /** as printed: 実施済み */
  label: string;
}

/**
 * Reads a legend line printed above a table:
 * 「取組状況：「○」実施済み 「△」一部実施 「×」未実施または検討中 「-」令和5年度以降実施」
 * → [{○, 実施済み}, {△, 一部実施}, …]. Also ○：実施済み / ○=実施済み separated by spaces or 、.
 */
export function parseLegendLine(text: string): FileLegendEntry[] {
  // marks are kept as printed (「－」 stays full-width); folding happens when they are compared
  const s = text.trim();
  const out: FileLegendEntry[] = [];
  const quoted = [...s.matchAll(/[「『]([^」』]{1,4})[」』]\s*([^「『]+?)(?=\s*[「『]|$)/g)];
  for (const m of quoted) {
    const label = m[2]!.trim().replace(/[、,，。\s]+$/, '');
    if (label) out.push({ mark: m[1]!.trim(), label });
  }
  if (out.length >= 2) return out;
  const plain = [...s.matchAll(/(?:^|[\s、,，])([○◯〇△▲×✕－\-―ーSABCD◎●■□])\s*[:：=＝]\s*([^\s、,，]+)/g)];
  const alt = plain.map((m) => ({ mark: m[1]!, label: m[2]!.trim() }));
  return alt.length >= 2 ? alt : [];
}

/**
 * The legend code a printed status word stands for: the legend's own mark, label or code
 * (valueForMark: ―, -, ー are all 「－」); else what the file's legend line says the mark means;
 * else the legend label the word contains (未達成 → 未達成, not 達成).
 */
export function proposeStatus(word: string, legend: readonly LegendValue[], fileLegend: readonly FileLegendEntry[] = []): string | undefined {
  const direct = valueForMark(legend, word);
  if (direct) return direct.code;
  const w = normalizeMark(word);
  if (!w) return undefined;
  const printed = fileLegend.find((e) => normalizeMark(e.mark) === w);
  if (printed) {
    const byLabel = valueForMark(legend, printed.label) ?? containedLabel(printed.label, legend);
    if (byLabel) return byLabel.code;
  }
  return w.length >= 2 ? containedLabel(w, legend)?.code : undefined;
}

function containedLabel(text: string, legend: readonly LegendValue[]): LegendValue | undefined {
  const t = normalizeMark(text);
  let best: LegendValue | undefined;
  for (const v of legend) {
    const l = normalizeMark(v.label);
    if (l.length >= 2 && t.includes(l) && (!best || l.length > normalizeMark(best.label).length)) best = v;
  }
  return best;
}

/** Marks seen in status columns of real tables, whatever the legend. */
const GENERIC_MARKS = new Set(['○', '△', '×', '－', '◎', '●', '▲', '■', '□', '☆', '★', '済', '未', '完', '◇', '◆', '✓', '✔']);

export interface CellVocab {
  /** folded status words (normalizeMark) */
  statusWords: ReadonlySet<string>;
  /** folded schedule words (foldPhase) */
  phaseWords: ReadonlySet<string>;
  /** folded department names (fold) and names mapped in departmentMap */
  departmentNames: ReadonlySet<string>;
}

export function buildVocab(opts: {
  legend: readonly LegendValue[];
  phases: readonly Phase[];
  departmentNames: readonly string[];
  statusMap?: Readonly<Record<string, unknown>>;
  phaseMap?: Readonly<Record<string, unknown>>;
  departmentMap?: Readonly<Record<string, unknown>>;
}): CellVocab {
  const statusWords = new Set<string>(GENERIC_MARKS);
  for (const v of opts.legend) {
    statusWords.add(normalizeMark(v.symbol));
    statusWords.add(normalizeMark(v.label));
  }
  for (const k of Object.keys(opts.statusMap ?? {})) statusWords.add(normalizeMark(k));
  const phaseWords = new Set<string>(['→']);
  for (const p of opts.phases) {
    phaseWords.add(foldPhase(p.label));
    if (p.symbol) phaseWords.add(foldPhase(p.symbol));
  }
  for (const k of Object.keys(opts.phaseMap ?? {})) phaseWords.add(foldPhase(k));
  const departmentNames = new Set<string>();
  for (const n of [...opts.departmentNames, ...Object.keys(opts.departmentMap ?? {})]) departmentNames.add(n.normalize('NFKC').replace(/\s+/g, ''));
  return { statusWords, phaseWords, departmentNames };
}

export type CellClass = 'empty' | 'number' | 'mark' | 'phase' | 'departments' | 'text';

const ORG_SUFFIX_RE = /(?:課|室|部|局|係|センター|所|館|署|園|班|担当|事務局|委員会|公室|チーム)$/;

/** What a cell looks like: blank, an item number, a status mark, a schedule word, department names or other text. */
export function classifyCell(text: string, vocab: CellVocab): CellClass {
  const t = text.trim();
  if (!t) return 'empty';
  if (/^(?:\d{1,4}(?:[-‐－.]\d{1,3})*|[(（]\d{1,3}[)）]|[①-⑳])$/.test(t.normalize('NFKC'))) return 'number';
  const m = normalizeMark(t);
  const p = foldPhase(t);
  if (vocab.phaseWords.has(p)) return 'phase';
  if (vocab.statusWords.has(m) || (m.length === 1 && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}A-Za-z0-9]/u.test(m))) return 'mark';
  const tokens = t.split(/[\s、，,／/;；]+/).filter(Boolean);
  if (
    tokens.length &&
    tokens.length <= 8 &&
    tokens.every((x) => {
      const f = x.normalize('NFKC').replace(/^[◎○●]/, '');
      return f.length <= 24 && (vocab.departmentNames.has(f) || ORG_SUFFIX_RE.test(f)) && !/[。、]/.test(f);
    })
  )
    return 'departments';
  return 'text';
}
