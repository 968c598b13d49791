/** The roles of the access policy, with the labels people read. Pure. */
import type { Role } from '../../access/domain/policy.js';

export const ROLES: readonly Role[] = ['system_admin', 'secretariat', 'dept_reporter', 'dept_approver', 'viewer', 'council'];

export const ROLE_LABELS: Record<Role, string> = {
  system_admin: 'システム管理者',
  secretariat: '事務局',
  dept_reporter: '担当課 報告者',
  dept_approver: '担当課 承認者',
  viewer: '推進本部・幹部',
  council: '審議会委員',
};

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** Roles that report for a 課 need at least one department. */
export const needsDepartment = (role: Role): boolean => role === 'dept_reporter' || role === 'dept_approver';
