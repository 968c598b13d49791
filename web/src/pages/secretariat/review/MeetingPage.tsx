/** @jsxImportSource react */
/**
 * 会議: one meeting (会議体, 開催日, 出席者, 議題, 議事録) and the opinions
 * recorded from it; the secretariat registers and edits meetings here. Agenda
 * items are ordered and may point to a round and/or a plan item.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { ErrorSummary, Field, FieldErrorText, Optional, fieldState, hintCls, inputCls, selectCls } from '../../../components/form';
import { ConfirmDialog, Section, tableAutoCls, tableCls, tableWrapCls, tdCls, thCls, theadCls } from '../../../components/secretariat-ui';
import { Button, ErrorState, Loading, SuccessMessage, cx } from '../../../components/ui';
import { apiPaths, type PlanSummaryDto } from '../../../lib/api';
import { setFlash, takeFlash } from '../../../lib/flash';
import { Link, navigate, paths } from '../../../lib/router';
import { invalidate, prime, useApi } from '../../../lib/useApi';
import type { RoundDto } from '../../../../../src/shared/api-types-pdca.js';
import type { MeetingDto, MeetingListDto, OpinionListDto } from '../../../../../src/shared/api-types-review.js';
import { SecFrame } from '../frame';
import { asApiError, dateW, errorsFor, inputSizedCls, instantW, type MeetingInput, num, secApi, secApiPaths, secPaths, selectSmCls, useStaff } from '../lib';
import { MEMBER_ROLES, NodeOptions, OpinionDue, OpinionStateBadge, STANDARD_BODIES, excerpt, useAllRounds } from './common';
import { OpinionCreateForm } from './OpinionsPage';

const OTHER = '__other__';
let seq = 0;
const k = () => `r${++seq}`;

interface MemberRow {
  key: string;
  name: string;
  role: string;
}
interface AgendaRow {
  key: string;
  id?: string;
  title: string;
  planId: string;
  roundId: string;
  nodeId: string;
}
interface Values {
  bodyChoice: string;
  bodyOther: string;
  title: string;
  heldOn: string;
  members: MemberRow[];
  minutes: string;
  agenda: AgendaRow[];
}

function valuesOf(m: MeetingDto | null, bodyPreset: string | null): Values {
  if (!m) {
    const std = bodyPreset && (STANDARD_BODIES as readonly string[]).includes(bodyPreset);
    return {
      bodyChoice: std ? bodyPreset! : bodyPreset ? OTHER : STANDARD_BODIES[0],
      bodyOther: std ? '' : (bodyPreset ?? ''),
      title: '',
      heldOn: '',
      members: [{ key: k(), name: '', role: '' }],
      minutes: '',
      agenda: [],
    };
  }
  return {
    bodyChoice: m.standardBody ? m.body : OTHER,
    bodyOther: m.standardBody ? '' : m.body,
    title: m.title,
    heldOn: m.heldOn,
    members: m.members.map((x) => ({ key: k(), ...x })),
    minutes: m.minutes,
    agenda: [...m.agenda]
      .sort((a, b) => a.sortOrder - b.sortOrder)
      .map((a) => ({ key: k(), id: a.id, title: a.title, planId: a.planId ?? '', roundId: a.roundId ?? '', nodeId: a.nodeId ?? '' })),
  };
}

function inputOf(v: Values): MeetingInput {
  return {
    body: v.bodyChoice === OTHER ? v.bodyOther : v.bodyChoice,
    title: v.title,
    heldOn: v.heldOn,
    // a row left completely empty is not a member
    members: v.members.filter((x) => x.name.trim() || x.role.trim()).map(({ name, role }) => ({ name, role })),
    minutes: v.minutes,
    agenda: v.agenda.map((a) => ({ ...(a.id ? { id: a.id } : {}), title: a.title, roundId: a.roundId || null, nodeId: a.nodeId || null })),
  };
}

function move<T>(list: T[], i: number, d: -1 | 1): T[] {
  const out = [...list];
  const [x] = out.splice(i, 1);
  out.splice(i + d, 0, x!);
  return out;
}

function MeetingForm({
  code,
  meeting,
  bodyPreset,
  plans,
  rounds,
  onSaved,
  onCancel,
}: {
  code: string;
  meeting: MeetingDto | null;
  bodyPreset: string | null;
  plans: PlanSummaryDto[];
  rounds: RoundDto[] | null;
  onSaved: (m: MeetingDto) => void;
  onCancel: () => void;
}) {
  const uid = useId();
  const [base, setBase] = useState<MeetingDto | null>(meeting);
  const [v, setV] = useState<Values>(() => valuesOf(meeting, bodyPreset));
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [conflict, setConflict] = useState<{ message: string; current: MeetingDto | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const { err, invalid, errId } = fieldState(errors);
  const conflictRef = useRef<HTMLDivElement>(null);
  const set = <K extends keyof Values>(key: K, val: Values[K]) => setV((s) => ({ ...s, [key]: val }));
  const setMember = (i: number, p: Partial<MemberRow>) => set('members', v.members.map((x, j) => (j === i ? { ...x, ...p } : x)));
  const setAgenda = (i: number, p: Partial<AgendaRow>) => set('agenda', v.agenda.map((x, j) => (j === i ? { ...x, ...p } : x)));

  // agenda items linked only to a round: find the round's plan once the rounds are known
  useEffect(() => {
    if (!rounds) return;
    setV((s) => ({
      ...s,
      agenda: s.agenda.map((a) => (a.planId || !a.roundId ? a : { ...a, planId: rounds.find((r) => r.id === a.roundId)?.planId ?? '' })),
    }));
  }, [rounds]);

  useEffect(() => {
    if (conflict) conflictRef.current?.focus();
  }, [conflict]);

  // member rows sent are the non-empty ones: map server indexes back to rows
  const sentMembers = v.members.filter((x) => x.name.trim() || x.role.trim());
  const idForPath = (path: string): string | null => {
    const [head, idx, field] = path.split('.');
    if (head === 'body') return v.bodyChoice === OTHER ? 'mf-body-other' : 'mf-body';
    if (head === 'title' || head === 'heldOn' || head === 'minutes') return `mf-${head}`;
    if (head === 'members') {
      const row = idx !== undefined ? sentMembers[Number(idx)] : undefined;
      return row && field ? `mf-member-${row.key}-${field}` : 'mf-members';
    }
    if (head === 'agenda') {
      const row = idx !== undefined ? v.agenda[Number(idx)] : undefined;
      if (!row) return 'mf-agenda';
      return `mf-agenda-${row.key}-${field === 'roundId' || field === 'nodeId' ? field : 'title'}`;
    }
    return null;
  };

  const submit = async (version?: number) => {
    setBusy(true);
    setErrors(new Map());
    try {
      const body = inputOf(v);
      const saved = base
        ? await secApi.patchMeeting(code, base.id, { ...body, version: version ?? base.version })
        : await secApi.createMeeting(code, body);
      setConflict(null);
      invalidate(secApiPaths.meetings(code), `/api/m/${encodeURIComponent(code)}/calendar`);
      prime(secApiPaths.meeting(code, saved.id), saved);
      onSaved(saved);
    } catch (e) {
      const error = asApiError(e);
      if (error.status === 409) setConflict({ message: error.message, current: (error.current as MeetingDto | undefined) ?? null });
      else setErrors(errorsFor(e, idForPath, (p) => ({ title: '会議名', body: '会議体' } as Record<string, string>)[p] ?? null));
    } finally {
      setBusy(false);
    }
  };

  const roundsOf = (planId: string) => (rounds ?? []).filter((r) => r.planId === planId);

  return (
    <form
      noValidate
      data-testid="meeting-form"
      className="mt-3"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {conflict && (
        <div ref={conflictRef} tabIndex={-1} role="alert" data-testid="conflict" className="mb-4 rounded-8 border-2 border-warning-orange-1 bg-orange-50 p-4 outline-none">
          <h2 className="text-std-17B-170 text-orange-1100">他の人がこの会議を先に更新しました</h2>
          <p className="text-std-16N-170">{conflict.message} あなたの入力はまだ保存されていません（下に残っています）。</p>
          {conflict.current && (
            <p className="text-dns-14N-130">
              保存されている内容：{conflict.current.title}（{dateW(conflict.current.heldOn)}・出席者{num(conflict.current.members.length)}人・議題
              {num(conflict.current.agenda.length)}件）
            </p>
          )}
          <div className="mt-2 flex flex-wrap gap-2">
            <Button
              disabled={!conflict.current}
              onClick={() => {
                if (!conflict.current) return;
                setBase(conflict.current);
                setV(valuesOf(conflict.current, null));
                setConflict(null);
              }}
            >
              保存されている内容を読み込む（入力は破棄）
            </Button>
            <Button
              variant="primary"
              disabled={!conflict.current || busy}
              onClick={() => {
                if (!conflict.current) return;
                setBase(conflict.current);
                void submit(conflict.current.version);
              }}
            >
              自分の入力で上書き保存する
            </Button>
          </div>
        </div>
      )}
      <ErrorSummary errors={errors} id="mf-error-summary" />
      <div className="grid max-w-5xl gap-4">
        <div className="flex flex-wrap items-start gap-4">
          <Field id="mf-body" label="会議体" mark="required" errors={errors}>
            {(c) => (
              <select {...c} className={selectCls} value={v.bodyChoice} onChange={(e) => set('bodyChoice', e.target.value)}>
                {STANDARD_BODIES.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
                <option value={OTHER}>その他（直接入力）</option>
              </select>
            )}
          </Field>
          {v.bodyChoice === OTHER && (
            <Field id="mf-body-other" label="会議体の名前" errors={errors}>
              {(c) => <input {...c} className={inputCls} value={v.bodyOther} placeholder="例：外部評価委員会" onChange={(e) => set('bodyOther', e.target.value)} />}
            </Field>
          )}
          <Field id="mf-heldOn" label="開催日" mark="required" hint={v.heldOn && dateW(v.heldOn)} errors={errors}>
            {(c) => <input {...c} type="date" className={cx(inputSizedCls, 'w-48 py-1.5')} value={v.heldOn} onChange={(e) => set('heldOn', e.target.value)} />}
          </Field>
        </div>
        <Field id="mf-title" label="会議名" mark="required" errors={errors}>
          {(c) => (
            <input {...c} className={inputCls} value={v.title} placeholder="例：令和8年度第2回 行財政改革推進本部会議" onChange={(e) => set('title', e.target.value)} />
          )}
        </Field>

        <fieldset id="mf-members" className="rounded-8 border border-solid-gray-420 px-4 pb-3 pt-1" aria-describedby={errId('mf-members')}>
          <legend className="px-1 text-std-16B-170">
            出席者・構成員
            <Optional />
          </legend>
          <datalist id={`${uid}-roles`}>
            {MEMBER_ROLES.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
          <ol className="grid gap-2">
            {v.members.map((x, i) => (
              <li key={x.key} className="flex flex-wrap items-start gap-2" data-testid="member-row">
                <span className="w-6 pt-2 text-right tabular-nums text-solid-gray-700">{i + 1}</span>
                <div className="min-w-48 flex-1">
                  <input
                    id={`mf-member-${x.key}-name`}
                    aria-label={`${i + 1}人目の氏名`}
                    placeholder="氏名"
                    className={cx(inputCls, 'py-1.5')}
                    value={x.name}
                    onChange={(e) => setMember(i, { name: e.target.value })}
                    aria-invalid={invalid(`mf-member-${x.key}-name`)}
                    aria-describedby={errId(`mf-member-${x.key}-name`)}
                  />
                  <FieldErrorText id={`mf-member-${x.key}-name`} messages={err(`mf-member-${x.key}-name`)} />
                </div>
                <div className="w-48">
                  <input
                    id={`mf-member-${x.key}-role`}
                    aria-label={`${i + 1}人目の役職`}
                    placeholder="役職（例：委員）"
                    list={`${uid}-roles`}
                    className={cx(inputCls, 'py-1.5')}
                    value={x.role}
                    onChange={(e) => setMember(i, { role: e.target.value })}
                    aria-invalid={invalid(`mf-member-${x.key}-role`)}
                    aria-describedby={errId(`mf-member-${x.key}-role`)}
                  />
                  <FieldErrorText id={`mf-member-${x.key}-role`} messages={err(`mf-member-${x.key}-role`)} />
                </div>
                <span className="flex gap-1 pt-1">
                  <Button size="sm" variant="tertiary" disabled={i === 0} onClick={() => set('members', move(v.members, i, -1))} aria-label={`${i + 1}人目を上へ`}>
                    ↑
                  </Button>
                  <Button
                    size="sm"
                    variant="tertiary"
                    disabled={i === v.members.length - 1}
                    onClick={() => set('members', move(v.members, i, 1))}
                    aria-label={`${i + 1}人目を下へ`}
                  >
                    ↓
                  </Button>
                  <Button size="sm" variant="tertiary" onClick={() => set('members', v.members.filter((_, j) => j !== i))} aria-label={`${i + 1}人目を削除`}>
                    削除
                  </Button>
                </span>
              </li>
            ))}
          </ol>
          <FieldErrorText id="mf-members" messages={err('mf-members')} />
          <Button size="sm" className="mt-2" onClick={() => set('members', [...v.members, { key: k(), name: '', role: '' }])}>
            ＋ 出席者を追加
          </Button>
        </fieldset>

        <fieldset id="mf-agenda" className="rounded-8 border border-solid-gray-420 px-4 pb-3 pt-1" aria-describedby={errId('mf-agenda')}>
          <legend className="px-1 text-std-16B-170">
            議題（順番どおり）
            <Optional />
          </legend>
          <ol className="grid gap-3">
            {v.agenda.map((a, i) => {
              const base = `mf-agenda-${a.key}`;
              return (
                <li key={a.key} className="rounded-8 border border-solid-gray-200 bg-solid-gray-50 p-2" data-testid="agenda-row">
                  <div className="flex flex-wrap items-start gap-2">
                    <span className="w-12 pt-2 text-dns-14B-130">議題{i + 1}</span>
                    <div className="min-w-64 flex-1">
                      <input
                        id={`${base}-title`}
                        aria-label={`議題${i + 1}の件名`}
                        placeholder="件名（例：令和8年度上半期の取組状況について）"
                        className={cx(inputCls, 'py-1.5')}
                        value={a.title}
                        onChange={(e) => setAgenda(i, { title: e.target.value })}
                        aria-invalid={invalid(`${base}-title`)}
                        aria-describedby={errId(`${base}-title`)}
                      />
                      <FieldErrorText id={`${base}-title`} messages={err(`${base}-title`)} />
                    </div>
                    <span className="flex gap-1 pt-1">
                      <Button size="sm" variant="tertiary" disabled={i === 0} onClick={() => set('agenda', move(v.agenda, i, -1))} aria-label={`議題${i + 1}を上へ`}>
                        ↑
                      </Button>
                      <Button
                        size="sm"
                        variant="tertiary"
                        disabled={i === v.agenda.length - 1}
                        onClick={() => set('agenda', move(v.agenda, i, 1))}
                        aria-label={`議題${i + 1}を下へ`}
                      >
                        ↓
                      </Button>
                      <Button size="sm" variant="tertiary" onClick={() => set('agenda', v.agenda.filter((_, j) => j !== i))} aria-label={`議題${i + 1}を削除`}>
                        削除
                      </Button>
                    </span>
                  </div>
                  <div className="mt-2 flex flex-wrap items-start gap-2 pl-14">
                    <select
                      aria-label={`議題${i + 1}の計画`}
                      className={cx(selectSmCls, 'max-w-72')}
                      value={a.planId}
                      onChange={(e) => setAgenda(i, { planId: e.target.value, roundId: '', nodeId: '' })}
                    >
                      <option value="">（照会・項目と関連づけない）</option>
                      {plans.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.title}
                        </option>
                      ))}
                    </select>
                    {a.planId && (
                      <>
                        <div>
                          <select
                            id={`${base}-roundId`}
                            aria-label={`議題${i + 1}の照会`}
                            className={cx(selectSmCls, 'max-w-64')}
                            value={a.roundId}
                            onChange={(e) => setAgenda(i, { roundId: e.target.value })}
                            aria-invalid={invalid(`${base}-roundId`)}
                            aria-describedby={errId(`${base}-roundId`)}
                          >
                            <option value="">（照会なし）</option>
                            {roundsOf(a.planId).map((r) => (
                              <option key={r.id} value={r.id}>
                                照会：{r.label}
                              </option>
                            ))}
                          </select>
                          <FieldErrorText id={`${base}-roundId`} messages={err(`${base}-roundId`)} />
                        </div>
                        <div className="min-w-64 flex-1">
                          <select
                            id={`${base}-nodeId`}
                            aria-label={`議題${i + 1}の計画の項目`}
                            className={cx(selectSmCls, 'w-full')}
                            value={a.nodeId}
                            onChange={(e) => setAgenda(i, { nodeId: e.target.value })}
                            aria-invalid={invalid(`${base}-nodeId`)}
                            aria-describedby={errId(`${base}-nodeId`)}
                          >
                            <option value="">（項目なし）</option>
                            <NodeOptions code={code} planId={a.planId} />
                          </select>
                          <FieldErrorText id={`${base}-nodeId`} messages={err(`${base}-nodeId`)} />
                        </div>
                      </>
                    )}
                  </div>
                </li>
              );
            })}
          </ol>
          <FieldErrorText id="mf-agenda" messages={err('mf-agenda')} />
          <Button size="sm" className="mt-2" onClick={() => set('agenda', [...v.agenda, { key: k(), title: '', planId: '', roundId: '', nodeId: '' }])}>
            ＋ 議題を追加
          </Button>
        </fieldset>

        <Field id="mf-minutes" label="議事録" mark="optional" errors={errors}>
          {(c) => <textarea {...c} className={cx(inputCls, 'min-h-48 font-[inherit]')} value={v.minutes} onChange={(e) => set('minutes', e.target.value)} />}
        </Field>
      </div>
      <div className="mt-5 flex flex-wrap gap-3">
        <Button type="submit" variant="primary" disabled={busy || !!conflict}>
          {busy ? '保存しています…' : base ? '保存する' : '登録する'}
        </Button>
        <Button onClick={onCancel} disabled={busy}>
          キャンセル
        </Button>
      </div>
    </form>
  );
}

function MeetingView({ code, m }: { code: string; m: MeetingDto }) {
  const agenda = [...m.agenda].sort((a, b) => a.sortOrder - b.sortOrder);
  return (
    <div className="mt-3 grid gap-1">
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-dns-16N-130">
        <div>
          <dt className="inline font-bold">会議体：</dt>
          <dd className="inline">{m.body}</dd>
        </div>
        <div>
          <dt className="inline font-bold">開催日：</dt>
          <dd className="inline">{dateW(m.heldOn)}</dd>
        </div>
        <div>
          <dt className="inline font-bold">登録：</dt>
          <dd className="inline">{instantW(m.createdAt)}</dd>
        </div>
      </dl>
      <Section id="members" title={`出席者・構成員（${num(m.members.length)}人）`}>
        {m.members.length === 0 ? (
          <p className="text-std-16N-170 text-solid-gray-700">記録されていません。</p>
        ) : (
          <div className={tableWrapCls}>
            <table className={cx(tableAutoCls, 'min-w-96')} data-testid="member-list">
              <caption className="sr-only">出席者・構成員</caption>
              <thead className={theadCls}>
                <tr>
                  <th scope="col" className={thCls}>役職</th>
                  <th scope="col" className={thCls}>氏名</th>
                </tr>
              </thead>
              <tbody>
                {m.members.map((x, i) => (
                  <tr key={i}>
                    <td className={tdCls}>{x.role}</td>
                    <td className={tdCls}>{x.name}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Section id="agenda" title={`議題（${num(agenda.length)}件）`}>
        {agenda.length === 0 ? (
          <p className="text-std-16N-170 text-solid-gray-700">記録されていません。</p>
        ) : (
          <ol className="grid gap-1.5" data-testid="agenda-list">
            {agenda.map((a, i) => (
              <li key={a.id} className="flex flex-wrap gap-x-3 text-std-16N-170">
                <span className="font-bold">議題{i + 1}</span>
                <span>{a.title}</span>
                {a.roundId && (
                  <Link to={secPaths.round(code, a.roundId)} className="text-dns-14N-130">
                    照会：{a.roundLabel}
                  </Link>
                )}
                {a.nodeId && a.planId && (
                  <Link to={paths.node(code, a.planId, a.nodeId)} className="text-dns-14N-130">
                    項目：{[a.nodeNumber, a.nodeTitle].filter(Boolean).join(' ')}
                  </Link>
                )}
              </li>
            ))}
          </ol>
        )}
      </Section>
      <Section id="minutes" title="議事録">
        {m.minutes ? (
          <div className="max-w-5xl whitespace-pre-wrap text-std-16N-170" data-testid="minutes">
            {m.minutes}
          </div>
        ) : (
          <p className="text-std-16N-170 text-solid-gray-700">記録されていません。</p>
        )}
      </Section>
    </div>
  );
}

function MeetingOpinions({ code, meeting, plans, canCreate }: { code: string; meeting: MeetingDto; plans: PlanSummaryDto[]; canCreate: boolean }) {
  const res = useApi<OpinionListDto>(secApiPaths.opinions(code, `meeting=${meeting.id}&pageSize=200`));
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const meetings = useApi<MeetingListDto>(secApiPaths.meetings(code));
  return (
    <Section
      id="opinions"
      title={`この会議の意見（${res.data ? num(res.data.total) : '…'}件）`}
      actions={
        <>
          <Link to={secPaths.opinions(code, `meeting=${meeting.id}`)} className="text-dns-14N-130">
            意見の一覧で見る
          </Link>
          {canCreate && !adding && (
            <Button size="sm" onClick={() => setAdding(true)}>
              ＋ この会議の意見を登録
            </Button>
          )}
        </>
      }
    >
      <div aria-live="polite">
        {message && (
          <SuccessMessage takeFocus={false} onClose={() => setMessage(null)}>
            {message}
          </SuccessMessage>
        )}
      </div>
      {adding && (
        <div className="mb-3 rounded-8 border border-solid-gray-420 p-3">
          <OpinionCreateForm
            code={code}
            plans={plans}
            meetings={meetings.data?.items ?? []}
            meetingId={meeting.id}
            onCancel={() => setAdding(false)}
            onCreated={() => {
              setAdding(false);
              setMessage('意見を登録しました。');
              invalidate(secApiPaths.meeting(code, meeting.id));
            }}
          />
        </div>
      )}
      {res.error && <ErrorState error={res.error} onRetry={res.reload} />}
      {res.data && res.data.items.length === 0 && <p className="text-std-16N-170 text-solid-gray-700">この会議の意見は登録されていません。</p>}
      {res.data && res.data.items.length > 0 && (
        <div className={tableWrapCls}>
          <table className={tableCls}>
            <caption className="sr-only">この会議の意見</caption>
            <thead className={theadCls}>
              <tr>
                <th scope="col" className={thCls}>意見</th>
                <th scope="col" className={thCls}>項目</th>
                <th scope="col" className={thCls}>担当課</th>
                <th scope="col" className={thCls}>状態</th>
                <th scope="col" className={thCls}>回答期限</th>
              </tr>
            </thead>
            <tbody>
              {res.data.items.map((o) => (
                <tr key={o.id} className="hover:bg-key-50">
                  <td className={tdCls}>
                    <Link to={secPaths.opinion(code, o.id)}>{excerpt(o.body)}</Link>
                  </td>
                  <td className={tdCls}>{o.node ? [o.node.number, o.node.title].filter(Boolean).join(' ') : '全般'}</td>
                  <td className={tdCls}>{o.assignedDepartment?.name ?? <span className="text-solid-gray-700">未割当</span>}</td>
                  <td className={tdCls}>
                    <OpinionStateBadge state={o.state} label={o.stateLabel} overdue={o.overdue} />
                  </td>
                  <td className={tdCls}>
                    <OpinionDue o={o} asOf={res.data?.asOf} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

/** 住民向けの公表: the meeting's closed opinions and responses on the public page, once all are closed. */
function MeetingPublication({ code, m, canPublish, onDone }: { code: string; m: MeetingDto; canPublish: boolean; onDone: (message: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hintId = useId();
  const publicPage = `/m/${encodeURIComponent(code)}/council`;
  const published = m.publishedAt !== null;
  const act = async () => {
    setBusy(true);
    setError(null);
    try {
      await secApi.publishMeeting(code, m.id, m.version, !published);
      invalidate(secApiPaths.meeting(code, m.id), secApiPaths.meetings(code));
      setConfirming(false);
      onDone(published ? `会議「${m.title}」の公表を取り消しました。` : `会議「${m.title}」の意見と対応を公表しました。`);
    } catch (e) {
      const err = asApiError(e);
      if (err.status === 409) invalidate(secApiPaths.meeting(code, m.id));
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section id="meeting-publication" title="住民向けの公表" testId="meeting-publication">
      {published ? (
        <p className="text-std-16N-170">
          {m.publishedOnLabel}に公表しました。完了した意見と対応が
          <a href={publicPage} target="_blank" rel="noreferrer">
            住民向けのページ（審議会等の意見と対応）
          </a>
          に載っています。
        </p>
      ) : (
        <>
          <p className="text-std-16N-170">
            公表すると、会議名・会議体・開催日と、完了した意見・市の対応・担当課が
            <a href={publicPage} target="_blank" rel="noreferrer">
              住民向けのページ
            </a>
            に載ります。出席者と議事録は載りません。
          </p>
          {m.publishProblems.length > 0 && (
            <ul id={hintId} className={cx(hintCls, 'mt-2 list-disc pl-6')}>
              {m.publishProblems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </>
      )}
      {canPublish && (
        <div className="mt-3">
          <Button
            size="sm"
            variant={published ? 'secondary' : 'primary'}
            disabled={!published && m.publishProblems.length > 0}
            aria-describedby={!published && m.publishProblems.length > 0 ? hintId : undefined}
            onClick={() => setConfirming(true)}
          >
            {published ? '公表を取り消す' : '公表する'}
          </Button>
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title={published ? `公表の取消し（${m.title}）` : `意見と対応の公表（${m.title}）`}
          confirmLabel={published ? '取り消す' : '公表する'}
          danger={published}
          busy={busy}
          error={error}
          onClose={() => {
            setConfirming(false);
            setError(null);
          }}
          onConfirm={() => void act()}
        >
          <p>
            {published
              ? 'この会議の意見と対応を住民向けのページから外します。もう一度公表することもできます。'
              : `この会議の完了した意見（${m.opinions.closed}件）と市の対応を、住民向けのページに載せます。`}
          </p>
        </ConfirmDialog>
      )}
    </Section>
  );
}

export function MeetingPage({ code, meetingId }: { code: string; meetingId: string | null }) {
  const staff = useStaff();
  const res = useApi<MeetingDto>(meetingId ? secApiPaths.meeting(code, meetingId) : null);
  const plansRes = useApi<{ items: PlanSummaryDto[] }>(apiPaths.plans(code));
  const rounds = useAllRounds(code);
  const [editing, setEditing] = useState(meetingId === null);
  const [message, setMessage] = useState<string | null>(() => (meetingId ? takeFlash(`meeting:${meetingId}`) : null));
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const m = res.data;
  const plans = plansRes.data?.items ?? [];
  const bodyPreset = typeof window !== 'undefined' ? new URLSearchParams(window.location.search).get('body') : null;

  const crumbs = [{ label: '会議', to: secPaths.meetings(code) }, { label: meetingId ? (m?.title ?? '会議') : '会議の登録' }];

  if (!meetingId) {
    return (
      <SecFrame code={code} section="meetings" crumbs={crumbs} title="会議の登録" docTitle="会議の登録">
        {!staff.loading && !staff.isOffice ? (
          <p className="mt-4 text-std-16N-170">会議を登録できるのは事務局だけです。</p>
        ) : (
          <MeetingForm
            code={code}
            meeting={null}
            bodyPreset={bodyPreset}
            plans={plans}
            rounds={rounds}
            onSaved={(saved) => {
              setFlash(`meeting:${saved.id}`, `会議「${saved.title}」を登録しました。`);
              navigate(secPaths.meeting(code, saved.id), { replace: true });
            }}
            onCancel={() => navigate(secPaths.meetings(code))}
          />
        )}
      </SecFrame>
    );
  }

  if (res.error && !m) {
    return (
      <SecFrame code={code} section="meetings" crumbs={crumbs} title="会議" docTitle="会議">
        <ErrorState error={res.error} title="会議を読み込めませんでした。" onRetry={res.reload} />
      </SecFrame>
    );
  }
  if (!m) return <Loading />;

  const remove = async () => {
    setBusy(true);
    setDeleteError(null);
    try {
      await secApi.deleteMeeting(code, m.id, m.version);
      invalidate(secApiPaths.meetings(code), `/api/m/${encodeURIComponent(code)}/calendar`);
      navigate(secPaths.meetings(code), { replace: true });
    } catch (e) {
      const err = asApiError(e);
      if (err.status === 409) invalidate(secApiPaths.meeting(code, m.id));
      setDeleteError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <SecFrame
      code={code}
      section="meetings"
      crumbs={crumbs}
      title={m.title}
      docTitle={m.title}
      actions={
        staff.isOffice && !editing ? (
          <>
            <Button size="sm" variant="primary" onClick={() => setEditing(true)}>
              編集
            </Button>
            <Button size="sm" variant="danger" onClick={() => setDeleting(true)}>
              削除
            </Button>
          </>
        ) : undefined
      }
    >
      <div aria-live="polite">
        {message && (
          <SuccessMessage takeFocus={false} onClose={() => setMessage(null)}>
            {message}
          </SuccessMessage>
        )}
      </div>
      {editing ? (
        <MeetingForm
          code={code}
          meeting={m}
          bodyPreset={null}
          plans={plans}
          rounds={rounds}
          onSaved={(saved) => {
            setEditing(false);
            setMessage(`会議「${saved.title}」を保存しました。`);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <MeetingView code={code} m={m} />
          <MeetingOpinions code={code} meeting={m} plans={plans} canCreate={staff.isOffice} />
          <MeetingPublication code={code} m={m} canPublish={staff.isOffice} onDone={setMessage} />
        </>
      )}
      {deleting && (
        <ConfirmDialog
          title={`会議の削除（${m.title}）`}
          confirmLabel="削除する"
          danger
          busy={busy}
          error={deleteError}
          onClose={() => {
            setDeleting(false);
            setDeleteError(null);
          }}
          onConfirm={() => void remove()}
        >
          <p>この会議（出席者・議題・議事録）を削除します。元に戻せません。意見が登録されている会議は削除できません。</p>
        </ConfirmDialog>
      )}
    </SecFrame>
  );
}
