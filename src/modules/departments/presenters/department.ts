import type { DepartmentDto } from '../../../shared/api-types.js';
import type { departments } from '../../../db/schema.js';
import { isValidOn } from '../domain/validity.js';

export const presentDepartment = (d: typeof departments.$inferSelect, today: string): DepartmentDto => ({
  id: d.id,
  code: d.code,
  name: d.name,
  kind: d.kind,
  parentId: d.parentId,
  validFrom: d.validFrom,
  validTo: d.validTo,
  successorId: d.successorId,
  active: isValidOn(d, today),
  version: d.version,
});
