/** @jsxImportSource react */
import { ErrorState, Loading, PageHeading, useDocumentTitle } from '../components/ui';
import { apiPaths, type MunicipalityDto } from '../lib/api';
import { Link, paths } from '../lib/router';
import { useApi } from '../lib/useApi';

export function HomePage() {
  useDocumentTitle('自治体の選択');
  const { data, error, loading, reload } = useApi<{ items: MunicipalityDto[] }>(apiPaths.municipalities());

  return (
    <div className="max-w-4xl">
      <PageHeading className="mt-4">自治体の選択</PageHeading>
      <p className="mt-1 text-std-16N-170 text-solid-gray-700">計画を管理する自治体を選んでください。</p>
      {loading && !data && <Loading />}
      {error && <ErrorState error={error} onRetry={reload} />}
      {data && data.items.length === 0 && (
        <p className="mt-6 text-std-16N-170">登録されている自治体はありません。</p>
      )}
      {data && data.items.length > 0 && (
        <ul className="mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="自治体一覧">
          {data.items.map((m) => (
            <li key={m.id}>
              <Link
                to={paths.municipality(m.code)}
                className="block rounded-8 border border-solid-gray-420 bg-white px-4 py-3 no-underline hover:border-key-900 hover:bg-key-50"
              >
                <span className="block text-dns-14N-130 text-solid-gray-700">{m.prefecture}</span>
                <span className="block text-std-20B-150 text-key-1000 underline underline-offset-3">{m.name}</span>
                <span className="block text-dns-14N-130 text-solid-gray-700">団体コード {m.code}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
