import { describe, expect, it } from 'vitest';
import { isStandardBody, normalizeMeeting, planAgendaSave, STANDARD_BODIES, validateMeeting } from '../../src/modules/review/domain/meeting.js';

const ok = { body: '推進本部', title: '第1回行政改革推進本部会議', heldOn: '2026-05-20', members: [{ name: '荒尾 太郎', role: '本部長' }], minutes: '' };

describe('review bodies', () => {
  it('offers the four standard bodies and accepts other names as free text', () => {
    expect(STANDARD_BODIES).toEqual(['推進本部', '幹事会', '専門部会', '審議会']);
    expect(isStandardBody('審議会')).toBe(true);
    expect(isStandardBody('行政改革懇談会')).toBe(false);
    expect(validateMeeting({ ...ok, body: '行政改革懇談会' }, [])).toEqual([]);
  });
});

describe('validateMeeting', () => {
  it('accepts a complete meeting', () => {
    expect(validateMeeting(ok, [{ title: '進捗状況について' }])).toEqual([]);
  });

  it('reports every problem with its field path, in Japanese', () => {
    const errors = validateMeeting(
      normalizeMeeting({ body: ' ', title: '', heldOn: '2026-02-30', members: [{ name: ' ', role: '委員' }, { name: '山田', role: '' }], minutes: '' }),
      [{ title: '' }, { id: 'a1', title: '報告' }, { id: 'a1', title: '報告2' }],
    );
    expect(errors.map((e) => e.path)).toEqual(['body', 'title', 'heldOn', 'members.0.name', 'members.1.role', 'agenda.0.title', 'agenda.2.id']);
    expect(errors.find((e) => e.path === 'members.1.role')!.message).toBe('2人目の役職（会長・委員など）を入力してください。');
    expect(errors.find((e) => e.path === 'heldOn')!.message).toContain('実在する日付');
  });
});

describe('planAgendaSave', () => {
  it('keeps named items (stable ids), inserts new ones, removes the rest, in the order sent', () => {
    const stored = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const plan = planAgendaSave(stored, [{ id: 'c', title: 'C' }, { title: '新' }, { id: 'a', title: 'A' }, { id: 'zz', title: '?' }]);
    expect(plan.update.map((u) => [u.id, u.sortOrder])).toEqual([
      ['c', 0],
      ['a', 2],
    ]);
    expect(plan.insert.map((i) => [i.input.title, i.sortOrder])).toEqual([['新', 1]]);
    expect(plan.remove).toEqual(['b']);
    expect(plan.unknown).toEqual([3]);
  });
});
