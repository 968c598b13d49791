/**
 * Publication (公表) of a meeting's opinions and the municipality's responses to citizens. Pure.
 * A meeting is published as a whole, the way municipalities publish 「第○回審議会の意見と市の対応」:
 * only when it has opinions and every one of them is closed (its response settled by the
 * secretariat). The public page then shows the meeting's closed opinions with their responses.
 */
import type { OpinionState } from './opinion.js';

export interface PublicationFacts {
  /** opinions of the meeting by state */
  opinions: Readonly<Record<OpinionState, number>>;
  publishedAt: Date | null;
}

/** Why the meeting cannot be published now (Japanese, for the user); empty when it can. */
export function publicationProblems(f: PublicationFacts): string[] {
  const total = f.opinions.open + f.opinions.answered + f.opinions.closed;
  if (f.publishedAt) return ['この会議の意見と対応は既に公表しています。'];
  if (total === 0) return ['この会議には意見が登録されていません。公表するのは、会議で出た意見と市の対応です。'];
  const pending = f.opinions.open + f.opinions.answered;
  if (pending === 0) return [];
  const parts = [f.opinions.open ? `対応待ち${f.opinions.open}件` : '', f.opinions.answered ? `回答済み（事務局の確認待ち）${f.opinions.answered}件` : ''].filter(Boolean);
  return [`完了していない意見が${pending}件あります（${parts.join('・')}）。すべての意見を完了してから公表してください。`];
}

/** Why publication cannot be withdrawn now; empty when it can. */
export function withdrawalProblems(f: Pick<PublicationFacts, 'publishedAt'>): string[] {
  return f.publishedAt ? [] : ['この会議の意見と対応はまだ公表していません。'];
}
