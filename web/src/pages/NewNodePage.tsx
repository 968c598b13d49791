/** @jsxImportSource react */
import { useState } from 'react';
import { NodeForm, cleanSchedule, emptyValues, groupErrors, type NodeFormValues } from '../components/NodeForm';
import { Breadcrumbs, ErrorState, Loading, PageHeading, useDocumentTitle } from '../components/ui';
import {
  ApiError,
  api,
  apiPaths,
  type CreateNodeBody,
  type DepartmentDto,
  type MunicipalityDto,
  type NodeDetailDto,
  type PlanDto,
  type TagDto,
} from '../lib/api';
import { useCan } from '../lib/auth';
import { setFlash } from '../lib/flash';
import { numbered } from '../lib/format';
import { navigate, paths } from '../lib/router';
import { invalidate, prime, useApi } from '../lib/useApi';

export function NewNodePage({ code, planId, parentId }: { code: string; planId: string; parentId: string | null }) {
  const can = useCan();
  const planRes = useApi<PlanDto>(apiPaths.plan(code, planId));
  const parentRes = useApi<NodeDetailDto>(parentId ? apiPaths.node(code, planId, parentId) : null);
  const deptRes = useApi<{ items: DepartmentDto[] }>(apiPaths.departments(code));
  const tagRes = useApi<{ items: TagDto[] }>(apiPaths.tags(code));
  const munis = useApi<{ items: MunicipalityDto[] }>(apiPaths.municipalities());

  const plan = planRes.data;
  const parent = parentRes.data?.node;
  const depth = parent ? parent.depth + 1 : 0;
  const levelName = plan?.levelNames[depth] ?? `第${depth + 1}階層`;
  const isLastLevel = plan ? depth >= plan.levelNames.length - 1 : false;

  const [values, setValues] = useState<NodeFormValues | null>(null);
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [submitting, setSubmitting] = useState(false);
  useDocumentTitle(plan ? `${levelName}の追加` : '項目の追加');

  const muni = munis.data?.items.find((m) => m.code === code);
  const search = window.location.search.replace(/([?&])parent=[^&]*&?/, '$1').replace(/[?&]$/, '');
  const cancelTo = parentId ? paths.node(code, planId, parentId) : paths.plan(code, planId, 'diagram', search);

  if (planRes.error) return <ErrorState error={planRes.error} onRetry={planRes.reload} />;
  if (parentRes.error) return <ErrorState error={parentRes.error} title="親の項目を読み込めませんでした。" onRetry={parentRes.reload} />;
  if (!plan || (parentId && !parent)) return <Loading />;
  if (!can('node.create')) {
    return <ErrorState error={new Error('項目を追加する権限がありません。')} title="操作できません" />;
  }

  const current = values ?? emptyValues(isLastLevel);

  const submit = async () => {
    setSubmitting(true);
    setErrors(new Map());
    const c = current.change;
    const body: CreateNodeBody = {
      parentId,
      number: current.number,
      title: current.title,
      description: current.description,
      priority: current.priority,
      isAction: current.isAction,
      departments: current.departments,
      tagIds: current.tagIds,
      schedule: cleanSchedule(current.schedule),
    };
    if (c.effectiveDate || c.reason.trim() || c.mark.trim()) {
      body.change = {};
      if (c.effectiveDate) body.change.effectiveDate = c.effectiveDate;
      if (c.reason.trim()) body.change.reason = c.reason.trim();
      if (c.mark.trim()) body.change.mark = c.mark.trim();
    }
    try {
      const res = await api.createNode(code, planId, body);
      invalidate(apiPaths.planPrefix(code, planId), apiPaths.plans(code));
      prime(apiPaths.node(code, planId, res.node.id), res);
      setFlash(res.node.id, `${levelName}を追加しました`);
      navigate(paths.node(code, planId, res.node.id));
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, null, String(e));
      const grouped = groupErrors(err.fields);
      if (grouped.size === 0) grouped.set('', [err.message]);
      setErrors(grouped);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div>
      <Breadcrumbs
        items={[
          { label: '自治体の選択', to: paths.home() },
          { label: muni?.name ?? code, to: paths.municipality(code) },
          { label: plan.title, to: paths.plan(code, planId) },
          ...(parentRes.data
            ? [
                ...parentRes.data.path.map((p) => ({ label: numbered(p.number, p.title), to: paths.node(code, planId, p.id) })),
                { label: numbered(parentRes.data.node.number, parentRes.data.node.title), to: paths.node(code, planId, parentRes.data.node.id) },
              ]
            : []),
          { label: `${levelName}の追加` },
        ]}
      />
      <PageHeading>{levelName}の追加</PageHeading>
      <p className="mb-4 text-std-16N-170 text-solid-gray-700">
        {parent ? `「${numbered(parent.number, parent.title)}」の下に${levelName}を追加します。` : `${plan.title}の最上位に${levelName}を追加します。`}
      </p>
      <NodeForm
        mode="create"
        plan={plan}
        departments={deptRes.data?.items ?? []}
        tags={tagRes.data?.items ?? []}
        values={current}
        onChange={setValues}
        errors={errors}
        submitting={submitting}
        onSubmit={() => void submit()}
        onCancel={() => navigate(cancelTo)}
        heading="内容"
      />
    </div>
  );
}
