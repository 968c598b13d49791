/** @jsxImportSource react */
/**
 * タグの管理: tags grouped by 分類; register and rename (name and 分類).
 * A rename is saved with the version the form started from: a stale one
 * (409 conflict) shows both versions and offers to reload or to carry the
 * input onto the stored version; a duplicate name (409 duplicate) sits beside
 * the name.
 */
import { useId, useRef, useState } from 'react';
import { ConflictPanel, type ConflictRow } from '../components/ConflictPanel';
import { groupTags } from '../components/FilterBar';
import { ErrorSummary, Field, groupFieldErrors, humanizeFields, inputCls, labelCls } from '../components/form';
import { Breadcrumbs, Button, ErrorState, Loading, PageHeading, SuccessMessage, cx, useDocumentTitle } from '../components/ui';
import { ApiError, apiPaths, api, request, type MunicipalityDto, type TagBody, type TagDto } from '../lib/api';
import { useCan } from '../lib/auth';
import { paths } from '../lib/router';
import { invalidate, useApi } from '../lib/useApi';

/** Server paths name/category → control ids; a duplicate name (409 duplicate) belongs to the name. */
function tagErrors(e: unknown, idName: string, idCategory: string): Map<string, string[]> {
  const err = e instanceof ApiError ? e : new ApiError(0, null, String(e));
  const worded = humanizeFields(err.fields, (p) => (p === 'name' ? 'タグ名' : p === 'category' ? '分類' : null));
  const grouped = groupFieldErrors(worded, (p) => (p === 'name' ? idName : p === 'category' ? idCategory : null));
  if (grouped.size === 0) grouped.set(err.code === 'duplicate' ? idName : '', [err.message]);
  return grouped;
}

/** The server sends the stored tag on a stale save; accept it only if it looks like one. */
function tagFromConflict(current: unknown, id: string): TagDto | null {
  if (!current || typeof current !== 'object') return null;
  const c = current as Partial<TagDto>;
  return c.id === id && typeof c.version === 'number' && typeof c.name === 'string' && typeof c.category === 'string' ? (c as TagDto) : null;
}

const TAG_FIELDS: [keyof TagBody, string][] = [
  ['category', '分類'],
  ['name', 'タグ名'],
];

/** The comparison rows of the conflict panel; a difference is judged on the trimmed input, as it would be saved. */
function tagConflictRows(mine: TagBody, current: TagDto): ConflictRow[] {
  return TAG_FIELDS.map(([key, label]) => ({
    key,
    label,
    mine: mine[key] || '（空欄）',
    stored: current[key],
    differs: mine[key].trim() !== current[key],
  }));
}

function TagFields({
  idName,
  idCategory,
  values,
  onChange,
  errors,
  categories,
  compact,
}: {
  idName: string;
  idCategory: string;
  values: TagBody;
  onChange: (v: TagBody) => void;
  errors: Map<string, string[]>;
  categories: string[];
  compact?: boolean;
}) {
  const uid = useId();
  const labelClass = compact ? 'mb-1 block text-dns-14B-130' : labelCls;
  return (
    <div className="flex flex-wrap items-start gap-3">
      <Field
        id={idCategory}
        label="分類"
        mark={compact ? undefined : 'required'}
        labelClassName={labelClass}
        hint={!compact && '例：全庁横断的な取組、基本方針'}
        errors={errors}
        className={compact ? 'w-60' : 'w-72'}
      >
        {(c) => (
          <>
            <input
              {...c}
              className={cx(inputCls, compact && 'py-1.5')}
              list={`${uid}-categories`}
              value={values.category}
              onChange={(e) => onChange({ ...values, category: e.target.value })}
              aria-required="true"
              autoComplete="off"
            />
            <datalist id={`${uid}-categories`}>
              {categories.map((cat) => (
                <option key={cat} value={cat} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field id={idName} label="タグ名" mark={compact ? undefined : 'required'} labelClassName={labelClass} errors={errors} className="min-w-60 flex-1">
        {(c) => (
          <input
            {...c}
            className={cx(inputCls, compact && 'py-1.5')}
            value={values.name}
            onChange={(e) => onChange({ ...values, name: e.target.value })}
            aria-required="true"
            autoComplete="off"
          />
        )}
      </Field>
    </div>
  );
}

function NewTagForm({ code, categories, onCreated }: { code: string; categories: string[]; onCreated: (t: TagDto) => void }) {
  const uid = useId();
  const [values, setValues] = useState<TagBody>({ category: categories[0] ?? '', name: '' });
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [busy, setBusy] = useState(false);
  const ids = { name: 'tf-name', category: 'tf-category' };

  const submit = async () => {
    setBusy(true);
    setErrors(new Map());
    try {
      const tag = await api.createTag(code, values);
      // Keep the 分類: tags are usually entered several at a time per 分類.
      setValues((v) => ({ ...v, name: '' }));
      onCreated(tag);
      document.getElementById(ids.name)?.focus();
    } catch (e) {
      setErrors(tagErrors(e, ids.name, ids.category));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      aria-labelledby={`${uid}-h`}
      data-testid="tag-form"
      className="mt-4 max-w-4xl rounded-8 border border-solid-gray-420 px-4 py-3"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id={`${uid}-h`} className="mb-2 text-std-17B-170">
        タグを登録
      </h2>
      <ErrorSummary errors={errors} id="tf-error-summary" />
      <TagFields idName={ids.name} idCategory={ids.category} values={values} onChange={setValues} errors={errors} categories={categories} />
      <Button type="submit" variant="primary" className="mt-3" disabled={busy}>
        {busy ? '登録しています…' : '登録する'}
      </Button>
    </form>
  );
}

function TagRow({
  code,
  tag,
  categories,
  canEdit,
  onSaved,
  onStale,
}: {
  code: string;
  tag: TagDto;
  categories: string[];
  canEdit: boolean;
  onSaved: (t: TagDto) => void;
  /** the list is older than what is stored */
  onStale: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const editId = `te-${tag.id}-edit`;
  const [values, setValues] = useState<TagBody>({ name: tag.name, category: tag.category });
  // The stored version this form was started from (changes when a conflict is resolved).
  const [base, setBase] = useState<TagDto>(tag);
  const [conflict, setConflict] = useState<{ message: string; current: TagDto | null } | null>(null);
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [busy, setBusy] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const ids = { name: `te-${tag.id}-name`, category: `te-${tag.id}-category` };

  const close = () => {
    setEditing(false);
    setErrors(new Map());
    // Refreshing the list only now: a tag moved to another 分類 would remount this row and lose the form.
    if (conflict || base.version !== tag.version) onStale();
    setConflict(null);
    window.setTimeout(() => editButton.current?.focus(), 0);
  };

  /** The stored tag as it is now (the list is fetched afresh, not from the cache). */
  const fetchStored = async (): Promise<TagDto | null> => {
    try {
      const res = await request<{ items: TagDto[] }>('GET', apiPaths.tags(code));
      return res.items.find((t) => t.id === tag.id) ?? null;
    } catch {
      return null;
    }
  };

  const submit = async () => {
    if (values.name === base.name && values.category === base.category) {
      close();
      return;
    }
    setBusy(true);
    setErrors(new Map());
    try {
      const saved = await api.patchTag(code, tag.id, { ...values, version: base.version });
      setEditing(false);
      setConflict(null);
      onSaved(saved);
      // The row may have moved to another 分類; its button keeps the same id.
      window.setTimeout(() => document.getElementById(editId)?.focus(), 50);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.code === 'conflict') {
        setConflict({ message: e.message, current: tagFromConflict(e.current, tag.id) ?? (await fetchStored()) });
      } else {
        setErrors(tagErrors(e, ids.name, ids.category));
      }
    } finally {
      setBusy(false);
    }
  };

  if (!editing) {
    return (
      <li className="flex min-h-11 items-center justify-between gap-3 border-t border-solid-gray-200 px-3 py-1.5 first:border-t-0" data-testid="tag-row">
        <span className="text-dns-16N-130" data-testid="tag-name">
          {tag.name}
        </span>
        {canEdit && (
          <Button
            ref={editButton}
            id={editId}
            size="sm"
            variant="tertiary"
            aria-label={`${tag.name}の名称を変更`}
            onClick={() => {
              setValues({ name: tag.name, category: tag.category });
              setBase(tag);
              setConflict(null);
              setEditing(true);
              window.setTimeout(() => document.getElementById(ids.name)?.focus(), 0);
            }}
          >
            名称を変更
          </Button>
        )}
      </li>
    );
  }
  return (
    <li className="border-t border-solid-gray-200 bg-key-50 px-3 py-2 first:border-t-0">
      <form
        noValidate
        aria-label={`${tag.name}の名称を変更`}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            close();
          }
        }}
      >
        {conflict && (
          <ConflictPanel
            className="mb-3"
            compact
            heading="他の利用者がこのタグを先に更新しました"
            message={
              <>
                {conflict.message} あなたの入力はまだ保存されていません（フォームに残っています）。
                反映を選んだ場合は、フォームの内容を確認してからもう一度「保存する」を押してください。
              </>
            }
            storedVersion={conflict.current?.version ?? null}
            rows={conflict.current ? tagConflictRows(values, conflict.current) : []}
            onReload={() => {
              void (async () => {
                const latest = conflict.current ?? (await fetchStored());
                if (!latest) {
                  setErrors(new Map([['', ['最新の内容を読み込めませんでした。画面を再読み込みしてください。']]]));
                  return;
                }
                setValues({ name: latest.name, category: latest.category });
                setBase(latest);
                setConflict(null);
                setErrors(new Map());
                document.getElementById(ids.name)?.focus();
              })();
            }}
            onKeepMine={
              conflict.current
                ? () => {
                    const current = conflict.current!;
                    setValues({
                      category: values.category !== base.category ? values.category : current.category,
                      name: values.name !== base.name ? values.name : current.name,
                    });
                    setBase(current);
                    setConflict(null);
                    document.getElementById(ids.name)?.focus();
                  }
                : null
            }
          />
        )}
        {errors.get('')?.length ? (
          <p role="alert" className="mb-2 text-std-16N-170 text-error-1">
            {errors.get('')!.join(' ')}
          </p>
        ) : null}
        <TagFields idName={ids.name} idCategory={ids.category} values={values} onChange={setValues} errors={errors} categories={categories} compact />
        {[...errors.keys()].some(Boolean) && (
          <p role="alert" className="sr-only">
            {[...errors.entries()].filter(([k]) => k).flatMap(([, m]) => m).join(' ')}
          </p>
        )}
        <div className="mt-2 flex gap-2">
          <Button type="submit" size="sm" variant="primary" disabled={busy}>
            {busy ? '保存しています…' : '保存する'}
          </Button>
          <Button size="sm" onClick={close} disabled={busy}>
            キャンセル
          </Button>
        </div>
      </form>
    </li>
  );
}

export function TagsPage({ code }: { code: string }) {
  const can = useCan();
  const munis = useApi<{ items: MunicipalityDto[] }>(apiPaths.municipalities());
  const tagRes = useApi<{ items: TagDto[] }>(apiPaths.tags(code));
  const [saved, setSaved] = useState<string | null>(null);
  const muni = munis.data?.items.find((m) => m.code === code);
  useDocumentTitle('タグの管理');
  const canEdit = can('tag.edit');

  const tags = tagRes.data?.items ?? [];
  const groups = groupTags(tags);
  const categories = groups.map(([c]) => c);
  const changed = (message: string) => {
    // Tag names also travel with plan trees.
    invalidate(apiPaths.tags(code), apiPaths.plans(code));
    setSaved(message);
  };

  return (
    <div>
      <Breadcrumbs
        items={[
          { label: '自治体の選択', to: paths.home() },
          { label: muni?.name ?? code, to: paths.municipality(code) },
          { label: 'タグ' },
        ]}
      />
      <PageHeading>タグの管理</PageHeading>
      <p className="mt-1 max-w-4xl text-std-16N-170 text-solid-gray-700">
        タグは、全庁横断的な取組や基本方針など、体系とは別の切り口で項目を分類するためのものです。分類ごとにまとめて表示され、項目の編集画面と絞り込みで使います。
      </p>
      <div aria-live="polite">
        {saved && (
          <SuccessMessage takeFocus={false} onClose={() => setSaved(null)}>
            {saved}
          </SuccessMessage>
        )}
      </div>
      {tagRes.loading && !tagRes.data && <Loading />}
      {tagRes.error && <ErrorState error={tagRes.error} onRetry={tagRes.reload} />}
      {tagRes.data && canEdit && (
        <NewTagForm code={code} categories={categories} onCreated={(t) => changed(`タグ「${t.category} / ${t.name}」を登録しました。`)} />
      )}
      {tagRes.data && tags.length === 0 && <p className="mt-4 text-std-16N-170">登録されているタグはありません。</p>}
      {groups.length > 0 && (
        <div className="mt-6 grid max-w-4xl gap-5" data-testid="tag-groups">
          {groups.map(([category, list]) => (
            <section key={category} aria-label={`分類：${category}`}>
              <h2 className="mb-1 flex items-baseline gap-2 text-std-17B-170">
                <span aria-hidden="true" className="inline-block size-3 rounded-full border border-cyan-700 bg-cyan-50" />
                {category}
                <span className="text-dns-14N-130 text-solid-gray-700">（{list.length}件）</span>
              </h2>
              <ul className="rounded-8 border border-solid-gray-420">
                {list.map((t) => (
                  <TagRow
                    key={t.id}
                    code={code}
                    tag={t}
                    categories={categories}
                    canEdit={canEdit}
                    onSaved={(s) => changed(`タグ「${s.category} / ${s.name}」を保存しました。`)}
                    onStale={() => invalidate(apiPaths.tags(code), apiPaths.plans(code))}
                  />
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
