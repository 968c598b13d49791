/**
 * The demo accounts of 荒尾市. Pure data: the server seeds them and the sign-in
 * page lists them, from this one list. DEMO ONLY: one published password.
 */
import type { Role } from '../../access/domain/policy.js';

/** The one password of every demo account. Never use it outside the demo. */
export const DEMO_PASSWORD = 'gyokaku-demo-2026';

export interface DemoAccount {
  loginId: string;
  name: string;
  role: Role;
  /** department names (課名) */
  departments: string[];
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { loginId: 'jimukyoku', name: '事務局 行革担当（総合政策課）', role: 'secretariat', departments: ['総合政策課'] },
  { loginId: 'zaisei-hokoku', name: '財政課 報告者', role: 'dept_reporter', departments: ['財政課'] },
  { loginId: 'zaisei-shonin', name: '財政課長（承認者）', role: 'dept_approver', departments: ['財政課'] },
  { loginId: 'kurashi-hokoku', name: 'くらしいきいき課 報告者', role: 'dept_reporter', departments: ['くらしいきいき課'] },
  { loginId: 'kurashi-shonin', name: 'くらしいきいき課長（承認者）', role: 'dept_approver', departments: ['くらしいきいき課'] },
  { loginId: 'honbu', name: '行財政改革推進本部 幹部', role: 'viewer', departments: [] },
  { loginId: 'shingikai', name: '行財政改革審議会 委員', role: 'council', departments: [] },
  { loginId: 'admin', name: 'システム管理者（デモ）', role: 'system_admin', departments: [] },
];
