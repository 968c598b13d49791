/** Loads a plan's tree for the 体系図 (current state, or as of a date). Tenant-scoped. */
import type { TreeNodeDto } from '../../../shared/api-types.js';
import type { TenantScope } from '../../../shared/context.js';
import { getTree } from '../../plans/queries/plans.js';
import type { DiagramNode } from '../domain/diagram.js';
import { ENDED_LABELS } from '../domain/labels.js';

export interface LoadedDiagram {
  planTitle: string;
  levelNames: string[];
  forest: DiagramNode[];
}

export function toDiagramForest(roots: readonly TreeNodeDto[], includeEnded: boolean): DiagramNode[] {
  const convert = (n: TreeNodeDto): DiagramNode[] =>
    !includeEnded && n.status !== 'active'
      ? []
      : [
          {
            id: n.id,
            depth: n.depth,
            number: n.number,
            title: n.title,
            priority: n.priority,
            endedLabel: ENDED_LABELS[n.status] ?? '',
            children: n.children.flatMap(convert),
          },
        ];
  return roots.flatMap(convert);
}

export async function loadDiagram(scope: TenantScope, planId: string, opts: { asOf: string | null; includeEnded: boolean }): Promise<LoadedDiagram> {
  const tree = await getTree(scope, planId, { asOf: opts.asOf });
  const forest = toDiagramForest(tree.roots, opts.includeEnded);
  const depth = (ns: readonly DiagramNode[]): number => ns.reduce((m, n) => Math.max(m, n.depth + 1, depth(n.children)), 0);
  // one column per level in use (a plan may name more levels than it has yet)
  const columns = forest.length ? depth(forest) : Math.max(1, tree.plan.levelNames.length);
  const levelNames = Array.from({ length: columns }, (_, i) => tree.plan.levelNames[i] ?? tree.plan.levelNames[tree.plan.levelNames.length - 1] ?? '項目');
  return { planTitle: tree.plan.title, levelNames, forest };
}
