/** @jsxImportSource react */
/**
 * A chart drawn by the server's one chart renderer (shared/charts: the same SVG as the citizens' pages
 * and the PDFs), with its text alternative and its data table. The SVG is the server's own output
 * (no script, no links; shared/charts/svg.ts), so it is inserted as markup.
 */
import type { ChartDto } from '../../../src/shared/api-types-kpis.js';

export function ChartFigure({ chart, id }: { chart: NonNullable<ChartDto['chart']>; id: string }) {
  return (
    <figure className="my-2" aria-labelledby={`${id}-caption`}>
      <div className="max-w-full overflow-hidden [&_svg]:h-auto [&_svg]:max-w-full" dangerouslySetInnerHTML={{ __html: chart.svg }} />
      <figcaption id={`${id}-caption`} className="text-dns-14N-130 text-solid-gray-800">
        {chart.alt}
      </figcaption>
      <details className="mt-1">
        <summary className="cursor-pointer text-key-1000 underline">グラフのデータ（表）</summary>
        <div className="relative overflow-x-auto">
          <table className="mt-1 border-collapse text-dns-14N-130">
            <caption className="text-left font-bold">{chart.table.caption}</caption>
            <thead>
              <tr>
                {chart.table.columns.map((c, i) => (
                  <th key={i} scope="col" className="border border-solid-gray-420 px-2 py-1 text-left">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {chart.table.rows.map((r, i) => (
                <tr key={i}>
                  <th scope="row" className="border border-solid-gray-420 px-2 py-1 text-left font-normal">
                    {r.label}
                  </th>
                  {r.cells.map((c, j) => (
                    <td key={j} className="border border-solid-gray-420 px-2 py-1 text-right">
                      {c}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
