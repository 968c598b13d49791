/**
 * The dry run: from the table, the mapping and the plan as stored, everything the
 * commit would do — groups (施策 …) to reuse or create, items to create or update
 * (matched by 整理番号; without one, by title under the same parent), departments to
 * link (or create, when asked), schedules, and one closed round per status year —
 * and every problem, by row and column, in Japanese. The commit runs exactly this
 * plan, so what the dry run accepts is what gets written. Before the rows are read, pasted PDF
 * text is cleaned and the user's cell corrections are applied (corrections.ts), each listed. Pure.
 */
import { fiscalYearLabel, fiscalYearRange, normalizeWidth, parseFiscalYear, parseIsoDate } from '../../fiscal/domain/index.js';
import { isValidOn } from '../../departments/domain/validity.js';
import { normalizeMark, symbolsText, type LegendValue } from '../../pdca/domain/legend.js';
import { applyDraft, EMPTY_REPORT, REPORT_FIELDS, type ReportDraftInput } from '../../pdca/domain/report.js';
import { ROUND_LABEL_MAX } from '../../pdca/domain/round.js';
import { validateNodeFields } from '../../plans/domain/node.js';
import type { Phase } from '../../plans/domain/plan.js';
import {
  closestDepartments,
  departmentResolver,
  foldName,
  kindFromName,
  splitDepartments,
  type DepartmentInfo,
} from './departments.js';
import { fold, isBlank, joinLines, type Sheet, type SourceKind } from './grid.js';
import type { HeaderInfo } from './header.js';
import { applyCorrections, cleanPastedCells, type CellChange } from './corrections.js';
import { Issues, type Issue } from './issues.js';
import { answerYear, defaultRounds, roleLabel, statusYears, type ColumnRole, type ImportMapping } from './mapping.js';
import { clip, lines, readDataRows, type DataRow } from './rows.js';
import { buildVocab, foldPhase, proposePhase, proposeStatus, type FileLegendEntry } from './vocab.js';

// ───────────── what the dry run reads from the database ─────────────

export interface PlanInfo {
  id: string;
  title: string;
  firstFiscalYear: number;
  lastFiscalYear: number;
  levelNames: string[];
  phases: Phase[];
}

export interface NodeInfo {
  id: string;
  parentId: string | null;
  depth: number;
  sortOrder: number;
  number: string;
  title: string;
  description: string;
  isAction: boolean;
  status: string;
  version: number;
  /** lead first */
  departments: { id: string; lead: boolean }[];
  schedule: Record<string, string>;
  marks: string[];
  /** effective date of the node's latest change (changes may not be dated before it) */
  lastChangeDate: string | null;
}

export interface RoundInfo {
  id: string;
  label: string;
  asOfDate: string;
  targetFiscalYear: number;
  state: string;
}

export interface ImportContext {
  plan: PlanInfo;
  /** the plan's status legend (stored, or the default ○△×－) */
  legend: LegendValue[];
  departments: DepartmentInfo[];
  nodes: NodeInfo[];
  rounds: RoundInfo[];
  /** YYYY-MM-DD in Asia/Tokyo */
  today: string;
}

// ───────────── the plan of the commit ─────────────

export interface PlannedGroup {
  key: string;
  parentKey: string | null;
  depth: number;
  number: string;
  title: string;
  existingId: string | null;
  /** first row that names it */
  row: number;
}

export type DepartmentRef = { id: string; lead: boolean } | { create: string; lead: boolean };

export interface PlannedRevision {
  kind: 'added' | 'revised';
  fiscalYear: number;
  /** as printed: 【R2年度改訂】 */
  mark: string;
  /** YYYY-MM-DD: 4/1 of the year */
  effectiveDate: string;
}

export interface PlannedItem {
  row: number;
  number: string;
  title: string;
  /** null: no description column (an existing item keeps its own) */
  description: string | null;
  parentKey: string | null;
  departments: DepartmentRef[] | null;
  /** the full schedule after the import (existing years outside the table are kept) */
  schedule: Record<string, string> | null;
  existingId: string | null;
  existingVersion: number | null;
  action: 'create' | 'update' | 'unchanged';
  /** what changes for an update: 項目名, 事業概要, 担当課, スケジュール, 所属 */
  changes: string[];
  move: boolean;
  /** marks printed in the title that are not yet in the item's history */
  revisions: PlannedRevision[];
  /** created: 策定時 (the plan was empty), added: 追加 */
  createKind: 'created' | 'added';
}

export interface PlannedAnswer extends ReportDraftInput {
  /** index into items */
  item: number;
  statusCode: string;
}

export interface PlannedRound {
  fiscalYear: number;
  label: string;
  asOfDate: string;
  action: 'create' | 'skip';
  existingId: string | null;
  answers: PlannedAnswer[];
}

export interface WordUse {
  /** as first written */
  word: string;
  /** folded key used in the mapping */
  key: string;
  count: number;
  /** code chosen (mapping) or proposed; null = no answer / blank; undefined = unknown */
  code: string | null | undefined;
  /** whether the code came from the user's mapping (else proposed) */
  mapped: boolean;
}

export interface DepartmentUse {
  name: string;
  key: string;
  count: number;
  state: 'matched' | 'mapped' | 'ignored' | 'create' | 'unknown';
  departmentId: string | null;
  /** the matched department is abolished (valid_to in the past) */
  historical: boolean;
  candidates: { id: string; name: string }[];
  /** rows that name it */
  rows: number[];
}

export interface ImportPlan {
  ok: boolean;
  groups: PlannedGroup[];
  items: PlannedItem[];
  departmentsToCreate: { name: string; kind: string }[];
  rounds: PlannedRound[];
  issues: Issue[];
  statusWords: WordUse[];
  phaseWords: WordUse[];
  departmentNames: DepartmentUse[];
  /** legend lines found in the file (mark → label as printed) */
  fileLegend: FileLegendEntry[];
  /** changes are recorded with this date (updates, 追加) */
  effectiveDate: string;
  /** cells changed before reading: PDF text clean-up and the user's corrections */
  cellChanges: CellChange[];
}

// ───────────── helpers ─────────────

const MARK_RE = /【\s*([^【】]{1,12}?)\s*年度\s*(改訂|追加項目|追加|変更)\s*】/g;

/** Title without the printed revision marks, and the marks: 「…の検討【R2年度改訂】」 → 「…の検討」, [revised 2020]. */
export function splitMarks(title: string): { title: string; marks: { kind: 'added' | 'revised'; fiscalYear: number; mark: string }[] } {
  const marks: { kind: 'added' | 'revised'; fiscalYear: number; mark: string }[] = [];
  const stripped = title.replace(MARK_RE, (whole, year: string, what: string) => {
    const fy = parseFiscalYear(year);
    if (fy === null) return whole;
    marks.push({ kind: what.startsWith('追加') ? 'added' : 'revised', fiscalYear: fy, mark: whole.replace(/\s+/g, '') });
    return '';
  });
  return { title: stripped.trim(), marks };
}

/** 「(1) 市有財産の適正管理」 → number (1), title. Only clear numbering at the start. */
export function splitNumbered(text: string): { number: string; title: string } {
  const m = /^\s*((?:[(（]\s*\d{1,3}\s*[)）])|[①-⑳]|\d{1,3}[.．](?!\d)|[０-９]{1,3}[．.])\s*(.+)$/s.exec(text);
  if (!m) return { number: '', title: text.trim() };
  return { number: normalizeWidth(m[1]!).replace(/\s+/g, ''), title: m[2]!.trim() };
}

const numberKey = (s: string) => normalizeWidth(s).replace(/\s+/g, '');
const titleKey = (s: string) => fold(s);

function scheduleLabel(phases: readonly Phase[]): string {
  return phases.map((p) => (p.symbol ? `${p.label}（${p.symbol}）` : p.label)).join('・');
}

interface RowValues {
  row: DataRow;
  levels: string[];
  number: string;
  titleRaw: string;
}

// ───────────── the build ─────────────

export interface BuildInput {
  kind: SourceKind;
  sheet: Sheet;
  header: HeaderInfo;
  mapping: ImportMapping;
  ctx: ImportContext;
}

export function buildImport(input: BuildInput): ImportPlan {
  const { kind, sheet, header, mapping, ctx } = input;
  const { plan } = ctx;
  const issues = new Issues(kind);
  const width = header.columns.length;
  const label = (c: number) => header.columns[c]?.label ?? '';
  const at = (row: number | null, col: number | null) => ({ row, column: col, field: col === null ? null : label(col) || roleLabel(roleOf(col)) });
  const columns = mapping.columns.filter((c) => c.index >= 0 && c.index < width && c.role.kind !== 'ignore');
  const byIndex = new Map<number, ColumnRole>(columns.map((c) => [c.index, c.role]));
  const roleOf = (c: number): ColumnRole => byIndex.get(c) ?? { kind: 'ignore' };
  const cols = (k: ColumnRole['kind']) => columns.filter((c) => c.role.kind === k);
  const effectiveDate = mapping.options.effectiveDate ?? ctx.today;
  const fyText = (fy: number) => fiscalYearLabel(fy);
  const periodText = `${fyText(plan.firstFiscalYear)}〜${fyText(plan.lastFiscalYear)}`;

  // ── the mapping itself ──
  for (const c of mapping.columns)
    if (c.index < 0 || c.index >= width) issues.error('column_out_of_range', {}, `対応づけの列（${c.index + 1}列目）は表にありません。表を読み直してから対応づけてください。`);
  const numberCols = cols('number');
  const titleCols = cols('title');
  const deptCols = cols('departments');
  const levelCols = cols('level').sort((a, b) => (a.role as { level: number }).level - (b.role as { level: number }).level);
  if (numberCols.length > 1) issues.error('mapping_duplicate', {}, `整理番号の列が${numberCols.length}つあります（${numberCols.map((c) => label(c.index)).join('、')}）。1つにしてください。`);
  if (deptCols.length > 1) issues.error('mapping_duplicate', {}, `担当課の列が${deptCols.length}つあります。1つにしてください。`);
  if (cols('description').length > 1) issues.error('mapping_duplicate', {}, '事業概要の列が2つ以上あります。1つにしてください。');
  if (titleCols.length !== 1)
    issues.error('mapping_title', {}, titleCols.length ? '項目名の列が2つ以上あります。1つにしてください（上位の階層は「階層」として指定します）。' : '項目名（具体的な取組・実施項目）の列を指定してください。');
  levelCols.forEach((c, i) => {
    const lv = (c.role as { level: number }).level;
    if (lv !== i) issues.error('mapping_levels', at(null, c.index), `階層の列は上から順に1, 2, …と指定してください（${lv + 1}番目の階層の前の階層がありません）。`);
  });
  const itemDepth = levelCols.length;
  const maxLevels = plan.levelNames.length - 1;
  if (itemDepth > maxLevels)
    issues.error(
      'mapping_levels',
      {},
      `階層の列が${itemDepth}つありますが、計画「${plan.title}」の階層は${plan.levelNames.join('・')}の${plan.levelNames.length}段です（項目名の上に置ける階層は${maxLevels}つまで）。`,
    );
  else if (itemDepth < maxLevels)
    issues.warning('mapping_levels', {}, `計画の階層は${plan.levelNames.join('・')}ですが、表の階層の列は${itemDepth}つです。項目は「${plan.levelNames[itemDepth]}」の階層に入ります。`);

  const seenYear = new Map<string, number>();
  for (const c of columns) {
    const r = c.role;
    if (r.kind !== 'schedule' && r.kind !== 'status') continue;
    const key = `${r.kind}:${r.fiscalYear}`;
    if (seenYear.has(key))
      issues.error('mapping_duplicate', at(null, c.index), `${r.kind === 'schedule' ? 'スケジュール' : '取組状況'}の${fyText(r.fiscalYear)}の列が2つあります（${label(seenYear.get(key)!)}と${label(c.index)}）。`);
    seenYear.set(key, c.index);
  }
  const years = statusYears({ columns });

  // ── cells that could not be read (formulas saved without a result, error values) ──
  const mapped = new Set(columns.map((c) => c.index));
  const firstDataRow = header.rows[header.rows.length - 1]! + 1;
  for (const p of sheet.problems) {
    if (!mapped.has(p.col) && !header.rows.includes(p.row)) continue;
    if (p.row < header.rows[0]!) continue;
    if (p.kind === 'formula_without_value')
      issues.error(
        'formula_without_value',
        at(p.row + 1, p.col),
        `数式「${clip(p.detail, 40)}」の計算結果がファイルに保存されていません。Excelでファイルを開いて保存し直す（計算結果が保存されます）か、値として貼り付けてから取り込んでください。`,
      );
    else issues.error('formula_error', at(p.row + 1, p.col), `セルの値がエラー（${p.detail}）です。正しい値に直してから取り込んでください。`);
  }
  const problemAt = new Set(sheet.problems.filter((p) => p.row >= firstDataRow).map((p) => `${p.row + 1}:${p.col}`));

  // ── data rows ──
  const vocab = buildVocab({
    legend: ctx.legend,
    phases: plan.phases,
    departmentNames: ctx.departments.map((d) => d.name),
    statusMap: mapping.statusMap,
    phaseMap: mapping.phaseMap,
    departmentMap: mapping.departmentMap,
  });
  const { rows, legend: innerLegend } = readDataRows(sheet, header, columns, { kind, realign: kind === 'text' && mapping.options.realign, vocab }, issues);
  const fileLegend = [...header.legend, ...innerLegend.filter((e) => !header.legend.some((x) => x.mark === e.mark))];
  if (!rows.length) issues.error('no_rows', {}, '見出しの下にデータの行がありません。');

  // merged cells (spreadsheets): hierarchy columns are filled down below; a schedule cell merged
  // across years covers each of them; any other merged cell counts only on its first row
  const rowAt = new Map(rows.map((r) => [r.row, r]));
  for (const m of sheet.merges) {
    if (m.bottom < firstDataRow) continue;
    const master = rowAt.get(m.top + 1)?.cells[m.left] ?? '';
    const kinds = new Set<string>();
    for (let c = m.left; c <= m.right; c++) kinds.add(roleOf(c).kind);
    if (m.top === m.bottom && [...kinds].every((k) => k === 'schedule')) {
      const row = rowAt.get(m.top + 1);
      if (row) for (let c = m.left + 1; c <= m.right; c++) row.cells[c] = master;
      continue;
    }
    const k = roleOf(m.left).kind;
    if (m.bottom > m.top && k !== 'level' && k !== 'ignore' && master.trim())
      issues.warning(
        'merged_cell',
        at(m.top + 1, m.left),
        `${m.top + 1}〜${m.bottom + 1}行目が結合されたセルです。「${clip(master, 20)}」は${m.top + 1}行目の項目だけに入れ、${m.top + 2}〜${m.bottom + 1}行目は空欄として扱います。`,
      );
  }

  // ── cell values: pasted PDF text cleaned, then the user's corrections (each listed) ──
  const cellChanges: CellChange[] = [];
  if (kind === 'text') cellChanges.push(...cleanPastedCells(rows, [...mapped], mapping.corrections ?? [], issues, at));
  if (mapping.corrections?.length)
    cellChanges.push(...applyCorrections(rows, mapping.corrections, { width, mapped }, issues, at));

  const cellOf = (r: DataRow, c: number) => r.cells[c] ?? '';
  const titleCol = titleCols[0]?.index ?? -1;
  const numberCol = numberCols[0]?.index ?? -1;
  const deptCol = deptCols[0]?.index ?? -1;
  const descCol = cols('description')[0]?.index ?? -1;

  // ── hierarchy: blank means "same as above", only until a higher level changes ──
  const values: RowValues[] = [];
  let prev: string[] = new Array<string>(itemDepth).fill('');
  let filled = 0;
  for (const r of rows) {
    const raw = levelCols.map((c) => joinLines(cellOf(r, c.index)));
    const d = raw.findIndex((v, i) => v !== '' && titleKey(v) !== titleKey(prev[i] ?? ''));
    const levels = d === -1 ? raw.map((v, i) => v || prev[i] || '') : raw.map((v, i) => (i < d ? v || prev[i] || '' : v));
    if (raw.some((v, i) => !v && levels[i])) filled++;
    prev = levels;
    values.push({ row: r, levels, number: numberCol >= 0 ? numberKey(cellOf(r, numberCol)) : '', titleRaw: titleCol >= 0 ? joinLines(cellOf(r, titleCol)) : '' });
  }
  if (filled && itemDepth)
    issues.info('filled_down', {}, `${plan.levelNames.slice(0, itemDepth).join('・')}が空欄の行（${filled}行）は、上の行と同じ${plan.levelNames[0]}として読みました。`);

  // ── vocabularies ──
  const statusUse = new Map<string, WordUse>();
  const phaseUse = new Map<string, WordUse>();
  const deptUse = new Map<string, DepartmentUse>();
  const statusCodes = new Set(ctx.legend.map((v) => v.code));
  const phaseCodes = new Set(plan.phases.map((p) => p.code));
  // the user's word mappings, folded the same way as the words they name (「-」 and 「－」 are one key)
  const statusMap = new Map(Object.entries(mapping.statusMap).map(([k, v]) => [normalizeMark(k), v]));
  const phaseMap = new Map(Object.entries(mapping.phaseMap).map(([k, v]) => [foldPhase(k), v]));
  const statusFor = (word: string): WordUse => {
    const key = normalizeMark(word);
    let u = statusUse.get(key);
    if (!u) {
      const has = statusMap.has(key);
      u = { word: word.trim(), key, count: 0, code: has ? statusMap.get(key) : proposeStatus(word, ctx.legend, fileLegend), mapped: has };
      statusUse.set(key, u);
    }
    u.count++;
    return u;
  };
  const phaseFor = (word: string): WordUse => {
    const key = foldPhase(word);
    let u = phaseUse.get(key);
    if (!u) {
      const has = phaseMap.has(key);
      u = { word: word.trim(), key, count: 0, code: has ? phaseMap.get(key) : proposePhase(word, plan.phases), mapped: has };
      phaseUse.set(key, u);
    }
    u.count++;
    return u;
  };
  const resolver = departmentResolver(ctx.departments, mapping.departmentMap, ctx.today);
  const mappedKeys = new Set(Object.keys(mapping.departmentMap).map(foldName));

  // ── year columns outside the plan ──
  for (const c of columns) {
    const r = c.role;
    if ((r.kind === 'schedule' || r.kind === 'status') && (r.fiscalYear < plan.firstFiscalYear || r.fiscalYear > plan.lastFiscalYear)) {
      const used = rows.filter((row) => !isBlank(cellOf(row, c.index))).map((row) => row.row);
      const what = r.kind === 'schedule' ? 'スケジュール' : '取組状況';
      if (used.length)
        issues.error(
          'year_outside_plan',
          at(null, c.index),
          `${what}の${fyText(r.fiscalYear)}は計画期間（${periodText}）の外です（記入のある行: ${lines(used)}）。計画期間を直すか、この列を「取り込まない」にしてください。`,
        );
      else issues.info('year_outside_plan', at(null, c.index), `${what}の${fyText(r.fiscalYear)}は計画期間（${periodText}）の外ですが、記入がないため読み飛ばします。`);
    }
  }
  const inPlan = (fy: number) => fy >= plan.firstFiscalYear && fy <= plan.lastFiscalYear;

  // ── existing nodes ──
  const existingByNumber = new Map<string, NodeInfo[]>();
  for (const n of ctx.nodes) {
    if (!n.isAction || !n.number) continue;
    const k = numberKey(n.number);
    existingByNumber.set(k, [...(existingByNumber.get(k) ?? []), n]);
  }
  const childrenOf = (parentId: string | null) => ctx.nodes.filter((n) => n.parentId === parentId);

  // ── groups ──
  const groups: PlannedGroup[] = [];
  const groupByKey = new Map<string, PlannedGroup>();
  const groupIdOf = (key: string | null): string | null | undefined => (key === null ? null : groupByKey.get(key)?.existingId ?? undefined);
  const ensureGroups = (levels: string[], row: number, col: (i: number) => number): string | null | false => {
    let parentKey: string | null = null;
    for (let i = 0; i < levels.length; i++) {
      const text = levels[i]!;
      if (!text) {
        if (levels.slice(i + 1).some(Boolean)) {
          issues.error('level_blank', at(row, col(i)), `${plan.levelNames[i] ?? `階層${i + 1}`}が空欄です（上の行にもないため、どこに属するか分かりません）。`);
          return false;
        }
        break;
      }
      const { number, title } = splitNumbered(splitMarks(text).title);
      const key: string = `${parentKey ?? ''}\u0000${titleKey(title)}`;
      let g = groupByKey.get(key);
      if (!g) {
        const parentId = groupIdOf(parentKey);
        const existing =
          parentId === undefined
            ? undefined
            : childrenOf(parentId).find((n) => !n.isAction && titleKey(splitNumbered(n.title).title) === titleKey(title) && n.depth === i);
        g = { key, parentKey, depth: i, number, title, existingId: existing?.id ?? null, row };
        if (title.length > 200) issues.error('title_too_long', at(row, col(i)), `${plan.levelNames[i] ?? '階層'}の名前は200文字以内にしてください（現在${title.length}文字）。`);
        groups.push(g);
        groupByKey.set(key, g);
      }
      parentKey = key;
    }
    return parentKey;
  };

  // ── items ──
  const items: PlannedItem[] = [];
  const answersByItem: Map<number, PlannedAnswer>[] = [];
  const numberRows = new Map<string, number>();
  // items being registered for the first time (the plan has no items yet, perhaps only its 施策):
  // 策定時 from the plan's first day; otherwise new items are 追加 from the import's date
  const planWasEmpty = !ctx.nodes.some((n) => n.isAction);
  const statusCols = cols('status');
  const scheduleCols = cols('schedule');
  const answerCols = columns.filter((c) => ['narrative', 'issues', 'nextPlan', 'effect', 'value'].includes(c.role.kind));
  const noStatusText: number[] = [];

  for (const v of values) {
    const r = v.row;
    const row = r.row;
    const hasOther = columns.some(
      (c) => c.role.kind !== 'level' && c.role.kind !== 'title' && c.role.kind !== 'number' && !isBlank(cellOf(r, c.index)),
    );
    const parentKey = ensureGroups(v.levels, row, (i) => levelCols[i]!.index);
    if (parentKey === false) continue;
    if (!v.titleRaw) {
      if (!v.number && !hasOther) continue; // a row naming only the groups
      issues.error('title_blank', at(row, titleCol >= 0 ? titleCol : null), '項目名が空欄です。');
      continue;
    }
    if (itemDepth && parentKey === null) {
      issues.error('level_blank', at(row, levelCols[0]!.index), `${plan.levelNames[0]}が空欄です（上の行にもないため、どこに属するか分かりません）。`);
      continue;
    }
    const { title, marks } = splitMarks(v.titleRaw);
    if (v.number) {
      const first = numberRows.get(v.number);
      if (first !== undefined) {
        issues.error('number_duplicate', at(row, numberCol), `整理番号「${v.number}」が${first}行目と重複しています。整理番号は項目ごとに別の番号にしてください。`);
        continue;
      }
      numberRows.set(v.number, row);
    }

    // existing item: by 整理番号, else by title under the same parent
    const parentId = groupIdOf(parentKey);
    let existing: NodeInfo | undefined;
    if (v.number) {
      const hits = existingByNumber.get(v.number) ?? [];
      if (hits.length > 1) {
        issues.error('number_ambiguous', at(row, numberCol), `計画には整理番号「${v.number}」の項目が${hits.length}件あります（${hits.map((h) => `「${h.title}」`).join('')}）。計画の整理番号を直してから取り込んでください。`);
        continue;
      }
      existing = hits[0];
    } else if (parentId !== undefined) {
      existing = childrenOf(parentId).find((n) => n.isAction && titleKey(n.title) === titleKey(title));
    }

    // departments
    let departments: DepartmentRef[] | null = null;
    if (deptCol >= 0) {
      departments = [];
      const text = cellOf(r, deptCol);
      const names = splitDepartments(text, resolver);
      for (const n of names) {
        let use = deptUse.get(n.folded);
        if (!use) {
          const id = resolver.resolve(n.folded);
          const dept = id ? resolver.byId.get(id) : undefined;
          const state: DepartmentUse['state'] =
            id === null ? 'ignored' : id ? (mappedKeys.has(n.folded) ? 'mapped' : 'matched') : mapping.options.createMissingDepartments ? 'create' : 'unknown';
          use = {
            name: n.name,
            key: n.folded,
            count: 0,
            state,
            departmentId: id ?? null,
            historical: !!dept && !isValidOn(dept, ctx.today),
            candidates: id === undefined ? closestDepartments(n.name, ctx.departments, ctx.today).map((d) => ({ id: d.id, name: d.name })) : [],
            rows: [],
          };
          if (id && !dept) {
            use.state = 'unknown';
            use.departmentId = null;
          }
          deptUse.set(n.folded, use);
        }
        use.count++;
        use.rows.push(row);
        if (use.state === 'ignored') continue;
        if (use.state === 'unknown') {
          const near = use.candidates
            .map((c) => {
              const d = resolver.byId.get(c.id);
              return d && !isValidOn(d, ctx.today) ? `${c.name}（廃止）` : c.name;
            })
            .join('、');
          issues.error(
            'department_unknown',
            at(row, deptCol),
            `『${n.name}』に一致する組織がありません。${near ? `近い候補: ${near}。` : ''}組織一覧に登録するか、担当課の対応づけで組織を選ぶ（または「取り込まない」にする）か、「ない組織を作成する」を選んでください。`,
          );
          continue;
        }
        const ref: DepartmentRef = use.state === 'create' ? { create: n.name, lead: n.lead } : { id: use.departmentId!, lead: n.lead };
        if (departments.some((d) => ('id' in d && 'id' in ref ? d.id === ref.id : 'create' in d && 'create' in ref && foldName(d.create) === foldName(ref.create)))) continue;
        departments.push(ref);
      }
      if (!names.length) issues.warning('department_blank', at(row, deptCol), '担当課が空欄です（担当課なしで取り込みます）。');
      // the lead: the one marked ◎, else the first
      if (departments.length) {
        const li = Math.max(0, departments.findIndex((d) => d.lead));
        departments = [{ ...departments[li]!, lead: true }, ...departments.filter((_, i) => i !== li).map((d) => ({ ...d, lead: false }))];
      }
    }

    // schedule
    let schedule: Record<string, string> | null = null;
    if (scheduleCols.length) {
      schedule = {};
      if (existing) for (const [fy, ph] of Object.entries(existing.schedule)) schedule[fy] = ph;
      for (const c of scheduleCols) {
        const fy = (c.role as { fiscalYear: number }).fiscalYear;
        const text = cellOf(r, c.index).trim();
        if (!inPlan(fy)) continue;
        delete schedule[String(fy)];
        if (!text || problemAt.has(`${row}:${c.index}`)) continue;
        const use = phaseFor(text);
        if (use.code === null) continue;
        if (use.code === undefined || !phaseCodes.has(use.code)) {
          issues.error(
            'phase_unknown',
            at(row, c.index),
            `スケジュールの「${clip(text, 12)}」はこの計画の区分（${scheduleLabel(plan.phases)}）にありません。スケジュールの語の対応づけで区分を選ぶか、計画の区分に加えてください。`,
          );
          continue;
        }
        schedule[String(fy)] = use.code;
      }
    }

    // answers per year
    const answers = new Map<number, PlannedAnswer>();
    const itemIndex = items.length;
    for (const c of statusCols) {
      const fy = (c.role as { fiscalYear: number }).fiscalYear;
      const text = cellOf(r, c.index).trim();
      if (!text || !inPlan(fy) || problemAt.has(`${row}:${c.index}`)) continue;
      const use = statusFor(text);
      if (use.code === null) continue;
      if (use.code === undefined || !statusCodes.has(use.code)) {
        issues.error(
          'status_unknown',
          at(row, c.index),
          `取組状況の「${clip(text, 12)}」は計画の凡例（${symbolsText(ctx.legend)}）にありません。取組状況の語の対応づけで凡例の区分を選んでください。`,
        );
        continue;
      }
      answers.set(fy, { item: itemIndex, statusCode: use.code });
    }
    for (const c of answerCols) {
      const fy = answerYear(c.role, years);
      const text = cellOf(r, c.index).trim();
      if (!text || problemAt.has(`${row}:${c.index}`)) continue;
      if (fy === null) {
        issues.error('answer_year', at(row, c.index), `どの年度の取組状況か分かりません。列の対応づけで年度を指定してください。`);
        continue;
      }
      const a = answers.get(fy);
      if (!a) {
        noStatusText.push(row);
        continue;
      }
      const draft: ReportDraftInput = {};
      switch (c.role.kind) {
        case 'narrative':
          draft.narrative = a.narrative ? `${a.narrative}\n${text}` : text;
          break;
        case 'issues':
          draft.issues = a.issues ? `${a.issues}\n${text}` : text;
          break;
        case 'nextPlan':
          draft.nextPlan = a.nextPlan ? `${a.nextPlan}\n${text}` : text;
          break;
        case 'effect':
          draft.effectExpenseYen = text;
          break;
        case 'value':
          draft.numbers = { ...(a.numbers ?? {}), [c.role.key]: text };
          break;
        default:
          break;
      }
      const checked = applyDraft(EMPTY_REPORT, draft, { fields: REPORT_FIELDS, status: ctx.legend, achievement: null });
      if (checked.errors.length) {
        for (const e of checked.errors) issues.error('answer_invalid', at(row, c.index), e.message);
        continue;
      }
      Object.assign(a, draft.effectExpenseYen !== undefined ? { ...draft, effectExpenseYen: checked.content.effectExpenseYen } : draft);
    }

    // node rules (the same function the plan commands use)
    const description = descCol >= 0 ? cellOf(r, descCol).replace(/\r\n?/g, '\n').trim() : null;
    const fieldErrors = validateNodeFields(
      {
        number: v.number,
        title,
        description: description ?? existing?.description ?? '',
        departments: (departments ?? []).flatMap((d) => ('id' in d ? [{ id: d.id, lead: d.lead }] : [])),
        schedule: schedule ?? {},
        tagIds: [],
      },
      {
        phases: plan.phases,
        firstFiscalYear: plan.firstFiscalYear,
        lastFiscalYear: plan.lastFiscalYear,
        knownDepartmentIds: new Set(ctx.departments.map((d) => d.id)),
        knownTagIds: new Set(),
      },
    );
    let bad = false;
    for (const e of fieldErrors) {
      if (e.path.startsWith('schedule.') || e.path.startsWith('departments')) continue; // reported per cell above
      const col = e.path === 'number' ? numberCol : e.path === 'description' ? descCol : titleCol;
      issues.error('item_invalid', at(row, col >= 0 ? col : null), e.message);
      bad = true;
    }
    if (bad) continue;

    // create or update
    let action: PlannedItem['action'] = 'create';
    const changes: string[] = [];
    let move = false;
    if (existing) {
      if (existing.status !== 'active')
        issues.warning('item_ended', at(row, numberCol >= 0 ? numberCol : titleCol), `整理番号「${v.number}」の項目「${existing.title}」は${existing.status === 'merged' ? '統合' : '中止'}されています。項目は更新せず、取組状況だけを取り込みます。`);
      if (titleKey(existing.title) !== titleKey(title)) changes.push('項目名');
      if (description !== null && existing.description.trim() !== description) changes.push('事業概要');
      if (departments && !departments.every((d) => 'id' in d)) changes.push('担当課');
      else if (departments && JSON.stringify(departments) !== JSON.stringify(existing.departments.map((d) => ({ id: d.id, lead: d.lead })))) changes.push('担当課');
      if (schedule && JSON.stringify(sortKeys(schedule)) !== JSON.stringify(sortKeys(existing.schedule))) changes.push('スケジュール');
      if (parentId !== undefined && parentId !== existing.parentId) move = true;
      else if (parentId === undefined) move = true; // its group is new
      if (move) changes.push(`所属（${plan.levelNames[Math.max(0, itemDepth - 1)] ?? '上位の項目'}）`);
      action = changes.length ? 'update' : 'unchanged';
      if (existing.status !== 'active') {
        action = 'unchanged';
        move = false;
        changes.length = 0;
      }
      if (action === 'update' && existing.lastChangeDate && effectiveDate < existing.lastChangeDate)
        issues.error(
          'change_date',
          at(row, numberCol >= 0 ? numberCol : titleCol),
          `項目「${existing.title}」の最後の変更の適用日（${existing.lastChangeDate}）より前の日付（${effectiveDate}）では更新できません。適用日を直してください。`,
        );
    }

    // printed marks not yet in the history
    const revisions: PlannedRevision[] = [];
    for (const m of marks) {
      if (!inPlan(m.fiscalYear)) {
        issues.warning('mark_outside_plan', at(row, titleCol), `${m.mark}は計画期間（${periodText}）の外の年度のため、変更調書には記録しません。`);
        continue;
      }
      if (existing?.marks.includes(m.mark)) continue;
      if (existing && m.kind === 'added') continue;
      const date = fiscalYearRange(m.fiscalYear).start;
      if (existing && existing.lastChangeDate && date < existing.lastChangeDate) {
        issues.info('mark_before_history', at(row, titleCol), `${m.mark}は項目の最後の変更（${existing.lastChangeDate}）より前のため、変更調書には記録しません。`);
        continue;
      }
      revisions.push({ kind: m.kind, fiscalYear: m.fiscalYear, mark: m.mark, effectiveDate: date });
    }
    if (existing?.status === 'active' && revisions.length && action === 'unchanged') action = 'update';
    if (existing && existing.status !== 'active') revisions.length = 0;
    if (marks.length && !existing)
      issues.info('mark', at(row, titleCol), `項目名の${marks.map((m) => m.mark).join('')}は項目名から外し、変更調書（${marks.map((m) => (m.kind === 'added' ? '追加' : '改訂')).join('・')}）として記録します。`);

    const createKind: PlannedItem['createKind'] = revisions.some((x) => x.kind === 'added') || !planWasEmpty ? 'added' : 'created';
    if (!existing) {
      // a new item's history starts on its creation date: a 改訂 printed before it cannot be recorded
      const created = creationDate({ createKind, revisions }, plan.firstFiscalYear, effectiveDate);
      for (let i = revisions.length - 1; i >= 0; i--) {
        const rev = revisions[i]!;
        if (rev.kind === 'revised' && rev.effectiveDate < created) {
          issues.info('mark_before_history', at(row, titleCol), `${rev.mark}は項目を追加する日（${created}）より前のため、変更調書には記録しません。`);
          revisions.splice(i, 1);
        }
      }
    }
    items.push({
      row,
      number: v.number,
      title,
      description,
      parentKey,
      departments,
      schedule,
      existingId: existing?.id ?? null,
      existingVersion: existing?.version ?? null,
      action,
      changes,
      move,
      revisions,
      createKind,
    });
    answersByItem.push(answers);
  }
  if (noStatusText.length)
    issues.warning('answer_without_status', {}, `取組状況の記号がない年度の記述・数値は取り込めません（照会の回答には記号が必要です）: ${lines(noStatusText)}。`);

  // ── departments to create ──
  const departmentsToCreate = [...deptUse.values()].filter((u) => u.state === 'create').map((u) => ({ name: u.name, kind: kindFromName(u.name) }));
  if (departmentsToCreate.length)
    issues.info('department_create', {}, `次の組織を新しく登録します: ${departmentsToCreate.map((d) => `${d.name}（${d.kind}）`).join('、')}。`);
  for (const u of deptUse.values())
    if (u.historical) {
      const d = resolver.byId.get(u.departmentId!)!;
      const succ = d.successorId ? resolver.byId.get(d.successorId) : undefined;
      issues.warning('department_historical', {}, `『${u.name}』は廃止された組織です${succ ? `（後継: ${succ.name}）` : ''}。記載どおりこの組織を担当課にします（${lines(u.rows)}）。`);
    }

  // ── rounds: one per status year ──
  const settings = mapping.rounds.length ? mapping.rounds : defaultRounds(years, null);
  const rounds: PlannedRound[] = [];
  const labels = new Map<string, number>();
  for (const fy of years) {
    if (!inPlan(fy)) continue;
    const s = settings.find((x) => x.fiscalYear === fy) ?? defaultRounds([fy], null)[0]!;
    const answers = answersByItem.flatMap((m) => (m.get(fy) ? [m.get(fy)!] : []));
    const where = { field: `取組状況（${fyText(fy)}）` };
    const label = s.label.trim();
    if (!label) issues.error('round_label', where, `${fyText(fy)}の照会名を入力してください（例: ${fyText(fy)}実績）。`);
    else if (label.length > ROUND_LABEL_MAX) issues.error('round_label', where, `照会名は${ROUND_LABEL_MAX}文字以内にしてください。`);
    if (!parseIsoDate(s.asOfDate)) issues.error('round_date', where, `${fyText(fy)}の基準日はYYYY-MM-DDの形式で入力してください。`);
    if (labels.has(label)) issues.error('round_label', where, `照会名「${label}」が${fyText(labels.get(label)!)}と同じです。年度ごとに別の名前にしてください。`);
    labels.set(label, fy);
    if (!answers.length) {
      issues.info('round_empty', where, `${fyText(fy)}の取組状況の記入がないため、照会「${label}」は作りません。`);
      continue;
    }
    const existing = ctx.rounds.find((x) => x.label === label && x.asOfDate === s.asOfDate);
    if (existing) {
      if (mapping.options.existingRounds === 'error')
        issues.error('round_exists', where, `照会「${label}」（基準日${s.asOfDate}）は既に取り込まれています。同じ実績を二重に取り込むことはできません。`);
      else issues.warning('round_exists', where, `照会「${label}」（基準日${s.asOfDate}）は既に取り込まれているため、${fyText(fy)}の取組状況は取り込みません（項目の内容は更新します）。`);
    }
    rounds.push({ fiscalYear: fy, label, asOfDate: s.asOfDate, action: existing ? 'skip' : 'create', existingId: existing?.id ?? null, answers });
  }

  if (!items.length && rows.length && !issues.hasErrors) issues.error('no_items', {}, '取り込める項目がありません（項目名の列を確かめてください）。');

  const result = issues.result();
  return {
    ok: !result.some((i) => i.severity === 'error'),
    groups,
    items,
    departmentsToCreate,
    rounds,
    issues: result,
    statusWords: [...statusUse.values()],
    phaseWords: [...phaseUse.values()],
    departmentNames: [...deptUse.values()],
    fileLegend,
    effectiveDate,
    cellChanges,
  };
}

/** The date a new item's history starts: the plan's first day (策定時), the printed 追加 year, or the import's date. */
export function creationDate(item: Pick<PlannedItem, 'createKind' | 'revisions'>, firstFiscalYear: number, effectiveDate: string): string {
  if (item.createKind === 'created') return fiscalYearRange(firstFiscalYear).start;
  return item.revisions.find((r) => r.kind === 'added')?.effectiveDate ?? effectiveDate;
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
