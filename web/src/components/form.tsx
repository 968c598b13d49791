/** @jsxImportSource react */
/**
 * Form parts shared by every edit screen: field classes, the 必須 mark, the
 * labelled field, the message beside a field, the error summary at the top of
 * a form, and the mapping of server error paths (`levelNames.1`,
 * `phases.0.code` …) to the control that shows them.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import type { FieldError } from '../lib/api';

export const inputCls =
  'w-full rounded-8 border border-solid-gray-600 bg-white px-3 py-2 text-std-16N-170 text-solid-gray-900 hover:border-solid-gray-900 aria-[invalid=true]:border-2 aria-[invalid=true]:border-error-1';
export const selectCls =
  'h-11 rounded-8 border border-solid-gray-600 bg-white px-2 text-std-16N-170 text-solid-gray-900 hover:border-solid-gray-900 aria-[invalid=true]:border-2 aria-[invalid=true]:border-error-1';
export const labelCls = 'block text-std-16B-170 text-solid-gray-900';
/** the label of a control inside a row or a group (a stage's date, a year) */
export const smallLabelCls = 'block text-dns-14B-130';
export const hintCls = 'text-dns-14N-130 text-solid-gray-700';
export const fieldsetCls = 'rounded-8 border border-solid-gray-420 px-4 pb-3 pt-1';
export const legendCls = 'px-1 text-std-16B-170';

export function Required() {
  return (
    <span className="ml-2 rounded-4 border border-error-1 px-1 align-middle text-[0.75rem] leading-[1.4] text-error-2">
      必須
    </span>
  );
}

export function Optional() {
  return (
    <span className="ml-2 rounded-4 border border-solid-gray-536 px-1 align-middle text-[0.75rem] leading-[1.4] text-solid-gray-700">
      任意
    </span>
  );
}

/**
 * The server's messages for one control, right below it; `${id}-error` is its
 * aria-describedby target. `label` prefixes the text when the message sits
 * under a row of several controls.
 */
export function FieldErrorText({ id, messages, label }: { id: string; messages: string[] | undefined; label?: string }) {
  if (!messages?.length) return null;
  return (
    <p id={`${id}-error`} className="mt-1 text-std-16N-170 text-error-1" data-testid="field-error">
      {messages.map((m, i) => (
        <span key={i} className="block">
          <span aria-hidden="true">⚠ </span>
          {label && !m.includes(label) && <span aria-hidden="true">{label}：</span>}
          {m}
        </span>
      ))}
    </p>
  );
}

const ZOD_TOO_BIG = /^大きすぎる値: .*?(\d+)文字以下/;

/**
 * Schema checks without their own wording come back in zod's generic Japanese
 * ('大きすぎる値: stringは4文字以下である必要があります'); say them the way
 * the form labels the field.
 */
export function humanizeFields(fields: FieldError[], labelFor: (path: string) => string | null): FieldError[] {
  return fields.map((f) => {
    const m = ZOD_TOO_BIG.exec(f.message);
    const label = m ? labelFor(f.path) : null;
    return m && label ? { ...f, message: `${label}は${m[1]}文字以内にしてください。` } : f;
  });
}

export function describedBy(...ids: (string | false | undefined | null)[]): string | undefined {
  const s = ids.filter(Boolean).join(' ');
  return s || undefined;
}

/** Messages grouped by control id; messages whose path maps to no control go under ''. */
export function groupFieldErrors(fields: FieldError[], idForPath: (path: string) => string | null): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const f of fields) {
    const id = idForPath(f.path) ?? '';
    const list = m.get(id) ?? [];
    if (!list.includes(f.message)) list.push(f.message);
    m.set(id, list);
  }
  return m;
}

/** Helpers for one form's error map. */
export function fieldState(errors: Map<string, string[]>) {
  return {
    err: (id: string) => errors.get(id),
    invalid: (id: string) => (errors.get(id)?.length ? true : undefined),
    errId: (id: string) => (errors.get(id)?.length ? `${id}-error` : undefined),
  };
}

/** What a Field hands its control: the id its label and the error summary point at, and its error state. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * One labelled control: label (with its 必須/任意 mark), the control, a hint
 * below it (`${id}-hint`) and the server's messages (`${id}-error`). The
 * control is rendered by `children` so each form keeps its own element,
 * classes and handlers. A falsy `hint` renders no hint and leaves it out of
 * aria-describedby.
 */
export function Field({
  id,
  label,
  mark,
  labelClassName = labelCls,
  hint,
  errors,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  mark?: 'required' | 'optional';
  labelClassName?: string;
  hint?: ReactNode;
  errors: Map<string, string[]>;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const messages = errors.get(id);
  const errId = messages?.length ? `${id}-error` : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className={labelClassName}>
        {label}
        {mark === 'required' && <Required />}
        {mark === 'optional' && <Optional />}
      </label>
      {children({ id, 'aria-invalid': errId ? true : undefined, 'aria-describedby': describedBy(errId, hintId) })}
      {hintId && (
        <p id={hintId} className={hintCls}>
          {hint}
        </p>
      )}
      <FieldErrorText id={id} messages={messages} />
    </div>
  );
}

/**
 * The list of problems at the top of a form. Each new set of errors moves
 * focus here (it is announced, and its links lead to the fields).
 * Ids ending in 'all' name a group with no single control to focus.
 */
export function ErrorSummary({
  errors,
  title = '入力内容を確認してください',
  id = 'nf-error-summary',
  focusKey,
  testId,
}: {
  errors: Map<string, string[]>;
  title?: ReactNode;
  id?: string;
  /**
   * When given, focus moves here only when this changes (e.g. a new submit), not each time a corrected
   * field leaves the list: a form that updates the list as fields are fixed keeps focus in the field.
   */
  focusKey?: unknown;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const trigger = focusKey === undefined ? errors : focusKey;
  useEffect(() => {
    if (errors.size) ref.current?.focus();
  }, [trigger]);
  const entries = [...errors.entries()];
  const count = entries.reduce((n, [, l]) => n + l.length, 0);
  if (count === 0) return null;
  return (
    <div
      ref={ref}
      role="alert"
      tabIndex={-1}
      id={id}
      data-testid={testId}
      className="mb-4 rounded-8 border-2 border-error-1 bg-red-50 p-4 outline-none focus-visible:outline-4"
    >
      <h2 className="text-std-17B-170 text-error-2">
        {title}（{count}件）
      </h2>
      <ul className="mt-1 list-disc pl-6 text-std-16N-170">
        {entries.flatMap(([fid, msgs]) =>
          msgs.map((m, i) => (
            <li key={`${fid}-${i}`}>
              {fid && !fid.endsWith('all') ? (
                <a
                  href={`#${fid}`}
                  className="text-error-2"
                  onClick={(e) => {
                    e.preventDefault();
                    const el = document.getElementById(fid);
                    const target = el?.matches('fieldset') ? el.querySelector<HTMLElement>('input,select,textarea,button') : el;
                    target?.focus();
                    el?.scrollIntoView({ block: 'center' });
                  }}
                >
                  {m}
                </a>
              ) : (
                m
              )}
            </li>
          )),
        )}
      </ul>
    </div>
  );
}
