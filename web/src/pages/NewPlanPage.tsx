/** @jsxImportSource react */
import { useState } from 'react';
import {
  PlanForm,
  buildCreateBody,
  emptyPlanValues,
  planErrors,
  type PlanFormValues,
} from '../components/PlanForm';
import { Breadcrumbs, ErrorState, Loading, PageHeading, useDocumentTitle } from '../components/ui';
import { ApiError, api, apiPaths, type MunicipalityDto, type PlanSummaryDto } from '../lib/api';
import { useCan } from '../lib/auth';
import { setFlash } from '../lib/flash';
import { navigate, paths } from '../lib/router';
import { invalidate, prime, useApi } from '../lib/useApi';

export function NewPlanPage({ code }: { code: string }) {
  const can = useCan();
  const munis = useApi<{ items: MunicipalityDto[] }>(apiPaths.municipalities());
  const plans = useApi<{ items: PlanSummaryDto[] }>(apiPaths.plans(code));
  const [values, setValues] = useState<PlanFormValues>(emptyPlanValues);
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [submitting, setSubmitting] = useState(false);
  useDocumentTitle('計画の登録');

  const muni = munis.data?.items.find((m) => m.code === code);

  const submit = async () => {
    const sent = values;
    setSubmitting(true);
    setErrors(new Map());
    try {
      const plan = await api.createPlan(code, buildCreateBody(sent));
      invalidate(apiPaths.plans(code));
      prime(apiPaths.plan(code, plan.id), plan);
      setFlash(plan.id, `「${plan.title}」を登録しました。続けて「${plan.levelNames[0] ?? '項目'}を追加」から体系を入力できます。`);
      navigate(paths.plan(code, plan.id));
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, null, String(e));
      const grouped = planErrors(err.fields, sent);
      if (grouped.size === 0) grouped.set('', [err.message]);
      setErrors(grouped);
    } finally {
      setSubmitting(false);
    }
  };

  const crumbs = (
    <Breadcrumbs
      items={[
        { label: '自治体の選択', to: paths.home() },
        { label: muni?.name ?? code, to: paths.municipality(code) },
        { label: '計画の登録' },
      ]}
    />
  );

  if (!can('plan.create')) {
    return (
      <div>
        {crumbs}
        <PageHeading>計画の登録</PageHeading>
        <ErrorState error={new Error('計画を登録する権限がありません。')} title="操作できません" />
      </div>
    );
  }
  if (plans.error) {
    return (
      <div>
        {crumbs}
        <PageHeading>計画の登録</PageHeading>
        <ErrorState error={plans.error} onRetry={plans.reload} />
      </div>
    );
  }
  if (!plans.data) return <Loading />;

  return (
    <div>
      {crumbs}
      <PageHeading>計画の登録</PageHeading>
      <p className="mb-4 text-std-16N-170 text-solid-gray-700">
        {muni ? `${muni.name}の` : ''}
        行政改革大綱・DX推進計画などを登録します。体系（重点項目・施策・実施項目など）は、登録した計画の画面で追加します。
      </p>
      <PlanForm
        mode="create"
        values={values}
        onChange={setValues}
        errors={errors}
        submitting={submitting}
        onSubmit={() => void submit()}
        onCancel={() => navigate(paths.municipality(code))}
        plans={plans.data.items}
        heading="計画の内容"
      />
    </div>
  );
}
