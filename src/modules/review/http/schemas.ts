import { z } from 'zod';
import { isoDate, uuid } from '../../../shared/http/validate.js';
import { AGENDA_MAX, MEMBERS_MAX } from '../domain/meeting.js';
import { OPINION_STATES } from '../domain/opinion.js';

const text = (label: string, max: number) =>
  z.string({ message: `${label}は文字列で入力してください。` }).max(max, { message: `${label}は${max}文字以内にしてください。` });
const version = z.number({ message: '版数(version)を指定してください。' }).int();

const member = z.object({ name: text('氏名', 200), role: text('役職', 100) }, { message: '出席者・構成員は氏名と役職の組で指定してください。' });
const agendaItem = z.object(
  {
    id: uuid.optional(),
    title: text('議題の件名', 1000),
    roundId: z.uuid({ message: '照会のIDの形式が正しくありません。' }).nullable().optional(),
    nodeId: z.uuid({ message: '計画の項目のIDの形式が正しくありません。' }).nullable().optional(),
  },
  { message: '議題の指定が正しくありません。' },
);

export const meetingCreateBody = z.object({
  body: text('会議体', 100),
  title: text('会議名', 400),
  heldOn: isoDate,
  members: z.array(member).max(MEMBERS_MAX, { message: `出席者・構成員は${MEMBERS_MAX}人までです。` }).optional(),
  minutes: text('議事録', 400_000).optional(),
  agenda: z.array(agendaItem).max(AGENDA_MAX, { message: `議題は${AGENDA_MAX}件までです。` }).optional(),
});

export const meetingPatchBody = meetingCreateBody.partial().extend({ version });

/** publish or withdraw: the version the user saw */
export const meetingPublishBody = z.object({ version });
export const meetingDeleteQuery = z.object({ version: z.coerce.number({ message: '版数(version)を数値で指定してください。' }).int() });

export const meetingListQuery = z.object({
  body: z.string().max(100).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

const nullableUuid = (label: string) => z.uuid({ message: `${label}のIDの形式が正しくありません。` }).nullable().optional();

export const opinionCreateBody = z.object({
  body: text('意見の内容', 20_000),
  meetingId: nullableUuid('会議'),
  nodeId: nullableUuid('計画の項目'),
  assignedDepartmentId: nullableUuid('担当課'),
  dueOn: isoDate.nullable().optional(),
});

export const opinionPatchBody = z.object({
  version,
  body: text('意見の内容', 20_000).optional(),
  meetingId: nullableUuid('会議'),
  nodeId: nullableUuid('計画の項目'),
  /** null clears the 回答期限 (back to the default rule) */
  dueOn: isoDate.nullable().optional(),
});

export const opinionAssignBody = z.object({ version, departmentId: z.uuid({ message: '担当課を選んでください。' }) });
export const opinionRespondBody = z.object({ version, response: text('対応方針', 40_000) });
export const opinionReturnBody = z.object({ version, comment: text('差戻しの理由', 4_000) });
export const opinionCloseBody = z.object({ version });

const boolParam = z
  .enum(['true', 'false', '1', '0'], { message: 'true か false を指定してください。' })
  .transform((v) => v === 'true' || v === '1');

export const opinionListQuery = z.object({
  state: z.enum(OPINION_STATES, { message: `状態は ${OPINION_STATES.join(' / ')} のいずれかを指定してください。` }).optional(),
  department: z.union([z.literal('none'), z.uuid()], { message: '担当課はIDか none（未割当）を指定してください。' }).optional(),
  meeting: z.uuid({ message: '会議のIDの形式が正しくありません。' }).optional(),
  node: z.uuid({ message: '計画の項目のIDの形式が正しくありません。' }).optional(),
  overdue: boolParam.optional(),
  page: z.coerce.number({ message: 'ページは1以上の数値で指定してください。' }).int().min(1).max(100_000).optional(),
  pageSize: z.coerce.number({ message: '1ページの件数は1〜200の数値で指定してください。' }).int().min(1).max(200).optional(),
});
