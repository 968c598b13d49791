import type { AuditEntryDto } from '../../../shared/api-types-review.js';
import { AUDIT_CSV_HEADER, csvLine, jsonCell } from '../domain/csv.js';
import { auditActionLabel, auditEntityLabel, formatJst, splitActor } from '../domain/labels.js';
import type { AuditRow } from '../queries/listAudit.js';

export function presentAudit(a: AuditRow): AuditEntryDto {
  const who = splitActor(a.actor);
  return {
    id: a.id,
    at: a.at.toISOString(),
    atJst: formatJst(a.at),
    actor: a.actor,
    actorId: who.id,
    actorName: who.name,
    ip: a.ip,
    action: a.action,
    actionLabel: auditActionLabel(a.action),
    entity: a.entity,
    entityLabel: auditEntityLabel(a.entity),
    entityId: a.entityId,
    before: a.before ?? null,
    after: a.after ?? null,
  };
}

const labelled = (label: string, code: string) => (label === code ? code : `${label}（${code}）`);

export const auditCsvHeader = () => csvLine(AUDIT_CSV_HEADER);

/** 日時（JST）, 操作者, 接続元, 操作, 対象, 対象ID, 変更前, 変更後 */
export function auditCsvLine(a: AuditRow): string {
  return csvLine([
    formatJst(a.at),
    a.actor,
    a.ip,
    labelled(auditActionLabel(a.action), a.action),
    labelled(auditEntityLabel(a.entity), a.entity),
    a.entityId,
    jsonCell(a.before),
    jsonCell(a.after),
  ]);
}
