/** @jsxImportSource react */
/**
 * 意見: one opinion with its history. What the current user may do comes from
 * the server (`can`): the secretariat edits, assigns, returns and closes; the
 * assigned department writes its 対応方針.
 */
import { useState } from 'react';
import { ErrorSummary, Field, FieldErrorText, fieldState, inputCls, labelCls, selectCls } from '../../../components/form';
import { ConfirmDialog, Section, tableCls, tableWrapCls, tdCls, thCls, theadCls } from '../../../components/secretariat-ui';
import { Button, ErrorState, Loading, SuccessMessage, cx } from '../../../components/ui';
import { apiPaths, type DepartmentDto, type PlanSummaryDto } from '../../../lib/api';
import { Link, paths } from '../../../lib/router';
import { prime, useApi } from '../../../lib/useApi';
import type { MeetingListDto, OpinionDetailDto } from '../../../../../src/shared/api-types-review.js';
import { SecFrame } from '../frame';
import { asApiError, dateW, errorsFor, inputSizedCls, instantW, secApi, secApiPaths, secPaths } from '../lib';
import { DEFAULT_DUE_LABEL, NodePicker, OpinionStateBadge, excerpt } from './common';
import { invalidateOpinions } from './OpinionsPage';

type Step = 'assign' | 'respond' | 'return' | 'close';

function useStep(code: string, o: OpinionDetailDto, onDone: (d: OpinionDetailDto, msg: string) => void) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const run = async (step: Step, body: { departmentId?: string; response?: string; comment?: string }, idForPath: (p: string) => string | null, msg: string) => {
    setBusy(true);
    setErrors(new Map());
    try {
      const d = await secApi.opinionStep(code, o.id, step, { version: o.version, ...body });
      invalidateOpinions(code);
      prime(secApiPaths.opinion(code, o.id), d);
      onDone(d, msg);
    } catch (e) {
      const err = asApiError(e);
      const m = errorsFor(e, idForPath);
      if (err.status === 409) {
        invalidateOpinions(code);
        m.set('', [`${err.message} 画面を最新の内容にしました。確認してから、もう一度操作してください。`]);
      }
      setErrors(m);
    } finally {
      setBusy(false);
    }
  };
  return { busy, errors, run };
}

function AssignForm({ code, o, onDone }: { code: string; o: OpinionDetailDto; onDone: (d: OpinionDetailDto, msg: string) => void }) {
  const depts = useApi<{ items: DepartmentDto[] }>(apiPaths.departments(code));
  const [dept, setDept] = useState(o.assignedDepartment?.id ?? '');
  const { busy, errors, run } = useStep(code, o, onDone);
  const { err, invalid, errId } = fieldState(errors);
  const id = 'op-assign';
  const name = depts.data?.items.find((d) => d.id === dept)?.name ?? '';
  return (
    <form
      noValidate
      data-testid="assign-form"
      className="rounded-8 border border-solid-gray-420 px-4 py-3"
      onSubmit={(e) => {
        e.preventDefault();
        void run('assign', { departmentId: dept }, (p) => (p === 'departmentId' ? id : null), `${name}に割り当てました。${name}の報告者・承認者に通知しました。`);
      }}
    >
      <ErrorSummary errors={new Map([...errors].filter(([k]) => k === ''))} id="op-assign-summary" title="割り当てられませんでした" />
      <label htmlFor={id} className={labelCls}>
        {o.assignedDepartment ? '担当課の変更' : '担当課の割当て'}
      </label>
      <span className="flex flex-wrap items-center gap-2">
        <select id={id} className={selectCls} value={dept} onChange={(e) => setDept(e.target.value)} aria-invalid={invalid(id)} aria-describedby={errId(id)}>
          <option value="">（選んでください）</option>
          {(depts.data?.items ?? [])
            .filter((d) => d.active || d.id === o.assignedDepartment?.id)
            .map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
        </select>
        <Button type="submit" variant="primary" disabled={busy || !dept || dept === o.assignedDepartment?.id}>
          {busy ? '割り当てています…' : o.assignedDepartment ? '変更する' : '割り当てる'}
        </Button>
      </span>
      <FieldErrorText id={id} messages={err(id)} />
    </form>
  );
}

function RespondForm({ code, o, onDone }: { code: string; o: OpinionDetailDto; onDone: (d: OpinionDetailDto, msg: string) => void }) {
  const [text, setText] = useState(o.response);
  const { busy, errors, run } = useStep(code, o, onDone);
  const { err, invalid, errId } = fieldState(errors);
  const id = 'op-response';
  return (
    <form
      noValidate
      data-testid="respond-form"
      className="rounded-8 border border-solid-gray-420 px-4 py-3"
      onSubmit={(e) => {
        e.preventDefault();
        void run('respond', { response: text }, (p) => (p === 'response' ? id : null), '対応方針を回答しました。事務局の確認を待っています。');
      }}
    >
      <ErrorSummary errors={new Map([...errors].filter(([k]) => k === ''))} id="op-respond-summary" title="回答できませんでした" />
      <label htmlFor={id} className={labelCls}>
        対応方針（{o.assignedDepartment?.name}の回答）
      </label>
      {o.returnComment && (
        <p className="mb-1 rounded-4 border border-red-800 bg-red-50 px-2 py-1 text-dns-14N-130">
          <span className="font-bold">事務局からの差戻し：</span>
          {o.returnComment}
        </p>
      )}
      <textarea
        id={id}
        className={cx(inputCls, 'min-h-32')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={invalid(id)}
        aria-describedby={errId(id)}
      />
      <FieldErrorText id={id} messages={err(id)} />
      <Button type="submit" variant="primary" className="mt-2" disabled={busy}>
        {busy ? '回答しています…' : o.state === 'answered' ? '回答を修正する' : '回答する'}
      </Button>
    </form>
  );
}

function ReturnDialog({ code, o, onClose, onDone }: { code: string; o: OpinionDetailDto; onClose: () => void; onDone: (d: OpinionDetailDto, msg: string) => void }) {
  const [comment, setComment] = useState('');
  const { busy, errors, run } = useStep(code, o, onDone);
  const id = 'op-return';
  return (
    <ConfirmDialog
      title="対応方針の差戻し"
      confirmLabel="差し戻す"
      danger
      busy={busy}
      error={errors.get('')?.join(' ')}
      onClose={onClose}
      onConfirm={() => void run('return', { comment }, (p) => (p === 'comment' ? id : null), `差し戻しました。${o.assignedDepartment?.name ?? '担当課'}に理由とともに通知しました。`)}
    >
      <p>担当課の回答を差し戻し、「対応方針待ち」に戻します。理由は担当課に表示されます。</p>
      <Field id={id} label="差戻しの理由" errors={errors}>
        {(c) => <textarea {...c} className={cx(inputCls, 'min-h-24')} value={comment} onChange={(e) => setComment(e.target.value)} />}
      </Field>
    </ConfirmDialog>
  );
}

function CloseDialog({ code, o, onClose, onDone }: { code: string; o: OpinionDetailDto; onClose: () => void; onDone: (d: OpinionDetailDto, msg: string) => void }) {
  const { busy, errors, run } = useStep(code, o, onDone);
  return (
    <ConfirmDialog
      title="意見の完了"
      confirmLabel="完了にする"
      busy={busy}
      error={errors.get('')?.join(' ')}
      onClose={onClose}
      onConfirm={() => void run('close', {}, () => null, '意見を完了にしました。')}
    >
      <p>{o.assignedDepartment?.name}の対応方針を確認し、この意見を完了にします。完了した意見は修正できません。</p>
    </ConfirmDialog>
  );
}

function EditForm({
  code,
  o,
  onDone,
  onCancel,
  focusDue = false,
}: {
  code: string;
  o: OpinionDetailDto;
  onDone: (d: OpinionDetailDto, msg: string) => void;
  onCancel: () => void;
  /** opened from 回答期限: start on that field */
  focusDue?: boolean;
}) {
  const plans = useApi<{ items: PlanSummaryDto[] }>(apiPaths.plans(code));
  const meetings = useApi<MeetingListDto>(secApiPaths.meetings(code));
  const [body, setBody] = useState(o.body);
  const [meeting, setMeeting] = useState(o.meeting?.id ?? '');
  const [planId, setPlanId] = useState(o.node?.planId ?? '');
  const [nodeId, setNodeId] = useState(o.node?.id ?? '');
  const [dueOn, setDueOn] = useState(o.dueOn ?? '');
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [busy, setBusy] = useState(false);
  const { err, invalid, errId } = fieldState(errors);
  const ids: Record<string, string> = { body: 'oe-body', meetingId: 'oe-meeting', nodeId: 'oe-node', dueOn: 'oe-dueOn' };
  const submit = async () => {
    setBusy(true);
    setErrors(new Map());
    try {
      // dueOn null = back to the default rule (recorded date + 30 days)
      const patch: Parameters<typeof secApi.patchOpinion>[2] = {
        version: o.version,
        body,
        meetingId: meeting || null,
        nodeId: nodeId || null,
        dueOn: dueOn || null,
      };
      const d = await secApi.patchOpinion(code, o.id, patch);
      invalidateOpinions(code);
      prime(secApiPaths.opinion(code, o.id), d);
      onDone(d, '意見を修正しました。');
    } catch (e) {
      const error = asApiError(e);
      const m = errorsFor(e, (p) => ids[p] ?? null, (p) => (p === 'body' ? '意見の内容' : p === 'dueOn' ? '回答期限' : null));
      if (error.status === 409) {
        invalidateOpinions(code);
        m.set('', [`${error.message} 最新の内容を読み込みました。入力は残っています。もう一度保存すると上書きされます。`]);
      }
      setErrors(m);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      noValidate
      data-testid="opinion-edit-form"
      className="mt-3 rounded-8 border border-solid-gray-420 px-4 py-3"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <ErrorSummary errors={errors} id="oe-error-summary" />
      <div className="grid max-w-4xl gap-4">
        <Field id="oe-body" label="意見の内容" errors={errors}>
          {(c) => <textarea {...c} className={cx(inputCls, 'min-h-28')} value={body} onChange={(e) => setBody(e.target.value)} />}
        </Field>
        <Field id="oe-meeting" label="会議" errors={errors}>
          {(c) => (
            <select {...c} className={cx(selectCls, 'w-full')} value={meeting} onChange={(e) => setMeeting(e.target.value)}>
              <option value="">（会議によらない意見）</option>
              {(meetings.data?.items ?? []).map((m) => (
                <option key={m.id} value={m.id}>
                  {dateW(m.heldOn)} {m.body}「{m.title}」
                </option>
              ))}
            </select>
          )}
        </Field>
        <div>
          <span className={labelCls}>対象の項目（選ばない＝全般）</span>
          <NodePicker
            code={code}
            plans={plans.data?.items ?? []}
            planId={planId}
            nodeId={nodeId}
            idPrefix="oe-node"
            onChange={(p, n) => {
              setPlanId(p);
              setNodeId(n);
            }}
            invalid={invalid('oe-node')}
            describedBy={errId('oe-node')}
          />
          <FieldErrorText id="oe-node" messages={err('oe-node')} />
        </div>
        <Field
          id="oe-dueOn"
          label="回答期限"
          hint={<>空欄のときは{DEFAULT_DUE_LABEL}{o.dueOnIsDefault && `＝${dateW(o.effectiveDueOn)}`}。登録日より前の日付は設定できません。</>}
          errors={errors}
        >
          {(c) => (
            <span className="flex flex-wrap items-center gap-2">
              <input {...c} type="date" className={inputSizedCls} value={dueOn} autoFocus={focusDue} onChange={(e) => setDueOn(e.target.value)} />
              {dueOn && (
                <Button size="sm" onClick={() => setDueOn('')}>
                  未設定に戻す
                </Button>
              )}
            </span>
          )}
        </Field>
      </div>
      <div className="mt-4 flex gap-3">
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? '保存しています…' : '保存する'}
        </Button>
        <Button onClick={onCancel} disabled={busy}>
          キャンセル
        </Button>
      </div>
    </form>
  );
}

export function OpinionPage({ code, opinionId }: { code: string; opinionId: string }) {
  const res = useApi<OpinionDetailDto>(secApiPaths.opinion(code, opinionId));
  const [message, setMessage] = useState<string | null>(null);
  const [editing, setEditing] = useState<false | 'all' | 'due'>(false);
  const [dialog, setDialog] = useState<'return' | 'close' | null>(null);
  const o = res.data;
  const crumbs = [{ label: '意見', to: secPaths.opinions(code) }, { label: o ? excerpt(o.body, 24) : '意見' }];

  const done = (_d: OpinionDetailDto, msg: string) => {
    setDialog(null);
    setEditing(false);
    setMessage(msg);
  };

  if (res.error && !o) {
    return (
      <SecFrame code={code} section="opinions" crumbs={crumbs} title="意見" docTitle="意見">
        <ErrorState error={res.error} title="意見を読み込めませんでした。" onRetry={res.reload} />
      </SecFrame>
    );
  }
  if (!o) return <Loading />;

  return (
    <SecFrame
      code={code}
      section="opinions"
      crumbs={crumbs}
      title={
        <>
          意見
          <span className="ml-3 align-middle text-std-16N-170">
            <OpinionStateBadge state={o.state} label={o.stateLabel} overdue={o.overdue} />
          </span>
        </>
      }
      docTitle={`意見（${excerpt(o.body, 20)}）`}
      actions={
        <>
          {o.can.edit && !editing && (
            <Button size="sm" onClick={() => setEditing('all')}>
              修正
            </Button>
          )}
          {o.can.return && (
            <Button size="sm" variant="danger" onClick={() => setDialog('return')}>
              差し戻す
            </Button>
          )}
          {o.can.close && (
            <Button size="sm" variant="primary" onClick={() => setDialog('close')}>
              完了にする
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
      <div className="mt-3 grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div>
          {editing ? (
            <EditForm code={code} o={o} onDone={done} onCancel={() => setEditing(false)} focusDue={editing === 'due'} />
          ) : (
            <div className="whitespace-pre-wrap rounded-8 border border-solid-gray-420 bg-white px-4 py-3 text-std-16N-170" data-testid="opinion-body">
              {o.body}
            </div>
          )}
          <Section id="response" title="対応方針（担当課の回答）">
            {o.response ? (
              <div className="whitespace-pre-wrap text-std-16N-170" data-testid="opinion-response">
                {o.response}
                <p className="mt-1 text-dns-14N-130 text-solid-gray-700">
                  {o.respondedBy && `${o.respondedBy}・`}
                  {o.respondedAt && instantW(o.respondedAt)}
                </p>
              </div>
            ) : (
              <p className="text-std-16N-170 text-solid-gray-700">まだ回答されていません。</p>
            )}
            {o.returnComment && !o.can.respond && (
              <p className="mt-2 rounded-4 border border-red-800 bg-red-50 px-2 py-1 text-dns-14N-130">
                <span className="font-bold">差戻しの理由：</span>
                {o.returnComment}
              </p>
            )}
          </Section>
          {(o.can.assign || o.can.respond) && (
            <div className="no-print mt-4 grid gap-3">
              {o.can.assign && <AssignForm key={`a-${o.version}`} code={code} o={o} onDone={done} />}
              {o.can.respond && <RespondForm key={`r-${o.version}`} code={code} o={o} onDone={done} />}
            </div>
          )}
        </div>
        <dl className="grid content-start gap-2 rounded-8 border border-solid-gray-420 bg-solid-gray-50 px-4 py-3 text-dns-16N-130" data-testid="opinion-meta">
          <div>
            <dt className="font-bold">担当課</dt>
            <dd data-testid="opinion-department">{o.assignedDepartment?.name ?? '未割当'}</dd>
          </div>
          <div>
            <dt className="font-bold">会議</dt>
            <dd>
              {o.meeting ? (
                <Link to={secPaths.meeting(code, o.meeting.id)}>
                  {dateW(o.meeting.heldOn)} {o.meeting.body}「{o.meeting.title}」
                </Link>
              ) : (
                '（会議によらない意見）'
              )}
            </dd>
          </div>
          <div>
            <dt className="font-bold">対象</dt>
            <dd>
              {o.node ? <Link to={paths.node(code, o.node.planId, o.node.id)}>{[o.node.number, o.node.title].filter(Boolean).join(' ')}</Link> : '全般'}
            </dd>
          </div>
          <div>
            <dt className="font-bold">登録</dt>
            <dd>{instantW(o.createdAt)}</dd>
          </div>
          <div>
            <dt className="font-bold">回答期限</dt>
            <dd data-testid="opinion-due">
              <span className={cx(o.overdue && 'font-bold text-error-1')}>
                {dateW(o.effectiveDueOn)}
                {o.overdue && '（超過）'}
              </span>
              <span className="block text-dns-14N-130 text-solid-gray-700">{o.dueOnIsDefault ? DEFAULT_DUE_LABEL : '事務局が設定した期限'}</span>
              {o.can.edit && !editing && (
                <Button size="sm" className="no-print mt-1" onClick={() => setEditing('due')}>
                  回答期限を変更
                </Button>
              )}
            </dd>
          </div>
          {o.closedAt && (
            <div>
              <dt className="font-bold">完了</dt>
              <dd>{instantW(o.closedAt)}</dd>
            </div>
          )}
        </dl>
      </div>

      <Section id="history" title="経過" testId="opinion-history">
        <div className={tableWrapCls}>
          <table className={tableCls}>
            <caption className="sr-only">意見の経過（古い順）</caption>
            <thead className={theadCls}>
              <tr>
                <th scope="col" className={thCls}>日時</th>
                <th scope="col" className={thCls}>操作</th>
                <th scope="col" className={thCls}>操作者</th>
                <th scope="col" className={thCls}>内容</th>
              </tr>
            </thead>
            <tbody>
              {o.history.map((h, i) => (
                <tr key={i} data-testid="history-row">
                  <td className={cx(tdCls, 'whitespace-nowrap')}>{instantW(h.at)}</td>
                  <td className={cx(tdCls, 'whitespace-nowrap')}>{h.actionLabel}</td>
                  <td className={tdCls}>{h.actor}</td>
                  <td className={cx(tdCls, 'whitespace-pre-wrap')}>{h.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      {dialog === 'return' && <ReturnDialog code={code} o={o} onClose={() => setDialog(null)} onDone={done} />}
      {dialog === 'close' && <CloseDialog code={code} o={o} onClose={() => setDialog(null)} onDone={done} />}
    </SecFrame>
  );
}
