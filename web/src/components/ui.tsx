/** @jsxImportSource react */
/**
 * Small building blocks on the Digital Agency design tokens
 * (@digital-go-jp/tailwind-theme-plugin): buttons, badges, status messages.
 */
import {
  forwardRef,
  useEffect,
  useRef,
  type ButtonHTMLAttributes,
  type ReactNode,
} from 'react';
import { ApiError } from '../lib/api';
import { Link, consumeHeadingFocus } from '../lib/router';

export function cx(...parts: (string | false | null | undefined)[]): string {
  return parts.filter(Boolean).join(' ');
}

type ButtonVariant = 'primary' | 'secondary' | 'tertiary' | 'danger';
type ButtonSize = 'sm' | 'md';

const buttonBase =
  'inline-flex items-center justify-center gap-1 rounded-8 whitespace-nowrap disabled:cursor-not-allowed disabled:opacity-100';
const buttonVariants: Record<ButtonVariant, string> = {
  primary:
    'bg-key-900 text-white border border-key-900 hover:bg-key-1000 hover:border-key-1000 hover:underline underline-offset-3 active:bg-key-1100 disabled:bg-solid-gray-300 disabled:border-solid-gray-300 disabled:text-solid-gray-50',
  secondary:
    'bg-white text-key-900 border border-key-900 hover:bg-key-50 hover:text-key-1000 hover:underline underline-offset-3 active:bg-key-100 disabled:border-solid-gray-300 disabled:text-solid-gray-300',
  tertiary:
    'bg-transparent text-key-900 border border-transparent underline underline-offset-3 hover:bg-key-50 hover:decoration-2 disabled:text-solid-gray-300',
  danger:
    'bg-white text-error-1 border border-error-1 hover:bg-red-50 hover:text-error-2 hover:underline underline-offset-3 disabled:border-solid-gray-300 disabled:text-solid-gray-300',
};
const buttonSizes: Record<ButtonSize, string> = {
  sm: 'min-h-8 px-3 py-1 text-dns-14B-120',
  md: 'min-h-11 px-4 py-2 text-dns-16B-120',
};

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = 'secondary', size = 'md', className, type = 'button', ...rest },
  ref,
) {
  return (
    <button
      ref={ref}
      type={type}
      className={cx(buttonBase, buttonVariants[variant], buttonSizes[size], className)}
      {...rest}
    />
  );
});

export function ButtonLink({
  to,
  variant = 'secondary',
  size = 'md',
  className,
  children,
}: {
  to: string;
  variant?: ButtonVariant;
  size?: ButtonSize;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Link
      to={to}
      className={cx(buttonBase, buttonVariants[variant], buttonSizes[size], 'no-underline', className)}
    >
      {children}
    </Link>
  );
}

type BadgeTone = 'neutral' | 'key' | 'priority' | 'stopped' | 'merged' | 'success' | 'warning' | 'danger' | 'info';
const badgeTones: Record<BadgeTone, string> = {
  neutral: 'bg-solid-gray-50 text-solid-gray-800 border-solid-gray-420',
  key: 'bg-key-50 text-key-1000 border-key-400',
  priority: 'bg-red-50 text-red-1000 border-red-900',
  stopped: 'bg-solid-gray-100 text-solid-gray-800 border-solid-gray-600',
  merged: 'bg-purple-50 text-purple-1000 border-purple-700',
  success: 'bg-green-50 text-green-1000 border-green-700',
  warning: 'bg-yellow-50 text-yellow-1200 border-yellow-700',
  danger: 'bg-red-50 text-red-1000 border-red-800',
  info: 'bg-cyan-50 text-cyan-1100 border-cyan-700',
};

export function Badge({
  tone = 'neutral',
  children,
  className,
  title,
}: {
  tone?: BadgeTone;
  children: ReactNode;
  className?: string;
  title?: string;
}) {
  return (
    <span
      title={title}
      className={cx(
        'inline-flex items-center rounded-4 border px-1.5 py-px text-dns-14B-120 leading-none whitespace-nowrap',
        badgeTones[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}

export function PriorityBadge({ small }: { small?: boolean }) {
  return (
    <Badge tone="priority" className={small ? 'text-[0.75rem] px-1' : undefined}>
      重点
    </Badge>
  );
}

export function StatusBadge({ status, small }: { status: string; small?: boolean }) {
  if (status === 'stopped')
    return (
      <Badge tone="stopped" className={small ? 'text-[0.75rem] px-1' : undefined}>
        中止
      </Badge>
    );
  if (status === 'merged')
    return (
      <Badge tone="merged" className={small ? 'text-[0.75rem] px-1' : undefined}>
        統合
      </Badge>
    );
  return null;
}

export function TagChip({ name }: { name: string }) {
  return (
    <span className="inline-block max-w-full rounded-12 border border-cyan-700 bg-cyan-50 px-1.5 text-[0.75rem] leading-[1.4] text-cyan-1100 [overflow-wrap:anywhere]">
      {name}
    </span>
  );
}

export function Loading({ label = '読み込み中…' }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-2 py-6 text-std-16N-170 text-solid-gray-700">
      <span
        aria-hidden="true"
        className="inline-block size-4 animate-spin rounded-full border-2 border-key-900 border-t-transparent"
      />
      {label}
    </div>
  );
}

export function ErrorState({
  error,
  title = 'データを読み込めませんでした。',
  onRetry,
}: {
  error: ApiError | Error;
  title?: string;
  onRetry?: () => void;
}) {
  // Retrying cannot help when the thing does not exist or is not allowed.
  const canRetry = onRetry && !(error instanceof ApiError && [403, 404].includes(error.status));
  return (
    <div role="alert" className="my-4 rounded-8 border-2 border-error-1 bg-red-50 p-4">
      <p className="text-std-17B-170 text-error-2">{title}</p>
      <p className="text-std-16N-170 text-solid-gray-900">{error.message}</p>
      {canRetry && (
        <Button className="mt-3" size="sm" onClick={onRetry}>
          再読み込み
        </Button>
      )}
    </div>
  );
}

/**
 * A polite success message that takes focus so screen readers announce it.
 * With takeFocus={false} (focus should stay where the user works, e.g. on the
 * row just edited) render it inside an always-present aria-live region.
 */
export function SuccessMessage({
  children,
  onClose,
  takeFocus = true,
}: {
  children: ReactNode;
  onClose?: () => void;
  takeFocus?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (takeFocus) ref.current?.focus();
  }, [takeFocus]);
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="status"
      className="my-3 flex items-start justify-between gap-4 rounded-8 border-2 border-success-1 bg-green-50 px-4 py-3"
    >
      <p className="text-std-16B-170 text-success-2">{children}</p>
      {onClose && (
        <Button variant="tertiary" size="sm" onClick={onClose} aria-label="メッセージを閉じる">
          閉じる
        </Button>
      )}
    </div>
  );
}

export function Breadcrumbs({ items }: { items: { label: string; to?: string }[] }) {
  return (
    <nav aria-label="現在位置" className="no-print mb-2">
      <ol className="flex flex-wrap items-center gap-x-1 text-dns-14N-130 text-solid-gray-700">
        {items.map((it, i) => {
          const last = i === items.length - 1;
          return (
            <li key={i} className="flex items-center gap-1">
              {it.to && !last ? (
                <Link to={it.to}>{it.label}</Link>
              ) : (
                <span aria-current={last ? 'page' : undefined} className={last ? 'text-solid-gray-900' : undefined}>
                  {it.label}
                </span>
              )}
              {!last && (
                <span aria-hidden="true" className="px-1 text-solid-gray-536">
                  ›
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** Page <h1>; takes focus after navigation so screen readers announce the new page. */
export function PageHeading({ children, className }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (consumeHeadingFocus()) ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={ref} id="page-heading" tabIndex={-1} className={cx('text-std-24B-150 text-solid-gray-900 outline-none', className)}>
      {children}
    </h1>
  );
}

export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title}｜行革 gyokaku` : '行革 gyokaku';
  }, [title]);
}
