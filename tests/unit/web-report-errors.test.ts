/**
 * The report form's messages (web/src/pages/report/errors.ts): the summary at the
 * top follows the fields — a corrected field leaves it, and it goes once empty;
 * leaving the page warns while unsaved input cannot be saved.
 */
import { describe, expect, test } from 'vitest';
import { leaveWarning, pruneSummary, withoutErrorsOf } from '../../web/src/pages/report/errors';

const summary = () => ({
  title: '提出できません',
  errors: new Map([
    ['rp-statusCode', ['進捗状況を選んでください。']],
    ['rp-narrative', ['取組内容・実績を入力してください。']],
  ]),
});

describe('the error summary', () => {
  test('loses a field’s message when that field is changed, and keeps the others', () => {
    const next = pruneSummary(summary(), ['statusCode']);
    expect(next && [...next.errors.keys()]).toEqual(['rp-narrative']);
    expect(next?.title).toBe('提出できません');
  });

  test('disappears when every listed field is fixed', () => {
    expect(pruneSummary(pruneSummary(summary(), ['statusCode']), ['narrative'])).toBeNull();
  });

  test('stays the same object when the change touches none of its fields', () => {
    const s = summary();
    expect(pruneSummary(s, ['issues'])).toBe(s);
  });

  test('a general note ("could not save") goes only when asked to', () => {
    const s = { title: '保存できなかったため中止しました', errors: new Map([['', ['赤字の項目を確認してください。']]]) };
    expect(pruneSummary(s, ['narrative'])).toBe(s);
    expect(pruneSummary(s, ['narrative'], { general: true })).toBeNull();
  });

  test('number rows belong to 数値 (rp-numbers-<row>)', () => {
    const m = new Map([['rp-numbers-n1', ['数値を入力してください。']]]);
    expect(withoutErrorsOf(m, ['numbers']).size).toBe(0);
  });
});

describe('leaving the page', () => {
  test('warns while a save has failed or a conflict waits, with input unsaved', () => {
    expect(leaveWarning({ unsaved: 1, saveFailed: true, conflict: false })).toContain('保存されていない入力は失われます');
    expect(leaveWarning({ unsaved: 2, saveFailed: false, conflict: true })).not.toBeNull();
  });

  test('does not warn when nothing is unsaved, or the autosave is merely pending', () => {
    expect(leaveWarning({ unsaved: 0, saveFailed: true, conflict: false })).toBeNull();
    expect(leaveWarning({ unsaved: 3, saveFailed: false, conflict: false })).toBeNull();
  });
});
