/** @jsxImportSource react */
/**
 * The report form's error summary. Unlike the shared ErrorSummary it takes focus
 * only when it appears (or its title changes), not each time a fixed field leaves
 * it — focus must stay in the field the user is correcting.
 */
import { useEffect, useRef } from 'react';
import type { ErrorSummaryState } from './errors';

export function ReportErrorSummary({ summary }: { summary: ErrorSummaryState }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [summary.title]);
  const entries = [...summary.errors.entries()];
  const count = entries.reduce((n, [, l]) => n + l.length, 0);
  if (count === 0) return null;
  return (
    <div
      ref={ref}
      role="alert"
      tabIndex={-1}
      id="rp-error-summary"
      data-testid="error-summary"
      className="mb-4 rounded-8 border-2 border-error-1 bg-red-50 p-4 outline-none focus-visible:outline-4"
    >
      <h2 className="text-std-17B-170 text-error-2">
        {summary.title}（{count}件）
      </h2>
      <ul className="mt-1 list-disc pl-6 text-std-16N-170">
        {entries.flatMap(([fid, msgs]) =>
          msgs.map((m, i) => (
            <li key={`${fid}-${i}`}>
              {fid ? (
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
