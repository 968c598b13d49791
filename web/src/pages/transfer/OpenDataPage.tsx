/** @jsxImportSource react */
/**
 * オープンデータ: the catalogue (GET opendata/catalog.json) as a list of datasets,
 * each with its CSV and JSON links, record count, last change and fields.
 */
import { Section, tableCls, tdCls, thCls, theadCls } from '../../components/secretariat-ui';
import { Badge, ErrorState, Loading } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { useApi } from '../../lib/useApi';
import { SecFrame } from '../secretariat/frame';
import { transferApiPaths, type OpenDataCatalogDto, type OpenDataDatasetDto } from './api';

/** The catalogue's URLs are absolute (for other systems); inside the app the path is enough. */
function local(url: string): string {
  try {
    const u = new URL(url, window.location.origin);
    return u.origin === window.location.origin ? u.pathname + u.search : url;
  } catch {
    return url;
  }
}

function Dataset({ d }: { d: OpenDataDatasetDto }) {
  return (
    <li className="rounded-8 border border-solid-gray-420 bg-white p-4" data-testid="opendata-dataset" data-resource={d.resource}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="text-std-18B-160">{d.title}</h3>
          <p className="text-std-16N-170 text-solid-gray-800">{d.description}</p>
          <p className="mt-1 flex flex-wrap gap-x-4 text-dns-14N-130 text-solid-gray-800">
            <span>{d.status === 'available' ? `${d.recordCount.toLocaleString('ja-JP')}件` : <Badge>まだ扱っていないデータ</Badge>}</span>
            <span>更新日：{d.modified ? formatDate(d.modified) : '（公表した行なし）'}</span>
            <span>
              ライセンス：
              <a href={d.license.url} rel="license noreferrer" target="_blank">
                {d.license.title}
              </a>
            </span>
          </p>
        </div>
        {d.distributions.length > 0 && (
          <ul className="flex flex-wrap gap-2">
            {d.distributions.map((x) => (
              <li key={x.format}>
                <a
                  href={local(x.downloadURL)}
                  download
                  className="inline-flex min-h-9 items-center rounded-8 border border-key-900 bg-white px-3 text-dns-14B-120 text-key-900 no-underline hover:bg-key-50 hover:underline"
                  aria-label={`${x.format}：${d.title}をダウンロード`}
                  title={x.notes || undefined}
                >
                  {x.format}
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>
      {d.fields.length > 0 && (
        <details className="mt-2">
          <summary className="cursor-pointer text-dns-14B-130 text-key-1000">項目の説明（{d.fields.length}項目）</summary>
          <table className={`${tableCls} mt-1`}>
            <thead className={theadCls}>
              <tr>
                <th scope="col" className={thCls}>CSVの見出し</th>
                <th scope="col" className={thCls}>JSONのキー</th>
                <th scope="col" className={thCls}>型</th>
                <th scope="col" className={thCls}>説明</th>
              </tr>
            </thead>
            <tbody>
              {d.fields.map((f) => (
                <tr key={f.id}>
                  <td className={tdCls}>{f.title}</td>
                  <td className={`${tdCls} font-mono text-dns-14N-130`}>{f.id}</td>
                  <td className={tdCls}>{f.type}</td>
                  <td className={tdCls}>{f.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </li>
  );
}

export function OpenDataPage({ code }: { code: string }) {
  const cat = useApi<OpenDataCatalogDto>(transferApiPaths.catalog(code));
  const c = cat.data;
  return (
    <SecFrame
      code={code}
      section={null}
      crumbs={[{ label: 'オープンデータ' }]}
      title="オープンデータ"
      docTitle="オープンデータ"
      lead={c ? c.description : undefined}
      actions={
        <span className="flex flex-wrap gap-4">
          {/* what citizens and harvesters see, without an account */}
          <a href={`/m/${encodeURIComponent(code)}/progress`} target="_blank" rel="noreferrer" className="text-dns-16N-130">
            住民向けの進捗状況のページ
          </a>
          <a href={`/m/${encodeURIComponent(code)}/open-data`} target="_blank" rel="noreferrer" className="text-dns-16N-130">
            住民向けのオープンデータのページ
          </a>
          <a href={transferApiPaths.catalog(code)} target="_blank" rel="noreferrer" className="text-dns-16N-130">
            カタログ（JSON）
          </a>
        </span>
      }
    >
      {cat.error && !c ? (
        <ErrorState error={cat.error} title="カタログを読み込めませんでした。" onRetry={cat.reload} />
      ) : !c ? (
        <Loading />
      ) : (
        <>
          <p className="mt-2 text-dns-14N-130 text-solid-gray-800">
            公開者：{c.publisher.name}（{c.publisher.prefecture}・{c.publisher.lgCode}）／ 更新日：{c.modified ? formatDate(c.modified) : '—'} ／ CSVは UTF-8（BOM付き）・CRLF です。照会中の回答は含みません。
          </p>
          <Section id="od-list" title={`データセット（${c.datasets.length}件）`}>
            <ul className="space-y-3" data-testid="opendata-list">
              {c.datasets.map((d) => (
                <Dataset key={d.identifier} d={d} />
              ))}
            </ul>
          </Section>
        </>
      )}
    </SecFrame>
  );
}
