/**
 * Words and small calculations of the reporting screens (照会・進捗報告):
 * short state names for badges, days to a deadline, yen and hours as people
 * type them. The rules themselves are the server's (re-exported where pure).
 */
import { splitActor } from '../../../src/modules/access/domain/actorLabel.js';
import type { ReportActionDto, ReportStateDto } from './api';
import { clockLabel, daysBetween, todayIso } from './format';

export {
  EFFECT_KIND_LABELS,
  REPORT_FIELD_LABELS,
  REQUIRED_ON_SUBMIT,
  TEXT_MAX,
} from '../../../src/modules/pdca/domain/report.js';
export { REPORT_STATE_LABELS, isEditable } from '../../../src/modules/pdca/domain/workflow.js';

/** Badge text (the server's stateLabel, longer, goes in the title / the report page). */
export const STATE_SHORT: Record<ReportStateDto, string> = {
  not_started: '未着手',
  draft: '作成中',
  submitted: '提出済み',
  returned: '差戻し',
  approved: '承認済み',
  accepted: '確認済み',
};

export type StateTone = 'neutral' | 'key' | 'warning' | 'success' | 'danger' | 'info';

export const STATE_TONE: Record<ReportStateDto, StateTone> = {
  not_started: 'neutral',
  draft: 'info',
  submitted: 'key',
  returned: 'danger',
  approved: 'warning',
  accepted: 'success',
};

/** The button text of each workflow action. */
export const ACTION_BUTTON: Record<Exclude<ReportActionDto, 'save'>, string> = {
  submit: '提出する',
  approve: '承認する',
  return_by_approver: '差し戻す',
  return_by_secretariat: '差し戻す（事務局）',
  accept: '確認する',
  reopen: '確認を取り消す',
};

/** Message after an action succeeded. */
export const ACTION_DONE: Record<Exclude<ReportActionDto, 'save'>, string> = {
  submit: '提出しました。課長（承認者）の承認を待っています。',
  approve: '承認しました。事務局の確認を待っています。',
  return_by_approver: '差し戻しました。担当者に差戻しの理由が表示されます。',
  return_by_secretariat: '差し戻しました。担当課に差戻しの理由が表示されます。',
  accept: '確認しました。',
  reopen: '確認を取り消しました（課長承認済みに戻りました）。',
};

/** Calendar days from today in Japan to the date; 0 = today, negative = past. */
export function daysUntil(isoDate: string, today = todayIso()): number {
  return daysBetween(today, isoDate);
}

export function daysLeftText(days: number): string {
  if (days > 0) return `あと${days}日`;
  if (days === 0) return '本日締切';
  return `${-days}日超過`;
}

/** Stored actors read 'userId:氏名'; people only need the name. */
export function actorName(actor: string | null | undefined): string {
  return actor ? splitActor(actor).name : '';
}

const yenFmt = new Intl.NumberFormat('ja-JP');

/** 1200000 → '1,200,000' */
export function formatYen(n: number | null | undefined): string {
  return n === null || n === undefined ? '' : yenFmt.format(n);
}

/** 125 (tenths) → '12.5' */
export function formatHours(tenths: number | null | undefined): string {
  if (tenths === null || tenths === undefined) return '';
  return tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
}

/**
 * Hours as typed ('12.5', '１２．５', '') → tenths, or an error message. The
 * server wants integer tenths of an hour.
 */
export function parseHours(text: string): { ok: true; tenths: number | null } | { ok: false; message: string } {
  const s = text.normalize('NFKC').replace(/[\s,]/g, '').replace(/時間$/, '');
  if (s === '') return { ok: true, tenths: null };
  if (!/^\d+(?:\.\d)?$/.test(s)) return { ok: false, message: '削減時間は0.1時間単位の数値で入力してください（例: 12.5）。' };
  return { ok: true, tenths: Math.round(Number(s) * 10) };
}

/** An instant → 'HH:MM' in Japan time. */
export function clockJst(date: Date): string {
  return clockLabel(date);
}
