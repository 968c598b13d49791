/**
 * Proposing what each column means from its Japanese heading (and, where the heading
 * alone does not tell, from what the column holds):
 *   整理番号 / No. / 番号                          → number
 *   施策 / 取組 / 項目名 / 具体的な取組 …           → hierarchy, in order; the last one is the item title
 *   事業概要 / 取組内容                             → description
 *   担当課 / 所管課 / 担当部課 / 実施課             → departments
 *   a year (R1, 令和元年度, H30, 2026年度) under スケジュール → schedule of that year
 *   a year under 取組状況（年度末時点）/ 実施状況 / 進捗 / 評価 → status of that year
 *   取組状況 / 実施状況 (text; a year in the heading, e.g. （R4年度末見込み）) → narrative
 *   効果額 → effect; 目標値 / 実績値 → numbers; 課題, 今後の取組
 * Pure.
 */
import { fiscalYearLabel } from '../../fiscal/domain/index.js';
import type { LegendValue } from '../../pdca/domain/legend.js';
import type { Phase } from '../../plans/domain/plan.js';
import { fiscalYearOfHeading, fiscalYearsIn, saysForecast } from './fiscalHeading.js';
import { fold, isBlank, type Sheet, type SourceKind } from './grid.js';
import type { HeaderColumn, HeaderInfo } from './header.js';
import { DEFAULT_OPTIONS, fromTemplate, statusYears, yearEnd, type ColumnMapping, type ColumnRole, type ImportMapping, type SavedMapping } from './mapping.js';
import { readDataRows } from './rows.js';
import { classifyCell, foldPhase, normalizeMark, proposePhase, proposeStatus, type CellVocab } from './vocab.js';

const NUMBER_RE = /^(?:整理番号|番号|No\.?|NO\.?|№|項番|通し番号|管理番号)$/i;
const SCHEDULE_RE = /スケジュール|工程|年次計画|年度別計画|実施時期|実施予定|計画/;
const STATUS_RE = /取組状況|実施状況|進捗|達成|評価|状況|実績/;
const DESCRIPTION_RE = /事業概要|取組内容|取組の内容|事業内容|概要|内容/;
const DEPARTMENTS_RE = /担当課|所管課|担当部課|実施課|担当部署|所管部署|担当部局|担当部|所管|担当/;
const NARRATIVE_RE = /取組状況|実施状況|進捗状況|取組実績|実施内容|成果|状況|実績/;
const ISSUES_RE = /課題/;
const NEXT_RE = /今後|次年度|方向性/;
const EFFECT_RE = /効果額|財政効果|削減額|削減効果/;
const VALUE_RE = /目標値|実績値|指標|目標|数値/;
const ACHIEVEMENT_RE = /^(?:達成度|達成状況)$/;
const HIERARCHY_RE = /施策|取組|項目|方針|柱|事業名|重点|分野|区分/;

type Proposed = ColumnRole | { kind: 'hierarchy' };

function sampleKind(sample: readonly string[], vocab: CellVocab): 'mark' | 'phase' | 'text' | 'empty' {
  const counts = { mark: 0, phase: 0, text: 0 };
  let n = 0;
  for (const s of sample) {
    if (isBlank(s)) continue;
    n++;
    const c = classifyCell(s, vocab);
    if (c === 'mark') counts.mark++;
    else if (c === 'phase') counts.phase++;
    else counts.text++;
  }
  if (!n) return 'empty';
  const best = (Object.entries(counts) as ['mark' | 'phase' | 'text', number][]).sort((a, b) => b[1] - a[1])[0]!;
  return best[0];
}

/** What one column is, before hierarchy columns are numbered. */
export function proposeRole(col: HeaderColumn, sample: readonly string[], vocab: CellVocab): Proposed {
  const top = fold(col.top);
  const sub = fold(col.sub);
  const bare = (s: string) => s.replace(/[（(][^）)]*[）)]/g, '');
  if (NUMBER_RE.test(bare(top)) || NUMBER_RE.test(bare(sub))) return { kind: 'number' };

  const subYear = sub ? fiscalYearOfHeading(col.sub) : null;
  const topYear = fiscalYearOfHeading(col.top);
  const year = subYear ?? topYear;
  if (year !== null) {
    const group = subYear !== null ? top : '';
    if (group && SCHEDULE_RE.test(group) && !STATUS_RE.test(group.replace(/計画/g, ''))) return { kind: 'schedule', fiscalYear: year };
    if (group && EFFECT_RE.test(group)) return { kind: 'effect', fiscalYear: year };
    if (group && VALUE_RE.test(group) && !STATUS_RE.test(group)) return { kind: 'value', key: bare(top) || '数値', fiscalYear: year };
    if (group && STATUS_RE.test(group)) return sampleKind(sample, vocab) === 'text' && sample.some((s) => s.trim().length > 12) ? { kind: 'narrative', fiscalYear: year } : { kind: 'status', fiscalYear: year };
    if (group && DESCRIPTION_RE.test(group)) return { kind: 'narrative', fiscalYear: year };
    const k = sampleKind(sample, vocab);
    if (k === 'phase') return { kind: 'schedule', fiscalYear: year };
    if (k === 'mark') return { kind: 'status', fiscalYear: year };
    if (k === 'text') return { kind: 'narrative', fiscalYear: year };
    return group && SCHEDULE_RE.test(group) ? { kind: 'schedule', fiscalYear: year } : { kind: 'ignore' };
  }

  const label = top + sub;
  if (!label) return { kind: 'ignore' };
  // the second legend axis (達成度) has no column role: its 「（R3年度実績）」 must not make it a narrative
  if (ACHIEVEMENT_RE.test(bare(label))) return { kind: 'ignore' };
  const inner = fiscalYearsIn(col.top + col.sub);
  const innerYear = inner.length ? inner[inner.length - 1]! : null;
  if (DEPARTMENTS_RE.test(label)) return { kind: 'departments' };
  if (EFFECT_RE.test(label)) return { kind: 'effect', fiscalYear: innerYear };
  if (ISSUES_RE.test(label)) return { kind: 'issues', fiscalYear: innerYear };
  if (NARRATIVE_RE.test(label) && !/内容/.test(label.replace(/実施内容/, ''))) {
    const k = sampleKind(sample, vocab);
    if (k === 'mark' && innerYear !== null) return { kind: 'status', fiscalYear: innerYear };
    if (VALUE_RE.test(label) && /値/.test(label)) return { kind: 'value', key: bare(top + sub), fiscalYear: innerYear };
    return { kind: 'narrative', fiscalYear: innerYear };
  }
  if (DESCRIPTION_RE.test(label)) return { kind: 'description' };
  if (NEXT_RE.test(label)) return { kind: 'nextPlan', fiscalYear: innerYear };
  if (VALUE_RE.test(label)) return { kind: 'value', key: bare(top) || bare(sub), fiscalYear: innerYear };
  if (HIERARCHY_RE.test(label)) return { kind: 'hierarchy' };
  return { kind: 'ignore' };
}

/**
 * Roles for every column. Hierarchy columns are numbered left to right; the last one is
 * the item title, the ones before it are levels 0, 1, … of the plan tree.
 */
export function proposeColumns(columns: readonly HeaderColumn[], sample: (col: number) => readonly string[], vocab: CellVocab): ColumnMapping[] {
  const proposed = columns.map((c) => proposeRole(c, sample(c.index), vocab));
  // a status year claimed twice — the round's own status column (進捗状況（R4年度末見込み）) beside the
  // year columns of the status history (… R4), as the published table prints them — is the same answer:
  // the history column is kept, so every year reads from one group
  for (const [i, p] of proposed.entries()) {
    if (p.kind !== 'status' || fiscalYearOfHeading(columns[i]!.sub) !== null) continue;
    const inGroup = proposed.some((q, j) => j !== i && q.kind === 'status' && q.fiscalYear === p.fiscalYear && fiscalYearOfHeading(columns[j]!.sub) !== null);
    if (inGroup) proposed[i] = { kind: 'ignore' };
  }
  const hierarchy = proposed.map((p, i) => (p.kind === 'hierarchy' ? i : -1)).filter((i) => i >= 0);
  let seenNumber = false;
  let seenDepartments = false;
  return columns.map((c, i) => {
    let role = proposed[i]!;
    if (role.kind === 'hierarchy') {
      const pos = hierarchy.indexOf(i);
      role = pos === hierarchy.length - 1 ? { kind: 'title' } : { kind: 'level', level: pos };
    }
    // one number and one departments column: a second one is most likely a note column
    if (role.kind === 'number') role = seenNumber ? { kind: 'ignore' } : ((seenNumber = true), role);
    if (role.kind === 'departments') role = seenDepartments ? { kind: 'ignore' } : ((seenDepartments = true), role);
    return { index: c.index, header: c.key, role: role as ColumnRole };
  });
}

// ───────────── the whole proposal ─────────────


export interface ProposeInput {
  kind: SourceKind;
  sheet: Sheet;
  header: HeaderInfo;
  legend: readonly LegendValue[];
  phases: readonly Phase[];
  vocab: CellVocab;
  /** a mapping saved under a name (last year's), applied over the proposal */
  saved?: SavedMapping | null | undefined;
}

/**
 * The mapping proposed for a table: roles from the headings (a saved mapping's roles where
 * its headings match, years taken from this table's headings), every status and schedule
 * word found with the legend code / phase it most likely means, and one round per status
 * year (令和元年度実績 …; 令和4年度末見込み for the latest year when the table says 見込み).
 */
export function proposeMapping(input: ProposeInput): ImportMapping {
  const { kind, sheet, header, saved } = input;
  const start = header.rows[header.rows.length - 1]! + 1;
  const sample = (col: number) => (kind === 'text' ? [] : sheet.rows.slice(start, start + 200).map((r) => r[col] ?? ''));
  let columns = proposeColumns(header.columns, sample, input.vocab);
  if (saved) {
    const byKey = new Map(saved.columns.map((c) => [c.header, c.role]));
    columns = columns.map((c) => {
      const role = byKey.get(c.header);
      if (!role) return c;
      if ((role.kind === 'schedule' || role.kind === 'status') && 'fiscalYear' in c.role && typeof c.role.fiscalYear === 'number')
        return { ...c, role: { kind: role.kind, fiscalYear: c.role.fiscalYear } };
      return { ...c, role };
    });
  }
  const options = { ...DEFAULT_OPTIONS, ...(saved?.options ?? {}), realign: saved?.options.realign ?? kind === 'text', effectiveDate: null };

  // words in the status and schedule columns
  const { rows, legend } = readDataRows(sheet, header, columns, { kind, realign: kind === 'text' && options.realign, vocab: input.vocab }, null);
  const fileLegend = [...header.legend, ...legend];
  const statusMap: Record<string, string | null> = {};
  const phaseMap: Record<string, string | null> = {};
  for (const c of columns) {
    if (c.role.kind !== 'status' && c.role.kind !== 'schedule') continue;
    for (const r of rows) {
      const text = (r.cells[c.index] ?? '').trim();
      if (!text) continue;
      if (c.role.kind === 'status') {
        const key = normalizeMark(text);
        if (!(key in statusMap)) {
          const code = saved && key in saved.statusMap ? saved.statusMap[key] : proposeStatus(text, input.legend, fileLegend);
          if (code !== undefined) statusMap[key] = code;
        }
      } else {
        const key = foldPhase(text);
        if (!(key in phaseMap)) {
          const code = saved && key in saved.phaseMap ? saved.phaseMap[key] : proposePhase(text, input.phases);
          if (code !== undefined) phaseMap[key] = code;
        }
      }
    }
  }

  // rounds
  const years = statusYears({ columns });
  const latest = years[years.length - 1] ?? null;
  const forecast =
    latest !== null &&
    (header.columns.some((h) => saysForecast(h.top + h.sub) && (fiscalYearsIn(h.top + h.sub).includes(latest) || fiscalYearOfHeading(h.sub) === latest)) ||
      header.preamble.some((p) => saysForecast(p.text) && fiscalYearsIn(p.text).includes(latest)));
  const rounds = years.map((fy) => {
    const template = saved ? (fy === latest ? saved.roundLabels.latest : saved.roundLabels.others) : null;
    const label = template
      ? fromTemplate(template, fy)
      : fy === latest && forecast
        ? `${fiscalYearLabel(fy)}末見込み`
        : `${fiscalYearLabel(fy)}実績`;
    return { fiscalYear: fy, label, asOfDate: yearEnd(fy) };
  });

  return {
    sheet: kind === 'xlsx' ? sheet.name : null,
    headerRows: header.rows.map((r) => r + 1),
    columns,
    statusMap,
    phaseMap,
    departmentMap: { ...(saved?.departmentMap ?? {}) },
    rounds,
    options,
  };
}
