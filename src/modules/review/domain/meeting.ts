/**
 * Review bodies (会議体) and their meetings. Pure rules: no db, no http.
 *
 * Body: the four standard 会議体 are offered as choices, and any other name is
 * accepted as free text (a municipality may call its body 行政改革懇談会, 外部評価委員会 …).
 * Only an empty or over-long name is refused.
 */
import type { FieldError } from '../../../shared/errors.js';
import { parseIsoDate } from '../../fiscal/domain/index.js';

export const STANDARD_BODIES = ['推進本部', '幹事会', '専門部会', '審議会'] as const;
export type StandardBody = (typeof STANDARD_BODIES)[number];

/** Suggested member roles (free text is accepted). */
export const MEMBER_ROLES = ['本部長', '副本部長', '本部員', '幹事長', '幹事', '部会長', '部会員', '会長', '副会長', '委員', '事務局'] as const;

export const BODY_MAX = 50;
export const TITLE_MAX = 200;
export const MEMBER_NAME_MAX = 100;
export const MEMBER_ROLE_MAX = 50;
export const MEMBERS_MAX = 200;
export const MINUTES_MAX = 200_000;
export const AGENDA_MAX = 100;
export const AGENDA_TITLE_MAX = 500;

export interface MeetingMember {
  name: string;
  role: string;
}

export interface AgendaInput {
  /** an existing agenda item of this meeting (kept, with its id); absent for a new one */
  id?: string;
  title: string;
  roundId?: string | null;
  nodeId?: string | null;
}

export interface MeetingFields {
  body: string;
  title: string;
  heldOn: string;
  members: MeetingMember[];
  minutes: string;
}

export function isStandardBody(body: string): body is StandardBody {
  return (STANDARD_BODIES as readonly string[]).includes(body);
}

/** Trims names; drops nothing (an empty member row is an error the user should see). */
export function normalizeMeeting(m: MeetingFields): MeetingFields {
  return {
    body: m.body.trim(),
    title: m.title.trim(),
    heldOn: m.heldOn.trim(),
    members: m.members.map((x) => ({ name: x.name.trim(), role: x.role.trim() })),
    minutes: m.minutes,
  };
}

/** Field errors of a meeting's own fields (links are checked by the command against the database). */
export function validateMeeting(m: MeetingFields, agenda: AgendaInput[] | undefined): FieldError[] {
  const errors: FieldError[] = [];
  if (!m.body) errors.push({ path: 'body', message: `会議体を入力してください（例: ${STANDARD_BODIES.join('・')}）。` });
  else if (m.body.length > BODY_MAX) errors.push({ path: 'body', message: `会議体は${BODY_MAX}文字以内にしてください。` });
  if (!m.title) errors.push({ path: 'title', message: '会議名を入力してください（例: 第1回行政改革推進本部会議）。' });
  else if (m.title.length > TITLE_MAX) errors.push({ path: 'title', message: `会議名は${TITLE_MAX}文字以内にしてください。` });
  if (!parseIsoDate(m.heldOn)) errors.push({ path: 'heldOn', message: '開催日はYYYY-MM-DDの形式で、実在する日付を入力してください。' });
  if (m.members.length > MEMBERS_MAX) errors.push({ path: 'members', message: `出席者・構成員は${MEMBERS_MAX}人までです。` });
  m.members.forEach((x, i) => {
    if (!x.name) errors.push({ path: `members.${i}.name`, message: `${i + 1}人目の氏名を入力してください。` });
    else if (x.name.length > MEMBER_NAME_MAX) errors.push({ path: `members.${i}.name`, message: `${i + 1}人目の氏名は${MEMBER_NAME_MAX}文字以内にしてください。` });
    if (!x.role) errors.push({ path: `members.${i}.role`, message: `${i + 1}人目の役職（会長・委員など）を入力してください。` });
    else if (x.role.length > MEMBER_ROLE_MAX) errors.push({ path: `members.${i}.role`, message: `${i + 1}人目の役職は${MEMBER_ROLE_MAX}文字以内にしてください。` });
  });
  if (m.minutes.length > MINUTES_MAX) errors.push({ path: 'minutes', message: `議事録は${MINUTES_MAX.toLocaleString('ja-JP')}文字以内にしてください。` });
  if (agenda) {
    if (agenda.length > AGENDA_MAX) errors.push({ path: 'agenda', message: `議題は${AGENDA_MAX}件までです。` });
    const seen = new Set<string>();
    agenda.forEach((a, i) => {
      const title = a.title.trim();
      if (!title) errors.push({ path: `agenda.${i}.title`, message: `議題${i + 1}の件名を入力してください。` });
      else if (title.length > AGENDA_TITLE_MAX) errors.push({ path: `agenda.${i}.title`, message: `議題${i + 1}の件名は${AGENDA_TITLE_MAX}文字以内にしてください。` });
      if (a.id) {
        if (seen.has(a.id)) errors.push({ path: `agenda.${i}.id`, message: `議題${i + 1}が重複しています。` });
        seen.add(a.id);
      }
    });
  }
  return errors;
}

/**
 * Plans an ordered agenda save against the stored items: items naming an id of
 * this meeting are updated in place (their ids stay stable), the rest are
 * inserted, and stored items not named are deleted. Unknown ids are errors.
 */
export function planAgendaSave(
  stored: readonly { id: string }[],
  wanted: readonly AgendaInput[],
): { update: { id: string; sortOrder: number; input: AgendaInput }[]; insert: { sortOrder: number; input: AgendaInput }[]; remove: string[]; unknown: number[] } {
  const storedIds = new Set(stored.map((s) => s.id));
  const kept = new Set<string>();
  const update: { id: string; sortOrder: number; input: AgendaInput }[] = [];
  const insert: { sortOrder: number; input: AgendaInput }[] = [];
  const unknown: number[] = [];
  wanted.forEach((input, sortOrder) => {
    if (input.id) {
      if (storedIds.has(input.id)) {
        kept.add(input.id);
        update.push({ id: input.id, sortOrder, input });
      } else unknown.push(sortOrder);
    } else insert.push({ sortOrder, input });
  });
  return { update, insert, remove: stored.filter((s) => !kept.has(s.id)).map((s) => s.id), unknown };
}
