/** Pure helpers of the demo's PDCA data: past answers from printed marks, the open round's deadline. */
import { describe, expect, it } from 'vitest';
import { addDaysIso, demoDeadline, historyAnswers } from '../../src/modules/demo/domain/progress.js';
import type { DemoNode } from '../../src/modules/demo/domain/types.js';
import { presetByKey } from '../../src/modules/pdca/domain/legend.js';

const legend = presetByKey('maru-sankaku')!.values;

describe('demo progress helpers', () => {
  it('keeps the planned deadline unless it is closer than the minimum from today (calendar days)', () => {
    expect(demoDeadline('2026-12-18', '2026-11-22', 21)).toBe('2026-12-18');
    expect(demoDeadline('2026-12-18', '2026-11-28', 21)).toBe('2026-12-19');
    expect(demoDeadline('2026-12-18', '2027-02-10', 21)).toBe('2027-03-03');
    expect(addDaysIso('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDaysIso('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('reads each printed mark with the legend (-, －, ― are all 次年度以降); years without a mark get no answer', () => {
    const nodes: DemoNode[] = [
      {
        title: '施策',
        children: [
          { number: '1', title: 'a', progress: [{ fiscalYear: 2019, status: '-' }, { fiscalYear: 2022, status: '×', narrative: 'R4の記述' }] },
          { number: '2', title: 'b', progress: [{ fiscalYear: 2019, status: '―' }] },
          { number: '3', title: 'c', progress: [{ fiscalYear: 2019, status: '〇' }] },
          { number: '4', title: 'd' },
        ],
      },
    ];
    expect(historyAnswers(nodes, 2019, legend).map((a) => [a.node.number, a.statusCode, a.narrative])).toEqual([
      ['1', 'later', undefined],
      ['2', 'later', undefined],
      ['3', 'done', undefined],
    ]);
    expect(historyAnswers(nodes, 2022, legend).map((a) => [a.node.number, a.statusCode, a.narrative])).toEqual([['1', 'not_done', 'R4の記述']]);
    expect(historyAnswers(nodes, 2020, legend)).toEqual([]);
    expect(() => historyAnswers([{ number: '9', title: 'x', progress: [{ fiscalYear: 2019, status: '◎' }] }], 2019, legend)).toThrow('9: 取組状況「◎」');
  });
});
