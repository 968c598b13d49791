/** @jsxImportSource react */
/**
 * アカウントの有効化 (no sign-in): a person whose account was made by the staff import enters
 * 団体コード, ログインID and the one-time 有効化コード they were handed, and chooses their
 * password. Activation does not sign in: on success the sign-in page opens with the 団体コード
 * filled in and a message saying what to do next.
 */
import { useEffect, useRef, useState } from 'react';
import { ErrorSummary, Field, groupFieldErrors, hintCls, inputCls } from '../components/form';
import { Button, PageHeading, cx, useDocumentTitle } from '../components/ui';
import { ApiError } from '../lib/api';
import { LAST_CODE_KEY } from '../lib/auth';
import { setFlash } from '../lib/flash';
import { Link, navigate, paths } from '../lib/router';
import { PASSWORD_MIN_LENGTH, passwordProblems } from '../../../src/modules/identity/domain/password.js';
import { onboardingApi } from './onboarding/api';

const ids = {
  municipalityCode: 'ac-code',
  loginId: 'ac-login',
  code: 'ac-activation',
  newPassword: 'ac-password',
  confirm: 'ac-confirm',
} as const;

interface Values {
  municipalityCode: string;
  loginId: string;
  code: string;
  newPassword: string;
  confirm: string;
}

function storedCode(): string {
  try {
    return window.localStorage.getItem(LAST_CODE_KEY) ?? '';
  } catch {
    return '';
  }
}

/** What can be said before asking the server: empty fields, the two passwords, the password rules. */
function localProblems(v: Values): Map<string, string[]> {
  const m = new Map<string, string[]>();
  const add = (id: string, msg: string) => m.set(id, [...(m.get(id) ?? []), msg]);
  if (!v.municipalityCode.trim()) add(ids.municipalityCode, '団体コードを入力してください。');
  else if (!/^\d{6}$/.test(v.municipalityCode.trim())) add(ids.municipalityCode, '団体コードは6桁の数字で入力してください（例：432041）。');
  if (!v.loginId.trim()) add(ids.loginId, 'ログインIDを入力してください。');
  if (!v.code.trim()) add(ids.code, '有効化コードを入力してください。');
  if (!v.newPassword) add(ids.newPassword, '新しいパスワードを入力してください。');
  else for (const p of passwordProblems(v.newPassword, v.loginId)) add(ids.newPassword, p);
  if (!v.confirm) add(ids.confirm, '確認のため、新しいパスワードをもう一度入力してください。');
  else if (v.newPassword && v.confirm !== v.newPassword) add(ids.confirm, '確認用のパスワードが一致しません。同じパスワードを2回入力してください。');
  return m;
}

export function ActivatePage({ municipalityCode }: { municipalityCode: string | null }) {
  useDocumentTitle('アカウントの有効化');
  const [values, setValues] = useState<Values>(() => ({
    municipalityCode: municipalityCode ?? storedCode(),
    loginId: '',
    code: '',
    newPassword: '',
    confirm: '',
  }));
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [busy, setBusy] = useState(false);
  const firstRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    (values.municipalityCode ? document.getElementById(ids.loginId) : firstRef.current)?.focus();
    // only when the page opens
  }, []);

  const set = <K extends keyof Values>(k: K, v: string) => setValues((s) => ({ ...s, [k]: v }));

  const submit = async () => {
    const local = localProblems(values);
    setErrors(local);
    if (local.size) return;
    setBusy(true);
    try {
      const res = await onboardingApi.activate({
        municipalityCode: values.municipalityCode.trim(),
        loginId: values.loginId.trim(),
        code: values.code,
        newPassword: values.newPassword,
      });
      try {
        window.localStorage.setItem(LAST_CODE_KEY, values.municipalityCode.trim());
      } catch {
        /* private mode: nothing to remember */
      }
      setFlash('login', `アカウント（ログインID：${res.loginId}）を有効にしました。設定したパスワードでログインしてください。`);
      navigate(paths.login(), { replace: true });
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, null, String(e));
      const grouped = groupFieldErrors(error.fields, (p) => (p in ids ? ids[p as keyof typeof ids] : null));
      // 400 activation_invalid (one message for a wrong code, account or 団体コード) and 429: about the form as a whole
      if (grouped.size === 0) grouped.set('', [error.message]);
      setErrors(grouped);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="mx-auto max-w-[36rem] py-4">
      <PageHeading>アカウントの有効化</PageHeading>
      <p className="mt-1 text-std-16N-170 text-solid-gray-800">
        管理者から受け取った有効化コードで、あなたのパスワードを設定します。設定が終わると、ログイン画面からログインできます。
      </p>
      <form
        noValidate
        aria-label="アカウントの有効化"
        data-testid="activate-form"
        className="mt-4 grid gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <ErrorSummary errors={errors} id="ac-error-summary" title="有効化できませんでした" />
        <Field id={ids.municipalityCode} label="団体コード" mark="required" hint="全国地方公共団体コード（6桁）。有効化コードと一緒にお知らせしています。" errors={errors}>
          {(c) => (
            <input
              {...c}
              ref={firstRef}
              name="municipalityCode"
              className={cx(inputCls, 'max-w-44 font-mono tracking-wider tabular-nums')}
              inputMode="numeric"
              autoComplete="organization"
              value={values.municipalityCode}
              onChange={(e) => set('municipalityCode', e.target.value)}
            />
          )}
        </Field>
        <Field id={ids.loginId} label="ログインID" mark="required" errors={errors}>
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
        <Field id={ids.code} label="有効化コード" mark="required" hint="例：K7QM-2XPD-9HRT-WB4C（ハイフン・空白・大文字小文字は区別しません）" errors={errors}>
          {(c) => (
            <input
              {...c}
              name="activationCode"
              className={cx(inputCls, 'font-mono tracking-wider')}
              autoComplete="one-time-code"
              autoCapitalize="characters"
              spellCheck={false}
              value={values.code}
              onChange={(e) => set('code', e.target.value)}
            />
          )}
        </Field>
        <Field
          id={ids.newPassword}
          label="新しいパスワード"
          mark="required"
          hint={`${PASSWORD_MIN_LENGTH}文字以上（現在${[...values.newPassword].length}文字）。ログインIDと同じものは使えません。`}
          errors={errors}
        >
          {(c) => (
            <input
              {...c}
              name="new-password"
              type="password"
              className={inputCls}
              autoComplete="new-password"
              value={values.newPassword}
              onChange={(e) => set('newPassword', e.target.value)}
            />
          )}
        </Field>
        <Field id={ids.confirm} label="新しいパスワード（確認）" mark="required" hint="確認のため、同じパスワードをもう一度入力します。" errors={errors}>
          {(c) => (
            <input
              {...c}
              name="confirm-password"
              type="password"
              className={inputCls}
              autoComplete="new-password"
              value={values.confirm}
              onChange={(e) => set('confirm', e.target.value)}
            />
          )}
        </Field>
        <div className="flex flex-wrap items-center gap-4">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? '設定しています…' : 'パスワードを設定する'}
          </Button>
          <Link to={paths.login()} className="text-std-16N-170 text-key-900 underline underline-offset-3">
            ログイン画面に戻る
          </Link>
        </div>
        <p className={hintCls}>
          有効化コードをなくしたとき、有効期限が切れたときは、事務局（システムの管理者）に再発行を依頼してください。
        </p>
      </form>
    </div>
  );
}
