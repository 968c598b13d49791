/**
 * Who may export what. Pure functions of (actor, record) → boolean, plus the Japanese
 * reason for a refusal. Another municipality's actor gets nothing (the HTTP layer answers 404).
 *
 * - published table (.xlsx): everyone who reads the computed views; 審議会委員 only with the
 *   publication basis (answers the secretariat confirmed), as they never see drafts.
 * - export layout: read by everyone of the municipality, saved by the secretariat.
 * - department workbooks: the secretariat for any department (and the zip of all of them);
 *   department staff for their own departments.
 * - workbook upload: department staff for their own departments, the secretariat on any
 *   department's behalf; viewers and council members never.
 */
import type { Actor, Role, TenantRecord } from '../../access/domain/policy.js';
import type { AnswerBasis } from '../../pdca/views/domain/model.js';

const OFFICE: readonly Role[] = ['system_admin', 'secretariat'];
const DEPT: readonly Role[] = ['dept_reporter', 'dept_approver'];

export function sameTenant(actor: Actor, record: TenantRecord): boolean {
  return actor.role === 'system_admin' || (actor.municipalityId !== null && actor.municipalityId === record.municipalityId);
}

export function canExportProgress(actor: Actor, record: TenantRecord, basis: AnswerBasis): boolean {
  if (!sameTenant(actor, record)) return false;
  if (actor.role === 'council') return basis === 'accepted';
  return true;
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
