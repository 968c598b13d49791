/** @jsxImportSource react */
/**
 * 二段階認証 (TOTP) of one's own account: enrol (the secret as text and as an otpauth:// URI for the
 * authenticator app — no QR image: nothing is fetched from outside), confirm with the first 6-digit
 * code, note the recovery codes (shown once); or, when it is on, make new recovery codes or turn it off
 * with the password. The server checks everything and answers per field.
 */
import { useState } from 'react';
import type { RecoveryCodesDto, TotpEnrolmentDto } from '../../../src/shared/api-types-identity.js';
import { ApiError, apiPaths, request } from '../lib/api';
import { useMe } from '../lib/auth';
import { invalidate } from '../lib/useApi';
import { Dialog } from './Dialog';
import { ErrorSummary, Field, groupFieldErrors, hintCls, inputCls } from './form';
import { Button, SuccessMessage } from './ui';

const ids = { code: 'totp-code', password: 'totp-password' } as const;

export function TotpDialog({ onClose }: { onClose: () => void }) {
  const me = useMe();
  const [enrolment, setEnrolment] = useState<TotpEnrolmentDto | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const enabled = me.data?.secondFactor.enabled ?? false;

  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    setErrors(new Map());
    try {
      await fn();
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, null, String(e));
      const grouped = groupFieldErrors(error.fields, (p) => (p in ids ? ids[p as keyof typeof ids] : null));
      if (grouped.size === 0) grouped.set('', [error.message]);
      setErrors(grouped);
    } finally {
      setBusy(false);
    }
  };
  const start = () => act(async () => setEnrolment(await request<TotpEnrolmentDto>('POST', '/api/auth/totp/setup', {})));
  const confirm = () =>
    act(async () => {
      const res = await request<RecoveryCodesDto>('POST', '/api/auth/totp/confirm', { code });
      setCodes(res.recoveryCodes);
      setEnrolment(null);
      invalidate(apiPaths.authMe());
    });
  const regenerate = () =>
    act(async () => {
      const res = await request<RecoveryCodesDto>('POST', '/api/auth/totp/recovery-codes', { password });
      setCodes(res.recoveryCodes);
      setPassword('');
      invalidate(apiPaths.authMe());
    });
  const disable = () =>
    act(async () => {
      await request('POST', '/api/auth/totp/disable', { password });
      setPassword('');
      setDone('二段階認証を無効にしました。次回からはパスワードだけでログインします。');
      invalidate(apiPaths.authMe());
    });

  const formError = errors.get('');
  return (
    <Dialog title="二段階認証" onClose={onClose}>
      {formError && (
        <p role="alert" className="mb-3 rounded-8 border-2 border-error-1 bg-red-50 px-3 py-2 text-std-16B-170 text-error-2">
          {formError.join(' ')}
        </p>
      )}
      <ErrorSummary errors={new Map([...errors].filter(([k]) => k !== ''))} id="totp-error-summary" />
      {done ? (
        <SuccessMessage>{done}</SuccessMessage>
      ) : codes ? (
        <div data-testid="totp-recovery-codes">
          <SuccessMessage>二段階認証が有効です。次の回復コードを控えてください（この画面でしか表示しません）。</SuccessMessage>
          <p className={hintCls}>
            認証アプリの端末をなくしたときに、確認コードの代わりに1つずつ使えます（各コード1回限り）。印刷するか、パスワードとは別の安全な場所に保管してください。
          </p>
          <ul className="mt-2 grid grid-cols-2 gap-1 font-mono text-dns-16B-120">
            {codes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </div>
      ) : enrolment ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void confirm();
          }}
          className="grid gap-3"
        >
          <p className="text-std-16N-170">
            認証アプリ（Google Authenticator、Microsoft Authenticator など）で「セットアップキーを入力」を選び、次の鍵を入力してください（種類は「時間ベース」）。
          </p>
          <p className="rounded-8 bg-solid-gray-50 px-3 py-2 font-mono text-dns-16B-120 tracking-wider" data-testid="totp-secret">
            {enrolment.secret}
          </p>
          <label className={hintCls}>
            URIを読み込めるアプリ・パスワード管理ソフトでは、次の文字列を貼り付けることもできます。
            <textarea readOnly className={`${inputCls} mt-1 h-20 font-mono text-[0.75rem]`} value={enrolment.otpauthUri} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <Field id={ids.code} label="アプリに表示された6桁の確認コード" errors={errors}>
            {(c) => (
              <input {...c} inputMode="numeric" autoComplete="one-time-code" className={`${inputCls} max-w-44 font-mono tracking-wider`} value={code} onChange={(e) => setCode(e.target.value)} />
            )}
          </Field>
          <div className="flex justify-end gap-3">
            <Button onClick={onClose}>キャンセル</Button>
            <Button type="submit" variant="primary" disabled={busy}>
              {busy ? '確認中…' : '有効にする'}
            </Button>
          </div>
        </form>
      ) : enabled ? (
        <div className="grid gap-3">
          <p className="text-std-16N-170">
            二段階認証は<strong>有効</strong>です。ログインのたびに、パスワードのあとで認証アプリの確認コードを入力します（未使用の回復コード: {me.data?.secondFactor.recoveryCodesLeft ?? 0}個）。
          </p>
          <Field id={ids.password} label="パスワード（確認のため）" errors={errors}>
            {(c) => <input {...c} type="password" autoComplete="current-password" className={inputCls} value={password} onChange={(e) => setPassword(e.target.value)} />}
          </Field>
          <div className="flex flex-wrap justify-end gap-3">
            <Button disabled={busy} onClick={() => void regenerate()}>
              回復コードを作り直す
            </Button>
            <Button disabled={busy} onClick={() => void disable()}>
              二段階認証を無効にする
            </Button>
          </div>
        </div>
      ) : (
        <div className="grid gap-3">
          <p className="text-std-16N-170">
            二段階認証を有効にすると、ログインのときにパスワードに加えて、スマートフォンなどの認証アプリに表示される6桁の確認コードが必要になります。システム管理者・事務局のアカウントでは有効にすることをお勧めします。
          </p>
          <div className="flex justify-end gap-3">
            <Button onClick={onClose}>閉じる</Button>
            <Button variant="primary" disabled={busy} onClick={() => void start()}>
              登録を始める
            </Button>
          </div>
        </div>
      )}
      {(done || codes) && (
        <div className="mt-3 flex justify-end">
          <Button variant="primary" onClick={onClose}>
            閉じる
          </Button>
        </div>
      )}
    </Dialog>
  );
}
