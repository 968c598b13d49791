/** @jsxImportSource react */
/**
 * 監査ログ: who did what, when, from where, with the record before and after.
 * Filters (対象の種類, 対象ID, 操作者, 期間) live in the query string; the CSV
 * export takes the same filters.
 */
import { Fragment, useEffect, useState } from 'react';
import { ErrorSummary, Field, FieldErrorText, fieldState, labelCls, selectCls } from '../../components/form';
import { Pager, tableCls, tableWrapCls, tdCls, thCls, theadCls } from '../../components/secretariat-ui';
import { Button, ErrorState, Loading, cx } from '../../components/ui';
import { navigate, useLocation } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import type { UserDto } from '../../../../src/shared/api-types-identity.js';
import type { AuditEntryDto, AuditPageDto } from '../../../../src/shared/api-types-review.js';
import { AUDIT_ENTITY_LABELS } from './domain';
import { NotForRole, SecFrame } from './frame';
import { dateW, errorsFor, inputSizedCls, num, secApiPaths, selectSmCls, useStaff } from './lib';

const FILTER_KEYS = ['entity', 'entityId', 'actor', 'from', 'to'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Record<FilterKey, string>;

function readFilters(search: string): Filters & { page: number; pageSize: number } {
  const q = new URLSearchParams(search);
  const f = Object.fromEntries(FILTER_KEYS.map((k) => [k, q.get(k) ?? ''])) as Filters;
  const page = Math.max(1, Number(q.get('page')) || 1);
  const size = Number(q.get('pageSize'));
  return { ...f, page, pageSize: [20, 50, 100, 200].includes(size) ? size : 50 };
}

function filterQuery(f: Partial<Filters>, extra: Record<string, string | number> = {}): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k]) q.set(k, f[k]!);
  for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
  return q.toString();
}

// ───────────── before → after ─────────────

type Flat = Map<string, unknown>;

function flatten(v: unknown, prefix = '', out: Flat = new Map(), depth = 0): Flat {
  if (v && typeof v === 'object' && !Array.isArray(v) && depth < 4) {
    const entries = Object.entries(v as Record<string, unknown>);
    if (!entries.length && prefix) out.set(prefix, v);
    for (const [k, x] of entries) flatten(x, prefix ? `${prefix}.${k}` : k, out, depth + 1);
  } else if (prefix || v !== null) {
    out.set(prefix || '（値）', v);
  }
  return out;
}

function show(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

function pretty(v: unknown): string {
  return v === null || v === undefined ? '（なし）' : JSON.stringify(v, null, 2);
}

export function AuditDiff({ entry }: { entry: AuditEntryDto }) {
  const a = flatten(entry.before);
  const b = flatten(entry.after);
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  const [showJson, setShowJson] = useState(false);
  return (
    <div className="bg-white px-1 py-2" data-testid="audit-diff">
      {keys.length === 0 ? (
        <p className="text-dns-14N-130 text-solid-gray-700">変更前・変更後の記録はありません。</p>
      ) : (
        <table className={cx(tableCls, 'table-fixed')}>
          <caption className="sr-only">変更前と変更後</caption>
          <thead className={theadCls}>
            <tr>
              <th scope="col" className={cx(thCls, 'w-56')}>項目</th>
              <th scope="col" className={thCls}>変更前</th>
              <th scope="col" className={thCls}>変更後</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => {
              const before = a.get(k);
              const after = b.get(k);
              const changed = show(before) !== show(after);
              return (
                <tr key={k} className={cx(changed && 'bg-yellow-50')}>
                  <th scope="row" className={cx(tdCls, 'break-all text-left font-mono text-[0.8125rem] font-normal')}>
                    {k}
                    {changed && <span className="sr-only">（変更あり）</span>}
                  </th>
                  <td className={cx(tdCls, 'whitespace-pre-wrap break-all', changed && 'text-red-1000')}>
                    {a.has(k) ? show(before) : <span className="text-solid-gray-536">―</span>}
                  </td>
                  <td className={cx(tdCls, 'whitespace-pre-wrap break-all', changed && 'font-bold text-green-1100')}>
                    {b.has(k) ? show(after) : <span className="text-solid-gray-536">―</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Button size="sm" variant="tertiary" className="mt-1" aria-expanded={showJson} onClick={() => setShowJson(!showJson)}>
        {showJson ? 'JSONを閉じる' : 'JSONで表示'}
      </Button>
      {showJson && (
        <div className="mt-1 grid gap-2 md:grid-cols-2">
          <figure>
            <figcaption className="text-dns-14B-130">変更前</figcaption>
            <pre className="max-h-96 overflow-auto rounded-4 border border-solid-gray-420 bg-solid-gray-50 p-2 text-[0.8125rem] leading-[1.5]">{pretty(entry.before)}</pre>
          </figure>
          <figure>
            <figcaption className="text-dns-14B-130">変更後</figcaption>
            <pre className="max-h-96 overflow-auto rounded-4 border border-solid-gray-420 bg-solid-gray-50 p-2 text-[0.8125rem] leading-[1.5]">{pretty(entry.after)}</pre>
          </figure>
        </div>
      )}
    </div>
  );
}

// ───────────── the page ─────────────

const ids = { entity: 'au-entity', entityId: 'au-entityId', actor: 'au-actor', from: 'au-from', to: 'au-to' };

export function AuditPage({ code }: { code: string }) {
  const staff = useStaff();
  const { pathname, search } = useLocation();
  const current = readFilters(search);
  const [form, setForm] = useState<Filters>(current);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const query = filterQuery(current, { page: current.page, pageSize: current.pageSize });
  const res = useApi<AuditPageDto>(staff.isOffice ? secApiPaths.audit(code, query) : null, { keepPrevious: true });
  const users = useApi<{ items: UserDto[] }>(staff.isOffice ? secApiPaths.users(code) : null);
  const errors = res.error?.status === 422 ? errorsFor(res.error, (p) => (p in ids ? ids[p as keyof typeof ids] : null)) : new Map<string, string[]>();
  const { err, invalid, errId } = fieldState(errors);

  // the form follows the URL (back/forward, a filter link in a row)
  useEffect(() => {
    setForm(readFilters(search));
  }, [search]);

  const go = (f: Partial<Filters>, page = 1, pageSize = current.pageSize) =>
    navigate(`${pathname}?${filterQuery({ ...f }, { page, pageSize })}`, { keepScroll: page !== 1 });

  const csvQuery = filterQuery(current);
  const entityOptions = Object.entries(AUDIT_ENTITY_LABELS);
  const actorChoices = users.data?.items ?? [];
  const actorKnown = !form.actor || actorChoices.some((u) => u.id === form.actor);

  if (!staff.loading && !staff.isOffice) {
    return (
      <SecFrame code={code} section="audit" crumbs={[{ label: '監査ログ' }]} title="監査ログ" docTitle="監査ログ">
        <NotForRole>監査ログを見られるのは事務局とシステム管理者だけです。</NotForRole>
      </SecFrame>
    );
  }

  return (
    <SecFrame
      code={code}
      section="audit"
      crumbs={[{ label: '監査ログ' }]}
      title="監査ログ"
      docTitle="監査ログ"
      actions={
        <a href={secApiPaths.auditCsv(code, csvQuery)} download className="text-dns-16N-130" data-testid="audit-csv">
          CSVで出力（この条件で{res.data ? `${num(res.data.total)}件` : ''}）
        </a>
      }
      lead="誰が・いつ・どこから・何を変えたかの記録です（新しい順）。CSVの出力も記録されます。"
    >
      <form
        className="no-print mt-3 rounded-8 border border-solid-gray-420 bg-solid-gray-50 px-4 py-3"
        noValidate
        data-testid="audit-filters"
        onSubmit={(e) => {
          e.preventDefault();
          go(form);
        }}
      >
        <ErrorSummary errors={errors} id="au-error-summary" title="絞込みの条件を確認してください" />
        {/* every filter may shrink to the screen: a long 操作者 name or two date fields must not widen a phone's page */}
        <div className="flex flex-wrap items-start gap-4 [&>*]:min-w-0 [&>*]:max-w-full">
          <div>
            <label htmlFor={ids.entity} className={labelCls}>
              対象の種類
            </label>
            <select id={ids.entity} className={cx(selectCls, 'max-w-full')} value={form.entity} onChange={(e) => setForm({ ...form, entity: e.target.value })}>
              <option value="">すべて</option>
              {entityOptions.map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
              {form.entity && !(form.entity in AUDIT_ENTITY_LABELS) && <option value={form.entity}>{form.entity}</option>}
            </select>
          </div>
          <Field id={ids.entityId} label="対象ID" errors={errors}>
            {(c) => (
              <input
                {...c}
                className={cx(inputSizedCls, 'w-80 max-w-full py-1.5 font-mono text-dns-14N-130')}
                value={form.entityId}
                onChange={(e) => setForm({ ...form, entityId: e.target.value.trim() })}
                placeholder="例：照会・報告・利用者のID"
              />
            )}
          </Field>
          <div>
            <label htmlFor={ids.actor} className={labelCls}>
              操作者
            </label>
            <select id={ids.actor} className={cx(selectCls, 'max-w-full')} value={form.actor} onChange={(e) => setForm({ ...form, actor: e.target.value })}>
              <option value="">すべて</option>
              {actorChoices.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}（{u.loginId}）
                </option>
              ))}
              {!actorKnown && <option value={form.actor}>{form.actor}</option>}
            </select>
          </div>
          <div>
            <span className={labelCls} id="au-period">
              期間（日本時間・両端を含む）
            </span>
            <span className="flex max-w-full items-center gap-2">
              <input
                id={ids.from}
                type="date"
                aria-label="期間の始まり"
                className={cx(inputSizedCls, 'w-44 min-w-0 flex-1 py-1.5 sm:flex-none')}
                value={form.from}
                onChange={(e) => setForm({ ...form, from: e.target.value })}
                aria-invalid={invalid(ids.from)}
                aria-describedby={errId(ids.from)}
              />
              〜
              <input
                id={ids.to}
                type="date"
                aria-label="期間の終わり"
                className={cx(inputSizedCls, 'w-44 min-w-0 flex-1 py-1.5 sm:flex-none')}
                value={form.to}
                onChange={(e) => setForm({ ...form, to: e.target.value })}
                aria-invalid={invalid(ids.to)}
                aria-describedby={errId(ids.to)}
              />
            </span>
            <FieldErrorText id={ids.from} messages={err(ids.from)} />
            <FieldErrorText id={ids.to} messages={err(ids.to)} />
          </div>
        </div>
        <div className="mt-3 flex flex-wrap gap-3">
          <Button type="submit" variant="primary" size="sm">
            絞り込む
          </Button>
          <Button size="sm" onClick={() => go({})} disabled={!FILTER_KEYS.some((k) => current[k])}>
            条件を解除
          </Button>
          <label className="ml-auto flex items-center gap-2 text-dns-14N-130">
            1ページの件数
            <select className={selectSmCls} value={current.pageSize} onChange={(e) => go(current, 1, Number(e.target.value))}>
              {[20, 50, 100, 200].map((n) => (
                <option key={n} value={n}>
                  {n}件
                </option>
              ))}
            </select>
          </label>
        </div>
      </form>

      {res.loading && !res.data && <Loading />}
      {res.error && res.error.status !== 422 && <ErrorState error={res.error} onRetry={res.reload} />}
      {res.data && (
        <div className={cx('mt-3', res.stale && 'opacity-60')}>
          <Pager page={res.data.page} pageSize={res.data.pageSize} total={res.data.total} onPage={(pg) => go(current, pg)} label="監査ログのページ" />
          {res.data.items.length === 0 ? (
            <p className="mt-3 text-std-16N-170">条件に合う記録はありません。</p>
          ) : (
            <div className={cx(tableWrapCls, 'mt-2')}>
              <table className={tableCls} data-testid="audit-table">
                <caption className="sr-only">監査ログ（新しい順）</caption>
                <thead className={theadCls}>
                  <tr>
                    <th scope="col" className={thCls}>日時</th>
                    <th scope="col" className={thCls}>操作者</th>
                    <th scope="col" className={thCls}>接続元</th>
                    <th scope="col" className={thCls}>操作</th>
                    <th scope="col" className={thCls}>対象</th>
                    <th scope="col" className={cx(thCls, 'no-print')}>変更内容</th>
                  </tr>
                </thead>
                <tbody>
                  {res.data.items.map((e) => {
                    const isOpen = open.has(e.id);
                    const [d, t] = e.atJst.split(' ');
                    return (
                      <Fragment key={e.id}>
                        <tr data-testid="audit-row" data-action={e.action} className="hover:bg-key-50">
                          <td className={cx(tdCls, 'whitespace-nowrap')}>
                            {dateW(d)} {t}
                          </td>
                          <td className={tdCls}>
                            <button
                              type="button"
                              className="text-left text-key-900 underline underline-offset-3 hover:decoration-2"
                              onClick={() => go({ ...current, actor: e.actorId })}
                              aria-label={`${e.actorName}の操作だけを表示`}
                            >
                              {e.actorName || e.actor}
                            </button>
                          </td>
                          <td className={cx(tdCls, 'font-mono text-[0.8125rem]')}>{e.ip || <span className="text-solid-gray-536">―</span>}</td>
                          <td className={tdCls}>
                            {e.actionLabel}
                            {e.actionLabel !== e.action && <span className="block font-mono text-[0.75rem] text-solid-gray-700">{e.action}</span>}
                          </td>
                          <td className={tdCls}>
                            {e.entityLabel}
                            <button
                              type="button"
                              className="block font-mono text-[0.75rem] text-key-900 underline underline-offset-3"
                              onClick={() => go({ entity: e.entity, entityId: e.entityId })}
                              aria-label={`${e.entityLabel} ${e.entityId} の記録だけを表示`}
                              title="この対象の記録だけを表示"
                            >
                              {e.entityId}
                            </button>
                          </td>
                          <td className={cx(tdCls, 'no-print')}>
                            <Button
                              size="sm"
                              variant="tertiary"
                              aria-expanded={isOpen}
                              aria-controls={`au-diff-${e.id}`}
                              onClick={() => {
                                const n = new Set(open);
                                if (isOpen) n.delete(e.id);
                                else n.add(e.id);
                                setOpen(n);
                              }}
                            >
                              {isOpen ? '閉じる' : '変更前→変更後'}
                            </Button>
                          </td>
                        </tr>
                        {isOpen && (
                          <tr id={`au-diff-${e.id}`}>
                            <td colSpan={6} className={cx(tdCls, 'bg-solid-gray-50')}>
                              <AuditDiff entry={e} />
                            </td>
                          </tr>
                        )}
                      </Fragment>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <div className="mt-2">
            <Pager page={res.data.page} pageSize={res.data.pageSize} total={res.data.total} onPage={(pg) => go(current, pg)} label="監査ログのページ（下）" />
          </div>
        </div>
      )}
      <p className="mt-3 text-dns-14N-130 text-solid-gray-800">
        日時は日本時間。接続元は操作したパソコンのIPアドレス（システムが自動で行った処理は空欄）。
      </p>
    </SecFrame>
  );
}
