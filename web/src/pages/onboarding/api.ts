/**
 * Calls of the onboarding API (docs/operations/onboarding-api.md): the organisation and staff CSV
 * imports (dry run, then commit with the dry run's basis), re-issuing an activation code, and
 * activating an account without a session. Types come from src/shared/api-types-onboarding.ts.
 */
import type {
  ActivateBody,
  ActivateResultDto,
  ActivationReissueDto,
  ImportResultDto,
} from '../../../../src/shared/api-types-onboarding.js';
import { request } from '../../lib/api';
import { saveBlob } from '../../lib/saveFile';
import { postForm } from '../transfer/api';

export type {
  ActivateBody,
  ActivateResultDto,
  ActivationCodeDto,
  ActivationReissueDto,
  ImportCellErrorDto,
  ImportResultDto,
  ImportRowDto,
  UserImportResultDto,
} from '../../../../src/shared/api-types-onboarding.js';

const enc = encodeURIComponent;
const base = (code: string) => `/api/m/${enc(code)}/onboarding`;

export type ImportKind = 'departments' | 'users';

export const onboardingPaths = {
  import: (code: string, kind: ImportKind, dryRun: boolean) => `${base(code)}/${kind}/import${dryRun ? '?dryRun=1' : ''}`,
  template: (code: string, kind: ImportKind) => `${base(code)}/${kind}/template.csv`,
  reissue: (code: string, userId: string) => `/api/m/${enc(code)}/users/${enc(userId)}/activation`,
  activate: () => '/api/activate',
};

function formOf(file: File, basis?: string): FormData {
  const form = new FormData();
  form.append('file', file, file.name);
  if (basis) form.append('basis', basis);
  return form;
}

export const onboardingApi = {
  /** Reads and checks every row; writes nothing. */
  dryRun: <T extends ImportResultDto = ImportResultDto>(code: string, kind: ImportKind, file: File) =>
    postForm<T>(onboardingPaths.import(code, kind, true), formOf(file)),
  /** Writes every row in one transaction, only if none has an error and nothing changed since the dry run. */
  commit: <T extends ImportResultDto = ImportResultDto>(code: string, kind: ImportKind, file: File, basis: string) =>
    postForm<T>(onboardingPaths.import(code, kind, false), formOf(file, basis)),
  reissue: (code: string, userId: string) => request<ActivationReissueDto>('POST', onboardingPaths.reissue(code, userId)),
  activate: (body: ActivateBody) => request<ActivateResultDto>('POST', onboardingPaths.activate(), body),
};

/** Saves text as a file on this computer (nothing leaves the browser). */
export function saveTextFile(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  saveBlob(new Blob([text], { type }), fileName);
}
