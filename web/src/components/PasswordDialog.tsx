/** @jsxImportSource react */
/**
 * パスワード変更 (POST /api/auth/password). The server checks the current
 * password and the rules (12 characters or more, not the login id, not the
 * same as now) and answers with messages per field; the user's other sessions
 * end. Only "the two new ones differ" is checked here, since the server never
 * sees the confirmation.
 */
import { useState } from 'react';
import { ApiError, api } from '../lib/api';
import { Dialog } from './Dialog';
import { ErrorSummary, Field, FieldErrorText, describedBy, fieldState, groupFieldErrors, hintCls, inputCls, labelCls } from './form';
import { Button, SuccessMessage } from './ui';

const ids = { currentPassword: 'pw-current', newPassword: 'pw-new', confirm: 'pw-confirm' };

export function PasswordDialog({ onClose }: { onClose: () => void }) {
  const [values, setValues] = useState({ currentPassword: '', newPassword: '', confirm: '' });
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const { err, invalid, errId } = fieldState(errors);

  const submit = async () => {
    if (values.newPassword !== values.confirm) {
      setErrors(new Map([[ids.confirm, ['確認のため入力した新しいパスワードが一致しません。']]]));
      return;
    }
    setBusy(true);
    setErrors(new Map());
    try {
      const res = await api.changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      setValues({ currentPassword: '', newPassword: '', confirm: '' });
      setDone(
        res.revokedSessions > 0
          ? `パスワードを変更しました。ほかの端末でのログイン（${res.revokedSessions}件）は終了しました。`
          : 'パスワードを変更しました。',
      );
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, null, String(e));
      const grouped = groupFieldErrors(error.fields, (p) => (p === 'currentPassword' || p === 'newPassword' ? ids[p] : null));
      if (grouped.size === 0) grouped.set('', [error.message]);
      setErrors(grouped);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="パスワードの変更" onClose={onClose}>
      {done ? (
        <div>
          <SuccessMessage>{done}</SuccessMessage>
          <div className="mt-3 flex justify-end">
            <Button variant="primary" onClick={onClose}>
              閉じる
            </Button>
          </div>
        </div>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <ErrorSummary errors={errors} id="pw-error-summary" />
          <div className="grid gap-4">
            <Field id={ids.currentPassword} label="現在のパスワード" errors={errors}>
              {(c) => (
                <input
                  {...c}
                  type="password"
                  autoComplete="current-password"
                  className={inputCls}
                  value={values.currentPassword}
                  onChange={(e) => setValues((v) => ({ ...v, currentPassword: e.target.value }))}
                />
              )}
            </Field>
            <div>
              <label htmlFor={ids.newPassword} className={labelCls}>
                新しいパスワード
              </label>
              <p id="pw-new-hint" className={hintCls}>
                12文字以上。ログインIDや団体コードを含むもの、同じ文字・連続した並び（123456…、qwerty…）、よく使われるパスワード（password、sakura など）、今と同じものは使えません。
              </p>
              <input
                id={ids.newPassword}
                type="password"
                autoComplete="new-password"
                className={inputCls}
                value={values.newPassword}
                aria-invalid={invalid(ids.newPassword)}
                aria-describedby={describedBy('pw-new-hint', errId(ids.newPassword))}
                onChange={(e) => setValues((v) => ({ ...v, newPassword: e.target.value }))}
              />
              <FieldErrorText id={ids.newPassword} messages={err(ids.newPassword)} />
            </div>
            <Field id={ids.confirm} label="新しいパスワード（確認）" errors={errors}>
              {(c) => (
                <input
                  {...c}
                  type="password"
                  autoComplete="new-password"
                  className={inputCls}
                  value={values.confirm}
                  onChange={(e) => setValues((v) => ({ ...v, confirm: e.target.value }))}
                />
              )}
            </Field>
          </div>
          <div className="mt-5 flex justify-end gap-3">
            <Button onClick={onClose}>キャンセル</Button>
            <Button type="submit" variant="primary" disabled={busy}>
              {busy ? '変更中…' : '変更する'}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
