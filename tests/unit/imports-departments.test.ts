/** Several 担当課 in one cell, and the closest names for one that matches nothing. */
import { describe, expect, it } from 'vitest';
import {
  closestDepartments,
  departmentResolver,
  kindFromName,
  levenshtein,
  longestCommonSubstring,
  nameSimilarity,
  splitDepartments,
  type DepartmentInfo,
} from '../../src/modules/imports/domain/departments.js';

const dept = (id: string, name: string, validTo: string | null = null, successorId: string | null = null): DepartmentInfo => ({
  id,
  name,
  kind: '課',
  validFrom: null,
  validTo,
  successorId,
});
const all = [
  dept('somu', '総務課'),
  dept('zaisei', '財政課'),
  dept('seisaku', '総合政策課'),
  dept('bunka', '文化企画課'),
  dept('hoken', '保健・福祉課'),
  dept('shimin', '市民課'),
  dept('kyu', '旧企画課', '2020-04-01', 'bunka'),
];
const TODAY = '2026-05-01';
const names = (text: string, map: Record<string, string | null> = {}) => splitDepartments(text, departmentResolver(all, map, TODAY)).map((n) => (n.lead ? `◎${n.name}` : n.name));

describe('splitDepartments', () => {
  it('splits on spaces, full-width spaces, 、, ，, /, ／ and line breaks', () => {
    expect(names('総務課 財政課')).toEqual(['総務課', '財政課']);
    expect(names('総務課　財政課、市民課')).toEqual(['総務課', '財政課', '市民課']);
    expect(names('総務課/財政課／市民課')).toEqual(['総務課', '財政課', '市民課']);
    expect(names('総務課\n財政課')).toEqual(['総務課', '財政課']);
    expect(names('総務課，財政課')).toEqual(['総務課', '財政課']);
  });

  it('splits on ・ but keeps names with ・ that are registered', () => {
    expect(names('総務課・財政課')).toEqual(['総務課', '財政課']);
    expect(names('保健・福祉課')).toEqual(['保健・福祉課']);
    expect(names('保健・福祉課・市民課')).toEqual(['保健・福祉課', '市民課']);
    // an unknown name with ・ stays whole (reported as unknown) when none of its parts is known
    expect(names('観光・物産課')).toEqual(['観光・物産課']);
    // parts that are department names are split even when unknown
    expect(names('総務課・企画課')).toEqual(['総務課', '企画課']);
  });

  it('cuts names run together in PDF text where registered names fit exactly', () => {
    expect(names('総務課財政課')).toEqual(['総務課', '財政課']);
    expect(names('総務課企画室')).toEqual(['総務課企画室']);
  });

  it('reads lead marks (◎, （主）) and names mapped by the user', () => {
    expect(names('総務課、◎財政課')).toEqual(['総務課', '◎財政課']);
    expect(names('財政課（主）・総務課')).toEqual(['◎財政課', '総務課']);
    expect(names('各施設所管課 総務課', { 各施設所管課: null })).toEqual(['各施設所管課', '総務課']);
  });

  it('resolves to the department valid today before an abolished one of the same name', () => {
    const twins = [dept('old', '企画課', '2020-04-01'), dept('new', '企画課')];
    expect(departmentResolver(twins, {}, TODAY).resolve('企画課')).toBe('new');
    expect(departmentResolver(twins, { 企画課: 'old' }, TODAY).resolve('企画課')).toBe('old');
    expect(departmentResolver(twins, { 企画課: null }, TODAY).resolve('企画課')).toBeNull();
    expect(departmentResolver(twins, {}, TODAY).resolve('広報課')).toBeUndefined();
  });
});

describe('closest department names', () => {
  it('measures edit distance and common substrings on characters', () => {
    expect(levenshtein('企画課', '財政課')).toBe(2);
    expect(levenshtein('総務課', '総務課')).toBe(0);
    expect(levenshtein('', '課')).toBe(1);
    expect(longestCommonSubstring('企画課', '文化企画課')).toBe(3);
    expect(longestCommonSubstring('財政課', '総合政策課')).toBe(1);
  });

  it('ranks a name contained in another first, then near spellings', () => {
    expect(nameSimilarity('企画課', '文化企画課')).toBeGreaterThan(nameSimilarity('企画課', '財政課'));
    expect(nameSimilarity('ｿｳﾑ課', 'ソウム課')).toBe(1);
    expect(closestDepartments('企画課', all, TODAY).map((d) => d.name)).toEqual(['文化企画課', '旧企画課', '財政課']);
    expect(closestDepartments('総務', all, TODAY).map((d) => d.name)[0]).toBe('総務課');
    expect(closestDepartments('観光協会', all, TODAY)).toEqual([]);
  });

  it('guesses the kind of a department to create from its name', () => {
    expect(['地域振興課', '企画室', '建設部', '教育委員会', '子育てセンター', '未来'].map(kindFromName)).toEqual(['課', '室', '部', '委員会', 'センター', '課']);
  });
});
