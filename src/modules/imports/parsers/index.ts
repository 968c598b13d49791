/**
 * Reads an upload into sheets of cell texts, or refuses it with a message that
 * says what the file is and what to do: a password-protected workbook, an old
 * .xls, a corrupt zip, a PDF (paste its text instead), an image, an empty file.
 */
import type { SpreadsheetLimits } from '../../../shared/spreadsheetLimits.js';
import type { ParsedUpload } from '../domain/grid.js';
import { decodeText, parseCsv } from './csv.js';
import { MAX_UPLOAD_BYTES, tooLarge, unreadable } from './errors.js';
import { sniff } from './sniff.js';
import { parsePastedText } from './text.js';
import { parseXlsx } from './xlsx.js';

export { MAX_UPLOAD_BYTES };

/**
 * The file → table reading itself, on the calling thread (the server calls it in a worker thread through
 * parseOffThread.ts). `limits` only for tests; SPREADSHEET_LIMITS otherwise.
 */
export async function parseUploadFile(bytes: Uint8Array, fileName: string, limits?: SpreadsheetLimits): Promise<ParsedUpload> {
  const upload = await readFile(bytes, fileName, limits);
  if (upload.sheets.every((s) => !s.rows.some((r) => r.some((c) => c.trim()))))
    throw unreadable(
      upload.kind === 'xlsx'
        ? `ファイル「${fileName}」のシート（${upload.sheets.map((s) => `「${s.name}」`).join('')}）はすべて空です。表の入ったシートのあるファイルを選んでください。`
        : `ファイル「${fileName}」には表がありません（空です）。`,
      'import_empty',
    );
  return upload;
}

async function readFile(bytes: Uint8Array, fileName: string, limits: SpreadsheetLimits | undefined): Promise<ParsedUpload> {
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw tooLarge(bytes.byteLength);
  const s = sniff(bytes);
  switch (s.kind) {
    case 'empty':
      throw unreadable(`ファイル「${fileName}」は空です（0バイト）。`);
    case 'encrypted':
      throw unreadable(
        `ファイル「${fileName}」はパスワードで保護（暗号化）されているため読めません。Excelで開いて「ファイル」→「情報」→「ブックの保護」→「パスワードを使用して暗号化」でパスワードを消してから保存し、取り込んでください。`,
        'import_encrypted',
      );
    case 'xls':
      throw unreadable(`ファイル「${fileName}」は古い形式のExcelファイル（.xls）です。Excelで開いて「名前を付けて保存」で「Excelブック（.xlsx）」として保存してから取り込んでください。`, 'import_xls');
    case 'ole':
      throw unreadable(`ファイル「${fileName}」は表計算のファイルではありません（古いWord文書などの形式です）。.xlsx、.csv、.tsv のいずれかにしてください。`, 'import_not_spreadsheet');
    case 'pdf':
      throw unreadable(
        `PDFファイルはそのままでは取り込めません。PDFを開いて表の部分を選択・コピーし、「PDFの文字を貼り付け」に貼り付けて取り込んでください（表の元のExcelファイルがあれば、そちらのほうが確実です）。`,
        'import_pdf',
      );
    case 'image':
      throw unreadable(`ファイル「${fileName}」は画像です。表の入ったExcel（.xlsx）、CSV・TSV、またはPDFからコピーした文字を取り込んでください。`, 'import_not_spreadsheet');
    case 'binary':
      throw unreadable(`ファイル「${fileName}」は表計算のファイルではありません。.xlsx、.csv、.tsv のいずれかにしてください。`, 'import_not_spreadsheet');
    case 'zip':
      return parseXlsx(bytes, fileName, limits);
    case 'text':
      if (/\.txt$/i.test(fileName)) {
        const { text, encoding } = decodeText(bytes);
        return { ...parsePastedText(text, fileName, limits), encoding };
      }
      return parseCsv(bytes, fileName, limits);
  }
}

export function parseUploadText(text: string, limits?: SpreadsheetLimits): ParsedUpload {
  if (Buffer.byteLength(text, 'utf8') > MAX_UPLOAD_BYTES) throw tooLarge(Buffer.byteLength(text, 'utf8'));
  if (!text.trim()) throw unreadable('貼り付けた文字が空です。PDFの表を選択してコピーし、貼り付けてください。');
  return parsePastedText(text, undefined, limits);
}
