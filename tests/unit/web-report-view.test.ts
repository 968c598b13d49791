/**
 * What the report page offers (web/src/pages/report/view.ts): editability follows
 * the server's allowedActions; the person who returned a report sees it read-only
 * with a banner of their own, not the reporter's 「もう一度提出してください」.
 */
import { describe, expect, test } from 'vitest';
import { reportView } from '../../web/src/pages/report/view';
import type { ReportEventDto } from '../../web/src/lib/api';

const APPROVER = '11111111-1111-4111-8111-111111111111';
const REPORTER = '22222222-2222-4222-8222-222222222222';

const returned: ReportEventDto = {
  id: 'e2',
  at: '2026-09-01T01:00:00Z',
  actor: `${APPROVER}:財政課長`,
  action: 'return_by_approver',
  actionLabel: '差戻し',
  fromState: 'submitted',
  toState: 'returned',
  comment: '根拠を追記してください。',
};

describe('a returned report', () => {
  // the server lets the department's approver write a returned report too
  const allowed = ['save', 'submit'] as const;

  test('the approver who returned it: read-only, their own banner, no 提出, may take over', () => {
    const v = reportView({ state: 'returned', allowedActions: [...allowed], events: [returned], userId: APPROVER, takeOver: false });
    expect(v).toMatchObject({ editable: false, banner: 'returned_by_me', canTakeOver: true, actions: [] });
  });

  test('taking over makes it editable with 提出 again', () => {
    const v = reportView({ state: 'returned', allowedActions: [...allowed], events: [returned], userId: APPROVER, takeOver: true });
    expect(v).toMatchObject({ editable: true, canTakeOver: false, actions: ['submit'] });
  });

  test('the reporter: editable, asked to fix and submit again', () => {
    const v = reportView({ state: 'returned', allowedActions: [...allowed], events: [returned], userId: REPORTER, takeOver: false });
    expect(v).toMatchObject({ editable: true, banner: 'fix', actions: ['submit'] });
  });

  test('a reader the server does not let write: read-only, a waiting banner', () => {
    const v = reportView({ state: 'returned', allowedActions: [], events: [returned], userId: REPORTER, takeOver: false });
    expect(v).toMatchObject({ editable: false, banner: 'waiting', canTakeOver: false });
  });
});

describe('editability follows allowedActions, not the state', () => {
  test('a draft without save allowed is read-only', () => {
    expect(reportView({ state: 'draft', allowedActions: ['submit'], events: [], userId: REPORTER, takeOver: false }).editable).toBe(false);
  });

  test('no banner outside 差戻し, even with an old return in the history', () => {
    const v = reportView({ state: 'submitted', allowedActions: ['approve', 'return_by_approver'], events: [returned], userId: APPROVER, takeOver: false });
    expect(v).toMatchObject({ banner: null, editable: false, actions: ['approve', 'return_by_approver'] });
  });
});
