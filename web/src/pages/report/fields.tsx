/** @jsxImportSource react */
/** Controls of the report form; each shows the server's messages right below it. */
import type { ReactNode } from 'react';
import { FieldErrorText, Required, describedBy, hintCls, inputCls, labelCls } from '../../components/form';
import { Button, cx } from '../../components/ui';
import type { LegendDto } from '../../lib/api';
import { EFFECT_KIND_LABELS, TEXT_MAX } from '../../lib/pdca';
import { newRowKey, type NumberRow } from './model';

export interface FieldProps {
  errors: Map<string, string[]>;
  onBlur: () => void;
}

const invalid = (errors: Map<string, string[]>, id: string) => (errors.get(id)?.length ? true : undefined);
const errId = (errors: Map<string, string[]>, id: string) => (errors.get(id)?.length ? `${id}-error` : undefined);

/** Status / achievement: one radio per legend value, symbol + label, definition below. */
export function LegendRadios({
  id,
  label,
  legend,
  value,
  required,
  onChange,
  errors,
  onBlur,
}: FieldProps & {
  id: string;
  label: string;
  legend: LegendDto;
  value: string | null;
  required: boolean;
  onChange: (code: string | null) => void;
}) {
  return (
    <fieldset id={id} aria-describedby={errId(errors, id)} data-testid={`field-${id}`}>
      <legend className={labelCls}>
        {label}
        {required && <Required />}
      </legend>
      <div className="mt-1 grid gap-2 sm:grid-cols-[repeat(auto-fill,minmax(12rem,1fr))]">
        {legend.values.map((v) => {
          const checked = value === v.code;
          return (
            <label
              key={v.code}
              className={cx(
                'flex cursor-pointer items-start gap-2 rounded-8 border px-3 py-2 hover:border-key-900 hover:bg-key-50',
                checked ? 'border-2 border-key-900 bg-key-50' : 'border-solid-gray-420 bg-white',
                invalid(errors, id) && !checked && 'border-error-1',
              )}
            >
              <input
                type="radio"
                name={id}
                value={v.code}
                checked={checked}
                onChange={() => onChange(v.code)}
                onBlur={onBlur}
                className="mt-1.5 size-4 shrink-0 accent-key-900"
              />
              <span className="grid">
                <span className="flex items-center gap-2 text-std-16B-170">
                  {v.symbol !== v.label && (
                    <span
                      aria-hidden="true"
                      className="inline-flex min-w-7 items-center justify-center rounded-4 border border-solid-gray-536 bg-white px-1 text-dns-16B-120 text-solid-gray-900"
                    >
                      {v.symbol}
                    </span>
                  )}
                  <span>
                    {v.symbol !== v.label && <span className="sr-only">{v.symbol} </span>}
                    {v.label}
                  </span>
                </span>
                {v.definition && <span className="text-dns-14N-130 text-solid-gray-700">{v.definition}</span>}
              </span>
            </label>
          );
        })}
      </div>
      {value && (
        <button
          type="button"
          className="mt-1 text-dns-14N-130 text-key-900 underline underline-offset-3"
          onClick={() => onChange(null)}
          onBlur={onBlur}
        >
          選択を解除する
        </button>
      )}
      <FieldErrorText id={id} messages={errors.get(id)} />
    </fieldset>
  );
}

export function TextAreaField({
  id,
  label,
  hint,
  value,
  rows,
  required,
  onChange,
  errors,
  onBlur,
}: FieldProps & {
  id: string;
  label: string;
  hint?: string;
  value: string;
  rows: number;
  required: boolean;
  onChange: (v: string) => void;
}) {
  const n = [...value].length;
  const over = n > TEXT_MAX;
  return (
    <div data-testid={`field-${id}`}>
      <label htmlFor={id} className={labelCls}>
        {label}
        {required && <Required />}
      </label>
      {hint && (
        <p id={`${id}-hint`} className={hintCls}>
          {hint}
        </p>
      )}
      <textarea
        id={id}
        rows={rows}
        className={cx(inputCls, 'resize-y')}
        value={value}
        aria-invalid={invalid(errors, id) ?? (over ? true : undefined)}
        aria-describedby={describedBy(hint && `${id}-hint`, `${id}-count`, errId(errors, id))}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
      />
      <p id={`${id}-count`} className={cx('text-right text-dns-14N-130', over ? 'text-error-1' : 'text-solid-gray-700')}>
        {n.toLocaleString('ja-JP')} / {TEXT_MAX.toLocaleString('ja-JP')}文字
      </p>
      <FieldErrorText id={id} messages={errors.get(id)} />
    </div>
  );
}

function YenInput({
  id,
  label,
  value,
  onChange,
  errors,
  onBlur,
}: FieldProps & { id: string; label: string; value: string; onChange: (v: string) => void }) {
  return (
    <div>
      <label htmlFor={id} className="block text-std-16N-170">
        {label}
      </label>
      <div className="flex items-center gap-2">
        <input
          id={id}
          inputMode="numeric"
          autoComplete="off"
          className={cx(inputCls, 'max-w-56 text-right tabular-nums')}
          value={value}
          aria-invalid={invalid(errors, id)}
          aria-describedby={describedBy('rp-effect-hint', errId(errors, id))}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
        <span aria-hidden="true">円</span>
      </div>
      <FieldErrorText id={id} messages={errors.get(id)} />
    </div>
  );
}

export function EffectField({
  label,
  revenue,
  expense,
  kind,
  onChange,
  errors,
  onBlur,
}: FieldProps & {
  label: string;
  revenue: string;
  expense: string;
  kind: 'one_off' | 'recurring' | null;
  onChange: (key: 'effectRevenueYen' | 'effectExpenseYen' | 'effectKind', v: string | null) => void;
}) {
  return (
    <fieldset data-testid="field-rp-effect">
      <legend className={labelCls}>{label}</legend>
      <p id="rp-effect-hint" className={hintCls}>
        円単位の整数で入力してください（例：1,200,000）。小数は使えません。
      </p>
      <div className="mt-1 grid gap-3 sm:grid-cols-2">
        <YenInput id="rp-effectRevenueYen" label="歳入増（円）" value={revenue} onChange={(v) => onChange('effectRevenueYen', v)} errors={errors} onBlur={onBlur} />
        <YenInput id="rp-effectExpenseYen" label="歳出減（円）" value={expense} onChange={(v) => onChange('effectExpenseYen', v)} errors={errors} onBlur={onBlur} />
      </div>
      <div
        id="rp-effectKind"
        role="radiogroup"
        aria-labelledby="rp-effectKind-label"
        aria-describedby={errId(errors, 'rp-effectKind')}
        className="mt-3"
      >
        <p id="rp-effectKind-label" className="text-std-16N-170">
          効果の種類
        </p>
        <div className="flex flex-wrap gap-x-6 gap-y-1">
          {(Object.keys(EFFECT_KIND_LABELS) as ('one_off' | 'recurring')[]).map((k) => (
            <label key={k} className="flex items-center gap-2 text-std-16N-170">
              <input
                type="radio"
                name="rp-effectKind"
                className="size-4 accent-key-900"
                checked={kind === k}
                onChange={() => onChange('effectKind', k)}
                onBlur={onBlur}
              />
              {EFFECT_KIND_LABELS[k]}
            </label>
          ))}
          {kind && (
            <button type="button" className="text-dns-14N-130 text-key-900 underline underline-offset-3" onClick={() => onChange('effectKind', null)} onBlur={onBlur}>
              選択を解除する
            </button>
          )}
        </div>
        <FieldErrorText id="rp-effectKind" messages={errors.get('rp-effectKind')} />
      </div>
    </fieldset>
  );
}

export function HoursField({
  label,
  value,
  onChange,
  errors,
  onBlur,
}: FieldProps & { label: string; value: string; onChange: (v: string) => void }) {
  const id = 'rp-hoursSaved';
  return (
    <div data-testid="field-rp-hoursSaved">
      <label htmlFor={id} className={labelCls}>
        {label}
      </label>
      <p id={`${id}-hint`} className={hintCls}>
        年間の削減時間（0.1時間単位。例：12.5）
      </p>
      <div className="flex items-center gap-2">
        <input
          id={id}
          inputMode="decimal"
          autoComplete="off"
          className={cx(inputCls, 'max-w-40 text-right tabular-nums')}
          value={value}
          aria-invalid={invalid(errors, id)}
          aria-describedby={describedBy(`${id}-hint`, errId(errors, id))}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
        <span aria-hidden="true">時間／年</span>
      </div>
      <FieldErrorText id={id} messages={errors.get(id)} />
    </div>
  );
}

export function NumbersField({
  label,
  rows,
  onChange,
  errors,
  onBlur,
}: FieldProps & { label: string; rows: NumberRow[]; onChange: (rows: NumberRow[]) => void }) {
  const set = (key: string, patch: Partial<NumberRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <fieldset id="rp-numbers" data-testid="field-rp-numbers" aria-describedby={errId(errors, 'rp-numbers')}>
      <legend className={labelCls}>{label}</legend>
      <p className={hintCls}>指標名と値を入力します（例：申込件数／312件）。</p>
      <ul className="mt-1 grid gap-2">
        {rows.map((r, i) => {
          const rid = `rp-numbers-${r.key}`;
          return (
            <li key={r.key}>
              <div className="flex flex-wrap items-end gap-2">
                <div className="min-w-40 flex-1">
                  <label htmlFor={`${rid}-name`} className="block text-dns-14N-130">
                    指標名{i + 1}
                  </label>
                  <input
                    id={`${rid}-name`}
                    className={inputCls}
                    value={r.name}
                    aria-invalid={invalid(errors, rid)}
                    aria-describedby={errId(errors, rid)}
                    onChange={(e) => set(r.key, { name: e.target.value })}
                    onBlur={onBlur}
                  />
                </div>
                <div className="min-w-40 flex-1">
                  <label htmlFor={rid} className="block text-dns-14N-130">
                    値{i + 1}
                  </label>
                  <input
                    id={rid}
                    className={inputCls}
                    value={r.value}
                    aria-invalid={invalid(errors, rid)}
                    aria-describedby={errId(errors, rid)}
                    onChange={(e) => set(r.key, { value: e.target.value })}
                    onBlur={onBlur}
                  />
                </div>
                <Button size="sm" variant="tertiary" onClick={() => onChange(rows.filter((x) => x.key !== r.key))} aria-label={`指標${i + 1}を削除`}>
                  削除
                </Button>
              </div>
              <FieldErrorText id={rid} messages={errors.get(rid)} />
            </li>
          );
        })}
      </ul>
      <Button size="sm" className="mt-2" onClick={() => onChange([...rows, { key: newRowKey(), name: '', value: '' }])}>
        ＋ 指標を追加
      </Button>
      <FieldErrorText id="rp-numbers" messages={errors.get('rp-numbers')} />
    </fieldset>
  );
}

/** The last round's answer beside a field, with 「前回の内容を写す」. */
export function PreviousAside({
  label,
  roundLabel,
  text,
  onCopy,
}: {
  label: string;
  roundLabel: string;
  text: string | null;
  onCopy: (() => void) | null;
}) {
  return (
    <aside aria-label={`前回の回答：${label}`} className="rounded-8 border border-solid-gray-200 bg-solid-gray-50 px-3 py-2" data-testid="previous">
      <p className="text-dns-14B-130 text-solid-gray-800">前回（{roundLabel}）</p>
      <p className="mt-1 max-h-48 overflow-y-auto whitespace-pre-line text-dns-14N-130 text-solid-gray-900">
        {text ?? <span className="text-solid-gray-700">（回答なし）</span>}
      </p>
      {onCopy && text !== null && (
        <Button size="sm" className="mt-2" onClick={onCopy} aria-label={`${label}：前回の内容を写す`}>
          前回の内容を写す
        </Button>
      )}
    </aside>
  );
}

export function FieldRow({ children, aside }: { children: ReactNode; aside?: ReactNode }) {
  return (
    <div className={cx('grid gap-3 border-b border-solid-gray-200 py-4 last:border-b-0', aside ? 'lg:grid-cols-[minmax(0,1fr)_minmax(0,22rem)]' : 'max-w-[56rem]')}>
      <div className="min-w-0">{children}</div>
      {aside && <div className="min-w-0">{aside}</div>}
    </div>
  );
}
