/** @jsxImportSource react */
import { Header } from './components/Header';
import { UserProvider } from './lib/auth';
import { useLocation, useRoute } from './lib/router';
import { DepartmentsPage } from './pages/DepartmentsPage';
import { HomePage } from './pages/HomePage';
import { MunicipalityPage } from './pages/MunicipalityPage';
import { NewNodePage } from './pages/NewNodePage';
import { NewPlanPage } from './pages/NewPlanPage';
import { NodePage } from './pages/NodePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PlanPage } from './pages/PlanPage';
import { PlanSettingsPage } from './pages/PlanSettingsPage';
import { TagsPage } from './pages/TagsPage';
import { matchSecretariatRoute } from './pages/secretariat/routes';

export function App() {
  const route = useRoute();
  const { pathname, search } = useLocation();

  let page;
  switch (route.name) {
    case 'home':
      page = <HomePage />;
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
    default:
      page = matchSecretariatRoute(pathname, search) ?? <NotFoundPage />;
  }

  return (
    <UserProvider>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-8 focus:bg-white focus:px-4 focus:py-2 focus:text-std-16B-170"
      >
        本文へスキップ
      </a>
      <Header code={'code' in route ? route.code : null} />
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-[1600px] px-4 pb-16 pt-3 outline-none lg:px-6">
        {page}
      </main>
    </UserProvider>
  );
}
