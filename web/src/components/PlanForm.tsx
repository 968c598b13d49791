/** @jsxImportSource react */
/**
 * 計画の登録・設定フォーム: 種類, 計画名, 期間 (和暦 labels, Western years
 * sent), 上位計画, 経営理念, 階層名 and スケジュールの区分 (ordered, editable
 * lists) and, when registering, the initial 段階. The server validates; its
 * messages (`levelNames.1`, `phases.0.code`, `lastFiscalYear` …) are shown
 * beside the control they name, and rows keep their messages when reordered.
 */
import { Fragment, useId, type FormEvent, type ReactNode } from 'react';
import type { CreatePlanBody, FieldError, PatchPlanBody, PhaseDto, PlanDto, PlanSummaryDto } from '../lib/api';
import { DEFAULT_PHASES, MAX_PLAN_YEARS, PLAN_KIND_SUGGESTIONS, PLAN_STAGES, fiscalYearLabel, fiscalYearOf } from '../lib/domain';
import { todayIso } from '../lib/format';
import {
  ErrorSummary,
  Field,
  FieldErrorText,
  Required,
  describedBy,
  fieldsetCls,
  fieldState,
  groupFieldErrors,
  hintCls,
  humanizeFields,
  inputCls,
  legendCls,
  selectCls,
  smallLabelCls,
} from './form';
import { Button, cx } from './ui';

let seq = 0;
const newKey = () => `row${++seq}`;

export interface LevelRow {
  key: string;
  name: string;
}
export interface PhaseRow {
  key: string;
  code: string;
  label: string;
  symbol: string;
}
export interface StageRow {
  key: string;
  stage: string;
  date: string;
  note: string;
}

export interface PlanFormValues {
  kind: string;
  title: string;
  /** Western year as text ('' = not chosen) */
  firstFiscalYear: string;
  lastFiscalYear: string;
  /** '' = none */
  parentPlanId: string;
  philosophy: string;
  levelNames: LevelRow[];
  phases: PhaseRow[];
  /** only when registering; later stages are recorded one by one */
  stages: StageRow[];
}

const phaseRows = (phases: readonly PhaseDto[]): PhaseRow[] =>
  phases.map((p) => ({ key: newKey(), code: p.code, label: p.label, symbol: p.symbol ?? '' }));

export function emptyPlanValues(): PlanFormValues {
  return {
    kind: '',
    title: '',
    firstFiscalYear: '',
    lastFiscalYear: '',
    parentPlanId: '',
    philosophy: '',
    levelNames: ['基本方針', '施策', '実施項目'].map((name) => ({ key: newKey(), name })),
    phases: phaseRows(DEFAULT_PHASES),
    stages: [{ key: newKey(), stage: PLAN_STAGES[0], date: todayIso(), note: '' }],
  };
}

export function valuesFromPlan(p: PlanDto): PlanFormValues {
  return {
    kind: p.kind,
    title: p.title,
    firstFiscalYear: String(p.firstFiscalYear),
    lastFiscalYear: String(p.lastFiscalYear),
    parentPlanId: p.parentPlanId ?? '',
    philosophy: p.philosophy,
    levelNames: p.levelNames.map((name) => ({ key: newKey(), name })),
    phases: phaseRows(p.phases),
    stages: [],
  };
}

const yearOrNull = (s: string): number | null => (/^\d{4}$/.test(s) ? Number(s) : null);

function phasesOut(rows: PhaseRow[]): PhaseDto[] {
  return rows.map((r) => {
    const p: PhaseDto = { code: r.code.trim(), label: r.label.trim() };
    if (r.symbol.trim()) p.symbol = r.symbol.trim();
    return p;
  });
}

/**
 * Body for POST /plans. Every row is sent as typed (empty ones included) so
 * that the server's `levelNames.1`-style messages point at the right row.
 * An unchosen year is sent as null; the server names the field.
 */
export function buildCreateBody(v: PlanFormValues): CreatePlanBody {
  return {
    kind: v.kind,
    title: v.title,
    firstFiscalYear: yearOrNull(v.firstFiscalYear) as number,
    lastFiscalYear: yearOrNull(v.lastFiscalYear) as number,
    philosophy: v.philosophy,
    parentPlanId: v.parentPlanId || null,
    levelNames: v.levelNames.map((l) => l.name),
    phases: phasesOut(v.phases),
    stages: v.stages.map((s) => ({ stage: s.stage, date: s.date, ...(s.note.trim() ? { note: s.note.trim() } : {}) })),
  };
}

/** Only what differs from the version the form was started from. */
export function buildPlanPatch(v: PlanFormValues, base: PlanDto): PatchPlanBody {
  const body: PatchPlanBody = { version: base.version };
  if (v.kind !== base.kind) body.kind = v.kind;
  if (v.title !== base.title) body.title = v.title;
  const first = yearOrNull(v.firstFiscalYear);
  const last = yearOrNull(v.lastFiscalYear);
  if (first !== base.firstFiscalYear) body.firstFiscalYear = first as number;
  if (last !== base.lastFiscalYear) body.lastFiscalYear = last as number;
  if ((v.parentPlanId || null) !== base.parentPlanId) body.parentPlanId = v.parentPlanId || null;
  if (v.philosophy !== base.philosophy) body.philosophy = v.philosophy;
  const names = v.levelNames.map((l) => l.name);
  if (JSON.stringify(names) !== JSON.stringify(base.levelNames)) body.levelNames = names;
  const phases = phasesOut(v.phases);
  if (JSON.stringify(phases) !== JSON.stringify(phasesOut(phaseRows(base.phases)))) body.phases = phases;
  return body;
}

export function hasPlanChanges(body: PatchPlanBody): boolean {
  return Object.keys(body).some((k) => k !== 'version');
}

/** Control ids. Rows use their key, so a message stays with its row when rows move. */
export const planFieldId = {
  kind: 'pf-kind',
  title: 'pf-title',
  firstFiscalYear: 'pf-firstFiscalYear',
  lastFiscalYear: 'pf-lastFiscalYear',
  parentPlanId: 'pf-parentPlanId',
  philosophy: 'pf-philosophy',
  levelNames: 'pf-levelNames',
  level: (key: string) => `pf-level-${key}`,
  phases: 'pf-phases',
  phase: (key: string, part: 'code' | 'label' | 'symbol') => `pf-phase-${key}-${part}`,
  stages: 'pf-stages',
  stage: (key: string, part: 'stage' | 'date' | 'note') => `pf-stage-${key}-${part}`,
};

/** Maps a server path to a control, given the rows as they were sent. */
export function planPathMapper(sent: PlanFormValues): (path: string) => string | null {
  return (path) => {
    const [head, index, part] = path.split('.');
    const i = index === undefined ? NaN : Number(index);
    switch (head) {
      case 'kind':
      case 'title':
      case 'firstFiscalYear':
      case 'lastFiscalYear':
      case 'parentPlanId':
      case 'philosophy':
        return planFieldId[head];
      case 'levelNames': {
        const row = sent.levelNames[i];
        return row ? planFieldId.level(row.key) : planFieldId.levelNames;
      }
      case 'phases': {
        const row = sent.phases[i];
        if (!row) return planFieldId.phases;
        return planFieldId.phase(row.key, part === 'label' || part === 'symbol' ? part : 'code');
      }
      case 'stages': {
        const row = sent.stages[i];
        if (!row) return planFieldId.stages;
        return planFieldId.stage(row.key, part === 'date' || part === 'note' ? part : 'stage');
      }
      default:
        return null;
    }
  };
}

/**
 * The server's field errors grouped by control, worded for this form: the
 * server asks for a 西暦 number where the form offers a list of 年度, and an
 * empty date is "not entered" rather than "not YYYY-MM-DD".
 */
export function planErrors(fields: FieldError[], sent: PlanFormValues): Map<string, string[]> {
  const worded = humanizeFields(fields, (p) => {
    const [head, , part] = p.split('.');
    if (head === 'phases') return part === 'symbol' ? '記号' : part === 'label' ? '区分名' : part === 'code' ? '区分コード' : null;
    return null;
  }).map((f) => {
    const [head, index, part] = f.path.split('.');
    if (f.path === 'firstFiscalYear' && !sent.firstFiscalYear) return { ...f, message: '開始年度を選んでください。' };
    if (f.path === 'lastFiscalYear' && !sent.lastFiscalYear) return { ...f, message: '終了年度を選んでください。' };
    if (head === 'stages' && part === 'date' && !sent.stages[Number(index)]?.date) return { ...f, message: '日付を入力してください。' };
    return f;
  });
  return groupFieldErrors(worded, planPathMapper(sent));
}

/** '令和8年度（2026）' */
export function yearOptionLabel(y: number): string {
  return `${fiscalYearLabel(y)}（${y}）`;
}

/** 年度 offered in the period selects: fifteen years either side of now, plus the plan's own. */
function yearChoices(...keep: string[]): number[] {
  const now = fiscalYearOf(todayIso());
  const set = new Set<number>();
  for (let y = Math.max(1989, now - 15); y <= now + 15; y++) set.add(y);
  for (const k of keep) {
    const y = yearOrNull(k);
    if (y !== null && y >= 1989) set.add(y);
  }
  return [...set].sort((a, b) => a - b);
}

/** The stage that usually follows (素案 → 草案 → 決定 → 改訂 → 改訂). */
export function nextStageAfter(stage: string | undefined): string {
  const stages: readonly string[] = PLAN_STAGES;
  const i = stage === undefined ? -1 : stages.indexOf(stage);
  return stages[Math.min(i + 1, stages.length - 1)]!;
}

function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item!);
  return copy;
}

/** After a row moved, keep focus on its button (or the other one when that end was reached). */
function refocus(id: string, fallback: string): void {
  window.setTimeout(() => {
    const el = document.getElementById(id) as HTMLButtonElement | null;
    if (el && !el.disabled) el.focus();
    else document.getElementById(fallback)?.focus();
  }, 0);
}

function RowButtons({
  idBase,
  index,
  count,
  label,
  onMove,
  onRemove,
  minRows,
}: {
  idBase: string;
  index: number;
  count: number;
  /** e.g. '2番目の階層名' */
  label: string;
  onMove: (to: number) => void;
  onRemove: () => void;
  minRows: number;
}) {
  return (
    <div className="flex flex-none items-center gap-1" role="group" aria-label={`${label}の操作`}>
      <Button
        id={`${idBase}-up`}
        size="sm"
        variant="tertiary"
        disabled={index === 0}
        aria-label={`${label}を上へ移動`}
        onClick={() => {
          onMove(index - 1);
          refocus(`${idBase}-up`, `${idBase}-down`);
        }}
      >
        <span aria-hidden="true">↑</span>上へ
      </Button>
      <Button
        id={`${idBase}-down`}
        size="sm"
        variant="tertiary"
        disabled={index === count - 1}
        aria-label={`${label}を下へ移動`}
        onClick={() => {
          onMove(index + 1);
          refocus(`${idBase}-down`, `${idBase}-up`);
        }}
      >
        <span aria-hidden="true">↓</span>下へ
      </Button>
      <Button size="sm" variant="tertiary" disabled={count <= minRows} aria-label={`${label}を削除`} onClick={onRemove}>
        削除
      </Button>
    </div>
  );
}

export function PlanForm({
  mode,
  values,
  onChange,
  errors,
  submitting,
  onSubmit,
  onCancel,
  plans,
  selfId,
  heading,
  extra,
}: {
  mode: 'create' | 'edit';
  values: PlanFormValues;
  onChange: (v: PlanFormValues) => void;
  errors: Map<string, string[]>;
  submitting: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  /** the municipality's plans (上位計画の候補) */
  plans: PlanSummaryDto[];
  /** the plan being edited: it and its descendants cannot be its 上位計画 */
  selfId?: string;
  heading: ReactNode;
  /** shown above the buttons (e.g. the conflict panel) */
  extra?: ReactNode;
}) {
  const uid = useId();
  const { err, invalid, errId } = fieldState(errors);
  const set = <K extends keyof PlanFormValues>(k: K, v: PlanFormValues[K]) => onChange({ ...values, [k]: v });
  const id = planFieldId;

  const years = yearChoices(values.firstFiscalYear, values.lastFiscalYear);
  const first = yearOrNull(values.firstFiscalYear);
  const last = yearOrNull(values.lastFiscalYear);
  const span = first !== null && last !== null && last >= first ? last - first + 1 : null;
  /** 開始年度 / 終了年度: the same select over the same year choices */
  const yearSelect = (key: 'firstFiscalYear' | 'lastFiscalYear', label: string) => (
    <Field id={id[key]} label={label} labelClassName={smallLabelCls} errors={errors}>
      {(c) => (
        <select {...c} className={cx(selectCls, 'min-w-56')} value={values[key]} onChange={(e) => set(key, e.target.value)} aria-required="true">
          <option value="">選択してください</option>
          {years.map((y) => (
            <option key={y} value={String(y)}>
              {yearOptionLabel(y)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  // A plan cannot sit under itself or under one of its own descendants.
  const excluded = new Set<string>();
  if (selfId) {
    excluded.add(selfId);
    let grew = true;
    while (grew) {
      grew = false;
      for (const p of plans) {
        if (p.parentPlanId && excluded.has(p.parentPlanId) && !excluded.has(p.id)) {
          excluded.add(p.id);
          grew = true;
        }
      }
    }
  }
  const parentChoices = plans.filter((p) => !excluded.has(p.id));

  const setLevel = (key: string, name: string) =>
    set('levelNames', values.levelNames.map((l) => (l.key === key ? { ...l, name } : l)));
  const setPhase = (key: string, patch: Partial<PhaseRow>) =>
    set('phases', values.phases.map((p) => (p.key === key ? { ...p, ...patch } : p)));
  const setStage = (key: string, patch: Partial<StageRow>) =>
    set('stages', values.stages.map((s) => (s.key === key ? { ...s, ...patch } : s)));

  const focusLater = (elementId: string) => window.setTimeout(() => document.getElementById(elementId)?.focus(), 0);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };

  return (
    <form noValidate onSubmit={submit} aria-labelledby={`${uid}-h`} className="max-w-5xl" data-testid="plan-form">
      <h2 id={`${uid}-h`} className="mb-3 text-std-20B-150">
        {heading}
      </h2>
      <ErrorSummary errors={errors} id="pf-error-summary" />

      <div className="grid gap-5">
        <div className="grid gap-5 sm:grid-cols-[19rem_1fr]">
          <Field id={id.kind} label="種類" mark="required" hint="候補から選ぶか、自由に入力します。" errors={errors}>
            {(c) => (
              <>
                <input
                  {...c}
                  className={inputCls}
                  list={`${uid}-kinds`}
                  value={values.kind}
                  onChange={(e) => set('kind', e.target.value)}
                  aria-required="true"
                  autoComplete="off"
                />
                <datalist id={`${uid}-kinds`}>
                  {PLAN_KIND_SUGGESTIONS.map((k) => (
                    <option key={k} value={k} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field id={id.title} label="計画名" mark="required" hint="例：第六次荒尾市行政改革大綱" errors={errors}>
            {(c) => (
              <input {...c} className={inputCls} value={values.title} onChange={(e) => set('title', e.target.value)} aria-required="true" autoComplete="off" />
            )}
          </Field>
        </div>

        <fieldset className={fieldsetCls} aria-describedby={`${uid}-period-hint`}>
          <legend className={legendCls}>
            期間
            <Required />
          </legend>
          <div className="flex flex-wrap items-start gap-x-3 gap-y-2">
            {yearSelect('firstFiscalYear', '開始年度')}
            <span aria-hidden="true" className="pt-8 text-std-16N-170">
              〜
            </span>
            {yearSelect('lastFiscalYear', '終了年度')}
          </div>
          <p id={`${uid}-period-hint`} className={cx(hintCls, 'mt-2')} aria-live="polite">
            {span !== null
              ? `計画期間は${span}年度間です（${MAX_PLAN_YEARS}年度以内）。`
              : `年度は4月1日から翌年3月31日まで。計画期間は${MAX_PLAN_YEARS}年度以内にします。`}
            {mode === 'edit' && ' 期間を縮めるときは、期間外になる年度のスケジュールを先に消してください。'}
          </p>
        </fieldset>

        <Field
          id={id.parentPlanId}
          label="上位計画"
          mark="optional"
          hint="大綱の下の実施計画、DX推進計画など、この計画が属する計画を選びます。"
          errors={errors}
        >
          {(c) => (
            <select {...c} className={cx(selectCls, 'w-full max-w-2xl')} value={values.parentPlanId} onChange={(e) => set('parentPlanId', e.target.value)}>
              <option value="">なし（最上位の計画）</option>
              {parentChoices.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}（{p.periodLabel}）
                </option>
              ))}
            </select>
          )}
        </Field>

        <Field id={id.philosophy} label="経営理念・基本理念" mark="optional" errors={errors}>
          {(c) => (
            <textarea {...c} className={cx(inputCls, 'min-h-28')} rows={4} value={values.philosophy} onChange={(e) => set('philosophy', e.target.value)} />
          )}
        </Field>

        <fieldset
          id={id.levelNames}
          className={fieldsetCls}
          aria-invalid={invalid(id.levelNames)}
          aria-describedby={describedBy(`${id.levelNames}-hint`, errId(id.levelNames))}
        >
          <legend className={legendCls}>
            階層名
            <Required />
          </legend>
          <p id={`${id.levelNames}-hint`} className={hintCls}>
            体系図の上の階層から順に入力します（例：重点項目 → 施策 → 実施項目）。1つ以上必要です。
            {mode === 'edit' && ' 階層を減らしても項目は消えず、深い項目は最後の階層名で表示されます。'}
          </p>
          <ol className="mt-2 grid gap-2" data-testid="level-names">
            {values.levelNames.map((l, i) => {
              const fid = id.level(l.key);
              return (
                <li key={l.key}>
                  <div className="flex flex-wrap items-center gap-2">
                    <label htmlFor={fid} className="w-16 flex-none text-dns-14B-130">
                      第{i + 1}階層
                    </label>
                    <input
                      id={fid}
                      className={cx(inputCls, 'max-w-xs py-1.5')}
                      value={l.name}
                      onChange={(e) => setLevel(l.key, e.target.value)}
                      aria-invalid={invalid(fid)}
                      aria-describedby={errId(fid)}
                      autoComplete="off"
                    />
                    <RowButtons
                      idBase={fid}
                      index={i}
                      count={values.levelNames.length}
                      label={`第${i + 1}階層（${l.name || '空欄'}）`}
                      minRows={1}
                      onMove={(to) => set('levelNames', move(values.levelNames, i, to))}
                      onRemove={() => {
                        const rest = values.levelNames.filter((x) => x.key !== l.key);
                        set('levelNames', rest);
                        focusLater(id.level((rest[i] ?? rest[i - 1])!.key));
                      }}
                    />
                  </div>
                  <div className="pl-18">
                    <FieldErrorText id={fid} messages={err(fid)} />
                  </div>
                </li>
              );
            })}
          </ol>
          <Button
            className="mt-2"
            size="sm"
            disabled={values.levelNames.length >= 10}
            onClick={() => {
              const row = { key: newKey(), name: '' };
              set('levelNames', [...values.levelNames, row]);
              focusLater(id.level(row.key));
            }}
          >
            ＋ 階層を追加
          </Button>
          <FieldErrorText id={id.levelNames} messages={err(id.levelNames)} />
        </fieldset>

        <fieldset
          id={id.phases}
          className={fieldsetCls}
          aria-invalid={invalid(id.phases)}
          aria-describedby={describedBy(`${id.phases}-hint`, errId(id.phases))}
        >
          <legend className={legendCls}>スケジュールの区分</legend>
          <p id={`${id.phases}-hint`} className={hintCls}>
            ロードマップの各年度に記入する区分です。コードは半角英小文字・数字（例：kento）で、記号は表の中で区分名の代わりに表示します（4文字以内、例：→）。
            {mode === 'edit' && ' スケジュールで使われているコードは変更・削除できません。'}
          </p>
          <table className="mt-2 w-full max-w-3xl border-collapse text-left" data-testid="phases">
            <thead>
              <tr className="text-dns-14B-130 text-solid-gray-800">
                <th scope="col" className="w-10 pb-1 pr-2 font-bold">
                  <span className="sr-only">順番</span>
                </th>
                <th scope="col" className="pb-1 pr-2 font-bold">
                  コード
                </th>
                <th scope="col" className="pb-1 pr-2 font-bold">
                  区分名
                </th>
                <th scope="col" className="w-28 pb-1 pr-2 font-bold">
                  記号
                </th>
                <th scope="col" className="pb-1 font-bold">
                  <span className="sr-only">操作</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {values.phases.map((p, i) => {
                const codeId = id.phase(p.key, 'code');
                const labelId = id.phase(p.key, 'label');
                const symbolId = id.phase(p.key, 'symbol');
                const name = `${i + 1}番目の区分`;
                const rowHasErrors = [codeId, labelId, symbolId].some((x) => invalid(x));
                return (
                  <Fragment key={p.key}>
                    <tr className="align-top">
                      <td className="py-1 pr-2 pt-3.5 text-dns-14N-130 text-solid-gray-700 tabular-nums">{i + 1}</td>
                      <td className="py-1 pr-2">
                        <input
                          id={codeId}
                          className={cx(inputCls, 'py-1.5 font-mono')}
                          value={p.code}
                          onChange={(e) => setPhase(p.key, { code: e.target.value })}
                          onBlur={(e) => {
                            const v = e.target.value.normalize('NFKC').trim().toLowerCase();
                            if (v !== p.code) setPhase(p.key, { code: v });
                          }}
                          aria-label={`${name}のコード`}
                          aria-invalid={invalid(codeId)}
                          aria-describedby={errId(codeId)}
                          autoComplete="off"
                          spellCheck={false}
                        />
                      </td>
                      <td className="py-1 pr-2">
                        <input
                          id={labelId}
                          className={cx(inputCls, 'py-1.5')}
                          value={p.label}
                          onChange={(e) => setPhase(p.key, { label: e.target.value })}
                          aria-label={`${name}の区分名`}
                          aria-invalid={invalid(labelId)}
                          aria-describedby={errId(labelId)}
                          autoComplete="off"
                        />
                      </td>
                      <td className="py-1 pr-2">
                        <input
                          id={symbolId}
                          className={cx(inputCls, 'py-1.5 text-center')}
                          value={p.symbol}
                          onChange={(e) => setPhase(p.key, { symbol: e.target.value })}
                          aria-label={`${name}の記号`}
                          aria-invalid={invalid(symbolId)}
                          aria-describedby={errId(symbolId)}
                          autoComplete="off"
                        />
                      </td>
                      <td className="py-1 pt-2">
                        <RowButtons
                          idBase={codeId}
                          index={i}
                          count={values.phases.length}
                          label={`${name}（${p.label || p.code || '空欄'}）`}
                          minRows={1}
                          onMove={(to) => set('phases', move(values.phases, i, to))}
                          onRemove={() => {
                            const rest = values.phases.filter((x) => x.key !== p.key);
                            set('phases', rest);
                            focusLater(id.phase((rest[i] ?? rest[i - 1])!.key, 'code'));
                          }}
                        />
                      </td>
                    </tr>
                    {rowHasErrors && (
                      <tr>
                        <td />
                        <td colSpan={4} className="pb-2">
                          <FieldErrorText id={codeId} messages={err(codeId)} label="コード" />
                          <FieldErrorText id={labelId} messages={err(labelId)} label="区分名" />
                          <FieldErrorText id={symbolId} messages={err(symbolId)} label="記号" />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
          <Button
            className="mt-2"
            size="sm"
            disabled={values.phases.length >= 30}
            onClick={() => {
              const row = { key: newKey(), code: '', label: '', symbol: '' };
              set('phases', [...values.phases, row]);
              focusLater(id.phase(row.key, 'code'));
            }}
          >
            ＋ 区分を追加
          </Button>
          <FieldErrorText id={id.phases} messages={err(id.phases)} />
        </fieldset>

        {mode === 'create' && (
          <fieldset
            id={id.stages}
            className={fieldsetCls}
            aria-invalid={invalid(id.stages)}
            aria-describedby={describedBy(`${id.stages}-hint`, errId(id.stages))}
          >
            <legend className={legendCls}>段階</legend>
            <p id={`${id.stages}-hint`} className={hintCls}>
              素案・草案・決定・改訂の経過と日付です。日付が最も新しい段階が、その計画の現在の段階になります。登録後は「計画の設定」で追加します。
            </p>
            <ol className="mt-2 grid gap-2">
              {values.stages.map((s, i) => {
                const stageId = id.stage(s.key, 'stage');
                const dateId = id.stage(s.key, 'date');
                const noteId = id.stage(s.key, 'note');
                return (
                  <li key={s.key} className="flex flex-wrap items-start gap-3">
                    <Field id={stageId} label="段階" labelClassName={smallLabelCls} errors={errors}>
                      {(c) => (
                        <select {...c} className={selectCls} value={s.stage} onChange={(e) => setStage(s.key, { stage: e.target.value })}>
                          {PLAN_STAGES.map((st) => (
                            <option key={st} value={st}>
                              {st}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                    <Field id={dateId} label="日付" labelClassName={smallLabelCls} errors={errors}>
                      {(c) => (
                        <input
                          {...c}
                          type="date"
                          className={cx(inputCls, 'w-44 max-w-44 py-1.5')}
                          value={s.date}
                          onChange={(e) => setStage(s.key, { date: e.target.value })}
                        />
                      )}
                    </Field>
                    <Field id={noteId} label="備考" labelClassName={smallLabelCls} errors={errors} className="min-w-48 flex-1">
                      {(c) => (
                        <input
                          {...c}
                          className={cx(inputCls, 'py-1.5')}
                          value={s.note}
                          placeholder="例：行政改革推進本部会議で決定"
                          onChange={(e) => setStage(s.key, { note: e.target.value })}
                          autoComplete="off"
                        />
                      )}
                    </Field>
                    <Button
                      className="mt-6"
                      size="sm"
                      variant="tertiary"
                      aria-label={`${i + 1}番目の段階（${s.stage}）を削除`}
                      onClick={() => {
                        const rest = values.stages.filter((x) => x.key !== s.key);
                        set('stages', rest);
                        const next = rest[i] ?? rest[i - 1];
                        focusLater(next ? id.stage(next.key, 'stage') : `${uid}-add-stage`);
                      }}
                    >
                      削除
                    </Button>
                  </li>
                );
              })}
            </ol>
            {values.stages.length === 0 && <p className={cx(hintCls, 'mt-2')}>段階を入れない場合は、本日付の「素案」として登録されます。</p>}
            <Button
              id={`${uid}-add-stage`}
              className="mt-2"
              size="sm"
              onClick={() => {
                const lastStage = values.stages[values.stages.length - 1]?.stage;
                const nextStage = nextStageAfter(lastStage);
                const row = { key: newKey(), stage: nextStage, date: todayIso(), note: '' };
                set('stages', [...values.stages, row]);
                focusLater(id.stage(row.key, 'stage'));
              }}
            >
              ＋ 段階を追加
            </Button>
            <FieldErrorText id={id.stages} messages={err(id.stages)} />
          </fieldset>
        )}
      </div>

      {extra}

      <div className="mt-5 flex flex-wrap gap-3">
        <Button type="submit" variant="primary" disabled={submitting}>
          {submitting ? '保存しています…' : mode === 'edit' ? '保存する' : '登録する'}
        </Button>
        <Button onClick={onCancel} disabled={submitting}>
          キャンセル
        </Button>
      </div>
    </form>
  );
}
