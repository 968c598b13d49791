/**
 * The edit conflict of a report (409: someone saved meanwhile), as a three-way
 * comparison: `base` is the stored version the user started from, `mine` what
 * the form holds, `theirs` the version stored now. Only values the user changed
 * since `base` are theirs to offer; everything else takes the stored value
 * silently, so a colleague's save is never overwritten by a value this user
 * merely loaded. Where both changed a value, nothing is preselected: keeping
 * "mine" there must be chosen explicitly.
 */
import { sameValue, type FormValues, type ValueKey } from './model';

export type ConflictChoice = 'mine' | 'theirs';

export interface ConflictRow {
  key: ValueKey;
  /** the colleague changed this value too (differently): the user must choose */
  bothChanged: boolean;
  /** the choice made for the user; null when they must choose */
  preset: ConflictChoice | null;
}

/**
 * The values the user changed since `base`. Without a base (a draft kept by an
 * older version of this screen) the keys recorded as unsaved stand in for it.
 */
export function changedKeys(keys: readonly ValueKey[], base: FormValues | null, mine: FormValues, unsaved: Iterable<ValueKey>): ValueKey[] {
  if (base) return keys.filter((k) => !sameValue(k, mine, base));
  const marked = new Set(unsaved);
  return keys.filter((k) => marked.has(k));
}

/** The rows the conflict asks about: values the user changed that differ from what is stored now. */
export function conflictRows(
  keys: readonly ValueKey[],
  base: FormValues | null,
  mine: FormValues,
  theirs: FormValues,
  unsaved: Iterable<ValueKey>,
): ConflictRow[] {
  return changedKeys(keys, base, mine, unsaved)
    .filter((k) => !sameValue(k, mine, theirs))
    .map((k) => {
      // unknown base: whether the colleague changed it cannot be told, so treat it as changed by both
      const bothChanged = !base || !sameValue(k, base, theirs);
      return { key: k, bothChanged, preset: bothChanged ? null : 'mine' };
    });
}

export type MergeResult =
  | { ok: true; merged: FormValues; /** values that differ from the stored version (to save) */ unsaved: ValueKey[] }
  | { ok: false; /** rows still without a choice */ missing: ValueKey[] };

/**
 * The values to keep: the stored version, with the user's value where a row says
 * "mine" (chosen, or preset because only the user changed it). Fails when a row
 * changed by both has no explicit choice.
 */
export function mergeConflict(
  keys: readonly ValueKey[],
  rows: readonly ConflictRow[],
  mine: FormValues,
  theirs: FormValues,
  choices: ReadonlyMap<ValueKey, ConflictChoice>,
): MergeResult {
  const missing = rows.filter((r) => !choices.has(r.key) && r.preset === null).map((r) => r.key);
  if (missing.length) return { ok: false, missing };
  const merged: FormValues = { ...theirs };
  for (const r of rows) {
    if ((choices.get(r.key) ?? r.preset) === 'mine') (merged as unknown as Record<string, unknown>)[r.key] = mine[r.key];
  }
  return { ok: true, merged, unsaved: keys.filter((k) => !sameValue(k, merged, theirs)) };
}
