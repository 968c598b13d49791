/** @jsxImportSource react */
/**
 * 通知: the signed-in user's notifications (reminders, opinions assigned …),
 * newest first. Opening one marks it read; 「すべて既読にする」 marks all.
 */
import { useState } from 'react';
import { Breadcrumbs, Button, ErrorState, Loading, PageHeading, cx, useDocumentTitle } from '../components/ui';
import { ApiError, api, apiPaths, type MunicipalityDto, type NotificationDto, type NotificationListDto } from '../lib/api';
import { isDepartmentRole, useCurrentUser, type CurrentUser } from '../lib/auth';
import { formatDateTime } from '../lib/format';
import { Link, navigate, paths } from '../lib/router';
import { invalidate, useApi } from '../lib/useApi';

const KIND_LABELS: Record<string, string> = {
  reminder: '督促',
  'opinion.assigned': '意見の担当',
  'opinion.returned': '意見の差戻し',
};

/**
 * Where a notification leads. Reminders link to the round (the secretariat's
 * status page); a 課 answers in its inbox, so department staff go there.
 */
export function notificationTarget(n: NotificationDto, user: CurrentUser): string | null {
  if (!n.link || !n.link.startsWith('/') || n.link.startsWith('//')) return null;
  const m = /^\/m\/([^/]+)\/rounds\/([0-9a-f-]{36})\/?$/i.exec(n.link);
  if (m && isDepartmentRole(user.role)) return paths.inbox(decodeURIComponent(m[1]!), m[2]!, user.departments[0]?.id ?? null);
  return n.link;
}

export function NotificationsPage({ code }: { code: string }) {
  const user = useCurrentUser();
  const path = apiPaths.notifications(code, { limit: 100 });
  const list = useApi<NotificationListDto>(path);
  const munis = useApi<{ items: MunicipalityDto[] }>(apiPaths.municipalities());
  const muni = munis.data?.items.find((m) => m.code === code);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useDocumentTitle('通知');

  const refresh = () => invalidate(apiPaths.notifications(code));

  const open = async (n: NotificationDto) => {
    const to = notificationTarget(n, user);
    if (!n.readAt) {
      try {
        await api.markNotificationRead(code, n.id);
        refresh();
      } catch {
        /* reading the target matters more than the mark */
      }
    }
    if (to) navigate(to);
  };

  const markRead = async (n: NotificationDto) => {
    setError(null);
    try {
      await api.markNotificationRead(code, n.id);
      refresh();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  const markAll = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.markAllNotificationsRead(code);
      refresh();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const items = list.data?.items ?? [];
  const unread = list.data?.unread ?? 0;

  return (
    <div>
      <Breadcrumbs
        items={[
          ...(user.allMunicipalities ? [{ label: '自治体の選択', to: paths.home() }] : []),
          { label: muni?.name ?? code, to: paths.municipality(code) },
          { label: '通知' },
        ]}
      />
      <div className="flex flex-wrap items-start justify-between gap-3">
        <PageHeading>通知</PageHeading>
        {unread > 0 && (
          <Button size="sm" onClick={() => void markAll()} disabled={busy}>
            すべて既読にする
          </Button>
        )}
      </div>
      <p className="mt-1 text-std-16N-170 text-solid-gray-800" aria-live="polite">
        {list.data ? (unread > 0 ? `未読の通知が${unread}件あります。` : '未読の通知はありません。') : ''}
      </p>
      {error && (
        <p role="alert" className="mt-2 rounded-8 border-2 border-error-1 bg-red-50 px-3 py-2 text-error-2">
          {error}
        </p>
      )}
      {list.loading && !list.data && <Loading />}
      {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.data && items.length === 0 && <p className="mt-4 text-std-16N-170">通知はありません。</p>}
      {items.length > 0 && (
        <ul className="mt-3 grid gap-2" data-testid="notifications">
          {items.map((n) => {
            const to = notificationTarget(n, user);
            return (
              <li
                key={n.id}
                data-testid="notification"
                className={cx(
                  'rounded-8 border px-4 py-3',
                  n.readAt ? 'border-solid-gray-200 bg-white' : 'border-key-400 border-l-4 border-l-key-900 bg-key-50',
                )}
              >
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-2 text-dns-14N-130 text-solid-gray-800">
                      {!n.readAt && <span className="rounded-4 bg-key-900 px-1.5 text-[0.75rem] font-bold leading-5 text-white">未読</span>}
                      <span>{KIND_LABELS[n.kind] ?? 'お知らせ'}</span>
                      <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
                    </p>
                    <h2 className="mt-0.5 text-std-17B-170">
                      {to ? (
                        <Link
                          to={to}
                          onClick={(e) => {
                            if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                            e.preventDefault();
                            void open(n);
                          }}
                        >
                          {n.title}
                        </Link>
                      ) : (
                        n.title
                      )}
                    </h2>
                    {n.body && <p className="mt-0.5 whitespace-pre-line text-std-16N-170">{n.body}</p>}
                  </div>
                  {!n.readAt && (
                    <Button size="sm" variant="tertiary" onClick={() => void markRead(n)} aria-label={`「${n.title}」を既読にする`}>
                      既読にする
                    </Button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
