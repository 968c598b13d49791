/** @jsxImportSource react */
/** Small parts of the reporting screens: state badge, deadline, legend box. */
import type { LegendDto, ReportStateDto } from '../lib/api';
import { formatDate } from '../lib/format';
import { REPORT_STATE_LABELS, STATE_SHORT, STATE_TONE, daysLeftText, daysUntil } from '../lib/pdca';
import { Badge, cx } from './ui';

export function ReportStateBadge({ state, long }: { state: ReportStateDto; long?: boolean }) {
  return (
    <Badge tone={STATE_TONE[state]} title={REPORT_STATE_LABELS[state]} className={long ? 'py-1' : undefined}>
      {long ? REPORT_STATE_LABELS[state] : STATE_SHORT[state]}
    </Badge>
  );
}

/** 令和8年12月18日（あと26日）; red when due within 3 days or past. */
export function Deadline({ date, showDate = true, className }: { date: string; showDate?: boolean; className?: string }) {
  const days = daysUntil(date);
  const urgent = days <= 3;
  return (
    <span className={cx('whitespace-nowrap', className)}>
      {showDate && <time dateTime={date}>{formatDate(date)}</time>}
      <span
        className={cx(
          showDate && 'ml-1',
          'text-dns-14B-130',
          days < 0 ? 'text-error-1' : urgent ? 'text-orange-1100' : 'text-solid-gray-800',
        )}
      >
        {showDate ? `（${daysLeftText(days)}）` : daysLeftText(days)}
      </span>
    </span>
  );
}

/** A legend with every value's definition, as printed under the tables. */
export function LegendBox({ legend, title }: { legend: LegendDto; title?: string }) {
  return (
    <div className="rounded-8 border border-solid-gray-420 bg-solid-gray-50 px-3 py-2" data-testid="legend">
      <p className="text-dns-14B-130 text-solid-gray-900">{title ?? `凡例（${legend.name}）`}</p>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-dns-14N-130">
        {legend.values.map((v) => (
          <div key={v.code} className="contents">
            <dt className="whitespace-nowrap text-dns-14B-130">
              {v.symbol}
              {v.symbol !== v.label && <span className="ml-1 font-normal">{v.label}</span>}
            </dt>
            <dd className="text-solid-gray-800">{v.definition || '―'}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
