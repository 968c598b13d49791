/** @jsxImportSource react */
/**
 * 「…をCSVから取り込む」: choose a file → the server checks every row and answers what would
 * happen (nothing is written) → a table by row (新規／変更／変更なし／エラー, each problem
 * under its row and column) with the counts → 「取り込む」, enabled only when no row has an
 * error, writes every row in one transaction. Used by the 組織 and 利用者 pages.
 *
 * The commit sends the dry run's `basis`: if someone changed the stored records since, the
 * server answers 409 and writes nothing, and the check is run again here.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { FieldErrorText, hintCls, labelCls } from '../../components/form';
import { tableCls, tableWrapCls, tdCls, thCls, theadCls } from '../../components/secretariat-ui';
import { Badge, Button, cx } from '../../components/ui';
import { ApiError } from '../../lib/api';
import { onboardingApi, onboardingPaths, type ImportKind, type ImportResultDto, type ImportRowDto } from './api';

/** The server refuses larger files; saying so before the upload saves a round trip. */
const MAX_BYTES = 2 * 1024 * 1024;

const ACTION_TONE: Record<ImportRowDto['action'], 'key' | 'warning' | 'neutral' | 'danger'> = {
  create: 'key',
  update: 'warning',
  unchanged: 'neutral',
  error: 'danger',
};

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, null, String(e));
}

function looksLikeResult(v: unknown): v is ImportResultDto {
  return !!v && typeof v === 'object' && Array.isArray((v as ImportResultDto).rows) && typeof (v as ImportResultDto).summary === 'object';
}

export interface CsvImportText {
  /** heading of the section, e.g. 組織をCSVから取り込む */
  title: string;
  /** what one row is: 組織 / 職員 */
  noun: string;
  /** column headings of the table */
  keyHeading: string;
  nameHeading: string;
  /** the file's headings, explained under the file input */
  columns: ReactNode;
  /** file name of the template */
  templateName: string;
}

function Summary({ r, noun }: { r: ImportResultDto; noun: string }) {
  const s = r.summary;
  const items: [string, number, string][] = [
    ['読み込んだ行', s.total, 'total'],
    [`新規の${noun}`, s.create, 'create'],
    [`変更する${noun}`, s.update, 'update'],
    ['変更なし', s.unchanged, 'unchanged'],
    ['エラーのある行', s.errors, 'errors'],
  ];
  return (
    <dl className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-5" data-testid="import-summary">
      {items.map(([k, v, key]) => (
        <div
          key={key}
          data-count={key}
          className={cx('rounded-8 border bg-white px-3 py-2', key === 'errors' && v > 0 ? 'border-2 border-error-1' : 'border-solid-gray-420')}
        >
          <dt className="text-dns-14N-130 text-solid-gray-800">{k}</dt>
          <dd className={cx('text-std-20B-150 tabular-nums', key === 'errors' && v > 0 && 'text-error-1')}>{v.toLocaleString('ja-JP')}</dd>
        </div>
      ))}
    </dl>
  );
}

function RowTable({ r, text, onlyErrors }: { r: ImportResultDto; text: CsvImportText; onlyErrors: boolean }) {
  const rows = onlyErrors ? r.rows.filter((x) => x.action === 'error') : r.rows;
  return (
    <div className={cx(tableWrapCls, 'mt-2 max-h-[32rem] overflow-y-auto')}>
      <table className={tableCls} data-testid="import-rows">
        <caption className="sr-only">
          {text.noun}の取込みの確認（行ごとの内容と誤り）
        </caption>
        <thead className={cx(theadCls, 'sticky top-0')}>
          <tr>
            <th scope="col" className={thCls}>
              行
            </th>
            <th scope="col" className={thCls}>
              内容
            </th>
            <th scope="col" className={thCls}>
              {text.keyHeading}
            </th>
            <th scope="col" className={thCls}>
              {text.nameHeading}
            </th>
            <th scope="col" className={thCls}>
              変更点・エラー
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.line} data-testid="import-row" data-action={row.action} data-key={row.key} className={cx(row.action === 'error' && 'bg-red-50')}>
              <th scope="row" className={cx(tdCls, 'text-right font-normal tabular-nums')}>
                {row.line}
              </th>
              <td className={tdCls}>
                <Badge tone={ACTION_TONE[row.action]}>{row.actionLabel}</Badge>
              </td>
              <td className={cx(tdCls, 'font-mono')}>{row.key || <span className="text-solid-gray-536">（空欄）</span>}</td>
              <td className={tdCls}>{row.name || <span className="text-solid-gray-536">（空欄）</span>}</td>
              <td className={cx(tdCls, 'text-dns-14N-130')}>
                {row.errors.length > 0 && (
                  <ul className="grid gap-0.5" data-testid="import-row-errors">
                    {row.errors.map((e, i) => (
                      <li key={i} className="text-error-1" data-column={e.column}>
                        <span aria-hidden="true">⚠ </span>
                        {e.message}
                      </li>
                    ))}
                  </ul>
                )}
                {row.changes.length > 0 && (
                  <ul className="grid gap-0.5">
                    {row.changes.map((c, i) => (
                      <li key={i}>
                        {c.column}：{c.before || '（空欄）'}
                        <span aria-label="から"> → </span>
                        {c.after || '（空欄）'}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CsvImport<T extends ImportResultDto>({
  code,
  kind,
  text,
  onCommitted,
  onClose,
}: {
  code: string;
  kind: ImportKind;
  text: CsvImportText;
  onCommitted: (result: T) => void;
  onClose: () => void;
}) {
  const uid = useId();
  const fileId = `${uid}-file`;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const verdictRef = useRef<HTMLDivElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileErr, setFileErr] = useState<string[] | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResultDto | null>(null);
  const [busy, setBusy] = useState<'check' | 'commit' | null>(null);
  const [onlyErrors, setOnlyErrors] = useState(false);

  // the section opens from a button: move there so keyboard and screen-reader users land in it
  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    if (result) verdictRef.current?.focus();
  }, [result]);

  const check = (f: File | null): string | null => {
    if (!f) return 'CSVファイルを選んでください。';
    const lower = f.name.toLowerCase();
    if (lower.endsWith('.xlsx') || lower.endsWith('.xls'))
      return `「${f.name}」はExcelのファイルです。Excelで開き「名前を付けて保存」で「CSV（コンマ区切り）」を選んで保存してから選んでください。`;
    if (!lower.endsWith('.csv') && !lower.endsWith('.txt')) return `「${f.name}」はCSVファイルではありません。拡張子が .csv のファイルを選んでください。`;
    if (f.size === 0) return `「${f.name}」は空です。`;
    if (f.size > MAX_BYTES) return `「${f.name}」は大きすぎます。2MBまでのファイルにしてください。`;
    return null;
  };

  const showError = (e: unknown) => {
    const ae = asApiError(e);
    const fileMsgs = ae.fields.filter((f) => f.path === 'file').map((f) => f.message);
    if (fileMsgs.length) {
      setFileErr(fileMsgs);
      setError(ae.message);
      document.getElementById(fileId)?.focus();
    } else setError(ae.message);
  };

  const runDryRun = async (f: File): Promise<void> => {
    setBusy('check');
    setError(null);
    setFileErr(undefined);
    try {
      setResult(await onboardingApi.dryRun(code, kind, f));
      setOnlyErrors(false);
    } catch (e) {
      setResult(null);
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const submitFile = (e: FormEvent) => {
    e.preventDefault();
    const msg = check(file);
    if (msg) {
      setFileErr([msg]);
      setResult(null);
      document.getElementById(fileId)?.focus();
      return;
    }
    void runDryRun(file!);
  };

  const commit = async () => {
    if (!file || !result) return;
    setBusy('commit');
    setError(null);
    try {
      const done = await onboardingApi.commit<T>(code, kind, file, result.basis);
      onCommitted(done);
    } catch (e) {
      const ae = asApiError(e);
      if (ae.status === 409) {
        // someone changed the stored records since the check: nothing was written; check again against them
        setBusy(null);
        await runDryRun(file);
        setError(`${ae.message} 確認の後に登録内容が変わったため、何も取り込んでいません。最新の内容でもう一度確認しました。表を見直してから「取り込む」を押してください。`);
        return;
      }
      if (ae.status === 422 && looksLikeResult(ae.current)) setResult(ae.current);
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const errors = result?.summary.errors ?? 0;
  const toWrite = result ? result.summary.create + result.summary.update : 0;
  const canCommit = !!result && errors === 0 && toWrite > 0 && !busy;

  return (
    <section aria-labelledby={`${uid}-h`} className="mt-4 rounded-8 border-2 border-key-400 bg-white p-4" data-testid={`csv-import-${kind}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h2 id={`${uid}-h`} ref={headingRef} tabIndex={-1} className="text-std-20B-150 outline-none">
          {text.title}
        </h2>
        <Button size="sm" onClick={onClose} disabled={!!busy}>
          取込みをやめる
        </Button>
      </div>
      <p className="mt-1 rounded-8 border border-solid-gray-536 bg-solid-gray-50 px-3 py-2 text-std-16N-170" data-testid="nothing-written">
        「取り込む」を押すまで、何も登録されません。エラーのある行が1行でもあるときは取り込めません（全件か0件です）。ファイルにない{text.noun}は、そのまま残ります（削除されません）。
      </p>

      <form onSubmit={submitFile} noValidate className="mt-3 grid gap-3">
        <div>
          <label htmlFor={fileId} className={labelCls}>
            CSVファイル
          </label>
          <div id={`${fileId}-hint`} className={hintCls}>
            <p>1行目は見出しです（列の順番は自由）。文字コードは UTF-8・Shift_JIS（Excelの「CSV（コンマ区切り）」）のどちらでも読めます。2MBまで。</p>
            <div className="mt-1">{text.columns}</div>
          </div>
          <p className="mt-1">
            <a href={onboardingPaths.template(code, kind)} download={text.templateName} className="text-std-16N-170 text-key-900 underline underline-offset-3" data-testid="template-link">
              ひな形（見出しと記入例1行のCSV）をダウンロード
            </a>
          </p>
          <input
            id={fileId}
            type="file"
            accept=".csv,text/csv,.txt,text/plain"
            className="mt-2 block text-std-16N-170"
            aria-invalid={fileErr ? true : undefined}
            aria-describedby={cx(`${fileId}-hint`, fileErr && `${fileId}-error`)}
            onChange={(e) => {
              const f = e.target.files?.[0] ?? null;
              setFile(f);
              setResult(null);
              setError(null);
              const msg = f ? check(f) : null;
              setFileErr(msg ? [msg] : undefined);
            }}
          />
          <FieldErrorText id={fileId} messages={fileErr} />
        </div>
        <div>
          <Button type="submit" variant={result ? 'secondary' : 'primary'} disabled={!!busy}>
            {busy === 'check' ? '確認しています…' : result ? 'もう一度確認する' : '確認する（まだ登録しません）'}
          </Button>
        </div>
      </form>

      {error && (
        <div role="alert" className="mt-3 rounded-8 border-2 border-error-1 bg-red-50 px-4 py-3 text-std-16N-170 text-error-2" data-testid="import-error">
          {error}
        </div>
      )}

      {result && (
        <div className="mt-4">
          <div
            ref={verdictRef}
            tabIndex={-1}
            role={errors === 0 ? 'status' : 'alert'}
            data-testid="import-verdict"
            data-ok={errors === 0 ? 'true' : 'false'}
            className={cx(
              'rounded-8 border-2 px-4 py-3 text-std-16B-170 outline-none',
              errors === 0 ? 'border-success-1 bg-green-50 text-success-2' : 'border-error-1 bg-red-50 text-error-2',
            )}
          >
            {errors > 0
              ? `${errors}行にエラーがあります。ファイルを直して選び直し、もう一度確認してください（何も登録していません）。`
              : toWrite > 0
                ? `エラーはありません。「取り込む」で新規${result.summary.create}件・変更${result.summary.update}件を登録します。`
                : '登録済みの内容と同じです。取り込むものはありません。'}
            <span className="block text-dns-14N-130 font-normal text-solid-gray-800">ファイルの文字コード：{result.encoding}</span>
          </div>
          <Summary r={result} noun={text.noun} />
          {errors > 0 && (
            <label className="mt-3 flex items-center gap-2 text-dns-16N-130">
              <input type="checkbox" className="size-5 accent-key-900" checked={onlyErrors} onChange={(e) => setOnlyErrors(e.target.checked)} />
              エラーのある行だけを表示する
            </label>
          )}
          <RowTable r={result} text={text} onlyErrors={onlyErrors} />
          <div className="mt-4 flex flex-wrap items-center gap-3">
            <Button variant="primary" onClick={() => void commit()} disabled={!canCommit} aria-describedby={`${uid}-commit-hint`} data-testid="import-commit">
              {busy === 'commit' ? '取り込んでいます…' : `取り込む（${toWrite}件）`}
            </Button>
            <span id={`${uid}-commit-hint`} className={hintCls}>
              {errors > 0 ? 'エラーを直すまで取り込めません。' : toWrite === 0 ? '取り込むものがありません。' : 'すべての行を一度に登録します。'}
            </span>
          </div>
        </div>
      )}
    </section>
  );
}
