/** @jsxImportSource react */
/**
 * 出力レイアウト（公表用の実施状況表）per plan: the title format with placeholders,
 * the legend texts, the columns (on/off, order, header text) and the fills. PUT with
 * the version: 422 messages sit beside the fields; 409 keeps the input and offers to
 * reload the stored layout or to save over it.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { ErrorSummary, FieldErrorText, fieldState, hintCls, inputCls, labelCls } from '../../components/form';
import { Section, tableCls, tdCls, thCls, theadCls } from '../../components/secretariat-ui';
import { Badge, Button, ErrorState, Loading, SuccessMessage, cx } from '../../components/ui';
import { apiPaths, type PlanDto } from '../../lib/api';
import { isOffice, useCurrentUser } from '../../lib/auth';
import { formatDateTime } from '../../lib/format';
import { paths } from '../../lib/router';
import { prime, useApi } from '../../lib/useApi';
import { SecFrame } from '../secretariat/frame';
import { asApiError, errorsFor } from '../secretariat/lib';
import { transferApi, transferApiPaths, type ExportLayoutBodyDto, type ExportLayoutColumnDto, type ExportLayoutDto } from './api';

interface Row {
  key: string;
  on: boolean;
  col: ExportLayoutColumnDto;
}

let seq = 0;
const rowKey = () => `col-${++seq}`;

/** The stored columns (on) followed by the kinds that are not used (off). */
function rowsOf(dto: ExportLayoutDto, layout: ExportLayoutBodyDto): Row[] {
  const rows: Row[] = layout.columns.map((c) => ({ key: rowKey(), on: true, col: { ...c } }));
  const levels = Math.max(0, dto.levelNames.length - 1);
  for (const k of dto.columnKinds) {
    if (k.kind === 'level') {
      for (let d = 0; d < levels; d++) if (!layout.columns.some((c) => c.kind === 'level' && c.depth === d)) rows.push({ key: rowKey(), on: false, col: { kind: 'level', depth: d } });
    } else if (!layout.columns.some((c) => c.kind === k.kind)) rows.push({ key: rowKey(), on: false, col: { kind: k.kind } });
  }
  return rows;
}

const TEXT_FIELDS = [
  { name: 'title', label: '表題', hint: '例：{plan}の実施状況（{round}）' },
  { name: 'scheduledLegend', label: '●（当年度に実施予定）の説明', hint: '例：{fyShort}実施する事業' },
  { name: 'overdueLegend', label: '●（過年度に予定し未了）の説明', hint: '' },
  { name: 'statusLegendLabel', label: '凡例の見出し', hint: '例：取組状況' },
  { name: 'statusLegend', label: '凡例の行', hint: '空欄なら、計画の凡例（記号・区分名・定義）から作ります。' },
] as const;
type TextField = (typeof TEXT_FIELDS)[number]['name'];

export function ExportLayoutPage({ code, planId }: { code: string; planId: string }) {
  const uid = useId();
  const user = useCurrentUser();
  const canEdit = isOffice(user.role);
  const planRes = useApi<PlanDto>(apiPaths.plan(code, planId));
  const path = transferApiPaths.layout(code, planId);
  const res = useApi<ExportLayoutDto>(path);
  const [base, setBase] = useState<ExportLayoutDto | null>(null);
  const [form, setForm] = useState<ExportLayoutBodyDto | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [conflict, setConflict] = useState<ExportLayoutDto | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = (dto: ExportLayoutDto, layout = dto.layout) => {
    setBase(dto);
    setForm({ ...layout, fills: { ...layout.fills } });
    setRows(rowsOf(dto, layout));
  };

  useEffect(() => {
    if (res.data && !base) load(res.data);
  }, [res.data, base]);

  const dto = base;
  const kindLabel = (c: ExportLayoutColumnDto) => {
    if (c.kind === 'level') return `上位の階層：${dto?.levelNames[c.depth ?? 0] ?? `第${(c.depth ?? 0) + 1}階層`}`;
    return dto?.columnKinds.find((k) => k.kind === c.kind)?.label ?? c.kind;
  };

  const idFor = (p: string): string | null => {
    const m = /^(?:layout\.)?(title|scheduledLegend|overdueLegend|statusLegendLabel|statusLegend|summarySheet)$/.exec(p);
    if (m) return `${uid}-${m[1]}`;
    const f = /^(?:layout\.)?fills\.(scheduled|overdue)/.exec(p);
    if (f) return `${uid}-fill-${f[1]}`;
    const c = /^(?:layout\.)?columns\.(\d+)(?:\.(\w+))?/.exec(p);
    if (c) {
      const on = rows.filter((r) => r.on);
      const r = on[Number(c[1])];
      return r ? `${uid}-${r.key}-${c[2] === 'width' ? 'width' : 'title'}` : `${uid}-columns-all`;
    }
    if (/columns/.test(p)) return `${uid}-columns-all`;
    return null;
  };

  const body = (): ExportLayoutBodyDto => ({
    ...form!,
    columns: rows.filter((r) => r.on).map((r) => {
      const c: ExportLayoutColumnDto = { kind: r.col.kind };
      if (r.col.kind === 'level') c.depth = r.col.depth ?? 0;
      if (r.col.title?.trim()) c.title = r.col.title.trim();
      if (r.col.width) c.width = r.col.width;
      return c;
    }),
  });

  const save = async (version: number) => {
    if (!form || !dto) return;
    setBusy(true);
    setSaved(null);
    setErrors(new Map());
    try {
      const next = await transferApi.putLayout(code, planId, { version, layout: body() });
      prime(path, next);
      setBase(next);
      setConflict(null);
      setSaved('出力レイアウトを保存しました。次に作る実施状況表（Excel・PDF）から使われます。');
    } catch (e) {
      const err = asApiError(e);
      if (err.status === 409) {
        const cur = (err.current as ExportLayoutDto | undefined) ?? null;
        setConflict(cur ?? { ...dto, version: dto.version + 1 });
        setErrors(new Map([['', [err.message]]]));
      } else {
        setErrors(errorsFor(err, idFor));
      }
    } finally {
      setBusy(false);
    }
  };

  const move = (i: number, d: -1 | 1) => {
    const j = i + d;
    if (j < 0 || j >= rows.length) return;
    const next = [...rows];
    [next[i], next[j]] = [next[j]!, next[i]!];
    setRows(next);
  };

  const title = '出力レイアウト（公表用の実施状況表）';
  const frame = (children: ReactNode) => (
    <SecFrame
      code={code}
      section={null}
      crumbs={[{ label: planRes.data?.title ?? '計画', to: paths.plan(code, planId) }, { label: '出力レイアウト' }]}
      title={title}
      docTitle={`${title}｜${planRes.data?.title ?? ''}`}
      lead={
        dto ? (
          <span className="flex flex-wrap items-center gap-2">
            {dto.stored ? <Badge tone="success">保存済み（版 {dto.version}）</Badge> : <Badge>既定のレイアウト（未保存）</Badge>}
            {dto.updatedAt && <span className="text-dns-14N-130">最終更新 {formatDateTime(dto.updatedAt)}</span>}
          </span>
        ) : undefined
      }
    >
      {children}
    </SecFrame>
  );

  if (res.error && !res.data) return frame(<ErrorState error={res.error} title="出力レイアウトを読み込めませんでした。" onRetry={res.reload} />);
  if (!dto || !form) return <Loading />;
  const fs = fieldState(errors);
  const disabled = !canEdit || busy;

  return frame(
    <form
      className="mt-4"
      noValidate
      data-testid="layout-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save(dto.version);
      }}
    >
      {!canEdit && <p className="mb-3 rounded-8 border border-solid-gray-536 bg-solid-gray-50 px-4 py-2">出力レイアウトの変更は事務局が行います（表示のみ）。</p>}
      <ErrorSummary errors={errors} id="layout-error-summary" title={conflict ? '他の利用者が先に保存しました' : undefined} />
      {conflict && (
        <div className="mb-4 rounded-8 border-2 border-warning-orange-1 bg-orange-50 p-4" data-testid="layout-conflict">
          <p className="text-std-16N-170">入力した内容はそのまま残っています。保存済みの内容を読み込み直すか、入力した内容で上書きしてください。</p>
          <div className="mt-2 flex flex-wrap gap-2">
            <Button
              onClick={() => {
                load(conflict);
                prime(path, conflict);
                setConflict(null);
                setErrors(new Map());
              }}
            >
              保存済みの内容を読み込む
            </Button>
            <Button variant="primary" disabled={busy} onClick={() => save(conflict.version)}>
              入力した内容で上書きする
            </Button>
          </div>
        </div>
      )}
      {saved && <SuccessMessage onClose={() => setSaved(null)}>{saved}</SuccessMessage>}

      <Section id="lay-text" title="表題と凡例">
        <p className={cx(hintCls, 'mb-2')}>
          差し込み文字：
          {dto.placeholders.map((p) => (
            <span key={p.key} className="mr-3 inline-block">
              <code className="rounded-4 bg-solid-gray-50 px-1">{`{${p.key}}`}</code> {p.label}
            </span>
          ))}
        </p>
        <div className="grid max-w-4xl gap-3">
          {TEXT_FIELDS.map((f) => {
            const id = `${uid}-${f.name}`;
            return (
              <div key={f.name}>
                <label htmlFor={id} className={labelCls}>
                  {f.label}
                </label>
                {f.hint && (
                  <p id={`${id}-hint`} className={hintCls}>
                    {f.hint}
                  </p>
                )}
                <input
                  id={id}
                  className={cx(inputCls, 'mt-1')}
                  value={form[f.name as TextField]}
                  disabled={disabled}
                  onChange={(e) => setForm({ ...form, [f.name]: e.target.value })}
                  aria-invalid={fs.invalid(id)}
                  aria-describedby={cx(f.hint && `${id}-hint`, fs.errId(id)) || undefined}
                />
                <FieldErrorText id={id} messages={fs.err(id)} />
              </div>
            );
          })}
          <div className="flex flex-wrap gap-6">
            {(['scheduled', 'overdue'] as const).map((k) => {
              const id = `${uid}-fill-${k}`;
              return (
                <div key={k}>
                  <label htmlFor={id} className={labelCls}>
                    {k === 'scheduled' ? '当年度実施の塗りつぶし' : '過年度未了の塗りつぶし'}
                  </label>
                  <div className="mt-1 flex items-center gap-2">
                    <span aria-hidden="true" className="inline-block size-8 rounded-4 border border-solid-gray-536" style={{ background: /^[0-9a-f]{6}$/i.test(form.fills[k]) ? `#${form.fills[k]}` : 'transparent' }} />
                    <input
                      id={id}
                      className={cx(inputCls, 'w-32 font-mono')}
                      value={form.fills[k]}
                      disabled={disabled}
                      maxLength={20}
                      onChange={(e) => setForm({ ...form, fills: { ...form.fills, [k]: e.target.value } })}
                      aria-invalid={fs.invalid(id)}
                      aria-describedby={fs.errId(id)}
                    />
                  </div>
                  <FieldErrorText id={id} messages={fs.err(id)} />
                </div>
              );
            })}
            <label className="flex items-center gap-2 self-end pb-2">
              <input id={`${uid}-summarySheet`} type="checkbox" checked={form.summarySheet} disabled={disabled} onChange={(e) => setForm({ ...form, summarySheet: e.target.checked })} />
              集計シート（施策別の件数と前回との増減）を付ける
            </label>
          </div>
        </div>
      </Section>

      <Section id="lay-cols" title="列">
        <p className={cx(hintCls, 'mb-2')}>表に出す列にチェックを付け、順番と見出しを決めます。見出しが空欄なら既定の見出しになります。</p>
        <FieldErrorText id={`${uid}-columns-all`} messages={fs.err(`${uid}-columns-all`)} />
        <table className={cx(tableCls, 'max-w-5xl')} data-testid="layout-columns">
          <thead className={theadCls}>
            <tr>
              <th scope="col" className={cx(thCls, 'w-16')}>出力</th>
              <th scope="col" className={thCls}>列の内容</th>
              <th scope="col" className={thCls}>見出し</th>
              <th scope="col" className={cx(thCls, 'w-24')}>幅（文字）</th>
              <th scope="col" className={cx(thCls, 'w-36')}>順番</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const label = kindLabel(r.col);
              const tid = `${uid}-${r.key}-title`;
              const wid = `${uid}-${r.key}-width`;
              const update = (col: Partial<ExportLayoutColumnDto>, on = r.on) => setRows(rows.map((x) => (x.key === r.key ? { ...x, on, col: { ...x.col, ...col } } : x)));
              return (
                <tr key={r.key} className={r.on ? undefined : 'bg-solid-gray-50 text-solid-gray-700'}>
                  <td className={cx(tdCls, 'text-center')}>
                    <input type="checkbox" aria-label={`${label}を出力する`} checked={r.on} disabled={disabled} onChange={(e) => update({}, e.target.checked)} />
                  </td>
                  <th scope="row" className={cx(tdCls, 'text-left font-normal')}>
                    {label}
                  </th>
                  <td className={tdCls}>
                    <input
                      id={tid}
                      className={cx(inputCls, 'py-1')}
                      aria-label={`${label}の見出し`}
                      value={r.col.title ?? ''}
                      placeholder="（既定の見出し）"
                      disabled={disabled || !r.on}
                      onChange={(e) => update({ title: e.target.value })}
                      aria-invalid={fs.invalid(tid)}
                      aria-describedby={fs.errId(tid)}
                    />
                    <FieldErrorText id={tid} messages={fs.err(tid)} />
                  </td>
                  <td className={tdCls}>
                    <input
                      id={wid}
                      type="number"
                      min={2}
                      max={120}
                      className={cx(inputCls, 'py-1')}
                      aria-label={`${label}の幅`}
                      value={r.col.width ?? ''}
                      disabled={disabled || !r.on}
                      onChange={(e) => update({ width: e.target.value ? Number(e.target.value) : undefined })}
                      aria-invalid={fs.invalid(wid)}
                      aria-describedby={fs.errId(wid)}
                    />
                    <FieldErrorText id={wid} messages={fs.err(wid)} />
                  </td>
                  <td className={tdCls}>
                    <div className="flex gap-1">
                      <Button size="sm" variant="tertiary" disabled={disabled || i === 0} onClick={() => move(i, -1)} aria-label={`${label}を上へ`}>
                        ↑上へ
                      </Button>
                      <Button size="sm" variant="tertiary" disabled={disabled || i === rows.length - 1} onClick={() => move(i, 1)} aria-label={`${label}を下へ`}>
                        ↓下へ
                      </Button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Section>

      {canEdit && (
        <div className="mt-6 flex flex-wrap gap-2">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? '保存しています…' : '保存する'}
          </Button>
          <Button
            disabled={busy}
            onClick={() => {
              load(dto, dto.defaults);
              setErrors(new Map());
            }}
          >
            既定のレイアウトに戻す（未保存）
          </Button>
        </div>
      )}
    </form>,
  );
}


