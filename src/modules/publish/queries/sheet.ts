/** Loads an item's single sheet (個票): node detail, progress and tag names. Tenant-scoped (404 for other municipalities' ids). */
import { readAll } from '../../../db/parallel.js';
import type { TenantScope } from '../../../shared/context.js';
import type { Actor } from '../../access/domain/policy.js';
import { nodeProgress } from '../../pdca/views/queries/progress.js';
import type { AnswerBasis } from '../../pdca/views/domain/model.js';
import { getNodeDetail, getPlan } from '../../plans/queries/plans.js';
import { listTags } from '../../tags/queries/tags.js';
import { presentTag } from '../../tags/presenters/tag.js';
import { buildSheet, type Sheet } from '../domain/sheet.js';

/**
 * `actor`: the reader — the answers are those they may read (policies/answers.ts), checked again
 * when a background job renders the sheet, since answers may have moved since it was queued.
 */
export async function loadSheet(scope: TenantScope, planId: string, nodeId: string, basis: AnswerBasis, actor: Actor): Promise<Sheet> {
  const detail = await getNodeDetail(scope, planId, nodeId);
  const [progress, tags, plan] = await readAll(scope.db, [() => nodeProgress(scope, planId, nodeId, { basis, actor, asked: true }), () => listTags(scope), () => getPlan(scope, planId)] as const);
  return buildSheet({ detail, progress, tags: tags.map(presentTag), phases: plan.phases, basis });
}
