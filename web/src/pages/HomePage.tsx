/** @jsxImportSource react */
import { useId, useState } from 'react';
import {
  ErrorSummary,
  Field,
  FieldErrorText,
  Optional,
  describedBy,
  fieldState,
  groupFieldErrors,
  hintCls,
  inputCls,
  labelCls,
  selectCls,
} from '../components/form';
import { Button, ErrorState, Loading, PageHeading, SuccessMessage, cx, useDocumentTitle } from '../components/ui';
import { ApiError, api, apiPaths, type MunicipalityBody, type MunicipalityDto } from '../lib/api';
import { useIsSystemAdmin } from '../lib/auth';
import { PREFECTURES, prefectureName } from '../lib/domain';
import { Link, paths } from '../lib/router';
import { invalidate, useApi } from '../lib/useApi';

const ids = { code: 'mf-code', name: 'mf-name', prefecture: 'mf-prefecture' };

/** 団体の登録 (system administrators). The server checks the code, its check digit and the prefecture. */
function NewMunicipalityForm({ onCreated }: { onCreated: (m: MunicipalityDto) => void }) {
  const uid = useId();
  const [values, setValues] = useState<MunicipalityBody>({ code: '', name: '', prefecture: '' });
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [busy, setBusy] = useState(false);
  const { err, invalid, errId } = fieldState(errors);
  const set = <K extends keyof MunicipalityBody>(k: K, v: MunicipalityBody[K]) => setValues((s) => ({ ...s, [k]: v }));
  // Only a hint: the server decides (and checks the check digit).
  const derived = /^\d{6}$/.test(values.code) ? prefectureName(values.code) : null;

  const submit = async () => {
    setBusy(true);
    setErrors(new Map());
    try {
      const m = await api.createMunicipality(values);
      setValues({ code: '', name: '', prefecture: '' });
      onCreated(m);
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, null, String(e));
      const grouped = groupFieldErrors(error.fields, (p) => (p in ids ? ids[p as keyof typeof ids] : null));
      // 409 = the code is already registered.
      if (grouped.size === 0) grouped.set(error.status === 409 ? ids.code : '', [error.message]);
      setErrors(grouped);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      aria-labelledby={`${uid}-h`}
      data-testid="municipality-form"
      className="mt-3 rounded-8 border border-solid-gray-420 px-4 py-3"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id={`${uid}-h`} className="sr-only">
        団体の登録
      </h3>
      <ErrorSummary errors={errors} id="mf-error-summary" />
      <div className="grid gap-4 sm:grid-cols-[20rem_1fr]">
        <Field id={ids.code} label="団体コード" mark="required" hint="全国地方公共団体コード（6桁、検査数字を含む）。例：432041" errors={errors}>
          {(c) => (
            <input
              {...c}
              className={cx(inputCls, 'max-w-40 font-mono tabular-nums tracking-wider')}
              value={values.code}
              inputMode="numeric"
              onChange={(e) => set('code', e.target.value)}
              aria-required="true"
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <Field id={ids.name} label="団体名" mark="required" hint="例：荒尾市" errors={errors}>
          {(c) => <input {...c} className={inputCls} value={values.name} onChange={(e) => set('name', e.target.value)} aria-required="true" autoComplete="off" />}
        </Field>
        <div>
          <label htmlFor={ids.prefecture} className={labelCls}>
            都道府県
            <Optional />
          </label>
          <select
            id={ids.prefecture}
            className={cx(selectCls, 'w-full max-w-72')}
            value={values.prefecture}
            onChange={(e) => set('prefecture', e.target.value)}
            aria-invalid={invalid(ids.prefecture)}
            aria-describedby={describedBy(errId(ids.prefecture), `${ids.prefecture}-hint`)}
          >
            <option value="">団体コードから設定</option>
            {PREFECTURES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <p id={`${ids.prefecture}-hint`} className={hintCls} aria-live="polite">
            {derived ? `団体コードからは「${derived}」になります。` : '空欄のときは団体コードから決まります。'}
          </p>
          <FieldErrorText id={ids.prefecture} messages={err(ids.prefecture)} />
        </div>
      </div>
      <Button type="submit" variant="primary" className="mt-3" disabled={busy}>
        {busy ? '登録しています…' : '団体を登録する'}
      </Button>
    </form>
  );
}

export function HomePage() {
  useDocumentTitle('自治体の選択');
  const { data, error, loading, reload } = useApi<{ items: MunicipalityDto[] }>(apiPaths.municipalities());
  const isSystemAdmin = useIsSystemAdmin();
  const [created, setCreated] = useState<MunicipalityDto | null>(null);
  const [formOpen, setFormOpen] = useState(false);

  return (
    <div className="max-w-4xl">
      <PageHeading className="mt-4">自治体の選択</PageHeading>
      <p className="mt-1 text-std-16N-170 text-solid-gray-700">計画を管理する自治体を選んでください。</p>
      {loading && !data && <Loading />}
      {error && <ErrorState error={error} onRetry={reload} />}
      {created && (
        <SuccessMessage onClose={() => setCreated(null)}>
          {created.prefecture} {created.name}（団体コード {created.code}）を登録しました。{' '}
          <Link to={paths.municipality(created.code)}>{created.name}の計画一覧へ</Link>
        </SuccessMessage>
      )}
      {data && data.items.length === 0 && (
        <p className="mt-6 text-std-16N-170">登録されている自治体はありません。</p>
      )}
      {data && data.items.length > 0 && (
        <ul className="mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="自治体一覧">
          {data.items.map((m) => (
            <li key={m.id}>
              <Link
                to={paths.municipality(m.code)}
                className="block rounded-8 border border-solid-gray-420 bg-white px-4 py-3 no-underline hover:border-key-900 hover:bg-key-50"
              >
                <span className="block text-dns-14N-130 text-solid-gray-700">{m.prefecture}</span>
                <span className="block text-std-20B-150 text-key-1000 underline underline-offset-3">{m.name}</span>
                <span className="block text-dns-14N-130 text-solid-gray-700">団体コード {m.code}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}

      {isSystemAdmin && (
        <section aria-labelledby="muni-new-h" className="mt-10 border-t border-solid-gray-420 pt-4">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id="muni-new-h" className="text-std-20B-150">
              団体の登録
              <span className="ml-2 text-dns-14N-130 text-solid-gray-700">（システム管理者）</span>
            </h2>
            <Button size="sm" aria-expanded={formOpen} aria-controls="muni-new-body" onClick={() => setFormOpen((o) => !o)}>
              {formOpen ? '閉じる' : '新しい団体を登録する'}
            </Button>
          </div>
          <div id="muni-new-body" hidden={!formOpen}>
            <p className="mt-1 text-std-16N-170 text-solid-gray-700">
              このシステムを使う自治体を追加します。登録すると、組織・タグ・計画を入力できるようになります。
            </p>
            <NewMunicipalityForm
              onCreated={(m) => {
                invalidate(apiPaths.municipalities());
                setCreated(m);
                setFormOpen(false);
              }}
            />
          </div>
        </section>
      )}
    </div>
  );
}
