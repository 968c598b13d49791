import { describe, expect, it } from 'vitest';
import { matchesQuery, normalizeForSearch } from '../../src/modules/plans/domain/search.js';

describe('normalizeForSearch', () => {
  it.each<[string, string, string]>([
    ['full-width letter and digit', 'Ｒ４', 'r4'],
    ['full-width in context', 'Ｒ４年度改訂', 'r4年度改訂'],
    ['ASCII upper case', 'DX推進', 'dx推進'],
    ['full-width upper-case Latin', 'ＤＸ', 'dx'],
    ['half-width kana', 'ｼｽﾃﾑ', 'システム'],
    ['half-width kana with dakuten', 'ﾃﾞｼﾞﾀﾙ', 'デジタル'],
    ['half-width kana with handakuten', 'ﾍﾟｰﾊﾟｰﾚｽ', 'ペーパーレス'],
    ['full-width space collapses to a space', '行政　改革', '行政 改革'],
    ['runs of mixed whitespace collapse', 'a \t\n　 b', 'a b'],
    ['leading and trailing whitespace trimmed', '　 押印廃止 　', '押印廃止'],
    ['full-width symbols', '（１）－①', '(1)-1'],
    ['kanji and hiragana untouched', '行政手続のオンライン化', '行政手続のオンライン化'],
    ['empty', '', ''],
  ])('%s: %s → %s', (_label, input, expected) => {
    expect(normalizeForSearch(input)).toBe(expected);
  });
});

describe('matchesQuery', () => {
  const fields = ['1-(1)-①', '窓口のデジタル化（Ｒ４年度改訂）', 'ＤＸ推進課', '書かない窓口を導入する。'];

  it.each<[string, string, readonly string[], boolean]>([
    ['empty query matches everything', '', fields, true],
    ['blank query matches everything', ' 　 ', fields, true],
    ['empty query even with no fields', '', [], true],
    ['single term present', '窓口', fields, true],
    ['single term absent', '財政', fields, false],
    ['half-width query finds full-width text', 'R4', fields, true],
    ['lower-case query finds full-width upper case', 'dx', fields, true],
    ['full-width query finds full-width text', 'Ｒ４', fields, true],
    ['half-width kana query finds full-width kana', 'ﾃﾞｼﾞﾀﾙ', fields, true],
    ['AND: both terms present', '窓口 DX', fields, true],
    ['AND: one term absent', '窓口 財政', fields, false],
    ['AND: terms may come from different fields', '書かない 推進課', fields, true],
    ['full-width space separates terms', '窓口　ＤＸ', fields, true],
    ['full-width space separator, one absent', '窓口　財政', fields, false],
    ['repeated separators ignored', '  窓口 　 DX  ', fields, true],
    ['term order does not matter', 'DX 窓口', fields, true],
    ['phrase with space is not required to be contiguous', 'デジタル 導入', fields, true],
    ['no fields, non-empty query', '窓口', [], false],
    ['number search', '1-(1)', fields, true],
    ['NFKC circled digit', '1-(1)-1', fields, true],
  ])('%s', (_label, query, hay, expected) => {
    expect(matchesQuery(query, hay)).toBe(expected);
  });

  it('a term does not match across the boundary of two fields', () => {
    // "改革" would only appear by joining "行政改" and "革新"
    expect(matchesQuery('改革', ['行政改', '革新'])).toBe(false);
    expect(matchesQuery('改革', ['行政改革'])).toBe(true);
  });

  it('a term with full-width letters matches half-width text', () => {
    expect(matchesQuery('ＲＰＡ', ['RPAの導入'])).toBe(true);
    expect(matchesQuery('ｒｐａ', ['RPAの導入'])).toBe(true);
    expect(matchesQuery('ＲＰＡ', ['AI-OCRの導入'])).toBe(false);
  });
});
