/**
 * Pure helpers for the demo's PDCA data: past answers from the printed
 * progress table, and the open round's deadline relative to today.
 */
import { addDays } from '../../fiscal/domain/display.js';
import { valueForMark, type LegendValue } from '../../pdca/domain/legend.js';
import type { DemoNode } from './types.js';

/** Every node of a demo tree, parents before children. */
export function* walkDemoNodes(nodes: readonly DemoNode[]): Generator<DemoNode> {
  for (const n of nodes) {
    yield n;
    if (n.children) yield* walkDemoNodes(n.children);
  }
}

/** 'YYYY-MM-DD' + n days (calendar arithmetic, no time zone): the shared fiscal/domain addDays. */
export const addDaysIso = (iso: string, n: number): string => addDays(iso, n);

/** The planned deadline, or today + minDaysAhead when that is later: a demo never shows a passed deadline. */
export function demoDeadline(planned: string, today: string, minDaysAhead: number): string {
  const earliest = addDaysIso(today, minDaysAhead);
  return planned < earliest ? earliest : planned;
}

export interface DemoHistoryAnswer {
  node: DemoNode;
  statusCode: string;
  narrative?: string;
}

/**
 * The answers of one fiscal year: one per node that printed a status for that year
 * (nodes with no entry get no answer). Marks are read with the legend's own rule
 * (`valueForMark`: '-', '－' and '―' are all 「－」); an unknown mark is a data error.
 */
export function historyAnswers(nodes: readonly DemoNode[], fiscalYear: number, legend: readonly LegendValue[]): DemoHistoryAnswer[] {
  const out: DemoHistoryAnswer[] = [];
  for (const node of walkDemoNodes(nodes)) {
    const p = node.progress?.find((x) => x.fiscalYear === fiscalYear);
    if (!p) continue;
    const v = valueForMark(legend, p.status);
    if (!v) throw new Error(`${node.number ?? node.title}: 取組状況「${p.status}」（${fiscalYear}年度）は凡例にありません。`);
    out.push({ node, statusCode: v.code, ...(p.narrative ? { narrative: p.narrative } : {}) });
  }
  return out;
}
