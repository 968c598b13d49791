/** @jsxImportSource react */
import { useEffect, useId, useRef, useState } from 'react';
import type { DepartmentDto, PlanDto, TagDto } from '../lib/api';
import { EMPTY_FILTERS, isFiltered, type Filters } from '../lib/filters';
import { formatDate } from '../lib/format';
import { Button, cx } from './ui';

const control =
  'h-9 rounded-6 border border-solid-gray-600 bg-white px-2 text-dns-14N-130 text-solid-gray-900 hover:border-solid-gray-900';
const labelCls = 'block text-dns-14B-130 text-solid-gray-800 mb-0.5';

/** Departments in organisational order (部, then its 課), current ones first. */
export function orderDepartments(depts: DepartmentDto[]): { dept: DepartmentDto; level: number }[] {
  const ids = new Set(depts.map((d) => d.id));
  const children = new Map<string | null, DepartmentDto[]>();
  for (const d of depts) {
    const p = d.parentId && ids.has(d.parentId) ? d.parentId : null;
    const list = children.get(p) ?? [];
    list.push(d);
    children.set(p, list);
  }
  const out: { dept: DepartmentDto; level: number }[] = [];
  const walk = (p: string | null, level: number) => {
    const list = [...(children.get(p) ?? [])].sort((a, b) => Number(b.active) - Number(a.active));
    for (const d of list) {
      out.push({ dept: d, level });
      walk(d.id, level + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function departmentLabel(d: DepartmentDto): string {
  return d.active ? d.name : `${d.name}（旧）`;
}

export function groupTags(tags: TagDto[]): [string, TagDto[]][] {
  const groups = new Map<string, TagDto[]>();
  for (const t of tags) {
    const key = t.category || 'タグ';
    const list = groups.get(key) ?? [];
    list.push(t);
    groups.set(key, list);
  }
  return [...groups.entries()];
}

export function FilterBar({
  plan,
  departments,
  tags,
  filters,
  onChange,
  resultLabel,
  levelMode = 'upTo',
}: {
  plan: PlanDto;
  departments: DepartmentDto[];
  tags: TagDto[];
  filters: Filters;
  onChange: (patch: Partial<Filters>) => void;
  /** e.g. "該当 12 件" — announced politely */
  resultLabel?: string;
  /** upTo: show levels down to the chosen one (体系図・アウトライン); exact: items of that level (ロードマップ) */
  levelMode?: 'upTo' | 'exact';
}) {
  const id = useId();
  // The search box keeps its own text while the user types (IME composition
  // included) and writes to the URL after a short pause.
  const [q, setQ] = useState(filters.q);
  const composing = useRef(false);
  const lastSent = useRef(filters.q);
  useEffect(() => {
    if (filters.q !== lastSent.current) {
      lastSent.current = filters.q;
      setQ(filters.q);
    }
  }, [filters.q]);
  useEffect(() => {
    if (composing.current || q === lastSent.current) return;
    const t = window.setTimeout(() => {
      lastSent.current = q;
      onChange({ q });
    }, 250);
    return () => window.clearTimeout(t);
  }, [q, onChange]);

  const depts = orderDepartments(departments);
  const tagGroups = groupTags(tags);

  return (
    <form
      role="search"
      aria-label="項目の絞り込み"
      className="no-print flex flex-wrap items-end gap-x-4 gap-y-2 rounded-8 border border-solid-gray-200 bg-solid-gray-50 px-3 py-2"
      onSubmit={(e) => {
        e.preventDefault();
        lastSent.current = q;
        onChange({ q });
      }}
    >
      <div>
        <label htmlFor={`${id}-dept`} className={labelCls}>
          担当課
        </label>
        <select
          id={`${id}-dept`}
          className={cx(control, 'max-w-[14rem]')}
          value={filters.dept}
          onChange={(e) => onChange({ dept: e.target.value })}
        >
          <option value="">すべて</option>
          {depts.map(({ dept, level }) => (
            <option key={dept.id} value={dept.id}>
              {'　'.repeat(level)}
              {departmentLabel(dept)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-tag`} className={labelCls}>
          タグ
        </label>
        <select
          id={`${id}-tag`}
          className={cx(control, 'max-w-[14rem]')}
          value={filters.tag}
          onChange={(e) => onChange({ tag: e.target.value })}
        >
          <option value="">すべて</option>
          {tagGroups.map(([category, list]) => (
            <optgroup key={category} label={category}>
              {list.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-level`} className={labelCls}>
          階層
        </label>
        <select
          id={`${id}-level`}
          className={control}
          value={filters.level}
          onChange={(e) => onChange({ level: e.target.value })}
        >
          <option value="">すべての階層</option>
          {plan.levelNames.map((name, i) => (
            <option key={i} value={String(i)}>
              {levelMode === 'upTo' ? `${name}まで` : name}
            </option>
          ))}
        </select>
      </div>
      <div className="flex h-9 items-center">
        <input
          id={`${id}-priority`}
          type="checkbox"
          className="size-5 accent-key-900"
          checked={filters.priority}
          onChange={(e) => onChange({ priority: e.target.checked })}
        />
        <label htmlFor={`${id}-priority`} className="ml-1.5 text-dns-14B-130 text-solid-gray-800">
          重点のみ
        </label>
      </div>
      <div className="min-w-[14rem] flex-1">
        <label htmlFor={`${id}-q`} className={labelCls}>
          キーワード
        </label>
        <input
          id={`${id}-q`}
          type="search"
          className={cx(control, 'w-full')}
          placeholder="整理番号・項目名・概要"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onCompositionStart={() => {
            composing.current = true;
          }}
          onCompositionEnd={(e) => {
            composing.current = false;
            setQ(e.currentTarget.value);
          }}
        />
      </div>
      <div>
        <label htmlFor={`${id}-asof`} className={labelCls}>
          時点<span className="font-normal text-solid-gray-700">（空欄＝現在）</span>
        </label>
        <div className="flex items-center gap-1">
          <input
            id={`${id}-asof`}
            type="date"
            className={control}
            value={filters.asOf}
            aria-describedby={filters.asOf ? `${id}-asof-desc` : undefined}
            onChange={(e) => onChange({ asOf: e.target.value })}
          />
          {filters.asOf && (
            <span id={`${id}-asof-desc`} className="sr-only">
              {formatDate(filters.asOf)}時点の計画を表示中
            </span>
          )}
        </div>
      </div>
      <div className="flex items-center gap-3">
        {isFiltered(filters) && (
          <Button
            size="sm"
            variant="tertiary"
            onClick={() => {
              lastSent.current = '';
              setQ('');
              onChange(EMPTY_FILTERS);
            }}
          >
            条件をクリア
          </Button>
        )}
        {resultLabel && (
          <p role="status" aria-live="polite" className="text-dns-14B-130 text-solid-gray-800">
            {resultLabel}
          </p>
        )}
      </div>
    </form>
  );
}
