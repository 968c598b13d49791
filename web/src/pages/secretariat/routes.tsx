/** @jsxImportSource react */
/**
 * Secretariat and review-body screens (照会の管理, 集計, 督促, 予定表, 会議, 意見,
 * 公表, 監査ログ, 利用者). App.tsx asks this matcher before answering 404.
 *
 *   /m/:code/rounds                      計画ごとの照会（作成・開始・締切り）
 *   /m/:code/rounds/all?state=&plan=&fy= 照会の一覧（すべての計画）
 *   /m/:code/rounds/:roundId             照会の状況（集計・未提出・督促）
 *   /m/:code/plans/:planId/legends       凡例の設定
 *   /m/:code/calendar                    締切予定表
 *   /m/:code/meetings[/:meetingId|/new]  会議
 *   /m/:code/opinions[/:opinionId]       意見と対応方針
 *   /m/:code/publications?kind=&plan=&subject=&fy=  公表（プレビュー・公表・取下げ・履歴）
 *   /m/:code/audit                       監査ログ
 *   /m/:code/users                       利用者の管理
 *
 * /m/:code/rounds/:roundId/inbox and /m/:code/reports/:reportId are the
 * department screens (not matched here).
 */
import { Suspense, lazy, type ReactNode } from 'react';
import { Loading } from '../../components/ui';

// Each screen is its own chunk: staff who never open them do not download them.
const AuditPage = lazy(() => import('./AuditPage').then((m) => ({ default: m.AuditPage })));
const CalendarPage = lazy(() => import('./CalendarPage').then((m) => ({ default: m.CalendarPage })));
const LegendsPage = lazy(() => import('./LegendsPage').then((m) => ({ default: m.LegendsPage })));
const RoundListPage = lazy(() => import('./RoundListPage').then((m) => ({ default: m.RoundListPage })));
const RoundDashboardPage = lazy(() => import('./RoundDashboardPage').then((m) => ({ default: m.RoundDashboardPage })));
const RoundsPage = lazy(() => import('./RoundsPage').then((m) => ({ default: m.RoundsPage })));
const PublicationsPage = lazy(() => import('./PublicationsPage').then((m) => ({ default: m.PublicationsPage })));
const UsersPage = lazy(() => import('./UsersPage').then((m) => ({ default: m.UsersPage })));
const MeetingPage = lazy(() => import('./review/MeetingPage').then((m) => ({ default: m.MeetingPage })));
const MeetingsPage = lazy(() => import('./review/MeetingsPage').then((m) => ({ default: m.MeetingsPage })));
const OpinionPage = lazy(() => import('./review/OpinionPage').then((m) => ({ default: m.OpinionPage })));
const OpinionsPage = lazy(() => import('./review/OpinionsPage').then((m) => ({ default: m.OpinionsPage })));

function seg(s: string | undefined): string {
  try {
    return decodeURIComponent(s ?? '');
  } catch {
    return s ?? '';
  }
}

export function matchSecretariatRoute(pathname: string, search: string): ReactNode | null {
  const page = matchPage(pathname, search);
  return page ? <Suspense fallback={<Loading />}>{page}</Suspense> : null;
}

function matchPage(pathname: string, search: string): ReactNode | null {
  const parts = pathname.split('/').filter(Boolean);
  if (parts[0] !== 'm' || !parts[1] || parts.length < 3) return null;
  const code = seg(parts[1]);
  const rest = parts.slice(2);
  const q = new URLSearchParams(search);
  const [a, b, c, d] = rest;

  if (a === 'rounds') {
    if (rest.length === 1) return <RoundsPage key={code} code={code} planFilter={q.get('plan')} />;
    // round ids are UUIDs, so 'all' never names a round
    if (rest.length === 2 && b === 'all') return <RoundListPage key={code} code={code} />;
    if (rest.length === 2 && b) return <RoundDashboardPage key={`${code}/${b}`} code={code} roundId={seg(b)} />;
    return null;
  }
  if (a === 'plans' && rest.length === 3 && b && c === 'legends' && !d)
    return <LegendsPage key={`${code}/${b}`} code={code} planId={seg(b)} />;
  if (a === 'calendar' && rest.length === 1) return <CalendarPage key={code} code={code} />;
  if (a === 'meetings') {
    if (rest.length === 1) return <MeetingsPage key={code} code={code} />;
    if (rest.length === 2 && b === 'new') return <MeetingPage key={`${code}/new`} code={code} meetingId={null} />;
    if (rest.length === 2 && b) return <MeetingPage key={`${code}/${b}`} code={code} meetingId={seg(b)} />;
    return null;
  }
  if (a === 'opinions') {
    if (rest.length === 1) return <OpinionsPage key={code} code={code} />;
    if (rest.length === 2 && b) return <OpinionPage key={`${code}/${b}`} code={code} opinionId={seg(b)} />;
    return null;
  }
  if (a === 'publications' && rest.length === 1) return <PublicationsPage key={code} code={code} />;
  if (a === 'audit' && rest.length === 1) return <AuditPage key={code} code={code} />;
  if (a === 'users' && rest.length === 1) return <UsersPage key={code} code={code} />;
  return null;
}
