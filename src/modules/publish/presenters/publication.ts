import type { PublicationDto } from '../../../shared/api-types-publish.js';
import { PUBLICATION_KIND_LABELS, PUBLICATION_STATE_LABELS, type PublicationKind, type PublicationState } from '../domain/publication.js';
import type { PublicationMeta } from '../db/repo.js';
import { publicPaths } from '../http/publicPaths.js';

/** The citizens' page that shows a subject. */
export function publicPathOf(code: string, p: Pick<PublicationMeta, 'subjectKind' | 'subjectId' | 'planId'>): string {
  if (p.subjectKind === 'round') return publicPaths.round(code, p.subjectId);
  if (p.subjectKind === 'kpi_values') return publicPaths.kpis(code, p.planId);
  return publicPaths.finance(code, p.planId);
}

export function presentPublication(p: PublicationMeta, code: string): PublicationDto {
  return {
    id: p.id,
    kind: p.subjectKind as PublicationKind,
    kindLabel: PUBLICATION_KIND_LABELS[p.subjectKind as PublicationKind] ?? p.subjectKind,
    planId: p.planId,
    subjectId: p.subjectId,
    fiscalYear: p.fiscalYear,
    title: p.title,
    seq: p.seq,
    state: p.state as PublicationState,
    stateLabel: PUBLICATION_STATE_LABELS[p.state as PublicationState] ?? p.state,
    changes: p.changes,
    correction: p.correction,
    reason: p.reason,
    unaccepted: (p.unaccepted as PublicationDto['unaccepted']) ?? null,
    unacceptedCount: p.unacceptedCount,
    publishedAt: p.publishedAt.toISOString(),
    publishedBy: p.publishedBy,
    withdrawnAt: p.withdrawnAt?.toISOString() ?? null,
    withdrawnBy: p.withdrawnBy,
    withdrawReason: p.withdrawReason,
    publicPath: publicPathOf(code, p),
  };
}
