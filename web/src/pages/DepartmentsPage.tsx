/** @jsxImportSource react */
/**
 * 組織（部・課・室）の管理. A renamed or merged 課 is never renamed in place:
 * the old one gets a 廃止日 and a 後継組織 and the new one is registered, so
 * past plans and change records keep the name they had.
 *
 * An edit is saved with the version the dialog started from; a 409 keeps the
 * input, shows it beside the stored version and offers to reload that or to
 * carry the user's changes onto it and save again.
 */
import { useId, useMemo, useState } from 'react';
import { ConflictPanel, type ConflictRow } from '../components/ConflictPanel';
import { Dialog } from '../components/Dialog';
import { orderDepartments } from '../components/FilterBar';
import { ErrorSummary, Field, groupFieldErrors, humanizeFields, inputCls, selectCls } from '../components/form';
import {
  Badge,
  Breadcrumbs,
  Button,
  ErrorState,
  Loading,
  PageHeading,
  SuccessMessage,
  cx,
  useDocumentTitle,
} from '../components/ui';
import { ApiError, api, apiPaths, request, type DepartmentBody, type DepartmentDto, type MunicipalityDto } from '../lib/api';
import { useCan } from '../lib/auth';
import { formatDate, todayIso } from '../lib/format';
import { paths } from '../lib/router';
import { invalidate, useApi } from '../lib/useApi';
import { DepartmentCsvImport, importDoneMessage } from './onboarding/imports';

export const DEPARTMENT_KINDS = ['部', '局', '課', '室', '係', 'センター'] as const;
const OTHER = 'other';

type Status = 'active' | 'ended' | 'planned';

function statusOf(d: DepartmentDto, today: string): Status {
  if (d.validTo && d.validTo <= today) return 'ended';
  if (d.validFrom && d.validFrom > today) return 'planned';
  return 'active';
}

function periodText(d: DepartmentDto): string {
  if (!d.validFrom && !d.validTo) return '期間の定めなし';
  const from = d.validFrom ? `${formatDate(d.validFrom)}設置` : '';
  const to = d.validTo ? `${formatDate(d.validTo)}廃止` : '';
  return [from, to].filter(Boolean).join('〜');
}

interface DeptFormValues {
  name: string;
  code: string;
  kindChoice: string;
  kindOther: string;
  parentId: string;
  validFrom: string;
  validTo: string;
  successorId: string;
}

function valuesFromDept(d: DepartmentDto | null): DeptFormValues {
  if (!d) return { name: '', code: '', kindChoice: '課', kindOther: '', parentId: '', validFrom: '', validTo: '', successorId: '' };
  const known = (DEPARTMENT_KINDS as readonly string[]).includes(d.kind);
  return {
    name: d.name,
    code: d.code ?? '',
    kindChoice: known ? d.kind : OTHER,
    kindOther: known ? '' : d.kind,
    parentId: d.parentId ?? '',
    validFrom: d.validFrom ?? '',
    validTo: d.validTo ?? '',
    successorId: d.successorId ?? '',
  };
}

function bodyOf(v: DeptFormValues): DepartmentBody {
  return {
    name: v.name,
    kind: v.kindChoice === OTHER ? v.kindOther : v.kindChoice,
    code: v.code.trim() || null,
    parentId: v.parentId || null,
    validFrom: v.validFrom || null,
    validTo: v.validTo || null,
    successorId: v.successorId || null,
  };
}

const COMPARE_FIELDS: [keyof DeptFormValues, string][] = [
  ['name', '組織名'],
  ['code', '組織コード'],
  ['kindChoice', '種別'],
  ['parentId', '上位組織'],
  ['validFrom', '設置日'],
  ['validTo', '廃止日'],
  ['successorId', '後継組織'],
];

/** Comparable text of one field; the kind is compared as sent, whichever control holds it. */
function fieldText(v: DeptFormValues, key: keyof DeptFormValues, byId: Map<string, DepartmentDto>): string {
  switch (key) {
    case 'kindChoice':
    case 'kindOther':
      return (v.kindChoice === OTHER ? v.kindOther : v.kindChoice) || '（空欄）';
    case 'parentId':
      return v.parentId ? (byId.get(v.parentId)?.name ?? v.parentId) : 'なし（最上位）';
    case 'successorId':
      return v.successorId ? (byId.get(v.successorId)?.name ?? v.successorId) : 'なし';
    case 'validFrom':
    case 'validTo':
      return v[key] ? formatDate(v[key]) : '（空欄）';
    default:
      return v[key] || '（空欄）';
  }
}

/** Keep the fields this user changed (relative to the version they started from); take the rest from the stored version. */
function mergeDeptOnto(mine: DeptFormValues, origin: DepartmentDto, current: DepartmentDto, byId: Map<string, DepartmentDto>): DeptFormValues {
  const o = valuesFromDept(origin);
  const out = valuesFromDept(current);
  for (const [key] of COMPARE_FIELDS) {
    if (fieldText(mine, key, byId) === fieldText(o, key, byId)) continue;
    if (key === 'kindChoice') {
      out.kindChoice = mine.kindChoice;
      out.kindOther = mine.kindOther;
    } else out[key] = mine[key];
  }
  return out;
}

/** The server sends the stored department on a stale save; accept it only if it looks like one. */
function deptFromConflict(current: unknown, id: string): DepartmentDto | null {
  if (!current || typeof current !== 'object') return null;
  const c = current as Partial<DepartmentDto>;
  return c.id === id && typeof c.version === 'number' && typeof c.name === 'string' ? (c as DepartmentDto) : null;
}

/** The comparison rows of the conflict panel: the input beside the stored department. */
function deptConflictRows(mine: DeptFormValues, current: DepartmentDto, byId: Map<string, DepartmentDto>): ConflictRow[] {
  const stored = valuesFromDept(current);
  return COMPARE_FIELDS.map(([key, label]) => ({ key, label, mine: fieldText(mine, key, byId), stored: fieldText(stored, key, byId) }));
}

const ids = {
  name: 'df-name',
  code: 'df-code',
  kind: 'df-kind',
  kindOther: 'df-kind-other',
  parentId: 'df-parentId',
  validFrom: 'df-validFrom',
  validTo: 'df-validTo',
  successorId: 'df-successorId',
};

function optionLabel(d: DepartmentDto, today: string): string {
  const s = statusOf(d, today);
  return s === 'ended' ? `${d.name}（廃止）` : s === 'planned' ? `${d.name}（設置予定）` : d.name;
}

function DepartmentDialog({
  code,
  editing,
  departments,
  onClose,
  onSaved,
}: {
  code: string;
  /** null = register a new one */
  editing: DepartmentDto | null;
  departments: DepartmentDto[];
  onClose: () => void;
  onSaved: (d: DepartmentDto, created: boolean) => void;
}) {
  const uid = useId();
  const today = todayIso();
  const [values, setValues] = useState<DeptFormValues>(() => valuesFromDept(editing));
  // The stored version this form was started from (changes when a conflict is resolved).
  const [base, setBase] = useState<DepartmentDto | null>(editing);
  const [conflict, setConflict] = useState<{ message: string; current: DepartmentDto | null } | null>(null);
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [busy, setBusy] = useState(false);
  const byId = useMemo(() => new Map(departments.map((d) => [d.id, d])), [departments]);
  const set = <K extends keyof DeptFormValues>(k: K, v: DeptFormValues[K]) => setValues((s) => ({ ...s, [k]: v }));

  // Neither the department itself nor anything below it can be its parent.
  const below = new Set<string>();
  if (editing) {
    below.add(editing.id);
    let grew = true;
    while (grew) {
      grew = false;
      for (const d of departments) {
        if (d.parentId && below.has(d.parentId) && !below.has(d.id)) {
          below.add(d.id);
          grew = true;
        }
      }
    }
  }
  const ordered = orderDepartments(departments);
  const parentChoices = ordered.filter(({ dept }) => !below.has(dept.id));
  const successorChoices = ordered.filter(({ dept }) => dept.id !== editing?.id);

  /** The stored department as it is now (the list is fetched afresh, not from the cache). */
  const fetchStored = async (id: string): Promise<DepartmentDto | null> => {
    try {
      const res = await request<{ items: DepartmentDto[] }>('GET', apiPaths.departments(code));
      return res.items.find((d) => d.id === id) ?? null;
    } catch {
      return null;
    }
  };

  const startFrom = (d: DepartmentDto) => {
    setValues(valuesFromDept(d));
    setBase(d);
    setErrors(new Map());
    setConflict(null);
  };

  const submit = async () => {
    setBusy(true);
    setErrors(new Map());
    const sentOther = values.kindChoice === OTHER;
    try {
      const body = bodyOf(values);
      const saved = base ? await api.patchDepartment(code, base.id, { ...body, version: base.version }) : await api.createDepartment(code, body);
      onSaved(saved, !base);
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, null, String(e));
      if (base && error.status === 409 && error.code === 'conflict') {
        const current = deptFromConflict(error.current, base.id) ?? (await fetchStored(base.id));
        setConflict({ message: error.message, current });
        // The list behind the dialog should show what is stored now.
        invalidate(apiPaths.departments(code));
        return;
      }
      const worded = humanizeFields(error.fields, (p) => (p === 'kind' ? '種別' : p === 'name' ? '組織名' : p === 'code' ? '組織コード' : null));
      const grouped = groupFieldErrors(worded, (p) => {
        const head = p.split('.')[0] ?? '';
        if (head === 'kind') return sentOther ? ids.kindOther : ids.kind;
        return head in ids ? ids[head as keyof typeof ids] : null;
      });
      if (grouped.size === 0) grouped.set('', [error.message]);
      setErrors(grouped);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={editing ? `組織の編集（${editing.name}）` : '組織の登録'} onClose={onClose} describedBy={`${uid}-desc`}>
      <form
        noValidate
        data-testid="department-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p id={`${uid}-desc`} className="mb-3 rounded-8 border border-key-400 bg-key-50 px-3 py-2 text-dns-14N-130 leading-[1.7] text-solid-gray-900">
          {editing
            ? '改称・統合のときは組織名を書き換えず、この組織に「廃止日」と「後継組織」を設定し、新しい組織は「組織を登録」で別に登録します。名前の誤記を直すときだけ組織名を修正してください。'
            : '改称・統合で新しくできた組織は、ここで登録してから、元の組織を編集して「廃止日」と「後継組織」を設定します。'}
        </p>
        {conflict && base && (
          <ConflictPanel
            className="mb-4"
            heading="他の利用者がこの組織を先に更新しました"
            message={
              <>
                {conflict.message} あなたの入力はまだ保存されていません（フォームに残っています）。
                反映を選んだ場合は、フォームの内容を確認してからもう一度「保存する」を押してください。
              </>
            }
            storedVersion={conflict.current?.version ?? null}
            rows={conflict.current ? deptConflictRows(values, conflict.current, byId) : []}
            onReload={() => {
              void (async () => {
                const latest = conflict.current ?? (await fetchStored(base.id));
                if (latest) startFrom(latest);
                else setErrors(new Map([['', ['最新の内容を読み込めませんでした。画面を再読み込みしてください。']]]));
              })();
            }}
            onKeepMine={
              conflict.current
                ? () => {
                    const current = conflict.current!;
                    setValues(mergeDeptOnto(values, base, current, byId));
                    setBase(current);
                    setConflict(null);
                    document.getElementById(ids.name)?.focus();
                  }
                : null
            }
          />
        )}
        <ErrorSummary errors={errors} id="df-error-summary" />
        <div className="grid gap-4">
          <Field id={ids.name} label="組織名" mark="required" errors={errors}>
            {(c) => <input {...c} className={inputCls} value={values.name} onChange={(e) => set('name', e.target.value)} aria-required="true" autoComplete="off" />}
          </Field>
          <Field id={ids.code} label="組織コード" mark="optional" hint="人事・財務の組織コードなど。組織のCSV取込みはこのコードで既存の組織を探します。" errors={errors}>
            {(c) => <input {...c} className={cx(inputCls, 'max-w-52')} value={values.code} onChange={(e) => set('code', e.target.value)} autoComplete="off" spellCheck={false} />}
          </Field>
          <div className="flex flex-wrap items-start gap-3">
            <Field id={ids.kind} label="種別" mark="required" errors={errors}>
              {(c) => (
                <select {...c} className={selectCls} value={values.kindChoice} onChange={(e) => set('kindChoice', e.target.value)}>
                  {DEPARTMENT_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                  <option value={OTHER}>その他（直接入力）</option>
                </select>
              )}
            </Field>
            {values.kindChoice === OTHER && (
              <Field id={ids.kindOther} label="種別（直接入力）" errors={errors} className="min-w-48 flex-1">
                {(c) => (
                  <input
                    {...c}
                    className={inputCls}
                    value={values.kindOther}
                    placeholder="例：事務所、担当"
                    onChange={(e) => set('kindOther', e.target.value)}
                    autoComplete="off"
                  />
                )}
              </Field>
            )}
          </div>
          <Field id={ids.parentId} label="上位組織" mark="optional" errors={errors}>
            {(c) => (
              <select {...c} className={cx(selectCls, 'w-full')} value={values.parentId} onChange={(e) => set('parentId', e.target.value)}>
                <option value="">なし（最上位）</option>
                {parentChoices.map(({ dept, level }) => (
                  <option key={dept.id} value={dept.id}>
                    {'　'.repeat(level)}
                    {optionLabel(dept, today)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id={ids.validFrom} label="設置日" mark="optional" hint="空欄＝以前から" errors={errors}>
              {(c) => (
                <input {...c} type="date" className={cx(inputCls, 'max-w-52 py-1.5')} value={values.validFrom} onChange={(e) => set('validFrom', e.target.value)} />
              )}
            </Field>
            <Field id={ids.validTo} label="廃止日" mark="optional" hint="この日から無効（前日まで有効）。空欄＝現在も有効" errors={errors}>
              {(c) => (
                <input {...c} type="date" className={cx(inputCls, 'max-w-52 py-1.5')} value={values.validTo} onChange={(e) => set('validTo', e.target.value)} />
              )}
            </Field>
          </div>
          <Field id={ids.successorId} label="後継組織" mark="optional" hint="改称・統合後の組織。廃止日とあわせて設定します。" errors={errors}>
            {(c) => (
              <select {...c} className={cx(selectCls, 'w-full')} value={values.successorId} onChange={(e) => set('successorId', e.target.value)}>
                <option value="">なし</option>
                {successorChoices.map(({ dept, level }) => (
                  <option key={dept.id} value={dept.id}>
                    {'　'.repeat(level)}
                    {optionLabel(dept, today)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="mt-5 flex flex-wrap gap-3">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? '保存しています…' : editing ? '保存する' : '登録する'}
          </Button>
          <Button onClick={onClose} disabled={busy}>
            キャンセル
          </Button>
          {base && (
            <span className="self-center text-dns-14N-130 text-solid-gray-700" data-testid="department-version">
              編集を始めた版: {base.version}
            </span>
          )}
        </div>
      </form>
    </Dialog>
  );
}

export function DepartmentsPage({ code }: { code: string }) {
  const can = useCan();
  const munis = useApi<{ items: MunicipalityDto[] }>(apiPaths.municipalities());
  const deptRes = useApi<{ items: DepartmentDto[] }>(apiPaths.departments(code));
  const [showEnded, setShowEnded] = useState(true);
  const [dialog, setDialog] = useState<{ editing: DepartmentDto | null } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const muni = munis.data?.items.find((m) => m.code === code);
  useDocumentTitle('組織（担当課）の管理');
  const today = todayIso();
  const canEdit = can('department.edit');

  const all = deptRes.data?.items ?? [];
  const byId = useMemo(() => new Map(all.map((d) => [d.id, d])), [all]);
  const predecessors = useMemo(() => {
    const m = new Map<string, DepartmentDto[]>();
    for (const d of all) {
      if (!d.successorId) continue;
      m.set(d.successorId, [...(m.get(d.successorId) ?? []), d]);
    }
    return m;
  }, [all]);
  const endedCount = all.filter((d) => statusOf(d, today) === 'ended').length;
  const shown = showEnded ? all : all.filter((d) => statusOf(d, today) !== 'ended');
  const rows = orderDepartments(shown);

  return (
    <div>
      <Breadcrumbs
        items={[
          { label: '自治体の選択', to: paths.home() },
          { label: muni?.name ?? code, to: paths.municipality(code) },
          { label: '組織（担当課）' },
        ]}
      />
      <div className="flex flex-wrap items-start justify-between gap-3">
        <PageHeading>組織（担当課）の管理</PageHeading>
        {canEdit && (
          <div className="flex flex-wrap gap-2">
            <Button size="sm" onClick={() => setImporting(true)} disabled={importing} aria-expanded={importing}>
              組織をCSVから取り込む
            </Button>
            <Button variant="primary" size="sm" onClick={() => setDialog({ editing: null })}>
              ＋ 組織を登録
            </Button>
          </div>
        )}
      </div>

      <section
        aria-labelledby="dept-history-h"
        className="mt-3 max-w-5xl rounded-8 border border-key-400 bg-key-50 px-4 py-3 text-std-16N-170"
      >
        <h2 id="dept-history-h" className="text-std-16B-170 text-key-1000">
          課の改称・統合を記録するには
        </h2>
        <ol className="mt-1 list-decimal pl-6">
          <li>新しい組織を「組織を登録」で登録します（設置日＝改称・統合の日）。</li>
          <li>元の組織を「編集」し、廃止日（新しい組織の設置日と同じ日）と後継組織（新しい組織）を設定します。</li>
        </ol>
        <p className="mt-1 text-dns-14N-130 leading-[1.7] text-solid-gray-800">
          元の組織の名前は書き換えないでください。過去の計画・変更履歴には当時の課名が残り、後継組織をたどって現在の担当課がわかります。
        </p>
      </section>

      {/* The dialog hands focus back to the button that opened it; the message is announced from here. */}
      <div aria-live="polite">
        {saved && (
          <SuccessMessage takeFocus={false} onClose={() => setSaved(null)}>
            {saved}
          </SuccessMessage>
        )}
      </div>
      {importing && (
        <DepartmentCsvImport
          code={code}
          onClose={() => setImporting(false)}
          onDone={(r) => {
            setImporting(false);
            invalidate(apiPaths.departments(code), apiPaths.plans(code));
            setSaved(importDoneMessage(r, '組織'));
          }}
        />
      )}
      {deptRes.loading && !deptRes.data && <Loading />}
      {deptRes.error && <ErrorState error={deptRes.error} onRetry={deptRes.reload} />}

      {deptRes.data && (
        <>
          <div className="mt-4 flex flex-wrap items-center justify-between gap-3">
            <p className="text-dns-14N-130 text-solid-gray-800" aria-live="polite">
              {all.length - endedCount}件の組織{endedCount > 0 && `・廃止済み${endedCount}件${showEnded ? '' : '（非表示）'}`}
            </p>
            {endedCount > 0 && (
              <label className="flex items-center gap-2 text-dns-16N-130">
                <input
                  type="checkbox"
                  className="size-5 accent-key-900"
                  checked={showEnded}
                  onChange={(e) => setShowEnded(e.target.checked)}
                />
                廃止済みの組織を表示する
              </label>
            )}
          </div>
          {rows.length === 0 ? (
            <p className="mt-4 text-std-16N-170">登録されている組織はありません。「組織をCSVから取り込む」でまとめて登録するか、「組織を登録」から1つずつ追加してください。</p>
          ) : (
            <div className="mt-2 overflow-x-auto rounded-8 border border-solid-gray-420">
              <table className="w-full border-collapse text-left text-dns-16N-130" data-testid="department-list">
                <caption className="sr-only">組織の一覧（下位の組織は上位の組織の下に字下げして表示）</caption>
                <thead className="bg-solid-gray-50 text-dns-14B-130 text-solid-gray-800">
                  <tr>
                    <th scope="col" className="px-3 py-2">組織名</th>
                    <th scope="col" className="px-3 py-2">組織コード</th>
                    <th scope="col" className="px-3 py-2">種別</th>
                    <th scope="col" className="px-3 py-2">有効期間</th>
                    <th scope="col" className="px-3 py-2">後継組織</th>
                    {canEdit && (
                      <th scope="col" className="px-3 py-2">
                        <span className="sr-only">操作</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {rows.map(({ dept, level }) => {
                    const status = statusOf(dept, today);
                    const ended = status === 'ended';
                    const successor = dept.successorId ? byId.get(dept.successorId) : undefined;
                    const preds = predecessors.get(dept.id) ?? [];
                    return (
                      <tr
                        key={dept.id}
                        data-testid="department-row"
                        data-status={status}
                        className={cx('border-t border-solid-gray-200', ended ? 'bg-solid-gray-50 text-solid-gray-700' : 'hover:bg-key-50')}
                      >
                        <td className="px-3 py-2">
                          <div className="flex items-start gap-1" style={{ paddingLeft: `${level * 1.5}rem` }}>
                            {level > 0 && (
                              <span aria-hidden="true" className="text-solid-gray-536">
                                └
                              </span>
                            )}
                            <div>
                              <span className="flex flex-wrap items-center gap-2">
                                <span className={cx('text-dns-16B-130', ended && 'font-normal')} data-testid="department-name">
                                  {dept.name}
                                </span>
                                {ended && <Badge tone="stopped">廃止</Badge>}
                                {status === 'planned' && <Badge tone="warning">設置予定</Badge>}
                              </span>
                              {preds.length > 0 && (
                                <span className="block text-dns-14N-130 text-solid-gray-700">
                                  旧組織：{preds.map((p) => p.name).join('、')}
                                </span>
                              )}
                            </div>
                          </div>
                        </td>
                        <td className="px-3 py-2 font-mono whitespace-nowrap" data-testid="department-code">
                          {dept.code ?? <span className="font-sans text-solid-gray-536">―</span>}
                        </td>
                        <td className="px-3 py-2 whitespace-nowrap">{dept.kind}</td>
                        <td className="px-3 py-2 text-dns-14N-130">{periodText(dept)}</td>
                        <td className="px-3 py-2">
                          {successor ? (
                            <span>
                              <span aria-hidden="true">→ </span>
                              {successor.name}
                              {statusOf(successor, today) === 'ended' && <span className="text-solid-gray-700">（廃止）</span>}
                            </span>
                          ) : (
                            <span className="text-solid-gray-536">―</span>
                          )}
                        </td>
                        {canEdit && (
                          <td className="px-3 py-2 text-right">
                            <Button size="sm" variant="tertiary" onClick={() => setDialog({ editing: dept })} aria-label={`${dept.name}を編集`}>
                              編集
                            </Button>
                          </td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}

      {dialog && (
        <DepartmentDialog
          code={code}
          editing={dialog.editing}
          departments={all}
          onClose={() => setDialog(null)}
          onSaved={(d, created) => {
            setDialog(null);
            // Department names appear in items, filters and roadmaps too.
            invalidate(apiPaths.departments(code), apiPaths.plans(code));
            setSaved(created ? `「${d.name}」を登録しました。` : `「${d.name}」を保存しました。`);
          }}
        />
      )}
    </div>
  );
}
