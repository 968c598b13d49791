/** @jsxImportSource react */
/**
 * ログイン: 団体コード, ログインID, パスワード. The server's messages are
 * shown at the form: wrong credentials (one message, which of the three is not
 * said), a locked account with the time it opens again, too many attempts from
 * this computer; field messages (6-digit code, empty fields) beside the fields. An account with
 * 二段階認証 answers totp_required after the right password: the form then asks for the code too.
 * After signing in the user returns to ?next= (or their municipality).
 */
import { useEffect, useRef, useState } from 'react';
import { ErrorSummary, Field, FieldErrorText, describedBy, fieldState, groupFieldErrors, hintCls, inputCls, labelCls } from '../components/form';
import { Button, PageHeading, cx, useDocumentTitle } from '../components/ui';
import { ApiError, type LoginBody } from '../lib/api';
import { LAST_CODE_KEY, ROLE_LABELS, homeOf, signIn } from '../lib/auth';
import { DEMO_ACCOUNTS, DEMO_MUNICIPALITY_CODE, DEMO_PASSWORD } from '../lib/demo';
import { takeFlash } from '../lib/flash';
import { Link, navigate, paths } from '../lib/router';
import { DEFAULT_LOGIN_LIMITS } from '../../../src/modules/identity/domain/loginThrottle.js';

const ids = { municipalityCode: 'lg-code', loginId: 'lg-login', password: 'lg-password', totpCode: 'lg-totp' } as const;

function storedCode(): string {
  try {
    return window.localStorage.getItem(LAST_CODE_KEY) ?? '';
  } catch {
    return '';
  }
}

function DemoBox({ onPick }: { onPick: (loginId: string) => void }) {
  return (
    <aside
      aria-labelledby="demo-h"
      data-testid="demo-accounts"
      className="rounded-8 border-2 border-dashed border-orange-700 bg-orange-50 p-4"
    >
      <h2 id="demo-h" className="flex items-center gap-2 text-std-17B-170 text-orange-1100">
        <span className="rounded-4 bg-orange-800 px-2 py-0.5 text-dns-14B-120 text-white">デモ</span>
        デモ用のアカウント
      </h2>
      <p className="mt-1 text-std-16N-170">
        この欄はデモ環境のためのものです。デモデータの荒尾市（団体コード {DEMO_MUNICIPALITY_CODE}）に、役割ごとのアカウントがあります。
        パスワードはすべて <code className="rounded-4 bg-white px-1 font-mono text-dns-16B-120">{DEMO_PASSWORD}</code> です。
        本番の運用では、職員ごとのアカウントを利用者の管理で登録してください。
      </p>
      <table className="mt-2 w-full border-collapse bg-white text-left text-dns-14N-130">
        <caption className="sr-only">デモ用のアカウントの一覧</caption>
        <thead className="bg-solid-gray-50 text-dns-14B-130">
          <tr>
            <th scope="col" className="border border-solid-gray-420 px-2 py-1">ログインID</th>
            <th scope="col" className="border border-solid-gray-420 px-2 py-1">役割</th>
            <th scope="col" className="border border-solid-gray-420 px-2 py-1">氏名・所属</th>
            <th scope="col" className="border border-solid-gray-420 px-2 py-1">
              <span className="sr-only">操作</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {DEMO_ACCOUNTS.map((a) => (
            <tr key={a.loginId}>
              <td className="border border-solid-gray-420 px-2 py-1 font-mono">{a.loginId}</td>
              <td className="border border-solid-gray-420 px-2 py-1 whitespace-nowrap">{ROLE_LABELS[a.role]}</td>
              <td className="border border-solid-gray-420 px-2 py-1">{a.name}</td>
              <td className="border border-solid-gray-420 px-2 py-1 text-center">
                <button
                  type="button"
                  className="rounded-6 px-2 py-0.5 text-key-900 underline underline-offset-3 hover:bg-key-50"
                  aria-label={`${a.loginId}（${ROLE_LABELS[a.role]}）を入力欄に入れる`}
                  onClick={() => onPick(a.loginId)}
                >
                  入力する
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </aside>
  );
}

export function LoginPage({ next }: { next: string | null }) {
  useDocumentTitle('ログイン');
  const [values, setValues] = useState<LoginBody>(() => ({ municipalityCode: storedCode(), loginId: '', password: '' }));
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [busy, setBusy] = useState(false);
  const [notice] = useState<string | null>(() => takeFlash('login'));
  const { err, invalid, errId } = fieldState(errors);
  const passwordRef = useRef<HTMLInputElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const totpRef = useRef<HTMLInputElement>(null);
  const [needCode, setNeedCode] = useState(false);

  useEffect(() => {
    (values.municipalityCode ? document.getElementById(ids.loginId) : firstRef.current)?.focus();
    // only when the page opens
  }, []);

  const set = <K extends keyof LoginBody>(k: K, v: string) => setValues((s) => ({ ...s, [k]: v }));

  const submit = async () => {
    setBusy(true);
    setErrors(new Map());
    try {
      const me = await signIn(needCode ? values : { ...values, totpCode: undefined });
      try {
        window.localStorage.setItem(LAST_CODE_KEY, me.municipality.code);
      } catch {
        /* private mode: nothing to remember */
      }
      navigate(next ?? homeOf(me), { replace: true });
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, null, String(e));
      const grouped = groupFieldErrors(error.fields, (p) => (p in ids ? ids[p as keyof typeof ids] : null));
      if (error.code === 'totp_required') {
        // the password was right: the second step, without an error
        setNeedCode(true);
        setTimeout(() => totpRef.current?.focus(), 0);
        return;
      }
      // 401 invalid_credentials / totp_invalid, 429 too_many_attempts (with Retry-After): about the form as a whole.
      if (grouped.size === 0) grouped.set('', [error.message]);
      setErrors(grouped);
    } finally {
      setBusy(false);
    }
  };

  const formError = errors.get('');

  return (
    <div className="mx-auto grid max-w-[72rem] gap-8 py-4 lg:grid-cols-[minmax(0,28rem)_minmax(0,1fr)]">
      <div>
        <PageHeading>ログイン</PageHeading>
        <p className="mt-1 text-std-16N-170 text-solid-gray-800">行政改革の進行管理システムです。所属する団体のアカウントでログインしてください。</p>
        {notice && (
          <p role="status" className="mt-3 rounded-8 border border-success-1 bg-green-50 px-3 py-2 text-std-16N-170 text-success-2">
            {notice}
          </p>
        )}
        {next && !notice && (
          <p role="status" className="mt-3 rounded-8 border border-key-400 bg-key-50 px-3 py-2 text-std-16N-170">
            ログインしていないか、ログインの有効期限が切れました。ログインすると、開いていた画面に戻ります。
          </p>
        )}
        <form
          noValidate
          aria-label="ログイン"
          data-testid="login-form"
          className="mt-4 grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {formError ? (
            <div
              role="alert"
              data-testid="login-error"
              className="rounded-8 border-2 border-error-1 bg-red-50 px-4 py-3 text-std-16B-170 text-error-2"
            >
              {formError.map((m) => (
                <p key={m}>{m}</p>
              ))}
            </div>
          ) : (
            <ErrorSummary errors={errors} id="lg-error-summary" />
          )}
          <div>
            <label htmlFor={ids.municipalityCode} className={labelCls}>
              団体コード
            </label>
            <p id="lg-code-hint" className={hintCls}>
              総務省の全国地方公共団体コード（6桁）。例：荒尾市は 432041
            </p>
            <input
              ref={firstRef}
              id={ids.municipalityCode}
              name="municipalityCode"
              className={cx(inputCls, 'max-w-44 font-mono tracking-wider tabular-nums')}
              inputMode="numeric"
              autoComplete="organization"
              value={values.municipalityCode}
              aria-invalid={invalid(ids.municipalityCode)}
              aria-describedby={describedBy('lg-code-hint', errId(ids.municipalityCode))}
              onChange={(e) => set('municipalityCode', e.target.value)}
            />
            <FieldErrorText id={ids.municipalityCode} messages={err(ids.municipalityCode)} />
          </div>
          <Field id={ids.loginId} label="ログインID" errors={errors}>
            {(c) => (
              <input
                {...c}
                name="username"
                className={inputCls}
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                value={values.loginId}
                onChange={(e) => set('loginId', e.target.value)}
              />
            )}
          </Field>
          <Field id={ids.password} label="パスワード" errors={errors}>
            {(c) => (
              <input
                {...c}
                ref={passwordRef}
                name="password"
                type="password"
                className={inputCls}
                autoComplete="current-password"
                value={values.password}
                onChange={(e) => set('password', e.target.value)}
              />
            )}
          </Field>
          {needCode && (
            <div>
              <label htmlFor={ids.totpCode} className={labelCls}>
                確認コード（二段階認証）
              </label>
              <p id="lg-totp-hint" className={hintCls}>
                認証アプリに表示されている6桁の数字。端末をなくしたときは、控えておいた回復コード（例 K7QMX-PD9HR）を入力してください。
              </p>
              <input
                ref={totpRef}
                id={ids.totpCode}
                name="totpCode"
                className={cx(inputCls, 'max-w-56 font-mono tracking-wider')}
                inputMode="text"
                autoComplete="one-time-code"
                value={values.totpCode ?? ''}
                aria-invalid={invalid(ids.totpCode)}
                aria-describedby={describedBy('lg-totp-hint', errId(ids.totpCode))}
                onChange={(e) => set('totpCode', e.target.value)}
              />
              <FieldErrorText id={ids.totpCode} messages={err(ids.totpCode)} />
            </div>
          )}
          <div>
            <Button type="submit" variant="primary" disabled={busy} className="w-full sm:w-auto">
              {busy ? 'ログイン中…' : 'ログイン'}
            </Button>
          </div>
          <p className={hintCls}>
            {DEFAULT_LOGIN_LIMITS.pair.free}回続けて間違えると、この端末からは少し待たないとログインできなくなります（待ち時間は間違えるたびに長くなります）。パスワードを忘れたときは、事務局（システムの管理者）に再設定を依頼してください。
          </p>
        </form>
        <p className="mt-6 rounded-8 border border-key-400 bg-key-50 px-4 py-3 text-std-16N-170">
          はじめて利用する方で、管理者から有効化コードを受け取った方は、先にパスワードを設定してください。
          <Link to={paths.activate(values.municipalityCode || null)} className="mt-1 block text-std-16B-170 text-key-900 underline underline-offset-3" data-testid="activate-link">
            有効化コードをお持ちの方
          </Link>
        </p>
      </div>
      {runsDemo() && (
      <DemoBox
        onPick={(loginId) => {
          setValues({ municipalityCode: DEMO_MUNICIPALITY_CODE, loginId, password: DEMO_PASSWORD });
          setErrors(new Map());
          passwordRef.current?.focus();
        }}
      />
      )}
    </div>
  );
}

/** The server marks the demo in index.html; a production installation never lists the demo accounts. */
function runsDemo(): boolean {
  return document.querySelector('meta[name="gyokaku-demo"]')?.getAttribute('content') === '1';
}
