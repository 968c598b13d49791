/**
 * The staff CSV, row by row (pure): which accounts it creates or changes, or why it cannot.
 * Rows are matched with stored accounts by ログインID; passwords are never read from a file.
 */
import type { Role } from '../../access/domain/policy.js';
import { LOGIN_ID_PATTERN, normalizeLoginId } from '../../identity/domain/password.js';
import { needsDepartment, ROLE_LABELS, ROLES } from '../../identity/domain/roles.js';
import type { ImportChangeDto, ImportRowDto } from '../../../shared/api-types-onboarding.js';
import { ACTION_LABELS, cellOf, locateColumns, normalizeHeading, plain, RowErrors, type ColumnSpec, type CsvRow } from './table.js';

export type UserColumn = 'loginId' | 'name' | 'email' | 'role' | 'departments' | 'disabled';

export const USER_COLUMNS: readonly ColumnSpec<UserColumn>[] = [
  { key: 'loginId', heading: 'ログインID', aliases: ['ユーザーID', '職員ID'], required: true },
  { key: 'name', heading: '氏名', aliases: ['名前', '職員名'], required: true },
  { key: 'email', heading: 'メールアドレス', aliases: ['メール', 'Eメール', 'e-mail', 'email'] },
  { key: 'role', heading: '役割', aliases: ['権限', 'ロール'], required: true },
  { key: 'departments', heading: '所属組織コード', aliases: ['所属コード', '所属'] },
  { key: 'disabled', heading: '無効', aliases: ['利用停止'] },
];

/** Headings that look like a password column: such a file is refused as a whole. */
const PASSWORD_HEADING = /パスワード|ﾊﾟｽﾜｰﾄﾞ|暗証|password|passwd|passphrase|^pass$|^pwd?$/i;

export function passwordColumns(headers: string[]): string[] {
  return headers.filter((h) => PASSWORD_HEADING.test(normalizeHeading(h)));
}

/** Role from the label the UI shows (spaces optional) or from its code. */
export function parseRole(text: string): Role | null {
  const t = plain(text).replace(/[\s\u3000]/g, '');
  if (!t) return null;
  for (const role of ROLES) {
    if (t.toLowerCase() === role || t === ROLE_LABELS[role].replace(/\s/g, '')) return role;
  }
  return null;
}

const YES = ['1', 'はい', 'true', 'yes', '無効', '○', '〇', '◯', 'y', '停止', '利用停止'];
const NO = ['', '0', 'いいえ', 'false', 'no', 'n', '有効', '×', '-'];

/** 無効 column: true/false, or null when unreadable. */
export function parseDisabled(text: string): boolean | null {
  const t = plain(text).toLowerCase();
  if (YES.includes(t)) return true;
  if (NO.includes(t)) return false;
  return null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface ExistingUser {
  id: string;
  loginId: string;
  name: string;
  email: string;
  role: string;
  disabled: boolean;
  version: number;
  departmentIds: string[];
}

export interface KnownDepartment {
  id: string;
  code: string | null;
  name: string;
}

export interface ImportingActor {
  id: string;
  role: Role;
}

export interface PlannedUser {
  line: number;
  loginId: string;
  existing?: ExistingUser;
  name: string;
  email: string;
  role: Role;
  departmentIds: string[];
  disabled: boolean;
  /** for updates: only what changes */
  patch?: { name?: string; email?: string; role?: Role; departmentIds?: string[]; disabled?: boolean };
}

export interface UserImportPlan {
  rows: ImportRowDto[];
  creates: PlannedUser[];
  updates: PlannedUser[];
  fileProblems: string[];
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function planUserImport(
  headers: string[],
  rows: CsvRow[],
  existing: readonly ExistingUser[],
  departments: readonly KnownDepartment[],
  actor: ImportingActor,
): UserImportPlan {
  const pw = passwordColumns(headers);
  if (pw.length)
    return {
      rows: [],
      creates: [],
      updates: [],
      fileProblems: [
        `パスワードの列（${pw.map((h) => `「${h.trim()}」`).join('')}）があるファイルは取り込めません。パスワードはファイルで受け渡さず、各職員が有効化コードで自分で設定します。この列を削除してから取り込んでください。`,
      ],
    };
  const { columns, problems } = locateColumns(headers, USER_COLUMNS);
  if (problems.length) return { rows: [], creates: [], updates: [], fileProblems: problems };
  const heading = (k: UserColumn) => columns[k]?.heading ?? USER_COLUMNS.find((c) => c.key === k)!.heading;
  const byLogin = new Map(existing.map((u) => [u.loginId, u]));
  const deptByCode = new Map(departments.filter((d) => d.code).map((d) => [d.code!, d]));
  const deptById = new Map(departments.map((d) => [d.id, d]));
  const deptLabel = (ids: string[]) => ids.map((id) => deptById.get(id)?.code ?? deptById.get(id)?.name ?? id).join('；');
  const roleLabel = (r: string) => ROLE_LABELS[r as Role] ?? r;

  const firstLine = new Map<string, number>();
  for (const r of rows) {
    const id = normalizeLoginId(plain(cellOf(r, columns, 'loginId') ?? ''));
    if (id && !firstLine.has(id)) firstLine.set(id, r.line);
  }

  const out: UserImportPlan = { rows: [], creates: [], updates: [], fileProblems: [] };
  for (const row of rows) {
    const errors = new RowErrors(row.line);
    const loginId = normalizeLoginId(plain(cellOf(row, columns, 'loginId') ?? ''));
    const stored = loginId ? byLogin.get(loginId) : undefined;
    const name = (cellOf(row, columns, 'name') ?? '').trim();
    if (!loginId) errors.add(heading('loginId'), 'ログインIDを入力してください。');
    else if (!LOGIN_ID_PATTERN.test(loginId))
      errors.add(heading('loginId'), `ログインID「${loginId}」は使えません。半角の英数字と記号（. _ @ -）で2〜64文字にしてください（先頭は英数字）。`);
    else if (firstLine.get(loginId) !== row.line) errors.add(heading('loginId'), `ログインID「${loginId}」は${firstLine.get(loginId)}行目と重複しています。`);
    if (!name) errors.add(heading('name'), '氏名を入力してください。');
    else if ([...name].length > 100) errors.add(heading('name'), '氏名は100文字以内にしてください。');

    const emailCell = cellOf(row, columns, 'email');
    const email = emailCell === undefined ? (stored?.email ?? '') : plain(emailCell);
    if (email && (!EMAIL.test(email) || email.length > 254)) errors.add(heading('email'), `メールアドレス「${email}」の形式が正しくありません。`);

    const roleCell = cellOf(row, columns, 'role') ?? '';
    const role = parseRole(roleCell);
    if (!roleCell) errors.add(heading('role'), '役割を入力してください。');
    else if (!role) errors.add(heading('role'), `役割「${roleCell}」は使えません。${ROLES.map((r) => ROLE_LABELS[r]).join('・')}のいずれか（またはその英語の記号）にしてください。`);
    if (actor.role !== 'system_admin') {
      if (role === 'system_admin') errors.add(heading('role'), 'システム管理者の役割はシステム管理者だけが付与できます。');
      else if (stored?.role === 'system_admin') errors.add(heading('loginId'), `ログインID「${loginId}」はシステム管理者のアカウントです。システム管理者だけが変更できます。`);
    }

    const deptCell = cellOf(row, columns, 'departments');
    let departmentIds = stored?.departmentIds ?? [];
    if (deptCell !== undefined) {
      const codes = [...new Set(plain(deptCell).split(/[;；、,，]/).map((s) => s.trim()).filter(Boolean))];
      const unknown = codes.filter((c) => !deptByCode.has(c));
      if (unknown.length) errors.add(heading('departments'), `組織コード${unknown.map((c) => `「${c}」`).join('')}の組織が登録されていません。先に組織を取り込んでください。`);
      if (codes.length > 50) errors.add(heading('departments'), '所属組織は50件までにしてください。');
      departmentIds = codes.filter((c) => deptByCode.has(c)).map((c) => deptByCode.get(c)!.id);
    }
    if (role && needsDepartment(role) && !departmentIds.length && !(deptCell && errors.any))
      errors.add(heading('departments'), `役割「${ROLE_LABELS[role]}」には所属組織コードを1つ以上指定してください。`);

    const disabledCell = cellOf(row, columns, 'disabled');
    let disabled = stored?.disabled ?? false;
    if (disabledCell !== undefined) {
      const d = parseDisabled(disabledCell);
      if (d === null) errors.add(heading('disabled'), `「${disabledCell}」は読み取れません。無効にする場合は 1（または はい）、有効のままなら空欄にしてください。`);
      else disabled = d;
    }
    if (stored && stored.id === actor.id) {
      if (role && role !== stored.role) errors.add(heading('role'), '自分自身の役割は変更できません。');
      if (disabled && !stored.disabled) errors.add(heading('disabled'), '自分自身のアカウントは無効にできません。');
    }

    const base = { line: row.line, key: loginId, name };
    if (errors.any || !role) {
      out.rows.push({ ...base, action: 'error', actionLabel: ACTION_LABELS.error, changes: [], errors: errors.list });
      continue;
    }
    const planned: PlannedUser = { line: row.line, loginId, name, email, role, departmentIds, disabled };
    if (!stored) {
      out.creates.push(planned);
      out.rows.push({ ...base, action: 'create', actionLabel: ACTION_LABELS.create, changes: [], errors: [] });
      continue;
    }
    const changes: ImportChangeDto[] = [];
    const patch: NonNullable<PlannedUser['patch']> = {};
    if (stored.name !== name) (patch.name = name), changes.push({ column: heading('name'), before: stored.name, after: name });
    if (stored.email !== email) (patch.email = email), changes.push({ column: heading('email'), before: stored.email, after: email });
    if (stored.role !== role) (patch.role = role), changes.push({ column: heading('role'), before: roleLabel(stored.role), after: roleLabel(role) });
    if (!sameSet(stored.departmentIds, departmentIds))
      (patch.departmentIds = departmentIds), changes.push({ column: heading('departments'), before: deptLabel(stored.departmentIds), after: deptLabel(departmentIds) });
    if (stored.disabled !== disabled)
      (patch.disabled = disabled), changes.push({ column: heading('disabled'), before: stored.disabled ? '無効' : '', after: disabled ? '無効' : '' });
    if (changes.length) out.updates.push({ ...planned, existing: stored, patch });
    const action = changes.length ? 'update' : 'unchanged';
    out.rows.push({ ...base, action, actionLabel: ACTION_LABELS[action], changes, errors: [] });
  }
  return out;
}
