/** Status words to the plan's legend, schedule words to its phases, legend lines, cell kinds. */
import { describe, expect, it } from 'vitest';
import { buildVocab, classifyCell, parseLegendLine, proposePhase, proposeStatus } from '../../src/modules/imports/domain/vocab.js';
import { presetByKey } from '../../src/modules/pdca/domain/legend.js';
import { DEFAULT_PHASES } from '../../src/modules/plans/domain/plan.js';

const preset = (k: string) => presetByKey(k)!.values;

describe('status words → legend codes', () => {
  it.each([
    ['○', 'done'],
    ['〇', 'done'],
    ['△', 'partial'],
    ['×', 'not_done'],
    ['－', 'later'],
    ['―', 'later'],
    ['-', 'later'],
    ['ー', 'later'],
    ['実施済み', 'done'],
    ['一部実施', 'partial'],
    ['未実施', 'not_done'],
  ])('○△×－: %s → %s', (word, code) => expect(proposeStatus(word, preset('maru-sankaku'))).toBe(code));

  it.each([
    ['S', 'S'],
    ['Ａ', 'A'],
    ['b', undefined],
    ['C', 'C'],
  ])('S/A/B/C: %s → %s', (word, code) => expect(proposeStatus(word, preset('sabc'))).toBe(code));

  it.each([
    ['達成', 'achieved'],
    ['一部達成', 'partly'],
    ['未達成', 'not_achieved'],
    ['未達成（R5に延期）', 'not_achieved'],
  ])('達成度: %s → %s', (word, code) => expect(proposeStatus(word, preset('achievement'))).toBe(code));

  it.each([
    ['進んでいる', 'ahead'],
    ['計画どおり', 'on_track'],
    ['遅れている', 'behind'],
  ])('進み具合: %s → %s', (word, code) => expect(proposeStatus(word, preset('pace'))).toBe(code));

  it('uses the legend printed with the table for marks the plan does not use (◎ = 実施済み)', () => {
    const file = parseLegendLine('凡例：「◎」実施済み 「◇」一部実施 「✕」未実施');
    expect(proposeStatus('◎', preset('maru-sankaku'), file)).toBe('done');
    expect(proposeStatus('◇', preset('maru-sankaku'), file)).toBe('partial');
    expect(proposeStatus('◎', preset('maru-sankaku'))).toBeUndefined();
    expect(proposeStatus('A', preset('maru-sankaku'))).toBeUndefined();
  });

  it('reads legend lines in the forms printed above tables', () => {
    expect(parseLegendLine('取組状況：「○」実施済み 「△」一部実施 「×」未実施または検討中 「-」令和5年度以降実施')).toEqual([
      { mark: '○', label: '実施済み' },
      { mark: '△', label: '一部実施' },
      { mark: '×', label: '未実施または検討中' },
      { mark: '-', label: '令和5年度以降実施' },
    ]);
    expect(parseLegendLine('A：計画どおり B：やや遅れ C：遅れ')).toEqual([
      { mark: 'A', label: '計画どおり' },
      { mark: 'B', label: 'やや遅れ' },
      { mark: 'C', label: '遅れ' },
    ]);
    expect(parseLegendLine('3.実施計画の実施状況（令和4年度末見込み）')).toEqual([]);
  });
});

describe('schedule words → phases', () => {
  it.each([
    ['検討', 'kento'],
    ['実施', 'jisshi'],
    [' 順次実施 ', 'junji'],
    ['→', 'keizoku'],
    ['⇒', 'keizoku'],
    ['継続', 'keizoku'],
    ['着手', undefined],
  ])('%s → %s', (word, code) => expect(proposePhase(word, DEFAULT_PHASES)).toBe(code));
});

describe('classifyCell', () => {
  const vocab = buildVocab({ legend: preset('maru-sankaku'), phases: DEFAULT_PHASES, departmentNames: ['総務課', '公共施設マネジメント推進室'] });
  it.each([
    ['', 'empty'],
    ['12', 'number'],
    ['(3)', 'number'],
    ['○', 'mark'],
    ['―', 'mark'],
    ['順次実施', 'phase'],
    ['→', 'phase'],
    ['総務課 公共施設マネジメント推進室', 'departments'],
    ['各施設所管課 総務課', 'departments'],
    ['協働に関する職員研修や出前講座などの充実', 'text'],
  ])('%s → %s', (text, cls) => expect(classifyCell(text, vocab)).toBe(cls));
});
