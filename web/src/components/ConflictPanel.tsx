/** @jsxImportSource react */
/**
 * The panel shown when a save is refused because someone else saved first
 * (409 conflict): the user's input beside the stored version, field by field,
 * with the choice to reload the stored version or to carry the user's own
 * changes onto it. Each page supplies the rows, already worded as text.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { Button, cx } from './ui';

export interface ConflictRow {
  key: string;
  label: string;
  /** the user's input, as shown */
  mine: string;
  /** the stored value, as shown */
  stored: string;
  /** keep line breaks in the cells */
  multiline?: boolean;
  /** when the shown texts are not what decides a difference (default: mine !== stored) */
  differs?: boolean;
}

export function ConflictPanel({
  heading,
  message,
  storedVersion,
  rows,
  onReload,
  onKeepMine,
  className,
  compact,
}: {
  heading: string;
  /** content of the paragraph under the heading */
  message: ReactNode;
  /** version of the stored row; null when it could not be fetched, and then no table is shown */
  storedVersion: number | null;
  rows: ConflictRow[];
  onReload: () => void;
  /** null when there is no stored version to carry the input onto */
  onKeepMine: (() => void) | null;
  /** outer margins, which depend on where the panel sits */
  className?: string;
  /** smaller type, padding and buttons, for an inline row editor */
  compact?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // Focus moves here so that the refusal is noticed and the choices are next in tab order.
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const table = storedVersion !== null && (
    <table className={cx(compact && 'mt-2', 'w-full border-collapse bg-white text-left text-dns-14N-130')}>
      <caption className="sr-only">あなたの入力と保存されている内容の比較</caption>
      <thead className="bg-solid-gray-50 text-dns-14B-130">
        <tr>
          <th scope="col" className="border border-solid-gray-420 px-2 py-1">項目</th>
          <th scope="col" className="border border-solid-gray-420 px-2 py-1">あなたの入力</th>
          <th scope="col" className="border border-solid-gray-420 px-2 py-1">保存されている内容（版 {storedVersion}）</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ key, label, mine, stored, multiline, differs }) => {
          const diff = differs ?? mine !== stored;
          const cell = cx('border border-solid-gray-420 px-2 py-1', multiline && 'whitespace-pre-line');
          return (
            <tr key={key} className={cx(diff && 'bg-yellow-50')}>
              <th scope="row" className="border border-solid-gray-420 px-2 py-1 font-bold whitespace-nowrap">
                {label}
                {diff && <span className="ml-1 text-orange-1000">（相違）</span>}
              </th>
              <td className={cell}>{mine}</td>
              <td className={cell}>{stored}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      data-testid="conflict"
      className={cx(className, 'rounded-8 border-2 border-warning-orange-1 bg-orange-50', compact ? 'p-3' : 'p-4', 'outline-none')}
    >
      <h3 className={cx(compact ? 'text-std-16B-170' : 'text-std-17B-170', 'text-orange-1100')}>{heading}</h3>
      <p className="text-std-16N-170">{message}</p>
      {table && (compact ? table : <div className="mt-3 overflow-x-auto">{table}</div>)}
      <div className={cx('mt-3 flex flex-wrap', compact ? 'gap-2' : 'gap-3')}>
        <Button size={compact ? 'sm' : 'md'} variant="primary" onClick={onReload}>
          最新の内容を読み込む（入力は破棄）
        </Button>
        {onKeepMine && (
          <Button size={compact ? 'sm' : 'md'} onClick={onKeepMine}>
            自分が変更した項目だけを最新の版に反映する
          </Button>
        )}
      </div>
    </div>
  );
}
