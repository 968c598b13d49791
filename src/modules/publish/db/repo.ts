/** Publications (公表), tenant-scoped. */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { publications } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';
import type { PublicationKind } from '../domain/publication.js';

export type PublicationRow = typeof publications.$inferSelect;
/** A publication without its snapshot (lists, checks). */
export type PublicationMeta = Omit<PublicationRow, 'snapshot'>;

const meta = {
  municipalityId: publications.municipalityId,
  id: publications.id,
  subjectKind: publications.subjectKind,
  subjectId: publications.subjectId,
  fiscalYear: publications.fiscalYear,
  planId: publications.planId,
  seq: publications.seq,
  state: publications.state,
  title: publications.title,
  changes: publications.changes,
  correction: publications.correction,
  reason: publications.reason,
  unaccepted: publications.unaccepted,
  unacceptedCount: publications.unacceptedCount,
  publishedAt: publications.publishedAt,
  publishedBy: publications.publishedBy,
  withdrawnAt: publications.withdrawnAt,
  withdrawnBy: publications.withdrawnBy,
  withdrawReason: publications.withdrawReason,
};

export interface Subject {
  kind: PublicationKind;
  subjectId: string;
  fiscalYear: number;
}

const ofSubject = (scope: TenantScope, s: Subject) =>
  and(
    eq(publications.municipalityId, scope.municipalityId),
    eq(publications.subjectKind, s.kind),
    eq(publications.subjectId, s.subjectId),
    eq(publications.fiscalYear, s.fiscalYear),
  );

/** Every publication of a subject and year, newest first (the 正誤 history). */
export async function historyOf(scope: TenantScope, s: Subject): Promise<PublicationMeta[]> {
  return scope.db.select(meta).from(publications).where(ofSubject(scope, s)).orderBy(desc(publications.seq));
}

/** The latest publication of a subject and year (any state), locked when asked: the version check of publishing. */
export async function latestOf(scope: TenantScope, s: Subject, lock?: 'update'): Promise<PublicationRow | null> {
  const q = scope.db.select().from(publications).where(ofSubject(scope, s)).orderBy(desc(publications.seq)).limit(1);
  const rows = lock ? await q.for(lock) : await q;
  return rows[0] ?? null;
}

export async function findPublication(scope: TenantScope, id: string, lock?: 'update'): Promise<PublicationRow | null> {
  const q = scope.db
    .select()
    .from(publications)
    .where(and(eq(publications.municipalityId, scope.municipalityId), eq(publications.id, id)))
    .limit(1);
  const rows = lock ? await q.for(lock) : await q;
  return rows[0] ?? null;
}

/** What is public now, without snapshots: every current publication (optionally of some kinds, of a plan). */
export async function currentMeta(scope: TenantScope, opts: { kinds?: readonly PublicationKind[]; planId?: string } = {}): Promise<PublicationMeta[]> {
  return scope.db
    .select(meta)
    .from(publications)
    .where(
      and(
        eq(publications.municipalityId, scope.municipalityId),
        eq(publications.state, 'published'),
        opts.kinds ? inArray(publications.subjectKind, [...opts.kinds]) : undefined,
        opts.planId ? eq(publications.planId, opts.planId) : undefined,
      ),
    )
    .orderBy(asc(publications.publishedAt), asc(publications.id));
}

/** Current publications with their snapshots. */
export async function currentWithSnapshots(scope: TenantScope, opts: { kinds?: readonly PublicationKind[]; planId?: string; subjectId?: string } = {}): Promise<PublicationRow[]> {
  return scope.db
    .select()
    .from(publications)
    .where(
      and(
        eq(publications.municipalityId, scope.municipalityId),
        eq(publications.state, 'published'),
        opts.kinds ? inArray(publications.subjectKind, [...opts.kinds]) : undefined,
        opts.planId ? eq(publications.planId, opts.planId) : undefined,
        opts.subjectId ? eq(publications.subjectId, opts.subjectId) : undefined,
      ),
    )
    .orderBy(asc(publications.publishedAt), asc(publications.id));
}

/** Every publication of the municipality, newest first (the secretariat's list and the public 正誤 list). */
export async function allMeta(scope: TenantScope, opts: { planId?: string } = {}): Promise<PublicationMeta[]> {
  return scope.db
    .select(meta)
    .from(publications)
    .where(and(eq(publications.municipalityId, scope.municipalityId), opts.planId ? eq(publications.planId, opts.planId) : undefined))
    .orderBy(desc(publications.publishedAt), desc(publications.seq));
}
