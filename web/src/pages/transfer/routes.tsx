/** @jsxImportSource react */
/**
 * Transfer screens (取込み・出力・公表). App.tsx asks this matcher after the
 * secretariat's, before answering 404.
 *
 *   /m/:code/plans/:planId/import         表の取込み（対応づけ画面）
 *   /m/:code/plans/:planId/export-layout  公表用の表の出力レイアウト
 *   /m/:code/opendata                     オープンデータ（カタログ・CSV・JSON）
 */
import { Suspense, lazy, type ReactNode } from 'react';
import { Loading } from '../../components/ui';

const ImportWizardPage = lazy(() => import('./ImportWizardPage').then((m) => ({ default: m.ImportWizardPage })));
const ExportLayoutPage = lazy(() => import('./ExportLayoutPage').then((m) => ({ default: m.ExportLayoutPage })));
const OpenDataPage = lazy(() => import('./OpenDataPage').then((m) => ({ default: m.OpenDataPage })));

function seg(s: string | undefined): string {
  try {
    return decodeURIComponent(s ?? '');
  } catch {
    return s ?? '';
  }
}

export function matchTransferRoute(pathname: string, _search: string): ReactNode | null {
  const page = matchPage(pathname);
  return page ? <Suspense fallback={<Loading />}>{page}</Suspense> : null;
}

function matchPage(pathname: string): ReactNode | null {
  const parts = pathname.split('/').filter(Boolean);
  if (parts[0] !== 'm' || !parts[1] || parts.length < 3) return null;
  const code = seg(parts[1]);
  const [a, b, c, d] = parts.slice(2);
  if (a === 'opendata' && parts.length === 3) return <OpenDataPage key={code} code={code} />;
  if (a === 'plans' && b && parts.length === 5 && !d) {
    const planId = seg(b);
    if (c === 'import') return <ImportWizardPage key={`${code}/${planId}`} code={code} planId={planId} />;
    if (c === 'export-layout') return <ExportLayoutPage key={`${code}/${planId}`} code={code} planId={planId} />;
  }
  return null;
}
