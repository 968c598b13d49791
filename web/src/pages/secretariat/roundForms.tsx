/** @jsxImportSource react */
/**
 * 照会の作成・変更 form and the open / close / reopen confirmations, shared by
 * the rounds list and the round dashboard.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import {
  ErrorSummary,
  Field,
  FieldErrorText,
  Optional,
  Required,
  describedBy,
  fieldState,
  hintCls,
  inputCls,
  labelCls,
  selectCls,
} from '../../components/form';
import { ConfirmDialog } from '../../components/secretariat-ui';
import { Badge, Button, cx } from '../../components/ui';
import { request, type PlanSummaryDto } from '../../lib/api';
import { todayIso } from '../../lib/format';
import { invalidate, useApi } from '../../lib/useApi';
import type { ReportFieldDto, RoundDto, RoundListDto } from '../../../../src/shared/api-types-pdca.js';
import {
  ROUND_SCOPE_LABELS,
  WITHOUT_DEPARTMENT_CHOICES,
  WITHOUT_DEPARTMENT_LABELS,
  WITHOUT_DEPARTMENT_NOTES,
  itemName,
  roundOpenedMessage,
  type RoundOpened,
  type RoundOpeningPreview,
  type WithoutDepartmentChoice,
} from '../../../../src/modules/pdca/domain/round.js';
import { DEFAULT_ROUND_FIELDS, REPORT_FIELDS, REPORT_FIELD_LABELS, fiscalYearLabel, fiscalYearOf } from './domain';
import { asApiError, dateW, errorsFor, instantW, inputSizedCls, secApi, secApiPaths, type RoundInput } from './lib';

export function roundStateTone(state: string): 'warning' | 'key' | 'neutral' {
  return state === 'open' ? 'key' : state === 'draft' ? 'warning' : 'neutral';
}

export function RoundStateBadge({ round }: { round: { state: string; stateLabel: string } }) {
  return (
    <Badge tone={roundStateTone(round.state)} className="print:border-black">
      {round.stateLabel}
    </Badge>
  );
}

/** Drop every cached GET that shows this round (lists, dashboard, calendar). */
export function invalidateRound(code: string, planId: string) {
  invalidate(secApiPaths.roundsPrefix(code), secApiPaths.planRounds(code, planId), `/api/m/${encodeURIComponent(code)}/calendar`);
}

// ───────────── scope (照会の対象) ─────────────

type ScopeMode = NonNullable<RoundDto['scope']>['mode'];
/** '' = not chosen on the draft: asked when the round is opened */
type ScopeChoice = ScopeMode | '';

const SCOPE_CHOOSE_LATER = '開始するときに選ぶ';

/** A stored scope as it reads on screen; items named one by one (set through the API) with their count. */
export function scopeText(scope: RoundDto['scope']): string {
  if (!scope) return SCOPE_CHOOSE_LATER;
  return scope.mode === 'nodes' ? `${scope.modeLabel}（${scope.nodeIds.length}件）` : scope.modeLabel;
}

function ScopeRadio({
  name,
  checked,
  onSelect,
  label,
  note,
}: {
  name: string;
  checked: boolean;
  onSelect: () => void;
  label: string;
  /** said after the label and as the radio's description, so the choice keeps its short name */
  note?: string;
}) {
  const id = useId();
  return (
    <div className="flex flex-wrap items-start gap-x-2 py-1">
      <input
        id={id}
        type="radio"
        name={name}
        className="mt-1 size-5 shrink-0 accent-key-900"
        checked={checked}
        onChange={onSelect}
        aria-describedby={note ? `${id}-note` : undefined}
      />
      <label htmlFor={id} className="text-dns-16N-130 leading-[1.7]">
        {label}
      </label>
      {note && (
        <span id={`${id}-note`} className="text-dns-14N-130 leading-[1.9] text-solid-gray-700">
          {note}
        </span>
      )}
    </div>
  );
}

// ───────────── create / edit ─────────────

const AUTO = '__auto__';
const NONE = '';

const ids = {
  plan: 'rf-plan',
  label: 'rf-label',
  asOfDate: 'rf-asOfDate',
  targetFiscalYear: 'rf-targetFiscalYear',
  deadline: 'rf-deadline',
  fields: 'rf-fields',
  previousRoundId: 'rf-previousRoundId',
  scope: 'rf-scope',
};

function idForPath(path: string): string | null {
  const head = path.split('.')[0] ?? '';
  if (head === 'fields') return ids.fields;
  if (head === 'scope') return ids.scope;
  return head in ids ? ids[head as keyof typeof ids] : null;
}

interface Values {
  planId: string;
  label: string;
  asOfDate: string;
  targetFiscalYear: string;
  deadline: string;
  fields: ReportFieldDto[];
  previous: string;
  scope: ScopeChoice;
}

function initialValues(plans: PlanSummaryDto[], planId: string | null, editing: RoundDto | null): Values {
  if (editing) {
    return {
      planId: editing.planId,
      label: editing.label,
      asOfDate: editing.asOfDate,
      targetFiscalYear: String(editing.targetFiscalYear),
      deadline: editing.deadline,
      fields: [...editing.fields],
      previous: editing.previousRoundId ?? NONE,
      scope: editing.scope?.mode ?? '',
    };
  }
  const plan = plans.find((p) => p.id === planId) ?? plans[0];
  const fy = fiscalYearOf(todayIso());
  const target = plan ? Math.min(Math.max(fy, plan.firstFiscalYear), plan.lastFiscalYear) : fy;
  return {
    planId: plan?.id ?? '',
    label: '',
    asOfDate: '',
    targetFiscalYear: String(target),
    deadline: '',
    fields: [...DEFAULT_ROUND_FIELDS],
    previous: AUTO,
    scope: '',
  };
}

/**
 * What only the browser knows: a date typed in part (年 only, say) reads as '' — the server would answer
 * that it is missing. Said for that field instead, with every other field's answer from the same submit.
 */
function unreadableDates(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [id, label] of [
    [ids.asOfDate, '基準日'],
    [ids.deadline, '回答期限'],
  ] as const) {
    const el = document.getElementById(id);
    if (el instanceof HTMLInputElement && el.validity.badInput) out.set(id, [`${label}の日付が最後まで入力されていません。年・月・日をすべて入力してください。`]);
  }
  return out;
}

/** The server's messages per field with the browser's: a field the browser could not read keeps the browser's. */
function mergeErrors(server: Map<string, string[]>, client: Map<string, string[]>): Map<string, string[]> {
  const out = new Map(server);
  for (const [id, messages] of client) out.set(id, messages);
  return out;
}

/** The body's scope for a choice the form offers to set ('nodes' is only ever kept, never sent). */
function scopeBody(choice: Exclude<ScopeChoice, 'nodes'>): RoundInput['scope'] {
  return choice ? { mode: choice } : null;
}

export function RoundFormDialog({
  code,
  plans,
  planId,
  editing,
  onClose,
  onSaved,
}: {
  code: string;
  plans: PlanSummaryDto[];
  planId: string | null;
  /** null = create */
  editing: RoundDto | null;
  onClose: () => void;
  onSaved: (r: RoundDto, created: boolean) => void;
}) {
  const uid = useId();
  const [v, setV] = useState<Values>(() => initialValues(plans, planId, editing));
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [busy, setBusy] = useState(false);
  const { err, invalid, errId } = fieldState(errors);
  const set = <K extends keyof Values>(k: K, val: Values[K]) => setV((s) => ({ ...s, [k]: val }));
  const plan = plans.find((p) => p.id === v.planId);
  const rounds = useApi<RoundListDto>(v.planId ? secApiPaths.planRounds(code, v.planId) : null);
  const legends = useApi<{ achievement: unknown }>(v.planId ? secApiPaths.legends(code, v.planId) : null);
  const hasAchievement = legends.data ? legends.data.achievement !== null : true;
  const openEdit = editing?.state === 'open';
  const years = useMemo(() => {
    if (!plan) return [];
    const out: number[] = [];
    for (let y = plan.firstFiscalYear; y <= plan.lastFiscalYear; y++) out.push(y);
    return out;
  }, [plan]);
  const fyLabel = fiscalYearLabel(Number(v.targetFiscalYear) || fiscalYearOf(todayIso()));
  const labelSuggestions = [`${fyLabel} 上半期`, `${fyLabel}末見込み`, `${fyLabel}実績`];
  const previousChoices = (rounds.data?.items ?? []).filter((r) => r.id !== editing?.id);

  const submit = async () => {
    setBusy(true);
    setErrors(new Map());
    // every problem in one answer: the browser's own findings are merged with the server's, field by field
    const client = unreadableDates();
    try {
      let saved: RoundDto;
      if (editing) {
        const body: Partial<RoundInput> & { version: number } = { version: editing.version };
        if (v.label !== editing.label) body.label = v.label;
        if (v.asOfDate !== editing.asOfDate) body.asOfDate = v.asOfDate;
        if (v.deadline !== editing.deadline) body.deadline = v.deadline;
        if (!openEdit) {
          if (Number(v.targetFiscalYear) !== editing.targetFiscalYear) body.targetFiscalYear = Number(v.targetFiscalYear);
          if (v.fields.join() !== editing.fields.join()) body.fields = v.fields;
          if ((v.previous || null) !== editing.previousRoundId) body.previousRoundId = v.previous || null;
          if (v.scope !== (editing.scope?.mode ?? '') && v.scope !== 'nodes') body.scope = scopeBody(v.scope);
        }
        if (Object.keys(body).length === 1) {
          setErrors(client.size ? client : new Map([['', ['変更された項目がありません。']]]));
          return;
        }
        saved = await secApi.patchRound(code, editing.id, body);
      } else {
        if (!v.planId) {
          // no plan, no request: the rest is checked once one is chosen
          setErrors(mergeErrors(new Map([[ids.plan, ['計画を選んでください。']]]), client));
          return;
        }
        const body: RoundInput = {
          label: v.label,
          asOfDate: v.asOfDate,
          targetFiscalYear: Number(v.targetFiscalYear),
          deadline: v.deadline,
          fields: v.fields,
          scope: v.scope === 'nodes' ? null : scopeBody(v.scope),
        };
        if (v.previous !== AUTO) body.previousRoundId = v.previous || null;
        saved = await secApi.createRound(code, v.planId, body);
      }
      invalidateRound(code, saved.planId);
      onSaved(saved, !editing);
    } catch (e) {
      const error = asApiError(e);
      if (error.status === 409) invalidateRound(code, v.planId);
      setErrors(mergeErrors(errorsFor(e, idForPath, (p) => ({ label: '照会名' } as Record<string, string>)[p] ?? null), client));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={editing ? `照会の変更（${editing.label}）` : '照会の作成'} onClose={onClose} describedBy={`${uid}-desc`}>
      <form
        noValidate
        data-testid="round-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p id={`${uid}-desc`} className="mb-3 text-dns-14N-130 leading-[1.7] text-solid-gray-800">
          {editing
            ? openEdit
              ? '照会中のため、変更できるのは照会名・基準日・回答期限だけです。'
              : '準備中の照会は、開始するまで自由に変更できます。'
            : '作成した照会は「準備中」になります。内容を確認してから「開始」すると、担当課に報告の依頼が届きます。'}
        </p>
        <ErrorSummary errors={errors} id="rf-error-summary" />
        <div className="grid gap-4">
          {!editing && (
            <Field id={ids.plan} label="計画" mark="required" errors={errors}>
              {(c) => (
                <select
                  {...c}
                  className={cx(selectCls, 'w-full')}
                  value={v.planId}
                  onChange={(e) => {
                    const p = plans.find((x) => x.id === e.target.value);
                    setV((s) => ({
                      ...s,
                      planId: e.target.value,
                      previous: AUTO,
                      targetFiscalYear: p
                        ? String(Math.min(Math.max(Number(s.targetFiscalYear), p.firstFiscalYear), p.lastFiscalYear))
                        : s.targetFiscalYear,
                    }));
                  }}
                >
                  {plans.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.title}（{p.periodLabel}）
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field id={ids.label} label="照会名" mark="required" errors={errors}>
            {(c) => (
              <>
                <input
                  {...c}
                  className={inputCls}
                  value={v.label}
                  list={`${uid}-labels`}
                  placeholder={`例：${labelSuggestions[0]}`}
                  onChange={(e) => set('label', e.target.value)}
                  autoComplete="off"
                />
                <datalist id={`${uid}-labels`}>
                  {labelSuggestions.map((s) => (
                    <option key={s} value={s} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field id={ids.targetFiscalYear} label="対象年度" mark="required" errors={errors}>
              {(c) => (
                <select {...c} className={cx(selectCls, 'w-full')} value={v.targetFiscalYear} disabled={openEdit} onChange={(e) => set('targetFiscalYear', e.target.value)}>
                  {years.map((y) => (
                    <option key={y} value={y}>
                      {fiscalYearLabel(y)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id={ids.asOfDate} label="基準日" mark="required" hint={v.asOfDate ? dateW(v.asOfDate) : 'いつ時点の状況か（例：9月30日）'} errors={errors}>
              {(c) => <input {...c} type="date" className={cx(inputCls, 'py-1.5')} value={v.asOfDate} onChange={(e) => set('asOfDate', e.target.value)} />}
            </Field>
            <Field id={ids.deadline} label="回答期限" mark="required" hint={v.deadline ? dateW(v.deadline) : '今日以降の日付'} errors={errors}>
              {(c) => <input {...c} type="date" className={cx(inputCls, 'py-1.5')} value={v.deadline} onChange={(e) => set('deadline', e.target.value)} />}
            </Field>
          </div>
          <fieldset
            id={ids.fields}
            className="rounded-8 border border-solid-gray-420 px-4 pb-3 pt-1"
            aria-invalid={invalid(ids.fields)}
            aria-describedby={errId(ids.fields)}
            disabled={openEdit}
          >
            <legend className="px-1 text-std-16B-170">担当課に尋ねる項目</legend>
            <div className="flex flex-wrap gap-x-5 gap-y-1">
              {REPORT_FIELDS.map((f) => (
                <label key={f} className="flex items-center gap-2 text-dns-16N-130">
                  <input
                    type="checkbox"
                    className="size-5 accent-key-900"
                    checked={v.fields.includes(f)}
                    onChange={(e) =>
                      set('fields', e.target.checked ? REPORT_FIELDS.filter((x) => x === f || v.fields.includes(x)) : v.fields.filter((x) => x !== f))
                    }
                  />
                  {REPORT_FIELD_LABELS[f]}
                  {f === 'achievement' && !hasAchievement && <span className="text-dns-14N-130 text-solid-gray-700">（凡例が未設定）</span>}
                </label>
              ))}
            </div>
            <FieldErrorText id={ids.fields} messages={err(ids.fields)} />
          </fieldset>
          {openEdit ? (
            // reports were made for these items when it opened: shown, not offered
            editing?.scope && (
              <p className="text-dns-16N-130 leading-[1.7]" data-testid="round-scope-fixed">
                <span className="font-bold">照会の対象：</span>
                {scopeText(editing.scope)}（開始後は変更できません）
              </p>
            )
          ) : (
            <fieldset
              id={ids.scope}
              className="rounded-8 border border-solid-gray-420 px-4 pb-3 pt-1"
              aria-invalid={invalid(ids.scope)}
              aria-describedby={describedBy(`${ids.scope}-hint`, errId(ids.scope))}
            >
              <legend className="px-1 text-std-16B-170">照会の対象</legend>
              <p id={`${ids.scope}-hint`} className={hintCls}>
                開始すると、対象の実施項目ごとに報告（未着手）が作られます。
                {v.scope === 'nodes' && '指定した項目は画面では変えられません。ほかを選んで保存すると指定は解除されます。'}
              </p>
              <ScopeRadio
                name={`${uid}-scope`}
                checked={v.scope === ''}
                onSelect={() => set('scope', '')}
                label={SCOPE_CHOOSE_LATER}
                note="（開始の確認で選びます）"
              />
              <ScopeRadio name={`${uid}-scope`} checked={v.scope === 'all'} onSelect={() => set('scope', 'all')} label={ROUND_SCOPE_LABELS.all} />
              <ScopeRadio
                name={`${uid}-scope`}
                checked={v.scope === 'scheduled'}
                onSelect={() => set('scope', 'scheduled')}
                label={ROUND_SCOPE_LABELS.scheduled}
                note={`（${fyLabel}）`}
              />
              {editing?.scope?.mode === 'nodes' && (
                <ScopeRadio name={`${uid}-scope`} checked={v.scope === 'nodes'} onSelect={() => set('scope', 'nodes')} label={scopeText(editing.scope)} />
              )}
              <FieldErrorText id={ids.scope} messages={err(ids.scope)} />
            </fieldset>
          )}
          <Field id={ids.previousRoundId} label="前回の照会（増減の比較先）" mark="optional" errors={errors}>
            {(c) => (
              <select {...c} className={cx(selectCls, 'w-full')} value={v.previous} disabled={openEdit} onChange={(e) => set('previous', e.target.value)}>
                {!editing && <option value={AUTO}>自動（この計画の直近の締切済みの照会）</option>}
                <option value={NONE}>なし</option>
                {previousChoices.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.label}（{r.stateLabel}・期限 {dateW(r.deadline)}）
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="mt-5 flex flex-wrap gap-3">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? '保存しています…' : editing ? '保存する' : '作成する'}
          </Button>
          <Button onClick={onClose} disabled={busy}>
            キャンセル
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

// ───────────── open / close / reopen ─────────────

export type RoundStep = 'open' | 'close' | 'reopen';

export function RoundStepDialog({
  code,
  round,
  step,
  onClose,
  onDone,
  onEdit,
}: {
  code: string;
  round: RoundDto;
  step: RoundStep;
  onClose: () => void;
  onDone: (r: RoundDto, message: string) => void;
  /** offered when the stored deadline stops the round from opening */
  onEdit?: () => void;
}) {
  const today = todayIso();
  const passed = round.deadline < today;
  // the draft's kept scope is the starting choice; without one, every item
  const stored = round.scope;
  const [scope, setScope] = useState<ScopeMode>(stored?.mode ?? 'all');
  const scopeName = useId();
  const chosenText =
    scope === 'nodes' && stored ? scopeText(stored) : scope === 'scheduled' ? `${round.targetFiscalYearLabel}にスケジュールがある実施項目` : ROUND_SCOPE_LABELS.all;
  const [deadline, setDeadline] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ messages: string[]; deadline: boolean } | null>(null);
  // what opening with the chosen scope would ask, and which of those items no 担当課 would receive
  const openingPath = step === 'open' ? `${secApiPaths.round(code, round.id)}/opening?scope=${scope}` : null;
  // read afresh each time the dialog opens: 担当課 may have been set in the plan since
  useEffect(() => {
    if (step === 'open') invalidate(`${secApiPaths.round(code, round.id)}/opening`);
  }, [step, code, round.id]);
  const opening = useApi<RoundOpeningPreview>(openingPath);
  const orphans = opening.data?.withoutDepartment ?? [];
  const [orphanChoice, setOrphanChoice] = useState<WithoutDepartmentChoice | null>(null);
  const [orphanError, setOrphanError] = useState<string | null>(null);
  const orphanGroup = useId();

  const run = async () => {
    setError(null);
    setOrphanError(null);
    if (step === 'open' && orphans.length && !orphanChoice) {
      // asked before anything is made: the secretariat decides what happens to reports nobody would receive
      setOrphanError('担当課が設定されていない項目の扱いを選んでください。');
      document.getElementById(`${orphanGroup}-0`)?.focus();
      return;
    }
    setBusy(true);
    try {
      let r: RoundDto;
      let message: string;
      if (step === 'open') {
        // items named on the draft are not sent back: the server opens with the scope it keeps
        const body: { version: number; scope?: { mode: 'all' | 'scheduled' }; withoutDepartment?: WithoutDepartmentChoice } =
          scope === 'nodes' ? { version: round.version } : { version: round.version, scope: { mode: scope } };
        if (orphans.length && orphanChoice) body.withoutDepartment = orphanChoice;
        const opened = await request<RoundDto & { opened: RoundOpened }>('POST', `${secApiPaths.round(code, round.id)}/open`, body);
        r = opened;
        message = roundOpenedMessage(r.label, scopeText(r.scope), opened.opened);
      } else if (step === 'close') {
        r = await secApi.closeRound(code, round.id, { version: round.version });
        message = `「${r.label}」を締め切りました。市民向けページにはまだ載っていません。内容を確認してから「公表」画面で公表してください。`;
      } else {
        r = await secApi.reopenRound(code, round.id, deadline ? { version: round.version, deadline } : { version: round.version });
        message = `「${r.label}」を再開しました（回答期限 ${dateW(r.deadline)}）。`;
      }
      invalidateRound(code, round.planId);
      onDone(r, message);
    } catch (e) {
      const err = asApiError(e);
      if (err.status === 409) invalidateRound(code, round.planId);
      // a 担当課 was removed since the confirmation was read: read it again so the list shows the item
      if (openingPath && err.fields.some((f) => f.path.startsWith('withoutDepartment'))) invalidate(openingPath);
      const messages = err.fields.length ? err.fields.map((f) => f.message) : [err.message];
      if (err.status === 409) messages.push('画面の内容を最新にしました。確認してから、もう一度操作してください。');
      setError({ messages, deadline: err.fields.some((f) => f.path === 'deadline') });
    } finally {
      setBusy(false);
    }
  };

  const title = step === 'open' ? '照会の開始' : step === 'close' ? '照会の締切り' : '照会の再開';
  return (
    <ConfirmDialog
      title={`${title}（${round.label}）`}
      confirmLabel={step === 'open' ? '開始する' : step === 'close' ? '締め切る' : '再開する'}
      danger={step === 'close'}
      busy={busy}
      testId="round-step-dialog"
      onClose={onClose}
      onConfirm={() => void run()}
      error={
        error && (
          <>
            <ul className="list-disc pl-5">
              {error.messages.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
            {error.deadline && step === 'open' && onEdit && (
              <Button size="sm" className="mt-2" onClick={onEdit}>
                回答期限を変更する
              </Button>
            )}
          </>
        )
      }
    >
      {step === 'open' && (
        <>
          <p>
            開始すると、対象の実施項目ごとに報告（未着手）が作られ、担当課が回答できるようになります。回答期限は
            <strong>{dateW(round.deadline)}</strong>です。
          </p>
          <fieldset className="rounded-8 border border-solid-gray-420 px-4 pb-3 pt-1" aria-describedby={`${scopeName}-used`}>
            <legend className="px-1 text-std-16B-170">照会の対象</legend>
            <ScopeRadio name={scopeName} checked={scope === 'all'} onSelect={() => setScope('all')} label={ROUND_SCOPE_LABELS.all} />
            <ScopeRadio
              name={scopeName}
              checked={scope === 'scheduled'}
              onSelect={() => setScope('scheduled')}
              label={ROUND_SCOPE_LABELS.scheduled}
              note={`（${round.targetFiscalYearLabel}）`}
            />
            {stored?.mode === 'nodes' && (
              <ScopeRadio name={scopeName} checked={scope === 'nodes'} onSelect={() => setScope('nodes')} label={scopeText(stored)} />
            )}
            <p id={`${scopeName}-used`} className="mt-1 text-dns-16N-130 leading-[1.7]" data-testid="open-scope-used">
              開始すると<strong>{chosenText}</strong>について報告を作ります。
              {!stored
                ? '準備中には対象が選ばれていません。'
                : scope === stored.mode
                  ? '照会の作成・変更で選んだ対象です。'
                  : `照会の作成・変更で選んだ対象「${scopeText(stored)}」に代えて、ここで選んだ対象で開始します。`}
            </p>
            {opening.data && opening.data.mode === scope && opening.data.itemCount > 0 && (
              <p className="mt-1 text-dns-16N-130" data-testid="open-item-count">
                対象の実施項目：{opening.data.itemCount}件
                {opening.data.withoutDepartment.length > 0 && `（うち担当課が設定されていない項目 ${opening.data.withoutDepartment.length}件）`}
              </p>
            )}
            {opening.data?.problems.map((p) => (
              <p key={p} className="mt-1 text-dns-16N-130 text-error-1">
                {p}
              </p>
            ))}
          </fieldset>
          {opening.loading && !opening.data && <p className="text-dns-14N-130 text-solid-gray-700">対象の項目と担当課を確認しています…</p>}
          {opening.error && <p className="text-dns-16N-130 text-error-1">対象の項目と担当課を確認できませんでした（{opening.error.message}）。</p>}
          {orphans.length > 0 && (
            <section className="rounded-8 border-2 border-yellow-700 bg-yellow-50 px-4 py-3" data-testid="open-without-department" aria-labelledby={`${orphanGroup}-h`}>
              <h3 id={`${orphanGroup}-h`} className="text-std-16B-170">
                担当課が設定されていない項目が{orphans.length}件あります
              </h3>
              <p className="text-dns-16N-130 leading-[1.7]">これらの報告はどの課にも届きません。開始する前に扱いを選んでください（計画で担当課を設定してから開始することもできます）。</p>
              <ul className="mt-1 max-h-48 list-disc overflow-y-auto pl-6 text-dns-16N-130 leading-[1.7]" data-testid="open-without-department-items">
                {orphans.map((i) => (
                  <li key={i.id}>{itemName(i)}</li>
                ))}
              </ul>
              <fieldset className="mt-2" aria-describedby={orphanError ? `${orphanGroup}-error` : undefined}>
                <legend className="text-std-16B-170">担当課のない項目の扱い</legend>
                {WITHOUT_DEPARTMENT_CHOICES.map((c, i) => (
                  <div key={c} className="flex items-start gap-2 py-1">
                    <input
                      id={`${orphanGroup}-${i}`}
                      type="radio"
                      name={orphanGroup}
                      className="mt-1 size-5 shrink-0 accent-key-900"
                      checked={orphanChoice === c}
                      onChange={() => {
                        setOrphanChoice(c);
                        setOrphanError(null);
                      }}
                      aria-describedby={`${orphanGroup}-${i}-note`}
                    />
                    <span>
                      <label htmlFor={`${orphanGroup}-${i}`} className="text-dns-16N-130 leading-[1.7]">
                        {WITHOUT_DEPARTMENT_LABELS[c]}
                      </label>
                      <span id={`${orphanGroup}-${i}-note`} className="block text-dns-14N-130 leading-[1.7] text-solid-gray-700">
                        {WITHOUT_DEPARTMENT_NOTES[c]}
                      </span>
                    </span>
                  </div>
                ))}
                {orphanError && (
                  <p id={`${orphanGroup}-error`} className="mt-1 text-dns-16B-130 text-error-1">
                    {orphanError}
                  </p>
                )}
              </fieldset>
            </section>
          )}
        </>
      )}
      {step === 'close' && (
        <>
          <p>
            締め切ると、担当課は報告を変更・提出できなくなります（事務局は後から「再開」できます）。未提出の報告は未提出のまま集計されます。
          </p>
          <p className="rounded-8 border border-key-400 bg-key-50 px-3 py-2" data-testid="close-publication-note">
            <strong>締め切っても、市民向けページには何も載りません。</strong>
            公表は『公表』画面で、内容を確認してから行います。締切後も公表するまでは、課長の承認と事務局の確認ができます。
          </p>
        </>
      )}
      {step === 'reopen' && (
        <>
          <p>
            再開すると、担当課が再び報告を変更・提出できるようになります。現在の回答期限は<strong>{dateW(round.deadline)}</strong>
            {passed ? '（過ぎています）です。新しい回答期限を指定してください。' : 'です。変えない場合は空欄のままにしてください。'}
          </p>
          {round.publishedAt && (
            <p className="rounded-8 border border-key-400 bg-key-50 px-3 py-2" data-testid="reopen-publication-note">
              この照会の結果は公表しています（{instantW(round.publishedAt)}）。
              <strong>公表中の内容は、次に公表（正誤）するまでそのまま市民向けページに載ります。</strong>
            </p>
          )}
          <div>
            <label htmlFor="rs-deadline" className={labelCls}>
              新しい回答期限
              {passed ? <Required /> : <Optional />}
            </label>
            <input
              id="rs-deadline"
              type="date"
              className={cx(inputSizedCls, 'w-52 py-1.5')}
              value={deadline}
              onChange={(e) => setDeadline(e.target.value)}
              aria-invalid={error?.deadline || undefined}
              aria-describedby={describedBy('rs-deadline-hint')}
            />
            <p id="rs-deadline-hint" className={hintCls}>
              {deadline ? dateW(deadline) : '今日以降の日付'}
            </p>
          </div>
        </>
      )}
    </ConfirmDialog>
  );
}

/** Buttons for the steps a round can take now (secretariat only). */
export function RoundStepButtons({
  round,
  onStep,
  onEdit,
  size = 'sm',
}: {
  round: RoundDto;
  onStep: (s: RoundStep) => void;
  onEdit: () => void;
  size?: 'sm' | 'md';
}) {
  return (
    <span className="flex flex-wrap gap-1.5">
      {round.state === 'draft' && (
        <Button size={size} variant="primary" onClick={() => onStep('open')} aria-label={`${round.label}を開始`}>
          開始
        </Button>
      )}
      {round.state === 'open' && (
        <Button size={size} variant="danger" onClick={() => onStep('close')} aria-label={`${round.label}を締め切る`}>
          締め切る
        </Button>
      )}
      {round.state === 'closed' && (
        <Button size={size} onClick={() => onStep('reopen')} aria-label={`${round.label}を再開`}>
          再開
        </Button>
      )}
      {round.state !== 'closed' && (
        <Button size={size} variant="tertiary" onClick={onEdit} aria-label={`${round.label}を変更`}>
          変更
        </Button>
      )}
    </span>
  );
}
