/** @jsxImportSource react */
/**
 * The frame of every secretariat page: breadcrumbs, a small menu of the
 * secretariat screens (not printed), the page heading and its actions.
 */
import type { ReactNode } from 'react';
import { Breadcrumbs, PageHeading, cx, useDocumentTitle } from '../../components/ui';
import { apiPaths, type MunicipalityDto } from '../../lib/api';
import { Link, paths, useLocation } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { secPaths } from './lib';

export type SecSection = 'rounds' | 'calendar' | 'meetings' | 'opinions' | 'publications' | 'audit' | 'users' | null;

export function useMunicipalityName(code: string): string {
  const munis = useApi<{ items: MunicipalityDto[] }>(apiPaths.municipalities());
  return munis.data?.items.find((m) => m.code === code)?.name ?? code;
}

/** A row of tabs above the heading, for screens the header's menu reaches as one entry. */
function FrameTabs({ label, items, activeKey }: { label: string; items: { key: string; label: string; to: string }[]; activeKey: string | null }) {
  const { pathname } = useLocation();
  return (
    <nav aria-label={label} className="no-print mb-2">
      <ul className="flex flex-wrap gap-1 border-b border-solid-gray-420 text-dns-16N-130">
        {items.map((i) => {
          const active = i.key === activeKey;
          return (
            <li key={i.key}>
              <Link
                to={i.to}
                aria-current={pathname === i.to ? 'page' : active ? 'true' : undefined}
                className={cx(
                  '-mb-px inline-block rounded-t-8 border px-3 py-1.5',
                  active
                    ? 'border-solid-gray-420 border-b-white bg-white text-dns-16B-130 text-solid-gray-900 no-underline'
                    : 'border-transparent text-key-900 hover:bg-key-50',
                )}
              >
                {i.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/**
 * The header's main menu links every secretariat screen; 会議 and 意見 share one
 * entry there ("会議・意見"), so those two pages get tabs of their own.
 */
function ReviewTabs({ code, current }: { code: string; current: SecSection }) {
  if (current !== 'meetings' && current !== 'opinions') return null;
  const items = [
    { key: 'meetings', label: '会議', to: secPaths.meetings(code) },
    { key: 'opinions', label: '意見と対応方針', to: secPaths.opinions(code) },
  ];
  return <FrameTabs label="会議・意見" items={items} activeKey={current} />;
}

/**
 * 照会 has two lists behind the header's one entry: per plan (where rounds are created
 * and run) and the municipality-wide 照会の一覧. Only those two pages show the tabs.
 */
function RoundTabs({ code, current }: { code: string; current: SecSection }) {
  const { pathname } = useLocation();
  if (current !== 'rounds') return null;
  const items = [
    { key: 'plans', label: '計画ごとの照会', to: secPaths.rounds(code) },
    { key: 'all', label: '照会の一覧（すべての計画）', to: secPaths.roundList(code) },
  ];
  const here = items.find((i) => i.to === pathname);
  if (!here) return null;
  return <FrameTabs label="照会" items={items} activeKey={here.key} />;
}

export function SecFrame({
  code,
  section,
  crumbs,
  title,
  docTitle,
  actions,
  lead,
  children,
}: {
  code: string;
  section: SecSection;
  /** crumbs after 自治体 */
  crumbs: { label: string; to?: string }[];
  title: ReactNode;
  docTitle: string;
  actions?: ReactNode;
  /** a line under the heading */
  lead?: ReactNode;
  children: ReactNode;
}) {
  const name = useMunicipalityName(code);
  useDocumentTitle(docTitle);
  return (
    <div>
      <Breadcrumbs items={[{ label: '自治体の選択', to: paths.home() }, { label: name, to: paths.municipality(code) }, ...crumbs]} />
      <ReviewTabs code={code} current={section} />
      <RoundTabs code={code} current={section} />
      <div className="flex flex-wrap items-start justify-between gap-3">
        <PageHeading>{title}</PageHeading>
        {actions && <div className="no-print flex flex-wrap items-center gap-2">{actions}</div>}
      </div>
      {lead && <div className="mt-1 text-std-16N-170 text-solid-gray-800">{lead}</div>}
      {children}
    </div>
  );
}

/** For a signed-in user whose role may not use a screen (the server refuses anyway). */
export function NotForRole({ children }: { children: ReactNode }) {
  return (
    <p role="alert" className="mt-4 rounded-8 border-2 border-warning-orange-1 bg-orange-50 px-4 py-3 text-std-16N-170">
      {children}
    </p>
  );
}
