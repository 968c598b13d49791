/**
 * Publication (公表) under the secretariat's control. Pure.
 *
 * What citizens see is a snapshot taken when the secretariat publishes: a round's progress table,
 * a plan's KPI values for one fiscal year, or a financial / staffing table as of one fiscal year
 * (年度版). Each subject (kind, id, year) has a chain of publications 1, 2, …; the latest one in state
 * `published` is what the public site and open data show. Publishing while one is current supersedes
 * it and is a correction (正誤) that must say what it corrects; withdrawal takes the subject down.
 *
 * The rules here decide whether a publication may happen and what it says; the commands lock, load
 * and write.
 */
import type { FiscalTableDto } from '../../../shared/api-types-finance.js';
import type { ExportLayout } from '../../exports/domain/layout.js';
import type { ProgressTable, StatusMark } from '../../exports/domain/progressTable.js';
import type { ProgressSummary, SummaryCell, SummaryCount, SummaryRow } from '../../exports/domain/summary.js';
import { decimalString } from '../../kpis/domain/value.js';
import type { OpenRecord } from './opendata.js';
import type { KpiOpenInput } from './opendataKpis.js';

export const PUBLICATION_KINDS = ['round', 'kpi_values', 'fiscal_table'] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];
export const PUBLICATION_KIND_LABELS: Readonly<Record<PublicationKind, string>> = {
  round: '進捗状況（照会の結果）',
  kpi_values: '数値目標・KPI の実績',
  fiscal_table: '中期財政計画・職員定員管理計画の表',
};

export const PUBLICATION_STATES = ['published', 'superseded', 'withdrawn'] as const;
export type PublicationState = (typeof PUBLICATION_STATES)[number];
export const PUBLICATION_STATE_LABELS: Readonly<Record<PublicationState, string>> = {
  published: '公表中',
  superseded: '訂正済み（新しい公表に置き換え）',
  withdrawn: '取下げ',
};

/** What becomes of a round's reports the secretariat has not accepted when it is published anyway. */
export const UNACCEPTED_DECISIONS = ['exclude', 'no_answer'] as const;
export type UnacceptedDecision = (typeof UNACCEPTED_DECISIONS)[number];
export const UNACCEPTED_LABELS: Readonly<Record<UnacceptedDecision, string>> = {
  exclude: '表から除いて公表する',
  no_answer: '「回答なし」として公表する',
};

export const LIMITS = { reason: 1_000, correction: 2_000 } as const;

// ───────────── snapshots ─────────────

export interface RoundSnapshot {
  kind: 'round';
  v: 1;
  table: ProgressTable;
  summary: ProgressSummary;
  layout: ExportLayout;
  closedOn: string | null;
  /** the open-data records of the round (rounds: one; progress: its published answers) */
  records: { rounds: OpenRecord[]; progress: OpenRecord[] };
}

export interface KpiSnapshot {
  kind: 'kpi_values';
  v: 1;
  plan: { id: string; title: string };
  fiscalYear: number;
  /** every KPI of the plan as defined at publication, with the actual of `fiscalYear` only (if any) */
  kpis: KpiOpenInput[];
}

export interface FiscalSnapshot {
  kind: 'fiscal_table';
  v: 1;
  plan: { id: string; title: string };
  fiscalYear: number;
  table: FiscalTableDto;
  records: OpenRecord[];
}

export type Snapshot = RoundSnapshot | KpiSnapshot | FiscalSnapshot;

// ───────────── whether it may happen ─────────────

export interface CurrentPublication {
  seq: number;
  state: PublicationState;
}

export interface PublishFacts {
  kind: PublicationKind;
  /** for a round: its state; others: always 'ready' */
  subjectState: 'ready' | 'draft' | 'open' | 'closed';
  /** the latest publication of the subject and year, whatever its state */
  latest: CurrentPublication | null;
  /** the seq the secretariat saw in the preview (0: none) */
  expectedSeq: number;
  correction: string;
  reason: string;
  unacceptedCount: number;
  decision: UnacceptedDecision | null;
}

export interface Problem {
  code: 'stale' | 'round_not_closed' | 'correction_required' | 'decision_required' | 'too_long';
  field?: string;
  message: string;
}

/** Why the subject itself cannot be published now, whatever is asked (the preview shows these): a round not closed. */
export function subjectProblems(kind: PublicationKind, subjectState: PublishFacts['subjectState']): Problem[] {
  if (kind !== 'round' || subjectState === 'closed') return [];
  return [
    {
      code: 'round_not_closed',
      message: subjectState === 'open' ? 'この照会はまだ照会中です。締め切ってから公表してください。' : 'この照会はまだ開始されていません。公表できるのは締め切った照会です。',
    },
  ];
}

/** Why the publication cannot happen as asked (Japanese); empty when it can. */
export function publishProblems(f: PublishFacts): Problem[] {
  const out: Problem[] = [];
  const latestSeq = f.latest?.seq ?? 0;
  if (latestSeq !== f.expectedSeq)
    return [
      {
        code: 'stale',
        message: '確認した内容のあとに、他の人がこの対象を公表または取り下げました。あなたの公表は行っていません。最新の状態とプレビューを確かめてから、もう一度公表してください。',
      },
    ];
  out.push(...subjectProblems(f.kind, f.subjectState));
  if (f.latest?.state === 'published' && !f.correction.trim())
    out.push({
      code: 'correction_required',
      field: 'correction',
      message: `既に公表している内容（第${f.latest.seq}版）を置き換えます。何を訂正したか（正誤）を入力してください。市民向けのページに載ります。`,
    });
  if (f.kind === 'round' && f.unacceptedCount > 0 && !f.decision)
    out.push({
      code: 'decision_required',
      field: 'unaccepted',
      message: `事務局が確認していない回答が${f.unacceptedCount}件あります。表から除くか、「回答なし」として載せるかを選んでください。`,
    });
  if (f.correction.length > LIMITS.correction) out.push({ code: 'too_long', field: 'correction', message: `正誤の説明は${LIMITS.correction}文字以内で入力してください。` });
  if (f.reason.length > LIMITS.reason) out.push({ code: 'too_long', field: 'reason', message: `理由は${LIMITS.reason}文字以内で入力してください。` });
  return out;
}

/** Why a publication cannot be withdrawn (Japanese); empty when it can. */
export function withdrawProblems(p: { state: PublicationState; seq: number }, expectedSeq: number, reason: string): Problem[] {
  if (p.seq !== expectedSeq || p.state !== 'published')
    return [{ code: 'stale', message: 'この公表は既に取り下げたか、新しい公表に置き換わっています。最新の状態を確かめてください。' }];
  if (!reason.trim()) return [{ code: 'correction_required', field: 'reason', message: '取り下げる理由を入力してください。記録に残ります。' }];
  if (reason.length > LIMITS.reason) return [{ code: 'too_long', field: 'reason', message: `理由は${LIMITS.reason}文字以内で入力してください。` }];
  return [];
}

// ───────────── a round's table as published ─────────────

const minus = (c: SummaryCount, out: ReadonlySet<string>): SummaryCount => {
  const nodeIds = c.nodeIds.filter((id) => !out.has(id));
  return { count: nodeIds.length, nodeIds };
};
const cellWithout = (c: SummaryCell, out: ReadonlySet<string>): SummaryCell => {
  const now = minus(c.now, out);
  return { ...c, now, delta: c.before ? now.count - c.before.count : null };
};
const rowWithout = (r: SummaryRow, out: ReadonlySet<string>): SummaryRow => ({ ...r, cells: r.cells.map((c) => cellWithout(c, out)), total: cellWithout(r.total, out) });

/**
 * The table and summary as published: rows of items whose answer was not accepted are left out
 * (`exclude`) or kept as 回答なし (`no_answer`: the accepted-basis table already shows them empty);
 * status-history cells of rounds not published are emptied, as is the summary's comparison when
 * the previous round is not published.
 */
export function publishedRound(
  input: { table: ProgressTable; summary: ProgressSummary },
  opts: { unacceptedNodeIds: readonly string[]; decision: UnacceptedDecision | null; publishedRoundIds: ReadonlySet<string> },
): { table: ProgressTable; summary: ProgressSummary } {
  const out = new Set(opts.decision === 'exclude' ? opts.unacceptedNodeIds : []);
  const own = input.table.round.id;
  const rows = input.table.rows
    .filter((r) => !out.has(r.nodeId))
    .map((r) => ({
      ...r,
      statusHistory: r.statusHistory.map((c) =>
        c.roundId && c.roundId !== own && (c.provisional || !opts.publishedRoundIds.has(c.roundId)) ? { ...c, status: null, roundId: null, provisional: false } : c,
      ),
    }));
  const table: ProgressTable = {
    ...input.table,
    rows,
    counts: { items: rows.length, scheduled: rows.filter((r) => r.scheduled).length, overdue: rows.filter((r) => r.overdue).length },
  };
  const prev = input.summary.previous;
  const keepBefore = !!prev && opts.publishedRoundIds.has(prev.id);
  let summary: ProgressSummary = {
    ...input.summary,
    sections: input.summary.sections.map((s) => ({ ...s, rows: s.rows.map((r) => rowWithout(r, out)), total: rowWithout(s.total, out) })),
  };
  if (!keepBefore && prev) {
    const noBefore = (c: SummaryCell): SummaryCell => ({ ...c, before: null, delta: null });
    const r0 = (r: SummaryRow): SummaryRow => ({ ...r, cells: r.cells.map(noBefore), total: noBefore(r.total) });
    summary = { ...summary, previous: null, sections: summary.sections.map((s) => ({ ...s, rows: s.rows.map(r0), total: r0(s.total) })) };
  }
  return { table, summary };
}

// ───────────── what changed since the last publication ─────────────

export interface ChangeLine {
  where: string;
  before: string;
  after: string;
}

const markText = (m: StatusMark | null) => (m ? `${m.symbol === m.label ? m.label : `${m.symbol} ${m.label}`}` : '回答なし');
const clip = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n)}…` : s);
const itemName = (r: { number: string; title: string }) => [r.number, r.title].filter(Boolean).join(' ');

/** Row by row: items added or removed, status and texts changed. Without a previous publication: nothing (all is new). */
export function roundChanges(prev: RoundSnapshot | null, next: RoundSnapshot): ChangeLine[] {
  if (!prev) return [];
  const out: ChangeLine[] = [];
  const before = new Map(prev.table.rows.map((r) => [r.nodeId, r]));
  const after = new Map(next.table.rows.map((r) => [r.nodeId, r]));
  for (const r of next.table.rows) {
    const b = before.get(r.nodeId);
    if (!b) {
      out.push({ where: itemName(r), before: '（載っていない）', after: `追加（${markText(r.status)}）` });
      continue;
    }
    if (markText(b.status) !== markText(r.status)) out.push({ where: `${itemName(r)} の状況`, before: markText(b.status), after: markText(r.status) });
    if (b.narrative !== r.narrative) out.push({ where: `${itemName(r)} の取組内容`, before: clip(b.narrative) || '（なし）', after: clip(r.narrative) || '（なし）' });
    if (b.issues !== r.issues) out.push({ where: `${itemName(r)} の課題`, before: clip(b.issues) || '（なし）', after: clip(r.issues) || '（なし）' });
    if (b.nextPlan !== r.nextPlan) out.push({ where: `${itemName(r)} の次年度の予定`, before: clip(b.nextPlan) || '（なし）', after: clip(r.nextPlan) || '（なし）' });
  }
  for (const b of prev.table.rows) if (!after.has(b.nodeId)) out.push({ where: itemName(b), before: markText(b.status), after: '（表から除く）' });
  return out;
}

const kpiValueText = (k: KpiOpenInput, v: number | null | undefined) => (v === null || v === undefined ? '（なし）' : `${decimalString(v, k.scale)}${k.unit}`);

/** KPI by KPI: added or removed, the year's actual, baseline and target. */
export function kpiChanges(prev: KpiSnapshot | null, next: KpiSnapshot): ChangeLine[] {
  if (!prev) return [];
  const out: ChangeLine[] = [];
  const before = new Map(prev.kpis.map((k) => [k.id, k]));
  const name = (k: KpiOpenInput) => [k.number, k.name].filter(Boolean).join(' ');
  for (const k of next.kpis) {
    const b = before.get(k.id);
    if (!b) {
      out.push({ where: name(k), before: '（載っていない）', after: '追加' });
      continue;
    }
    const actual = (x: KpiOpenInput) => x.actuals.find((a) => a.fiscalYear === next.fiscalYear)?.value;
    if (actual(b) !== actual(k)) out.push({ where: `${name(k)} の実績値`, before: kpiValueText(b, actual(b)), after: kpiValueText(k, actual(k)) });
    if (b.targetValue !== k.targetValue || b.targetLabel !== k.targetLabel)
      out.push({ where: `${name(k)} の目標値`, before: b.targetLabel || kpiValueText(b, b.targetValue), after: k.targetLabel || kpiValueText(k, k.targetValue) });
    if (b.baselineValue !== k.baselineValue) out.push({ where: `${name(k)} の基準値`, before: kpiValueText(b, b.baselineValue), after: kpiValueText(k, k.baselineValue) });
  }
  const ids = new Set(next.kpis.map((k) => k.id));
  for (const b of prev.kpis) if (!ids.has(b.id)) out.push({ where: name(b), before: '掲載', after: '（載せない）' });
  return out;
}

/** Cell by cell of the printed table (row label × column). */
export function fiscalChanges(prev: FiscalSnapshot | null, next: FiscalSnapshot): ChangeLine[] {
  if (!prev) return [];
  const out: ChangeLine[] = [];
  const key = (fy: number, kind: string) => `${fy}:${kind}`;
  const colLabel = new Map([...prev.table.columns, ...next.table.columns].map((c) => [key(c.fiscalYear, c.kind), `${c.label}${c.kind === 'actual' ? '実績' : '計画・見込み'}`]));
  const before = new Map(prev.table.rows.map((r) => [r.id, r]));
  for (const r of next.table.rows) {
    const b = before.get(r.id);
    if (!b) {
      out.push({ where: r.label, before: '（行なし）', after: '行を追加' });
      continue;
    }
    const cells = new Map(b.values.map((c) => [key(c.fiscalYear, c.kind), c.text]));
    const seen = new Set<string>();
    for (const c of r.values) {
      const k = key(c.fiscalYear, c.kind);
      seen.add(k);
      const was = cells.get(k) ?? '';
      if (was !== c.text) out.push({ where: `${r.label}（${colLabel.get(k) ?? k}）`, before: was || '（空欄）', after: c.text || '（空欄）' });
    }
    for (const [k, was] of cells) if (!seen.has(k) && was) out.push({ where: `${r.label}（${colLabel.get(k) ?? k}）`, before: was, after: '（空欄）' });
  }
  const ids = new Set(next.table.rows.map((r) => r.id));
  for (const b of prev.table.rows) if (!ids.has(b.id)) out.push({ where: b.label, before: '掲載', after: '行を削除' });
  return out;
}

export function changesOf(prev: Snapshot | null, next: Snapshot): ChangeLine[] {
  if (next.kind === 'round') return roundChanges(prev?.kind === 'round' ? prev : null, next);
  if (next.kind === 'kpi_values') return kpiChanges(prev?.kind === 'kpi_values' ? prev : null, next);
  return fiscalChanges(prev?.kind === 'fiscal_table' ? prev : null, next);
}

// ───────────── what citizens see of KPIs ─────────────

export interface PublishedYear<S> {
  fiscalYear: number;
  publishedAt: string;
  snapshot: S;
}

/**
 * A plan's KPIs as citizens see them, from the current publication of each fiscal year: the
 * definitions (name, baseline, target) as the most recently published year states them, and each
 * year's actual from that year's publication.
 */
export function composeKpis(years: readonly PublishedYear<KpiSnapshot>[]): { kpis: KpiOpenInput[]; years: number[]; publishedOn: Map<number, string> } {
  if (!years.length) return { kpis: [], years: [], publishedOn: new Map() };
  const latest = [...years].sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : b.fiscalYear - a.fiscalYear))[0]!;
  const kpis = latest.snapshot.kpis.map((k) => ({
    ...k,
    actuals: years
      .flatMap((y) => (y.snapshot.kpis.find((x) => x.id === k.id)?.actuals ?? []).filter((a) => a.fiscalYear === y.fiscalYear))
      .sort((a, b) => a.fiscalYear - b.fiscalYear),
  }));
  return { kpis, years: years.map((y) => y.fiscalYear).sort((a, b) => a - b), publishedOn: new Map(years.map((y) => [y.fiscalYear, y.publishedAt])) };
}
