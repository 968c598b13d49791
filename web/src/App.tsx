/** @jsxImportSource react */
import { useEffect, useMemo, type ReactNode } from 'react';
import { Header } from './components/Header';
import { ErrorState, Loading } from './components/ui';
import { UserProvider, homeOf, useMe, userFromMe } from './lib/auth';
import { codeOfPath, navigate, paths, useLocation, useRoute } from './lib/router';
import { DepartmentsPage } from './pages/DepartmentsPage';
import { HomePage } from './pages/HomePage';
import { InboxPage } from './pages/InboxPage';
import { ActivatePage } from './pages/ActivatePage';
import { LoginPage } from './pages/LoginPage';
import { MunicipalityPage } from './pages/MunicipalityPage';
import { NewNodePage } from './pages/NewNodePage';
import { NewPlanPage } from './pages/NewPlanPage';
import { NodePage } from './pages/NodePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { PlanPage } from './pages/PlanPage';
import { PlanSettingsPage } from './pages/PlanSettingsPage';
import { ReportPage } from './pages/ReportPage';
import { TagsPage } from './pages/TagsPage';
import { matchSecretariatRoute } from './pages/secretariat/routes';
import { matchTransferRoute } from './pages/transfer/routes';

function SkipLink() {
  return (
    <a
      href="#main"
      className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-8 focus:bg-white focus:px-4 focus:py-2 focus:text-std-16B-170"
    >
      本文へスキップ
    </a>
  );
}

function Main({ children }: { children: ReactNode }) {
  return (
    <main id="main" tabIndex={-1} className="mx-auto w-full max-w-[1600px] px-4 pb-16 pt-3 outline-none lg:px-6">
      {children}
    </main>
  );
}

/** Every page but the sign-in page: shown once GET /api/auth/me says who is signed in. */
function SignedIn() {
  const route = useRoute();
  const { pathname, search, href } = useLocation();
  const me = useMe();
  const unauthenticated = me.error?.status === 401;
  const user = useMemo(() => (me.data ? userFromMe(me.data) : null), [me.data]);

  useEffect(() => {
    // Normally the request layer has already redirected (401 unauthenticated); this covers the rest.
    if (unauthenticated) navigate(paths.login(href), { replace: true });
  }, [unauthenticated, href]);

  // 自治体の選択 is for system administrators; everyone else belongs to one municipality.
  const goHome = route.name === 'home' && me.data && !me.data.allMunicipalities;
  useEffect(() => {
    if (goHome && me.data) navigate(homeOf(me.data), { replace: true });
  }, [goHome, me.data]);

  if (!me.data || !user) {
    return (
      <>
        <Header code={null} signedIn={false} />
        <Main>
          {me.error && !unauthenticated ? (
            <ErrorState error={me.error} title="ログインの状態を確認できませんでした。" onRetry={me.reload} />
          ) : (
            <Loading />
          )}
        </Main>
      </>
    );
  }

  let page;
  switch (route.name) {
    case 'home':
      page = goHome ? <Loading /> : <HomePage />;
      break;
    case 'municipality':
      page = <MunicipalityPage code={route.code} />;
      break;
    case 'plan':
      page = <PlanPage key={`${route.code}/${route.planId}`} code={route.code} planId={route.planId} tab={route.tab} />;
      break;
    case 'node':
      page = <NodePage key={`${route.code}/${route.planId}/${route.nodeId}`} code={route.code} planId={route.planId} nodeId={route.nodeId} />;
      break;
    case 'newNode':
      page = <NewNodePage key={pathname + (route.parentId ?? '')} code={route.code} planId={route.planId} parentId={route.parentId} />;
      break;
    case 'newPlan':
      page = <NewPlanPage key={route.code} code={route.code} />;
      break;
    case 'planSettings':
      page = <PlanSettingsPage key={`${route.code}/${route.planId}`} code={route.code} planId={route.planId} />;
      break;
    case 'departments':
      page = <DepartmentsPage key={route.code} code={route.code} />;
      break;
    case 'tags':
      page = <TagsPage key={route.code} code={route.code} />;
      break;
    case 'inbox':
      page = <InboxPage key={`${route.code}/${route.roundId}`} code={route.code} roundId={route.roundId} departmentId={route.departmentId} />;
      break;
    case 'report':
      page = <ReportPage key={`${route.code}/${route.reportId}`} code={route.code} reportId={route.reportId} />;
      break;
    case 'notifications':
      page = <NotificationsPage key={route.code} code={route.code} />;
      break;
    default:
      page = matchSecretariatRoute(pathname, search) ?? matchTransferRoute(pathname, search) ?? <NotFoundPage />;
  }

  return (
    <UserProvider user={user}>
      <Header code={codeOfPath(pathname)} />
      <Main>{page}</Main>
    </UserProvider>
  );
}

export function App() {
  const route = useRoute();
  return (
    <>
      <SkipLink />
      {route.name === 'login' || route.name === 'activate' ? (
        <>
          <Header code={null} signedIn={false} />
          <Main>{route.name === 'login' ? <LoginPage next={route.next} /> : <ActivatePage municipalityCode={route.code} />}</Main>
        </>
      ) : (
        <SignedIn />
      )}
    </>
  );
}
