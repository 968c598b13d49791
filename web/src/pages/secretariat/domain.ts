/**
 * Pure rules and labels re-exported from the server's domain modules (no I/O),
 * so the secretariat forms offer exactly what the API accepts.
 */
export { DEFAULT_ROUND_FIELDS, REPORT_FIELDS, REPORT_FIELD_LABELS } from '../../../../src/modules/pdca/domain/report.js';
export { REPORT_STATE_LABELS, ROUND_STATE_LABELS } from '../../../../src/modules/pdca/domain/workflow.js';
export { ROLES, ROLE_LABELS, needsDepartment } from '../../../../src/modules/identity/domain/roles.js';
export { PASSWORD_MIN_LENGTH } from '../../../../src/modules/identity/domain/password.js';
export { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from '../../../../src/modules/audit/domain/labels.js';
export { fiscalYearLabel, fiscalYearOf } from '../../lib/domain';
export { submissionBreakdown, type SubmissionBreakdown } from '../../../../src/modules/pdca/domain/roundList.js';
