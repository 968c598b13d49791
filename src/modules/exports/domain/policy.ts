/**
 * Who may export what. Pure functions of (actor, record) → boolean, plus the Japanese
 * reason for a refusal. Another municipality's actor gets nothing (the HTTP layer answers 404).
 *
 * - published table (.xlsx): everyone who reads the computed views, with a basis within their
 *   reach (審議会委員・閲覧者: the publication basis only, answers the secretariat confirmed); the rows
 *   are narrowed by the same rule (pdca/policies/answers.ts): a department sees other departments'
 *   answers only once accepted.
 * - export layout: read by everyone of the municipality, saved by the secretariat.
 * - department workbooks: the secretariat for any department (and the zip of all of them);
 *   department staff for their own departments.
 * - workbook upload: department staff for their own departments, the secretariat on any
 *   department's behalf; viewers and council members never.
 */
import type { Actor, Role, TenantRecord } from '../../access/domain/policy.js';
import type { AnswerBasis } from '../../pdca/views/domain/model.js';
import { basisDenial } from '../../pdca/policies/answers.js';

const OFFICE: readonly Role[] = ['system_admin', 'secretariat'];
const DEPT: readonly Role[] = ['dept_reporter', 'dept_approver'];

export function sameTenant(actor: Actor, record: TenantRecord): boolean {
  return actor.role === 'system_admin' || (actor.municipalityId !== null && actor.municipalityId === record.municipalityId);
}

/** The basis must be within the reader's reach (pdca/policies/answers.ts); the rows are then narrowed by the same rule. */
export function canExportProgress(actor: Actor, record: TenantRecord, basis: AnswerBasis): boolean {
  return sameTenant(actor, record) && basisDenial(actor, null, basis) === null;
}

/** Why the table with this basis is refused (Japanese). */
export function progressDenial(actor: Actor, basis: AnswerBasis): string {
  return basisDenial(actor, null, basis) ?? DENIALS.progressCouncil;
}

export function canReadLayout(actor: Actor, record: TenantRecord): boolean {
  return sameTenant(actor, record);
}

export function canWriteLayout(actor: Actor, record: TenantRecord): boolean {
  return sameTenant(actor, record) && OFFICE.includes(actor.role);
}

export function canDownloadWorkbook(actor: Actor, record: TenantRecord & { departmentId: string }): boolean {
  if (!sameTenant(actor, record)) return false;
  if (OFFICE.includes(actor.role)) return true;
  return DEPT.includes(actor.role) && actor.departmentIds.includes(record.departmentId);
}

export function canDownloadAllWorkbooks(actor: Actor, record: TenantRecord): boolean {
  return sameTenant(actor, record) && OFFICE.includes(actor.role);
}

/** Whether the actor may upload at all; the file's department is checked once the file is read. */
export function canUploadWorkbook(actor: Actor, record: TenantRecord): boolean {
  return sameTenant(actor, record) && (OFFICE.includes(actor.role) || DEPT.includes(actor.role));
}

export const DENIALS = {
  progressCouncil: '審議会委員の方は、事務局が確認した回答（basis=accepted）の実施状況表だけを出力できます。',
  layoutWrite: '出力レイアウトの設定は事務局が行います。',
  workbookOther: '他の課の回答用ファイルはダウンロードできません。所属する課のファイルを選んでください。',
  workbookRole: '回答用ファイルは担当課の職員と事務局が利用できます。',
  workbookAll: '全課分の回答用ファイル（zip）は事務局がダウンロードします。',
  upload: '閲覧のみの権限です。回答を取り込むことはできません。',
} as const;
