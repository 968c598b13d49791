/** @jsxImportSource react */
/**
 * Small generic parts used by the secretariat screens: dense printable table
 * classes, a wide modal, a confirmation modal, a count that opens its rows,
 * a percentage bar, a pager and a legend note printed under a table.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button, cx } from './ui';

// ───────────── tables ─────────────

/** Dense table; borders print. */
const tableBase = 'border-collapse text-left text-dns-14N-130 print:text-[10pt]';
export const tableCls = `w-full ${tableBase}`;
/** As wide as its content (short tables of numbers). */
export const tableAutoCls = `w-auto ${tableBase}`;
export const theadCls = 'bg-solid-gray-50 text-dns-14B-130 text-solid-gray-800 print:bg-white';
export const thCls = 'border border-solid-gray-420 px-2 py-1.5 align-bottom font-bold';
export const tdCls = 'border border-solid-gray-420 px-2 py-1 align-top';
export const numCls = 'text-right tabular-nums whitespace-nowrap';
export const tableWrapCls = 'overflow-x-auto print:overflow-visible';

// ───────────── dialogs ─────────────

/**
 * Native modal <dialog> (focus trapped, Esc closes, focus returns to the
 * opener), wider than the form dialog: for lists of rows.
 */
export function WideDialog({
  title,
  onClose,
  children,
  describedBy,
  width = '64rem',
  testId,
}: {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  describedBy?: string;
  width?: string;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => {
      opener?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      style={{ width: `min(${width}, calc(100vw - 2rem))` }}
      className="m-auto max-h-[calc(100vh-2rem)] rounded-12 border border-solid-gray-420 bg-white p-0 shadow-4"
    >
      <div className="sticky top-0 z-10 flex items-center justify-between gap-4 border-b border-solid-gray-200 bg-white px-5 py-3">
        <h2 id={titleId} className="text-std-18B-160">
          {title}
        </h2>
        <button
          type="button"
          onClick={onClose}
          className="shrink-0 rounded-6 px-2 py-1 text-dns-14N-130 text-solid-gray-800 underline hover:bg-solid-gray-50"
        >
          閉じる
        </button>
      </div>
      <div className="px-5 py-4">{children}</div>
    </dialog>
  );
}

/**
 * "Are you sure?" with optional extra inputs (children). The error, if any,
 * is shown inside so the user can correct and retry.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busyLabel = '処理しています…',
  danger,
  busy,
  error,
  onConfirm,
  onClose,
  testId,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busyLabel?: string;
  danger?: boolean;
  busy?: boolean;
  error?: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
  testId?: string;
}) {
  const descId = useId();
  return (
    <WideDialog title={title} onClose={onClose} describedBy={descId} width="36rem" testId={testId}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
      >
        <div id={descId} className="grid gap-3 text-std-16N-170">
          {children}
        </div>
        {error && (
          <div role="alert" className="mt-3 rounded-8 border-2 border-error-1 bg-red-50 px-3 py-2 text-std-16N-170 text-error-2">
            {error}
          </div>
        )}
        <div className="mt-5 flex flex-wrap gap-3">
          <Button type="submit" variant={danger ? 'danger' : 'primary'} disabled={busy}>
            {busy ? busyLabel : confirmLabel}
          </Button>
          <Button onClick={onClose} disabled={busy}>
            キャンセル
          </Button>
        </div>
      </form>
    </WideDialog>
  );
}

// ───────────── numbers ─────────────

/**
 * A published figure that opens the rows behind it. A button (not plain text)
 * so that every number can be checked; its accessible name says what it counts.
 */
export function CountButton({
  count,
  label,
  onOpen,
  strong,
  suffix = '',
  className,
  testId,
}: {
  count: number;
  /** what is counted, e.g. 「財政課の未提出」 (read as 「財政課の未提出 4件の内訳を表示」) */
  label: string;
  onOpen: () => void;
  strong?: boolean;
  suffix?: string;
  className?: string;
  testId?: string;
}) {
  return (
    <button
      type="button"
      onClick={onOpen}
      aria-label={`${label} ${count.toLocaleString('ja-JP')}件の内訳を表示`}
      data-testid={testId}
      data-count={count}
      className={cx(
        'rounded-4 px-1 tabular-nums underline underline-offset-3 hover:bg-key-50 hover:decoration-2 print:no-underline',
        count === 0 ? 'text-solid-gray-536 decoration-solid-gray-420' : 'text-key-900',
        strong && 'font-bold',
        className,
      )}
    >
      {count.toLocaleString('ja-JP')}
      {suffix}
    </button>
  );
}

/** Horizontal bar for a percentage; the number is written next to it. */
export function PercentBar({ percent, label, tone = 'key' }: { percent: number; label: string; tone?: 'key' | 'success' | 'warning' }) {
  const p = Math.max(0, Math.min(100, percent));
  const fill = tone === 'success' ? 'bg-green-700' : tone === 'warning' ? 'bg-yellow-700' : 'bg-key-700';
  return (
    <span className="flex min-w-40 items-center gap-2" title={`${label} ${p}%`}>
      <span
        role="img"
        aria-label={`${label} ${p}%`}
        className="relative h-3 flex-1 overflow-hidden rounded-4 border border-solid-gray-536 bg-white print:border-black"
      >
        <span className={cx('absolute inset-y-0 left-0', fill)} style={{ width: `${p}%` }} />
      </span>
      <span aria-hidden="true" className="w-11 text-right tabular-nums">
        {p}%
      </span>
    </span>
  );
}

// ───────────── legend under a table ─────────────

export interface NoteItem {
  term: ReactNode;
  definition: ReactNode;
}

/** Definitions printed under a table (凡例). */
export function LegendNote({ title = '凡例', items, children }: { title?: string; items: NoteItem[]; children?: ReactNode }) {
  if (!items.length && !children) return null;
  return (
    <div className="mt-1.5 rounded-4 border border-solid-gray-200 bg-solid-gray-50 px-3 py-1.5 text-dns-14N-130 leading-[1.6] text-solid-gray-800 print:bg-white">
      <span className="mr-2 font-bold">{title}</span>
      {items.length > 0 && (
        <dl className="inline">
          {items.map((it, i) => (
            // a <div> is the only wrapper a <dl> may hold around a dt/dd group (a <span> breaks the list for screen readers)
            <div key={i} className="mr-3 inline-block">
              <dt className="inline font-bold">{it.term}</dt>
              <dd className="inline">：{it.definition}</dd>
            </div>
          ))}
        </dl>
      )}
      {children && <div className="mt-0.5">{children}</div>}
    </div>
  );
}

// ───────────── paging ─────────────

export function Pager({
  page,
  pageSize,
  total,
  onPage,
  label = 'ページ',
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  label?: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav aria-label={label} className="no-print flex flex-wrap items-center gap-3 text-dns-14N-130">
      <span aria-live="polite">
        {total.toLocaleString('ja-JP')}件中 {from.toLocaleString('ja-JP')}〜{to.toLocaleString('ja-JP')}件目（{page}/{pages}ページ）
      </span>
      <Button size="sm" onClick={() => onPage(1)} disabled={page <= 1}>
        最初
      </Button>
      <Button size="sm" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        前へ
      </Button>
      <Button size="sm" onClick={() => onPage(page + 1)} disabled={page >= pages}>
        次へ
      </Button>
      <Button size="sm" onClick={() => onPage(pages)} disabled={page >= pages}>
        最後
      </Button>
    </nav>
  );
}

/** A titled block of a page (h2 + optional actions on the right). */
export function Section({
  id,
  title,
  actions,
  children,
  className,
  testId,
}: {
  id: string;
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section aria-labelledby={`${id}-h`} className={cx('mt-6', className)} data-testid={testId}>
      <div className="mb-1.5 flex flex-wrap items-end justify-between gap-x-4 gap-y-1 border-b-2 border-key-900 pb-1 break-after-avoid">
        <h2 id={`${id}-h`} className="text-std-18B-160 text-solid-gray-900">
          {title}
        </h2>
        {actions && <div className="no-print flex flex-wrap items-center gap-3">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
