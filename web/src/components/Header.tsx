/** @jsxImportSource react */
import { apiPaths, type MunicipalityDto } from '../lib/api';
import { useCurrentUser } from '../lib/auth';
import { Link, paths } from '../lib/router';
import { useApi } from '../lib/useApi';

export function Header({ code }: { code: string | null }) {
  const user = useCurrentUser();
  const munis = useApi<{ items: MunicipalityDto[] }>(code ? apiPaths.municipalities() : null);
  const muni = code ? munis.data?.items.find((m) => m.code === code) : undefined;

  return (
    <header className="no-print border-b border-solid-gray-420 bg-white">
      <div className="mx-auto flex w-full max-w-[1600px] flex-wrap items-center gap-x-6 gap-y-1 px-4 py-2 lg:px-6">
        <Link
          to={paths.home()}
          className="flex items-baseline gap-2 text-solid-gray-900 no-underline hover:text-key-1000"
          aria-label="行革 gyokaku（トップへ）"
        >
          <span className="text-std-22B-150 text-key-1000">行革</span>
          <span className="text-dns-16B-120 text-solid-gray-700">gyokaku</span>
        </Link>
        {code && (
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
        <p className="ml-auto flex items-center gap-2 text-dns-14N-130 text-solid-gray-800">
          <span
            aria-hidden="true"
            className="inline-flex size-7 items-center justify-center rounded-full bg-key-100 text-dns-14B-120 text-key-1000"
          >
            {user.name.slice(0, 1)}
          </span>
          <span>
            <span className="sr-only">ログイン中の利用者：</span>
            {user.name}
          </span>
        </p>
      </div>
    </header>
  );
}
