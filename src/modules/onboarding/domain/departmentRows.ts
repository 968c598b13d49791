/**
 * The organisation CSV, row by row (pure): what each row will do to the stored departments,
 * or why it cannot. Rows are matched with stored departments by 組織コード.
 */
import type { ImportChangeDto, ImportRowDto } from '../../../shared/api-types-onboarding.js';
import { DATE_FORMS, parseFlexibleDate } from './dates.js';
import { ACTION_LABELS, cellOf, locateColumns, plain, RowErrors, type ColumnSpec, type CsvRow } from './table.js';

export type DepartmentColumn = 'code' | 'name' | 'kind' | 'parent' | 'validFrom' | 'validTo' | 'successor' | 'sortOrder';

export const DEPARTMENT_COLUMNS: readonly ColumnSpec<DepartmentColumn>[] = [
  { key: 'code', heading: '組織コード', aliases: ['所属コード', '部署コード'], required: true },
  { key: 'name', heading: '名称', aliases: ['組織名', '部署名', '所属名'], required: true },
  { key: 'kind', heading: '種別', aliases: ['組織種別', '区分'], required: true },
  { key: 'parent', heading: '上位組織コード', aliases: ['親組織コード', '上位コード'] },
  { key: 'validFrom', heading: '有効開始日', aliases: ['設置日', '開始日'] },
  { key: 'validTo', heading: '有効終了日', aliases: ['廃止日', '終了日'] },
  { key: 'successor', heading: '後継組織コード', aliases: ['後継コード'] },
  { key: 'sortOrder', heading: '表示順', aliases: ['並び順', '順序'] },
];

export const DEPARTMENT_KINDS: readonly string[] = ['局', '部', '課', '室', '係', '班', 'グループ', 'センター', '所', '事務所', '支所', '出張所', '本部', '事務局', '委員会', '館'];

export const DEPARTMENT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/;

export interface ExistingDepartment {
  id: string;
  code: string | null;
  name: string;
  kind: string;
  parentId: string | null;
  validFrom: string | null;
  validTo: string | null;
  successorId: string | null;
  sortOrder: number;
  version: number;
}

/** A reference to a department: a stored one by id, or one created by this import by its code. */
export type DepartmentRef = { id: string } | { newCode: string } | null;

export interface PlannedDepartment {
  line: number;
  code: string;
  /** the stored department this row updates; absent for a new one */
  existing?: ExistingDepartment;
  name: string;
  kind: string;
  parent: DepartmentRef;
  validFrom: string | null;
  validTo: string | null;
  successor: DepartmentRef;
  sortOrder: number;
}

export interface DepartmentImportPlan {
  rows: ImportRowDto[];
  creates: PlannedDepartment[];
  updates: PlannedDepartment[];
  /** file-level problems: nothing can be checked row by row */
  fileProblems: string[];
}

export function planDepartmentImport(headers: string[], rows: CsvRow[], existing: readonly ExistingDepartment[]): DepartmentImportPlan {
  const { columns, problems } = locateColumns(headers, DEPARTMENT_COLUMNS);
  if (problems.length) return { rows: [], creates: [], updates: [], fileProblems: problems };
  const heading = (k: DepartmentColumn) => columns[k]?.heading ?? '';
  const byCode = new Map(existing.filter((d) => d.code).map((d) => [d.code!, d]));
  const byId = new Map(existing.map((d) => [d.id, d]));

  // codes in the file, first occurrence wins; later ones are duplicates
  const fileCodes = new Map<string, number>();
  for (const r of rows) {
    const code = plain(cellOf(r, columns, 'code') ?? '');
    if (code && !fileCodes.has(code)) fileCodes.set(code, r.line);
  }

  const resolve = (code: string): DepartmentRef | undefined => {
    const stored = byCode.get(code);
    if (stored) return { id: stored.id };
    if (fileCodes.has(code)) return { newCode: code };
    return undefined;
  };

  interface Read {
    row: CsvRow;
    errors: RowErrors;
    planned?: PlannedDepartment;
  }
  const reads: Read[] = rows.map((row) => {
    const errors = new RowErrors(row.line);
    const code = plain(cellOf(row, columns, 'code') ?? '');
    const name = (cellOf(row, columns, 'name') ?? '').trim();
    const kind = plain(cellOf(row, columns, 'kind') ?? '');
    const stored = code ? byCode.get(code) : undefined;
    if (!code) errors.add(heading('code'), '組織コードを入力してください。');
    else if (!DEPARTMENT_CODE_PATTERN.test(code)) errors.add(heading('code'), `組織コード「${code}」は使えません。半角の英数字と記号（. _ -）で20文字以内にしてください。`);
    else if (fileCodes.get(code) !== row.line) errors.add(heading('code'), `組織コード「${code}」は${fileCodes.get(code)}行目と重複しています。`);
    if (!name) errors.add(heading('name'), '名称を入力してください。');
    else if ([...name].length > 100) errors.add(heading('name'), '名称は100文字以内にしてください。');
    if (!kind) errors.add(heading('kind'), '種別を入力してください。');
    else if (!DEPARTMENT_KINDS.includes(kind)) errors.add(heading('kind'), `種別「${kind}」は使えません。${DEPARTMENT_KINDS.join('・')}のいずれかにしてください。`);

    const ref = (key: 'parent' | 'successor', label: string): DepartmentRef => {
      const cell = cellOf(row, columns, key);
      if (cell === undefined) return stored ? (stored[key === 'parent' ? 'parentId' : 'successorId'] ? { id: stored[key === 'parent' ? 'parentId' : 'successorId']! } : null) : null;
      const c = plain(cell);
      if (!c) return null;
      if (c === code) {
        errors.add(heading(key), `自分自身（${c}）を${label}にはできません。`);
        return null;
      }
      const r = resolve(c);
      if (!r) errors.add(heading(key), `組織コード「${c}」は、このファイルにも登録済みの組織にもありません。`);
      return r ?? null;
    };
    const parent = ref('parent', '上位組織');
    const successor = ref('successor', '後継組織');

    const date = (key: 'validFrom' | 'validTo'): string | null => {
      const cell = cellOf(row, columns, key);
      if (cell === undefined) return stored ? stored[key] : null;
      if (!cell) return null;
      const iso = parseFlexibleDate(cell);
      if (!iso) errors.add(heading(key), `「${cell}」を日付として読み取れません（存在しない日か、形が違います）。${DATE_FORMS}で入力してください。`);
      return iso;
    };
    const validFrom = date('validFrom');
    const validTo = date('validTo');
    if (validFrom && validTo && validTo <= validFrom)
      errors.add(heading('validTo') || '有効終了日', `有効終了日（${validTo}）は有効開始日（${validFrom}）より後の日付にしてください。`);

    let sortOrder = stored?.sortOrder ?? 0;
    const sortCell = cellOf(row, columns, 'sortOrder');
    if (sortCell !== undefined && sortCell !== '') {
      const s = plain(sortCell);
      if (!/^-?\d{1,9}$/.test(s)) errors.add(heading('sortOrder'), `表示順「${sortCell}」は整数で入力してください。`);
      else sortOrder = Number(s);
    }
    const planned: PlannedDepartment = { line: row.line, code, name, kind, parent, validFrom, validTo, successor, sortOrder, ...(stored ? { existing: stored } : {}) };
    return { row, errors, planned };
  });

  // Cycles of parents: the stored tree with every row's new parent, walked from each row.
  const keyOf = (r: DepartmentRef): string | null => (r === null ? null : 'id' in r ? r.id : byCode.get(r.newCode)?.id ?? `new:${r.newCode}`);
  const parentOf = new Map<string, string | null>(existing.map((d) => [d.id, d.parentId]));
  const nameOf = new Map<string, string>(existing.map((d) => [d.id, d.code ?? d.name]));
  for (const r of reads) {
    if (!r.planned?.code) continue;
    const self = r.planned.existing?.id ?? `new:${r.planned.code}`;
    if (fileCodes.get(r.planned.code) !== r.row.line) continue;
    parentOf.set(self, keyOf(r.planned.parent));
    nameOf.set(self, r.planned.code);
  }
  for (const r of reads) {
    if (!r.planned?.code || fileCodes.get(r.planned.code) !== r.row.line) continue;
    const self = r.planned.existing?.id ?? `new:${r.planned.code}`;
    const path = [self];
    let cur = parentOf.get(self) ?? null;
    while (cur !== null && !path.includes(cur) && path.length <= parentOf.size) {
      path.push(cur);
      cur = parentOf.get(cur) ?? null;
    }
    if (cur === self)
      r.errors.add(heading('parent') || '上位組織コード', `上位組織が循環しています（${[...path, self].map((k) => nameOf.get(k) ?? k).join(' → ')}）。`);
  }

  const display = (ref: DepartmentRef): string => (ref === null ? '' : 'id' in ref ? (byId.get(ref.id)?.code ?? byId.get(ref.id)?.name ?? '') : ref.newCode);
  const out: DepartmentImportPlan = { rows: [], creates: [], updates: [], fileProblems: [] };
  for (const r of reads) {
    const p = r.planned!;
    const base = { line: r.row.line, key: p.code, name: p.name };
    if (r.errors.any) {
      out.rows.push({ ...base, action: 'error', actionLabel: ACTION_LABELS.error, changes: [], errors: r.errors.list });
      continue;
    }
    if (!p.existing) {
      out.creates.push(p);
      out.rows.push({ ...base, action: 'create', actionLabel: ACTION_LABELS.create, changes: [], errors: [] });
      continue;
    }
    const e = p.existing;
    const storedParent: DepartmentRef = e.parentId ? { id: e.parentId } : null;
    const storedSuccessor: DepartmentRef = e.successorId ? { id: e.successorId } : null;
    const changes: ImportChangeDto[] = [];
    const diff = (key: DepartmentColumn, before: string, after: string) => {
      if (before !== after) changes.push({ column: heading(key) || DEPARTMENT_COLUMNS.find((c) => c.key === key)!.heading, before, after });
    };
    diff('name', e.name, p.name);
    diff('kind', e.kind, p.kind);
    diff('parent', display(storedParent), display(p.parent));
    diff('validFrom', e.validFrom ?? '', p.validFrom ?? '');
    diff('validTo', e.validTo ?? '', p.validTo ?? '');
    diff('successor', display(storedSuccessor), display(p.successor));
    diff('sortOrder', String(e.sortOrder), String(p.sortOrder));
    if (changes.length) out.updates.push(p);
    const action = changes.length ? 'update' : 'unchanged';
    out.rows.push({ ...base, action, actionLabel: ACTION_LABELS[action], changes, errors: [] });
  }
  return out;
}
