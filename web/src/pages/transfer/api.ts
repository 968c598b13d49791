/**
 * Plumbing of the transfer screens (取込み・出力・公表): screen URLs, API paths,
 * the multipart upload (the JSON client in lib/api.ts sends JSON only) and file
 * downloads that show the server's Japanese message instead of a JSON page.
 * Types come from the server's contracts (src/shared/api-types-*.ts).
 */
import { ApiError, request, type ApiErrorBody } from '../../lib/api';
import { saveBlob } from '../../lib/saveFile';
import type {
  ImportCommitDto,
  ImportDryRunDto,
  ImportMappingDto,
  ImportSavedMappingDto,
  ImportUploadDto,
  JobDto,
} from '../../../../src/shared/api-types-imports.js';
import type { ExportJobStartDto, ExportLayoutBodyDto, ExportLayoutDto, WorkbookImportResultDto } from '../../../../src/shared/api-types-exports.js';

export type * from '../../../../src/shared/api-types-imports.js';
export type * from '../../../../src/shared/api-types-exports.js';
export type * from '../../../../src/shared/api-types-publish.js';

const enc = encodeURIComponent;
const m = (code: string) => `/m/${enc(code)}`;
const a = (code: string) => `/api/m/${enc(code)}`;

/** Screen URLs (matched by ./routes.tsx). */
export const transferPaths = {
  importWizard: (code: string, planId: string) => `${m(code)}/plans/${enc(planId)}/import`,
  exportLayout: (code: string, planId: string) => `${m(code)}/plans/${enc(planId)}/export-layout`,
  openData: (code: string) => `${m(code)}/opendata`,
};

export const transferApiPaths = {
  uploads: (code: string) => `${a(code)}/imports/uploads`,
  upload: (code: string, sessionId: string, q: { sheet?: string | null; mapping?: string | null } = {}) => {
    const qs = new URLSearchParams();
    if (q.sheet) qs.set('sheet', q.sheet);
    if (q.mapping) qs.set('mapping', q.mapping);
    const s = qs.toString();
    return `${a(code)}/imports/uploads/${enc(sessionId)}${s ? `?${s}` : ''}`;
  },
  mappings: (code: string) => `${a(code)}/imports/mappings`,
  job: (code: string, jobId: string) => `${a(code)}/jobs/${enc(jobId)}`,
  layout: (code: string, planId: string) => `${a(code)}/plans/${enc(planId)}/export-layout`,
  progressXlsx: (code: string, roundId: string) => `${a(code)}/rounds/${enc(roundId)}/exports/progress.xlsx`,
  progressPdf: (code: string, roundId: string) => `${a(code)}/rounds/${enc(roundId)}/exports/progress.pdf`,
  workbooksZip: (code: string, roundId: string) => `${a(code)}/rounds/${enc(roundId)}/exports/workbooks.zip`,
  workbook: (code: string, roundId: string, departmentId: string) => `${a(code)}/rounds/${enc(roundId)}/exports/workbooks/${enc(departmentId)}.xlsx`,
  workbookUpload: (code: string, roundId: string) => `${a(code)}/rounds/${enc(roundId)}/imports/workbook`,
  sheetPdf: (code: string, planId: string, nodeId: string) => `${a(code)}/plans/${enc(planId)}/nodes/${enc(nodeId)}/sheet.pdf`,
  diagramPdf: (code: string, planId: string) => `${a(code)}/plans/${enc(planId)}/diagram.pdf`,
  catalog: (code: string) => `${a(code)}/opendata/catalog.json`,
};

/** 20 MB (src/modules/imports/parsers/errors.ts) */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
/** 2 MB (src/modules/exports/domain/departmentWorkbook.ts) */
export const WORKBOOK_MAX_BYTES = 2 * 1024 * 1024;
export const IMPORT_EXTENSIONS = ['.xlsx', '.csv', '.tsv', '.txt'];

function statusText(status: number): string {
  if (status === 0) return 'サーバーに接続できませんでした。ネットワークの状態を確認してください。';
  if (status === 413) return 'ファイルが大きすぎます。';
  if (status === 403) return 'この操作を行う権限がありません。';
  if (status === 404) return '指定されたデータが見つかりません。';
  if (status === 409) return '他の利用者が先に更新しました。';
  if (status === 422) return '内容に誤りがあります。';
  if (status >= 500) return 'サーバーでエラーが発生しました。しばらくしてから再度お試しください。';
  return `要求を処理できませんでした（${status}）。`;
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: ApiErrorBody | null = null;
  try {
    body = (await res.json()) as ApiErrorBody;
  } catch {
    body = null;
  }
  const err = body?.error && typeof body.error === 'object' ? body.error : null;
  if (res.status === 401) {
    // the session expired: sign in again and come back here
    window.location.assign(`/login?next=${enc(window.location.pathname + window.location.search)}`);
  }
  return new ApiError(res.status, err, statusText(res.status));
}

/** POST multipart/form-data with the CSRF header (every unsafe request carries it). */
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { Accept: 'application/json', 'X-Requested-With': 'gyokaku' },
      body: form,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, null, statusText(0));
  }
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* fall through */
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/**
 * GET a file and save it under the server's (Japanese) name; a refusal comes
 * back as an ApiError with the server's message (e.g. 照会中の照会のみ).
 */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, null, statusText(0));
  }
  if (!res.ok) throw await errorOf(res);
  const name = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  saveBlob(await res.blob(), name);
  return name;
}

export const transferApi = {
  uploadFile: (code: string, planId: string, file: File, mapping?: string) => {
    const form = new FormData();
    form.set('planId', planId);
    if (mapping) form.set('mapping', mapping);
    form.set('file', file, file.name);
    return postForm<ImportUploadDto>(transferApiPaths.uploads(code), form);
  },
  uploadText: (code: string, planId: string, text: string, mapping?: string) =>
    request<ImportUploadDto>('POST', transferApiPaths.uploads(code), { planId, text, ...(mapping ? { mapping } : {}) }),
  reloadUpload: (code: string, sessionId: string, q: { sheet?: string | null; mapping?: string | null }) =>
    request<ImportUploadDto>('GET', transferApiPaths.upload(code, sessionId, q)),
  discard: (code: string, sessionId: string) => request<null>('DELETE', transferApiPaths.upload(code, sessionId)),
  dryRun: (code: string, sessionId: string, mapping: ImportMappingDto) =>
    request<ImportDryRunDto>('POST', `${transferApiPaths.upload(code, sessionId)}/dry-run`, { mapping }),
  commit: (code: string, sessionId: string, mapping: ImportMappingDto) =>
    request<ImportCommitDto>('POST', `${transferApiPaths.upload(code, sessionId)}/commit`, { mapping, run: 'auto' }),
  job: (code: string, jobId: string) => request<JobDto>('GET', transferApiPaths.job(code, jobId)),
  /** POST on an export's URL (same query as its GET) starts the export as a job */
  startExport: (path: string) => request<ExportJobStartDto>('POST', path),
  mappings: (code: string) => request<{ items: ImportSavedMappingDto[] }>('GET', transferApiPaths.mappings(code)),
  saveMapping: (code: string, body: { name: string; planId: string; mapping: ImportMappingDto; overwrite: boolean }) =>
    request<ImportSavedMappingDto>('POST', transferApiPaths.mappings(code), body),
  putLayout: (code: string, planId: string, body: { version: number; layout: ExportLayoutBodyDto }) =>
    request<ExportLayoutDto>('PUT', transferApiPaths.layout(code, planId), body),
  uploadWorkbook: (code: string, roundId: string, file: File, departmentId?: string | null) => {
    const form = new FormData();
    form.set('file', file, file.name);
    if (departmentId) form.set('departmentId', departmentId);
    return postForm<WorkbookImportResultDto>(transferApiPaths.workbookUpload(code, roundId), form);
  },
};

export function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)}MB`;
  if (bytes >= 1024) return `${Math.ceil(bytes / 1024)}KB`;
  return `${bytes}バイト`;
}
