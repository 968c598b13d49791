/**
 * Rules of the municipality-wide list of rounds (照会の一覧). Pure.
 */
import { isSubmitted, REPORT_STATES, ROUND_STATES, type ReportState, type RoundState } from './workflow.js';

/** The filter of the list; an empty `states` means every state. */
export interface RoundListFilter {
  states: RoundState[];
  planId: string | null;
  fiscalYear: number | null;
}

/** States asked for, once each, in workflow order (draft, open, closed) — so equal filters read alike. */
export function normalizeRoundStates(states: readonly RoundState[]): RoundState[] {
  const asked = new Set(states);
  return ROUND_STATES.filter((s) => asked.has(s));
}

/** "state=open,closed&state=draft" → ['open', 'closed', 'draft']: repeated and comma-separated values both work. */
export function splitListParam(values: readonly string[] | undefined): string[] | undefined {
  const out = (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  return out.length ? out : undefined;
}

/** Reports handed in by the department (提出済み, including 承認済み and 確認済み): the progress the list shows as n/全 m. */
export function submittedCount(counts: Partial<Record<ReportState, number>>): number {
  return REPORT_STATES.filter(isSubmitted).reduce((n, s) => n + (counts[s] ?? 0), 0);
}
