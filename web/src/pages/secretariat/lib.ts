/**
 * Shared plumbing of the secretariat screens: URL builders, API paths and calls
 * (types from src/shared/api-types-*.ts), Japanese date formats with the day of
 * the week, the acting user's role, and the mapping of a refused request to the
 * messages shown beside fields.
 */
import type { AuthMeDto, PasswordResetBody, RevokeSessionsDto, RoleCode, UserCreateBody, UserDto, UserPatchBody } from '../../../../src/shared/api-types-identity.js';
import type { LegendAxisDto, LegendValueDto, PlanLegendsDto, ReportFieldDto, RoundDto } from '../../../../src/shared/api-types-pdca.js';
import type { MeetingDto, MeetingMemberDto, OpinionDetailDto } from '../../../../src/shared/api-types-review.js';
import type { ReminderResultDto } from '../../../../src/shared/api-types-views.js';
import type { PublicationDto, PublicationKindDto, PublishBody, UnacceptedDecisionDto, WithdrawBody } from '../../../../src/shared/api-types-publish.js';
import { groupFieldErrors, humanizeFields, inputCls, selectCls } from '../../components/form';
import { ApiError, request, type FieldError } from '../../lib/api';
import { useCurrentUser } from '../../lib/auth';
import { dateLabelWithWeekday, dateTimeLabel, monthLabel } from '../../lib/format';
import { useApi } from '../../lib/useApi';

const enc = encodeURIComponent;
const m = (code: string) => `/m/${enc(code)}`;

/** Screen URLs (the inbox and report pages belong to the department screens). */
export const secPaths = {
  rounds: (code: string, planId?: string) => `${m(code)}/rounds${planId ? `?plan=${enc(planId)}` : ''}`,
  round: (code: string, roundId: string) => `${m(code)}/rounds/${enc(roundId)}`,
  /** 照会の一覧 (every plan); query as built by RoundListPage */
  roundList: (code: string, query = '') => `${m(code)}/rounds/all${query ? `?${query.replace(/^\?/, '')}` : ''}`,
  inbox: (code: string, roundId: string, departmentId?: string | null) =>
    `${m(code)}/rounds/${enc(roundId)}/inbox${departmentId ? `?department=${enc(departmentId)}` : ''}`,
  report: (code: string, reportId: string) => `${m(code)}/reports/${enc(reportId)}`,
  legends: (code: string, planId: string) => `${m(code)}/plans/${enc(planId)}/legends`,
  calendar: (code: string, fy?: number) => `${m(code)}/calendar${fy ? `?fy=${fy}` : ''}`,
  meetings: (code: string, body?: string) => `${m(code)}/meetings${body ? `?body=${enc(body)}` : ''}`,
  newMeeting: (code: string) => `${m(code)}/meetings/new`,
  meeting: (code: string, meetingId: string) => `${m(code)}/meetings/${enc(meetingId)}`,
  opinions: (code: string, query = '') => `${m(code)}/opinions${query ? `?${query.replace(/^\?/, '')}` : ''}`,
  opinion: (code: string, opinionId: string) => `${m(code)}/opinions/${enc(opinionId)}`,
  audit: (code: string, query = '') => `${m(code)}/audit${query ? `?${query.replace(/^\?/, '')}` : ''}`,
  users: (code: string) => `${m(code)}/users`,
  /** 公表; with a subject, its preview-and-publish panel open (?kind=&plan=&subject=&fy=) */
  publications: (code: string, subject?: PublicationSubjectRef) => `${m(code)}/publications${subject ? `?${subjectQuery(subject)}` : ''}`,
};

/** What names one publishable subject (a round; a plan's KPI values of a year; a table of a year). */
export interface PublicationSubjectRef {
  kind: PublicationKindDto;
  planId: string;
  subjectId: string;
  /** KPI values and tables only */
  fiscalYear?: number;
}

function subjectQuery(s: PublicationSubjectRef): string {
  const q = new URLSearchParams({ kind: s.kind, plan: s.planId, subject: s.subjectId });
  if (s.kind !== 'round' && s.fiscalYear) q.set('fy', String(s.fiscalYear));
  return q.toString();
}

const api = (code: string) => `/api/m/${enc(code)}`;

export const secApiPaths = {
  authMe: () => '/api/auth/me',
  planRounds: (code: string, planId: string) => `${api(code)}/plans/${enc(planId)}/rounds`,
  /** every round of the municipality (?state=&planId=&fiscalYear=) */
  roundList: (code: string, qs = '') => `${api(code)}/rounds${qs ? `?${qs}` : ''}`,
  round: (code: string, roundId: string) => `${api(code)}/rounds/${enc(roundId)}`,
  view: (code: string, roundId: string, view: string, params?: Record<string, string | number | boolean | undefined>) => {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== '') qs.set(k, String(v));
    const s = qs.toString();
    return `${api(code)}/rounds/${enc(roundId)}/${view}${s ? `?${s}` : ''}`;
  },
  reports: (code: string, roundId: string) => `${api(code)}/rounds/${enc(roundId)}/reports`,
  legends: (code: string, planId: string) => `${api(code)}/plans/${enc(planId)}/legends`,
  calendar: (code: string, from: string, to: string) => `${api(code)}/calendar?from=${from}&to=${to}`,
  meetings: (code: string, q: { body?: string; from?: string; to?: string } = {}) => {
    const qs = new URLSearchParams();
    if (q.body) qs.set('body', q.body);
    if (q.from) qs.set('from', q.from);
    if (q.to) qs.set('to', q.to);
    const s = qs.toString();
    return `${api(code)}/meetings${s ? `?${s}` : ''}`;
  },
  meeting: (code: string, id: string) => `${api(code)}/meetings/${enc(id)}`,
  opinions: (code: string, qs = '') => `${api(code)}/opinions${qs ? `?${qs}` : ''}`,
  opinionSummary: (code: string) => `${api(code)}/opinions/summary`,
  opinion: (code: string, id: string) => `${api(code)}/opinions/${enc(id)}`,
  audit: (code: string, qs = '') => `${api(code)}/audit${qs ? `?${qs}` : ''}`,
  auditCsv: (code: string, qs = '') => `${api(code)}/audit/export.csv${qs ? `?${qs}` : ''}`,
  users: (code: string) => `${api(code)}/users`,
  user: (code: string, id: string) => `${api(code)}/users/${enc(id)}`,
  publications: (code: string) => `${api(code)}/publications`,
  publicationPreview: (code: string, s: PublicationSubjectRef, unaccepted: UnacceptedDecisionDto | null) => {
    const q = new URLSearchParams({ kind: s.kind, planId: s.planId, subjectId: s.subjectId });
    if (s.kind !== 'round' && s.fiscalYear) q.set('fiscalYear', String(s.fiscalYear));
    if (unaccepted) q.set('unaccepted', unaccepted);
    return `${api(code)}/publications/preview?${q}`;
  },
  /** prefixes for cache invalidation */
  roundsPrefix: (code: string) => `${api(code)}/rounds`,
  plansPrefix: (code: string) => `${api(code)}/plans`,
};

export interface RoundInput {
  label: string;
  asOfDate: string;
  targetFiscalYear: number;
  deadline: string;
  fields: ReportFieldDto[];
  previousRoundId?: string | null;
  /** the items it will ask about, kept on the draft; null: chosen when it is opened */
  scope?: { mode: 'all' | 'scheduled' } | null;
}

export interface LegendAxisInput {
  preset?: string;
  name?: string;
  values?: LegendValueDto[];
  version: number;
}

export interface MeetingInput {
  body: string;
  title: string;
  heldOn: string;
  members: MeetingMemberDto[];
  minutes: string;
  agenda: { id?: string; title: string; roundId: string | null; nodeId: string | null }[];
}

export const secApi = {
  createRound: (code: string, planId: string, body: RoundInput) => request<RoundDto>('POST', secApiPaths.planRounds(code, planId), body),
  patchRound: (code: string, roundId: string, body: Partial<RoundInput> & { version: number }) =>
    request<RoundDto>('PATCH', secApiPaths.round(code, roundId), body),
  openRound: (code: string, roundId: string, body: { version: number; scope?: { mode: 'all' | 'scheduled' } }) =>
    request<RoundDto>('POST', `${secApiPaths.round(code, roundId)}/open`, body),
  closeRound: (code: string, roundId: string, body: { version: number }) => request<RoundDto>('POST', `${secApiPaths.round(code, roundId)}/close`, body),
  reopenRound: (code: string, roundId: string, body: { version: number; deadline?: string }) =>
    request<RoundDto>('POST', `${secApiPaths.round(code, roundId)}/reopen`, body),
  remind: (code: string, roundId: string, body: { departmentIds?: string[]; message?: string }) =>
    request<ReminderResultDto>('POST', `${secApiPaths.round(code, roundId)}/reminders`, body),
  putLegends: (code: string, planId: string, body: { status: LegendAxisInput; achievement: LegendAxisInput | null }) =>
    request<PlanLegendsDto>('PUT', secApiPaths.legends(code, planId), body),
  createMeeting: (code: string, body: MeetingInput) => request<MeetingDto>('POST', secApiPaths.meetings(code), body),
  patchMeeting: (code: string, id: string, body: Partial<MeetingInput> & { version: number }) =>
    request<MeetingDto>('PATCH', secApiPaths.meeting(code, id), body),
  deleteMeeting: (code: string, id: string, version: number) => request<null>('DELETE', `${secApiPaths.meeting(code, id)}?version=${version}`),
  /** publish (true) or withdraw (false) the meeting's opinions and responses for citizens */
  publishMeeting: (code: string, id: string, version: number, published: boolean) =>
    request<MeetingDto>('POST', `${secApiPaths.meeting(code, id)}/${published ? 'publish' : 'unpublish'}`, { version }),
  createOpinion: (code: string, body: { body: string; meetingId: string | null; nodeId: string | null; assignedDepartmentId: string | null; dueOn?: string | null }) =>
    request<OpinionDetailDto>('POST', secApiPaths.opinions(code), body),
  patchOpinion: (code: string, id: string, body: { version: number; body?: string; meetingId?: string | null; nodeId?: string | null; dueOn?: string | null }) =>
    request<OpinionDetailDto>('PATCH', secApiPaths.opinion(code, id), body),
  opinionStep: (
    code: string,
    id: string,
    step: 'assign' | 'respond' | 'return' | 'close',
    body: { version: number; departmentId?: string; response?: string; comment?: string },
  ) => request<OpinionDetailDto>('POST', `${secApiPaths.opinion(code, id)}/${step}`, body),
  createUser: (code: string, body: UserCreateBody) => request<UserDto>('POST', secApiPaths.users(code), body),
  patchUser: (code: string, id: string, body: UserPatchBody) => request<UserDto>('PATCH', secApiPaths.user(code, id), body),
  resetPassword: (code: string, id: string, body: PasswordResetBody) => request<UserDto>('POST', `${secApiPaths.user(code, id)}/password`, body),
  unlockUser: (code: string, id: string) => request<UserDto>('POST', `${secApiPaths.user(code, id)}/unlock`, {}),
  resetTotp: (code: string, id: string) => request<UserDto>('POST', `${secApiPaths.user(code, id)}/totp/reset`, {}),
  revokeSessions: (code: string, id: string) => request<RevokeSessionsDto>('POST', `${secApiPaths.user(code, id)}/revoke-sessions`, {}),
  /** a round is sent without a fiscal year: the server refuses one below 1989, and a round has none */
  publish: (code: string, body: PublishRequest) => request<PublicationDto>('POST', secApiPaths.publications(code), body),
  withdrawPublication: (code: string, id: string, body: WithdrawBody) =>
    request<PublicationDto>('POST', `${secApiPaths.publications(code)}/${enc(id)}/withdraw`, body),
};

/** PublishBody with the fiscal year left out for a round. */
export type PublishRequest = Omit<PublishBody, 'fiscalYear'> & { fiscalYear?: number };

export type { LegendAxisDto };

// ───────────── who is acting ─────────────

export interface Staff {
  /** null while loading or when the server does not say */
  role: RoleCode | null;
  name: string;
  departments: { id: string; name: string }[];
  /** 事務局・システム管理者: may set up rounds, legends, meetings, opinions and accounts */
  isOffice: boolean;
  loading: boolean;
}

const ROLE_CODES: readonly string[] = ['system_admin', 'secretariat', 'dept_reporter', 'dept_approver', 'viewer', 'council'];

/**
 * The signed-in user. Reads lib/auth.tsx's current user (which may carry the
 * server's role code and departments once sign-in lands there) and GET
 * /api/auth/me (cached and shared with every other screen that asks). Hiding an
 * action is a courtesy; the server refuses anyway.
 */
export function useStaff(): Staff {
  const ctx = useCurrentUser() as unknown as { name?: string; role?: string; departments?: { id: string; name: string }[] };
  const me = useApi<AuthMeDto>(secApiPaths.authMe());
  const user = me.data?.user;
  const ctxRole = ctx.role && ROLE_CODES.includes(ctx.role) ? (ctx.role as RoleCode) : null;
  const role = user?.role ?? ctxRole;
  return {
    role,
    name: user?.name ?? ctx.name ?? '',
    departments: user?.departments ?? ctx.departments ?? [],
    isOffice: role === 'secretariat' || role === 'system_admin',
    loading: me.loading && !me.data,
  };
}

// ───────────── formats ─────────────

/** '2026-12-18' → '令和8年12月18日（金）'; an instant → its day in Japan (the shared formatter). */
export const dateW = (value: string | null | undefined): string => dateLabelWithWeekday(value);

/** '2026-12' → '令和8年12月' */
export { monthLabel };

/** An instant → '令和8年11月22日（日） 09:06' in Japan time (seconds with `seconds`). */
export function instantW(iso: string | null | undefined, seconds = false): string {
  return dateTimeLabel(iso, { weekday: true, seconds });
}

export const num = (n: number): string => n.toLocaleString('ja-JP');

/** The form input class without its full width, for inputs given a width of their own. */
export const inputSizedCls = inputCls.replace('w-full ', '');

/** A compact select (tool bars above tables). */
export const selectSmCls = selectCls.replace('h-11', 'h-9').replace('text-std-16N-170', 'text-dns-14N-130');

// ───────────── refused requests ─────────────

export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, null, String(e));
}

/**
 * A refused request → messages per control id ('' = the summary only). Without
 * field messages the request's own message goes to the summary.
 */
export function errorsFor(
  e: unknown,
  idForPath: (path: string) => string | null,
  labelFor: (path: string) => string | null = () => null,
): Map<string, string[]> {
  const err = asApiError(e);
  const fields: FieldError[] = humanizeFields(err.fields, labelFor);
  const grouped = groupFieldErrors(fields, idForPath);
  if (grouped.size === 0) grouped.set('', [err.message]);
  return grouped;
}
