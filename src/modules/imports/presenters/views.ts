/**
 * What the upload, proposal, dry-run and commit routes compute from the table and the plan, as pure
 * functions of plain data: they run in the import worker processes (parsers/tasks.ts), so that the
 * proposal and the dry run against a plan of 30,000 items, and the JSON of their answers, never hold
 * up the server's event loop. The answers come back as JSON text, sent as they are.
 */
import type { ImportContext, ImportPlan } from '../domain/build.js';
import { buildImport } from '../domain/build.js';
import { contextFromData, type ImportContextData } from '../domain/contextData.js';
import type { ParsedUpload } from '../domain/grid.js';
import type { Issue } from '../domain/issues.js';
import type { ImportMapping, SavedMapping } from '../domain/mapping.js';
import { prepareTable } from '../domain/prepare.js';
import { proposeMapping } from '../domain/propose.js';
import { refusal } from '../domain/refusal.js';
import { buildVocab } from '../domain/vocab.js';
import { fromStoredJson } from '../storedJson.js';
import { presentDryRun, presentUpload } from './imports.js';

export interface ViewRequest {
  context: ImportContextData;
  saved: { name: string; body: SavedMapping } | null;
  sheet?: string | undefined;
  session: { id: string; planId: string; expiresAt: string };
}

/** The proposal for the upload (a sheet, a saved mapping) and the dry run of that proposal, as JSON text. */
export function uploadViewJson(upload: ParsedUpload, req: ViewRequest): string {
  const ctx = contextFromData(req.context);
  const saved = req.saved;
  const session = { id: req.session.id, planId: req.session.planId, expiresAt: new Date(req.session.expiresAt), upload };
  const prepared = prepareTable(upload, { sheet: req.sheet ?? null });
  if (!prepared.ok)
    return JSON.stringify(presentUpload({ session, sheet: prepared.sheet, header: null, mapping: null, savedMappingName: saved?.name ?? null, plan: null, issues: prepared.issues, ctx }));
  const vocab = buildVocab({ legend: ctx.legend, phases: ctx.plan.phases, departmentNames: ctx.departments.map((d) => d.name), ...(saved ? saved.body : {}) });
  const mapping = proposeMapping({ kind: upload.kind, sheet: prepared.sheet, header: prepared.header, legend: ctx.legend, phases: ctx.plan.phases, vocab, saved: saved?.body });
  const plan = buildImport({ kind: upload.kind, sheet: prepared.sheet, header: prepared.header, mapping, ctx });
  return JSON.stringify(presentUpload({ session, sheet: prepared.sheet, header: prepared.header, mapping, savedMappingName: saved?.name ?? null, plan, issues: [], ctx }));
}

/** The dry run of a mapping as JSON text; a table that cannot be read with it is refused (422). */
export function dryRunJson(uploadJson: string, context: ImportContextData, mapping: ImportMapping): string {
  const upload = fromStoredJson(JSON.parse(uploadJson));
  const ctx = contextFromData(context);
  const prepared = prepareTable(upload, { sheet: mapping.sheet, headerRows: mapping.headerRows });
  if (!prepared.ok) throw refusal(prepared.issues);
  const plan = buildImport({ kind: upload.kind, sheet: prepared.sheet, header: prepared.header, mapping, ctx });
  return JSON.stringify(presentDryRun(plan, ctx, prepared.header));
}

/**
 * Where the commit puts new nodes, from the plan's nodes: whether the plan has items yet, the depth of
 * every possible parent, and per parent the last sort order and the number of children. Small (one entry
 * per group), so the commit needs neither the 30,000 nodes nor their JSON on the server's thread.
 */
export interface Placement {
  planWasEmpty: boolean;
  depthOf: Map<string, number>;
  lastSort: Map<string | null, number>;
  childCount: Map<string | null, number>;
}

export function placementOf(ctx: ImportContext, plan: ImportPlan): Placement {
  const parents = new Set<string>();
  for (const n of ctx.nodes) if (n.parentId) parents.add(n.parentId);
  for (const g of plan.groups) if (g.existingId) parents.add(g.existingId);
  const depthOf = new Map<string, number>();
  const lastSort = new Map<string | null, number>();
  const childCount = new Map<string | null, number>();
  for (const n of ctx.nodes) {
    if (!n.isAction || parents.has(n.id)) depthOf.set(n.id, n.depth);
    lastSort.set(n.parentId, Math.max(lastSort.get(n.parentId) ?? 0, n.sortOrder));
    childCount.set(n.parentId, (childCount.get(n.parentId) ?? 0) + 1);
  }
  return { planWasEmpty: !ctx.nodes.some((n) => n.isAction), depthOf, lastSort, childCount };
}

/** Everything the commit's writes need, built before its transaction. */
export interface PreparedCommit {
  /** of the upload (the audit record names them) */
  fileName: string;
  kind: ParsedUpload['kind'];
  plan: ImportPlan;
  placement: Placement;
  planInfo: { firstFiscalYear: number; levelNames: string[] };
  departmentCount: number;
}

/** The commit's plan of writes (the dry run it repeats), or the problems that stop it. */
export function prepareCommit(uploadJson: string, context: ImportContextData, mapping: ImportMapping): PreparedCommit | { issues: Issue[] } {
  const upload = fromStoredJson(JSON.parse(uploadJson));
  return prepareCommitOf(upload, contextFromData(context), mapping);
}

export function prepareCommitOf(upload: ParsedUpload, ctx: ImportContext, mapping: ImportMapping): PreparedCommit | { issues: Issue[] } {
  const prepared = prepareTable(upload, { sheet: mapping.sheet, headerRows: mapping.headerRows });
  if (!prepared.ok) return { issues: prepared.issues };
  const plan = buildImport({ kind: upload.kind, sheet: prepared.sheet, header: prepared.header, mapping, ctx });
  if (!plan.ok) return { issues: plan.issues };
  return {
    fileName: upload.fileName,
    kind: upload.kind,
    plan,
    placement: placementOf(ctx, plan),
    planInfo: { firstFiscalYear: ctx.plan.firstFiscalYear, levelNames: ctx.plan.levelNames },
    departmentCount: ctx.departments.length,
  };
}
