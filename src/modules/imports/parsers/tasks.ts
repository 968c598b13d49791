/**
 * The import's tasks that run in a worker process, by name; inputs and outputs are plain data. Besides
 * reading a file, the pure work on the table against the plan runs there too (presenters/views.ts): the
 * table as stored (JSON text, which the server's thread passes on without parsing), the proposal, the
 * dry run and the commit's plan of writes, each with the plan's nodes passed in as JSON text.
 */
import type { SpreadsheetLimits } from '../../../shared/spreadsheetLimits.js';
import type { ImportContextData } from '../domain/contextData.js';
import type { ParsedUpload } from '../domain/grid.js';
import type { Issue } from '../domain/issues.js';
import type { ImportMapping } from '../domain/mapping.js';
import { dryRunJson, prepareCommit, uploadViewJson, type PreparedCommit, type ViewRequest } from '../presenters/views.js';
import { countCells, fromStoredJson, toStoredJson } from '../storedJson.js';
import { parseUploadFile, parseUploadText } from './index.js';

/** A new upload: its table as stored (jsonb text), its cell count, and the route's answer (JSON text). */
export interface UploadResult {
  json: string;
  cells: number;
  response: string;
}

export interface ImportTasks {
  file: [{ bytes: Uint8Array; fileName: string; limits?: SpreadsheetLimits }, ParsedUpload];
  text: [{ text: string; limits?: SpreadsheetLimits }, ParsedUpload];
  uploadFile: [{ bytes: Uint8Array; fileName: string; limits?: SpreadsheetLimits; view: ViewRequest }, UploadResult];
  uploadText: [{ text: string; limits?: SpreadsheetLimits; view: ViewRequest }, UploadResult];
  view: [{ uploadJson: string; view: ViewRequest }, string];
  dryRun: [{ uploadJson: string; context: ImportContextData; mapping: ImportMapping }, string];
  commitPlan: [{ uploadJson: string; context: ImportContextData; mapping: ImportMapping }, PreparedCommit | { issues: Issue[] }];
}

export type ParseTask = keyof ImportTasks;
export type ParseInputs = { [K in ParseTask]: ImportTasks[K][0] };
export type ParseOutputs = { [K in ParseTask]: ImportTasks[K][1] };

/** The table as the database will hold it, and the upload's answer computed from exactly that. */
function stored(upload: ParsedUpload, view: ViewRequest): UploadResult {
  const json = toStoredJson(upload);
  return { json: JSON.stringify(json), cells: countCells(upload), response: uploadViewJson(fromStoredJson(json), view) };
}

export const PARSE_TASKS: { [K in ParseTask]: (input: ParseInputs[K]) => Promise<ParseOutputs[K]> } = {
  file: (i) => parseUploadFile(i.bytes, i.fileName, i.limits),
  text: async (i) => parseUploadText(i.text, i.limits),
  uploadFile: async (i) => stored(await parseUploadFile(i.bytes, i.fileName, i.limits), i.view),
  uploadText: async (i) => stored(parseUploadText(i.text, i.limits), i.view),
  view: async (i) => uploadViewJson(fromStoredJson(JSON.parse(i.uploadJson)), i.view),
  dryRun: async (i) => dryRunJson(i.uploadJson, i.context, i.mapping),
  commitPlan: async (i) => prepareCommit(i.uploadJson, i.context, i.mapping),
};
