import { describe, expect, it } from 'vitest';
import {
  PREFECTURES,
  checkDigit,
  isValidLocalGovCode,
  prefectureCodeOf,
  prefectureName,
  validateLocalGovCode,
  withCheckDigit,
} from '../../src/modules/municipalities/domain/localGovCode.js';

// Real codes published by 総務省 (全国地方公共団体コード).
const VALID: ReadonlyArray<[code: string, name: string, pref: string, prefName: string]> = [
  ['131016', '千代田区', '13', '東京都'],
  ['432041', '荒尾市', '43', '熊本県'], // sum 55, r = 0 → 1
  ['432121', '上天草市', '43', '熊本県'],
  ['112062', '行田市', '11', '埼玉県'],
  ['052124', '大仙市', '05', '秋田県'],
  ['011002', '札幌市', '01', '北海道'],
  ['141003', '横浜市', '14', '神奈川県'],
  ['281000', '神戸市', '28', '兵庫県'], // sum 56, r = 1 → 0
  ['472018', '那覇市', '47', '沖縄県'],
  ['130001', '東京都', '13', '東京都'],
];

describe('checkDigit', () => {
  it.each(VALID)('%s (%s)', (code) => {
    expect(checkDigit(code.slice(0, 5))).toBe(Number(code[5]));
    expect(withCheckDigit(code.slice(0, 5))).toBe(code);
  });

  it.each([
    // first5, weighted sum, expected
    ['00000', 0, 1], // r = 0 → 1
    ['28100', 56, 0], // r = 1 → 0
    ['00001', 2, 9], // r = 2 → 9
    ['10000', 6, 5],
    ['99999', 180, 7], // 180 mod 11 = 4
  ])('%s (sum %i) → %i', (first5, _sum, expected) => {
    expect(checkDigit(first5)).toBe(expected);
  });

  it.each(['', '1310', '131016', '1310a', '１３１０１', ' 13101'])('rejects %j', (bad) => {
    expect(() => checkDigit(bad)).toThrow(RangeError);
  });
});

describe('validateLocalGovCode / isValidLocalGovCode', () => {
  it.each(VALID)('%s (%s) is valid', (code) => {
    expect(validateLocalGovCode(code)).toEqual({ ok: true });
    expect(isValidLocalGovCode(code)).toBe(true);
  });

  it.each([
    ['131015', '検査数字', '131016'],
    ['131017', '検査数字', '131016'],
    ['432040', '検査数字', '432041'],
    ['281001', '検査数字', '281000'],
    ['052125', '検査数字', '052124'],
  ])('%s: wrong check digit', (code, keyword, correct) => {
    const r = validateLocalGovCode(code);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain(keyword);
      expect(r.message).toContain(`正しくは「${correct}」`);
    }
    expect(isValidLocalGovCode(code)).toBe(false);
  });

  it.each([
    ['13101', '桁数'],
    ['1310160', '桁数'],
    ['1', '桁数'],
    ['', '入力されていません'],
    ['13101a', '数字以外'],
    ['131-16', '数字以外'],
    [' 131016', '数字以外'],
    ['131016 ', '数字以外'],
    ['１３１０１６', '全角数字'],
    ['000001', '都道府県コード「00」'],
    ['480005', '都道府県コード「48」'],
    ['991234', '都道府県コード「99」'],
  ])('%j → message mentions %s', (code, keyword) => {
    const r = validateLocalGovCode(code);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(keyword);
    expect(isValidLocalGovCode(code)).toBe(false);
  });

  it('detects every single-digit change except the r = 0 / r = 10 collision', () => {
    const remainder = (c: string) =>
      [6, 5, 4, 3, 2].reduce((acc, w, i) => acc + w * Number(c[i]), 0) % 11;
    for (const [code] of VALID) {
      for (let i = 0; i < 6; i++) {
        for (let d = 0; d <= 9; d++) {
          if (String(d) === code[i]) continue;
          const mutated = code.slice(0, i) + String(d) + code.slice(i + 1);
          // (11 − r) mod 10 maps both r = 0 and r = 10 to 1: the only blind spot.
          const collides =
            i < 5 &&
            new Set([remainder(code), remainder(mutated)]).size === 2 &&
            [remainder(code), remainder(mutated)].every((r) => r === 0 || r === 10);
          const prefOk = prefectureCodeOf(mutated) !== null;
          expect(isValidLocalGovCode(mutated), mutated).toBe(collides && prefOk);
        }
      }
    }
  });

  it('returns a clean result for non-string input at runtime', () => {
    expect(isValidLocalGovCode(131016 as unknown as string)).toBe(false);
  });
});

describe('prefectureCodeOf / prefectureName', () => {
  it.each(VALID)('%s (%s) → %s %s', (code, _name, pref, prefName) => {
    expect(prefectureCodeOf(code)).toBe(pref);
    expect(prefectureName(code)).toBe(prefName);
  });

  it('accepts 5-digit codes and 2-digit prefecture codes', () => {
    expect(prefectureCodeOf('43204')).toBe('43');
    expect(prefectureName('43')).toBe('熊本県');
    expect(prefectureName('01')).toBe('北海道');
    expect(prefectureName('47')).toBe('沖縄県');
  });

  it.each(['', '4', '432', '4320411', '00', '48', '481234', 'ab1234', '１３１０１６'])(
    '%j → null',
    (code) => {
      expect(prefectureCodeOf(code)).toBeNull();
      expect(prefectureName(code)).toBeNull();
    },
  );

  it('has all 47 prefectures in JIS order', () => {
    expect(PREFECTURES).toHaveLength(47);
    expect(new Set(PREFECTURES).size).toBe(47);
    expect(PREFECTURES[0]).toBe('北海道');
    expect(PREFECTURES[12]).toBe('東京都');
    expect(PREFECTURES[25]).toBe('京都府');
    expect(PREFECTURES[26]).toBe('大阪府');
    expect(PREFECTURES[46]).toBe('沖縄県');
    for (const name of PREFECTURES) expect(name).toMatch(/^(北海道|.+[都府県])$/);
  });
});
