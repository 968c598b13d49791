/** Loads an item's single sheet (個票): node detail, progress and tag names. Tenant-scoped (404 for other municipalities' ids). */
import { readAll } from '../../../db/parallel.js';
import type { TenantScope } from '../../../shared/context.js';
import { nodeProgress } from '../../pdca/views/queries/progress.js';
import type { AnswerBasis } from '../../pdca/views/domain/model.js';
import { getNodeDetail, getPlan } from '../../plans/queries/plans.js';
import { listTags } from '../../tags/queries/tags.js';
import { presentTag } from '../../tags/presenters/tag.js';
import { buildSheet, type Sheet } from '../domain/sheet.js';

export async function loadSheet(scope: TenantScope, planId: string, nodeId: string, basis: AnswerBasis): Promise<Sheet> {
  const detail = await getNodeDetail(scope, planId, nodeId);
  const [progress, tags, plan] = await readAll(scope.db, [() => nodeProgress(scope, planId, nodeId, { basis }), () => listTags(scope), () => getPlan(scope, planId)] as const);
  return buildSheet({ detail, progress, tags: tags.map(presentTag), phases: plan.phases, basis });
}
