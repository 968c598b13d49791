/** @jsxImportSource react */
/**
 * 計画の設定: edit the plan (PATCH with the version the form started from;
 * 409 keeps the input and offers to reload or carry the user's changes onto
 * the stored version) and record its 段階 (POST /stages).
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { ConflictPanel, type ConflictRow } from '../components/ConflictPanel';
import { ErrorSummary, Field, groupFieldErrors, hintCls, inputCls, selectCls, smallLabelCls } from '../components/form';
import {
  PlanForm,
  buildPlanPatch,
  hasPlanChanges,
  nextStageAfter,
  planErrors,
  valuesFromPlan,
  yearOptionLabel,
  type PlanFormValues,
} from '../components/PlanForm';
import { Breadcrumbs, Button, ErrorState, Loading, PageHeading, SuccessMessage, cx, useDocumentTitle } from '../components/ui';
import { ApiError, api, apiPaths, request, type MunicipalityDto, type PlanDto, type PlanSummaryDto } from '../lib/api';
import { useCan } from '../lib/auth';
import { PLAN_STAGES } from '../lib/domain';
import { formatDate, todayIso } from '../lib/format';
import { Link, navigate, paths } from '../lib/router';
import { invalidate, prime, useApi } from '../lib/useApi';
import { StageBadge } from './MunicipalityPage';

type Comparable = Omit<PlanFormValues, 'stages'>;
const FIELDS: { key: keyof Comparable; label: string }[] = [
  { key: 'kind', label: '種類' },
  { key: 'title', label: '計画名' },
  { key: 'firstFiscalYear', label: '開始年度' },
  { key: 'lastFiscalYear', label: '終了年度' },
  { key: 'parentPlanId', label: '上位計画' },
  { key: 'philosophy', label: '経営理念・基本理念' },
  { key: 'levelNames', label: '階層名' },
  { key: 'phases', label: 'スケジュールの区分' },
];

/** Comparable text of one field (row keys ignored). */
function fieldText(v: PlanFormValues, key: keyof Comparable, plans: PlanSummaryDto[]): string {
  switch (key) {
    case 'firstFiscalYear':
    case 'lastFiscalYear':
      return /^\d{4}$/.test(v[key]) ? yearOptionLabel(Number(v[key])) : '（未選択）';
    case 'parentPlanId':
      return v.parentPlanId ? (plans.find((p) => p.id === v.parentPlanId)?.title ?? v.parentPlanId) : 'なし';
    case 'levelNames':
      return v.levelNames.map((l) => l.name).join(' → ');
    case 'phases':
      return v.phases.map((p) => `${p.label}（${p.code}${p.symbol ? ` ${p.symbol}` : ''}）`).join('、');
    default:
      return v[key] || '（なし）';
  }
}

/** Keep the fields this user changed (relative to the version they started from); take the rest from the stored version. */
function mergePlanOnto(mine: PlanFormValues, origin: PlanDto, current: PlanDto, plans: PlanSummaryDto[]): PlanFormValues {
  const o = valuesFromPlan(origin);
  const c = valuesFromPlan(current);
  const out: PlanFormValues = { ...c };
  for (const { key } of FIELDS) {
    if (fieldText(mine, key, plans) !== fieldText(o, key, plans)) (out as unknown as Record<string, unknown>)[key] = mine[key];
  }
  return out;
}

/** The comparison rows of the conflict panel: the input beside the stored plan. */
function planConflictRows(mine: PlanFormValues, current: PlanDto, plans: PlanSummaryDto[]): ConflictRow[] {
  const stored = valuesFromPlan(current);
  return FIELDS.map(({ key, label }) => ({
    key,
    label,
    mine: fieldText(mine, key, plans),
    stored: fieldText(stored, key, plans),
    multiline: true,
  }));
}

function Panel({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section aria-labelledby={id} className="rounded-8 border border-solid-gray-200 bg-white">
      <h2 id={id} className="border-b border-solid-gray-200 bg-solid-gray-50 px-4 py-2 text-std-17B-170">
        {title}
      </h2>
      <div className="px-4 py-3">{children}</div>
    </section>
  );
}

const stageIds = { stage: 'ps-stage', date: 'ps-date', note: 'ps-note' };

function StagePanel({ code, plan }: { code: string; plan: PlanDto }) {
  const uid = useId();
  const sorted = [...plan.stages].sort((a, b) => a.date.localeCompare(b.date));
  const latest = sorted[sorted.length - 1];
  const [stage, setStage] = useState(() => nextStageAfter(latest?.stage));
  const [date, setDate] = useState(todayIso);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const submit = async () => {
    setBusy(true);
    setErrors(new Map());
    setDone(null);
    try {
      const res = await api.addPlanStage(code, plan.id, { stage, date, ...(note.trim() ? { note: note.trim() } : {}) });
      invalidate(apiPaths.plans(code));
      prime(apiPaths.plan(code, plan.id), res);
      setNote('');
      setStage(nextStageAfter(res.stage));
      setDone(`段階「${stage}」（${formatDate(date)}）を記録しました。現在の段階は「${res.stage}」です。`);
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, null, String(e));
      // An empty date input sends '', which the schema calls "not YYYY-MM-DD".
      const worded = error.fields.map((f) => (f.path === 'date' && !date ? { ...f, message: '日付を入力してください。' } : f));
      const grouped = groupFieldErrors(worded, (p) => {
        const head = p.split('.')[0];
        return head === 'stage' || head === 'date' || head === 'note' ? stageIds[head] : null;
      });
      if (grouped.size === 0) grouped.set('', [error.message]);
      setErrors(grouped);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel title="段階の記録" id={`${uid}-h`}>
      <p className={hintCls}>
        素案・草案・決定・改訂の経過です。日付が最も新しい段階が現在の段階になります。記録した段階は変更・削除できません。
      </p>
      {sorted.length === 0 ? (
        <p className="mt-2 text-std-16N-170 text-solid-gray-700">記録された段階はありません。</p>
      ) : (
        <table className="mt-2 w-full border-collapse text-left text-dns-14N-130" data-testid="stage-history">
          <caption className="sr-only">段階の経過（古い順）</caption>
          <thead className="text-dns-14B-130 text-solid-gray-800">
            <tr className="border-b border-solid-gray-420">
              <th scope="col" className="py-1 pr-3">日付</th>
              <th scope="col" className="py-1 pr-3">段階</th>
              <th scope="col" className="py-1">備考</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((s) => (
              <tr key={s.id} className="border-b border-solid-gray-100">
                <td className="py-1.5 pr-3 whitespace-nowrap">
                  <time dateTime={s.date}>{formatDate(s.date)}</time>
                </td>
                <td className="py-1.5 pr-3 whitespace-nowrap">
                  <StageBadge stage={s.stage} />
                  {s === latest && <span className="ml-1 whitespace-nowrap text-dns-14N-130 text-solid-gray-700">現在</span>}
                </td>
                <td className="py-1.5 text-solid-gray-800">{s.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <form
        noValidate
        className="mt-4 border-t border-solid-gray-200 pt-3"
        aria-labelledby={`${uid}-form-h`}
        data-testid="stage-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h3 id={`${uid}-form-h`} className="text-std-16B-170">
          段階を追加する
        </h3>
        {done && <SuccessMessage onClose={() => setDone(null)}>{done}</SuccessMessage>}
        <ErrorSummary errors={errors} id="ps-error-summary" title="段階を記録できませんでした" />
        <div className="mt-1 flex flex-wrap items-start gap-3">
          <Field id={stageIds.stage} label="段階" labelClassName={smallLabelCls} errors={errors}>
            {(c) => (
              <select {...c} className={selectCls} value={stage} onChange={(e) => setStage(e.target.value)}>
                {PLAN_STAGES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={stageIds.date} label="日付" labelClassName={smallLabelCls} errors={errors}>
            {(c) => <input {...c} type="date" className={cx(inputCls, 'w-44 max-w-44 py-1.5')} value={date} onChange={(e) => setDate(e.target.value)} />}
          </Field>
        </div>
        <Field id={stageIds.note} label="備考" labelClassName={smallLabelCls} errors={errors} className="mt-2">
          {(c) => (
            <input
              {...c}
              className={cx(inputCls, 'py-1.5')}
              value={note}
              placeholder="例：行政改革推進本部会議で決定"
              onChange={(e) => setNote(e.target.value)}
              autoComplete="off"
            />
          )}
        </Field>
        <Button type="submit" className="mt-3" disabled={busy}>
          {busy ? '記録しています…' : '段階を記録する'}
        </Button>
      </form>
    </Panel>
  );
}

export function PlanSettingsPage({ code, planId }: { code: string; planId: string }) {
  const can = useCan();
  const planPath = apiPaths.plan(code, planId);
  const planRes = useApi<PlanDto>(planPath);
  const plansRes = useApi<{ items: PlanSummaryDto[] }>(apiPaths.plans(code));
  const munis = useApi<{ items: MunicipalityDto[] }>(apiPaths.municipalities());

  const [values, setValues] = useState<PlanFormValues | null>(null);
  const [base, setBase] = useState<PlanDto | null>(null);
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [conflict, setConflict] = useState<{ message: string; current: PlanDto | null } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  const plan = planRes.data;
  const muni = munis.data?.items.find((m) => m.code === code);
  const plans = plansRes.data?.items ?? [];
  useDocumentTitle(plan ? `${plan.title}（計画の設定）` : '計画の設定');

  // The form starts from the plan as loaded; later reloads do not overwrite what is being typed.
  useEffect(() => {
    if (plan && !values) {
      setValues(valuesFromPlan(plan));
      setBase(plan);
    }
  }, [plan, values]);

  const start = (p: PlanDto) => {
    setValues(valuesFromPlan(p));
    setBase(p);
    setErrors(new Map());
    setConflict(null);
  };

  const save = async () => {
    if (!values || !base) return;
    const body = buildPlanPatch(values, base);
    if (!hasPlanChanges(body)) {
      setSaved(null);
      setErrors(new Map([['', ['変更された項目がありません。']]]));
      return;
    }
    const sent = values;
    setSubmitting(true);
    setErrors(new Map());
    setSaved(null);
    try {
      const res = await api.patchPlan(code, planId, body);
      invalidate(apiPaths.plans(code));
      prime(planPath, res);
      start(res);
      setSaved(`保存しました（版 ${res.version}）。`);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, null, String(e));
      if (err.status === 409) {
        // The 409 body carries the stored row; the presented plan is easier to compare.
        let current: PlanDto | null = null;
        try {
          current = await request<PlanDto>('GET', planPath);
        } catch {
          current = null;
        }
        setConflict({ message: err.message, current });
      } else {
        const grouped = planErrors(err.fields, sent);
        if (grouped.size === 0) grouped.set('', [err.message]);
        setErrors(grouped);
      }
    } finally {
      setSubmitting(false);
    }
  };

  /** Discard the input and start again from the stored version. */
  const reloadLatest = async () => {
    try {
      const latest = await request<PlanDto>('GET', planPath);
      invalidate(apiPaths.plans(code));
      prime(planPath, latest);
      start(latest);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, null, String(e));
      setErrors(new Map([['', [err.message]]]));
    }
  };

  const crumbs = (
    <Breadcrumbs
      items={[
        { label: '自治体の選択', to: paths.home() },
        { label: muni?.name ?? code, to: paths.municipality(code) },
        { label: plan?.title ?? '計画', to: paths.plan(code, planId) },
        { label: '計画の設定' },
      ]}
    />
  );

  if (planRes.error && !plan) {
    return (
      <div>
        {crumbs}
        <PageHeading>計画の設定</PageHeading>
        <ErrorState error={planRes.error} title="計画を読み込めませんでした。" onRetry={planRes.reload} />
      </div>
    );
  }
  if (!plan || !values || !base) return <Loading />;
  if (!can('plan.edit')) {
    return (
      <div>
        {crumbs}
        <PageHeading>計画の設定</PageHeading>
        <ErrorState error={new Error('計画の設定を変更する権限がありません。')} title="操作できません" />
      </div>
    );
  }

  return (
    <div>
      {crumbs}
      <PageHeading>計画の設定</PageHeading>
      <p className="mb-3 text-std-16N-170 text-solid-gray-700">
        <Link to={paths.plan(code, planId)}>{plan.title}</Link>の名称・期間・階層名・スケジュールの区分を変更し、段階（素案・草案・決定・改訂）を記録します。
      </p>
      {saved && <SuccessMessage onClose={() => setSaved(null)}>{saved}</SuccessMessage>}
      <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_28rem]">
        <PlanForm
          mode="edit"
          values={values}
          onChange={setValues}
          errors={errors}
          submitting={submitting}
          onSubmit={() => void save()}
          onCancel={() => navigate(paths.plan(code, planId))}
          plans={plans}
          selfId={planId}
          heading={`計画の編集（版 ${base.version}）`}
          extra={
            conflict && (
              <ConflictPanel
                className="my-5"
                heading="他の利用者がこの計画を先に更新しました"
                message={
                  <>
                    {conflict.message} あなたの入力はまだ保存されていません（フォームに残っています）。
                    {conflict.current ? `保存されている内容は版 ${conflict.current.version} です。` : ''}
                  </>
                }
                storedVersion={conflict.current?.version ?? null}
                rows={conflict.current ? planConflictRows(values, conflict.current, plans) : []}
                onReload={() => void reloadLatest()}
                onKeepMine={
                  conflict.current
                    ? () => {
                        const current = conflict.current!;
                        setValues(mergePlanOnto(values, base, current, plans));
                        setBase(current);
                        setConflict(null);
                      }
                    : null
                }
              />
            )
          }
        />
        <StagePanel key={plan.id} code={code} plan={plan} />
      </div>
    </div>
  );
}
