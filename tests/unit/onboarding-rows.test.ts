/** The pure rules of the onboarding CSVs: dates, headings, organisation rows and staff rows. */
import { describe, expect, it } from 'vitest';
import { parseFlexibleDate } from '../../src/modules/onboarding/domain/dates.js';
import { planDepartmentImport, type ExistingDepartment } from '../../src/modules/onboarding/domain/departmentRows.js';
import { activationCsv } from '../../src/modules/onboarding/domain/result.js';
import { normalizeHeading } from '../../src/modules/onboarding/domain/table.js';
import { parseDisabled, parseRole, passwordColumns, planUserImport } from '../../src/modules/onboarding/domain/userRows.js';
import { normalizeActivationCode } from '../../src/modules/identity/domain/activation.js';

const rows = (...lines: string[][]) => lines.map((cells, i) => ({ line: i + 2, cells }));
const DEPT_HEAD = ['組織コード', '名称', '種別', '上位組織コード', '有効開始日', '有効終了日'];

describe('dates', () => {
  it.each([
    ['2026-04-01', '2026-04-01'],
    ['2026/4/1', '2026-04-01'],
    ['２０２６／４／１', '2026-04-01'],
    ['2026年4月1日', '2026-04-01'],
    ['令和8年4月1日', '2026-04-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['R8.4.1', '2026-04-01'],
    ['2026-02-30', null],
    ['令和0年4月1日', null],
    ['4月1日', null],
    ['2026-13-01', null],
  ])('%s → %s', (input, expected) => expect(parseFlexibleDate(input)).toBe(expected));
});

describe('headings', () => {
  it('ignore width, spaces and a trailing note', () => {
    expect(normalizeHeading(' 組織コード（必須） ')).toBe('組織コード');
    expect(normalizeHeading('ログインＩＤ')).toBe('ログインid');
  });
  it('password-looking columns are found', () => {
    expect(passwordColumns(['ログインID', 'パスワード', 'Password', 'PW', '氏名'])).toEqual(['パスワード', 'Password', 'PW']);
  });
});

describe('organisation rows', () => {
  const stored: ExistingDepartment = { id: 'd1', code: '100', name: '総務部', kind: '部', parentId: null, validFrom: null, validTo: null, successorId: null, sortOrder: 1, version: 3 };

  it('matches by code, creates the rest, and lists changes', () => {
    const p = planDepartmentImport(DEPT_HEAD, rows(['100', '総務部', '部', '', '', ''], ['110', '総務課', '課', '100', '2026/4/1', '']), [stored]);
    expect(p.rows.map((r) => r.action)).toEqual(['unchanged', 'create']);
    expect(p.creates[0]!.parent).toEqual({ id: 'd1' });
    const q = planDepartmentImport(DEPT_HEAD, rows(['100', '総務部', '局', '', '', '']), [stored]);
    expect(q.rows[0]!.changes).toEqual([{ column: '種別', before: '部', after: '局' }]);
    expect(q.updates[0]!.existing!.version).toBe(3);
  });

  it('refuses a cycle through a stored department', () => {
    const child: ExistingDepartment = { ...stored, id: 'd2', code: '110', parentId: 'd1' };
    const p = planDepartmentImport(DEPT_HEAD, rows(['100', '総務部', '部', '110', '', '']), [stored, child]);
    expect(p.rows[0]!.errors[0]!.message).toBe('2行目「上位組織コード」: 上位組織が循環しています（100 → 110 → 100）。');
  });

  it('refuses its own code as parent, and reports a missing heading for the whole file', () => {
    expect(planDepartmentImport(DEPT_HEAD, rows(['100', '総務部', '部', '100', '', '']), []).rows[0]!.errors[0]!.message).toMatch(/自分自身/);
    expect(planDepartmentImport(['名称', '種別'], [], []).fileProblems).toEqual([expect.stringContaining('見出し「組織コード」の列がありません')]);
  });
});

describe('staff rows', () => {
  const head = ['ログインID', '氏名', '役割', '所属組織コード'];
  const depts = [{ id: 'd1', code: '110', name: '総務課' }, { id: 'd2', code: '120', name: '財政課' }];
  const admin = { id: 'me', role: 'system_admin' as const };

  it('reads role labels and codes, and both separators', () => {
    expect(parseRole('担当課 報告者')).toBe('dept_reporter');
    expect(parseRole('担当課承認者')).toBe('dept_approver');
    expect(parseRole('secretariat')).toBe('secretariat');
    expect(parseRole('課長')).toBeNull();
    expect(parseDisabled('はい')).toBe(true);
    expect(parseDisabled('')).toBe(false);
    expect(parseDisabled('たぶん')).toBeNull();
    const p = planUserImport(head, rows(['Tanaka', '田中', '担当課 報告者', '110、120']), [], depts, admin);
    expect(p.creates[0]).toMatchObject({ loginId: 'tanaka', role: 'dept_reporter', departmentIds: ['d1', 'd2'] });
  });

  it('names row and column for each problem', () => {
    const p = planUserImport(
      head,
      rows(['tanaka', '田中', '担当課 報告者', ''], ['tanaka', '田中2', '事務局', ''], ['x!', '', '課長', ''], ['sato', '佐藤', '事務局', '999']),
      [],
      depts,
      admin,
    );
    const all = p.rows.flatMap((r) => r.errors.map((e) => e.message));
    expect(all).toEqual([
      '2行目「所属組織コード」: 役割「担当課 報告者」には所属組織コードを1つ以上指定してください。',
      '3行目「ログインID」: ログインID「tanaka」は2行目と重複しています。',
      expect.stringMatching(/^4行目「ログインID」: ログインID「x!」は使えません/),
      '4行目「氏名」: 氏名を入力してください。',
      expect.stringMatching(/^4行目「役割」: 役割「課長」は使えません/),
      '5行目「所属組織コード」: 組織コード「999」の組織が登録されていません。先に組織を取り込んでください。',
    ]);
  });

  it('the secretariat may not grant or change a system administrator, nor anyone change their own role', () => {
    const sec = { id: 'me', role: 'secretariat' as const };
    const existing = [{ id: 'me', loginId: 'jimu', name: '事務', email: '', role: 'secretariat', disabled: false, version: 1, departmentIds: [] }];
    const p = planUserImport(head, rows(['boss', '管理', 'システム管理者', ''], ['jimu', '事務', '推進本部・幹部', '']), existing, depts, sec);
    expect(p.rows[0]!.errors[0]!.message).toMatch(/システム管理者だけが付与できます/);
    expect(p.rows[1]!.errors[0]!.message).toMatch(/自分自身の役割は変更できません/);
  });
});

describe('activation codes', () => {
  it('are read however they are typed', () => {
    expect(normalizeActivationCode(' k7qm-xpd9 ＨＲＴＷ－b4cz ')).toBe('K7QMXPD9HRTWB4CZ');
  });
  it('go into a CSV for Excel', () => {
    const csv = activationCsv('432041', [{ userId: 'u', loginId: 'tanaka', name: '田中, 一郎', code: 'AAAA-BBBB', expiresAt: '2026-04-15T03:00:00.000Z' }]);
    expect(csv).toBe('\ufeff団体コード,ログインID,氏名,有効化コード,有効期限\r\n432041,tanaka,"田中, 一郎",AAAA-BBBB,2026年4月15日 12:00（日本時間）\r\n');
  });
});
