/**
 * JSON shapes of the onboarding API: organisation (組織) and staff (職員) CSV imports,
 * activation codes and account activation. See docs/operations/onboarding-api.md.
 * The UI imports these as types.
 */

/** What a row of an import will do (or did). */
export type ImportRowAction = 'create' | 'update' | 'unchanged' | 'error';

/** One problem of one row, in one column (the CSV heading, e.g. 上位組織コード). */
export interface ImportCellErrorDto {
  /** the CSV column heading as written in the file's header ('' when the problem is the whole row) */
  column: string;
  /** Japanese, names the row and the column, e.g. 「3行目「上位組織コード」: 組織コード「9999」が見つかりません。」 */
  message: string;
}

/** One value that a row changes on an existing record. */
export interface ImportChangeDto {
  /** the CSV column heading */
  column: string;
  /** as displayed ('' for empty); department references are shown as their 組織コード */
  before: string;
  after: string;
}

export interface ImportRowDto {
  /** 行番号: the line of the file (the heading is line 1, the first data row line 2) */
  line: number;
  /** 組織コード or ログインID of the row */
  key: string;
  /** 名称 or 氏名 */
  name: string;
  action: ImportRowAction;
  /** 新規 / 変更 / 変更なし / エラー */
  actionLabel: string;
  /** for 'update': what changes */
  changes: ImportChangeDto[];
  /** for 'error': every problem of the row */
  errors: ImportCellErrorDto[];
}

export interface ImportSummaryDto {
  /** data rows read (blank lines skipped) */
  total: number;
  create: number;
  update: number;
  unchanged: number;
  /** rows with at least one error */
  errors: number;
}

/** Answer to both imports, for the dry run and for the commit. */
export interface ImportResultDto {
  /** true: nothing was written (dry run) */
  dryRun: boolean;
  /** true: every row was written in one transaction */
  committed: boolean;
  /** how the file was read: UTF-8 / UTF-8（BOM付き） / Shift_JIS */
  encoding: string;
  /**
   * Fingerprint of the stored records the rows were compared with. Send it back with the
   * commit: if someone changed them since the dry run, the commit answers 409 and writes nothing.
   */
  basis: string;
  summary: ImportSummaryDto;
  rows: ImportRowDto[];
}

/** A one-time activation code, shown once (never stored in clear). */
export interface ActivationCodeDto {
  userId: string;
  loginId: string;
  name: string;
  /** e.g. 'K7QM-2XPD-9HRT-WB4C' (letters and digits without 0/O/1/I/L) */
  code: string;
  /** ISO instant */
  expiresAt: string;
}

/** Answer to the commit of the staff import. */
export interface UserImportResultDto extends ImportResultDto {
  /** one per account created by this commit (empty for a dry run) */
  activationCodes: ActivationCodeDto[];
  /**
   * The same codes as a CSV to download and hand out (UTF-8 with BOM, CRLF):
   * 団体コード,ログインID,氏名,有効化コード,有効期限. '' when there are none.
   */
  activationCsv: string;
}

/** Answer to POST /api/m/:code/users/:userId/activation (re-issue; the previous code stops working). */
export interface ActivationReissueDto extends ActivationCodeDto {
  activationCsv: string;
}

/** POST /api/activate (no session) */
export interface ActivateBody {
  /** 団体コード (6 digits) */
  municipalityCode: string;
  loginId: string;
  /** the activation code as handed out (spaces, hyphens and case are ignored) */
  code: string;
  newPassword: string;
}

/** Answer to POST /api/activate: the account may now sign in with POST /api/auth/login. */
export interface ActivateResultDto {
  ok: true;
  loginId: string;
}
