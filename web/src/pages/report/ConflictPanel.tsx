/** @jsxImportSource react */
/**
 * The report's edit conflict: only the values this user changed are listed
 * (conflict.ts decides which, and which are preset); a value a colleague changed
 * too has no preselection and must be chosen before saving.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Button, cx } from '../../components/ui';
import type { ReportDetailDto, ReportDto, ReportFieldDto } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { REPORT_STATE_LABELS, actorName } from '../../lib/pdca';
import { type ConflictChoice, type ConflictRow } from './conflict';
import { keyLabel, valueText, valuesFromAnswer, type FormValues, type ValueKey } from './model';

export function ConflictPanel({
  mine,
  current,
  rows,
  editable,
  labels,
  legends,
  onResolve,
  onDiscard,
}: {
  mine: FormValues;
  current: ReportDto;
  rows: ConflictRow[];
  /** the stored version may still be changed by this user */
  editable: boolean;
  labels: Record<ReportFieldDto, string>;
  legends: ReportDetailDto['legends'];
  onResolve: (choices: Map<ValueKey, ConflictChoice>) => void;
  onDiscard: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const uid = useId();
  const theirs = useMemo(() => valuesFromAnswer(current), [current]);
  const [choices, setChoices] = useState<Map<ValueKey, ConflictChoice>>(() => new Map());
  const [missing, setMissing] = useState<ValueKey[]>([]);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const chosen = (r: ConflictRow) => choices.get(r.key) ?? r.preset;
  const bothChanged = rows.some((r) => r.bothChanged);

  const submit = () => {
    const left = rows.filter((r) => chosen(r) === null).map((r) => r.key);
    setMissing(left);
    if (left.length) {
      document.getElementById(`${uid}-${left[0]}-mine`)?.focus();
      return;
    }
    onResolve(choices);
  };

  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      data-testid="conflict"
      className="my-4 rounded-8 border-2 border-warning-orange-1 bg-orange-50 p-4 outline-none"
    >
      <h2 className="text-std-17B-170 text-orange-1100">この報告は、先に別の保存が行われていました</h2>
      <p className="text-std-16N-170">
        他の人（または別の画面）が保存した内容があります。保存されている内容は版 {current.version}（{actorName(current.updatedBy)}、{formatDateTime(current.updatedAt)}）です。
        {editable
          ? 'あなたが変更していない項目は、保存されている内容にしました。あなたが変更した項目について、残す内容を選んでください。'
          : `この報告は「${REPORT_STATE_LABELS[current.state]}」になったため、変更できません。あなたの入力は下の表に残っています。必要なら写し取ってください。`}
        {editable && bothChanged && '両方で変更された項目は、選ぶまで保存しません。'}
      </p>
      {missing.length > 0 && (
        <p className="mt-2 text-std-16N-170 text-error-1" data-testid="conflict-missing">
          <span aria-hidden="true">⚠ </span>
          {missing.map((k) => `「${keyLabel(k, labels)}」`).join('')}で残す内容を選んでください。
        </p>
      )}
      <div className="mt-3 overflow-x-auto">
        <table className="w-full border-collapse bg-white text-left text-dns-14N-130">
          <caption className="sr-only">あなたが変更した項目と保存されている内容の比較</caption>
          <thead className="bg-solid-gray-50 text-dns-14B-130">
            <tr>
              <th scope="col" className="border border-solid-gray-420 px-2 py-1">項目</th>
              <th scope="col" className="border border-solid-gray-420 px-2 py-1">あなたの入力</th>
              <th scope="col" className="border border-solid-gray-420 px-2 py-1">保存されている内容（版 {current.version}）</th>
              {editable && <th scope="col" className="border border-solid-gray-420 px-2 py-1">残す内容</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-testid={`conflict-row-${r.key}`} className={cx(r.bothChanged && 'bg-yellow-50')}>
                <th scope="row" className="border border-solid-gray-420 px-2 py-1 align-top font-bold whitespace-nowrap">
                  {keyLabel(r.key, labels)}
                  {r.bothChanged && <span className="block text-[0.75rem] font-normal text-orange-1100">両方で変更</span>}
                </th>
                <td className="border border-solid-gray-420 px-2 py-1 align-top whitespace-pre-line">{valueText(r.key, mine, legends)}</td>
                <td className="border border-solid-gray-420 px-2 py-1 align-top whitespace-pre-line">{valueText(r.key, theirs, legends)}</td>
                {editable && (
                  <td className="border border-solid-gray-420 px-2 py-1 align-top whitespace-nowrap">
                    <fieldset aria-invalid={missing.includes(r.key) ? true : undefined}>
                      <legend className="sr-only">{keyLabel(r.key, labels)}で残す内容</legend>
                      {(['mine', 'theirs'] as const).map((c) => (
                        <label key={c} className="flex items-center gap-1.5">
                          <input
                            type="radio"
                            id={`${uid}-${r.key}-${c}`}
                            name={`${uid}-${r.key}`}
                            className="size-4 accent-key-900"
                            checked={chosen(r) === c}
                            onChange={() => {
                              setChoices((m) => new Map(m).set(r.key, c));
                              setMissing((l) => l.filter((k) => k !== r.key));
                            }}
                          />
                          {c === 'mine' ? 'あなたの入力' : '保存されている内容'}
                        </label>
                      ))}
                    </fieldset>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="mt-3 flex flex-wrap gap-3">
        {editable && (
          <Button variant="primary" onClick={submit}>
            選んだ内容で保存する
          </Button>
        )}
        <Button onClick={onDiscard}>{editable ? '保存されている内容にする（あなたの入力は破棄）' : '最新の内容を表示する'}</Button>
      </div>
    </div>
  );
}
