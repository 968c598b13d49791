/** @jsxImportSource react */
/**
 * The two CSV imports of onboarding with the explanation of their headings
 * (docs/operations/onboarding-api.md), and the re-issue of one activation code.
 */
import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from '../../components/secretariat-ui';
import type { UserDto } from '../../../../src/shared/api-types-identity.js';
import { ApiError } from '../../lib/api';
import { onboardingApi, type ActivationReissueDto, type ImportResultDto, type UserImportResultDto } from './api';
import { CsvImport, type CsvImportText } from './CsvImport';

function Columns({ rows }: { rows: [string, boolean, ReactNode][] }) {
  return (
    <table className="w-full max-w-4xl border-collapse text-left text-dns-14N-130">
      <caption className="sr-only">CSVの見出し</caption>
      <thead>
        <tr className="border-b border-solid-gray-420">
          <th scope="col" className="py-1 pr-3">
            見出し
          </th>
          <th scope="col" className="py-1 pr-3">
            必須
          </th>
          <th scope="col" className="py-1">
            内容
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([h, req, desc]) => (
          <tr key={h} className="border-b border-solid-gray-200 align-top">
            <th scope="row" className="whitespace-nowrap py-1 pr-3 font-bold">
              {h}
            </th>
            <td className="whitespace-nowrap py-1 pr-3">{req ? '必須' : '任意'}</td>
            <td className="py-1">{desc}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const DEPARTMENT_TEXT: CsvImportText = {
  title: '組織をCSVから取り込む',
  noun: '組織',
  keyHeading: '組織コード',
  nameHeading: '名称',
  templateName: '組織_ひな形.csv',
  columns: (
    <Columns
      rows={[
        ['組織コード', true, '組織ごとに決めた番号・記号（英数字と - _ .、20文字まで）。同じコードの組織があれば変更、なければ新規になります。'],
        ['名称', true, '例：財政課（100文字まで）'],
        ['種別', true, '局・部・課・室・係・班・グループ・センター・所・事務所・支所・出張所・本部・事務局・委員会・館'],
        ['上位組織コード', false, '上位の組織の組織コード（同じファイルの中か、登録済みのもの）。空欄＝最上位'],
        ['有効開始日', false, '設置日。2026-04-01・2026/4/1・令和8年4月1日・R8.4.1 のどれでも'],
        ['有効終了日', false, '廃止日（この日から無効）。有効開始日より後の日付'],
        ['後継組織コード', false, '改称・統合後の組織の組織コード'],
        ['表示順', false, '整数。小さいほど上に表示'],
      ]}
    />
  ),
};

const STAFF_TEXT: CsvImportText = {
  title: '職員をCSVから取り込む',
  noun: '職員',
  keyHeading: 'ログインID',
  nameHeading: '氏名',
  templateName: '職員_ひな形.csv',
  columns: (
    <>
      <Columns
        rows={[
          ['ログインID', true, '半角英数字と . _ @ -（2〜64文字）。同じログインIDの利用者がいれば変更、いなければ新規になります。'],
          ['氏名', true, '例：田中 一郎'],
          ['メールアドレス', false, '督促などの通知をメールでも受け取る場合'],
          ['役割', true, 'システム管理者・事務局・担当課 報告者・担当課 承認者・推進本部・幹部・審議会委員'],
          ['所属組織コード', false, '担当課 報告者・承認者は必須。組織コード（先に組織を取り込んでください）。複数は ; か 、で区切る'],
          ['無効', false, '1・はい・無効 で利用停止。空欄・0・いいえ で利用できる'],
        ]}
      />
      <p className="mt-1">
        パスワードの列は入れないでください（あるとファイル全体を受け付けません）。新しい職員には取込みの後に有効化コードを発行し、本人が自分でパスワードを設定します。
      </p>
    </>
  ),
};

export function DepartmentCsvImport({ code, onClose, onDone }: { code: string; onClose: () => void; onDone: (r: ImportResultDto) => void }) {
  return <CsvImport<ImportResultDto> code={code} kind="departments" text={DEPARTMENT_TEXT} onClose={onClose} onCommitted={onDone} />;
}

export function StaffCsvImport({ code, onClose, onDone }: { code: string; onClose: () => void; onDone: (r: UserImportResultDto) => void }) {
  return <CsvImport<UserImportResultDto> code={code} kind="users" text={STAFF_TEXT} onClose={onClose} onCommitted={onDone} />;
}

/** The sentence a finished import leaves on the page. */
export function importDoneMessage(r: ImportResultDto, noun: string): string {
  const s = r.summary;
  return `${noun}を取り込みました（新規${s.create}件・変更${s.update}件・変更なし${s.unchanged}件）。`;
}

/** An account made by the staff import whose owner has not yet set a password with their code. */
export function activationPending(u: UserDto): boolean {
  return !u.activated;
}

export function ReissueDialog({
  code,
  user,
  onClose,
  onIssued,
}: {
  code: string;
  user: UserDto;
  onClose: () => void;
  onIssued: (r: ActivationReissueDto) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      onIssued(await onboardingApi.reissue(code, user.id));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog
      title={`有効化コードの再発行（${user.name}）`}
      confirmLabel="再発行する"
      busy={busy}
      error={error}
      onClose={onClose}
      onConfirm={() => void run()}
      testId="reissue-dialog"
    >
      <p>
        {user.name}（{user.loginId}）に新しい有効化コードを発行します。前に発行したコードは使えなくなります。
      </p>
      <p>新しいコードはこのあと一度だけ表示されます。保存して本人に渡してください。</p>
    </ConfirmDialog>
  );
}
