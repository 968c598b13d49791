/** @jsxImportSource react */
import { NodeSheetLink } from './transfer/links';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { ConflictPanel, type ConflictRow } from '../components/ConflictPanel';
import { Dialog } from '../components/Dialog';
import {
  NodeForm,
  cleanSchedule,
  groupErrors,
  valuesFromNode,
  type NodeFormValues,
} from '../components/NodeForm';
import {
  Badge,
  Breadcrumbs,
  Button,
  ButtonLink,
  ErrorState,
  Loading,
  PageHeading,
  PriorityBadge,
  StatusBadge,
  SuccessMessage,
  TagChip,
  cx,
  useDocumentTitle,
} from '../components/ui';
import {
  ApiError,
  api,
  apiPaths,
  type DepartmentDto,
  type MunicipalityDto,
  type NodeDetailDto,
  type NodeDto,
  type PatchNodeBody,
  type PlanDto,
  type PlanTreeDto,
  type TagDto,
  type TreeNodeDto,
} from '../lib/api';
import { useCan } from '../lib/auth';
import { flattenTree } from '../lib/filters';
import { takeFlash } from '../lib/flash';
import { formatDate, formatDateTime, numbered, todayIso } from '../lib/format';
import { Link, paths } from '../lib/router';
import { invalidate, prime, useApi } from '../lib/useApi';
import { ProgressSection } from './node/ProgressSection';
import { changeTone } from './plan/ChangesTab';
import { PhaseCell, phaseTone } from './plan/RoadmapTab';

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Only the fields that differ from the version the form was started from. */
export function buildPatch(v: NodeFormValues, base: NodeDto): PatchNodeBody {
  const body: PatchNodeBody = { version: base.version };
  if (v.number !== base.number) body.number = v.number;
  if (v.title !== base.title) body.title = v.title;
  if (v.description !== base.description) body.description = v.description;
  if (v.priority !== base.priority) body.priority = v.priority;
  if (v.isAction !== base.isAction) body.isAction = v.isAction;
  const d1 = v.departments.map((d) => `${d.id}:${d.lead ? 1 : 0}`);
  const d0 = base.departments.map((d) => `${d.id}:${d.lead ? 1 : 0}`);
  if (!sameList(d1, d0)) body.departments = v.departments;
  if (!sameList([...v.tagIds].sort(), [...base.tagIds].sort())) body.tagIds = v.tagIds;
  const s1 = cleanSchedule(v.schedule);
  const s0 = cleanSchedule(base.schedule);
  if (JSON.stringify(s1) !== JSON.stringify(s0)) body.schedule = s1;
  const c = v.change;
  if (c.kind === 'revised' || c.reason.trim() || c.mark.trim() || c.effectiveDate) {
    body.change = { kind: c.kind };
    if (c.effectiveDate) body.change.effectiveDate = c.effectiveDate;
    if (c.reason.trim()) body.change.reason = c.reason.trim();
    if (c.mark.trim()) body.change.mark = c.mark.trim();
  }
  return body;
}

/**
 * After a conflict: keep what this user changed (relative to the version they
 * started from) and take everything else from the stored version.
 */
export function mergeOnto(mine: NodeFormValues, origin: NodeDto, current: NodeDto): NodeFormValues {
  const o = valuesFromNode(origin);
  const c = valuesFromNode(current);
  const pick = <T,>(m: T, from: T, cur: T, same: (a: T, b: T) => boolean = (a, b) => a === b) => (same(m, from) ? cur : m);
  const deptKey = (d: NodeFormValues['departments']) => d.map((x) => `${x.id}:${x.lead ? 1 : 0}`).join(',');
  const schedule: Record<string, string> = {};
  for (const y of new Set([...Object.keys(mine.schedule), ...Object.keys(o.schedule), ...Object.keys(c.schedule)])) {
    const v = (mine.schedule[y] ?? '') !== (o.schedule[y] ?? '') ? (mine.schedule[y] ?? '') : (c.schedule[y] ?? '');
    if (v) schedule[y] = v;
  }
  return {
    number: pick(mine.number, o.number, c.number),
    title: pick(mine.title, o.title, c.title),
    description: pick(mine.description, o.description, c.description),
    priority: pick(mine.priority, o.priority, c.priority),
    isAction: pick(mine.isAction, o.isAction, c.isAction),
    departments: pick(mine.departments, o.departments, c.departments, (a, b) => deptKey(a) === deptKey(b)),
    tagIds: pick(mine.tagIds, o.tagIds, c.tagIds, (a, b) => sameList([...a].sort(), [...b].sort())),
    schedule,
    change: mine.change,
  };
}

function hasContentChanges(body: PatchNodeBody): boolean {
  return Object.keys(body).some((k) => k !== 'version' && k !== 'change');
}

/** The server sends the stored node on 409; accept NodeDto or NodeDetailDto. */
function nodeFromConflict(current: unknown): NodeDto | null {
  if (!current || typeof current !== 'object') return null;
  const c = current as Record<string, unknown>;
  const n = (c.node && typeof c.node === 'object' ? c.node : c) as Record<string, unknown>;
  return typeof n.version === 'number' && typeof n.title === 'string' ? (n as unknown as NodeDto) : null;
}

function Section({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  return (
    <section aria-label={title} className={cx('rounded-8 border border-solid-gray-200 bg-white', className)}>
      <h2 className="border-b border-solid-gray-200 bg-solid-gray-50 px-4 py-2 text-std-17B-170">{title}</h2>
      <div className="px-4 py-3">{children}</div>
    </section>
  );
}

function DeptList({ node }: { node: NodeDto }) {
  if (node.departments.length === 0) return <span className="text-solid-gray-700">未設定</span>;
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1">
      {node.departments.map((d) => (
        <li key={d.id} className="flex items-center gap-1">
          {d.name}
          {d.lead && <Badge tone="key">主担当</Badge>}
        </li>
      ))}
    </ul>
  );
}

function ScheduleTable({ plan, schedule }: { plan: PlanDto; schedule: Record<string, string> }) {
  return (
    <div className="overflow-x-auto">
      <table className="border-collapse text-center text-dns-14N-130" data-testid="schedule-table">
        <caption className="sr-only">年度別スケジュール</caption>
        <thead>
          <tr>
            {plan.fiscalYears.map((y) => (
              <th key={y.year} scope="col" className="border border-solid-gray-420 bg-solid-gray-50 px-3 py-1.5 text-dns-14B-130">
                {y.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {plan.fiscalYears.map((y) => {
              const code = schedule[String(y.year)];
              const phase = plan.phases.find((p) => p.code === code);
              return (
                <td key={y.year} className={cx('min-w-20 border border-solid-gray-420 px-3 py-2', phaseTone(code, plan.phases))}>
                  {code ? (
                    <PhaseCell code={code} phases={plan.phases} />
                  ) : (
                    <>
                      <span aria-hidden="true" className="text-solid-gray-420">
                        ―
                      </span>
                      <span className="sr-only">予定なし</span>
                    </>
                  )}
                  {phase?.symbol && (
                    <span aria-hidden="true" className="block text-[0.75rem] leading-[1.3]">
                      {phase.label}
                    </span>
                  )}
                </td>
              );
            })}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function describeValue(key: string, n: NodeDto | NodeFormValues, plan: PlanDto, depts: Map<string, DepartmentDto>, tags: Map<string, TagDto>): string {
  switch (key) {
    case 'number':
      return n.number || '（なし）';
    case 'title':
      return n.title;
    case 'description':
      return n.description || '（なし）';
    case 'priority':
      return n.priority ? '重点' : '―';
    case 'isAction':
      return n.isAction ? '実施項目' : '―';
    case 'departments':
      return (
        n.departments
          .map((d) => {
            const name = ('name' in d ? (d as { name: string }).name : undefined) ?? depts.get(d.id)?.name ?? d.id;
            return d.lead ? `${name}（主担当）` : name;
          })
          .join('、') || '（なし）'
      );
    case 'tagIds':
      return n.tagIds.map((id) => tags.get(id)?.name ?? id).join('、') || '（なし）';
    case 'schedule':
      return (
        plan.fiscalYears
          .map((y) => {
            const code = n.schedule[String(y.year)];
            const p = plan.phases.find((x) => x.code === code);
            return code ? `${y.label}:${p?.label ?? code}` : null;
          })
          .filter(Boolean)
          .join(' ') || '（なし）'
      );
    default:
      return '';
  }
}

const COMPARE_FIELDS: [string, string][] = [
  ['number', '整理番号'],
  ['title', '項目名'],
  ['description', '事業概要'],
  ['priority', '重点'],
  ['isAction', '実施項目'],
  ['departments', '担当課'],
  ['tagIds', 'タグ'],
  ['schedule', 'スケジュール'],
];

/** The comparison rows of the conflict panel: the input beside the stored node. */
function nodeConflictRows(
  mine: NodeFormValues,
  current: NodeDto,
  plan: PlanDto,
  depts: Map<string, DepartmentDto>,
  tags: Map<string, TagDto>,
): ConflictRow[] {
  return COMPARE_FIELDS.map(([key, label]) => ({
    key,
    label,
    mine: describeValue(key, mine, plan, depts, tags),
    stored: describeValue(key, current, plan, depts, tags),
    multiline: true,
  }));
}

type ActionKind = 'stop' | 'merge';

function ActionDialog({
  kind,
  node,
  candidates,
  code,
  planId,
  onClose,
  onDone,
}: {
  kind: ActionKind;
  node: NodeDto;
  candidates: TreeNodeDto[];
  code: string;
  planId: string;
  onClose: () => void;
  onDone: (res: NodeDetailDto, message: string) => void;
}) {
  const [intoId, setIntoId] = useState('');
  const [effectiveDate, setEffectiveDate] = useState(todayIso());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [conflict, setConflict] = useState(false);
  const ids = { intoId: 'ad-into', effectiveDate: 'ad-date', reason: 'ad-reason' };

  const submit = async () => {
    if (kind === 'merge' && !intoId) {
      setErrors(new Map([[ids.intoId, ['統合先の項目を選んでください。']]]));
      document.getElementById(ids.intoId)?.focus();
      return;
    }
    setBusy(true);
    setErrors(new Map());
    try {
      const res =
        kind === 'stop'
          ? await api.stopNode(code, planId, node.id, { version: node.version, effectiveDate, reason })
          : await api.mergeNode(code, planId, node.id, { version: node.version, intoId, effectiveDate, reason });
      onDone(res, kind === 'stop' ? '中止しました' : '統合しました');
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, null, String(e));
      if (err.status === 409) setConflict(true);
      else {
        const m = new Map<string, string[]>();
        for (const f of err.fields) {
          const key = f.path.includes('into') ? ids.intoId : f.path.includes('effective') ? ids.effectiveDate : f.path.includes('reason') ? ids.reason : '';
          m.set(key, [...(m.get(key) ?? []), f.message]);
        }
        if (m.size === 0) m.set('', [err.message]);
        setErrors(m);
      }
    } finally {
      setBusy(false);
    }
  };

  const fieldErr = (id: string) =>
    errors.get(id)?.length ? (
      <p id={`${id}-error`} className="mt-1 text-std-16N-170 text-error-1">
        {errors.get(id)!.join(' ')}
      </p>
    ) : null;
  const inputCls =
    'w-full rounded-8 border border-solid-gray-600 px-3 py-2 text-std-16N-170 aria-[invalid=true]:border-2 aria-[invalid=true]:border-error-1';

  return (
    <Dialog title={kind === 'stop' ? '項目を中止する' : '項目を統合する'} onClose={onClose} describedBy="ad-desc">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p id="ad-desc" className="mb-3 text-std-16N-170">
          「{numbered(node.number, node.title)}」を
          {kind === 'stop' ? '中止（廃止）します。' : '他の項目に統合します。'}
          項目は削除されず、変更調書と過去の時点の表示に残ります。
        </p>
        {errors.get('')?.length ? (
          <p role="alert" className="mb-3 rounded-8 border-2 border-error-1 bg-red-50 px-3 py-2 text-error-2">
            {errors.get('')!.join(' ')}
          </p>
        ) : null}
        {conflict && (
          <div role="alert" className="mb-3 rounded-8 border-2 border-warning-orange-1 bg-orange-50 px-3 py-2">
            他の利用者がこの項目を先に更新しました。画面を再読み込みして内容を確認してから、もう一度操作してください。
            <div className="mt-2">
              <Button size="sm" onClick={() => window.location.reload()}>
                再読み込み
              </Button>
            </div>
          </div>
        )}
        <div className="grid gap-4">
          {kind === 'merge' && (
            <div>
              <label htmlFor={ids.intoId} className="block text-std-16B-170">
                統合先の項目
              </label>
              <select
                id={ids.intoId}
                className={inputCls}
                value={intoId}
                onChange={(e) => setIntoId(e.target.value)}
                aria-invalid={errors.has(ids.intoId) || undefined}
                aria-describedby={errors.has(ids.intoId) ? `${ids.intoId}-error` : undefined}
              >
                <option value="">選択してください</option>
                {candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {'　'.repeat(c.depth)}
                    {c.levelName}：{numbered(c.number, c.title)}
                  </option>
                ))}
              </select>
              {fieldErr(ids.intoId)}
            </div>
          )}
          <div>
            <label htmlFor={ids.effectiveDate} className="block text-std-16B-170">
              適用日
            </label>
            <input
              id={ids.effectiveDate}
              type="date"
              className={cx(inputCls, 'max-w-[14rem]')}
              value={effectiveDate}
              onChange={(e) => setEffectiveDate(e.target.value)}
              aria-invalid={errors.has(ids.effectiveDate) || undefined}
              aria-describedby={errors.has(ids.effectiveDate) ? `${ids.effectiveDate}-error` : undefined}
            />
            {fieldErr(ids.effectiveDate)}
          </div>
          <div>
            <label htmlFor={ids.reason} className="block text-std-16B-170">
              理由
            </label>
            <textarea
              id={ids.reason}
              rows={3}
              className={inputCls}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={errors.has(ids.reason) || undefined}
              aria-describedby={errors.has(ids.reason) ? `${ids.reason}-error` : undefined}
            />
            {fieldErr(ids.reason)}
          </div>
        </div>
        <div className="mt-5 flex flex-wrap gap-3">
          <Button type="submit" variant={kind === 'stop' ? 'danger' : 'primary'} disabled={busy || conflict}>
            {busy ? '処理しています…' : kind === 'stop' ? '中止する' : '統合する'}
          </Button>
          <Button onClick={onClose}>キャンセル</Button>
        </div>
      </form>
    </Dialog>
  );
}

export function NodePage({ code, planId, nodeId }: { code: string; planId: string; nodeId: string }) {
  const can = useCan();
  const detailPath = apiPaths.node(code, planId, nodeId);
  const detail = useApi<NodeDetailDto>(detailPath);
  const planRes = useApi<PlanDto>(apiPaths.plan(code, planId));
  const deptRes = useApi<{ items: DepartmentDto[] }>(apiPaths.departments(code));
  const tagRes = useApi<{ items: TagDto[] }>(apiPaths.tags(code));
  const munis = useApi<{ items: MunicipalityDto[] }>(apiPaths.municipalities());
  const tree = useApi<PlanTreeDto>(apiPaths.tree(code, planId));

  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState<NodeFormValues | null>(null);
  const [baseNode, setBaseNode] = useState<NodeDto | null>(null);
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [conflict, setConflict] = useState<{ current: NodeDto | null } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [saved, setSaved] = useState<string | null>(() => takeFlash(nodeId));
  const [dialog, setDialog] = useState<ActionKind | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);

  const node = detail.data?.node;
  const plan = planRes.data;
  const muni = munis.data?.items.find((m) => m.code === code);
  const departments = deptRes.data?.items ?? [];
  const tags = tagRes.data?.items ?? [];
  const deptMap = useMemo(() => new Map(departments.map((d) => [d.id, d])), [departments]);
  const tagMap = useMemo(() => new Map(tags.map((t) => [t.id, t])), [tags]);
  useDocumentTitle(node ? numbered(node.number, node.title) : undefined);

  const allNodes = useMemo(() => flattenTree(tree.data?.roots ?? []), [tree.data]);
  const treeNode = allNodes.find((n) => n.id === nodeId);
  const children = treeNode?.children ?? [];
  const mergedInto = node?.mergedIntoId ? allNodes.find((n) => n.id === node.mergedIntoId) : undefined;
  const mergeCandidates = useMemo(() => {
    if (!treeNode) return allNodes.filter((n) => n.id !== nodeId && n.status === 'active');
    const excluded = new Set(flattenTree([treeNode]).map((n) => n.id));
    return allNodes.filter((n) => !excluded.has(n.id) && n.status === 'active');
  }, [allNodes, treeNode, nodeId]);

  const search = window.location.search;
  const backToPlan = paths.plan(code, planId, 'diagram', search);

  const startEdit = () => {
    if (!node) return;
    setValues(valuesFromNode(node));
    setBaseNode(node);
    setErrors(new Map());
    setConflict(null);
    setSaved(null);
    setEditing(true);
  };
  const cancelEdit = () => {
    setEditing(false);
    setErrors(new Map());
    setConflict(null);
    window.setTimeout(() => editButton.current?.focus(), 0);
  };

  const afterChange = (res: NodeDetailDto) => {
    invalidate(apiPaths.planPrefix(code, planId), apiPaths.plans(code));
    prime(detailPath, res);
  };

  const save = async () => {
    if (!values || !baseNode) return;
    const body = buildPatch(values, baseNode);
    if (!hasContentChanges(body) && !body.change) {
      setErrors(new Map([['', ['変更された項目がありません。']]]));
      return;
    }
    setSubmitting(true);
    setErrors(new Map());
    try {
      const res = await api.patchNode(code, planId, nodeId, body);
      afterChange(res);
      setEditing(false);
      setConflict(null);
      setSaved('保存しました');
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, null, String(e));
      if (err.status === 409) {
        setConflict({ current: nodeFromConflict(err.current) });
      } else {
        const grouped = groupErrors(err.fields);
        if (grouped.size === 0) grouped.set('', [err.message]);
        setErrors(grouped);
      }
    } finally {
      setSubmitting(false);
    }
  };

  if (detail.error && !detail.data) {
    return (
      <div>
        <Breadcrumbs
          items={[
            { label: '自治体の選択', to: paths.home() },
            { label: muni?.name ?? code, to: paths.municipality(code) },
            { label: plan?.title ?? '計画', to: backToPlan },
            { label: '項目' },
          ]}
        />
        <PageHeading>項目</PageHeading>
        <ErrorState error={detail.error} title="項目を読み込めませんでした。" onRetry={detail.reload} />
      </div>
    );
  }
  if (!detail.data || !node || !plan) {
    if (planRes.error) return <ErrorState error={planRes.error} onRetry={planRes.reload} />;
    return <Loading />;
  }

  const { path, changes } = detail.data;
  const inactive = node.status !== 'active';

  return (
    <div>
      <Breadcrumbs
        items={[
          { label: '自治体の選択', to: paths.home() },
          { label: muni?.name ?? code, to: paths.municipality(code) },
          { label: plan.title, to: backToPlan },
          ...path.map((p) => ({ label: numbered(p.number, p.title), to: paths.node(code, planId, p.id, search) })),
          { label: numbered(node.number, node.title) },
        ]}
      />

      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 text-dns-14N-130">
            <Badge>{node.levelName}</Badge>
            {node.isAction && node.levelName !== '実施項目' && <Badge tone="key">実施項目</Badge>}
            {node.priority && <PriorityBadge />}
            <StatusBadge status={node.status} />
            {node.marks.map((m) => (
              <span key={m} className="text-dns-14B-130 text-red-1000">
                {m}
              </span>
            ))}
          </p>
          <PageHeading className={cx('mt-1', inactive && 'text-solid-gray-700')}>
            {node.number && <span className="mr-2 text-key-1000">{node.number}</span>}
            <span data-testid="node-title">{node.title}</span>
          </PageHeading>
        </div>
        {!editing && (
          <div className="no-print flex flex-wrap gap-2" role="group" aria-label="項目の操作">
            {can('node.edit') && (
              <Button ref={editButton} variant="primary" size="sm" onClick={startEdit}>
                編集
              </Button>
            )}
            {can('node.create') && !inactive && node.depth < plan.levelNames.length - 1 && (
              <ButtonLink size="sm" to={paths.newNode(code, planId, node.id)}>
                ＋ 子項目を追加
              </ButtonLink>
            )}
            {can('node.merge') && !inactive && (
              <Button size="sm" onClick={() => setDialog('merge')}>
                統合
              </Button>
            )}
            {can('node.stop') && !inactive && (
              <Button size="sm" variant="danger" onClick={() => setDialog('stop')}>
                中止
              </Button>
            )}
            <NodeSheetLink code={code} planId={planId} nodeId={node.id} />
          </div>
        )}
      </div>

      {saved && <SuccessMessage onClose={() => setSaved(null)}>{saved}</SuccessMessage>}

      {inactive && (
        <p className="my-3 rounded-8 border border-solid-gray-536 bg-solid-gray-50 px-4 py-2 text-std-16N-170">
          {node.status === 'stopped' ? 'この項目は中止されました' : 'この項目は統合されました'}
          {node.effectiveTo && `（${formatDate(node.effectiveTo)}）`}。
          {node.status === 'merged' && node.mergedIntoId && (
            <>
              {' '}統合先：
              <Link to={paths.node(code, planId, node.mergedIntoId, search)}>
                {mergedInto ? numbered(mergedInto.number, mergedInto.title) : '統合先の項目'}
              </Link>
            </>
          )}
        </p>
      )}

      {editing && values ? (
        <div className="mt-4">
          <NodeForm
            mode="edit"
            plan={plan}
            departments={departments}
            tags={tags}
            values={values}
            onChange={setValues}
            errors={errors}
            submitting={submitting}
            onSubmit={() => void save()}
            onCancel={cancelEdit}
            heading={`${node.levelName}の編集（版 ${baseNode?.version ?? node.version}）`}
            extra={
              conflict && (
                <ConflictPanel
                  className="my-5"
                  heading="他の利用者がこの項目を先に更新しました"
                  message={
                    <>
                      {conflict.current ? `保存されている内容は版 ${conflict.current.version} です。` : ''}
                      あなたの入力はまだ保存されていません。保存されている内容を確認して、次のどちらかを選んでください。
                      反映を選んだ場合は、フォームの内容を確認してからもう一度「保存する」を押してください。
                    </>
                  }
                  storedVersion={conflict.current?.version ?? null}
                  rows={conflict.current ? nodeConflictRows(values, conflict.current, plan, deptMap, tagMap) : []}
                  onReload={() => {
                    setConflict(null);
                    setEditing(false);
                    setErrors(new Map());
                    invalidate(detailPath);
                  }}
                  onKeepMine={
                    conflict.current && baseNode
                      ? () => {
                          const current = conflict.current!;
                          setValues(mergeOnto(values, baseNode, current));
                          setBaseNode({ ...baseNode, ...current, id: baseNode.id });
                          setConflict(null);
                          setSaved(null);
                        }
                      : null
                  }
                />
              )
            }
          />
        </div>
      ) : (
        <div className="mt-4 grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <div className="grid content-start gap-4">
            <Section title="事業概要">
              {node.description ? (
                <p className="whitespace-pre-line text-std-16N-170" data-testid="node-description">
                  {node.description}
                </p>
              ) : (
                <p className="text-std-16N-170 text-solid-gray-700" data-testid="node-description">
                  （未記入）
                </p>
              )}
            </Section>
            <Section title="基本情報">
              <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-2 text-std-16N-170">
                <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">階層</dt>
                <dd>{node.levelName}</dd>
                <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">整理番号</dt>
                <dd>{node.number || '―'}</dd>
                <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">担当課</dt>
                <dd>
                  <DeptList node={node} />
                </dd>
                <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">タグ</dt>
                <dd className="flex flex-wrap gap-1">
                  {node.tagIds.length === 0
                    ? '―'
                    : node.tagIds.map((id) => <TagChip key={id} name={tagMap.get(id)?.name ?? id} />)}
                </dd>
                <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">重点</dt>
                <dd>{node.priority ? '重点項目' : '―'}</dd>
                <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">改訂マーク</dt>
                <dd>{node.marks.length ? node.marks.join(' ') : '―'}</dd>
                <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">期間</dt>
                <dd>
                  {formatDate(node.effectiveFrom)}から
                  {node.effectiveTo ? `${formatDate(node.effectiveTo)}まで` : ''}
                </dd>
                <dt className="text-dns-14B-130 leading-[1.7] text-solid-gray-800">版</dt>
                <dd>{node.version}</dd>
              </dl>
            </Section>
            {(node.isAction || Object.keys(node.schedule).length > 0) && (
              <Section title="スケジュール">
                <ScheduleTable plan={plan} schedule={node.schedule} />
              </Section>
            )}
          </div>
          <div className="grid content-start gap-4">
            <Section title={`下位項目（${children.length}）`}>
              {children.length === 0 ? (
                <p className="text-std-16N-170 text-solid-gray-700">下位の項目はありません。</p>
              ) : (
                <ul className="grid gap-1 text-dns-16N-130">
                  {children.map((c) => (
                    <li key={c.id} className="flex flex-wrap items-center gap-2">
                      <Link to={paths.node(code, planId, c.id, search)} className={cx(c.status !== 'active' && 'line-through')}>
                        {numbered(c.number, c.title)}
                      </Link>
                      {c.priority && <PriorityBadge small />}
                      <StatusBadge status={c.status} small />
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section title="変更履歴">
              {changes.length === 0 ? (
                <p className="text-std-16N-170 text-solid-gray-700">記録された変更はありません。</p>
              ) : (
                <ol className="grid gap-3" data-testid="node-changes">
                  {[...changes]
                    .sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate) || b.recordedAt.localeCompare(a.recordedAt))
                    .map((c) => (
                    <li key={c.id} className="border-l-4 border-solid-gray-200 pl-3">
                      <p className="flex flex-wrap items-center gap-2 text-dns-14N-130">
                        <Badge tone={changeTone(c.kind)}>{c.kindLabel}</Badge>
                        <time dateTime={c.effectiveDate} className="text-dns-14B-130">
                          {formatDate(c.effectiveDate)}
                        </time>
                        {c.mark && <span className="text-red-1000">{c.mark}</span>}
                      </p>
                      {c.reason && <p className="mt-0.5 whitespace-pre-line text-std-16N-170">{c.reason}</p>}
                      <p className="text-[0.75rem] leading-[1.4] text-solid-gray-700">
                        {formatDateTime(c.recordedAt)} {c.recordedBy}
                      </p>
                    </li>
                  ))}
                </ol>
              )}
            </Section>
          </div>
        </div>
      )}

      {!editing && node.isAction && <ProgressSection code={code} planId={planId} nodeId={nodeId} plan={plan} />}

      {dialog && (
        <ActionDialog
          kind={dialog}
          node={node}
          candidates={mergeCandidates}
          code={code}
          planId={planId}
          onClose={() => setDialog(null)}
          onDone={(res, message) => {
            setDialog(null);
            afterChange(res);
            setSaved(message);
          }}
        />
      )}
    </div>
  );
}
