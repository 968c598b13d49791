/** @jsxImportSource react */
/**
 * One-time activation codes, right after the staff import or a re-issue. The server keeps only
 * their hashes, so this is the one moment they can be seen: the panel says so, offers them as a
 * CSV made in the browser (nothing is fetched again), and asks once more before it is closed
 * unsaved.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { tableCls, tableWrapCls, tdCls, thCls, theadCls } from '../../components/secretariat-ui';
import { Button, cx } from '../../components/ui';
import { instantW } from '../secretariat/lib';
import { saveTextFile, type ActivationCodeDto } from './api';

export function ActivationCodesPanel({
  code,
  codes,
  csv,
  title = '有効化コード',
  onClose,
}: {
  code: string;
  codes: ActivationCodeDto[];
  /** the server's CSV of the same codes (団体コード,ログインID,氏名,有効化コード,有効期限) */
  csv: string;
  title?: string;
  onClose: () => void;
}) {
  const uid = useId();
  const ref = useRef<HTMLElement>(null);
  const [saved, setSaved] = useState(false);
  const [confirmClose, setConfirmClose] = useState(false);

  useEffect(() => ref.current?.focus(), []);

  const fileName = codes.length === 1 ? `有効化コード_${code}_${codes[0]!.loginId}.csv` : `有効化コード_${code}.csv`;

  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-labelledby={`${uid}-h`}
      aria-describedby={`${uid}-warn`}
      className="mt-4 rounded-8 border-2 border-warning-orange-1 bg-white p-4 outline-none"
      data-testid="activation-codes"
    >
      <h2 id={`${uid}-h`} className="text-std-20B-150">
        {title}（{codes.length}人）
      </h2>
      <div id={`${uid}-warn`} role="alert" className="mt-2 rounded-8 border-2 border-warning-orange-1 bg-orange-50 px-4 py-3 text-std-16N-170">
        <p className="text-std-16B-170 text-orange-1100">有効化コードは、いまこの画面にだけ表示されます。あとから表示することはできません。</p>
        <p>
          画面を閉じる前に「有効化コードをCSVで保存」で保存し、本人だけに渡してください（メールで一斉に送らず、封書や手渡しで）。
          本人はログイン画面の「有効化コードをお持ちの方」から、団体コード・ログインID・有効化コードを入力して自分のパスワードを設定します。
          コードには有効期限があります。なくした・期限が切れたときは、利用者の一覧の「有効化コードを再発行」で新しいコードを発行できます（前のコードは使えなくなります）。
        </p>
      </div>
      {codes.length > 0 && (
        <div className={cx(tableWrapCls, 'mt-3 max-h-[28rem] overflow-y-auto')}>
          <table className={tableCls} data-testid="activation-code-list">
            <caption className="sr-only">有効化コードの一覧</caption>
            <thead className={cx(theadCls, 'sticky top-0')}>
              <tr>
                <th scope="col" className={thCls}>
                  ログインID
                </th>
                <th scope="col" className={thCls}>
                  氏名
                </th>
                <th scope="col" className={thCls}>
                  有効化コード
                </th>
                <th scope="col" className={thCls}>
                  有効期限
                </th>
              </tr>
            </thead>
            <tbody>
              {codes.map((c) => (
                <tr key={c.userId} data-testid="activation-code-row" data-login={c.loginId}>
                  <th scope="row" className={cx(tdCls, 'font-mono font-normal')}>
                    {c.loginId}
                  </th>
                  <td className={tdCls}>{c.name}</td>
                  <td className={cx(tdCls, 'font-mono text-dns-16B-130 tracking-wider')} data-testid="activation-code">
                    {c.code}
                  </td>
                  <td className={cx(tdCls, 'whitespace-nowrap')}>{instantW(c.expiresAt)}まで</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <Button
          variant="primary"
          disabled={!csv}
          onClick={() => {
            saveTextFile(csv, fileName);
            setSaved(true);
            setConfirmClose(false);
          }}
        >
          有効化コードをCSVで保存
        </Button>
        <Button
          onClick={() => {
            if (saved || confirmClose) onClose();
            else setConfirmClose(true);
          }}
          aria-describedby={confirmClose ? `${uid}-close` : undefined}
        >
          {confirmClose ? '保存せずに閉じる' : '表示を閉じる'}
        </Button>
        {saved && (
          <span role="status" className="text-std-16N-170 text-success-2">
            「{fileName}」を保存しました。
          </span>
        )}
      </div>
      {confirmClose && (
        <p id={`${uid}-close`} role="alert" className="mt-2 text-std-16B-170 text-error-1">
          まだ保存していません。閉じると、これらの有効化コードはもう表示できません（必要なら再発行できます）。
        </p>
      )}
    </section>
  );
}
