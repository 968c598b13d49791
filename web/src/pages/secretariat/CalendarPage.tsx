/** @jsxImportSource react */
/**
 * 予定表: the deadlines of every round and the meetings of one 年度, by month
 * (和暦 month headings), with each round's state.
 */
import type { ReactNode } from 'react';
import { LegendNote, tableCls, tdCls, thCls, theadCls } from '../../components/secretariat-ui';
import { Badge, Button, ButtonLink, ErrorState, Loading, cx } from '../../components/ui';
import { todayIso } from '../../lib/format';
import { Link, useLocation } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import type { MeetingListDto } from '../../../../src/shared/api-types-review.js';
import type { CalendarDto } from '../../../../src/shared/api-types-views.js';
import { fiscalYearLabel, fiscalYearOf } from './domain';
import { SecFrame } from './frame';
import { dateW, monthLabel, secApiPaths, secPaths } from './lib';
import { RoundStateBadge } from './roundForms';

interface Entry {
  date: string;
  kind: 'deadline' | 'meeting';
  key: string;
  node: ReactNode;
}

export function CalendarPage({ code }: { code: string }) {
  const { search } = useLocation();
  const fyParam = new URLSearchParams(search).get('fy');
  const today = todayIso();
  const fy = fyParam && /^\d{4}$/.test(fyParam) ? Number(fyParam) : fiscalYearOf(today);
  const from = `${fy}-04-01`;
  const to = `${fy + 1}-03-31`;
  const cal = useApi<CalendarDto>(secApiPaths.calendar(code, from, to), { keepPrevious: true });
  const meetings = useApi<MeetingListDto>(secApiPaths.meetings(code, { from, to }), { keepPrevious: true });

  const months: string[] = [];
  for (let i = 0; i < 12; i++) {
    const y = i < 9 ? fy : fy + 1;
    const mth = ((i + 3) % 12) + 1;
    months.push(`${y}-${String(mth).padStart(2, '0')}`);
  }

  const entries: Entry[] = [];
  for (const it of cal.data?.items ?? []) {
    const r = it.round;
    entries.push({
      date: it.deadline.date,
      kind: 'deadline',
      key: `r-${r.id}`,
      node: (
        <span className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
          <Link to={secPaths.round(code, r.id)} className="text-dns-16B-130">
            {r.label}
          </Link>
          <span className="text-dns-14N-130 text-solid-gray-800">{r.planTitle}</span>
          <RoundStateBadge round={r} />
          {r.state === 'open' && (
            <span className={cx('text-dns-14B-130', it.deadline.overdue ? 'text-error-1' : 'text-solid-gray-800')}>{it.deadline.text}</span>
          )}
        </span>
      ),
    });
  }
  for (const mt of meetings.data?.items ?? []) {
    entries.push({
      date: mt.heldOn,
      kind: 'meeting',
      key: `m-${mt.id}`,
      node: (
        <span className="flex flex-wrap items-center gap-x-2">
          <Link to={secPaths.meeting(code, mt.id)} className="text-dns-16B-130">
            {mt.title}
          </Link>
          <span className="text-dns-14N-130 text-solid-gray-800">{mt.body}</span>
        </span>
      ),
    });
  }
  entries.sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind));

  return (
    <SecFrame
      code={code}
      section="calendar"
      crumbs={[{ label: '予定表' }]}
      title={`予定表（${fiscalYearLabel(fy)}）`}
      docTitle={`予定表（${fiscalYearLabel(fy)}）`}
      actions={
        <>
          <ButtonLink size="sm" to={secPaths.calendar(code, fy - 1)}>
            ← {fiscalYearLabel(fy - 1)}
          </ButtonLink>
          {fy !== fiscalYearOf(today) && (
            <ButtonLink size="sm" to={secPaths.calendar(code)}>
              今年度
            </ButtonLink>
          )}
          <ButtonLink size="sm" to={secPaths.calendar(code, fy + 1)}>
            {fiscalYearLabel(fy + 1)} →
          </ButtonLink>
          <Button size="sm" variant="tertiary" onClick={() => window.print()}>
            印刷
          </Button>
        </>
      }
      lead={`照会の回答期限と会議の開催日（${dateW(from)}〜${dateW(to)}）。`}
    >
      {(cal.loading || meetings.loading) && !cal.data && <Loading />}
      {cal.error && <ErrorState error={cal.error} onRetry={cal.reload} />}
      {meetings.error && <ErrorState error={meetings.error} title="会議を読み込めませんでした。" onRetry={meetings.reload} />}
      {cal.data && (
        <div className="mt-4 overflow-x-auto">
          <table className={tableCls} data-testid="calendar">
            <caption className="sr-only">{fiscalYearLabel(fy)}の予定（月別）</caption>
            <thead className={theadCls}>
              <tr>
                <th scope="col" className={cx(thCls, 'w-40')}>月</th>
                <th scope="col" className={cx(thCls, 'w-52')}>日付</th>
                <th scope="col" className={cx(thCls, 'w-24')}>種類</th>
                <th scope="col" className={thCls}>内容</th>
              </tr>
            </thead>
            {months.map((mth) => {
              const list = entries.filter((e) => e.date.startsWith(mth));
              const current = today.startsWith(mth);
              return (
                <tbody key={mth} data-testid="calendar-month" data-month={mth} className={cx(current && 'bg-key-50 print:bg-white')}>
                  {list.length === 0 ? (
                    <tr>
                      <th scope="row" className={cx(tdCls, 'text-left')}>
                        {monthLabel(mth)}
                        {current && <span className="ml-1 text-dns-14N-130">（今月）</span>}
                      </th>
                      <td className={cx(tdCls, 'text-solid-gray-536')} colSpan={3}>
                        予定なし
                      </td>
                    </tr>
                  ) : (
                    list.map((e, i) => (
                      <tr key={e.key} data-testid="calendar-entry" data-kind={e.kind}>
                        {i === 0 && (
                          <th scope="rowgroup" rowSpan={list.length} className={cx(tdCls, 'text-left')}>
                            {monthLabel(mth)}
                            {current && <span className="ml-1 text-dns-14N-130">（今月）</span>}
                          </th>
                        )}
                        <td className={cx(tdCls, 'whitespace-nowrap', e.date === today && 'font-bold')}>
                          {dateW(e.date)}
                          {e.date === today && '（本日）'}
                        </td>
                        <td className={tdCls}>
                          <Badge tone={e.kind === 'deadline' ? 'warning' : 'key'}>{e.kind === 'deadline' ? '回答期限' : '会議'}</Badge>
                        </td>
                        <td className={tdCls}>{e.node}</td>
                      </tr>
                    ))
                  )}
                </tbody>
              );
            })}
          </table>
        </div>
      )}
      <LegendNote
        items={[
          { term: '回答期限', definition: '照会の回答期限（準備中・照会中・締切済みの状態つき）' },
          { term: '会議', definition: '推進本部・幹事会・専門部会・審議会などの開催日' },
        ]}
      />
    </SecFrame>
  );
}
