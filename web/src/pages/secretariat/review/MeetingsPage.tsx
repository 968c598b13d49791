/** @jsxImportSource react */
/**
 * 会議の一覧: the meetings of the review bodies (推進本部・幹事会・専門部会・審議会
 * and others), newest first, filtered by body.
 */
import { LegendNote, numCls, tableCls, tableWrapCls, tdCls, thCls, theadCls } from '../../../components/secretariat-ui';
import { ButtonLink, ErrorState, Loading, cx } from '../../../components/ui';
import { Link, navigate, useLocation } from '../../../lib/router';
import { useApi } from '../../../lib/useApi';
import type { MeetingListDto } from '../../../../../src/shared/api-types-review.js';
import { SecFrame } from '../frame';
import { dateW, num, secApiPaths, secPaths, useStaff } from '../lib';
import { STANDARD_BODIES } from './common';

export function MeetingsPage({ code }: { code: string }) {
  const staff = useStaff();
  const { search } = useLocation();
  const body = new URLSearchParams(search).get('body') ?? '';
  const res = useApi<MeetingListDto>(secApiPaths.meetings(code, { body: body || undefined }), { keepPrevious: true });
  const all = useApi<MeetingListDto>(secApiPaths.meetings(code));
  const otherBodies = [...new Set((all.data?.items ?? []).map((m) => m.body))].filter((b) => !(STANDARD_BODIES as readonly string[]).includes(b));
  const tabs = ['', ...STANDARD_BODIES, ...otherBodies];

  return (
    <SecFrame
      code={code}
      section="meetings"
      crumbs={[{ label: '会議' }]}
      title="会議（会議体）"
      docTitle="会議の一覧"
      actions={
        staff.isOffice ? (
          <ButtonLink variant="primary" size="sm" to={secPaths.newMeeting(code)}>
            ＋ 会議を登録
          </ButtonLink>
        ) : undefined
      }
      lead="推進本部・幹事会・専門部会・審議会の会議と、出席者・議題・議事録、会議で出た意見を記録します。"
    >
      <nav aria-label="会議体で絞り込む" className="no-print mt-3">
        <ul className="flex flex-wrap gap-2">
          {tabs.map((t) => {
            const active = t === body;
            return (
              <li key={t || '_all'}>
                <button
                  type="button"
                  aria-pressed={active}
                  onClick={() => navigate(secPaths.meetings(code, t || undefined), { replace: true })}
                  className={cx(
                    'rounded-full border px-3 py-1 text-dns-14N-130',
                    active ? 'border-key-900 bg-key-900 text-white' : 'border-solid-gray-536 bg-white text-solid-gray-900 hover:bg-key-50',
                  )}
                >
                  {t || 'すべて'}
                </button>
              </li>
            );
          })}
        </ul>
      </nav>
      {res.loading && !res.data && <Loading />}
      {res.error && <ErrorState error={res.error} onRetry={res.reload} />}
      {res.data && res.data.items.length === 0 && (
        <p className="mt-4 text-std-16N-170">{body ? `${body}の会議は登録されていません。` : '会議は登録されていません。'}</p>
      )}
      {res.data && res.data.items.length > 0 && (
        <div className={cx(tableWrapCls, 'mt-3')}>
          <table className={tableCls} data-testid="meeting-list">
            <caption className="sr-only">{body || 'すべての会議体'}の会議（新しい順）</caption>
            <thead className={theadCls}>
              <tr>
                <th scope="col" className={thCls}>開催日</th>
                <th scope="col" className={thCls}>会議体</th>
                <th scope="col" className={thCls}>会議名</th>
                <th scope="col" className={cx(thCls, 'text-right')}>出席者</th>
                <th scope="col" className={cx(thCls, 'text-right')}>議題</th>
                <th scope="col" className={cx(thCls, 'text-right')}>意見（対応方針待ち）</th>
                <th scope="col" className={cx(thCls, 'text-right')}>意見（回答済み）</th>
                <th scope="col" className={cx(thCls, 'text-right')}>意見（完了）</th>
              </tr>
            </thead>
            <tbody>
              {res.data.items.map((m) => (
                <tr key={m.id} className="hover:bg-key-50" data-testid="meeting-row">
                  <td className={cx(tdCls, 'whitespace-nowrap')}>{dateW(m.heldOn)}</td>
                  <td className={cx(tdCls, 'whitespace-nowrap')}>{m.body}</td>
                  <td className={tdCls}>
                    <Link to={secPaths.meeting(code, m.id)} className="text-dns-16B-130">
                      {m.title}
                    </Link>
                  </td>
                  <td className={cx(tdCls, numCls)}>{num(m.memberCount)}人</td>
                  <td className={cx(tdCls, numCls)}>{num(m.agendaCount)}件</td>
                  <td className={cx(tdCls, numCls)}>
                    <Link to={secPaths.opinions(code, `meeting=${m.id}&state=open`)} aria-label={`${m.title}の対応方針待ちの意見 ${m.opinions.open}件`}>
                      {num(m.opinions.open)}
                    </Link>
                  </td>
                  <td className={cx(tdCls, numCls)}>
                    <Link to={secPaths.opinions(code, `meeting=${m.id}&state=answered`)} aria-label={`${m.title}の回答済みの意見 ${m.opinions.answered}件`}>
                      {num(m.opinions.answered)}
                    </Link>
                  </td>
                  <td className={cx(tdCls, numCls)}>
                    <Link to={secPaths.opinions(code, `meeting=${m.id}&state=closed`)} aria-label={`${m.title}の完了した意見 ${m.opinions.closed}件`}>
                      {num(m.opinions.closed)}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LegendNote
        items={[
          { term: '対応方針待ち', definition: '担当課の対応方針（回答）を待っている意見' },
          { term: '回答済み', definition: '担当課が回答し、事務局の確認を待っている意見' },
          { term: '完了', definition: '事務局が確認して完了とした意見' },
        ]}
      />
    </SecFrame>
  );
}
