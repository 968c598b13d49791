/** @jsxImportSource react */
/**
 * 利用者の管理 (事務局・システム管理者): accounts of the municipality with their
 * role, 所属課 and state; create with an initial password, change role /
 * departments / 利用停止 (versioned), reset a password, unlock, end sessions;
 * import staff from a CSV and hand out (or re-issue) their one-time activation codes.
 */
import { useId, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import {
  ErrorSummary,
  Field,
  FieldErrorText,
  Optional,
  Required,
  describedBy,
  fieldState,
  hintCls,
  inputCls,
  labelCls,
  selectCls,
} from '../../components/form';
import { ConfirmDialog, tableCls, tableWrapCls, tdCls, thCls, theadCls } from '../../components/secretariat-ui';
import { Badge, Button, ErrorState, Loading, SuccessMessage, cx } from '../../components/ui';
import { apiPaths, type DepartmentDto } from '../../lib/api';
import { invalidate, useApi } from '../../lib/useApi';
import type { RoleCode, UserCreateBody, UserDto, UserPatchBody } from '../../../../src/shared/api-types-identity.js';
import { PASSWORD_MIN_LENGTH, ROLES, ROLE_LABELS, needsDepartment } from './domain';
import { ActivationCodesPanel } from '../onboarding/ActivationCodes';
import type { ActivationCodeDto } from '../onboarding/api';
import { ReissueDialog, StaffCsvImport, activationPending, importDoneMessage } from '../onboarding/imports';
import { NotForRole, SecFrame } from './frame';
import { asApiError, errorsFor, instantW, num, secApi, secApiPaths, useStaff } from './lib';

const ids = {
  loginId: 'uf-loginId',
  name: 'uf-name',
  email: 'uf-email',
  role: 'uf-role',
  departmentIds: 'uf-departments',
  password: 'uf-password',
  disabled: 'uf-disabled',
};
const idForPath = (p: string) => {
  const head = p.split('.')[0] ?? '';
  return head in ids ? ids[head as keyof typeof ids] : null;
};
const LABELS: Record<string, string> = { loginId: 'ログインID', name: '氏名', email: 'メールアドレス', password: 'パスワード' };

interface Values {
  loginId: string;
  name: string;
  email: string;
  role: RoleCode;
  departmentIds: string[];
  password: string;
  disabled: boolean;
}

function valuesOf(u: UserDto | null): Values {
  if (!u) return { loginId: '', name: '', email: '', role: 'dept_reporter', departmentIds: [], password: '', disabled: false };
  return { loginId: u.loginId, name: u.name, email: u.email, role: u.role, departmentIds: u.departments.map((d) => d.id), password: '', disabled: u.disabled };
}

function patchOf(v: Values, u: UserDto, version: number): UserPatchBody {
  const body: UserPatchBody = { version };
  if (v.name !== u.name) body.name = v.name;
  if (v.email !== u.email) body.email = v.email;
  if (v.role !== u.role) body.role = v.role;
  const before = u.departments.map((d) => d.id).sort().join();
  if ([...v.departmentIds].sort().join() !== before) body.departmentIds = v.departmentIds;
  if (v.disabled !== u.disabled) body.disabled = v.disabled;
  return body;
}

function PasswordInput({
  id,
  value,
  onChange,
  invalid,
  describedBy: db,
  label = 'パスワード',
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  invalid: true | undefined;
  describedBy: string | undefined;
  label?: string;
}) {
  const [visible, setVisible] = useState(false);
  const n = [...value].length;
  return (
    <div>
      <label htmlFor={id} className={labelCls}>
        {label}
        <Required />
      </label>
      <span className="flex gap-2">
        <input
          id={id}
          type={visible ? 'text' : 'password'}
          autoComplete="new-password"
          className={cx(inputCls, 'font-mono')}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={invalid}
          aria-describedby={describedBy(db, `${id}-hint`)}
        />
        <Button size="sm" onClick={() => setVisible(!visible)} aria-pressed={visible}>
          {visible ? '隠す' : '表示'}
        </Button>
      </span>
      <p id={`${id}-hint`} className={hintCls}>
        {PASSWORD_MIN_LENGTH}文字以上（現在{n}文字）。ログインIDと同じものは使えません。本人に安全な方法で伝え、初回ログイン後に変更してもらってください。
      </p>
    </div>
  );
}

function UserDialog({
  code,
  editing,
  departments,
  actorIsAdmin,
  selfId,
  onClose,
  onSaved,
}: {
  code: string;
  editing: UserDto | null;
  departments: DepartmentDto[];
  actorIsAdmin: boolean;
  selfId: string;
  onClose: () => void;
  onSaved: (u: UserDto, created: boolean) => void;
}) {
  const uid = useId();
  /** what the form started from: only the fields changed against it are sent */
  const [base, setBase] = useState<UserDto | null>(editing);
  const [v, setV] = useState<Values>(() => valuesOf(editing));
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [conflict, setConflict] = useState<{ message: string; current: UserDto | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const { err, invalid, errId } = fieldState(errors);
  const set = <K extends keyof Values>(k: K, val: Values[K]) => setV((s) => ({ ...s, [k]: val }));
  const roles = ROLES.filter((r) => actorIsAdmin || r !== 'system_admin' || v.role === 'system_admin');
  const chosen = new Set(v.departmentIds);
  const deptChoices = departments.filter((d) => d.active || chosen.has(d.id));
  const self = editing?.id === selfId;

  const submit = async (version?: number) => {
    setBusy(true);
    setErrors(new Map());
    try {
      let saved: UserDto;
      if (base) {
        const body = patchOf(v, base, version ?? base.version);
        if (Object.keys(body).length === 1) {
          setErrors(new Map([['', ['変更された項目がありません。']]]));
          return;
        }
        saved = await secApi.patchUser(code, base.id, body);
      } else {
        const body: UserCreateBody = {
          loginId: v.loginId,
          name: v.name,
          email: v.email,
          role: v.role,
          departmentIds: v.departmentIds,
          password: v.password,
        };
        saved = await secApi.createUser(code, body);
      }
      setConflict(null);
      onSaved(saved, !editing);
    } catch (e) {
      const error = asApiError(e);
      if (error.status === 409) setConflict({ message: error.message, current: (error.current as UserDto | undefined) ?? null });
      else setErrors(errorsFor(e, idForPath, (p) => LABELS[p] ?? null));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={editing ? `利用者の変更（${editing.name}）` : '利用者の登録'} onClose={onClose} describedBy={`${uid}-desc`}>
      <form
        noValidate
        data-testid="user-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p id={`${uid}-desc`} className="mb-3 text-dns-14N-130 leading-[1.7] text-solid-gray-800">
          {editing
            ? '変更した項目だけが保存されます。利用停止にすると、その人のログイン中の端末はすべてログアウトされます。'
            : '担当課の報告者・承認者には所属課が必要です。初期パスワードは本人に別途伝えてください。'}
        </p>
        {conflict && (
          <div role="alert" className="mb-3 rounded-8 border-2 border-warning-orange-1 bg-orange-50 p-3" data-testid="conflict">
            <p className="text-std-16B-170 text-orange-1100">{conflict.message}</p>
            {conflict.current && (
              <p className="text-dns-14N-130">
                保存されている内容：{conflict.current.name}・{conflict.current.roleLabel}・
                {conflict.current.departments.map((d) => d.name).join('、') || '所属課なし'}
                {conflict.current.disabled ? '・利用停止中' : ''}
              </p>
            )}
            <div className="mt-2 flex flex-wrap gap-2">
              <Button
                size="sm"
                disabled={!conflict.current}
                onClick={() => {
                  if (!conflict.current) return;
                  setBase(conflict.current);
                  setV(valuesOf(conflict.current));
                  setConflict(null);
                }}
              >
                保存されている内容を読み込む
              </Button>
              <Button
                size="sm"
                variant="primary"
                disabled={!conflict.current || busy}
                onClick={() => {
                  if (conflict.current) void submit(conflict.current.version);
                }}
              >
                自分の変更だけを反映して保存する
              </Button>
            </div>
          </div>
        )}
        <ErrorSummary errors={errors} id="uf-error-summary" />
        <div className="grid gap-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              id={ids.loginId}
              label="ログインID"
              mark={editing ? undefined : 'required'}
              hint={editing ? 'ログインIDは変更できません。' : '半角英数字と . _ @ -（2〜64文字）'}
              errors={errors}
            >
              {(c) => (
                <input {...c} className={cx(inputCls, 'font-mono')} value={v.loginId} readOnly={!!editing} onChange={(e) => set('loginId', e.target.value)} autoComplete="off" />
              )}
            </Field>
            <Field id={ids.name} label="氏名" mark="required" errors={errors}>
              {(c) => <input {...c} className={inputCls} value={v.name} onChange={(e) => set('name', e.target.value)} autoComplete="off" />}
            </Field>
          </div>
          <Field id={ids.email} label="メールアドレス" mark="optional" hint="督促や差戻しの通知をメールでも受け取る場合（庁内メール）" errors={errors}>
            {(c) => <input {...c} type="email" className={inputCls} value={v.email} onChange={(e) => set('email', e.target.value)} autoComplete="off" />}
          </Field>
          <Field id={ids.role} label="役割" mark="required" hint={self && '自分自身の役割は変更できません。'} errors={errors}>
            {(c) => (
              <select {...c} className={cx(selectCls, 'w-full')} value={v.role} disabled={self} onChange={(e) => set('role', e.target.value as RoleCode)}>
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset
            id={ids.departmentIds}
            className="rounded-8 border border-solid-gray-420 px-4 pb-3 pt-1"
            aria-invalid={invalid(ids.departmentIds)}
            aria-describedby={errId(ids.departmentIds)}
          >
            <legend className="px-1 text-std-16B-170">
              所属課
              {needsDepartment(v.role) ? <Required /> : <Optional />}
            </legend>
            <div className="grid max-h-48 gap-x-4 gap-y-1 overflow-y-auto sm:grid-cols-2">
              {deptChoices.map((d) => (
                <label key={d.id} className="flex items-center gap-2 text-dns-16N-130">
                  <input
                    type="checkbox"
                    className="size-5 accent-key-900"
                    checked={chosen.has(d.id)}
                    onChange={(e) => set('departmentIds', e.target.checked ? [...v.departmentIds, d.id] : v.departmentIds.filter((x) => x !== d.id))}
                  />
                  {d.name}
                  {!d.active && <span className="text-dns-14N-130 text-solid-gray-700">（廃止）</span>}
                </label>
              ))}
            </div>
            <FieldErrorText id={ids.departmentIds} messages={err(ids.departmentIds)} />
          </fieldset>
          {!editing && (
            <div>
              <PasswordInput
                id={ids.password}
                label="初期パスワード"
                value={v.password}
                onChange={(x) => set('password', x)}
                invalid={invalid(ids.password)}
                describedBy={errId(ids.password)}
              />
              <FieldErrorText id={ids.password} messages={err(ids.password)} />
            </div>
          )}
          {editing && (
            <div>
              <label className="flex items-center gap-2 text-std-16B-170">
                <input
                  id={ids.disabled}
                  type="checkbox"
                  className="size-5 accent-key-900"
                  checked={v.disabled}
                  disabled={self}
                  onChange={(e) => set('disabled', e.target.checked)}
                  aria-invalid={invalid(ids.disabled)}
                  aria-describedby={errId(ids.disabled)}
                />
                利用停止にする
              </label>
              <FieldErrorText id={ids.disabled} messages={err(ids.disabled)} />
            </div>
          )}
        </div>
        <div className="mt-5 flex flex-wrap gap-3">
          <Button type="submit" variant="primary" disabled={busy || !!conflict}>
            {busy ? '保存しています…' : editing ? '保存する' : '登録する'}
          </Button>
          <Button onClick={onClose} disabled={busy}>
            キャンセル
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function ResetPasswordDialog({ code, user, onClose, onDone }: { code: string; user: UserDto; onClose: () => void; onDone: (msg: string) => void }) {
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [busy, setBusy] = useState(false);
  const { err, invalid, errId } = fieldState(errors);
  const id = 'rp-password';
  const run = async () => {
    setBusy(true);
    setErrors(new Map());
    try {
      const n = user.activeSessions;
      await secApi.resetPassword(code, user.id, { password });
      onDone(`${user.name}のパスワードを再設定しました。ロックは解除され${n ? `、ログイン中だった${num(n)}台の端末はログアウトされました` : ''}。`);
    } catch (e) {
      setErrors(errorsFor(e, (p) => (p === 'password' ? id : null)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog
      title={`パスワードの再設定（${user.name}）`}
      confirmLabel="再設定する"
      busy={busy}
      onClose={onClose}
      onConfirm={() => void run()}
      error={errors.get('')?.join(' ')}
    >
      <p>新しいパスワードを設定すると、ロックが解除され、この人のログイン中の端末はすべてログアウトされます。</p>
      <div>
        <PasswordInput id={id} label="新しいパスワード" value={password} onChange={setPassword} invalid={invalid(id)} describedBy={errId(id)} />
        <FieldErrorText id={id} messages={err(id)} />
      </div>
    </ConfirmDialog>
  );
}

type DialogState =
  | { kind: 'form'; editing: UserDto | null }
  | { kind: 'password'; user: UserDto }
  | { kind: 'unlock'; user: UserDto }
  | { kind: 'revoke'; user: UserDto }
  | { kind: 'totp'; user: UserDto }
  | { kind: 'reissue'; user: UserDto }
  | null;

export function UsersPage({ code }: { code: string }) {
  const staff = useStaff();
  const me = useApi<{ user: { id: string } }>(secApiPaths.authMe());
  const res = useApi<{ items: UserDto[] }>(staff.isOffice ? secApiPaths.users(code) : null);
  const depts = useApi<{ items: DepartmentDto[] }>(apiPaths.departments(code));
  const [dialog, setDialog] = useState<DialogState>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [stepError, setStepError] = useState<string | null>(null);
  const [showDisabled, setShowDisabled] = useState(true);
  const [importing, setImporting] = useState(false);
  // one-time codes just issued: shown until the user closes them, never fetched again
  const [codes, setCodes] = useState<{ title: string; codes: ActivationCodeDto[]; csv: string } | null>(null);

  const done = (msg: string) => {
    setDialog(null);
    setStepError(null);
    invalidate(secApiPaths.users(code));
    setMessage(msg);
  };

  const step = async (kind: 'unlock' | 'revoke' | 'totp', u: UserDto) => {
    setBusy(true);
    setStepError(null);
    try {
      if (kind === 'unlock') {
        await secApi.unlockUser(code, u.id);
        done(`${u.name}のロックを解除しました。`);
      } else if (kind === 'totp') {
        await secApi.resetTotp(code, u.id);
        done(`${u.name}の二段階認証を解除しました。本人がログイン後に登録し直せます。`);
      } else {
        const r = await secApi.revokeSessions(code, u.id);
        done(`${u.name}のログイン中の端末${num(r.revoked)}台をログアウトさせました。`);
      }
    } catch (e) {
      setStepError(asApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  if (!staff.loading && !staff.isOffice) {
    return (
      <SecFrame code={code} section="users" crumbs={[{ label: '利用者の管理' }]} title="利用者の管理" docTitle="利用者の管理">
        <NotForRole>利用者を管理できるのは事務局とシステム管理者だけです。</NotForRole>
      </SecFrame>
    );
  }

  const all = res.data?.items ?? [];
  const disabledCount = all.filter((u) => u.disabled).length;
  const shown = showDisabled ? all : all.filter((u) => !u.disabled);
  const roleOrder = (r: RoleCode) => ROLES.indexOf(r);
  const rows = [...shown].sort((a, b) => roleOrder(a.role) - roleOrder(b.role) || a.loginId.localeCompare(b.loginId));

  return (
    <SecFrame
      code={code}
      section="users"
      crumbs={[{ label: '利用者の管理' }]}
      title="利用者の管理"
      docTitle="利用者の管理"
      actions={
        <>
          <Button size="sm" onClick={() => setImporting(true)} disabled={importing} aria-expanded={importing}>
            職員をCSVから取り込む
          </Button>
          <Button variant="primary" size="sm" onClick={() => setDialog({ kind: 'form', editing: null })}>
            ＋ 利用者を登録
          </Button>
        </>
      }
      lead="職員のアカウント（役割・所属課）を管理します。担当課の報告者・承認者は、所属課の項目について報告します。"
    >
      <div aria-live="polite">
        {message && (
          <SuccessMessage takeFocus={false} onClose={() => setMessage(null)}>
            {message}
          </SuccessMessage>
        )}
      </div>
      {importing && (
        <StaffCsvImport
          code={code}
          onClose={() => setImporting(false)}
          onDone={(r) => {
            setImporting(false);
            invalidate(secApiPaths.users(code));
            setMessage(importDoneMessage(r, '職員'));
            if (r.activationCodes.length) setCodes({ title: '新しい職員の有効化コード', codes: r.activationCodes, csv: r.activationCsv });
          }}
        />
      )}
      {codes && <ActivationCodesPanel code={code} title={codes.title} codes={codes.codes} csv={codes.csv} onClose={() => setCodes(null)} />}
      {res.loading && !res.data && <Loading />}
      {res.error && <ErrorState error={res.error} onRetry={res.reload} />}
      {res.data && (
        <>
          <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
            <p className="text-dns-14N-130">
              {num(all.length - disabledCount)}人が利用中{disabledCount > 0 && `・利用停止${num(disabledCount)}人`}
            </p>
            {disabledCount > 0 && (
              <label className="flex items-center gap-2 text-dns-14N-130">
                <input type="checkbox" className="size-5 accent-key-900" checked={showDisabled} onChange={(e) => setShowDisabled(e.target.checked)} />
                利用停止中の人も表示する
              </label>
            )}
          </div>
          <div className={cx(tableWrapCls, 'mt-2')}>
            <table className={tableCls} data-testid="user-list">
              <caption className="sr-only">利用者の一覧（役割順）</caption>
              <thead className={theadCls}>
                <tr>
                  <th scope="col" className={thCls}>ログインID</th>
                  <th scope="col" className={thCls}>氏名</th>
                  <th scope="col" className={thCls}>役割</th>
                  <th scope="col" className={thCls}>所属課</th>
                  <th scope="col" className={thCls}>状態</th>
                  <th scope="col" className={thCls}>最終ログイン</th>
                  <th scope="col" className={cx(thCls, 'text-right')}>ログイン中の端末</th>
                  <th scope="col" className={cx(thCls, 'no-print')}>操作</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((u) => (
                  <tr key={u.id} data-testid="user-row" data-login={u.loginId} className={cx(u.disabled ? 'bg-solid-gray-50 text-solid-gray-700' : 'hover:bg-key-50')}>
                    <td className={cx(tdCls, 'font-mono')}>{u.loginId}</td>
                    <td className={tdCls}>
                      {u.name}
                      {u.email && <span className="block text-[0.75rem] text-solid-gray-700">{u.email}</span>}
                    </td>
                    <td className={cx(tdCls, 'whitespace-nowrap')}>{u.roleLabel}</td>
                    <td className={tdCls}>{u.departments.map((d) => d.name).join('、') || <span className="text-solid-gray-536">―</span>}</td>
                    <td className={tdCls}>
                      <span className="flex flex-wrap gap-1">
                        {u.disabled && <Badge tone="stopped">利用停止</Badge>}
                        {u.locked && (
                          <Badge tone="danger" title={u.lockedUntil ? `${instantW(u.lockedUntil)}まで` : undefined}>
                            ロック中
                          </Badge>
                        )}
                        {activationPending(u) && !u.disabled && <Badge tone="warning">有効化待ち</Badge>}
                        {!u.disabled && !u.locked && !activationPending(u) && <Badge tone="success">利用中</Badge>}
                      </span>
                      {u.locked && u.lockedUntil && <span className="block text-[0.75rem]">{instantW(u.lockedUntil)}まで</span>}
                      {u.failedLogins > 0 && <span className="block text-[0.75rem] text-error-1">ログイン失敗 {num(u.failedLogins)}回</span>}
                    </td>
                    <td className={cx(tdCls, 'whitespace-nowrap')}>{u.lastLoginAt ? instantW(u.lastLoginAt) : <span className="text-solid-gray-536">なし</span>}</td>
                    <td className={cx(tdCls, 'text-right tabular-nums')}>{num(u.activeSessions)}</td>
                    <td className={cx(tdCls, 'no-print')}>
                      <span className="flex flex-wrap gap-1">
                        <Button size="sm" variant="tertiary" onClick={() => setDialog({ kind: 'form', editing: u })} aria-label={`${u.name}を変更`}>
                          変更
                        </Button>
                        <Button size="sm" variant="tertiary" onClick={() => setDialog({ kind: 'password', user: u })} aria-label={`${u.name}のパスワードを再設定`}>
                          パスワードを再設定
                        </Button>
                        {activationPending(u) && (
                          <Button size="sm" variant="tertiary" onClick={() => setDialog({ kind: 'reissue', user: u })} aria-label={`${u.name}の有効化コードを再発行`}>
                            有効化コードを再発行
                          </Button>
                        )}
                        {u.locked && (
                          <Button size="sm" variant="tertiary" onClick={() => setDialog({ kind: 'unlock', user: u })} aria-label={`${u.name}のロックを解除`}>
                            ロックを解除
                          </Button>
                        )}
                        {u.secondFactor && (
                          <Button size="sm" variant="tertiary" onClick={() => setDialog({ kind: 'totp', user: u })} aria-label={`${u.name}の二段階認証を解除`}>
                            二段階認証を解除
                          </Button>
                        )}
                        {u.activeSessions > 0 && (
                          <Button size="sm" variant="tertiary" onClick={() => setDialog({ kind: 'revoke', user: u })} aria-label={`${u.name}の端末をすべてログアウト`}>
                            端末をすべてログアウト
                          </Button>
                        )}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {dialog?.kind === 'form' && (
        <UserDialog
          code={code}
          editing={dialog.editing}
          departments={depts.data?.items ?? []}
          actorIsAdmin={staff.role === 'system_admin'}
          selfId={me.data?.user.id ?? ''}
          onClose={() => setDialog(null)}
          onSaved={(u, created) => done(created ? `${u.name}（${u.loginId}）を登録しました。` : `${u.name}を保存しました。`)}
        />
      )}
      {dialog?.kind === 'reissue' && (
        <ReissueDialog
          code={code}
          user={dialog.user}
          onClose={() => setDialog(null)}
          onIssued={(r) => {
            setDialog(null);
            invalidate(secApiPaths.users(code));
            setCodes({ title: `${dialog.user.name}の新しい有効化コード`, codes: [r], csv: r.activationCsv });
          }}
        />
      )}
      {dialog?.kind === 'password' && <ResetPasswordDialog code={code} user={dialog.user} onClose={() => setDialog(null)} onDone={done} />}
      {(dialog?.kind === 'unlock' || dialog?.kind === 'revoke' || dialog?.kind === 'totp') && (
        <ConfirmDialog
          title={
            dialog.kind === 'unlock' ? `ロックの解除（${dialog.user.name}）` : dialog.kind === 'totp' ? `二段階認証の解除（${dialog.user.name}）` : `全端末のログアウト（${dialog.user.name}）`
          }
          confirmLabel={dialog.kind === 'revoke' ? 'ログアウトさせる' : '解除する'}
          danger={dialog.kind !== 'unlock'}
          busy={busy}
          error={stepError}
          onClose={() => {
            setDialog(null);
            setStepError(null);
          }}
          onConfirm={() => void step(dialog.kind as 'unlock' | 'revoke' | 'totp', dialog.user)}
        >
          {dialog.kind === 'totp' ? (
            <p>
              認証アプリの端末と回復コードの両方を失った人のために、二段階認証を解除します。解除した後はパスワードだけでログインできるため、本人確認をしてから行い、本人にすぐ登録し直してもらってください（監査ログに記録されます）。
            </p>
          ) : dialog.kind === 'unlock' ? (
            <p>ログインの失敗が続いたためのロックを解除し、すぐにログインできるようにします（失敗回数 {num(dialog.user.failedLogins)}回）。</p>
          ) : (
            <p>
              この人がログインしている端末（{num(dialog.user.activeSessions)}台）をすべてログアウトさせます。パソコンの紛失や共用端末での消し忘れのときに使います。
              {dialog.user.id === me.data?.user.id && <strong className="block text-error-1">あなた自身のアカウントです。この画面もログアウトされます。</strong>}
            </p>
          )}
        </ConfirmDialog>
      )}
    </SecFrame>
  );
}
