/** Header detection (title and legend lines above, two-row headers, merges, repeated page headers) and years in headings. */
import { describe, expect, it } from 'vitest';
import { fiscalYearOfHeading, fiscalYearsIn } from '../../src/modules/imports/domain/fiscalHeading.js';
import { detectHeader, headerLabels, isRepeatedHeader, isRepeatedSubHeader } from '../../src/modules/imports/domain/header.js';
import { columnLetter, parseRange, type Sheet } from '../../src/modules/imports/domain/grid.js';

const sheet = (rows: string[][], merges: string[] = []): Sheet => ({ name: 's', rows, merges: merges.map((m) => parseRange(m)!), problems: [] });

describe('fiscal years in headings', () => {
  it.each([
    ['R1', 2019],
    ['Ｒ５', 2023],
    ['令和元年度', 2019],
    ['令和４年度', 2022],
    ['H30', 2018],
    ['平成30年度', 2018],
    ['2026年度', 2026],
    ['2026', 2026],
    ['R4年度末見込み', 2022],
    ['令和3年度実績', 2021],
    ['令和8（2026）年度', 2026],
  ])('%s → %i', (label, fy) => expect(fiscalYearOfHeading(label)).toBe(fy));

  it.each(['取組状況', '担当課', 'R', '令和0年度', '平成32年度', ''])('%s is not a year', (label) => expect(fiscalYearOfHeading(label)).toBeNull());

  it('finds years mentioned inside a longer heading', () => {
    expect(fiscalYearsIn('取組状況（R4年度末見込み）')).toEqual([2022]);
    expect(fiscalYearsIn('3.実施計画の実施状況（令和4年度末見込み）')).toEqual([2022]);
    expect(fiscalYearsIn('効果額（2025年度・R8）')).toEqual([2025, 2026]);
    expect(fiscalYearsIn('PR4のための取組')).toEqual([]);
  });
});

describe('detectHeader', () => {
  it('skips title and legend lines, merges a two-row header and fills a spanning heading across its years', () => {
    const s = sheet([
      ['3.実施計画の実施状況（令和4年度末見込み）'],
      [],
      ['取組状況：「○」実施済み 「△」一部実施 「×」未実施 「-」令和5年度以降実施'],
      ['整理番号', '施策', '具体的な取組', 'スケジュール（年度）', '', '', '取組状況（年度末時点）', '', '担当課'],
      ['', '', '', 'R1', 'R2', 'R3', '令和元年度', '令和2年度', ''],
      ['1', '協働の推進', '研修の充実', '実施', '→', '→', '○', '○', '総務課'],
    ]);
    const h = detectHeader(s)!;
    expect(h.rows).toEqual([3, 4]);
    expect(h.columns.map((c) => c.label)).toEqual([
      '整理番号',
      '施策',
      '具体的な取組',
      'スケジュール R1',
      'スケジュール R2',
      'スケジュール R3',
      '取組状況（年度末時点） 令和元年度',
      '取組状況（年度末時点） 令和2年度',
      '担当課',
    ]);
    expect(h.legend).toEqual([
      { mark: '○', label: '実施済み' },
      { mark: '△', label: '一部実施' },
      { mark: '×', label: '未実施' },
      { mark: '-', label: '令和5年度以降実施' },
    ]);
    expect(h.preamble.map((p) => p.text)).toEqual(['3.実施計画の実施状況（令和4年度末見込み）']);
  });

  it('uses merged ranges of a spreadsheet header (across years, and down over both rows)', () => {
    const s = sheet(
      [
        ['No.', '取組名', 'スケジュール', '', '所管課'],
        ['', '', '2025年度', '2026年度', ''],
        ['1', 'A', '検討', '実施', '財政課'],
      ],
      ['A1:A2', 'B1:B2', 'C1:D1', 'E1:E2'],
    );
    const h = detectHeader(s)!;
    expect(h.rows).toEqual([0, 1]);
    expect(h.columns.map((c) => [c.top, c.sub])).toEqual([
      ['No.', ''],
      ['取組名', ''],
      ['スケジュール', '2025年度'],
      ['スケジュール', '2026年度'],
      ['所管課', ''],
    ]);
  });

  it('keeps a one-row header when the next row is data', () => {
    const h = detectHeader(sheet([['整理番号', '施策', '担当課'], ['1', '総務', '総務課']]))!;
    expect(h.rows).toEqual([0]);
  });

  it('finds nothing without column headings', () => {
    expect(detectHeader(sheet([['あ', 'い'], ['1', '2']]))).toBeNull();
  });

  it('recognises the header printed again on a later page', () => {
    const h = detectHeader(sheet([['整理番号', '施策', '具体的な取組', 'スケジュール（年度）', ''], ['', '', '', 'R1', 'R2']]))!;
    const labels = headerLabels(h);
    expect(isRepeatedHeader(['整理番号', '施策', '具体的な取組', 'スケジュール（年度）'], labels)).toBe(true);
    expect(isRepeatedSubHeader(['', '', '', 'R1', 'R2'], labels)).toBe(true);
    expect(isRepeatedHeader(['1', '施策', '具体的な取組の名前'], labels)).toBe(false);
  });

  it('names columns as Excel does', () => {
    expect([0, 3, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'D', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    expect(parseRange('b2:D10')).toEqual({ top: 1, left: 1, bottom: 9, right: 3 });
  });
});
