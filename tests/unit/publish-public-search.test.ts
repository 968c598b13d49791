/**
 * The citizens' site search: one normal form on both sides (width, half-width kana, katakana and
 * hiragana, case), every word required, excerpts pointing at what was written, and the limits.
 */
import { describe, expect, it } from 'vitest';
import { excerptOf, leadOf, matchesAll, normalizeForSearch, parseQuery, searchDocs, SEARCH_LIMITS, type SearchDoc } from '../../src/modules/publish/domain/publicSearch.js';

describe('normalizeForSearch', () => {
  it('folds width, half-width kana with voicing marks, katakana to hiragana and case', () => {
    expect(normalizeForSearch('ｶﾅ')).toBe('かな');
    expect(normalizeForSearch('カナ')).toBe('かな');
    expect(normalizeForSearch('ｶﾞｯｺｳ')).toBe('がっこう');
    expect(normalizeForSearch('ﾊﾟｿｺﾝ')).toBe('ぱそこん');
    expect(normalizeForSearch('ＲＰＡ１２３')).toBe('rpa123');
    expect(normalizeForSearch('ＤＸ推進')).toBe('dx推進');
    expect(normalizeForSearch('ヽヾ')).toBe('ゝゞ');
    // the long vowel mark and kanji are kept as they are
    expect(normalizeForSearch('データ連携')).toBe('でーた連携');
  });

  it('collapses white space of any width into one space', () => {
    expect(normalizeForSearch('窓口\u3000 サービス\n改善')).toBe('窓口 さーびす 改善');
  });
});

describe('parseQuery', () => {
  it('splits into distinct normalised words', () => {
    expect(parseQuery('  ｶﾅ　窓口 カナ ')).toEqual({ text: 'ｶﾅ　窓口 カナ', terms: ['かな', '窓口'], problem: null });
  });

  it('refuses an empty query and one longer than the limit, counting characters not code units', () => {
    expect(parseQuery(undefined).problem).toBe('empty');
    expect(parseQuery(' \u3000 ').problem).toBe('empty');
    expect(parseQuery('あ'.repeat(SEARCH_LIMITS.query)).problem).toBeNull();
    expect(parseQuery('あ'.repeat(SEARCH_LIMITS.query + 1))).toMatchObject({ problem: 'too_long', terms: [] });
    // 100 characters outside the BMP are 200 code units, still within the limit
    expect(parseQuery('𠮷'.repeat(SEARCH_LIMITS.query)).problem).toBeNull();
  });

  it('keeps at most the word limit', () => {
    const q = Array.from({ length: SEARCH_LIMITS.terms + 5 }, (_, i) => `w${i}`).join(' ');
    expect(parseQuery(q).terms).toHaveLength(SEARCH_LIMITS.terms);
  });
});

describe('matching', () => {
  it('needs every word, each in any field', () => {
    const fields = ['ふるさと納税の推進', 'ポータルサイトを増やす'].map(normalizeForSearch);
    expect(matchesAll(['ふるさと', 'ぽーたる'], fields)).toBe(true);
    expect(matchesAll(['ふるさと', '窓口'], fields)).toBe(false);
  });

  it('finds full-width digits by half-width ones and katakana by half-width kana', () => {
    const docs: SearchDoc<string>[] = [
      { fields: ['ＲＰＡによる定型業務の自動化', '令和７年度に２０業務へ拡大'], payload: 'a1' },
      { fields: ['キャッシュレス決済の導入', ''], payload: 'a5' },
    ];
    expect(searchDocs(docs, parseQuery('20業務').terms).hits.map((h) => h.payload)).toEqual(['a1']);
    expect(searchDocs(docs, parseQuery('ｷｬｯｼｭﾚｽ').terms).hits.map((h) => h.payload)).toEqual(['a5']);
    expect(searchDocs(docs, parseQuery('きゃっしゅれす').terms).hits.map((h) => h.payload)).toEqual(['a5']);
    expect(searchDocs(docs, parseQuery('rpa').terms).hits.map((h) => h.payload)).toEqual(['a1']);
    expect(searchDocs(docs, parseQuery('存在しない言葉').terms)).toEqual({ hits: [], total: 0 });
  });

  it('lists title hits first, counts all and lists at most the limit', () => {
    const docs: SearchDoc<number>[] = [
      { fields: ['別の題', '窓口の説明'], payload: 1 },
      { fields: ['窓口の改善', ''], payload: 2 },
      ...Array.from({ length: 150 }, (_, i) => ({ fields: [`項目${i}`, '窓口'], payload: 100 + i })),
    ];
    const r = searchDocs(docs, ['窓口'], 100);
    expect(r.total).toBe(152);
    expect(r.hits).toHaveLength(100);
    expect(r.hits[0]).toMatchObject({ payload: 2, inTitle: true });
    expect(r.hits[1]).toMatchObject({ payload: 1, inTitle: false });
    expect(r.hits[1]!.excerpt).toMatchObject({ before: '', match: '窓口', after: 'の説明' });
  });
});

describe('excerpts', () => {
  it('marks the text as written, even when it was written in half-width kana or full-width', () => {
    expect(excerptOf('市の ｶﾞｲﾄﾞﾌﾞｯｸ を作成', ['がいどぶっく'])).toEqual({ before: '市の ', match: 'ｶﾞｲﾄﾞﾌﾞｯｸ', after: ' を作成', clippedStart: false, clippedEnd: false });
    expect(excerptOf('業務を２０件削減', ['20件'])).toMatchObject({ before: '業務を', match: '２０件', after: '削減' });
  });

  it('clips long texts around the first hit', () => {
    const text = `${'あ'.repeat(100)}窓口${'い'.repeat(100)}`;
    const e = excerptOf(text, ['窓口'], 10)!;
    expect(e).toEqual({ before: 'あ'.repeat(10), match: '窓口', after: 'い'.repeat(10), clippedStart: true, clippedEnd: true });
    expect(excerptOf(text, ['ない'])).toBeNull();
  });

  it('starts with the beginning of the text when only the title matched', () => {
    expect(leadOf('  説明の\n文章  ', 4)).toEqual({ before: '説明の ', match: '', after: '', clippedStart: false, clippedEnd: true });
    expect(leadOf('')).toBeNull();
  });
});
