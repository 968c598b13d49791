/**
 * Pure rules of opening a round with items without a 担当課 and of the round form's dates
 * (src/modules/pdca/domain/round.ts).
 */
import { describe, expect, it } from 'vitest';
import { itemNames, requiredDateProblem, roundOpenedMessage, validateRound, withoutDepartmentProblems } from '../../src/modules/pdca/domain/round.js';

const item = (n: number) => ({ id: `id-${n}`, number: String(n), title: `項目${n}` });

describe('round form dates', () => {
  it('an empty date asks for it; a written one that is no day keeps the format message', () => {
    expect(requiredDateProblem('基準日', '')).toBe('基準日を入力してください。');
    expect(requiredDateProblem('基準日', '  ')).toBe('基準日を入力してください。');
    expect(requiredDateProblem('回答期限', '2026-02-30')).toBe('回答期限はYYYY-MM-DDの形式で入力してください。');
    expect(requiredDateProblem('回答期限', '2026-09-30')).toBeNull();
  });

  it('validateRound answers every field at once', () => {
    const errs = validateRound(
      { label: '', asOfDate: '', targetFiscalYear: 2026, deadline: '', fields: ['status'] },
      { firstFiscalYear: 2026, lastFiscalYear: 2029, today: '2026-06-01', hasAchievementLegend: false, checkDeadline: true },
    );
    expect(errs.map((e) => [e.path, e.message])).toEqual([
      ['label', '照会名を入力してください（例: 令和8年度末見込み）。'],
      ['asOfDate', '基準日を入力してください。'],
      ['deadline', '回答期限を入力してください。'],
    ]);
  });
});

describe('items without a 担当課', () => {
  it('no such item: nothing to decide', () => {
    expect(withoutDepartmentProblems([], undefined, 3)).toEqual([]);
  });

  it('without a decision: the question, then each item by number and title', () => {
    const p = withoutDepartmentProblems([item(4), { id: 'x', number: '', title: '番号なし' }], undefined, 5);
    expect(p.map((e) => e.path)).toEqual(['withoutDepartment', 'withoutDepartment.0', 'withoutDepartment.1']);
    expect(p[0]!.message).toMatch(/^担当課が設定されていない項目が2件あります。/);
    expect(p[1]!.message).toBe('「4 項目4」に担当課が設定されていません。');
    expect(p[2]!.message).toBe('「番号なし」に担当課が設定されていません。');
  });

  it("'skip' is refused only when it would leave nothing; 'secretariat' never", () => {
    expect(withoutDepartmentProblems([item(1)], 'skip', 3)).toEqual([]);
    expect(withoutDepartmentProblems([item(1), item(2)], 'skip', 2)[0]!.message).toContain('除くと照会する項目がなくなります');
    expect(withoutDepartmentProblems([item(1), item(2)], 'secretariat', 2)).toEqual([]);
  });

  it('names at most five items in a message', () => {
    expect(itemNames([1, 2].map(item))).toBe('「1 項目1」、「2 項目2」');
    expect(itemNames([1, 2, 3, 4, 5, 6, 7].map(item))).toBe('「1 項目1」、「2 項目2」、「3 項目3」、「4 項目4」、「5 項目5」ほか2件');
  });

  it('the opening message says where every report went', () => {
    const none = { choice: null, items: [] };
    expect(roundOpenedMessage('R', '全項目', { reportCount: 3, withoutDepartment: none })).toBe('「R」を開始しました。3件の実施項目について担当課に報告を依頼しました（対象：全項目）。');
    const all = roundOpenedMessage('R', '全項目', { reportCount: 2, withoutDepartment: { choice: 'secretariat', items: [item(1), item(2)] } });
    expect(all).toContain('担当課に届いた報告はありません。');
    expect(all).not.toContain('担当課に報告を依頼しました');
    const some = roundOpenedMessage('R', '全項目', { reportCount: 5, withoutDepartment: { choice: 'secretariat', items: [item(1)] } });
    expect(some).toContain('4件は担当課に報告を依頼し、担当課が設定されていない1件（「1 項目1」）は「担当課なし」として事務局の報告一覧に入れました。');
  });
});
