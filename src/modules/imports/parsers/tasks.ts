/** The parsing tasks that run in a worker thread, by name; inputs and outputs are plain data. */
import type { SpreadsheetLimits } from '../../../shared/spreadsheetLimits.js';
import type { ParsedUpload } from '../domain/grid.js';
import { parseUploadFile, parseUploadText } from './index.js';

export interface ParseInputs {
  file: { bytes: Uint8Array; fileName: string; limits?: SpreadsheetLimits };
  text: { text: string; limits?: SpreadsheetLimits };
}

export type ParseTask = keyof ParseInputs;

export const PARSE_TASKS: { [K in ParseTask]: (input: ParseInputs[K]) => Promise<ParsedUpload> } = {
  file: (i) => parseUploadFile(i.bytes, i.fileName, i.limits),
  text: async (i) => parseUploadText(i.text, i.limits),
};
