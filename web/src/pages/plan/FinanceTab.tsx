/** @jsxImportSource react */
/**
 * 財政計画・定員管理: the plan's financial and staffing tables as printed (rows × fiscal years,
 * unit line, 計 and 歳入－歳出 styled, roll-up warnings at the cell), and for the secretariat a grid
 * editor that saves the whole table at once. A block copied from Excel (tab-separated) can be
 * pasted into the grid: into a figure cell it fills figures, into a row name it fills names too.
 */
import { Fragment, useMemo, useState, type ClipboardEvent } from 'react';
import type {
  FiscalTableBody,
  FiscalColumnDto,
  FiscalDiscrepancyDto,
  FiscalRowDto,
  FiscalTableDto,
  FiscalTableListDto,
} from '../../../../src/shared/api-types-finance.js';
import { ErrorSummary, FieldErrorText, groupFieldErrors, hintCls, inputCls, labelCls, selectCls } from '../../components/form';
import { Dialog } from '../../components/Dialog';
import { Badge, Button, ErrorState, Loading, SuccessMessage, cx } from '../../components/ui';
import { ApiError, apiPaths, request, type FieldError } from '../../lib/api';
import { useCan } from '../../lib/auth';
import { invalidate, useApi } from '../../lib/useApi';
import type { PlanContext } from './context';

const enc = encodeURIComponent;
const tablesPath = (code: string, planId: string) => `${apiPaths.plan(code, planId)}/fiscal-tables`;
const tablePath = (code: string, planId: string, id: string) => `${tablesPath(code, planId)}/${enc(id)}`;

const TABLE_KINDS: { value: FiscalTableBody['kind']; label: string }[] = [
  { value: 'budget', label: '歳入歳出見込み' },
  { value: 'funds', label: '基金残高' },
  { value: 'debt', label: '地方債残高' },
  { value: 'ratios', label: '財政指標（経常収支比率など）' },
  { value: 'headcount', label: '職員数（定員管理）' },
  { value: 'other', label: 'その他' },
];
const ROW_KINDS: { value: FiscalRowDto['rowKind']; label: string }[] = [
  { value: 'item', label: '項目' },
  { value: 'breakdown', label: 'うち（内訳）' },
  { value: 'total', label: '計' },
  { value: 'balance', label: '歳入－歳出' },
];
const YEN_UNITS = ['円', '千円', '百万円', '億円'];

/** R7 / 令和7年度 for a fiscal year (令和 from 2019). */
function yearLabels(fy: number): { short: string; label: string } {
  if (fy >= 2019) return { short: `R${fy - 2018}`, label: `令和${fy === 2019 ? '元' : fy - 2018}年度` };
  return { short: `H${fy - 1988}`, label: `平成${fy - 1988}年度` };
}

const cellKey = (fy: number, kind: string) => `${fy}:${kind}`;

export function FinanceTab({ ctx }: { ctx: PlanContext }) {
  const can = useCan();
  const editable = can('plan.edit');
  const path = tablesPath(ctx.code, ctx.planId);
  const res = useApi<FiscalTableListDto>(path);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [flash, setFlash] = useState<string | null>(null);

  if (res.error) return <ErrorState error={res.error} title="財政計画・定員管理の表を読み込めませんでした。" onRetry={res.reload} />;
  if (!res.data) return <Loading />;
  const tables = res.data.items;
  const done = (message: string) => {
    setEditing(null);
    setFlash(message);
    invalidate(path);
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <p className={hintCls}>
          計画に掲げた中期財政計画（歳入歳出見込み・基金残高・地方債残高・財政指標）と職員定員管理計画の表です。
          計・歳入－歳出の値は計画書の記載のとおりで、項目の合計と一致しないときは ⚠ で示します。
        </p>
        {editable && editing === null && (
          <Button size="sm" onClick={() => setEditing('new')}>
            ＋ 表を追加
          </Button>
        )}
      </div>
      {flash && <SuccessMessage onClose={() => setFlash(null)}>{flash}</SuccessMessage>}
      {editing === 'new' && (
        <TableEditor ctx={ctx} table={null} onCancel={() => setEditing(null)} onDone={done} />
      )}
      {tables.length === 0 && editing !== 'new' && (
        <p className="rounded-8 border border-solid-gray-420 bg-white p-4 text-std-16N-170">この計画には財政計画・定員管理の表がまだありません。</p>
      )}
      {tables.map((t) =>
        editing === t.id ? (
          <TableEditor key={t.id} ctx={ctx} table={t} onCancel={() => setEditing(null)} onDone={done} />
        ) : (
          <TableView
            key={t.id}
            table={t}
            csvHref={`${tablePath(ctx.code, ctx.planId, t.id)}/csv`}
            onEdit={editable && editing === null ? () => setEditing(t.id) : undefined}
          />
        ),
      )}
    </div>
  );
}

// ───────────── the table as printed ─────────────

function TableView({ table: t, csvHref, onEdit }: { table: FiscalTableDto; csvHref: string; onEdit?: () => void }) {
  const issues = useMemo(() => {
    const m = new Map<string, FiscalDiscrepancyDto>();
    for (const d of t.discrepancies) m.set(`${d.rowId}:${cellKey(d.fiscalYear, d.kind)}`, d);
    return m;
  }, [t.discrepancies]);
  const mixed = t.columns.some((c) => c.kind === 'actual') && t.columns.some((c) => c.kind === 'plan');
  const captionId = `ft-${t.id}-caption`;
  let section: string | null = null;

  return (
    <section aria-labelledby={captionId} className="rounded-8 border border-solid-gray-420 bg-white p-4">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={captionId} className="text-std-20B-150 text-solid-gray-900">
          {t.source && <span className="mr-2 text-dns-16N-130 text-solid-gray-700">{t.source}</span>}
          {t.title}
          <Badge className="ml-2 align-middle">{t.kindLabel}</Badge>
          {t.columns.length > 0 && t.columns.every((c) => c.kind === 'actual') && (
            <Badge tone="info" className="ml-1 align-middle">
              実績
            </Badge>
          )}
        </h2>
        <div className="no-print flex flex-wrap gap-2">
          <a className="text-dns-14N-130 text-key-900 underline" href={csvHref} download>
            CSVをダウンロード
          </a>
          {onEdit && (
            <Button size="sm" onClick={onEdit}>
              編集
            </Button>
          )}
        </div>
      </div>
      {t.discrepancies.length > 0 && (
        <div role="note" className="mb-2 rounded-6 border border-warning-yellow-1 bg-yellow-50 px-3 py-2 text-dns-14N-130 text-yellow-1200">
          <p className="font-bold">⚠ 計・歳入－歳出の値が項目の合計と一致しない箇所が{t.discrepancies.length}件あります（記載の値のまま表示しています）。</p>
          <ul className="mt-1 list-disc pl-5">
            {t.discrepancies.map((d, i) => (
              <li key={i}>{d.message}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="overflow-x-auto">
        <table className="min-w-full border-collapse text-dns-16N-130">
          <caption className="caption-top pb-1 text-right text-dns-14N-130 text-solid-gray-700">{t.unitLine}</caption>
          <thead>
            <tr className="border-b-2 border-solid-gray-600 bg-solid-gray-50">
              <th scope="col" className="px-2 py-1 text-left">
                区分
              </th>
              {t.columns.map((c) => (
                <th key={cellKey(c.fiscalYear, c.kind)} scope="col" className="px-2 py-1 text-right">
                  <abbr title={c.label} className="no-underline">
                    {c.short}
                  </abbr>
                  {mixed && c.kind === 'actual' && <span className="ml-1 text-dns-14N-130 text-solid-gray-700">実績</span>}
                  {!mixed && c.kind === 'actual' && <span className="sr-only">実績</span>}
                  <span className="block text-[0.75rem] font-normal text-solid-gray-700">{c.label}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {t.rows.map((r) => {
              const header = r.section && r.section !== section;
              if (r.section !== section) section = r.section;
              return (
                <Fragment key={r.id}>
                  {header && (
                    <tr className="border-t border-solid-gray-420 bg-key-50">
                      <th scope="rowgroup" colSpan={t.columns.length + 1} className="px-2 py-1 text-left text-key-1000">
                        {r.section}
                      </th>
                    </tr>
                  )}
                  <tr
                    className={cx(
                      'border-t border-solid-gray-200',
                      r.rowKind === 'total' && 'border-t-2 border-solid-gray-600 font-bold',
                      r.rowKind === 'balance' && 'border-t-4 border-double border-solid-gray-600 bg-solid-gray-50 font-bold',
                      r.rowKind === 'breakdown' && 'text-dns-14N-130 text-solid-gray-800',
                    )}
                  >
                    <th scope="row" className={cx('px-2 py-1 text-left', r.rowKind === 'breakdown' ? 'pl-6 font-normal' : r.rowKind === 'item' && 'font-normal')}>
                      {r.label}
                    </th>
                    {t.columns.map((c) => {
                      const v = r.values.find((x) => x.fiscalYear === c.fiscalYear && x.kind === c.kind);
                      const issue = issues.get(`${r.id}:${cellKey(c.fiscalYear, c.kind)}`);
                      return (
                        <td
                          key={cellKey(c.fiscalYear, c.kind)}
                          className={cx('px-2 py-1 text-right tabular-nums whitespace-nowrap', issue && 'bg-yellow-50 text-yellow-1200 outline outline-2 -outline-offset-2 outline-warning-yellow-1')}
                          title={issue?.message}
                        >
                          {issue && <span aria-hidden="true">⚠ </span>}
                          {v?.text ?? ''}
                          {issue && <span className="sr-only">（{issue.message}）</span>}
                        </td>
                      );
                    })}
                  </tr>
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {t.note && (
        <details className="mt-2">
          <summary className="cursor-pointer text-dns-14B-130 text-key-1000">{t.kind === 'budget' ? '推計の考え方' : '注記'}</summary>
          <p className="mt-1 whitespace-pre-line text-dns-14N-130 text-solid-gray-900">{t.note}</p>
        </details>
      )}
    </section>
  );
}

// ───────────── the grid editor ─────────────

interface EditColumn {
  fiscalYear: number;
  kind: 'plan' | 'actual';
}

interface EditRow {
  key: number;
  id?: string;
  section: string;
  label: string;
  rowKind: FiscalRowDto['rowKind'];
  /** typed text by cellKey(year, kind) */
  cells: Record<string, string>;
}

/** the table's settings as the form holds them: the request body without its rows */
type Meta = Omit<FiscalTableBody, 'rows'>;

let nextKey = 1;

function rowsOf(t: FiscalTableDto): EditRow[] {
  return t.rows.map((r) => ({
    key: nextKey++,
    id: r.id,
    section: r.section,
    label: r.label,
    rowKind: r.rowKind,
    cells: Object.fromEntries(r.values.map((v) => [cellKey(v.fiscalYear, v.kind), v.text])),
  }));
}

/** Every year of the range once, keeping the kind (and extra 実績 columns) the table already has. */
function columnsFor(first: number, last: number, previous: readonly EditColumn[]): EditColumn[] {
  const out: EditColumn[] = [];
  for (let fy = first; fy <= last && out.length < 60; fy++) {
    const had = previous.filter((c) => c.fiscalYear === fy);
    out.push(...(had.length ? had : [{ fiscalYear: fy, kind: 'plan' as const }]));
  }
  return out;
}

/** Excel copies cells as tab-separated lines (CRLF, a trailing line end). */
function parseBlock(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l.split('\t').map((c) => c.trim().replace(/^"(.*)"$/s, '$1')));
}

const emptyMeta = (ctx: PlanContext): Meta => ({
  kind: 'budget',
  title: '',
  valueKind: 'yen',
  unit: '百万円',
  scale: 0,
  firstFiscalYear: ctx.plan.firstFiscalYear,
  lastFiscalYear: ctx.plan.lastFiscalYear,
  source: '',
  note: '',
});

function TableEditor({
  ctx,
  table,
  onCancel,
  onDone,
}: {
  ctx: PlanContext;
  table: FiscalTableDto | null;
  onCancel: () => void;
  onDone: (message: string) => void;
}) {
  const [base, setBase] = useState<FiscalTableDto | null>(table);
  const [meta, setMeta] = useState<Meta>(() => (table ? { ...table } : emptyMeta(ctx)));
  const [columns, setColumns] = useState<EditColumn[]>(() =>
    table ? table.columns.map((c: FiscalColumnDto) => ({ fiscalYear: c.fiscalYear, kind: c.kind })) : columnsFor(meta.firstFiscalYear, meta.lastFiscalYear, []),
  );
  const [rows, setRows] = useState<EditRow[]>(() =>
    table ? rowsOf(table) : [{ key: nextKey++, section: '', label: '', rowKind: 'item', cells: {} }],
  );
  const [fields, setFields] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [conflict, setConflict] = useState<FiscalTableDto | null>(null);
  const [saving, setSaving] = useState(false);
  const idPrefix = `fte-${table?.id ?? 'new'}`;

  const rowId = (i: number) => `${idPrefix}-r${i}`;
  const cellId = (i: number, j: number) => `${idPrefix}-r${i}-c${j}`;
  const idForPath = (path: string): string | null => {
    const m = /^rows\.(\d+)\.values\.(\d+)/.exec(path);
    if (m) return cellId(Number(m[1]), Number(m[2]));
    const r = /^rows\.(\d+)/.exec(path);
    if (r) return `${rowId(Number(r[1]))}-label`;
    const top = path.split('.')[0] ?? '';
    return top && top !== 'rows' && top !== 'version' ? `${idPrefix}-${top}` : null;
  };
  const errors = useMemo(() => groupFieldErrors(fields, idForPath), [fields]); // eslint-disable-line react-hooks/exhaustive-deps
  const err = (id: string) => errors.get(id);

  const setYears = (first: number, last: number) => {
    setMeta((m) => ({ ...m, firstFiscalYear: first, lastFiscalYear: last }));
    if (Number.isInteger(first) && Number.isInteger(last) && first <= last && last - first < 30) setColumns((cs) => columnsFor(first, last, cs));
  };
  const updateRow = (i: number, patch: Partial<EditRow>) => setRows((rs) => rs.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const setCell = (i: number, col: EditColumn, text: string) =>
    setRows((rs) => rs.map((r, k) => (k === i ? { ...r, cells: { ...r.cells, [cellKey(col.fiscalYear, col.kind)]: text } } : r)));
  const move = (i: number, d: -1 | 1) =>
    setRows((rs) => {
      const j = i + d;
      if (j < 0 || j >= rs.length) return rs;
      const out = [...rs];
      [out[i], out[j]] = [out[j]!, out[i]!];
      return out;
    });
  /** A column whose kind is being changed while it holds figures: the clerk chooses what becomes of them. */
  const [kindChange, setKindChange] = useState<{ j: number; kind: EditColumn['kind']; count: number } | null>(null);
  const filledIn = (col: EditColumn) => rows.filter((r) => (r.cells[cellKey(col.fiscalYear, col.kind)] ?? '').trim() !== '').length;
  const setColumnKind = (j: number, kind: EditColumn['kind']) => {
    const old = columns[j];
    if (!old || old.kind === kind) return;
    // (the select offers no kind the year already has a column of, so nothing lands on another column's figures)
    if (columns.some((c) => c.fiscalYear === old.fiscalYear && c.kind === kind)) return;
    const count = filledIn(old);
    // figures of a year's 計画 and 実績 are both kept by the server: relabelling them is never done silently
    if (count > 0) setKindChange({ j, kind, count });
    else relabelColumn(j, kind);
  };
  /** The column and its figures become the other kind (its previous kind's figures are gone). */
  const relabelColumn = (j: number, kind: EditColumn['kind']) => {
    const old = columns[j];
    if (!old) return;
    const from = cellKey(old.fiscalYear, old.kind);
    const to = cellKey(old.fiscalYear, kind);
    setRows((rs) =>
      rs.map((r) => {
        if (r.cells[from] === undefined) return r;
        const { [from]: text, ...rest } = r.cells;
        return { ...r, cells: { ...rest, [to]: text! } };
      }),
    );
    setColumns((cs) => cs.map((c, k) => (k === j ? { ...c, kind } : c)));
  };
  /** An empty column of the other kind beside the year's column (実績 before 計画, as the table shows them). */
  const addKindColumn = (j: number, kind: EditColumn['kind']) => {
    const old = columns[j];
    if (!old) return;
    const added = { fiscalYear: old.fiscalYear, kind };
    setColumns((cs) => [...cs.slice(0, kind === 'actual' ? j : j + 1), added, ...cs.slice(kind === 'actual' ? j : j + 1)]);
  };

  /** A block pasted at row i, column j (j = -1: the row name) fills the grid, adding rows as needed. */
  const paste = (i: number, j: number, e: ClipboardEvent<HTMLInputElement>) => {
    const text = e.clipboardData.getData('text/plain');
    if (!text.includes('\t') && !/\n./.test(text.trimEnd())) return;
    e.preventDefault();
    const block = parseBlock(text);
    setRows((rs) => {
      const out = rs.map((r) => ({ ...r, cells: { ...r.cells } }));
      block.forEach((line, di) => {
        const target = i + di;
        while (out.length <= target) out.push({ key: nextKey++, section: out[out.length - 1]?.section ?? '', label: '', rowKind: 'item', cells: {} });
        const row = out[target]!;
        line.forEach((v, dj) => {
          const col = j + dj;
          if (col === -1) row.label = v;
          else if (col >= 0 && col < columns.length) row.cells[cellKey(columns[col]!.fiscalYear, columns[col]!.kind)] = v;
        });
      });
      return out;
    });
  };

  const body = (): FiscalTableBody => ({
    kind: meta.kind,
    title: meta.title,
    valueKind: meta.valueKind,
    unit: meta.unit,
    scale: meta.valueKind === 'yen' ? 0 : meta.scale,
    firstFiscalYear: meta.firstFiscalYear,
    lastFiscalYear: meta.lastFiscalYear,
    source: meta.source,
    note: meta.note,
    rows: rows.map((r) => ({
      ...(r.id ? { id: r.id } : {}),
      section: r.section,
      label: r.label,
      rowKind: r.rowKind,
      // every column, blanks included, so an error's values.N is column N
      values: columns.map((c) => ({ fiscalYear: c.fiscalYear, kind: c.kind, text: r.cells[cellKey(c.fiscalYear, c.kind)] ?? '' })),
    })),
  });

  const save = async () => {
    setSaving(true);
    setFields([]);
    setMessage(null);
    try {
      if (base) await request<FiscalTableDto>('PUT', tablePath(ctx.code, ctx.planId, base.id), { ...body(), version: base.version });
      else await request<FiscalTableDto>('POST', tablesPath(ctx.code, ctx.planId), body());
      onDone(`表「${meta.title}」を保存しました。`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.fields.length) {
        setFields(e.fields);
      } else if (e instanceof ApiError && e.status === 409 && e.current) {
        setConflict(e.current as FiscalTableDto);
        setMessage(e.message);
      } else setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!base || !window.confirm(`表「${base.title}」を削除します。よろしいですか。`)) return;
    setSaving(true);
    try {
      await request<null>('DELETE', `${tablePath(ctx.code, ctx.planId, base.id)}?version=${base.version}`);
      onDone(`表「${base.title}」を削除しました。`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.current) setConflict(e.current as FiscalTableDto);
      setMessage(e instanceof Error ? e.message : String(e));
      setSaving(false);
    }
  };

  const loadLatest = () => {
    if (!conflict) return;
    setBase(conflict);
    setMeta({ ...conflict });
    setColumns(conflict.columns.map((c) => ({ fiscalYear: c.fiscalYear, kind: c.kind })));
    setRows(rowsOf(conflict));
    setConflict(null);
    setMessage(null);
    setFields([]);
  };

  const metaField = (key: keyof Meta) => `${idPrefix}-${key}`;

  return (
    <section aria-label={table ? `表「${table.title}」の編集` : '表の追加'} className="rounded-8 border-2 border-key-900 bg-white p-4">
      <h2 className="mb-3 text-std-20B-150">{table ? `表の編集：${table.title}` : '表の追加'}</h2>
      <ErrorSummary errors={errors} id={`${idPrefix}-summary`} />
      {message && (
        <div role="alert" className="mb-3 rounded-8 border-2 border-error-1 bg-red-50 p-3 text-std-16N-170 text-error-2">
          {message}
          {conflict && (
            <div className="mt-2">
              <Button size="sm" onClick={loadLatest}>
                最新の内容を読み込む（この画面の入力は破棄されます）
              </Button>
            </div>
          )}
        </div>
      )}

      <div className="grid gap-3 md:grid-cols-3">
        <div className="md:col-span-2">
          <label className={labelCls} htmlFor={metaField('title')}>
            表の名称
          </label>
          <input id={metaField('title')} className={inputCls} value={meta.title} aria-invalid={err(metaField('title')) ? true : undefined} onChange={(e) => setMeta({ ...meta, title: e.target.value })} placeholder="例: 一般会計の歳入歳出見込み" />
          <FieldErrorText id={metaField('title')} messages={err(metaField('title'))} />
        </div>
        <div>
          <label className={labelCls} htmlFor={metaField('kind')}>
            表の種類
          </label>
          <select id={metaField('kind')} className={cx(selectCls, 'w-full')} value={meta.kind} onChange={(e) => setMeta({ ...meta, kind: e.target.value as FiscalTableBody['kind'] })}>
            {TABLE_KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <span className={labelCls}>値と単位</span>
          <div className="flex gap-2">
            <select
              aria-label="値の種類"
              className={selectCls}
              value={meta.valueKind}
              onChange={(e) => {
                const valueKind = e.target.value as Meta['valueKind'];
                setMeta({ ...meta, valueKind, unit: valueKind === 'yen' ? '百万円' : '%', scale: valueKind === 'yen' ? 0 : 1 });
              }}
            >
              <option value="yen">金額</option>
              <option value="number">数値</option>
            </select>
            {meta.valueKind === 'yen' ? (
              <select id={metaField('unit')} aria-label="単位" className={selectCls} value={meta.unit} onChange={(e) => setMeta({ ...meta, unit: e.target.value })}>
                {YEN_UNITS.map((u) => (
                  <option key={u}>{u}</option>
                ))}
              </select>
            ) : (
              <>
                <input id={metaField('unit')} aria-label="単位" className={cx(inputCls, 'w-24')} value={meta.unit} onChange={(e) => setMeta({ ...meta, unit: e.target.value })} placeholder="%・人" />
                <select id={metaField('scale')} aria-label="小数点以下の桁数" className={selectCls} value={meta.scale} onChange={(e) => setMeta({ ...meta, scale: Number(e.target.value) })}>
                  {[0, 1, 2, 3, 4].map((s) => (
                    <option key={s} value={s}>
                      小数{s}桁
                    </option>
                  ))}
                </select>
              </>
            )}
          </div>
          <FieldErrorText id={metaField('unit')} messages={[...(err(metaField('unit')) ?? []), ...(err(metaField('scale')) ?? [])]} />
        </div>
        <div>
          <span className={labelCls}>年度（西暦）</span>
          <div className="flex items-center gap-2">
            <input id={metaField('firstFiscalYear')} aria-label="開始年度（西暦）" type="number" className={cx(inputCls, 'w-28')} value={meta.firstFiscalYear} onChange={(e) => setYears(Number(e.target.value), meta.lastFiscalYear)} />
            <span aria-hidden="true">〜</span>
            <input id={metaField('lastFiscalYear')} aria-label="終了年度（西暦）" type="number" className={cx(inputCls, 'w-28')} value={meta.lastFiscalYear} onChange={(e) => setYears(meta.firstFiscalYear, Number(e.target.value))} />
          </div>
          <p className={hintCls}>
            {yearLabels(meta.firstFiscalYear).label}〜{yearLabels(meta.lastFiscalYear).label}
          </p>
          <FieldErrorText id={metaField('lastFiscalYear')} messages={err(metaField('lastFiscalYear'))} />
        </div>
        <div>
          <label className={labelCls} htmlFor={metaField('source')}>
            出典（図表番号など）
          </label>
          <input id={metaField('source')} className={inputCls} value={meta.source} onChange={(e) => setMeta({ ...meta, source: e.target.value })} placeholder="例: 図表 10" />
        </div>
      </div>

      <h3 className="mt-4 text-std-17B-170">
        表の値 <span className="text-dns-14N-130 font-normal text-solid-gray-700">（単位：{meta.unit || '―'}）</span>
      </h3>
      <p className={hintCls}>
        計画書の単位のまま入力します（例: 5,471　マイナスは △20）。Excel でコピーした範囲を、行の名称または値のセルに貼り付けると、その位置からまとめて入ります。
        「うち（内訳）」は計に含めず、「計」は同じ区分の項目の合計と、「歳入－歳出」は歳入計－歳出計と照合します。
      </p>
      <div className="mt-2 overflow-x-auto">
        <table className="border-collapse text-dns-14N-130">
          <thead>
            <tr className="bg-solid-gray-50">
              <th scope="col" className="px-1 py-1 text-left">
                区分
              </th>
              <th scope="col" className="px-1 py-1 text-left">
                行の名称
              </th>
              <th scope="col" className="px-1 py-1 text-left">
                種類
              </th>
              {columns.map((c, j) => (
                <th key={cellKey(c.fiscalYear, c.kind)} scope="col" className="px-1 py-1 text-center">
                  <abbr title={yearLabels(c.fiscalYear).label} className="no-underline">
                    {yearLabels(c.fiscalYear).short}
                  </abbr>
                  <select
                    aria-label={`${yearLabels(c.fiscalYear).label}の値の区分`}
                    className="ml-1 rounded-4 border border-solid-gray-420 text-[0.75rem]"
                    value={c.kind}
                    onChange={(e) => setColumnKind(j, e.target.value as EditColumn['kind'])}
                  >
                    {(['plan', 'actual'] as const).map((k) => {
                      const taken = k !== c.kind && columns.some((x) => x.fiscalYear === c.fiscalYear && x.kind === k);
                      return (
                        <option key={k} value={k} disabled={taken}>
                          {FIGURE_KIND_LABEL[k]}
                          {taken ? '（列あり）' : ''}
                        </option>
                      );
                    })}
                  </select>
                </th>
              ))}
              <th scope="col" className="px-1 py-1">
                <span className="sr-only">行の操作</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const labelId = `${rowId(i)}-label`;
              const rowName = r.label || `${i + 1}行目`;
              return (
                <tr key={r.key} className={cx('border-t border-solid-gray-200 align-top', (r.rowKind === 'total' || r.rowKind === 'balance') && 'bg-solid-gray-50 font-bold')}>
                  <td className="px-1 py-1">
                    <input aria-label={`${rowName}の区分`} list={`${idPrefix}-sections`} className="w-16 rounded-4 border border-solid-gray-600 px-1 py-1" value={r.section} onChange={(e) => updateRow(i, { section: e.target.value })} />
                  </td>
                  <td className="px-1 py-1">
                    <input
                      id={labelId}
                      aria-label={`${i + 1}行目の名称`}
                      aria-invalid={err(labelId) ? true : undefined}
                      className="w-44 rounded-4 border border-solid-gray-600 px-1 py-1 aria-[invalid=true]:border-2 aria-[invalid=true]:border-error-1"
                      value={r.label}
                      onChange={(e) => updateRow(i, { label: e.target.value })}
                      onPaste={(e) => paste(i, -1, e)}
                    />
                    <FieldErrorText id={labelId} messages={err(labelId)} />
                  </td>
                  <td className="px-1 py-1">
                    <select aria-label={`${rowName}の種類`} className="rounded-4 border border-solid-gray-600 py-1" value={r.rowKind} onChange={(e) => updateRow(i, { rowKind: e.target.value as EditRow['rowKind'] })}>
                      {ROW_KINDS.map((k) => (
                        <option key={k.value} value={k.value}>
                          {k.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  {columns.map((c, j) => {
                    const id = cellId(i, j);
                    const messages = err(id);
                    return (
                      <td key={cellKey(c.fiscalYear, c.kind)} className="px-1 py-1">
                        <input
                          id={id}
                          inputMode="decimal"
                          aria-label={`${rowName} ${yearLabels(c.fiscalYear).label}${c.kind === 'actual' ? '（実績）' : ''}`}
                          aria-invalid={messages ? true : undefined}
                          aria-describedby={messages ? `${id}-error` : undefined}
                          className="w-24 rounded-4 border border-solid-gray-600 px-1 py-1 text-right tabular-nums aria-[invalid=true]:border-2 aria-[invalid=true]:border-error-1 aria-[invalid=true]:bg-red-50"
                          value={r.cells[cellKey(c.fiscalYear, c.kind)] ?? ''}
                          onChange={(e) => setCell(i, c, e.target.value)}
                          onPaste={(e) => paste(i, j, e)}
                        />
                        {/* beside the cell the row and year go without saying; the summary keeps the full message */}
                        {messages && (
                          <p id={`${id}-error`} className="mt-0.5 max-w-36 text-[0.75rem] leading-tight text-error-1">
                            ⚠ {messages.map((m) => m.replace(/^「.*?」のR\d+（[^）]*）[:：]\s*/, '')).join(' ')}
                          </p>
                        )}
                      </td>
                    );
                  })}
                  <td className="px-1 py-1 whitespace-nowrap">
                    <Button size="sm" variant="tertiary" aria-label={`${rowName}を上へ`} disabled={i === 0} onClick={() => move(i, -1)}>
                      ↑
                    </Button>
                    <Button size="sm" variant="tertiary" aria-label={`${rowName}を下へ`} disabled={i === rows.length - 1} onClick={() => move(i, 1)}>
                      ↓
                    </Button>
                    <Button size="sm" variant="tertiary" aria-label={`${rowName}を削除`} onClick={() => setRows((rs) => rs.filter((_, k) => k !== i))}>
                      削除
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <datalist id={`${idPrefix}-sections`}>
          <option value="歳入" />
          <option value="歳出" />
        </datalist>
      </div>
      <Button
        size="sm"
        className="mt-2"
        onClick={() => setRows((rs) => [...rs, { key: nextKey++, section: rs[rs.length - 1]?.section ?? '', label: '', rowKind: 'item', cells: {} }])}
      >
        ＋ 行を追加
      </Button>

      <div className="mt-4">
        <label className={labelCls} htmlFor={metaField('note')}>
          注記（推計の考え方など）
        </label>
        <textarea id={metaField('note')} rows={4} className={inputCls} value={meta.note} onChange={(e) => setMeta({ ...meta, note: e.target.value })} />
      </div>

      <div className="mt-4 flex flex-wrap gap-2">
        <Button variant="primary" disabled={saving} onClick={save}>
          {saving ? '保存中…' : '保存'}
        </Button>
        <Button disabled={saving} onClick={onCancel}>
          キャンセル
        </Button>
        {base && (
          <Button variant="danger" disabled={saving} onClick={remove} className="ml-auto">
            表を削除
          </Button>
        )}
      </div>
      {kindChange && columns[kindChange.j] && (
        <KindChangeDialog
          column={columns[kindChange.j]!}
          kind={kindChange.kind}
          count={kindChange.count}
          onKeepBoth={() => {
            addKindColumn(kindChange.j, kindChange.kind);
            setKindChange(null);
          }}
          onReplace={() => {
            relabelColumn(kindChange.j, kindChange.kind);
            setKindChange(null);
          }}
          onClose={() => setKindChange(null)}
        />
      )}
    </section>
  );
}

const FIGURE_KIND_LABEL: Record<EditColumn['kind'], string> = { plan: '計画', actual: '実績' };

/**
 * A year column holding figures is switched to the other kind. A clerk switching 計画 to 実績 when the year
 * has closed usually wants the 実績 beside the plan (the table shows both), so that is the first choice;
 * turning the figures themselves into the other kind replaces them and says how many.
 */
function KindChangeDialog({
  column,
  kind,
  count,
  onKeepBoth,
  onReplace,
  onClose,
}: {
  column: EditColumn;
  kind: EditColumn['kind'];
  count: number;
  onKeepBoth: () => void;
  onReplace: () => void;
  onClose: () => void;
}) {
  const year = yearLabels(column.fiscalYear).label;
  const from = FIGURE_KIND_LABEL[column.kind];
  const to = FIGURE_KIND_LABEL[kind];
  return (
    <Dialog title={`${year}の列を「${to}」にします`} onClose={onClose} describedBy="fte-kind-change-text">
      <p id="fte-kind-change-text" className="text-std-16N-170">
        {year}の「{from}」の列には値が{count}件入っています。「{to}」に変えると、この{count}件は{to}の値として保存され、{year}の{from}の値はなくなります。
        {from}の値を残す場合は、{to}の列を追加してください。
      </p>
      <div className="mt-4 flex flex-wrap gap-2">
        <Button variant="primary" onClick={onKeepBoth}>
          {from}の値を残して{to}の列を追加
        </Button>
        <Button onClick={onReplace}>
          {from}の値{count}件を{to}に置き換える
        </Button>
        <Button variant="tertiary" onClick={onClose}>
          キャンセル
        </Button>
      </div>
    </Dialog>
  );
}
