/** @jsxImportSource react */
/**
 * Parts shared by the meeting and opinion screens: the standard bodies, the
 * opinion state badge, a plan-item picker and the rounds of every plan.
 */
import { useMemo } from 'react';
import { selectCls } from '../../../components/form';
import { Badge, cx } from '../../../components/ui';
import { apiPaths, type PlanSummaryDto, type PlanTreeDto, type TreeNodeDto } from '../../../lib/api';
import { useApi } from '../../../lib/useApi';
import type { MunicipalityRoundListDto, RoundDto } from '../../../../../src/shared/api-types-pdca.js';
import type { OpinionDto, OpinionStateDto } from '../../../../../src/shared/api-types-review.js';
import { dateW, secApiPaths } from '../lib';

export {
  MEMBER_ROLES,
  STANDARD_BODIES,
} from '../../../../../src/modules/review/domain/meeting.js';
export { DEFAULT_DUE_LABEL, OPINION_STATE_LABELS, OPINION_STATES } from '../../../../../src/modules/review/domain/opinion.js';

/**
 * The deadline in force, for lists: 超過 when past it, 本日 when it is today (`asOf`, the server's JST date),
 * and （指定） when the secretariat set it rather than the default rule. Closed opinions have none.
 */
export function OpinionDue({ o, asOf }: { o: Pick<OpinionDto, 'state' | 'effectiveDueOn' | 'dueOnIsDefault' | 'overdue'>; asOf?: string }) {
  if (o.state === 'closed') return <span className="text-solid-gray-700">―</span>;
  const dueToday = !o.overdue && o.state === 'open' && asOf === o.effectiveDueOn;
  return (
    <span className={cx('whitespace-nowrap', (o.overdue || dueToday) && 'font-bold', o.overdue && 'text-error-1')} data-testid="opinion-due">
      {dateW(o.effectiveDueOn)}
      {o.overdue && '（超過）'}
      {dueToday && '（本日）'}
      {!o.dueOnIsDefault && <span className="font-normal text-dns-14N-130 text-solid-gray-700">（指定）</span>}
    </span>
  );
}

export function OpinionStateBadge({ state, label, overdue }: { state: OpinionStateDto; label: string; overdue?: boolean }) {
  const tone = state === 'closed' ? 'success' : state === 'answered' ? 'key' : 'warning';
  return (
    <span className="inline-flex flex-wrap gap-1">
      <Badge tone={tone}>{label}</Badge>
      {overdue && <Badge tone="danger">期限超過</Badge>}
    </span>
  );
}

export interface FlatNode {
  id: string;
  depth: number;
  label: string;
  isAction: boolean;
  status: string;
}

export function flattenTree(roots: TreeNodeDto[]): FlatNode[] {
  const out: FlatNode[] = [];
  const walk = (ns: TreeNodeDto[]) => {
    for (const n of ns) {
      out.push({ id: n.id, depth: n.depth, label: [n.number, n.title].filter(Boolean).join(' '), isAction: n.isAction, status: n.status });
      walk(n.children);
    }
  };
  walk(roots);
  return out;
}

/** The items of one plan as <option>s (indented by depth). */
export function NodeOptions({ code, planId }: { code: string; planId: string }) {
  const tree = useApi<PlanTreeDto>(planId ? apiPaths.tree(code, planId) : null);
  const flat = useMemo(() => (tree.data ? flattenTree(tree.data.roots) : []), [tree.data]);
  if (!tree.data) return <option disabled>{tree.error ? '項目を読み込めませんでした' : '読み込み中…'}</option>;
  return (
    <>
      {flat.map((n) => (
        <option key={n.id} value={n.id}>
          {'　'.repeat(n.depth)}
          {n.label}
          {n.status === 'stopped' ? '（中止）' : n.status === 'merged' ? '（統合）' : ''}
        </option>
      ))}
    </>
  );
}

/** Plan + item of that plan. */
export function NodePicker({
  code,
  plans,
  planId,
  nodeId,
  onChange,
  idPrefix,
  invalid,
  describedBy,
  nodeLabel = '項目',
}: {
  code: string;
  plans: PlanSummaryDto[];
  planId: string;
  nodeId: string;
  onChange: (planId: string, nodeId: string) => void;
  idPrefix: string;
  invalid?: true | undefined;
  describedBy?: string | undefined;
  nodeLabel?: string;
}) {
  return (
    <span className="flex flex-wrap gap-2">
      <select
        id={`${idPrefix}-plan`}
        aria-label="計画"
        className={cx(selectCls, 'max-w-80')}
        value={planId}
        onChange={(e) => onChange(e.target.value, '')}
      >
        <option value="">（計画を選ぶ）</option>
        {plans.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </select>
      <select
        id={idPrefix}
        aria-label={nodeLabel}
        className={cx(selectCls, 'min-w-64 max-w-full flex-1')}
        value={nodeId}
        disabled={!planId}
        onChange={(e) => onChange(planId, e.target.value)}
        aria-invalid={invalid}
        aria-describedby={describedBy}
      >
        <option value="">（項目を選ばない）</option>
        {planId && <NodeOptions code={code} planId={planId} />}
      </select>
    </span>
  );
}

/** Every round of every plan (for choosing one in an agenda item). */
export function useAllRounds(code: string): RoundDto[] | null {
  // every round of the municipality in one request (GET /rounds), newest first
  const res = useApi<MunicipalityRoundListDto>(secApiPaths.roundList(code));
  return res.data?.items ?? (res.error ? [] : null);
}

/** 本文 shortened for a list cell. */
export function excerpt(s: string, n = 80): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
}
