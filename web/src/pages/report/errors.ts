/**
 * The report form's messages: per control id ('' = not tied to a control), and
 * the summary at the top, which follows them — a fixed field leaves both.
 */
import { keyOfControl, type ValueKey } from './model';

export type ErrorMap = Map<string, string[]>;

export interface ErrorSummaryState {
  title: string;
  errors: ErrorMap;
}

/**
 * The map without the messages of these values (and without the general ones when
 * `general`); the same map when nothing was removed, so nothing re-renders for nothing.
 */
export function withoutErrorsOf(errors: ErrorMap, keys: readonly ValueKey[], opts: { general?: boolean } = {}): ErrorMap {
  let out: ErrorMap | null = null;
  for (const id of errors.keys()) {
    const k = id === '' ? null : keyOfControl(id);
    if ((k && keys.includes(k)) || (id === '' && opts.general)) {
      out ??= new Map(errors);
      out.delete(id);
    }
  }
  return out ?? errors;
}

/** The summary after these values were changed or saved; null once it has nothing left to say. */
export function pruneSummary(summary: ErrorSummaryState | null, keys: readonly ValueKey[], opts: { general?: boolean } = {}): ErrorSummaryState | null {
  if (!summary) return null;
  const errors = withoutErrorsOf(summary.errors, keys, opts);
  if (errors === summary.errors) return summary;
  return [...errors.values()].some((l) => l.length) ? { ...summary, errors } : null;
}

/**
 * The warning before leaving the page, or null: input is unsaved and the last
 * save failed (server refused, network down) or waits for a conflict choice.
 */
export function leaveWarning(s: { unsaved: number; saveFailed: boolean; conflict: boolean }): string | null {
  if (!s.unsaved || !(s.saveFailed || s.conflict)) return null;
  return '入力した内容を保存できていません。このページを離れると、保存されていない入力は失われます。移動しますか。';
}
