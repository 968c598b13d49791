/** @jsxImportSource react */
/**
 * 意見と対応方針: opinions of the review bodies, filtered by state, department
 * and meeting (query string), the per-department summary, and registering a
 * new opinion (about one plan item or general, optionally from a meeting and
 * assigned to a department at once).
 */
import { useState } from 'react';
import { ErrorSummary, Field, FieldErrorText, fieldState, inputCls, selectCls } from '../../../components/form';
import { CountButton, LegendNote, Pager, Section, numCls, tableAutoCls, tableCls, tableWrapCls, tdCls, thCls, theadCls } from '../../../components/secretariat-ui';
import { Button, ErrorState, Loading, cx } from '../../../components/ui';
import { apiPaths, type DepartmentDto, type PlanSummaryDto } from '../../../lib/api';
import { tokyoDateOf } from '../../../lib/format';
import { Link, navigate, useLocation } from '../../../lib/router';
import { invalidate, useApi } from '../../../lib/useApi';
import type { MeetingListDto, MeetingSummaryDto, OpinionDetailDto, OpinionListDto, OpinionSummaryDto } from '../../../../../src/shared/api-types-review.js';
import { SecFrame } from '../frame';
import { dateW, errorsFor, inputSizedCls, num, secApi, secApiPaths, secPaths, selectSmCls, useStaff } from '../lib';
import { DEFAULT_DUE_LABEL, NodePicker, OPINION_STATES, OPINION_STATE_LABELS, OpinionDue, OpinionStateBadge, excerpt } from './common';

/** Drop every cached list, summary and detail of opinions (and the meetings' counts). */
export function invalidateOpinions(code: string) {
  invalidate(secApiPaths.opinions(code), secApiPaths.meetings(code));
}

const ids = { body: 'of-body', meetingId: 'of-meetingId', nodeId: 'of-nodeId', assignedDepartmentId: 'of-department', dueOn: 'of-dueOn' };
const idForPath = (p: string) => (p in ids ? ids[p as keyof typeof ids] : null);

export function OpinionCreateForm({
  code,
  plans,
  meetings,
  meetingId,
  onCreated,
  onCancel,
}: {
  code: string;
  plans: PlanSummaryDto[];
  meetings: MeetingSummaryDto[];
  meetingId: string | null;
  onCreated: (o: OpinionDetailDto) => void;
  onCancel: () => void;
}) {
  const depts = useApi<{ items: DepartmentDto[] }>(apiPaths.departments(code));
  const [body, setBody] = useState('');
  const [meeting, setMeeting] = useState(meetingId ?? '');
  const [about, setAbout] = useState<'general' | 'item'>('general');
  const [planId, setPlanId] = useState(plans[0]?.id ?? '');
  const [nodeId, setNodeId] = useState('');
  const [dept, setDept] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [busy, setBusy] = useState(false);
  const { err, invalid, errId } = fieldState(errors);

  const submit = async () => {
    setBusy(true);
    setErrors(new Map());
    if (about === 'item' && !nodeId) {
      setErrors(new Map([[ids.nodeId, ['意見の対象となる計画の項目を選んでください（特定の項目についてでなければ「全般」を選びます）。']]]));
      setBusy(false);
      return;
    }
    try {
      // dueOn null = the default rule (recorded date + 30 days)
      const input: Parameters<typeof secApi.createOpinion>[1] = {
        body,
        meetingId: meeting || null,
        nodeId: about === 'item' ? nodeId || null : null,
        assignedDepartmentId: dept || null,
        dueOn: dueOn || null,
      };
      const o = await secApi.createOpinion(code, input);
      invalidateOpinions(code);
      onCreated(o);
    } catch (e) {
      setErrors(errorsFor(e, idForPath, (p) => (p === 'body' ? '意見の内容' : p === 'dueOn' ? '回答期限' : null)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      data-testid="opinion-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 className="mb-2 text-std-17B-170">意見の登録</h3>
      <ErrorSummary errors={errors} id="of-error-summary" />
      <div className="grid max-w-4xl gap-4">
        <Field id={ids.body} label="意見の内容" mark="required" errors={errors}>
          {(c) => <textarea {...c} className={cx(inputCls, 'min-h-28')} value={body} onChange={(e) => setBody(e.target.value)} />}
        </Field>
        <Field id={ids.meetingId} label="会議" mark="optional" errors={errors}>
          {(c) => (
            <select {...c} className={cx(selectCls, 'w-full')} value={meeting} onChange={(e) => setMeeting(e.target.value)}>
              <option value="">（会議によらない意見）</option>
              {meetings.map((m) => (
                <option key={m.id} value={m.id}>
                  {dateW(m.heldOn)} {m.body}「{m.title}」
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="rounded-8 border border-solid-gray-420 px-4 pb-3 pt-1">
          <legend className="px-1 text-std-16B-170">意見の対象</legend>
          <div className="flex flex-wrap gap-x-6">
            <label className="flex items-center gap-2 py-1">
              <input type="radio" name="of-about" className="size-5 accent-key-900" checked={about === 'general'} onChange={() => setAbout('general')} />
              全般（特定の項目についてではない）
            </label>
            <label className="flex items-center gap-2 py-1">
              <input type="radio" name="of-about" className="size-5 accent-key-900" checked={about === 'item'} onChange={() => setAbout('item')} />
              計画の項目について
            </label>
          </div>
          {about === 'item' && (
            <div className="mt-1">
              <NodePicker
                code={code}
                plans={plans}
                planId={planId}
                nodeId={nodeId}
                idPrefix={ids.nodeId}
                onChange={(p, n) => {
                  setPlanId(p);
                  setNodeId(n);
                }}
                invalid={invalid(ids.nodeId)}
                describedBy={errId(ids.nodeId)}
                nodeLabel="対象の項目"
              />
              <FieldErrorText id={ids.nodeId} messages={err(ids.nodeId)} />
            </div>
          )}
        </fieldset>
        <Field
          id={ids.assignedDepartmentId}
          label="担当課（対応方針を回答する課）"
          mark="optional"
          hint="割り当てると、その課の報告者・承認者に通知が届きます。"
          errors={errors}
        >
          {(c) => (
            <select {...c} className={selectCls} value={dept} onChange={(e) => setDept(e.target.value)}>
              <option value="">後で割り当てる</option>
              {(depts.data?.items ?? [])
                .filter((d) => d.active)
                .map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field
          id={ids.dueOn}
          label="回答期限"
          mark="optional"
          hint={<>空欄のときは{DEFAULT_DUE_LABEL}。会議で期限を決めたとき（例：「次回審議会まで」）は、その日付を選びます。</>}
          errors={errors}
        >
          {(c) => <input {...c} type="date" className={inputSizedCls} value={dueOn} onChange={(e) => setDueOn(e.target.value)} />}
        </Field>
      </div>
      <div className="mt-4 flex flex-wrap gap-3">
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? '登録しています…' : '登録する'}
        </Button>
        <Button onClick={onCancel} disabled={busy}>
          キャンセル
        </Button>
      </div>
    </form>
  );
}

// ───────────── the list ─────────────

const FILTERS = ['state', 'department', 'meeting', 'overdue'] as const;

export function OpinionsPage({ code }: { code: string }) {
  const staff = useStaff();
  const { pathname, search } = useLocation();
  const q = new URLSearchParams(search);
  const state = q.get('state') ?? '';
  const department = q.get('department') ?? '';
  const meeting = q.get('meeting') ?? '';
  const overdue = q.get('overdue') === '1';
  const page = Math.max(1, Number(q.get('page')) || 1);
  const adding = q.get('new') === '1';

  const apiQ = new URLSearchParams();
  if (state) apiQ.set('state', state);
  if (department) apiQ.set('department', department);
  if (meeting) apiQ.set('meeting', meeting);
  if (overdue) apiQ.set('overdue', 'true');
  apiQ.set('page', String(page));
  apiQ.set('pageSize', '50');
  const list = useApi<OpinionListDto>(secApiPaths.opinions(code, apiQ.toString()), { keepPrevious: true });
  const summary = useApi<OpinionSummaryDto>(secApiPaths.opinionSummary(code));
  const meetings = useApi<MeetingListDto>(secApiPaths.meetings(code));
  const depts = useApi<{ items: DepartmentDto[] }>(apiPaths.departments(code));
  const plansRes = useApi<{ items: PlanSummaryDto[] }>(apiPaths.plans(code));
  const go = (patch: Record<string, string | null>, keepPage = false) => {
    const n = new URLSearchParams(search);
    for (const [key, val] of Object.entries(patch)) {
      if (val === null || val === '') n.delete(key);
      else n.set(key, val);
    }
    if (!keepPage) n.delete('page');
    const s = n.toString();
    navigate(`${pathname}${s ? `?${s}` : ''}`, { replace: true, keepScroll: true });
  };
  const filterSet = (f: { state?: string; department?: string; overdue?: boolean }) =>
    go({ state: f.state ?? null, department: f.department ?? null, overdue: f.overdue ? '1' : null, meeting: null });

  const anyFilter = FILTERS.some((f) => q.get(f));
  const meetingName = meetings.data?.items.find((m) => m.id === meeting)?.title;

  return (
    <SecFrame
      code={code}
      section="opinions"
      crumbs={[{ label: '意見' }]}
      title="意見と対応方針"
      docTitle="意見と対応方針"
      actions={
        staff.isOffice && !adding ? (
          <Button variant="primary" size="sm" onClick={() => go({ new: '1' }, true)}>
            ＋ 意見を登録
          </Button>
        ) : undefined
      }
      lead={`会議体の意見を担当課に割り当て、対応方針（回答）を求めます。回答期限は意見ごとに設定でき、設定しないときは登録日から${summary.data?.responseDays ?? list.data?.responseDays ?? 30}日です。`}
    >
      {adding && staff.isOffice && (
        <div className="mt-3 rounded-8 border border-solid-gray-420 p-4">
          <OpinionCreateForm
            code={code}
            plans={plansRes.data?.items ?? []}
            meetings={meetings.data?.items ?? []}
            meetingId={meeting || null}
            onCancel={() => go({ new: null }, true)}
            onCreated={(o) => {
              navigate(secPaths.opinion(code, o.id));
            }}
          />
        </div>
      )}

      <Section id="op-summary" title="担当課ごとの件数" testId="opinion-summary">
        {summary.error && <ErrorState error={summary.error} onRetry={summary.reload} />}
        {summary.data && summary.data.departments.length === 0 && <p className="text-std-16N-170 text-solid-gray-700">意見はまだ登録されていません。</p>}
        {summary.data && summary.data.departments.length > 0 && (
          <>
            <div className={tableWrapCls}>
              <table className={cx(tableAutoCls, 'min-w-[36rem]')}>
                <caption className="sr-only">担当課ごとの意見の件数</caption>
                <thead className={theadCls}>
                  <tr>
                    <th scope="col" className={thCls}>担当課</th>
                    <th scope="col" className={cx(thCls, 'text-right')}>対応方針待ち</th>
                    <th scope="col" className={cx(thCls, 'text-right')}>うち期限超過</th>
                    <th scope="col" className={cx(thCls, 'text-right')}>回答済み</th>
                    <th scope="col" className={cx(thCls, 'text-right')}>完了</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.data.departments.map((d) => {
                    const dep = d.departmentId ?? 'none';
                    return (
                      <tr key={dep} className="hover:bg-key-50">
                        <th scope="row" className={cx(tdCls, 'text-left font-normal')}>
                          {d.departmentName}
                        </th>
                        <td className={cx(tdCls, numCls)}>
                          <CountButton count={d.open} label={`${d.departmentName}の対応方針待ち`} onOpen={() => filterSet({ department: dep, state: 'open' })} />
                        </td>
                        <td className={cx(tdCls, numCls)}>
                          <CountButton
                            count={d.overdue}
                            label={`${d.departmentName}の期限超過`}
                            className={d.overdue ? 'text-error-1' : undefined}
                            onOpen={() => filterSet({ department: dep, state: 'open', overdue: true })}
                          />
                        </td>
                        <td className={cx(tdCls, numCls)}>
                          <CountButton count={d.answered} label={`${d.departmentName}の回答済み`} onOpen={() => filterSet({ department: dep, state: 'answered' })} />
                        </td>
                        <td className={cx(tdCls, numCls)}>
                          <CountButton count={d.closed} label={`${d.departmentName}の完了`} onOpen={() => filterSet({ department: dep, state: 'closed' })} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
                <tfoot className="bg-solid-gray-50 font-bold print:bg-white">
                  <tr>
                    <th scope="row" className={cx(tdCls, 'text-left')}>
                      合計
                    </th>
                    <td className={cx(tdCls, numCls)}>
                      <CountButton strong count={summary.data.totals.open} label="全体の対応方針待ち" onOpen={() => filterSet({ state: 'open' })} />
                    </td>
                    <td className={cx(tdCls, numCls)}>
                      <CountButton strong count={summary.data.totals.overdue} label="全体の期限超過" onOpen={() => filterSet({ state: 'open', overdue: true })} />
                    </td>
                    <td className={cx(tdCls, numCls)}>
                      <CountButton strong count={summary.data.totals.answered} label="全体の回答済み" onOpen={() => filterSet({ state: 'answered' })} />
                    </td>
                    <td className={cx(tdCls, numCls)}>
                      <CountButton strong count={summary.data.totals.closed} label="全体の完了" onOpen={() => filterSet({ state: 'closed' })} />
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
            <LegendNote
              items={[
                { term: '対応方針待ち', definition: '担当課の回答を待っている意見（差し戻したものを含む）' },
                { term: '期限超過', definition: `担当課が割り当てられ、回答期限（設定がなければ登録日から${summary.data.responseDays}日）を過ぎても回答がない意見（${dateW(summary.data.asOf)}現在）` },
                { term: '回答済み', definition: '担当課が回答し、事務局の確認を待っている意見' },
                { term: '完了', definition: '事務局が確認して完了とした意見' },
              ]}
            >
              件数を選ぶと、下の一覧がその条件で絞り込まれます。
            </LegendNote>
          </>
        )}
      </Section>

      <Section id="op-list" title={`意見の一覧${list.data ? `（${num(list.data.total)}件）` : ''}`} testId="opinion-list-section">
        <div className="no-print mb-2 flex flex-wrap items-end gap-3" role="group" aria-label="絞込み">
          <label className="text-dns-14N-130">
            <span className="block font-bold">状態</span>
            <select className={selectSmCls} value={state} onChange={(e) => go({ state: e.target.value })}>
              <option value="">すべて</option>
              {OPINION_STATES.map((s) => (
                <option key={s} value={s}>
                  {OPINION_STATE_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <label className="text-dns-14N-130">
            <span className="block font-bold">担当課</span>
            <select className={selectSmCls} value={department} onChange={(e) => go({ department: e.target.value })}>
              <option value="">すべて</option>
              <option value="none">未割当</option>
              {(depts.data?.items ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <label className="text-dns-14N-130">
            <span className="block font-bold">会議</span>
            <select className={cx(selectSmCls, 'max-w-96')} value={meeting} onChange={(e) => go({ meeting: e.target.value })}>
              <option value="">すべて</option>
              {(meetings.data?.items ?? []).map((m) => (
                <option key={m.id} value={m.id}>
                  {dateW(m.heldOn)} {m.title}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-2 pb-2 text-dns-14N-130">
            <input type="checkbox" className="size-5 accent-key-900" checked={overdue} onChange={(e) => go({ overdue: e.target.checked ? '1' : null })} />
            期限超過のみ
          </label>
          {anyFilter && (
            <Button size="sm" className="mb-1" onClick={() => go({ state: null, department: null, meeting: null, overdue: null })}>
              条件を解除
            </Button>
          )}
        </div>
        {meeting && meetingName && (
          <p className="mb-2 text-dns-14N-130">
            会議「<Link to={secPaths.meeting(code, meeting)}>{meetingName}</Link>」の意見
          </p>
        )}
        {list.loading && !list.data && <Loading />}
        {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
        {list.data && list.data.items.length === 0 && <p className="text-std-16N-170">条件に合う意見はありません。</p>}
        {list.data && list.data.items.length > 0 && (
          <div className={cx(list.stale && 'opacity-60')}>
            <div className={tableWrapCls}>
              <table className={tableCls} data-testid="opinion-list">
                <caption className="sr-only">意見の一覧</caption>
                <thead className={theadCls}>
                  <tr>
                    <th scope="col" className={thCls}>登録日</th>
                    <th scope="col" className={thCls}>意見</th>
                    <th scope="col" className={thCls}>会議</th>
                    <th scope="col" className={thCls}>対象</th>
                    <th scope="col" className={thCls}>担当課</th>
                    <th scope="col" className={thCls}>状態</th>
                    <th scope="col" className={thCls}>回答期限</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((o) => (
                    <tr key={o.id} className="hover:bg-key-50" data-testid="opinion-row" data-state={o.state}>
                      <td className={cx(tdCls, 'whitespace-nowrap')} data-testid="opinion-created-on">
                        {/* the day in Japan: the UTC date of the instant is the day before until 09:00 JST */}
                        <time dateTime={tokyoDateOf(o.createdAt) ?? undefined}>{dateW(o.createdAt)}</time>
                      </td>
                      <td className={tdCls}>
                        <Link to={secPaths.opinion(code, o.id)}>{excerpt(o.body)}</Link>
                      </td>
                      <td className={tdCls}>
                        {o.meeting ? (
                          <Link to={secPaths.meeting(code, o.meeting.id)} className="text-dns-14N-130">
                            {o.meeting.title}
                          </Link>
                        ) : (
                          <span className="text-solid-gray-700">―</span>
                        )}
                      </td>
                      <td className={tdCls}>{o.node ? [o.node.number, o.node.title].filter(Boolean).join(' ') : '全般'}</td>
                      <td className={tdCls}>{o.assignedDepartment?.name ?? <span className="text-solid-gray-700">未割当</span>}</td>
                      <td className={tdCls}>
                        <OpinionStateBadge state={o.state} label={o.stateLabel} overdue={o.overdue} />
                      </td>
                      <td className={tdCls}>
                        <OpinionDue o={o} asOf={list.data?.asOf} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="mt-2">
              <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={(p) => go({ page: String(p) }, true)} label="意見のページ" />
            </div>
          </div>
        )}
      </Section>
    </SecFrame>
  );
}
