/** @jsxImportSource react */
/**
 * The page header: logo, municipality, the signed-in user (name, role, 課),
 * パスワード変更 and ログアウト, the notifications bell with the unread count,
 * and the municipality's main menu (計画, 照会, 会議・意見, 予定表; for the
 * secretariat also 公表, 監査ログ and 利用者).
 */
import { useEffect, useRef, useState } from 'react';
import { apiPaths, type MunicipalityDto, type NotificationListDto } from '../lib/api';
import { isOffice, signOut, useCurrentUser } from '../lib/auth';
import { Link, paths, useLocation } from '../lib/router';
import { invalidate, useApi } from '../lib/useApi';
import { PasswordDialog } from './PasswordDialog';
import { TotpDialog } from './TotpDialog';
import { cx } from './ui';

type Section = 'plans' | 'rounds' | 'review' | 'calendar' | 'publications' | 'audit' | 'users' | null;

function sectionOf(pathname: string): Section {
  const parts = pathname.split('/').filter(Boolean);
  if (parts[0] !== 'm') return null;
  switch (parts[2]) {
    case undefined:
    case 'plans':
    case 'departments':
    case 'tags':
      return 'plans';
    case 'rounds':
    case 'reports':
      return 'rounds';
    case 'meetings':
    case 'opinions':
      return 'review';
    case 'calendar':
      return 'calendar';
    case 'publications':
      return 'publications';
    case 'audit':
      return 'audit';
    case 'users':
      return 'users';
    default:
      return null;
  }
}

function BellIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2">
      <path d="M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15L6 16Z" strokeLinejoin="round" />
      <path d="M10 20a2 2 0 0 0 4 0" strokeLinecap="round" />
    </svg>
  );
}

const UNREAD_REFRESH_MS = 60_000;

function NotificationBell({ code }: { code: string }) {
  const path = apiPaths.notifications(code, { unread: true, limit: 1 });
  const res = useApi<NotificationListDto>(path, { keepPrevious: true });
  const { pathname } = useLocation();
  // Fresh count after moving between pages and every minute.
  useEffect(() => {
    const t = window.setInterval(() => invalidate(path), UNREAD_REFRESH_MS);
    return () => window.clearInterval(t);
  }, [path]);
  const seen = useRef(pathname);
  useEffect(() => {
    if (seen.current === pathname) return;
    seen.current = pathname;
    invalidate(path);
  }, [pathname, path]);
  const unread = res.data?.unread ?? 0;
  const here = pathname === paths.notifications(code);
  return (
    <Link
      to={paths.notifications(code)}
      aria-current={here ? 'page' : undefined}
      className="relative inline-flex size-10 items-center justify-center rounded-8 text-solid-gray-800 no-underline hover:bg-key-50 hover:text-key-1000"
      data-testid="notification-bell"
    >
      <BellIcon />
      <span className="sr-only">通知{unread > 0 ? `（未読${unread}件）` : '（未読なし）'}</span>
      {unread > 0 && (
        <span
          aria-hidden="true"
          className="absolute right-0 top-0 inline-flex min-w-5 items-center justify-center rounded-full bg-error-1 px-1 text-[0.75rem] font-bold leading-5 text-white"
        >
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}

function MainMenu({ code, office }: { code: string; office: boolean }) {
  const { pathname } = useLocation();
  const current = sectionOf(pathname);
  const items: { key: Exclude<Section, null>; label: string; to: string }[] = [
    { key: 'plans', label: '計画', to: paths.municipality(code) },
    { key: 'rounds', label: '照会（進捗報告）', to: paths.rounds(code) },
    { key: 'review', label: '会議・意見', to: paths.meetings(code) },
    { key: 'calendar', label: '予定表', to: paths.calendar(code) },
    ...(office
      ? [
          { key: 'publications' as const, label: '公表', to: paths.publications(code) },
          { key: 'audit' as const, label: '監査ログ', to: paths.audit(code) },
          { key: 'users' as const, label: '利用者', to: paths.users(code) },
        ]
      : []),
  ];
  return (
    <nav aria-label="メインメニュー" className="border-t border-solid-gray-200">
      <ul className="mx-auto flex w-full max-w-[1600px] flex-wrap gap-x-1 px-2 lg:px-4">
        {items.map((it) => {
          const active = current === it.key;
          return (
            <li key={it.key}>
              <Link
                to={it.to}
                aria-current={pathname === it.to ? 'page' : active ? 'true' : undefined}
                className={cx(
                  'block border-b-4 px-3 pb-1.5 pt-2 text-dns-16B-120 no-underline',
                  active
                    ? 'border-key-900 text-key-1000'
                    : 'border-transparent text-solid-gray-800 hover:border-key-300 hover:text-key-1000 hover:underline',
                )}
              >
                {it.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function UserBlock() {
  const user = useCurrentUser();
  const [dialog, setDialog] = useState(false);
  const [totpDialog, setTotpDialog] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <p className="flex items-center gap-2 text-dns-14N-130 text-solid-gray-800" data-testid="current-user">
        <span
          aria-hidden="true"
          className="inline-flex size-8 shrink-0 items-center justify-center rounded-full bg-key-100 text-dns-14B-120 text-key-1000"
        >
          {user.name.slice(0, 1)}
        </span>
        <span className="grid leading-tight">
          <span className="text-dns-14B-130 text-solid-gray-900">
            <span className="sr-only">ログイン中の利用者：</span>
            {user.name}
          </span>
          <span className="text-[0.8125rem] text-solid-gray-700">
            <span className="sr-only">役割：</span>
            {user.roleLabel}
            {user.departments.length > 0 && (
              <>
                <span aria-hidden="true">｜</span>
                <span className="sr-only">、所属：</span>
                {user.departments.map((d) => d.name).join('・')}
              </>
            )}
          </span>
        </span>
      </p>
      <button
        type="button"
        className="rounded-6 px-2 py-1 text-dns-14N-130 text-key-900 underline underline-offset-3 hover:bg-key-50"
        onClick={() => setDialog(true)}
      >
        パスワード変更
      </button>
      <button
        type="button"
        className="rounded-6 px-2 py-1 text-dns-14N-130 text-key-900 underline underline-offset-3 hover:bg-key-50"
        onClick={() => setTotpDialog(true)}
      >
        二段階認証
      </button>
      <button
        type="button"
        disabled={busy}
        className="rounded-8 border border-solid-gray-600 bg-white px-3 py-1 text-dns-14B-120 text-solid-gray-900 hover:bg-solid-gray-50"
        onClick={() => {
          setBusy(true);
          void signOut().finally(() => setBusy(false));
        }}
      >
        ログアウト
      </button>
      {dialog && <PasswordDialog onClose={() => setDialog(false)} />}
      {totpDialog && <TotpDialog onClose={() => setTotpDialog(false)} />}
    </div>
  );
}

export function Header({ code, signedIn = true }: { code: string | null; signedIn?: boolean }) {
  const user = useCurrentUser();
  const office = isOffice(user.role);
  const munis = useApi<{ items: MunicipalityDto[] }>(signedIn && code ? apiPaths.municipalities() : null);
  const muni = code ? munis.data?.items.find((m) => m.code === code) : undefined;
  // 自治体の選択 (system administrators) has no municipality yet: no menu there.
  const menuCode = signedIn ? code : null;

  return (
    <header className="no-print border-b border-solid-gray-420 bg-white">
      <div className="mx-auto flex w-full max-w-[1600px] flex-wrap items-center gap-x-6 gap-y-1 px-4 py-2 lg:px-6">
        <Link
          to={signedIn ? paths.home() : paths.login()}
          className="flex items-baseline gap-2 text-solid-gray-900 no-underline hover:text-key-1000"
          aria-label="行革 gyokaku（トップへ）"
        >
          <span className="text-std-22B-150 text-key-1000">行革</span>
          <span className="text-dns-16B-120 text-solid-gray-700">gyokaku</span>
        </Link>
        {signedIn && code && (
          <p className="flex items-center gap-2 text-dns-16B-130">
            <span className="sr-only">自治体：</span>
            {muni ? (
              <Link to={paths.municipality(code)} className="text-solid-gray-900 no-underline hover:underline">
                {muni.prefecture} {muni.name}
              </Link>
            ) : (
              <span className="text-solid-gray-700">{munis.loading ? '…' : code}</span>
            )}
          </p>
        )}
        {signedIn && menuCode && (
          <div className="ml-auto">
            <NotificationBell code={menuCode} />
          </div>
        )}
        {signedIn && (
          <div className={cx('flex w-full flex-wrap items-center justify-between gap-x-4 gap-y-1 sm:w-auto', !menuCode && 'sm:ml-auto')}>
            <UserBlock />
          </div>
        )}
      </div>
      {signedIn && menuCode && <MainMenu code={menuCode} office={office} />}
    </header>
  );
}
