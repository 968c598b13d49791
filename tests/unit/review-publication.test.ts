/** When a meeting's opinions and responses may be published for citizens (review/domain/publication.ts). */
import { describe, expect, it } from 'vitest';
import { publicationProblems, withdrawalProblems } from '../../src/modules/review/domain/publication.js';

const counts = (open: number, answered: number, closed: number) => ({ open, answered, closed });

describe('publicationProblems', () => {
  it('allows a meeting whose opinions are all closed', () => {
    expect(publicationProblems({ opinions: counts(0, 0, 3), publishedAt: null })).toEqual([]);
  });

  it('refuses a meeting without opinions: there is nothing to publish', () => {
    expect(publicationProblems({ opinions: counts(0, 0, 0), publishedAt: null })).toEqual(['この会議には意見が登録されていません。公表するのは、会議で出た意見と市の対応です。']);
  });

  it('names how many opinions are still open or awaiting the secretariat', () => {
    expect(publicationProblems({ opinions: counts(2, 0, 1), publishedAt: null })).toEqual(['完了していない意見が2件あります（対応待ち2件）。すべての意見を完了してから公表してください。']);
    expect(publicationProblems({ opinions: counts(0, 1, 1), publishedAt: null })).toEqual([
      '完了していない意見が1件あります（回答済み（事務局の確認待ち）1件）。すべての意見を完了してから公表してください。',
    ]);
    expect(publicationProblems({ opinions: counts(1, 1, 0), publishedAt: null })[0]).toContain('2件あります（対応待ち1件・回答済み（事務局の確認待ち）1件）');
  });

  it('refuses to publish twice', () => {
    expect(publicationProblems({ opinions: counts(0, 0, 1), publishedAt: new Date('2026-11-01T00:00:00Z') })).toEqual(['この会議の意見と対応は既に公表しています。']);
  });
});

describe('withdrawalProblems', () => {
  it('withdraws only what is published', () => {
    expect(withdrawalProblems({ publishedAt: new Date('2026-11-01T00:00:00Z') })).toEqual([]);
    expect(withdrawalProblems({ publishedAt: null })).toEqual(['この会議の意見と対応はまだ公表していません。']);
  });
});
