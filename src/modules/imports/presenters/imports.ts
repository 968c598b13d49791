/** Import plans, uploads and saved mappings → the DTOs of shared/api-types-imports.ts. */
import type {
  ImportDryRunDto,
  ImportIssueDto,
  ImportMappingDto,
  ImportSavedMappingDto,
  ImportUploadDto,
  ImportWordDto,
  SavedMappingBodyDto,
} from '../../../shared/api-types-imports.js';
import { fiscalYearLabel } from '../../fiscal/domain/index.js';
import type { ImportContext, ImportPlan, WordUse } from '../domain/build.js';
import { cleanPdfText } from '../domain/cleanup.js';
import { columnLetter, columnCount, type ParsedUpload, type Sheet } from '../domain/grid.js';
import type { HeaderInfo } from '../domain/header.js';
import type { Issue } from '../domain/issues.js';
import { roleLabel, type ImportMapping } from '../domain/mapping.js';
import { sheetIsEmpty } from '../domain/prepare.js';
import { readDataRows } from '../domain/rows.js';
import { buildVocab } from '../domain/vocab.js';
import type { MappingRow } from '../queries/mappings.js';
import type { StoredUpload } from '../uploads.js';

export const presentIssues = (issues: readonly Issue[]): ImportIssueDto[] => issues.map((i) => ({ ...i }));

function wordState(u: WordUse): ImportWordDto['state'] {
  if (u.code === null) return 'blank';
  if (u.code === undefined) return 'unknown';
  return u.mapped ? 'mapped' : 'proposed';
}

export function presentDryRun(plan: ImportPlan, ctx: ImportContext, header?: HeaderInfo | null): ImportDryRunDto {
  const fieldOf = (c: number) => header?.columns[c]?.label || `${c + 1}列目`;
  const count = (s: Issue['severity']) => plan.issues.filter((i) => i.severity === s).length;
  const groupByKey = new Map(plan.groups.map((g) => [g.key, g]));
  const pathOf = (key: string | null): string[] => {
    const out: string[] = [];
    let k = key;
    while (k !== null) {
      const g = groupByKey.get(k);
      if (!g) break;
      out.unshift(g.title);
      k = g.parentKey;
    }
    return out;
  };
  const deptName = new Map(ctx.departments.map((d) => [d.id, d.name]));
  const phase = new Map(ctx.plan.phases.map((p) => [p.code, p.symbol ?? p.label]));
  const legend = new Map(ctx.legend.map((v) => [v.code, v]));
  const statusesOf = new Map<number, Record<string, string>>();
  for (const r of plan.rounds)
    for (const a of r.answers) {
      const m = statusesOf.get(a.item) ?? {};
      m[String(r.fiscalYear)] = legend.get(a.statusCode)?.symbol ?? a.statusCode;
      statusesOf.set(a.item, m);
    }
  return {
    ok: plan.ok,
    counts: {
      itemsCreate: plan.items.filter((i) => i.action === 'create').length,
      itemsUpdate: plan.items.filter((i) => i.action === 'update').length,
      itemsUnchanged: plan.items.filter((i) => i.action === 'unchanged').length,
      groupsCreate: plan.groups.filter((g) => !g.existingId).length,
      groupsReuse: plan.groups.filter((g) => g.existingId).length,
      departmentsCreate: plan.departmentsToCreate.length,
      roundsCreate: plan.rounds.filter((r) => r.action === 'create').length,
      roundsSkip: plan.rounds.filter((r) => r.action === 'skip').length,
      answers: plan.rounds.filter((r) => r.action === 'create').reduce((n, r) => n + r.answers.length, 0),
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
    },
    issues: presentIssues(plan.issues),
    groups: plan.groups.map((g) => ({
      title: g.title,
      number: g.number,
      depth: g.depth,
      levelName: ctx.plan.levelNames[g.depth] ?? '',
      action: g.existingId ? 'reuse' : 'create',
      row: g.row,
    })),
    items: plan.items.map((it, i) => ({
      row: it.row,
      number: it.number,
      title: it.title,
      path: pathOf(it.parentKey),
      action: it.action,
      changes: it.changes,
      departments: (it.departments ?? []).map((d) => ('id' in d ? { name: deptName.get(d.id) ?? '', lead: d.lead, create: false } : { name: d.create, lead: d.lead, create: true })),
      schedule: Object.fromEntries(Object.entries(it.schedule ?? {}).map(([fy, code]) => [fy, phase.get(code) ?? code])),
      statuses: statusesOf.get(i) ?? {},
      marks: it.revisions.map((r) => r.mark),
    })),
    departmentsToCreate: plan.departmentsToCreate,
    rounds: plan.rounds.map((r) => ({
      fiscalYear: r.fiscalYear,
      fiscalYearLabel: fiscalYearLabel(r.fiscalYear),
      label: r.label,
      asOfDate: r.asOfDate,
      action: r.action,
      answers: r.answers.length,
    })),
    statusWords: plan.statusWords.map((u) => ({ word: u.word, key: u.key, count: u.count, code: u.code ?? null, label: u.code ? (legend.get(u.code)?.label ?? null) : null, state: wordState(u) })),
    phaseWords: plan.phaseWords.map((u) => ({
      word: u.word,
      key: u.key,
      count: u.count,
      code: u.code ?? null,
      label: u.code ? (ctx.plan.phases.find((p) => p.code === u.code)?.label ?? null) : null,
      state: wordState(u),
    })),
    cellChanges: plan.cellChanges.map((x) => ({ ...x, field: fieldOf(x.column) })),
    departmentNames: plan.departmentNames.map((d) => ({
      name: d.name,
      key: d.key,
      count: d.count,
      state: d.state,
      departmentId: d.departmentId,
      departmentName: d.departmentId ? (deptName.get(d.departmentId) ?? null) : null,
      historical: d.historical,
      candidates: d.candidates,
      rows: d.rows,
    })),
  };
}

export const presentMapping = (m: ImportMapping): ImportMappingDto => ({ ...m, corrections: m.corrections ?? [] });

export interface UploadView {
  session: Pick<StoredUpload, 'id' | 'planId' | 'expiresAt' | 'upload'>;
  sheet: Sheet | null;
  header: HeaderInfo | null;
  mapping: ImportMapping | null;
  savedMappingName: string | null;
  plan: ImportPlan | null;
  issues: readonly Issue[];
  ctx: ImportContext;
}

export function presentUpload(v: UploadView): ImportUploadDto {
  const upload: ParsedUpload = v.session.upload;
  let preview: ImportUploadDto['preview'] = { rows: [], total: 0 };
  if (v.sheet && v.header && v.mapping) {
    const vocab = buildVocab({
      legend: v.ctx.legend,
      phases: v.ctx.plan.phases,
      departmentNames: v.ctx.departments.map((d) => d.name),
      statusMap: v.mapping.statusMap,
      phaseMap: v.mapping.phaseMap,
      departmentMap: v.mapping.departmentMap,
    });
    const { rows } = readDataRows(v.sheet, v.header, v.mapping.columns, { kind: upload.kind, realign: upload.kind === 'text' && v.mapping.options.realign, vocab }, null);
    // pasted PDF text as the dry run reads it: with its extraction faults undone (cleanup.ts)
    const clean = (s: string) => (upload.kind === 'text' ? cleanPdfText(s).text : s);
    preview = { rows: rows.slice(0, 20).map((r) => ({ row: r.row, cells: r.cells.map(clean) })), total: rows.length };
  }
  const roles = new Map((v.mapping?.columns ?? []).map((c) => [c.index, c.role]));
  return {
    sessionId: v.session.id,
    expiresAt: v.session.expiresAt.toISOString(),
    fileName: upload.fileName,
    source: upload.kind,
    encoding: upload.encoding,
    planId: v.session.planId,
    sheets: upload.sheets.map((s) => ({ name: s.name, rowCount: s.rows.length, columnCount: columnCount(s), empty: sheetIsEmpty(s) })),
    sheet: v.sheet && upload.kind === 'xlsx' ? v.sheet.name : null,
    header: v.header
      ? {
          rows: v.header.rows.map((r) => r + 1),
          columns: v.header.columns.map((c) => ({
            index: c.index,
            letter: upload.kind === 'text' ? null : columnLetter(c.index),
            top: c.top,
            sub: c.sub,
            label: c.label,
            key: c.key,
            roleLabel: roleLabel(roles.get(c.index) ?? { kind: 'ignore' }, v.ctx.plan.levelNames),
          })),
          legend: v.header.legend,
          preamble: v.header.preamble.map((p) => p.text),
        }
      : null,
    mapping: v.mapping ? presentMapping(v.mapping) : null,
    savedMappingName: v.savedMappingName,
    preview,
    dryRun: v.plan ? presentDryRun(v.plan, v.ctx, v.header) : null,
    issues: presentIssues(v.issues),
    plan: {
      id: v.ctx.plan.id,
      title: v.ctx.plan.title,
      firstFiscalYear: v.ctx.plan.firstFiscalYear,
      lastFiscalYear: v.ctx.plan.lastFiscalYear,
      levelNames: v.ctx.plan.levelNames,
      phases: v.ctx.plan.phases,
      legend: v.ctx.legend.map((l) => ({ code: l.code, symbol: l.symbol, label: l.label })),
    },
  };
}

export function presentSavedMapping(row: MappingRow): ImportSavedMappingDto {
  return {
    id: row.id,
    name: row.name,
    planId: row.planId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    mapping: row.mapping as unknown as SavedMappingBodyDto,
  };
}
