/**
 * Who has not submitted yet, and the reminder texts. Pure; "today" is passed in
 * (a calendar date in Asia/Tokyo, see fiscal/domain todayInTokyo).
 */
import { formatWarekiDate, parseIsoDate } from '../../../fiscal/domain/index.js';
import { isSubmitted, type ReportState } from '../../domain/workflow.js';
import type { MissingPerson } from './policy.js';

const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
  const d = parseIsoDate(iso);
  if (!d) throw new RangeError(`日付として読み取れません: 「${iso}」`);
  return Date.UTC(d.year, d.month - 1, d.day) / DAY_MS;
}

/** Calendar days from `today` to `deadline` (both Japanese calendar dates): 0 = due today, negative = overdue. */
export function daysUntil(today: string, deadline: string): number {
  return dayNumber(deadline) - dayNumber(today);
}

export interface DeadlineInfo {
  date: string;
  /** 令和8年6月30日 */
  label: string;
  daysLeft: number;
  overdue: boolean;
  /** あと3日 / 本日締切 / 2日超過 */
  text: string;
}

export function deadlineInfo(today: string, deadline: string): DeadlineInfo {
  const daysLeft = daysUntil(today, deadline);
  const text = daysLeft > 0 ? `あと${daysLeft}日` : daysLeft === 0 ? '本日締切' : `${-daysLeft}日超過`;
  return { date: deadline, label: formatWarekiDate(deadline), daysLeft, overdue: daysLeft < 0, text };
}

export interface MissingDepartment {
  /** null = items with no lead department (nobody to chase) */
  departmentId: string | null;
  nodeIds: string[];
}

/**
 * Items not submitted (no report, not_started, draft, returned), per lead
 * department, keeping the items' order; departments in order of first item.
 */
export function missingByDepartment(
  items: readonly { id: string; leadDepartmentId: string | null }[],
  stateOf: (nodeId: string) => ReportState | null,
): MissingDepartment[] {
  const out = new Map<string | null, string[]>();
  for (const n of items) {
    const s = stateOf(n.id);
    if (s !== null && isSubmitted(s)) continue;
    const l = out.get(n.leadDepartmentId);
    if (l) l.push(n.id);
    else out.set(n.leadDepartmentId, [n.id]);
  }
  return [...out.entries()]
    .sort(([a], [b]) => (a === null ? 1 : 0) - (b === null ? 1 : 0))
    .map(([departmentId, nodeIds]) => ({ departmentId, nodeIds }));
}

export interface StaffMember {
  id: string;
  role: string;
  disabled: boolean;
  departmentIds: string[];
}

/** Roles that answer for a department: they are the ones chased. */
export const CHASED_ROLES = ['dept_reporter', 'dept_approver'] as const;

/**
 * The people to chase: enabled reporters and approvers linked to a department
 * with missing items; each with those departments and their items. Users in
 * the given order (callers sort by name).
 */
export function missingPeople(missing: readonly MissingDepartment[], staff: readonly StaffMember[]): MissingPerson[] {
  const byDept = new Map(missing.filter((m) => m.departmentId !== null).map((m) => [m.departmentId as string, m.nodeIds]));
  const out: MissingPerson[] = [];
  for (const u of staff) {
    if (u.disabled || !(CHASED_ROLES as readonly string[]).includes(u.role)) continue;
    // in the order of the missing list (departments by their first item), not of the user's links
    const departmentIds = [...byDept.keys()].filter((d) => u.departmentIds.includes(d));
    if (!departmentIds.length) continue;
    out.push({ userId: u.id, departmentIds, nodeIds: departmentIds.flatMap((d) => byDept.get(d) ?? []) });
  }
  return out;
}

/** Departments with missing items and nobody to notify (the secretariat phones them). */
export function departmentsWithoutPeople(missing: readonly MissingDepartment[], people: readonly MissingPerson[]): string[] {
  const covered = new Set(people.flatMap((p) => p.departmentIds));
  return missing.flatMap((m) => (m.departmentId !== null && !covered.has(m.departmentId) ? [m.departmentId] : []));
}

export interface ReminderInput {
  personName: string;
  planTitle: string;
  roundLabel: string;
  deadline: DeadlineInfo;
  items: { number: string; title: string; department: string }[];
  message?: string | undefined;
  senderName: string;
}

export const REMINDER_MAX_LISTED = 30;

/** The notification and mail texts of a reminder (same wording in both). */
export function reminderTexts(r: ReminderInput): { title: string; body: string; subject: string } {
  const title = `【督促】${r.roundLabel}の進捗報告が未提出です（提出期限 ${r.deadline.label}・${r.deadline.text}）`;
  const listed = r.items.slice(0, REMINDER_MAX_LISTED).map((i) => `・${i.number ? `${i.number} ` : ''}${i.title}（${i.department}）`);
  if (r.items.length > REMINDER_MAX_LISTED) listed.push(`ほか${r.items.length - REMINDER_MAX_LISTED}件`);
  const lines = [
    `${r.personName} 様`,
    '',
    `「${r.planTitle}」の照会「${r.roundLabel}」について、次の${r.items.length}件の報告がまだ提出されていません。`,
    `提出期限：${r.deadline.label}（${r.deadline.text}）`,
    '',
    ...listed,
    '',
  ];
  if (r.message?.trim()) lines.push(r.message.trim(), '');
  lines.push('システムにログインし、報告を入力・提出してください。', '', r.senderName);
  return { title, body: lines.join('\n'), subject: `【督促】${r.roundLabel} 進捗報告の提出のお願い（期限 ${r.deadline.label}）` };
}
