/** @jsxImportSource react */
/**
 * 凡例の設定: a plan's 進捗状況 legend and an optional second axis (達成度).
 * Start from a preset or edit the values (code, symbol, label, definition,
 * 完了扱い). The server validates; its messages appear beside the fields. A
 * version conflict keeps the input and offers to reload or to save over.
 */
import { useEffect, useRef, useState } from 'react';
import { ErrorSummary, Field, FieldErrorText, fieldState, hintCls, inputCls, labelCls, selectCls } from '../../components/form';
import { LegendNote, tableCls, tdCls, thCls, theadCls } from '../../components/secretariat-ui';
import { Button, ErrorState, Loading, SuccessMessage, cx } from '../../components/ui';
import { apiPaths, request, type PlanDto } from '../../lib/api';
import { Link, paths } from '../../lib/router';
import { invalidate, prime, useApi } from '../../lib/useApi';
import type { LegendDto, LegendPresetDto, LegendValueDto, PlanLegendsDto } from '../../../../src/shared/api-types-pdca.js';
import { NotForRole, SecFrame } from './frame';
import { asApiError, errorsFor, secApi, secApiPaths, secPaths, useStaff, type LegendAxisInput } from './lib';

type Axis = 'status' | 'achievement';

interface Row extends LegendValueDto {
  key: string;
}

interface AxisState {
  name: string;
  rows: Row[];
  version: number;
  stored: boolean;
}

let seq = 0;
const rowKey = () => `lv-${++seq}`;

function axisFrom(l: LegendDto): AxisState {
  return { name: l.name, rows: l.values.map((v) => ({ ...v, key: rowKey() })), version: l.version, stored: l.stored };
}

const COLS = ['code', 'symbol', 'label', 'definition', 'done'] as const;
type Col = (typeof COLS)[number];
const COL_LABELS: Record<Col, string> = { code: '区分コード', symbol: '記号', label: '区分名', definition: '定義', done: '完了扱い' };

const ctlId = (axis: Axis, key: string, col: Col | 'name' | 'values' | 'preset') => `lg-${axis}-${col}${key ? `-${key}` : ''}`;

function AxisEditor({
  axis,
  title,
  state,
  presets,
  errors,
  onChange,
  disabled,
}: {
  axis: Axis;
  title: string;
  state: AxisState;
  presets: LegendPresetDto[];
  errors: Map<string, string[]>;
  onChange: (s: AxisState) => void;
  disabled: boolean;
}) {
  const { err, invalid, errId } = fieldState(errors);
  const [preset, setPreset] = useState('');
  const setRow = (i: number, patch: Partial<Row>) => onChange({ ...state, rows: state.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const move = (i: number, d: -1 | 1) => {
    const rows = [...state.rows];
    const [r] = rows.splice(i, 1);
    rows.splice(i + d, 0, r!);
    onChange({ ...state, rows });
  };
  const valuesId = ctlId(axis, '', 'values');
  const nameId = ctlId(axis, '', 'name');
  const presetId = ctlId(axis, '', 'preset');
  return (
    <fieldset className="mt-4 rounded-8 border border-solid-gray-420 px-4 pb-4 pt-1" data-testid={`legend-${axis}`} disabled={disabled}>
      <legend className="px-1 text-std-18B-160">{title}</legend>
      <div className="flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor={presetId} className={labelCls}>
            候補から選ぶ
          </label>
          <span className="flex gap-2">
            <select id={presetId} className={selectCls} value={preset} onChange={(e) => setPreset(e.target.value)} aria-describedby={errId(presetId)}>
              <option value="">（選んでください）</option>
              {presets.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.name}
                </option>
              ))}
            </select>
            <Button
              disabled={!preset}
              onClick={() => {
                const p = presets.find((x) => x.key === preset);
                if (p) onChange({ ...state, name: p.name.replace(/（.*）$/, ''), rows: p.values.map((v) => ({ ...v, key: rowKey() })) });
              }}
            >
              この候補を使う
            </Button>
          </span>
          <FieldErrorText id={presetId} messages={err(presetId)} />
        </div>
        <Field id={nameId} label="凡例の名前" errors={errors} className="min-w-64 flex-1">
          {(c) => <input {...c} className={inputCls} value={state.name} onChange={(e) => onChange({ ...state, name: e.target.value })} />}
        </Field>
      </div>
      <div id={valuesId} tabIndex={-1} className="mt-3 overflow-x-auto">
        <table className={tableCls}>
          <caption className="sr-only">{title}の区分</caption>
          <thead className={theadCls}>
            <tr>
              <th scope="col" className={cx(thCls, 'w-44')}>区分コード</th>
              <th scope="col" className={cx(thCls, 'w-28')}>記号</th>
              <th scope="col" className={cx(thCls, 'w-40')}>区分名</th>
              <th scope="col" className={thCls}>定義（表の下に印刷）</th>
              <th scope="col" className={cx(thCls, 'w-20')}>完了扱い</th>
              <th scope="col" className={cx(thCls, 'w-40')}>
                <span className="sr-only">操作</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.rows.map((r, i) => (
              <tr key={r.key} data-testid="legend-row">
                {(['code', 'symbol', 'label', 'definition'] as const).map((col) => {
                  const id = ctlId(axis, r.key, col);
                  return (
                    <td key={col} className={tdCls}>
                      <input
                        id={id}
                        aria-label={`${i + 1}行目の${COL_LABELS[col]}`}
                        className={cx(inputCls, 'px-2 py-1 text-dns-16N-130', col === 'code' && 'font-mono text-dns-14N-130')}
                        value={r[col]}
                        onChange={(e) => setRow(i, { [col]: e.target.value } as Partial<Row>)}
                        aria-invalid={invalid(id)}
                        aria-describedby={errId(id)}
                      />
                      <FieldErrorText id={id} messages={err(id)} />
                    </td>
                  );
                })}
                <td className={cx(tdCls, 'text-center align-middle')}>
                  <input
                    type="checkbox"
                    className="size-5 accent-key-900"
                    aria-label={`${i + 1}行目を完了扱いにする`}
                    checked={r.done}
                    onChange={(e) => setRow(i, { done: e.target.checked })}
                  />
                </td>
                <td className={cx(tdCls, 'whitespace-nowrap align-middle')}>
                  <Button size="sm" variant="tertiary" onClick={() => move(i, -1)} disabled={i === 0} aria-label={`${i + 1}行目を上へ`}>
                    ↑
                  </Button>
                  <Button size="sm" variant="tertiary" onClick={() => move(i, 1)} disabled={i === state.rows.length - 1} aria-label={`${i + 1}行目を下へ`}>
                    ↓
                  </Button>
                  <Button
                    size="sm"
                    variant="tertiary"
                    onClick={() => onChange({ ...state, rows: state.rows.filter((_, j) => j !== i) })}
                    aria-label={`${i + 1}行目を削除`}
                  >
                    削除
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FieldErrorText id={valuesId} messages={err(valuesId)} />
      <Button
        size="sm"
        className="mt-2"
        onClick={() => onChange({ ...state, rows: [...state.rows, { key: rowKey(), code: '', symbol: '', label: '', definition: '', done: false }] })}
        disabled={state.rows.length >= 20}
      >
        ＋ 区分を追加
      </Button>
      <p className={cx(hintCls, 'mt-2')}>
        区分コードは半角英数字（報告のデータに記録されます。報告で使われている区分は削除できません）。記号は表に印刷する文字（○ △ × － S A …）。「完了扱い」の区分は、遅れている項目の判定で完了とみなします。
      </p>
      <p className="mt-2 text-dns-14N-130 font-bold">印刷イメージ</p>
      <LegendNote
        title={state.name || title}
        items={state.rows.filter((r) => r.symbol || r.label).map((r) => ({ term: r.symbol || r.label, definition: `${r.definition}${r.done ? '（完了扱い）' : ''}` }))}
      />
    </fieldset>
  );
}

function toInput(s: AxisState): LegendAxisInput {
  return { name: s.name, values: s.rows.map(({ key: _k, ...v }) => v), version: s.version };
}

export function LegendsPage({ code, planId }: { code: string; planId: string }) {
  const staff = useStaff();
  const legendsPath = secApiPaths.legends(code, planId);
  const res = useApi<PlanLegendsDto>(legendsPath);
  const planRes = useApi<PlanDto>(apiPaths.plan(code, planId));
  const [status, setStatus] = useState<AxisState | null>(null);
  const [achievement, setAchievement] = useState<AxisState | null>(null);
  const [useAchievement, setUseAchievement] = useState(false);
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [conflict, setConflict] = useState<{ message: string; current: PlanLegendsDto | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const conflictRef = useRef<HTMLDivElement>(null);

  const start = (d: PlanLegendsDto) => {
    setStatus(axisFrom(d.status));
    const presetAch = d.presets.find((p) => p.key === 'achievement');
    setAchievement(
      d.achievement
        ? axisFrom(d.achievement)
        : { name: '達成度', rows: (presetAch?.values ?? []).map((v) => ({ ...v, key: rowKey() })), version: 0, stored: false },
    );
    setUseAchievement(!!d.achievement);
    setErrors(new Map());
    setConflict(null);
  };

  useEffect(() => {
    if (res.data && !status) start(res.data);
  }, [res.data, status]);

  useEffect(() => {
    if (conflict) conflictRef.current?.focus();
  }, [conflict]);

  const idForPath = (path: string): string | null => {
    const [axis, part, idx, col] = path.split('.');
    if (axis !== 'status' && axis !== 'achievement') return null;
    const st = axis === 'status' ? status : achievement;
    if (part === 'name') return ctlId(axis, '', 'name');
    if (part === 'preset') return ctlId(axis, '', 'preset');
    if (part === 'values') {
      const row = idx !== undefined ? st?.rows[Number(idx)] : undefined;
      if (row && col && (COLS as readonly string[]).includes(col)) return ctlId(axis, row.key, col as Col);
      return ctlId(axis, '', 'values');
    }
    return ctlId(axis, '', 'values');
  };

  const save = async (over?: PlanLegendsDto) => {
    if (!status || !achievement) return;
    setBusy(true);
    setErrors(new Map());
    setSaved(null);
    const s = toInput(status);
    const a = useAchievement ? toInput(achievement) : null;
    if (over) {
      s.version = over.status.version;
      if (a) a.version = over.achievement?.version ?? 0;
    }
    try {
      const d = await secApi.putLegends(code, planId, { status: s, achievement: a });
      prime(legendsPath, d);
      invalidate(legendsPath, secApiPaths.roundsPrefix(code));
      start(d);
      setSaved('凡例を保存しました。以後の集計と印刷にこの凡例が使われます。');
    } catch (e) {
      const err = asApiError(e);
      if (err.status === 409) {
        let current: PlanLegendsDto | null = null;
        try {
          current = await request<PlanLegendsDto>('GET', legendsPath);
        } catch {
          current = null;
        }
        setConflict({ message: err.message, current });
      } else {
        setErrors(errorsFor(e, idForPath));
      }
    } finally {
      setBusy(false);
    }
  };

  const plan = planRes.data;
  return (
    <SecFrame
      code={code}
      section="rounds"
      crumbs={[
        { label: plan?.title ?? '計画', to: paths.plan(code, planId) },
        { label: '凡例の設定' },
      ]}
      title="凡例の設定"
      docTitle={plan ? `${plan.title}（凡例の設定）` : '凡例の設定'}
      lead={
        <>
          {plan && <span className="font-bold">{plan.title}</span>}
          ：担当課が選ぶ区分（○△×－ など）と、その定義を決めます。定義は集計表の下に必ず印刷されます。
          <Link to={secPaths.rounds(code, planId)} className="ml-2">
            この計画の照会
          </Link>
        </>
      }
    >
      {res.loading && !res.data && <Loading />}
      {res.error && <ErrorState error={res.error} onRetry={res.reload} />}
      {!staff.loading && !staff.isOffice && res.data && <NotForRole>凡例を変更できるのは事務局だけです。内容は表示のみです。</NotForRole>}
      <div aria-live="polite">
        {saved && (
          <SuccessMessage takeFocus={false} onClose={() => setSaved(null)}>
            {saved}
          </SuccessMessage>
        )}
      </div>
      {conflict && (
        <div ref={conflictRef} tabIndex={-1} role="alert" data-testid="conflict" className="my-4 rounded-8 border-2 border-warning-orange-1 bg-orange-50 p-4 outline-none">
          <h2 className="text-std-17B-170 text-orange-1100">他の人が凡例を先に更新しました</h2>
          <p className="text-std-16N-170">{conflict.message} あなたの入力はまだ保存されていません（下に残っています）。</p>
          {conflict.current && (
            <p className="mt-1 text-dns-14N-130">
              保存されている内容：{conflict.current.status.name} {conflict.current.status.line}
              {conflict.current.achievement && `、${conflict.current.achievement.name} ${conflict.current.achievement.line}`}
            </p>
          )}
          <div className="mt-3 flex flex-wrap gap-3">
            <Button onClick={() => conflict.current && start(conflict.current)} disabled={!conflict.current}>
              保存されている内容を読み込む（入力は破棄）
            </Button>
            <Button variant="primary" onClick={() => conflict.current && void save(conflict.current)} disabled={!conflict.current || busy}>
              自分の入力で上書き保存する
            </Button>
          </div>
        </div>
      )}
      {res.data && status && achievement && (
        <form
          noValidate
          data-testid="legends-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="mt-3">
            <ErrorSummary errors={errors} id="lg-error-summary" />
          </div>
          {!status.stored && (
            <p className="mt-2 text-dns-14N-130 text-solid-gray-800">まだ保存されていません。表示しているのは既定の凡例（○△×－）です。</p>
          )}
          <AxisEditor axis="status" title="進捗状況の凡例" state={status} presets={res.data.presets} errors={errors} onChange={setStatus} disabled={!staff.isOffice} />
          <label className="mt-5 flex items-center gap-2 text-std-16B-170">
            <input
              type="checkbox"
              className="size-5 accent-key-900"
              checked={useAchievement}
              disabled={!staff.isOffice}
              onChange={(e) => setUseAchievement(e.target.checked)}
            />
            2つ目の軸（達成度）も使う
          </label>
          {useAchievement ? (
            <AxisEditor
              axis="achievement"
              title="達成度の凡例"
              state={achievement}
              presets={res.data.presets}
              errors={errors}
              onChange={setAchievement}
              disabled={!staff.isOffice}
            />
          ) : (
            res.data.achievement && (
              <p className="mt-1 text-dns-14N-130 text-error-1">保存すると達成度の凡例は削除されます（報告で使われている場合は削除できません）。</p>
            )
          )}
          {staff.isOffice && (
            <div className="mt-5 flex flex-wrap gap-3">
              <Button type="submit" variant="primary" disabled={busy || !!conflict}>
                {busy ? '保存しています…' : '保存する'}
              </Button>
              <Button onClick={() => res.data && start(res.data)} disabled={busy}>
                元に戻す
              </Button>
            </div>
          )}
        </form>
      )}
    </SecFrame>
  );
}
