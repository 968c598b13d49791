/** @jsxImportSource react */
/**
 * 進捗報告: one item's answer in one round.
 *
 * - The item, its place in the plan, the round (label, 基準日, 回答期限) and the
 *   legends with every value's definition.
 * - The asked fields, each with last round's answer beside it and
 *   「前回の内容を写す」 (per field and for all).
 * - Drafts save themselves: ~1.5 s after typing stops and when a field loses
 *   focus, with the report's `version` (PATCH sends only what changed). A 409
 *   shows the user's input and the stored version side by side and lets them
 *   choose per field; 422 messages appear beside the fields and nothing typed
 *   is lost. Unsaved input also survives a reload or an expired session
 *   (sessionStorage, per report) and is offered again.
 * - The workflow buttons are exactly the server's `allowedActions`; 差戻し asks
 *   for the reason; the history lists every step.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Dialog } from '../components/Dialog';
import { Deadline, LegendBox, ReportStateBadge } from '../components/pdca';
import { ErrorSummary, FieldErrorText, Required, inputCls, labelCls } from '../components/form';
import { Badge, Breadcrumbs, Button, ErrorState, Loading, PageHeading, SuccessMessage, cx, useDocumentTitle } from '../components/ui';
import {
  ApiError,
  api,
  apiPaths,
  type MunicipalityDto,
  type PlanDto,
  type ReportActionDto,
  type ReportChangeDto,
  type ReportDetailDto,
  type ReportDto,
  type ReportFieldDto,
  type ReportInboxDto,
  type ReportTransitionAction,
} from '../lib/api';
import { useCurrentUser } from '../lib/auth';
import { formatDate, formatDateTime, numbered } from '../lib/format';
import {
  ACTION_BUTTON,
  ACTION_DONE,
  REPORT_STATE_LABELS,
  REQUIRED_ON_SUBMIT,
  actorName,
  clockJst,
  formatYen,
  isEditable,
} from '../lib/pdca';
import { Link, paths, useLocation } from '../lib/router';
import { invalidate, prime, useApi } from '../lib/useApi';
import { ALL } from './InboxPage';
import { ConflictPanel } from './report/ConflictPanel';
import { conflictRows, mergeConflict, type ConflictChoice } from './report/conflict';
import { leaveWarning, pruneSummary, withoutErrorsOf, type ErrorSummaryState } from './report/errors';
import { isReturn, reportView } from './report/view';
import { EffectField, FieldRow, HoursField, LegendRadios, NumbersField, PreviousAside, TextAreaField } from './report/fields';
import {
  CONTROL_ID,
  KEYS_OF_FIELD,
  controlForPath,
  keyLabel,
  patchBody,
  sameValue,
  valueText,
  valuesFromAnswer,
  type FormValues,
  type ValueKey,
} from './report/model';

const AUTOSAVE_MS = 1500;

/**
 * A save or a transition answers with what changed (the report, the allowed actions and the
 * event it wrote); the rest of the view (item, schedule, last answer, legends) stays as loaded.
 */
function withChange(base: ReportDetailDto | null, ch: ReportChangeDto): ReportDetailDto {
  if (!base) throw new ApiError(0, null, '画面の表示内容が読み込まれていません。再読み込みしてください。');
  return {
    ...base,
    report: ch.report,
    allowedActions: ch.allowedActions,
    approvalNote: ch.approvalNote,
    events: ch.event ? [...base.events, ch.event] : base.events,
  };
}

type SaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'error'; message: string };

interface StoredDraft {
  version: number;
  values: FormValues;
  dirty: ValueKey[];
  /** the stored values of `version` (what the user started from), to tell their changes in a conflict */
  base?: FormValues;
}

const draftKey = (reportId: string) => `gyokaku:report-draft:${reportId}`;

function readDraft(reportId: string): StoredDraft | null {
  try {
    const raw = window.sessionStorage.getItem(draftKey(reportId));
    if (!raw) return null;
    const d = JSON.parse(raw) as StoredDraft;
    return typeof d.version === 'number' && d.values && Array.isArray(d.dirty) && d.dirty.length ? d : null;
  } catch {
    return null;
  }
}

function writeDraft(reportId: string, d: StoredDraft | null): void {
  try {
    if (d && d.dirty.length) window.sessionStorage.setItem(draftKey(reportId), JSON.stringify(d));
    else window.sessionStorage.removeItem(draftKey(reportId));
  } catch {
    /* storage full or disabled: the autosave still works */
  }
}


/** The form values of an asked field, in form order. */
function askedKeys(fields: ReportFieldDto[]): ValueKey[] {
  return fields.flatMap((f) => KEYS_OF_FIELD[f]);
}

// ───────────────────────────── return dialog ─────────────────────────────

function ReturnDialog({
  onClose,
  onSubmit,
  busy,
}: {
  onClose: () => void;
  onSubmit: (comment: string) => Promise<string | null>;
  busy: boolean;
}) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = 'rp-comment';
  return (
    <Dialog title="差し戻す" onClose={onClose} describedBy="rp-return-desc">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!comment.trim()) {
            setError('差戻しの理由（コメント）を入力してください。');
            document.getElementById(id)?.focus();
            return;
          }
          setError(null);
          void onSubmit(comment.trim()).then((msg) => {
            if (msg) setError(msg);
          });
        }}
      >
        <p id="rp-return-desc" className="mb-3 text-std-16N-170">
          報告を担当者に差し戻します。理由は報告の画面に表示され、履歴に残ります。
        </p>
        <label htmlFor={id} className={labelCls}>
          差戻しの理由
          <Required />
        </label>
        <textarea
          id={id}
          rows={5}
          className={inputCls}
          value={comment}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => setComment(e.target.value)}
        />
        <FieldErrorText id={id} messages={error ? [error] : undefined} />
        <div className="mt-4 flex justify-end gap-3">
          <Button onClick={onClose}>キャンセル</Button>
          <Button type="submit" variant="danger" disabled={busy}>
            {busy ? '処理中…' : '差し戻す'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

// ───────────────────────────── page ─────────────────────────────

export function ReportPage({ code, reportId }: { code: string; reportId: string }) {
  const user = useCurrentUser();
  const { search } = useLocation();
  const deptParam = new URLSearchParams(search).get('department');
  const inboxDept = deptParam === ALL ? null : deptParam;
  const path = apiPaths.report(code, reportId);
  const res = useApi<ReportDetailDto>(path);
  const munis = useApi<{ items: MunicipalityDto[] }>(apiPaths.municipalities());
  const muni = munis.data?.items.find((m) => m.code === code);

  const [detail, setDetail] = useState<ReportDetailDto | null>(null);
  const [values, setValues] = useState<FormValues | null>(null);
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [summary, setSummary] = useState<ErrorSummaryState | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [conflict, setConflict] = useState<ReportDto | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [restored, setRestored] = useState(false);
  const [busy, setBusy] = useState<ReportTransitionAction | null>(null);
  const [returnAction, setReturnAction] = useState<'return_by_approver' | 'return_by_secretariat' | null>(null);
  const [copied, setCopied] = useState<FormValues | null>(null);
  // the returner chose to correct the returned report themselves
  const [takeOver, setTakeOver] = useState(false);

  const plan = useApi<PlanDto>(detail ? apiPaths.plan(code, detail.round.planId) : null);
  const inbox = useApi<ReportInboxDto>(detail ? apiPaths.inbox(code, detail.round.id, inboxDept) : null);

  const valuesRef = useRef<FormValues | null>(null);
  const versionRef = useRef(0);
  const dirtyRef = useRef(new Set<ValueKey>());
  /** the stored values of versionRef's version: what the user's changes are measured against */
  const baseRef = useRef<FormValues | null>(null);
  const takeOverRef = useRef(false);
  const saveFailedRef = useRef(false);
  const timerRef = useRef<number | undefined>(undefined);
  const inflightRef = useRef<Promise<boolean> | null>(null);
  const conflictRef = useRef(false);
  const appliedRef = useRef<ReportDetailDto | null>(null);
  const forceApplyRef = useRef(false);
  const editableRef = useRef(false);
  const mountedRef = useRef(true);

  /** Whether this view lets the user write: the server's allowedActions, held back for the person who returned it. */
  const mayEdit = useCallback(
    (d: ReportDetailDto | ReportChangeDto) =>
      reportView({
        state: d.report.state,
        allowedActions: d.allowedActions,
        events: 'events' in d ? d.events : (appliedRef.current?.events ?? []).concat(d.event ? [d.event] : []),
        userId: user.id,
        takeOver: takeOverRef.current,
      }).editable,
    [user.id],
  );

  const view = detail
    ? reportView({ state: detail.report.state, allowedActions: detail.allowedActions, events: detail.events, userId: user.id, takeOver })
    : null;
  const editable = !!view?.editable;
  editableRef.current = editable;

  const storeDraft = useCallback(() => {
    writeDraft(
      reportId,
      valuesRef.current
        ? { version: versionRef.current, values: valuesRef.current, dirty: [...dirtyRef.current], ...(baseRef.current ? { base: baseRef.current } : {}) }
        : null,
    );
  }, [reportId]);

  const setFormValues = useCallback((v: FormValues) => {
    valuesRef.current = v;
    setValues(v);
  }, []);

  // Server data → page. The first answer may restore unsaved input of an earlier visit.
  useEffect(() => {
    const d = res.data;
    if (!d || d === appliedRef.current) return;
    const first = appliedRef.current === null;
    const force = forceApplyRef.current;
    if (!first && !force && d.report.version <= versionRef.current) {
      // our own primed answer coming back from the cache
      appliedRef.current = d;
      return;
    }
    appliedRef.current = d;
    forceApplyRef.current = false;
    setDetail(d);
    editableRef.current = mayEdit(d);
    versionRef.current = d.report.version;
    const fresh = valuesFromAnswer(d.report);
    if (first && editableRef.current) {
      const stored = readDraft(reportId);
      if (stored) {
        const mine = { ...fresh, ...stored.values };
        dirtyRef.current = new Set(stored.dirty);
        // the version the draft started from; unknown for a draft of an older screen (then the marked keys count)
        baseRef.current = stored.version === d.report.version ? fresh : (stored.base ?? null);
        setFormValues(mine);
        if (stored.version === d.report.version) {
          setRestored(true);
          setSave({ kind: 'pending' });
          window.clearTimeout(timerRef.current);
          timerRef.current = window.setTimeout(() => void saveNowRef.current(), 300);
        } else {
          // saved by someone meanwhile: compare before anything is written
          conflictRef.current = true;
          setConflict(d.report);
        }
        return;
      }
    }
    dirtyRef.current = new Set();
    baseRef.current = fresh;
    setFormValues(fresh);
    storeDraft();
  }, [mayEdit, res.data, reportId, setFormValues, storeDraft]);

  useDocumentTitle(detail ? `${detail.item.title}（${detail.round.label}）` : '進捗報告');

  const afterServerChange = useCallback(
    (d: ReportDetailDto) => {
      prime(path, d);
      // the inbox, the round's counts and views
      invalidate(apiPaths.round(code, d.round.id), apiPaths.progress(code, d.round.planId, d.item.id));
    },
    [code, path],
  );

  /** Saves what changed since the last save. True when nothing is left unsaved. */
  const saveNow = useCallback(async (): Promise<boolean> => {
    window.clearTimeout(timerRef.current);
    while (inflightRef.current) await inflightRef.current;
    if (conflictRef.current || !editableRef.current) return false;
    const keys = [...dirtyRef.current];
    const sent = valuesRef.current;
    if (!keys.length || !sent) return true;
    const { body, hoursError } = patchBody(versionRef.current, sent, keys);
    if (hoursError) {
      setErrors((m) => new Map(m).set(CONTROL_ID.hoursSaved, [hoursError]));
      if (Object.keys(body).length === 1) {
        setSave({ kind: 'error', message: '保存できませんでした。赤字の項目を確認してください。' });
        return false;
      }
    }
    if (mountedRef.current) setSave({ kind: 'saving' });
    const run = (async (): Promise<boolean> => {
      try {
        const d = withChange(appliedRef.current, await api.patchReport(code, reportId, body));
        versionRef.current = d.report.version;
        baseRef.current = valuesFromAnswer(d.report);
        appliedRef.current = d;
        editableRef.current = mayEdit(d);
        saveFailedRef.current = false;
        if (!mountedRef.current) return true;
        setDetail(d);
        afterServerChange(d);
        const now = valuesRef.current ?? sent;
        const savedKeys = keys.filter((k) => !(k === 'hoursSaved' && hoursError));
        for (const k of savedKeys) if (sameValue(k, now, sent)) dirtyRef.current.delete(k);
        // show the server's reading of yen (1200000 → 1,200,000) unless the user is in the field
        const active = document.activeElement?.id;
        let shown = now;
        for (const k of ['effectRevenueYen', 'effectExpenseYen'] as const) {
          if (savedKeys.includes(k) && !dirtyRef.current.has(k) && active !== CONTROL_ID[k])
            shown = { ...shown, [k]: formatYen(d.report[k]) };
        }
        if (shown !== now) setFormValues(shown);
        setErrors((m) => withoutErrorsOf(m, savedKeys, { general: true }));
        // the summary follows: saved values leave it, and a "could not save" note goes once nothing is left unsaved
        setSummary((sm) => pruneSummary(sm, savedKeys, { general: dirtyRef.current.size === 0 && !hoursError }));
        storeDraft();
        if (dirtyRef.current.size) {
          setSave({ kind: 'pending' });
          timerRef.current = window.setTimeout(() => void saveNowRef.current(), AUTOSAVE_MS);
        } else if (hoursError) setSave({ kind: 'error', message: '一部の項目を保存できませんでした。赤字の項目を確認してください。' });
        else setSave({ kind: 'saved', at: new Date() });
        return dirtyRef.current.size === 0 && !hoursError;
      } catch (e) {
        saveFailedRef.current = true;
        if (!mountedRef.current) return false;
        const err = e instanceof ApiError ? e : new ApiError(0, null, String(e));
        if (err.status === 409 && err.current && typeof err.current === 'object' && 'version' in err.current) {
          conflictRef.current = true;
          setConflict(err.current as ReportDto);
          setSave({ kind: 'error', message: '先に別の保存が行われていたため、保存していません。下の比較から選んでください。' });
        } else if (err.status === 422) {
          const now = valuesRef.current ?? sent;
          setErrors((m) => {
            const next = new Map(m);
            for (const f of err.fields) {
              const id = controlForPath(f.path, now) ?? '';
              next.set(id, [...new Set([...(id === '' ? [] : next.get(id) ?? []), f.message])]);
            }
            if (!err.fields.length) next.set('', [err.message]);
            return next;
          });
          setSave({ kind: 'error', message: '保存できませんでした。赤字の項目を確認してください（入力はそのまま残っています）。' });
        } else if (err.status === 401) {
          setSave({ kind: 'error', message: 'ログインの有効期限が切れました。入力はこのブラウザーに残しています。' });
        } else {
          // e.g. the round was closed meanwhile: the input stays on screen (and in this browser) to be copied
          setSave({ kind: 'error', message: `保存できませんでした。${err.message}` });
        }
        return false;
      }
    })();
    inflightRef.current = run;
    try {
      return await run;
    } finally {
      inflightRef.current = null;
    }
  }, [afterServerChange, code, mayEdit, reportId, setFormValues, storeDraft]);

  const saveNowRef = useRef(saveNow);
  saveNowRef.current = saveNow;

  const schedule = useCallback((ms: number) => {
    window.clearTimeout(timerRef.current);
    timerRef.current = window.setTimeout(() => void saveNowRef.current(), ms);
  }, []);

  const changeMany = useCallback(
    (patch: Partial<FormValues>, opts: { immediate?: boolean } = {}) => {
      const cur = valuesRef.current;
      if (!cur) return;
      const next = { ...cur, ...patch };
      setFormValues(next);
      const keys = Object.keys(patch) as ValueKey[];
      for (const k of keys) dirtyRef.current.add(k);
      // a corrected field leaves its message and the summary at the top
      setErrors((m) => withoutErrorsOf(m, keys));
      setSummary((sm) => pruneSummary(sm, keys));
      storeDraft();
      if (!conflictRef.current) {
        setSave({ kind: 'pending' });
        schedule(opts.immediate ? 0 : AUTOSAVE_MS);
      }
    },
    [schedule, setFormValues, storeDraft],
  );

  const change = useCallback(
    <K extends ValueKey>(key: K, v: FormValues[K], opts?: { immediate?: boolean }) => changeMany({ [key]: v } as Partial<FormValues>, opts),
    [changeMany],
  );

  const onBlur = useCallback(() => {
    if (dirtyRef.current.size && !conflictRef.current) void saveNowRef.current();
  }, []);

  // Leaving: send what is left; warn when the browser tab is closed with unsaved input, and before
  // moving elsewhere in the app while saving fails (the save on leaving would fail too).
  useEffect(() => {
    mountedRef.current = true;
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (dirtyRef.current.size) {
        storeDraft();
        e.preventDefault();
        // older browsers ask only when returnValue is set
        e.returnValue = '';
      }
    };
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = e.target instanceof Element ? e.target.closest('a[href]') : null;
      if (!(a instanceof HTMLAnchorElement) || (a.target && a.target !== '_self') || a.hasAttribute('download')) return;
      const to = new URL(a.href, window.location.href);
      if (to.origin !== window.location.origin || (to.pathname === window.location.pathname && to.search === window.location.search)) return;
      const warning = leaveWarning({ unsaved: dirtyRef.current.size, saveFailed: saveFailedRef.current, conflict: conflictRef.current });
      if (!warning) return;
      storeDraft();
      if (!window.confirm(warning)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('beforeunload', beforeUnload);
    // capture: before the app's links navigate
    window.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('click', onClick, true);
      window.removeEventListener('beforeunload', beforeUnload);
      window.clearTimeout(timerRef.current);
      mountedRef.current = false;
      if (dirtyRef.current.size && !conflictRef.current && editableRef.current) void saveNowRef.current();
    };
  }, [storeDraft]);

  const resolveConflict = (choices: Map<ValueKey, ConflictChoice>) => {
    const mine = valuesRef.current;
    if (!conflict || !mine || !detail) return;
    const theirs = valuesFromAnswer(conflict);
    const keys = askedKeys(detail.round.fields);
    const result = mergeConflict(keys, conflictRows(keys, baseRef.current, mine, theirs, dirtyRef.current), mine, theirs, choices);
    if (!result.ok) return; // the panel asks for the missing choices first
    const { merged, unsaved } = result;
    versionRef.current = conflict.version;
    baseRef.current = theirs;
    dirtyRef.current = new Set(unsaved);
    saveFailedRef.current = false;
    setFormValues(merged);
    conflictRef.current = false;
    setConflict(null);
    setDetail((d) => (d ? { ...d, report: conflict } : d));
    storeDraft();
    if (dirtyRef.current.size) void saveNowRef.current();
    else setSave({ kind: 'saved', at: new Date() });
  };

  // Nothing of this user's differs from the stored version: take it without asking.
  const resolveRef = useRef(resolveConflict);
  resolveRef.current = resolveConflict;
  useEffect(() => {
    const mine = valuesRef.current;
    if (!conflict || !mine || !appliedRef.current || !isEditable(conflict.state) || !appliedRef.current.allowedActions.includes('save')) return;
    const keys = askedKeys(appliedRef.current.round.fields);
    if (conflictRows(keys, baseRef.current, mine, valuesFromAnswer(conflict), dirtyRef.current).length === 0) resolveRef.current(new Map());
  }, [conflict]);

  const discardMine = () => {
    conflictRef.current = false;
    saveFailedRef.current = false;
    dirtyRef.current = new Set();
    storeDraft();
    setConflict(null);
    setErrors(new Map());
    setSave({ kind: 'idle' });
    forceApplyRef.current = true;
    invalidate(path);
  };

  const act = async (action: ReportTransitionAction, comment?: string): Promise<string | null> => {
    setBusy(action);
    setNotice(null);
    setSummary(null);
    try {
      if (dirtyRef.current.size || inflightRef.current) {
        const ok = await saveNow();
        if (!ok) {
          setSummary({
            title: '入力内容を保存できなかったため、操作を中止しました',
            errors: new Map([['', ['赤字の項目を確認するか、表示されているメッセージに従ってください。']]]),
          });
          return null;
        }
      }
      const d = withChange(appliedRef.current, await api.transitionReport(code, reportId, { action, version: versionRef.current, ...(comment ? { comment } : {}) }));
      versionRef.current = d.report.version;
      appliedRef.current = d;
      // a new step: whoever returned it sees it read-only again
      takeOverRef.current = false;
      setTakeOver(false);
      editableRef.current = mayEdit(d);
      dirtyRef.current = new Set();
      saveFailedRef.current = false;
      baseRef.current = valuesFromAnswer(d.report);
      setDetail(d);
      setFormValues(valuesFromAnswer(d.report));
      storeDraft();
      setErrors(new Map());
      setSave({ kind: 'idle' });
      afterServerChange(d);
      invalidate(apiPaths.notifications(code));
      setReturnAction(null);
      setNotice(ACTION_DONE[action]);
      window.scrollTo({ top: 0 });
      return null;
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, null, String(e));
      if (err.status === 422) {
        const commentMsg = err.fields.find((f) => f.path === 'comment')?.message;
        if (commentMsg) return commentMsg;
        const v = valuesRef.current;
        const grouped = new Map<string, string[]>();
        for (const f of err.fields) {
          const id = (v && controlForPath(f.path, v)) ?? '';
          grouped.set(id, [...(grouped.get(id) ?? []), f.message]);
        }
        if (!grouped.size) grouped.set('', [err.message]);
        setErrors(grouped);
        setSummary({ title: err.fields.length ? err.message : '操作できませんでした', errors: grouped });
        setReturnAction(null);
        return null;
      }
      if (err.status === 409 && err.code === 'conflict' && err.current) {
        conflictRef.current = true;
        setConflict(err.current as ReportDto);
      } else {
        setSummary({ title: '操作できませんでした', errors: new Map([['', [err.message]]]) });
        if (err.status === 409) {
          forceApplyRef.current = true;
          invalidate(path);
        }
      }
      setReturnAction(null);
      return null;
    } finally {
      setBusy(null);
    }
  };

  // ───────── render ─────────

  if (res.error && !detail) {
    return (
      <div>
        <Breadcrumbs items={[{ label: muni?.name ?? code, to: paths.municipality(code) }, { label: '進捗報告' }]} />
        <PageHeading>進捗報告</PageHeading>
        <ErrorState error={res.error} title="報告を読み込めませんでした。" onRetry={res.reload} />
      </div>
    );
  }
  if (!detail || !values) return <Loading />;

  const { report, item, round, legends, previous, events } = detail;
  const labels = round.fieldLabels;
  const asked = new Set(round.fields);
  const keys = askedKeys(round.fields);
  const prevValues = previous ? valuesFromAnswer(previous) : null;
  const lead = item.departments.find((d) => d.lead);
  const actions = view?.actions ?? [];
  const ownDept = user.departments.some((d) => item.departments.some((x) => x.id === d.id));
  const coOwnerOnly = editable && !detail.allowedActions.includes('submit') && ownDept && lead && !user.departments.some((d) => d.id === lead.id);
  const required = (f: ReportFieldDto) => REQUIRED_ON_SUBMIT.includes(f) && editable;
  const inboxTo = paths.inbox(code, round.id, deptParam ?? null);
  const lastReturn = view?.lastReturn;
  // the conflict asks only about values this user changed (report/conflict.ts)
  const rows = conflict ? conflictRows(keys, baseRef.current, values, valuesFromAnswer(conflict), dirtyRef.current) : [];
  const conflictEditable = !!conflict && isEditable(conflict.state) && !!detail.allowedActions.includes('save');

  const entries = inbox.data?.entries ?? [];
  const idx = entries.findIndex((e) => e.report.id === reportId);
  const prevEntry = idx > 0 ? entries[idx - 1] : undefined;
  const nextEntry = idx >= 0 ? entries[idx + 1] : undefined;

  const prevText = (k: ValueKey[]): string | null => {
    if (!prevValues) return null;
    const texts = k.map((key) => ({ key, t: valueText(key, prevValues, legends) }));
    const empty = texts.every(({ key }) => {
      const v = prevValues[key];
      return v === null || v === '' || (Array.isArray(v) && v.length === 0);
    });
    if (empty) return null;
    return texts.length === 1 ? texts[0]!.t : texts.map(({ key, t }) => `${keyLabel(key, labels)}：${t}`).join('\n');
  };
  const copyFrom = (k: ValueKey[]) => {
    if (!prevValues) return;
    const patch: Partial<FormValues> = {};
    for (const key of k) (patch as Record<string, unknown>)[key] = prevValues[key];
    changeMany(patch);
  };
  const copyAll = () => {
    if (!prevValues) return;
    setCopied(values);
    const patch: Partial<FormValues> = {};
    for (const key of keys) {
      const v = prevValues[key];
      if (v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
      (patch as Record<string, unknown>)[key] = v;
    }
    changeMany(patch, { immediate: true });
  };

  const aside = (f: ReportFieldDto) =>
    previous ? (
      <PreviousAside
        label={labels[f]}
        roundLabel={previous.roundLabel}
        text={prevText(KEYS_OF_FIELD[f])}
        onCopy={editable && !conflict ? () => copyFrom(KEYS_OF_FIELD[f]) : null}
      />
    ) : undefined;

  const readOnly = (f: ReportFieldDto) => (
    <div data-testid={`answer-${f}`}>
      <h3 className={labelCls}>{labels[f]}</h3>
      <p className="mt-1 whitespace-pre-line text-std-16N-170">
        {KEYS_OF_FIELD[f].length === 1
          ? valueText(KEYS_OF_FIELD[f][0]!, values, legends)
          : KEYS_OF_FIELD[f].map((k) => `${keyLabel(k, labels)}：${valueText(k, values, legends)}`).join('\n')}
      </p>
    </div>
  );

  const saveStatus = (() => {
    switch (save.kind) {
      case 'pending':
        return <span className="text-solid-gray-800">未保存の変更があります（入力が止まると自動で保存します）</span>;
      case 'saving':
        return <span className="text-solid-gray-800">保存中…</span>;
      case 'saved':
        return (
          <span className="text-success-2">
            <span aria-hidden="true">✓ </span>保存しました {clockJst(save.at)}
          </span>
        );
      case 'error':
        return <span className="text-error-1">⚠ {save.message}</span>;
      default:
        return editable ? <span className="text-solid-gray-700">入力した内容は自動で保存されます</span> : null;
    }
  })();

  return (
    <div>
      <Breadcrumbs
        items={[
          ...(user.allMunicipalities ? [{ label: '自治体の選択', to: paths.home() }] : []),
          { label: muni?.name ?? code, to: paths.municipality(code) },
          { label: '照会（進捗報告）', to: paths.rounds(code) },
          { label: round.label, to: inboxTo },
          { label: numbered(item.number, item.title) },
        ]}
      />

      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 text-dns-14N-130 text-solid-gray-800">
            <Badge>{item.levelName}</Badge>
            <ReportStateBadge state={report.state} long />
            {item.status !== 'active' && <Badge tone="stopped">{item.status === 'stopped' ? '中止' : '統合'}</Badge>}
          </p>
          <PageHeading className="mt-1">
            {item.number && <span className="mr-2 text-key-1000">{item.number}</span>}
            <span data-testid="report-title">{item.title}</span>
          </PageHeading>
          {item.path.length > 0 && (
            <p className="mt-1 text-dns-14N-130 text-solid-gray-700">
              <span className="sr-only">上位の項目：</span>
              {item.path.map((p, i) => (
                <span key={p.id}>
                  {i > 0 && <span aria-hidden="true"> › </span>}
                  <Link to={paths.node(code, round.planId, p.id)}>{numbered(p.number, p.title)}</Link>
                </span>
              ))}
            </p>
          )}
        </div>
        <nav aria-label="前後の報告" className="no-print flex flex-wrap gap-2 text-dns-14N-130">
          <Link to={inboxTo}>一覧へ戻る</Link>
          {prevEntry && <Link to={paths.report(code, prevEntry.report.id, deptParam)}>‹ 前の項目</Link>}
          {nextEntry && <Link to={paths.report(code, nextEntry.report.id, deptParam)}>次の項目 ›</Link>}
        </nav>
      </div>

      {notice && <SuccessMessage onClose={() => setNotice(null)}>{notice}</SuccessMessage>}

      {view?.banner && report.returnComment && (
        <div
          role="note"
          aria-label="差戻しの理由"
          data-testid="return-comment"
          className={cx(
            'my-4 rounded-8 border-2 px-4 py-3',
            view.banner === 'fix' ? 'border-error-1 bg-red-50' : 'border-key-400 bg-key-50',
          )}
        >
          <p className={cx('text-std-17B-170', view.banner === 'fix' ? 'text-error-2' : 'text-solid-gray-900')} data-testid="return-banner">
            {view.banner === 'fix'
              ? '差し戻されました。理由を確認して修正し、もう一度提出してください。'
              : view.banner === 'returned_by_me'
                ? '差し戻しました。担当者の再提出を待っています。'
                : '差し戻されています。担当課の再提出を待っています。'}
          </p>
          <blockquote className="mt-1 whitespace-pre-line border-l-4 border-error-1 pl-3 text-std-16N-170 text-solid-gray-900">
            {report.returnComment}
          </blockquote>
          {lastReturn && (
            <p className="mt-1 text-dns-14N-130 text-solid-gray-800">
              {actorName(lastReturn.actor)}（{formatDateTime(lastReturn.at)}）
            </p>
          )}
          {view.canTakeOver && (
            <p className="no-print mt-2">
              <Button
                size="sm"
                onClick={() => {
                  takeOverRef.current = true;
                  setTakeOver(true);
                }}
              >
                担当者に代わって修正する
              </Button>
            </p>
          )}
        </div>
      )}

      <section aria-label="照会と項目" className="mt-3 grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <dl className="grid content-start gap-x-4 gap-y-1 rounded-8 border border-solid-gray-420 bg-white px-4 py-3 text-std-16N-170 sm:grid-cols-[7rem_1fr]">
          <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">計画</dt>
          <dd>{plan.data?.title ?? '…'}</dd>
          <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">照会</dt>
          <dd>
            {round.label}（{round.stateLabel}）
          </dd>
          <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">基準日</dt>
          <dd>{formatDate(round.asOfDate)}時点</dd>
          <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">回答期限</dt>
          <dd>{round.state === 'open' && isEditable(report.state) ? <Deadline date={detail.deadline} /> : formatDate(detail.deadline)}</dd>
          <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">{round.targetFiscalYearLabel}の予定</dt>
          <dd>{detail.phase ? `${detail.phase.symbol ? `${detail.phase.symbol} ` : ''}${detail.phase.label}` : '予定なし'}</dd>
          <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">担当課</dt>
          <dd className="flex flex-wrap gap-x-3">
            {item.departments.map((d) => (
              <span key={d.id} className="flex items-center gap-1">
                {d.name}
                {d.lead && item.departments.length > 1 && <Badge tone="key">主担当</Badge>}
              </span>
            ))}
          </dd>
          <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">最終更新</dt>
          <dd>
            {actorName(report.updatedBy)}（{formatDateTime(report.updatedAt)}、版 {report.version}）
          </dd>
        </dl>
        <div className="grid content-start gap-2">
          <LegendBox legend={legends.status} />
          {legends.achievement && asked.has('achievement') && <LegendBox legend={legends.achievement} />}
        </div>
      </section>

      {coOwnerOnly && (
        <p className="mt-3 rounded-8 border border-key-400 bg-key-50 px-4 py-2 text-std-16N-170">
          共管の項目です。入力はできますが、提出は主担当課（{lead?.name}）が行います。
        </p>
      )}

      {summary && (
        <div className="mt-4">
          <ErrorSummary errors={summary.errors} title={summary.title} id="rp-error-summary" focusKey={summary.title} testId="error-summary" />
        </div>
      )}
      {restored && !conflict && (
        <p role="status" className="mt-3 rounded-8 border border-key-400 bg-key-50 px-4 py-2 text-std-16N-170">
          前回この画面で保存されなかった入力を復元しました。自動で保存します。
          <button type="button" className="ml-2 text-key-900 underline" onClick={() => setRestored(false)}>
            閉じる
          </button>
        </p>
      )}
      {conflict && (
        <ConflictPanel
          key={conflict.version}
          mine={values}
          current={conflict}
          rows={rows}
          editable={conflictEditable}
          labels={labels}
          legends={legends}
          onResolve={resolveConflict}
          onDiscard={discardMine}
        />
      )}

      <section aria-labelledby="rp-answer-h" className="mt-5 rounded-8 border border-solid-gray-420 bg-white">
        <div className="flex flex-wrap items-center justify-between gap-2 border-b border-solid-gray-200 bg-solid-gray-50 px-4 py-2">
          <h2 id="rp-answer-h" className="text-std-17B-170">
            {editable ? '回答の入力' : '回答の内容'}
          </h2>
          {editable && previous && !conflict && (
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-dns-14N-130 text-solid-gray-800">前回：{previous.roundLabel}</span>
              <Button size="sm" onClick={copyAll}>
                前回の内容をすべて写す
              </Button>
            </div>
          )}
          {editable && !previous && <span className="text-dns-14N-130 text-solid-gray-700">前回の照会の回答はありません</span>}
        </div>
        {copied && (
          <p role="status" className="mx-4 mt-3 rounded-8 border border-success-1 bg-green-50 px-3 py-2 text-std-16N-170">
            前回の内容を写しました。
            <button
              type="button"
              className="ml-2 text-key-900 underline"
              onClick={() => {
                const before = copied;
                setCopied(null);
                changeMany(before, { immediate: true });
              }}
            >
              元に戻す
            </button>
            <button type="button" className="ml-2 text-key-900 underline" onClick={() => setCopied(null)}>
              閉じる
            </button>
          </p>
        )}
        {errors.get('')?.length ? (
          <p role="alert" className="mx-4 mt-3 rounded-8 border-2 border-error-1 bg-red-50 px-3 py-2 text-error-2">
            {errors.get('')!.join(' ')}
          </p>
        ) : null}
        <div className="px-4" data-testid="report-form">
          {round.fields.map((f) => {
            if (!editable) return <FieldRow key={f} aside={aside(f)}>{readOnly(f)}</FieldRow>;
            switch (f) {
              case 'status':
                return (
                  <FieldRow key={f} aside={aside(f)}>
                    <LegendRadios
                      id={CONTROL_ID.statusCode}
                      label={labels.status}
                      legend={legends.status}
                      value={values.statusCode}
                      required={required('status')}
                      onChange={(c) => change('statusCode', c, { immediate: true })}
                      errors={errors}
                      onBlur={onBlur}
                    />
                  </FieldRow>
                );
              case 'achievement':
                return legends.achievement ? (
                  <FieldRow key={f} aside={aside(f)}>
                    <LegendRadios
                      id={CONTROL_ID.achievementCode}
                      label={labels.achievement}
                      legend={legends.achievement}
                      value={values.achievementCode}
                      required={required('achievement')}
                      onChange={(c) => change('achievementCode', c, { immediate: true })}
                      errors={errors}
                      onBlur={onBlur}
                    />
                  </FieldRow>
                ) : null;
              case 'narrative':
              case 'issues':
              case 'nextPlan':
                return (
                  <FieldRow key={f} aside={aside(f)}>
                    <TextAreaField
                      id={CONTROL_ID[f]}
                      label={labels[f]}
                      hint={
                        f === 'narrative'
                          ? `${formatDate(round.asOfDate)}時点の取組の内容と実績を書いてください。`
                          : f === 'nextPlan'
                            ? '次の期間（次年度など）に予定している取組を書いてください。'
                            : undefined
                      }
                      rows={f === 'narrative' ? 7 : 4}
                      value={values[f]}
                      required={required(f)}
                      onChange={(v) => change(f, v)}
                      errors={errors}
                      onBlur={onBlur}
                    />
                  </FieldRow>
                );
              case 'effect':
                return (
                  <FieldRow key={f} aside={aside(f)}>
                    <EffectField
                      label={labels.effect}
                      revenue={values.effectRevenueYen}
                      expense={values.effectExpenseYen}
                      kind={values.effectKind}
                      onChange={(k, v) =>
                        k === 'effectKind' ? change('effectKind', v as FormValues['effectKind'], { immediate: true }) : change(k, v ?? '')
                      }
                      errors={errors}
                      onBlur={onBlur}
                    />
                  </FieldRow>
                );
              case 'hoursSaved':
                return (
                  <FieldRow key={f} aside={aside(f)}>
                    <HoursField label={labels.hoursSaved} value={values.hoursSaved} onChange={(v) => change('hoursSaved', v)} errors={errors} onBlur={onBlur} />
                  </FieldRow>
                );
              case 'numbers':
                return (
                  <FieldRow key={f} aside={aside(f)}>
                    <NumbersField label={labels.numbers} rows={values.numbers} onChange={(rows) => change('numbers', rows)} errors={errors} onBlur={onBlur} />
                  </FieldRow>
                );
              default:
                return null;
            }
          })}
        </div>
      </section>

      {detail.approvalNote && (
        <p role="note" className="no-print mt-4 rounded-8 border border-solid-gray-420 bg-solid-gray-50 px-4 py-2 text-dns-14N-130" data-testid="approval-note">
          <span className="font-bold">「承認」はできません。</span>
          {detail.approvalNote}
        </p>
      )}

      {(editable || actions.length > 0) && (
        <div
          className="no-print sticky bottom-0 z-10 mt-4 flex flex-wrap items-center justify-between gap-3 border-t-2 border-key-900 bg-white/95 px-4 py-3 shadow-2"
          data-testid="report-actions"
        >
          <p role="status" aria-live="polite" className="text-dns-14N-130" data-testid="save-status">
            {saveStatus}
            {editable && (save.kind === 'pending' || save.kind === 'error') && !conflict && (
              <button type="button" className="ml-3 text-key-900 underline underline-offset-3" onClick={() => void saveNow()}>
                今すぐ保存
              </button>
            )}
          </p>
          <div className="flex flex-wrap gap-2" role="group" aria-label="報告の操作">
            {actions.map((a) =>
              isReturn(a) ? (
                <Button key={a} variant="danger" disabled={!!busy || !!conflict} onClick={() => setReturnAction(a as 'return_by_approver' | 'return_by_secretariat')}>
                  {ACTION_BUTTON[a]}
                </Button>
              ) : (
                <Button
                  key={a}
                  variant={a === 'reopen' ? 'secondary' : 'primary'}
                  disabled={!!busy || !!conflict}
                  onClick={() => void act(a)}
                >
                  {busy === a ? '処理中…' : ACTION_BUTTON[a]}
                </Button>
              ),
            )}
          </div>
        </div>
      )}

      <section aria-labelledby="rp-history-h" className="mt-6 rounded-8 border border-solid-gray-200 bg-white">
        <h2 id="rp-history-h" className="border-b border-solid-gray-200 bg-solid-gray-50 px-4 py-2 text-std-17B-170">
          経過
        </h2>
        {events.length === 0 ? (
          <p className="px-4 py-3 text-std-16N-170 text-solid-gray-700">まだ記録はありません。</p>
        ) : (
          <ol className="grid gap-3 px-4 py-3" data-testid="report-history">
            {events.map((e) => (
              <li key={e.id} className={cx('border-l-4 pl-3', isReturn(e.action as ReportActionDto) ? 'border-error-1' : 'border-solid-gray-200')}>
                <p className="flex flex-wrap items-center gap-2 text-dns-14N-130">
                  <span className="text-dns-14B-130">{e.actionLabel}</span>
                  <span className="text-solid-gray-700">
                    {REPORT_STATE_LABELS[e.fromState as ReportDto['state']] ?? e.fromState} → {REPORT_STATE_LABELS[e.toState as ReportDto['state']] ?? e.toState}
                  </span>
                </p>
                {e.comment && <p className="mt-0.5 whitespace-pre-line text-std-16N-170">「{e.comment}」</p>}
                <p className="text-[0.75rem] leading-[1.4] text-solid-gray-700">
                  <time dateTime={e.at}>{formatDateTime(e.at)}</time> {actorName(e.actor)}
                </p>
              </li>
            ))}
          </ol>
        )}
      </section>

      {returnAction && (
        <ReturnDialog busy={busy === returnAction} onClose={() => setReturnAction(null)} onSubmit={(c) => act(returnAction, c)} />
      )}
    </div>
  );
}
