/** The pure rules of who reads which answers (policies/answers.ts) and of 職務の分離 (domain/separation.ts), table-tested. */
import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/modules/access/domain/policy.js';
import { basisDenial, canReadAnswer, effectiveBasis, publicAnswerFilter, visibleReportStates, widestBasis } from '../../src/modules/pdca/policies/answers.js';
import { allowedReportActions, approvalHeldBack, canReport } from '../../src/modules/pdca/policies/pdca.js';
import { checkApproval, selfApprovalMessage } from '../../src/modules/pdca/domain/separation.js';
import { REPORT_STATES } from '../../src/modules/pdca/domain/workflow.js';

const M = 'm1';
const actor = (role: Role, departmentIds: string[] = [], id: string = role): Actor => ({ id, name: `${id}さん`, role, municipalityId: M, departmentIds });
const A = [{ id: 'dA', lead: true, name: '財政課' }];
const B = [{ id: 'dB', lead: true, name: '企画課' }];

describe('who reads which answers', () => {
  const table: [Role, string[], typeof A, readonly string[]][] = [
    ['system_admin', [], B, REPORT_STATES],
    ['secretariat', [], B, REPORT_STATES],
    ['dept_reporter', ['dA'], A, REPORT_STATES],
    ['dept_approver', ['dA'], A, REPORT_STATES],
    ['dept_reporter', ['dA'], B, ['accepted']],
    ['dept_approver', ['dA'], B, ['accepted']],
    ['viewer', [], A, ['accepted']],
    ['council', [], A, ['accepted']],
  ];
  it.each(table)('%s of %j on a report of %j reads %j', (role, depts, reportDepts, states) => {
    const a = actor(role, depts);
    expect(visibleReportStates(a, reportDepts)).toEqual(states);
    for (const s of REPORT_STATES) {
      expect(canReadAnswer(a, { departments: reportDepts, state: s })).toBe(states.includes(s));
      expect(canReport(a, 'report.read', { municipalityId: M, departments: reportDepts, state: s })).toBe(states.includes(s));
    }
  });

  it('a co-owning department reads the item in every state', () => {
    const coOwned = [...A, { id: 'dB', lead: false, name: '企画課' }];
    expect(canReadAnswer(actor('dept_reporter', ['dB']), { departments: coOwned, state: 'draft' })).toBe(true);
  });

  it('the widest basis, its refusal and the default narrowed without a basis', () => {
    expect(widestBasis(actor('council'), null)).toBe('accepted');
    expect(widestBasis(actor('dept_reporter', ['dA']), null)).toBe('all');
    expect(widestBasis(actor('dept_reporter', ['dA']), B)).toBe('accepted');
    expect(widestBasis(actor('dept_reporter', ['dA']), A)).toBe('all');
    expect(basisDenial(actor('council'), A, 'accepted')).toBeNull();
    expect(basisDenial(actor('council'), A, 'submitted')).toMatch(/審議会委員/);
    expect(basisDenial(actor('viewer'), null, 'all')).toMatch(/閲覧者/);
    expect(basisDenial(actor('dept_reporter', ['dA']), B, 'all')).toMatch(/担当課ではない/);
    expect(basisDenial(actor('secretariat'), B, 'all')).toBeNull();
    expect(effectiveBasis(actor('council'), A, undefined, 'submitted')).toBe('accepted');
    expect(effectiveBasis(actor('council'), A, 'submitted', 'submitted')).toBe('submitted');
    expect(effectiveBasis(actor('secretariat'), A, undefined, 'submitted')).toBe('submitted');
    expect(effectiveBasis(actor('dept_reporter', ['dA']), A, undefined, 'submitted')).toBe('submitted');
  });

  it('citizens read accepted answers only', () => {
    const f = publicAnswerFilter();
    expect(REPORT_STATES.filter((s) => f({ departments: A, state: s }))).toEqual(['accepted']);
  });
});

describe('separation of duties', () => {
  it('the last writer may not approve unless self-approval is allowed', () => {
    expect(checkApproval({ id: 'u1' }, { lastWriter: 'u1:課長', allowSelfApproval: false })).toEqual({ ok: false, reason: 'self_approval', writerName: '課長' });
    expect(checkApproval({ id: 'u1' }, { lastWriter: 'u1:課長', allowSelfApproval: true })).toEqual({ ok: true, selfApproval: true });
    expect(checkApproval({ id: 'u2' }, { lastWriter: 'u1:課長', allowSelfApproval: false })).toEqual({ ok: true, selfApproval: false });
    // a label without ':' is an id; an unrecorded writer holds no one back
    expect(checkApproval({ id: 'u1' }, { lastWriter: 'u1', allowSelfApproval: false }).ok).toBe(false);
    expect(checkApproval({ id: 'u1' }, { lastWriter: '', allowSelfApproval: false })).toEqual({ ok: true, selfApproval: false });
    // ids are compared whole: u1 is not u10
    expect(checkApproval({ id: 'u1' }, { lastWriter: 'u10:別人', allowSelfApproval: false }).ok).toBe(true);
  });

  it('names who must approve instead', () => {
    expect(selfApprovalMessage('青木', '財政課')).toContain('財政課の別の承認者（課長など）か事務局が承認してください');
    expect(selfApprovalMessage('青木')).toContain('担当課の別の承認者');
  });

  it('approve is not offered to the last writer, and the report page is told why', () => {
    const kacho = actor('dept_approver', ['dA'], 'k1');
    const rec = (lastWriter: string, allowSelfApproval = false) => ({ municipalityId: M, departments: A, state: 'submitted' as const, approval: { lastWriter, allowSelfApproval } });
    expect(allowedReportActions(kacho, rec('k1:課長'), 'open')).toEqual(['return_by_approver']);
    expect(approvalHeldBack(kacho, rec('k1:課長'), 'open')).toMatch(/職務の分離.*財政課/);
    expect(allowedReportActions(kacho, rec('t1:担当'), 'open')).toEqual(['approve', 'return_by_approver']);
    expect(approvalHeldBack(kacho, rec('t1:担当'), 'open')).toBeNull();
    expect(allowedReportActions(kacho, rec('k1:課長', true), 'open')).toContain('approve');
    // not the approver's department: no note (the ordinary refusal applies)
    expect(approvalHeldBack(actor('dept_approver', ['dB'], 'k1'), rec('k1:課長'), 'open')).toBeNull();
    // the secretariat that submitted it may not approve either
    const jimu = actor('secretariat', [], 's1');
    expect(allowedReportActions(jimu, rec('s1:事務局'), 'open')).not.toContain('approve');
  });
});
