/** Column roles proposed from the headings of the published progress table (the exporter's own layout). */
import { describe, expect, it } from 'vitest';
import { parseRange, type Sheet } from '../../src/modules/imports/domain/grid.js';
import { detectHeader } from '../../src/modules/imports/domain/header.js';
import { proposeColumns } from '../../src/modules/imports/domain/propose.js';
import { buildVocab } from '../../src/modules/imports/domain/vocab.js';
import { presetByKey } from '../../src/modules/pdca/domain/legend.js';
import { DEFAULT_PHASES } from '../../src/modules/plans/domain/plan.js';

const legend = presetByKey('maru-sankaku')!.values;
const vocab = buildVocab({ legend, phases: DEFAULT_PHASES, departmentNames: ['総務課'] });

const roles = (top: string[], sub: string[], body: string[][], merges: string[] = []) => {
  const s: Sheet = { name: 's', rows: [top, sub, ...body], merges: merges.map((m) => parseRange(m)!), problems: [] };
  const h = detectHeader(s)!;
  return proposeColumns(h.columns, (c) => body.map((r) => r[c] ?? ''), vocab).map((c) => `${c.role.kind}${'fiscalYear' in c.role ? (c.role.fiscalYear ?? '') : ''}`);
};

describe('the published table read back', () => {
  it('reads a year from the status history once: the round’s own status column beside it is left out', () => {
    expect(
      roles(
        ['整理番号', '具体的な取組', '進捗状況（R4年度末見込み）', '取組状況（年度末時点）', '', ''],
        ['', '', '', 'R2', 'R3', 'R4'],
        [['1', '取組', '○', '△', '○', '○']],
        ['A1:A2', 'B1:B2', 'C1:C2', 'D1:F1'],
      ),
    ).toEqual(['number', 'title', 'ignore', 'status2020', 'status2021', 'status2022']);
  });

  it('keeps a round’s own status column when no history column has its year', () => {
    expect(roles(['整理番号', '具体的な取組', '進捗状況（R4年度末見込み）'], ['', '', ''], [['1', '取組', '○']]).slice(2)).toEqual(['status2022']);
  });

  it('leaves the 達成度 column out, whatever round its heading names', () => {
    expect(roles(['整理番号', '具体的な取組', '達成度（R3年度実績）', '達成度'], ['', '', '', ''], [['1', '取組', '達成', '一部達成']]).slice(2)).toEqual(['ignore', 'ignore']);
    // a 取組状況 column named after the round is its narrative
    expect(roles(['整理番号', '具体的な取組', '取組状況（R3年度実績）'], ['', '', ''], [['1', '取組', '研修を実施した。参加者は前年度より増えた。']]).slice(2)).toEqual(['narrative2021']);
  });
});
