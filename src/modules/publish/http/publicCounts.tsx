/**
 * The table of counts by status for each top-level group and in all, with the change against the
 * previous published round: the same table on a round's page and in the annual report.
 */
import type { FC } from 'hono/jsx';

export interface CountTableRow {
  label: string;
  cells: { count: number; delta: number | null }[];
  total: { count: number; delta: number | null };
}

const deltaText = (d: number) => (d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '±0');

const Count: FC<{ c: CountTableRow['total'] }> = ({ c }) => (
  <td class="num">
    {c.count}件{c.delta !== null ? <span class="desc">{deltaText(c.delta)}</span> : null}
  </td>
);

export const StatusCountTable: FC<{
  id: string;
  /** the top level's name (重点項目 …); '' when the plan has no groups above its items */
  levelName: string;
  previousLabel: string | null;
  statuses: readonly { symbol: string; label: string }[];
  rows: readonly CountTableRow[];
}> = ({ id, levelName, previousLabel, statuses, rows }) => (
  <div class="table-wrap" role="region" aria-labelledby={id} tabindex={0}>
    <table>
      <caption id={id}>
        {levelName ? `${levelName}ごとの状況の件数` : '状況の件数'}
        {previousLabel ? `（下段は前回「${previousLabel}」からの増減）` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">{levelName || '区分'}</th>
          {statuses.map((s) => (
            <th scope="col" class="center">
              {s.symbol === s.label ? s.label : `${s.symbol} ${s.label}`}
            </th>
          ))}
          <th scope="col" class="center">
            計
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr>
            <th scope="row">{row.label}</th>
            {row.cells.map((c) => (
              <Count c={c} />
            ))}
            <Count c={row.total} />
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);
