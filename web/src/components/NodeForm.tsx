/** @jsxImportSource react */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { DepartmentDto, FieldError, NodeDto, PlanDto, TagDto } from '../lib/api';
import { departmentLabel, groupTags, orderDepartments } from './FilterBar';
import { ErrorSummary, Field, FieldErrorText, describedBy, fieldState, groupFieldErrors, hintCls, inputCls, smallLabelCls } from './form';
import { Button, cx } from './ui';

export { ErrorSummary };

export interface NodeFormValues {
  number: string;
  title: string;
  description: string;
  priority: boolean;
  isAction: boolean;
  departments: { id: string; lead: boolean }[];
  tagIds: string[];
  /** fiscal year → phase code ('' = none) */
  schedule: Record<string, string>;
  change: {
    kind: 'edited' | 'revised';
    effectiveDate: string;
    reason: string;
    mark: string;
  };
}

export function valuesFromNode(n: NodeDto): NodeFormValues {
  return {
    number: n.number,
    title: n.title,
    description: n.description,
    priority: n.priority,
    isAction: n.isAction,
    departments: n.departments.map((d) => ({ id: d.id, lead: d.lead })),
    tagIds: [...n.tagIds],
    schedule: { ...n.schedule },
    change: { kind: 'edited', effectiveDate: '', reason: '', mark: '' },
  };
}

export function emptyValues(isAction: boolean): NodeFormValues {
  return {
    number: '',
    title: '',
    description: '',
    priority: false,
    isAction,
    departments: [],
    tagIds: [],
    schedule: {},
    change: { kind: 'revised', effectiveDate: '', reason: '', mark: '' },
  };
}

/** Schedule without empty years, keys sorted, for sending and comparing. */
export function cleanSchedule(s: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(s).sort()) if (s[k]) out[k] = s[k]!;
  return out;
}

/** Field ids; the error summary links to them. */
export const fieldId = {
  number: 'nf-number',
  title: 'nf-title',
  description: 'nf-description',
  priority: 'nf-priority',
  isAction: 'nf-isAction',
  departments: 'nf-departments',
  tagIds: 'nf-tags',
  schedule: (year: string | number) => `nf-schedule-${year}`,
  changeKind: 'nf-change-kind',
  effectiveDate: 'nf-change-effectiveDate',
  reason: 'nf-change-reason',
  mark: 'nf-change-mark',
};

/** Which form control a server error path belongs to. */
export function fieldIdForPath(path: string): string | null {
  const [head, second] = path.split('.');
  switch (head) {
    case 'number':
    case 'title':
    case 'description':
    case 'priority':
    case 'isAction':
      return fieldId[head];
    case 'departments':
      return fieldId.departments;
    case 'tagIds':
    case 'tags':
      return fieldId.tagIds;
    case 'schedule':
      return second ? fieldId.schedule(second) : `${fieldId.schedule('')}all`;
    case 'change':
      if (second === 'effectiveDate') return fieldId.effectiveDate;
      if (second === 'reason') return fieldId.reason;
      if (second === 'mark') return fieldId.mark;
      if (second === 'kind') return fieldId.changeKind;
      return fieldId.reason;
    case 'effectiveDate':
      return fieldId.effectiveDate;
    case 'reason':
      return fieldId.reason;
    case 'mark':
      return fieldId.mark;
    default:
      return null;
  }
}

/** Messages grouped by control id; messages with no control go under ''. */
export function groupErrors(fields: FieldError[]): Map<string, string[]> {
  return groupFieldErrors(fields, fieldIdForPath);
}

export function NodeForm({
  mode,
  plan,
  departments,
  tags,
  values,
  onChange,
  errors,
  submitting,
  onSubmit,
  onCancel,
  heading,
  extra,
}: {
  mode: 'edit' | 'create';
  plan: PlanDto;
  departments: DepartmentDto[];
  tags: TagDto[];
  values: NodeFormValues;
  onChange: (v: NodeFormValues) => void;
  errors: Map<string, string[]>;
  submitting: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  heading: ReactNode;
  /** shown above the buttons (e.g. the conflict panel) */
  extra?: ReactNode;
}) {
  const uid = useId();
  const [addDept, setAddDept] = useState('');
  const set = <K extends keyof NodeFormValues>(k: K, v: NodeFormValues[K]) => onChange({ ...values, [k]: v });
  const setChange = (patch: Partial<NodeFormValues['change']>) => onChange({ ...values, change: { ...values.change, ...patch } });
  const { err, invalid, errId } = fieldState(errors);

  const deptById = new Map(departments.map((d) => [d.id, d]));
  const chosen = new Set(values.departments.map((d) => d.id));
  const addable = orderDepartments(departments).filter(({ dept }) => !chosen.has(dept.id) && dept.active);

  const addDepartment = () => {
    if (!addDept || chosen.has(addDept)) return;
    set('departments', [...values.departments, { id: addDept, lead: values.departments.length === 0 }]);
    setAddDept('');
  };
  const removeDepartment = (id: string) => {
    const rest = values.departments.filter((d) => d.id !== id);
    if (rest.length && !rest.some((d) => d.lead)) rest[0] = { ...rest[0]!, lead: true };
    set('departments', rest);
  };
  const setLead = (id: string) => set('departments', values.departments.map((d) => ({ ...d, lead: d.id === id })));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };

  const tagGroups = groupTags(tags);
  const scheduleAll = errors.get(`${fieldId.schedule('')}all`);

  return (
    <form noValidate onSubmit={submit} aria-labelledby={`${uid}-h`} className="max-w-5xl" data-testid="node-form">
      <h2 id={`${uid}-h`} className="mb-3 text-std-20B-150">
        {heading}
      </h2>
      <ErrorSummary errors={errors} />

      <div className="grid gap-5">
        <div className="grid gap-5 sm:grid-cols-[12rem_1fr]">
          <Field id={fieldId.number} label="整理番号" hint="例：1、(1)、①、R2-3" errors={errors}>
            {(c) => <input {...c} className={inputCls} value={values.number} onChange={(e) => set('number', e.target.value)} autoComplete="off" />}
          </Field>
          <Field id={fieldId.title} label="項目名" mark="required" errors={errors}>
            {(c) => (
              <input {...c} className={inputCls} value={values.title} onChange={(e) => set('title', e.target.value)} aria-required="true" autoComplete="off" />
            )}
          </Field>
        </div>

        <Field id={fieldId.description} label="事業概要" errors={errors}>
          {(c) => (
            <textarea {...c} className={cx(inputCls, 'min-h-32')} rows={5} value={values.description} onChange={(e) => set('description', e.target.value)} />
          )}
        </Field>

        <div className="flex flex-wrap gap-x-8 gap-y-2">
          <div>
            <div className="flex items-center gap-2">
              <input
                id={fieldId.priority}
                type="checkbox"
                className="size-6 accent-key-900"
                checked={values.priority}
                onChange={(e) => set('priority', e.target.checked)}
                aria-invalid={invalid(fieldId.priority)}
                aria-describedby={errId(fieldId.priority)}
              />
              <label htmlFor={fieldId.priority} className="text-std-16N-170">
                重点項目
              </label>
            </div>
            <FieldErrorText id={fieldId.priority} messages={err(fieldId.priority)} />
          </div>
          <div>
            <div className="flex items-center gap-2">
              <input
                id={fieldId.isAction}
                type="checkbox"
                className="size-6 accent-key-900"
                checked={values.isAction}
                onChange={(e) => set('isAction', e.target.checked)}
                aria-invalid={invalid(fieldId.isAction)}
                aria-describedby={describedBy(errId(fieldId.isAction), `${fieldId.isAction}-hint`)}
              />
              <label htmlFor={fieldId.isAction} className="text-std-16N-170">
                実施項目として管理する
              </label>
            </div>
            <p id={`${fieldId.isAction}-hint`} className={cx(hintCls, 'ml-8')}>
              年度ごとのスケジュールを持ち、ロードマップに載ります。
            </p>
            <FieldErrorText id={fieldId.isAction} messages={err(fieldId.isAction)} />
          </div>
        </div>

        <fieldset
          id={fieldId.departments}
          className="rounded-8 border border-solid-gray-420 px-4 pb-3 pt-1"
          aria-invalid={invalid(fieldId.departments)}
          aria-describedby={errId(fieldId.departments)}
        >
          <legend className="px-1 text-std-16B-170">担当課</legend>
          {values.departments.length === 0 ? (
            <p className={hintCls}>担当課は設定されていません。</p>
          ) : (
            <table className="w-full max-w-xl text-dns-16N-130">
              <thead className="sr-only">
                <tr>
                  <th scope="col">担当課</th>
                  <th scope="col">主担当</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {values.departments.map((d) => {
                  const dept = deptById.get(d.id);
                  const name = dept ? departmentLabel(dept) : d.id;
                  return (
                    <tr key={d.id} className="border-b border-solid-gray-100">
                      <td className="py-1 pr-4">{name}</td>
                      <td className="py-1 pr-4">
                        <label className="flex items-center gap-1 text-dns-14N-130">
                          <input
                            type="radio"
                            name={`${uid}-lead`}
                            className="size-5 accent-key-900"
                            checked={d.lead}
                            onChange={() => setLead(d.id)}
                            aria-label={`${name}を主担当にする`}
                          />
                          <span aria-hidden="true">主担当</span>
                        </label>
                      </td>
                      <td className="py-1 text-right">
                        <Button size="sm" variant="tertiary" onClick={() => removeDepartment(d.id)} aria-label={`${name}を外す`}>
                          外す
                        </Button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <div className="mt-2 flex flex-wrap items-end gap-2">
            <div>
              <label htmlFor={`${uid}-add-dept`} className="block text-dns-14B-130">
                担当課を追加
              </label>
              <select
                id={`${uid}-add-dept`}
                className="h-9 rounded-6 border border-solid-gray-600 bg-white px-2 text-dns-14N-130"
                value={addDept}
                onChange={(e) => setAddDept(e.target.value)}
              >
                <option value="">選択してください</option>
                {addable.map(({ dept, level }) => (
                  <option key={dept.id} value={dept.id}>
                    {'　'.repeat(level)}
                    {dept.name}
                  </option>
                ))}
              </select>
            </div>
            <Button size="sm" onClick={addDepartment} disabled={!addDept}>
              追加
            </Button>
          </div>
          <FieldErrorText id={fieldId.departments} messages={err(fieldId.departments)} />
        </fieldset>

        {tags.length > 0 && (
          <fieldset
            id={fieldId.tagIds}
            className="rounded-8 border border-solid-gray-420 px-4 pb-3 pt-1"
            aria-invalid={invalid(fieldId.tagIds)}
            aria-describedby={errId(fieldId.tagIds)}
          >
            <legend className="px-1 text-std-16B-170">タグ</legend>
            {tagGroups.map(([category, list]) => (
              <div key={category} className="mt-1">
                <p className="text-dns-14B-130 text-solid-gray-700">{category}</p>
                <div className="flex flex-wrap gap-x-5 gap-y-1">
                  {list.map((t) => (
                    <label key={t.id} className="flex items-center gap-1.5 text-dns-16N-130">
                      <input
                        type="checkbox"
                        className="size-5 accent-key-900"
                        checked={values.tagIds.includes(t.id)}
                        onChange={(e) =>
                          set('tagIds', e.target.checked ? [...values.tagIds, t.id] : values.tagIds.filter((x) => x !== t.id))
                        }
                      />
                      {t.name}
                    </label>
                  ))}
                </div>
              </div>
            ))}
            <FieldErrorText id={fieldId.tagIds} messages={err(fieldId.tagIds)} />
          </fieldset>
        )}

        <fieldset className="rounded-8 border border-solid-gray-420 px-4 pb-3 pt-1" aria-describedby={`${uid}-sch-hint`}>
          <legend className="px-1 text-std-16B-170">スケジュール</legend>
          <p id={`${uid}-sch-hint`} className={hintCls}>
            年度ごとの取組段階を選びます（空欄＝予定なし）。
          </p>
          <div className="mt-2 grid grid-cols-[repeat(auto-fill,minmax(9rem,1fr))] gap-3">
            {plan.fiscalYears.map((y) => {
              const id = fieldId.schedule(y.year);
              return (
                <Field key={y.year} id={id} label={y.label} labelClassName={smallLabelCls} errors={errors}>
                  {(c) => (
                    <select
                      {...c}
                      className="h-10 w-full rounded-6 border border-solid-gray-600 bg-white px-2 text-dns-16N-130 aria-[invalid=true]:border-2 aria-[invalid=true]:border-error-1"
                      value={values.schedule[String(y.year)] ?? ''}
                      onChange={(e) => set('schedule', { ...values.schedule, [String(y.year)]: e.target.value })}
                    >
                      <option value="">―</option>
                      {plan.phases.map((p) => (
                        <option key={p.code} value={p.code}>
                          {p.symbol ? `${p.label}（${p.symbol}）` : p.label}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              );
            })}
          </div>
          <FieldErrorText id={`${fieldId.schedule('')}all`} messages={scheduleAll} />
        </fieldset>

        <fieldset className="rounded-8 border border-solid-gray-420 bg-solid-gray-50 px-4 pb-3 pt-1">
          <legend className="px-1 text-std-16B-170">変更の記録（変更調書）</legend>
          {mode === 'edit' && (
            <div
              role="radiogroup"
              id={fieldId.changeKind}
              aria-labelledby={`${uid}-kind-l`}
              aria-describedby={errId(fieldId.changeKind)}
              className="mb-2"
            >
              <p id={`${uid}-kind-l`} className="text-dns-14B-130">
                変更の種類
              </p>
              <div className="flex flex-wrap gap-x-6 gap-y-1">
                <label className="flex items-center gap-1.5 text-dns-16N-130">
                  <input
                    type="radio"
                    name={`${uid}-kind`}
                    className="size-5 accent-key-900"
                    checked={values.change.kind === 'edited'}
                    onChange={() => setChange({ kind: 'edited' })}
                  />
                  軽微な修正（誤字訂正など・変更調書に載せない）
                </label>
                <label className="flex items-center gap-1.5 text-dns-16N-130">
                  <input
                    type="radio"
                    name={`${uid}-kind`}
                    className="size-5 accent-key-900"
                    checked={values.change.kind === 'revised'}
                    onChange={() => setChange({ kind: 'revised' })}
                  />
                  計画の改訂（変更調書に載せる）
                </label>
              </div>
              <FieldErrorText id={fieldId.changeKind} messages={err(fieldId.changeKind)} />
            </div>
          )}
          <div className="grid gap-4 sm:grid-cols-[12rem_14rem_1fr]">
            <Field id={fieldId.effectiveDate} label="適用日" labelClassName={smallLabelCls} hint="空欄＝本日" errors={errors}>
              {(c) => (
                <input {...c} type="date" className={cx(inputCls, 'py-1.5')} value={values.change.effectiveDate} onChange={(e) => setChange({ effectiveDate: e.target.value })} />
              )}
            </Field>
            <Field id={fieldId.mark} label="改訂マーク" labelClassName={smallLabelCls} errors={errors}>
              {(c) => (
                <input
                  {...c}
                  className={cx(inputCls, 'py-1.5')}
                  value={values.change.mark}
                  placeholder="【R8年度改訂】"
                  onChange={(e) => setChange({ mark: e.target.value })}
                  autoComplete="off"
                />
              )}
            </Field>
            <Field id={fieldId.reason} label="変更理由" labelClassName={smallLabelCls} errors={errors}>
              {(c) => (
                <textarea {...c} className={cx(inputCls, 'py-1.5')} rows={2} value={values.change.reason} onChange={(e) => setChange({ reason: e.target.value })} />
              )}
            </Field>
          </div>
        </fieldset>
      </div>

      {extra}

      <div className="mt-5 flex flex-wrap gap-3">
        <Button type="submit" variant="primary" disabled={submitting}>
          {submitting ? '保存しています…' : mode === 'edit' ? '保存する' : '追加する'}
        </Button>
        <Button onClick={onCancel} disabled={submitting}>
          キャンセル
        </Button>
      </div>
    </form>
  );
}
