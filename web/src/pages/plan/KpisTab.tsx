/** @jsxImportSource react */
/**
 * 数値目標・KPI of a plan: grouped by 区分, each with 基準値 → 目標値, the actual and the 年度目標
 * (milestone) of every fiscal year of the plan period, the evaluation of the latest actual
 * (達成 / 未達成 / 未入力), its 進捗状況 against that year's 年度目標 (順調 / 遅れ, also under each year)
 * and 進捗率. The secretariat adds and edits KPIs in a dialog and types a year's actual or 年度目標
 * straight into the table. A KPI may instead take its values from a row of the plan's 財政計画・定員管理
 * tables (実績 → 実績値, 計画・見込み → 年度目標): those are shown marked 「表から」 and are changed in the table.
 *
 * Every save names the version it started from; a 409 keeps what was typed, shows it beside the
 * stored version and offers to load that or to carry the input onto it and save again.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ChartFigure } from '../../components/ChartFigure';
import { ConflictPanel, type ConflictRow } from '../../components/ConflictPanel';
import { Dialog } from '../../components/Dialog';
import {
  ErrorSummary,
  Field,
  FieldErrorText,
  Optional,
  Required,
  describedBy,
  fieldState,
  fieldsetCls,
  groupFieldErrors,
  hintCls,
  inputCls,
  labelCls,
  legendCls,
  selectCls,
} from '../../components/form';
import { Badge, Button, ErrorState, Loading, SuccessMessage, cx } from '../../components/ui';
import { ApiError, type FieldError } from '../../lib/api';
import { isOffice, useCurrentUser } from '../../lib/auth';
import { flattenTree } from '../../lib/filters';
import { formatDateTime } from '../../lib/format';
import {
  kpiApi,
  kpiFromConflict,
  kpiPaths,
  sourceFitHint,
  sourceRowLabel,
  sourceRowText,
  tableUnitText,
  type FiscalTableListDto,
  type KpiBody,
  type KpiBound,
  type KpiCourseDto,
  type KpiCourseStatus,
  type KpiDto,
  type KpiListDto,
  type KpiStatus,
  type KpiValueDto,
  type KpiValueKind,
} from '../../lib/kpis';
import type { ChartDto } from '../../../../src/shared/api-types-kpis.js';
import { Link, paths } from '../../lib/router';
import { invalidate, useApi } from '../../lib/useApi';
import { splitActor } from '../../../../src/modules/access/domain/actorLabel.js';
import { fiscalYearLabel, fiscalYearShort } from '../../../../src/modules/fiscal/domain/wareki.js';
import { VALUE_KIND_LABELS } from '../../../../src/modules/kpis/domain/evaluation.js';
import { STANDARD_CATEGORIES } from '../../../../src/modules/kpis/domain/kpi.js';
import { decimalString, parseKpiValue } from '../../../../src/modules/kpis/domain/value.js';
import type { PlanContext } from './context';

const STATUS_TONE: Record<KpiStatus, 'success' | 'danger' | 'neutral'> = { achieved: 'success', before_target: 'neutral', not_achieved: 'danger', no_data: 'neutral' };
const COURSE_TONE: Record<KpiCourseStatus, 'success' | 'warning' | 'neutral'> = { on_track: 'success', behind: 'warning', none: 'neutral' };
const BOUND_TEXT: Record<KpiBound, string> = { at_least: '目標値以上', at_most: '目標値以下・以内' };
const RELOAD_FAILED = '最新の内容を読み込めませんでした。画面を再読み込みしてください。';

/** KPIs in order, grouped by 区分 (in the order the headings first appear). */
function groupByCategory(items: readonly KpiDto[]): { category: string; items: KpiDto[] }[] {
  const groups: { category: string; items: KpiDto[] }[] = [];
  for (const k of items) {
    const g = groups.find((x) => x.category === k.category);
    if (g) g.items.push(k);
    else groups.push({ category: k.category, items: [k] });
  }
  return groups;
}

/** The server widens the columns to years with an actual; a 年度目標 outside them must not be hidden either. */
function yearColumns(fiscalYears: readonly number[], items: readonly KpiDto[]): number[] {
  const years = [...fiscalYears, ...items.flatMap((k) => k.values.map((v) => v.fiscalYear))];
  if (!years.length) return [];
  const out: number[] = [];
  for (let fy = Math.min(...years); fy <= Math.max(...years); fy++) out.push(fy);
  return out;
}

const storedValue = (k: KpiDto, fiscalYear: number, kind: KpiValueKind) => k.values.find((v) => v.kind === kind && v.fiscalYear === fiscalYear);

/** A year as a label, or as typed when it is no fiscal year the calendar knows. */
function yearText(fy: number | null): string {
  if (fy === null) return '（空欄）';
  try {
    return fiscalYearLabel(fy);
  } catch {
    return String(fy);
  }
}

/** The quantity a typed value stands for, as plain decimal text ('' for none), or the text itself when it does not parse. */
function quantityOf(text: string, scale: number, unit: string): string {
  const p = parseKpiValue(text, scale, '', unit);
  if (!p.ok) return text.trim();
  if (p.value === null) return '';
  const s = decimalString(p.value, scale);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

export function KpisTab({ ctx }: { ctx: PlanContext }) {
  const user = useCurrentUser();
  const canEdit = !!user.id && isOffice(user.role);
  const path = kpiPaths.list(ctx.code, ctx.planId);
  const res = useApi<KpiListDto>(path);
  const [editing, setEditing] = useState<KpiDto | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => invalidate(path);
  // Values taken from a table change when the table is saved on its own tab, which does not know
  // this list: a list cached from an earlier visit is fetched again on coming back.
  const cachedOnMount = useRef(res.data !== undefined);
  useEffect(() => {
    if (cachedOnMount.current) invalidate(path);
  }, [path]);

  if (res.error) return <ErrorState error={res.error} title="数値目標・KPIを読み込めませんでした。" onRetry={res.reload} />;
  if (!res.data) return <Loading />;
  const { items } = res.data;
  const fiscalYears = yearColumns(res.data.fiscalYears, items);
  const groups = groupByCategory(items);

  return (
    <div data-testid="kpis-tab">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <p className="text-dns-14N-130 text-solid-gray-800">
          判定は最新の年度の実績値と目標値の比較です（目標値の年度が終わるまでは、目標に届いていなくても「目標年度前」と表示します）。進捗率 =（実績値 − 基準値）÷（目標値 − 基準値）。基準値が既に目標を満たしている指標は「維持」と表示します。
          各年度の欄の「目標」はその年度の目標（年度目標）です。進捗状況は最新の実績値を同じ年度の年度目標と比べた「順調」「遅れ」です（目標値の年度以降と、維持の指標で年度目標がない年度は目標値と比べます。年度目標がない年度は判定しません）。
        </p>
        {canEdit && (
          <Button size="sm" variant="primary" onClick={() => setEditing('new')}>
            ＋ 指標を追加
          </Button>
        )}
      </div>
      {notice && <SuccessMessage onClose={() => setNotice(null)}>{notice}</SuccessMessage>}
      {items.length === 0 ? (
        <p className="py-6 text-std-16N-170">この計画には数値目標・KPIがまだ登録されていません。</p>
      ) : (
        groups.map((g) => (
          <section key={g.category} className="mb-6" aria-labelledby={`kpi-group-${g.category}`}>
            <h2 id={`kpi-group-${g.category}`} className="mb-2 border-l-4 border-key-900 pl-2 text-std-18B-160 text-solid-gray-900">
              {g.category || '区分なし'}
            </h2>
            {/* The year columns grow with the plan: the table scrolls sideways inside this region (focusable, so keys
                scroll it), never the page — `relative` keeps its sr-only texts inside it too. 判定・進捗率 come before
                the years so that they are seen without scrolling. */}
            <div
              className="relative overflow-x-auto rounded-8 border border-solid-gray-420 bg-white"
              role="region"
              tabIndex={0}
              aria-label={`${g.category || '区分なし'}の数値目標・KPIの表（横にスクロールできます）`}
              data-testid="kpi-table-region"
            >
              <table className="w-full border-collapse text-left text-dns-14N-130" data-testid="kpi-table">
                <caption className="sr-only">
                  {ctx.plan.title}の数値目標・KPI（{g.category}）
                </caption>
                <thead className="bg-solid-gray-50 text-dns-14B-130 text-solid-gray-900">
                  <tr className="border-b-2 border-key-900">
                    <th scope="col" className="px-2 py-2 whitespace-nowrap">番号</th>
                    <th scope="col" className="px-2 py-2 min-w-48">指標</th>
                    <th scope="col" className="px-2 py-2 whitespace-nowrap">基準値</th>
                    <th scope="col" className="px-2 py-2 whitespace-nowrap">目標値</th>
                    <th scope="col" className="px-2 py-2 whitespace-nowrap">判定</th>
                    <th scope="col" className="px-2 py-2 whitespace-nowrap" title="最新の実績値を同じ年度の年度目標と比べた結果">
                      進捗状況
                    </th>
                    <th scope="col" className="px-2 py-2 whitespace-nowrap text-right">進捗率</th>
                    {canEdit && (
                      <th scope="col" className="px-2 py-2">
                        <span className="sr-only">操作</span>
                      </th>
                    )}
                    {fiscalYears.map((fy) => (
                      <th key={fy} scope="col" className="px-2 py-2 whitespace-nowrap text-right" title={`${fiscalYearLabel(fy)}の実績値（下段は年度目標と進捗状況）`}>
                        {fiscalYearShort(fy)}実績
                        <span className="block font-normal text-solid-gray-700">目標</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {g.items.map((k) => (
                    <KpiRow key={k.id} ctx={ctx} kpi={k} fiscalYears={fiscalYears} canEdit={canEdit} onEdit={() => setEditing(k)} onSaved={refresh} />
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))
      )}
      {editing && (
        <KpiDialog
          ctx={ctx}
          kpi={editing === 'new' ? null : editing}
          categories={[...new Set([...STANDARD_CATEGORIES, ...items.map((k) => k.category).filter(Boolean)])]}
          onClose={() => setEditing(null)}
          onStale={refresh}
          onDone={(message) => {
            setEditing(null);
            setNotice(message);
            refresh();
          }}
        />
      )}
    </div>
  );
}

function KpiRow({
  ctx,
  kpi: k,
  fiscalYears,
  canEdit,
  onEdit,
  onSaved,
}: {
  ctx: PlanContext;
  kpi: KpiDto;
  fiscalYears: number[];
  canEdit: boolean;
  onEdit: () => void;
  onSaved: () => void;
}) {
  return (
    <tr className="border-b border-solid-gray-200 align-top" data-testid="kpi-row">
      <td className="px-2 py-2 whitespace-nowrap">{k.number}</td>
      <th scope="row" className="px-2 py-2 text-left font-normal">
        <span className="text-dns-14B-130 text-solid-gray-900">{k.name}</span>
        {k.unit && <span className="ml-1 text-solid-gray-700">（{k.unit}）</span>}
        {k.nodeLabel && <span className="block text-solid-gray-700">項目: {k.nodeLabel}</span>}
        {k.departmentName && <span className="block text-solid-gray-700">担当: {k.departmentName}</span>}
        {k.source && (
          <span className="mt-1 block text-solid-gray-800" data-testid="kpi-source">
            取り込み元: {k.source.label}
            {canEdit && !k.source.problem && (
              <span className="block text-solid-gray-700">
                値は
                <Link to={paths.plan(ctx.code, ctx.planId, 'finance')} className="text-key-1000 underline">
                  財政計画・定員管理
                </Link>
                の表で入力・変更します。
              </span>
            )}
          </span>
        )}
        <KpiChart ctx={ctx} kpi={k} />
        {k.source?.problem && (
          <span className="mt-1 block rounded-4 border border-warning-yellow-1 bg-yellow-50 px-2 py-1 text-yellow-1200" data-testid="kpi-source-problem">
            <span aria-hidden="true">⚠ </span>
            注意: {k.source.problem}このため、この指標には値を表示していません。
          </span>
        )}
      </th>
      <td className="px-2 py-2 whitespace-nowrap">
        {k.baselineText === null ? (
          <span className="text-solid-gray-700">—</span>
        ) : (
          <>
            {k.baselineText}
            {k.unit}
            <span className="block text-solid-gray-700">{k.baselineFiscalYearLabel}</span>
            {k.baselineNote && <span className="block text-solid-gray-700">{k.baselineNote}</span>}
          </>
        )}
      </td>
      <td className="px-2 py-2 whitespace-nowrap">
        {k.targetText}
        {k.targetLabel && k.targetValueText !== null && (
          <span className="block text-solid-gray-700">
            （判定: {k.targetValueText}
            {k.unit}
            {k.boundLabel}）
          </span>
        )}
        <span className="block text-solid-gray-700">{k.targetFiscalYearLabel}</span>
      </td>
      <td className="px-2 py-2 whitespace-nowrap">
        <Badge tone={STATUS_TONE[k.evaluation.status]}>{k.evaluation.statusLabel}</Badge>
        {k.evaluation.note && <span className="mt-1 block text-solid-gray-700">{k.evaluation.note}</span>}
      </td>
      <td className="px-2 py-2 whitespace-nowrap" data-testid="kpi-course">
        {k.evaluation.course.status === 'none' ? (
          <>
            <span className="text-solid-gray-536" aria-hidden="true">
              —
            </span>
            {!k.evaluation.course.note && <span className="sr-only">判定なし</span>}
          </>
        ) : (
          <Badge tone={COURSE_TONE[k.evaluation.course.status]}>{k.evaluation.course.statusLabel}</Badge>
        )}
        {k.evaluation.course.note && <span className="mt-1 block text-solid-gray-700">{k.evaluation.course.note}</span>}
      </td>
      <td className="px-2 py-2 text-right whitespace-nowrap" data-testid="kpi-progress">
        {k.evaluation.progressLabel || <span className="text-solid-gray-536">—</span>}
      </td>
      {canEdit && (
        <td className="px-2 py-2">
          <Button size="sm" variant="tertiary" onClick={onEdit} aria-label={`${k.name}を編集`}>
            編集
          </Button>
        </td>
      )}
      {fiscalYears.map((fy) => {
        const milestone = storedValue(k, fy, 'milestone');
        const course = k.evaluation.courseByYear.find((c) => c.fiscalYear === fy);
        return (
          <td key={fy} className="px-2 py-2 text-right whitespace-nowrap" data-testid={`kpi-year-${fy}`}>
            {canEdit && !k.source ? (
              <>
                <ValueCell ctx={ctx} kpi={k} fiscalYear={fy} kind="actual" onSaved={onSaved} />
                <ValueCell ctx={ctx} kpi={k} fiscalYear={fy} kind="milestone" onSaved={onSaved} />
              </>
            ) : (
              <>
                <ShownValue value={storedValue(k, fy, 'actual')} />
                {milestone && (
                  <span className="block text-solid-gray-700" data-testid="kpi-milestone">
                    目標 <ShownValue value={milestone} />
                  </span>
                )}
              </>
            )}
            {course && <YearCourse course={course} />}
          </td>
        );
      })}
    </tr>
  );
}

/** The KPI's chart on request (opening the disclosure loads it), redrawn when its values change. */
function KpiChart({ ctx, kpi: k }: { ctx: PlanContext; kpi: KpiDto }) {
  const [open, setOpen] = useState(false);
  // the values in the key: a saved value asks for a new drawing instead of the cached one
  const stamp = k.values.map((v) => `${v.fiscalYear}${v.kind}${v.value}`).join(',') + `|${k.version}`;
  let h = 0;
  for (let i = 0; i < stamp.length; i++) h = (h * 31 + stamp.charCodeAt(i)) | 0;
  const res = useApi<ChartDto>(open ? `${kpiPaths.one(ctx.code, ctx.planId, k.id)}/chart?v=${(h >>> 0).toString(36)}` : null);
  return (
    <details className="mt-1" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)} data-testid="kpi-chart">
      <summary className="cursor-pointer text-key-1000 underline">
        グラフ<span className="sr-only">（{k.name}）</span>
      </summary>
      {open && res.loading && <p className="text-solid-gray-700">グラフを読み込んでいます…</p>}
      {open && res.error && <p className="text-error-1">グラフを表示できませんでした: {res.error.message}</p>}
      {open && res.data && (res.data.chart ? <ChartFigure chart={res.data.chart} id={`kpi-chart-${k.id}`} /> : <p className="text-solid-gray-700">基準値・目標値・実績値がないため、グラフはありません。</p>)}
    </details>
  );
}

/**
 * A value as read, not typed: one taken from a table says so in words (「表から」); its note (what was
 * entered with it, or what a rounded table figure holds) is shown as text, so every reader gets it.
 */
function ShownValue({ value }: { value: KpiValueDto | undefined }) {
  if (!value) return <span className="text-solid-gray-536">—</span>;
  // a value's note (決算見込み, or what a rounded table figure was) is read with it
  const note = value.note && <span className="ml-auto block max-w-48 text-[0.75rem] leading-[1.4] whitespace-normal text-solid-gray-700">{value.note}</span>;
  if (!value.fromTable)
    return (
      <>
        {value.text}
        {note}
      </>
    );
  return (
    <>
      {value.text}
      <span className="ml-1 rounded-4 border border-solid-gray-536 px-1 align-middle text-[0.75rem] leading-[1.4] text-solid-gray-800" data-testid="kpi-from-table">
        表から
      </span>
      {note}
    </>
  );
}

/** Under a year's actual and 年度目標: was that year on course (順調 / 遅れ)? Said in words, the colour only repeats it. */
function YearCourse({ course }: { course: KpiCourseDto }) {
  if (course.status === 'none') return null;
  return (
    <span className="mt-1 block" data-testid="kpi-year-course" title={course.note}>
      <span className="sr-only">{course.fiscalYearLabel}の進捗状況: </span>
      <Badge tone={COURSE_TONE[course.status]}>{course.statusLabel}</Badge>
    </span>
  );
}

/**
 * One year's actual or 年度目標, typed in place: Enter or 保存 sends it as typed; the server parses and
 * answers at the field. A 409 shows the stored value beside the input, to load it or to save the input
 * again on the stored version.
 */
function ValueCell({ ctx, kpi, fiscalYear, kind, onSaved }: { ctx: PlanContext; kpi: KpiDto; fiscalYear: number; kind: KpiValueKind; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  // The stored KPI the input replaces a value of (moves on when a conflict is resolved).
  const [base, setBase] = useState<KpiDto>(kpi);
  const [conflict, setConflict] = useState<{ message: string; current: KpiDto | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const id = `kpi-${kpi.id}-${fiscalYear}${kind === 'milestone' ? '-milestone' : ''}`;
  const kindLabel = VALUE_KIND_LABELS[kind];
  const label = `${kpi.name}の${fiscalYearLabel(fiscalYear)}の${kindLabel}`;
  const current = storedValue(kpi, fiscalYear, kind)?.text ?? '';

  const close = () => {
    setOpen(false);
    // The row still shows the version before the conflict.
    if (conflict || base.version !== kpi.version) onSaved();
    setConflict(null);
    window.setTimeout(() => button.current?.focus(), 0);
  };

  if (!open)
    return (
      <button
        ref={button}
        type="button"
        className={cx(
          'min-w-16 rounded-6 px-1 text-right underline decoration-dotted underline-offset-3 hover:bg-key-50',
          kind === 'milestone' && 'mt-1 block w-full text-solid-gray-700',
        )}
        aria-label={`${label}を入力（現在: ${current || '未入力'}）`}
        data-testid={kind === 'milestone' ? 'kpi-milestone' : undefined}
        onClick={() => {
          setText(current);
          setBase(kpi);
          setError(null);
          setConflict(null);
          setOpen(true);
        }}
      >
        {kind === 'milestone' ? (
          current ? (
            `目標 ${current}`
          ) : (
            <span className="text-solid-gray-536">目標 —</span>
          )
        ) : (
          current || <span className="text-solid-gray-536">入力</span>
        )}
      </button>
    );

  /** The KPI as stored now (not from the list's cache); null when it could not be fetched. */
  const fetchStored = async (): Promise<KpiDto | null> => {
    try {
      return await kpiApi.get(ctx.code, ctx.planId, kpi.id);
    } catch {
      return null;
    }
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    // A newer list whose value of this year is still the one the input started from (another cell of
    // the row was saved meanwhile) is no conflict for this input.
    const same = (a: KpiDto, b: KpiDto) => storedValue(a, fiscalYear, kind)?.value === storedValue(b, fiscalYear, kind)?.value;
    const from = kpi.version > base.version && same(kpi, base) ? kpi : base;
    try {
      await kpiApi.setValue(ctx.code, ctx.planId, kpi.id, { version: from.version, fiscalYear, kind, value: text });
      setOpen(false);
      setConflict(null);
      onSaved();
      window.setTimeout(() => button.current?.focus(), 0);
    } catch (err) {
      const ae = err instanceof ApiError ? err : null;
      if (ae?.status === 409 && ae.code === 'conflict') {
        setConflict({ message: ae.message, current: kpiFromConflict(ae.current, kpi.id) ?? (await fetchStored()) });
        return;
      }
      setError(ae?.fields.find((f) => f.path === 'value')?.message ?? ae?.message ?? String(err));
    } finally {
      setBusy(false);
    }
  };

  const focusInput = () => window.setTimeout(() => document.getElementById(id)?.focus(), 0);
  const conflictRows = (c: KpiDto): ConflictRow[] => {
    const stored = storedValue(c, fiscalYear, kind);
    return [
      {
        key: 'value',
        label: `${fiscalYearLabel(fiscalYear)}の${kindLabel}`,
        mine: text.trim() || '（空欄）',
        stored: stored ? `${stored.text}${c.unit}\n${splitActor(stored.recordedBy).name}が入力（${formatDateTime(stored.recordedAt)}）` : '未入力',
        multiline: true,
        differs: quantityOf(text, c.scale, c.unit) !== (stored ? quantityOf(stored.text, c.scale, c.unit) : ''),
      },
    ];
  };

  return (
    <form onSubmit={save} className="flex min-w-40 flex-col items-end gap-1">
      {conflict && (
        <ConflictPanel
          compact
          className="w-96 text-left whitespace-normal"
          heading="他の利用者がこの指標を先に更新しました"
          message={
            <>
              {conflict.message}
              {conflict.current && `（あなたが入力を始めた版: ${base.version}、保存されている版: ${conflict.current.version}）`}
              反映を選んだ場合は、入力欄を確認してからもう一度「保存」を押してください。
            </>
          }
          storedVersion={conflict.current?.version ?? null}
          rows={conflict.current ? conflictRows(conflict.current) : []}
          onReload={() => {
            void (async () => {
              const latest = conflict.current ?? (await fetchStored());
              if (!latest) {
                setError(RELOAD_FAILED);
                return;
              }
              setText(storedValue(latest, fiscalYear, kind)?.text ?? '');
              setBase(latest);
              setConflict(null);
              setError(null);
              focusInput();
            })();
          }}
          onKeepMine={
            conflict.current
              ? () => {
                  setBase(conflict.current!);
                  setConflict(null);
                  focusInput();
                }
              : null
          }
        />
      )}
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      {kind === 'milestone' && (
        <span aria-hidden="true" className="mt-1 text-solid-gray-700">
          {kindLabel}
        </span>
      )}
      <input
        id={id}
        autoFocus
        inputMode="decimal"
        className={cx(inputCls.replace('w-full', 'w-28'), 'px-2 py-1 text-right')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close();
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(error && `${id}-error`)}
      />
      {error && <FieldErrorText id={id} messages={[error]} />}
      <span className="flex gap-1">
        <Button size="sm" type="submit" variant="primary" disabled={busy}>
          保存
        </Button>
        <Button size="sm" variant="tertiary" onClick={close}>
          取消
        </Button>
      </span>
    </form>
  );
}

const FIELD_IDS: Record<string, string> = {
  category: 'kpi-category',
  number: 'kpi-number',
  name: 'kpi-name',
  unit: 'kpi-unit',
  scale: 'kpi-scale',
  bound: 'kpi-bound',
  baselineFiscalYear: 'kpi-baseline-fy',
  baselineValue: 'kpi-baseline-value',
  baselineNote: 'kpi-baseline-note',
  targetFiscalYear: 'kpi-target-fy',
  targetValue: 'kpi-target-value',
  targetLabel: 'kpi-target-label',
  description: 'kpi-description',
  nodeId: 'kpi-node',
  departmentId: 'kpi-department',
  sourceRowId: 'kpi-source-row',
};

function bodyOf(k: KpiDto | null, ctx: PlanContext): KpiBody {
  return {
    category: k?.category ?? '数値目標',
    number: k?.number ?? '',
    name: k?.name ?? '',
    unit: k?.unit ?? '',
    scale: k?.scale ?? 0,
    bound: k?.bound ?? 'at_least',
    baselineFiscalYear: k ? k.baselineFiscalYear : ctx.plan.firstFiscalYear - 1,
    baselineValue: k?.baselineText ?? '',
    baselineNote: k?.baselineNote ?? '',
    targetFiscalYear: k ? k.targetFiscalYear : ctx.plan.lastFiscalYear,
    targetValue: k?.targetValueText ?? '',
    targetLabel: k?.targetLabel ?? '',
    description: k?.description ?? '',
    nodeId: k?.nodeId ?? null,
    departmentId: k?.departmentId ?? null,
    sourceRowId: k?.source?.rowId ?? null,
  };
}

const COMPARE_FIELDS: { key: keyof KpiBody; label: string; multiline?: boolean }[] = [
  { key: 'category', label: '区分' },
  { key: 'number', label: '番号' },
  { key: 'name', label: '指標名' },
  { key: 'unit', label: '単位' },
  { key: 'scale', label: '小数の桁数' },
  { key: 'bound', label: '目標の向き' },
  { key: 'baselineValue', label: '基準値' },
  { key: 'baselineFiscalYear', label: '基準値の年度' },
  { key: 'baselineNote', label: '基準値の注記' },
  { key: 'targetValue', label: '目標値' },
  { key: 'targetFiscalYear', label: '目標値の年度' },
  { key: 'targetLabel', label: '目標値の表記' },
  { key: 'nodeId', label: '測る項目' },
  { key: 'departmentId', label: '担当課' },
  { key: 'sourceRowId', label: '値の入力' },
  { key: 'description', label: '説明', multiline: true },
];

/** What decides whether a field differs: the quantity of a value (99.6 = ９９．６% = 99.60), other texts trimmed as the server stores them. */
function fieldKey(b: KpiBody, key: keyof KpiBody): string {
  if (key === 'baselineValue' || key === 'targetValue') return quantityOf(b[key], b.scale, b.unit);
  const v = b[key];
  return typeof v === 'string' ? v.trim() : v === null ? '' : String(v);
}

/** Keep the fields this user changed (relative to the version they started from); take the rest from the stored version. */
function mergeKpiOnto(mine: KpiBody, origin: KpiBody, current: KpiBody): KpiBody {
  const out = { ...current };
  for (const { key } of COMPARE_FIELDS) if (fieldKey(mine, key) !== fieldKey(origin, key)) (out as Record<string, unknown>)[key] = mine[key];
  return out;
}

function KpiDialog({
  ctx,
  kpi,
  categories,
  onClose,
  onStale,
  onDone,
}: {
  ctx: PlanContext;
  kpi: KpiDto | null;
  categories: string[];
  onClose: () => void;
  /** the list behind the dialog is older than what is stored */
  onStale: () => void;
  onDone: (message: string) => void;
}) {
  const [body, setBody] = useState<KpiBody>(() => bodyOf(kpi, ctx));
  // The stored version this form was started from (changes when a conflict is resolved).
  const [base, setBase] = useState<KpiDto | null>(kpi);
  const [conflict, setConflict] = useState<{ message: string; current: KpiDto | null } | null>(null);
  const [fields, setFields] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = useMemo(() => groupFieldErrors(fields, (p) => FIELD_IDS[p.split('.')[0]!] ?? null), [fields]);
  const { err, invalid, errId } = fieldState(errors);
  const nodes = useMemo(() => flattenTree(ctx.tree.data?.roots ?? []), [ctx.tree.data]);
  const set = <K extends keyof KpiBody>(key: K, value: KpiBody[K]) => setBody((b) => ({ ...b, [key]: value }));
  const year = (v: string) => (v.trim() === '' ? null : Number(v));
  const tables = useApi<FiscalTableListDto>(kpiPaths.fiscalTables(ctx.code, ctx.planId));
  const tableList = tables.data?.items ?? [];
  // 「表から取り込む」 chosen before a row is: the form shows the choice, and nothing is sent until a row is picked.
  const [choosingRow, setChoosingRow] = useState(false);
  // the row picked last, so switching to 「この画面で入力する」 and back does not lose it
  const [lastRow, setLastRow] = useState<string | null>(body.sourceRowId ?? null);
  const fromTable = body.sourceRowId != null || choosingRow;
  const pickedTable = body.sourceRowId ? tableList.find((t) => t.rows.some((r) => r.id === body.sourceRowId)) : undefined;

  /** A source row by name: from the tables, else from a stored KPI naming it (a row the list no longer has). */
  const sourceText = (rowId: string): string =>
    sourceRowLabel(tableList, rowId) ?? [kpi?.source, base?.source, conflict?.current?.source].find((x) => x?.rowId === rowId)?.label ?? rowId;

  /** A field as the comparison table shows it. */
  const shown = (b: KpiBody, key: keyof KpiBody): string => {
    switch (key) {
      case 'scale':
        return b.scale === 0 ? '整数' : `小数第${b.scale}位`;
      case 'bound':
        return BOUND_TEXT[b.bound] ?? b.bound;
      case 'baselineFiscalYear':
      case 'targetFiscalYear':
        return yearText(b[key]);
      case 'nodeId': {
        const n = b.nodeId ? nodes.find((x) => x.id === b.nodeId) : null;
        return b.nodeId ? (n ? [n.number, n.title].filter(Boolean).join(' ') : b.nodeId) : '計画全体';
      }
      case 'departmentId':
        return b.departmentId ? (ctx.departments.find((d) => d.id === b.departmentId)?.name ?? b.departmentId) : '（なし）';
      case 'sourceRowId':
        return b.sourceRowId ? `表から取り込む: ${sourceText(b.sourceRowId)}` : 'この画面で入力する';
      default:
        return String(b[key] ?? '').trim() || '（空欄）';
    }
  };

  const conflictRows = (current: KpiDto): ConflictRow[] => {
    const stored = bodyOf(current, ctx);
    return COMPARE_FIELDS.map(({ key, label, multiline }) => ({
      key,
      label,
      mine: shown(body, key),
      stored: shown(stored, key),
      multiline,
      differs: fieldKey(body, key) !== fieldKey(stored, key),
    }));
  };

  /** The KPI as stored now (not from the list's cache); null when it could not be fetched. */
  const fetchStored = async (id: string): Promise<KpiDto | null> => {
    try {
      return await kpiApi.get(ctx.code, ctx.planId, id);
    } catch {
      return null;
    }
  };

  const startFrom = (k: KpiDto) => {
    setBody(bodyOf(k, ctx));
    setChoosingRow(false);
    setLastRow(k.source?.rowId ?? null);
    setBase(k);
    setFields([]);
    setMessage(null);
    setConflict(null);
  };

  const fail = async (e: unknown) => {
    const ae = e instanceof ApiError ? e : null;
    if (base && ae?.status === 409 && ae.code === 'conflict') {
      setFields([]);
      setMessage(null);
      setConflict({ message: ae.message, current: kpiFromConflict(ae.current, base.id) ?? (await fetchStored(base.id)) });
      onStale();
      return;
    }
    setFields(ae?.fields ?? []);
    setMessage(ae?.fields.length ? null : (ae?.message ?? String(e)));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (fromTable && !body.sourceRowId) {
      setMessage(null);
      setFields([
        {
          path: 'sourceRowId',
          message: tableList.length
            ? '値を取り込む表の行を選んでください（この画面で入力する場合は「この画面で入力する」を選びます）。'
            : 'この計画には財政計画・定員管理の表がないため、表から取り込めません。「この画面で入力する」を選ぶか、先に表を登録してください。',
        },
      ]);
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      if (base) await kpiApi.update(ctx.code, ctx.planId, base.id, { ...body, version: base.version });
      else await kpiApi.create(ctx.code, ctx.planId, body);
      onDone(base ? `「${body.name}」を保存しました。` : `「${body.name}」を追加しました。`);
    } catch (e2) {
      await fail(e2);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!base || !window.confirm(`「${base.name}」と入力済みの実績値・年度目標を削除します。よろしいですか。`)) return;
    setBusy(true);
    try {
      await kpiApi.remove(ctx.code, ctx.planId, base.id, base.version);
      onDone(`「${base.name}」を削除しました。`);
    } catch (e2) {
      await fail(e2);
    } finally {
      setBusy(false);
    }
  };

  const text = (key: keyof KpiBody, label: string, opts: { required?: boolean; hint?: string; list?: string; className?: string } = {}) => {
    const id = FIELD_IDS[key]!;
    return (
      <div className={opts.className}>
        <label htmlFor={id} className={labelCls}>
          {label}
          {opts.required ? <Required /> : <Optional />}
        </label>
        {opts.hint && (
          <p id={`${id}-hint`} className={hintCls}>
            {opts.hint}
          </p>
        )}
        <input
          id={id}
          className={inputCls}
          list={opts.list}
          value={String(body[key] ?? '')}
          onChange={(e) => set(key, e.target.value as never)}
          aria-invalid={invalid(id)}
          aria-describedby={describedBy(opts.hint && `${id}-hint`, errId(id))}
        />
        <FieldErrorText id={id} messages={err(id)} />
      </div>
    );
  };

  const yearField = (key: 'baselineFiscalYear' | 'targetFiscalYear', label: string) => {
    const id = FIELD_IDS[key]!;
    const v = body[key];
    return (
      <div>
        <label htmlFor={id} className={labelCls}>
          {label}
          <Optional />
        </label>
        <p id={`${id}-hint`} className={hintCls}>
          西暦の年度{v ? `（${fiscalYearLabel(v)}）` : ''}
        </p>
        <input
          id={id}
          type="number"
          className={inputCls}
          value={v ?? ''}
          onChange={(e) => set(key, year(e.target.value))}
          aria-invalid={invalid(id)}
          aria-describedby={describedBy(`${id}-hint`, errId(id))}
        />
        <FieldErrorText id={id} messages={err(id)} />
      </div>
    );
  };

  return (
    <Dialog title={kpi ? '数値目標・KPIの編集' : '数値目標・KPIの追加'} onClose={onClose}>
      <form onSubmit={submit} noValidate className="max-h-[70vh] space-y-3 overflow-y-auto pr-1">
        {conflict && base && (
          <ConflictPanel
            heading="他の利用者がこの指標を先に更新しました"
            message={
              <>
                {conflict.message}
                {conflict.current && `（あなたが編集を始めた版: ${base.version}、保存されている版: ${conflict.current.version}）`}
                あなたの入力はフォームに残っています。反映を選んだ場合は、フォームの内容を確認してからもう一度「保存」を押してください。
              </>
            }
            storedVersion={conflict.current?.version ?? null}
            rows={conflict.current ? conflictRows(conflict.current) : []}
            onReload={() => {
              void (async () => {
                const latest = conflict.current ?? (await fetchStored(base.id));
                if (latest) startFrom(latest);
                else setMessage(RELOAD_FAILED);
              })();
            }}
            onKeepMine={
              conflict.current
                ? () => {
                    const current = conflict.current!;
                    const merged = mergeKpiOnto(body, bodyOf(base, ctx), bodyOf(current, ctx));
                    setBody(merged);
                    if (merged.sourceRowId) setLastRow(merged.sourceRowId);
                    setBase(current);
                    setConflict(null);
                    document.getElementById(FIELD_IDS.name!)?.focus();
                  }
                : null
            }
          />
        )}
        <ErrorSummary errors={errors} id="kpi-error-summary" />
        {message && (
          <p role="alert" className="rounded-8 border-2 border-error-1 bg-red-50 p-3 text-std-16N-170 text-error-2">
            {message}
          </p>
        )}
        <datalist id="kpi-categories">
          {categories.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <div className="grid grid-cols-[2fr_1fr] gap-3">
          {text('category', '区分', { list: 'kpi-categories', hint: '見出し（数値目標・歳出削減など）' })}
          {text('number', '番号')}
        </div>
        {text('name', '指標名', { required: true })}
        <div className="grid grid-cols-3 gap-3">
          {text('unit', '単位', { hint: '%・億円・分など' })}
          <div>
            <label htmlFor={FIELD_IDS.scale} className={labelCls}>
              小数の桁数
              <Required />
            </label>
            <p className={hintCls}>値の小数点以下の桁</p>
            <select
              id={FIELD_IDS.scale}
              className={selectCls}
              value={body.scale}
              onChange={(e) => set('scale', Number(e.target.value))}
              aria-invalid={invalid(FIELD_IDS.scale!)}
              aria-describedby={errId(FIELD_IDS.scale!)}
            >
              {[0, 1, 2, 3, 4].map((n) => (
                <option key={n} value={n}>
                  {n === 0 ? '整数' : `小数第${n}位`}
                </option>
              ))}
            </select>
            <FieldErrorText id={FIELD_IDS.scale!} messages={err(FIELD_IDS.scale!)} />
          </div>
          <div>
            <label htmlFor={FIELD_IDS.bound} className={labelCls}>
              目標の向き
              <Required />
            </label>
            <p className={hintCls}>達成となる側</p>
            <select
              id={FIELD_IDS.bound}
              className={selectCls}
              value={body.bound}
              onChange={(e) => set('bound', e.target.value as KpiBound)}
              aria-invalid={invalid(FIELD_IDS.bound!)}
              aria-describedby={errId(FIELD_IDS.bound!)}
            >
              <option value="at_least">目標値以上</option>
              <option value="at_most">目標値以下・以内</option>
            </select>
            <FieldErrorText id={FIELD_IDS.bound!} messages={err(FIELD_IDS.bound!)} />
          </div>
        </div>
        <fieldset className="rounded-8 border border-solid-gray-420 px-4 pb-3 pt-1">
          <legend className="px-1 text-std-16B-170">基準値</legend>
          <div className="grid grid-cols-2 gap-3">
            {text('baselineValue', '基準値', { hint: '例: 99.6、23,706、△12.8' })}
            {yearField('baselineFiscalYear', '基準値の年度')}
          </div>
          {text('baselineNote', '基準値の注記', { hint: '例: 令和6年度決算' })}
        </fieldset>
        <fieldset className="rounded-8 border border-solid-gray-420 px-4 pb-3 pt-1">
          <legend className="px-1 text-std-16B-170">目標値</legend>
          <div className="grid grid-cols-2 gap-3">
            {text('targetValue', '目標値', { required: true, hint: '判定に使う数値' })}
            {yearField('targetFiscalYear', '目標値の年度')}
          </div>
          {text('targetLabel', '目標値の表記', { hint: '言葉で示す目標（例: 収支均衡）。あれば数値の代わりに表示' })}
        </fieldset>
        <fieldset className={fieldsetCls} aria-describedby="kpi-source-mode-hint" data-testid="kpi-source-mode">
          <legend className={legendCls}>値の入力</legend>
          <p id="kpi-source-mode-hint" className={hintCls}>
            各年度の実績値と年度目標をどこで入力するか
          </p>
          <div className="mt-1 flex flex-wrap gap-x-6 gap-y-1">
            <label className="flex items-center gap-1.5 text-std-16N-170">
              <input
                type="radio"
                name="kpi-source-mode"
                className="size-5 accent-key-900"
                checked={!fromTable}
                onChange={() => {
                  if (body.sourceRowId) setLastRow(body.sourceRowId);
                  setChoosingRow(false);
                  set('sourceRowId', null);
                }}
              />
              この画面で入力する
            </label>
            <label className="flex items-center gap-1.5 text-std-16N-170">
              <input
                type="radio"
                name="kpi-source-mode"
                className="size-5 accent-key-900"
                checked={fromTable}
                onChange={() => {
                  setChoosingRow(true);
                  set('sourceRowId', lastRow);
                }}
              />
              財政計画・定員管理の表から取り込む
            </label>
          </div>
          {fromTable && (
            <div className="mt-2 space-y-2">
              <p className={hintCls}>
                表の行の「実績」が実績値に、「計画・見込み」が年度目標になります。値は表で入力・変更し、この画面では変更できません。
                {base && base.values.some((v) => !v.fromTable) && 'この画面で入力済みの値は残り、取り込みをやめると再び表示されます。'}
              </p>
              {tables.error ? (
                <>
                  <p role="alert" className="text-std-16N-170 text-error-1">
                    財政計画・定員管理の表を読み込めませんでした。{tables.error.message}
                  </p>
                  <Button size="sm" variant="secondary" onClick={tables.reload}>
                    もう一度読み込む
                  </Button>
                  <FieldErrorText id={FIELD_IDS.sourceRowId!} messages={err(FIELD_IDS.sourceRowId!)} />
                </>
              ) : !tables.data ? (
                <p className={hintCls} role="status">
                  財政計画・定員管理の表を読み込んでいます…
                </p>
              ) : tableList.length === 0 ? (
                <>
                  <p className="text-std-16N-170 text-solid-gray-900" data-testid="kpi-no-tables">
                    この計画には財政計画・定員管理の表がまだありません。表は
                    <Link to={paths.plan(ctx.code, ctx.planId, 'finance')} className="text-key-1000 underline">
                      「財政計画・定員管理」タブ
                    </Link>
                    で登録します。
                  </p>
                  <FieldErrorText id={FIELD_IDS.sourceRowId!} messages={err(FIELD_IDS.sourceRowId!)} />
                </>
              ) : (
                <Field
                  id={FIELD_IDS.sourceRowId!}
                  label="取り込む表の行"
                  mark="required"
                  hint={pickedTable ? sourceFitHint(pickedTable) : '表ごとに単位を示しています。指標の単位と小数の桁数が表に合う行を選びます。'}
                  errors={errors}
                >
                  {(c) => (
                    <select
                      {...c}
                      className={cx(selectCls, 'w-full')}
                      value={body.sourceRowId ?? ''}
                      onChange={(e) => {
                        const v = e.target.value || null;
                        setChoosingRow(true);
                        setLastRow(v);
                        set('sourceRowId', v);
                      }}
                    >
                      <option value="">（表の行を選んでください）</option>
                      {body.sourceRowId && !pickedTable && <option value={body.sourceRowId}>{sourceText(body.sourceRowId)}</option>}
                      {tableList.map((t) => (
                        <optgroup key={t.id} label={`${t.title}（${tableUnitText(t)}）`}>
                          {t.rows.map((r) => (
                            <option key={r.id} value={r.id}>
                              {sourceRowText(r)}
                            </option>
                          ))}
                        </optgroup>
                      ))}
                    </select>
                  )}
                </Field>
              )}
            </div>
          )}
        </fieldset>
        <div className="grid grid-cols-2 gap-3">
          <div>
            <label htmlFor={FIELD_IDS.nodeId} className={labelCls}>
              測る項目
              <Optional />
            </label>
            <select
              id={FIELD_IDS.nodeId}
              className={cx(selectCls, 'w-full')}
              value={body.nodeId ?? ''}
              onChange={(e) => set('nodeId', e.target.value || null)}
              aria-invalid={invalid(FIELD_IDS.nodeId!)}
              aria-describedby={errId(FIELD_IDS.nodeId!)}
            >
              <option value="">計画全体</option>
              {nodes.map((n) => (
                <option key={n.id} value={n.id}>
                  {'　'.repeat(n.depth)}
                  {[n.number, n.title].filter(Boolean).join(' ')}
                </option>
              ))}
            </select>
            <FieldErrorText id={FIELD_IDS.nodeId!} messages={err(FIELD_IDS.nodeId!)} />
          </div>
          <div>
            <label htmlFor={FIELD_IDS.departmentId} className={labelCls}>
              担当課
              <Optional />
            </label>
            <select
              id={FIELD_IDS.departmentId}
              className={cx(selectCls, 'w-full')}
              value={body.departmentId ?? ''}
              onChange={(e) => set('departmentId', e.target.value || null)}
              aria-invalid={invalid(FIELD_IDS.departmentId!)}
              aria-describedby={errId(FIELD_IDS.departmentId!)}
            >
              <option value="">（なし）</option>
              {ctx.departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
            <FieldErrorText id={FIELD_IDS.departmentId!} messages={err(FIELD_IDS.departmentId!)} />
          </div>
        </div>
        <div>
          <label htmlFor={FIELD_IDS.description} className={labelCls}>
            説明
            <Optional />
          </label>
          <textarea
            id={FIELD_IDS.description}
            rows={3}
            className={inputCls}
            value={body.description}
            onChange={(e) => set('description', e.target.value)}
            aria-invalid={invalid(FIELD_IDS.description!)}
            aria-describedby={errId(FIELD_IDS.description!)}
          />
          <FieldErrorText id={FIELD_IDS.description!} messages={err(FIELD_IDS.description!)} />
        </div>
        <div className="flex flex-wrap justify-between gap-2 border-t border-solid-gray-200 pt-3">
          <div className="flex gap-2">
            <Button type="submit" variant="primary" disabled={busy}>
              {base ? '保存' : '追加'}
            </Button>
            <Button variant="secondary" onClick={onClose}>
              キャンセル
            </Button>
            {base && (
              <span className="self-center text-dns-14N-130 text-solid-gray-700" data-testid="kpi-version">
                編集を始めた版: {base.version}
              </span>
            )}
          </div>
          {base && (
            <Button variant="danger" onClick={remove} disabled={busy}>
              削除
            </Button>
          )}
        </div>
      </form>
    </Dialog>
  );
}
