/** @jsxImportSource react */
/**
 * 団体の設定: 自己承認 (may the last writer of a report approve it) and 他課の回答の閲覧 (from which state
 * departments read other departments' answers). Shown to the office; changed by system administrators
 * only (the server refuses anyone else and records each change in the audit log).
 */
import { useState } from 'react';
import type { MunicipalitySettingsDto } from '../../../../src/shared/api-types.js';
import { Button, ErrorState } from '../../components/ui';
import { ApiError, request } from '../../lib/api';
import { useApi } from '../../lib/useApi';

export function SelfApprovalSetting({ code }: { code: string }) {
  const path = `/api/m/${encodeURIComponent(code)}/settings`;
  const res = useApi<MunicipalitySettingsDto>(path);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (res.error) return <ErrorState error={res.error} onRetry={res.reload} />;
  const s = res.data;
  if (!s) return null;

  const change = async (patch: Partial<Pick<MunicipalitySettingsDto, 'allowSelfApproval' | 'othersReadFrom'>>) => {
    setBusy(true);
    setError(null);
    try {
      await request<MunicipalitySettingsDto>('PUT', path, patch);
      res.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '設定を保存できませんでした。もう一度お試しください。');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="self-approval-h" className="mt-6 rounded-8 border border-solid-gray-200 bg-white px-4 py-3" data-testid="self-approval-setting">
      <h2 id="self-approval-h" className="text-std-17B-170">
        報告の承認（職務の分離）
      </h2>
      <p className="mt-1 text-dns-14N-130 text-solid-gray-800">
        {s.allowSelfApproval
          ? '自己承認を認めています：報告を最後に作成・提出した人も、その報告を承認できます（監査記録に「自己承認」と残ります）。'
          : '自己承認を認めていません：報告を最後に作成・提出した人は、その報告を承認できません。課内の別の承認者か事務局が承認します。'}
      </p>
      {s.editable ? (
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <Button size="sm" variant="secondary" disabled={busy} onClick={() => void change({ allowSelfApproval: !s.allowSelfApproval })}>
            {busy ? '保存中…' : s.allowSelfApproval ? '自己承認を認めないようにする' : '自己承認を認める（一人の課がある場合）'}
          </Button>
          {error && (
            <p role="alert" className="text-dns-14N-130 text-error-1">
              {error}
            </p>
          )}
        </div>
      ) : (
        <p className="mt-1 text-dns-14N-130 text-solid-gray-700">この設定はシステム管理者が変更します。</p>
      )}
      <h2 id="others-read-h" className="mt-4 text-std-17B-170">
        他課の回答の閲覧
      </h2>
      <p className="mt-1 text-dns-14N-130 text-solid-gray-800" data-testid="others-read-from">
        {s.othersReadFrom === 'submitted'
          ? '担当課は、他の課の回答を提出された時点から見られます（下書き・差戻し中のものは見られません）。'
          : '担当課は、他の課の回答を事務局が確認した後に見られます（既定）。審議会委員・閲覧者は、設定にかかわらず事務局が確認した回答だけを見ます。'}
      </p>
      {s.editable && (
        <div className="mt-2">
          <Button
            size="sm"
            variant="secondary"
            disabled={busy}
            onClick={() => void change({ othersReadFrom: s.othersReadFrom === 'submitted' ? 'accepted' : 'submitted' })}
          >
            {busy ? '保存中…' : s.othersReadFrom === 'submitted' ? '事務局の確認後に見られるようにする（既定）' : '提出された時点から見られるようにする'}
          </Button>
        </div>
      )}
    </section>
  );
}
