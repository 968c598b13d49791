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

// a partition of REPORT_STATES by the one rule of 提出済 (isSubmitted), in workflow order
const SUBMITTED_STATES = REPORT_STATES.filter(isSubmitted);
const NOT_SUBMITTED_STATES = REPORT_STATES.filter((s) => !isSubmitted(s));

/** Reports handed in by the department (提出済み, including 承認済み and 確認済み): the progress the list shows as n/全 m. */
export function submittedCount(counts: Partial<Record<ReportState, number>>): number {
  return SUBMITTED_STATES.reduce((n, s) => n + (counts[s] ?? 0), 0);
}

/** Short names of the report states in a round's breakdown (the long ones are REPORT_STATE_LABELS). */
export const BREAKDOWN_STATE_LABELS: Readonly<Record<ReportState, string>> = {
  submitted: '課長承認待ち',
  approved: '課長承認済み',
  accepted: '事務局確認済み',
  not_started: '未着手',
  draft: '作成中',
  returned: '差戻し',
};

export interface BreakdownPart {
  state: ReportState;
  label: string;
  count: number;
}

export interface BreakdownGroup {
  count: number;
  /** every state of the group, zeros included, in workflow order */
  parts: BreakdownPart[];
}

/** A round's reports split into 提出済 and 未提出, each by state: the parts always add up to the total. */
export interface SubmissionBreakdown {
  total: number;
  /** handed in by the department: 課長承認待ち + 課長承認済み + 事務局確認済み */
  submitted: BreakdownGroup;
  /** still with the department: 未着手 + 作成中 + 差戻し */
  notSubmitted: BreakdownGroup;
  /** 「提出済 11／全 25件（課長承認待ち3・課長承認済み5・事務局確認済み3／未提出 14件：未着手8・作成中5・差戻し1）」 */
  text: string;
}

function group(counts: Partial<Record<ReportState, number>>, states: readonly ReportState[]): BreakdownGroup {
  const parts = states.map((state) => ({ state, label: BREAKDOWN_STATE_LABELS[state], count: counts[state] ?? 0 }));
  return { count: parts.reduce((n, p) => n + p.count, 0), parts };
}

const partsText = (g: BreakdownGroup) => g.parts.map((p) => `${p.label}${p.count.toLocaleString('ja-JP')}`).join('・');

/**
 * The breakdown of a round's reports by state. The total is the sum of the six states (a total
 * passed alongside is not trusted to match), and every state is listed, so what is printed adds up
 * and says which states count as 提出済.
 */
export function submissionBreakdown(counts: Partial<Record<ReportState, number>>): SubmissionBreakdown {
  const submitted = group(counts, SUBMITTED_STATES);
  const notSubmitted = group(counts, NOT_SUBMITTED_STATES);
  const total = submitted.count + notSubmitted.count;
  const n = (v: number) => v.toLocaleString('ja-JP');
  return {
    total,
    submitted,
    notSubmitted,
    text: `提出済 ${n(submitted.count)}／全 ${n(total)}件（${partsText(submitted)}／未提出 ${n(notSubmitted.count)}件：${partsText(notSubmitted)}）`,
  };
}
