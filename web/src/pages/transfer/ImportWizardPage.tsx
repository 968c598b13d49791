/** @jsxImportSource react */
/**
 * 表の取込み（対応づけ画面）: 1 ファイル（.xlsx・.csv・.tsv、PDFからコピーした文字）→
 * 2 列と言葉の対応づけ（案を直す、保存した対応づけを使う・保存する）→ 3 確認（試行。
 * 行・列ごとの問題と作成・更新の件数）→ 4 取込み（処理の進み具合と結果）。
 * The server writes nothing until the commit, and refuses a commit with errors.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { FieldErrorText, hintCls, inputCls, labelCls, selectCls } from '../../components/form';
import { PercentBar, Section, tableCls, tableWrapCls, tdCls, thCls, theadCls } from '../../components/secretariat-ui';
import { Badge, Button, ButtonLink, ErrorState, Loading, SuccessMessage, cx } from '../../components/ui';
import { apiPaths, type ApiError, type DepartmentDto, type PlanDto } from '../../lib/api';
import { isOffice, useCurrentUser } from '../../lib/auth';
import { paths } from '../../lib/router';
import { invalidate, useApi } from '../../lib/useApi';
import { NotForRole, SecFrame } from '../secretariat/frame';
import { asApiError } from '../secretariat/lib';
import {
  IMPORT_EXTENSIONS,
  IMPORT_MAX_BYTES,
  sizeLabel,
  transferApi,
  transferApiPaths,
  type CellCorrectionDto,
  type ImportCellChangeDto,
  type ImportCommitResultDto,
  type ImportDryRunDto,
  type ImportIssueDto,
  type ImportMappingDto,
  type ImportSavedMappingDto,
  type ImportUploadDto,
  type ImportWordDto,
  type JobDto,
} from './api';
import { roleFrom, roleOptions, roleValue, yearChoice, yearLabel, yearOf, yearOptions } from './mapping';

type Step = 1 | 2 | 3 | 4;
const STEPS: { step: Step; label: string }[] = [
  { step: 1, label: 'ファイル' },
  { step: 2, label: '対応づけ' },
  { step: 3, label: '確認（試行）' },
  { step: 4, label: '取込み' },
];

function StepIndicator({ step }: { step: Step }) {
  return (
    <ol className="mt-3 flex flex-wrap gap-2 text-dns-14B-130" aria-label="取込みの手順">
      {STEPS.map((s) => (
        <li
          key={s.step}
          aria-current={s.step === step ? 'step' : undefined}
          className={cx(
            'rounded-8 border px-3 py-1',
            s.step === step ? 'border-key-900 bg-key-900 text-white' : s.step < step ? 'border-key-400 bg-key-50 text-key-1000' : 'border-solid-gray-420 bg-white text-solid-gray-700',
          )}
        >
          {s.step}. {s.label}
        </li>
      ))}
    </ol>
  );
}

/** The promise the whole screen keeps. */
function NothingWritten({ done }: { done?: boolean }) {
  if (done) return null;
  return (
    <p className="mt-3 rounded-8 border border-solid-gray-536 bg-solid-gray-50 px-4 py-2 text-std-16N-170" data-testid="nothing-written">
      「取り込む」を押すまで、計画には何も保存されません。エラーが1件でもあるときは取り込めません（全件か0件です）。
    </p>
  );
}

// ───────────── step 1 ─────────────

function UploadStep({
  code,
  planId,
  saved,
  onUploaded,
}: {
  code: string;
  planId: string;
  saved: ImportSavedMappingDto[];
  onUploaded: (u: ImportUploadDto) => void;
}) {
  const id = useId();
  const [mode, setMode] = useState<'file' | 'text'>('file');
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [mapping, setMapping] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErr, setFieldErr] = useState<string[] | undefined>(undefined);

  const check = (f: File | null): string | null => {
    if (!f) return '取り込むファイルを選んでください。';
    const lower = f.name.toLowerCase();
    if (lower.endsWith('.xls')) return `「${f.name}」は古い形式（.xls）です。Excelで開き「名前を付けて保存」で .xlsx にしてから選んでください。`;
    if (lower.endsWith('.pdf')) return 'PDFは直接読めません。PDFを開いて表を選択・コピーし、「PDFからコピーした文字を貼り付ける」に貼り付けてください。';
    if (!IMPORT_EXTENSIONS.some((e) => lower.endsWith(e))) return `「${f.name}」は取り込めない種類のファイルです。Excel（.xlsx）、CSV（.csv）、タブ区切り（.tsv・.txt）を選んでください。`;
    if (f.size > IMPORT_MAX_BYTES) return `「${f.name}」は${sizeLabel(f.size)}あります。${sizeLabel(IMPORT_MAX_BYTES)}までのファイルにしてください（不要なシートや画像を削ってください）。`;
    if (f.size === 0) return `「${f.name}」は空です。`;
    return null;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setFieldErr(undefined);
    if (mode === 'file') {
      const msg = check(file);
      if (msg) {
        setFieldErr([msg]);
        document.getElementById(`${id}-file`)?.focus();
        return;
      }
    } else if (!text.trim()) {
      setFieldErr(['PDFからコピーした表の文字を貼り付けてください。']);
      document.getElementById(`${id}-text`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const u = mode === 'file' ? await transferApi.uploadFile(code, planId, file!, mapping || undefined) : await transferApi.uploadText(code, planId, text, mapping || undefined);
      onUploaded(u);
    } catch (err) {
      const ae = asApiError(err);
      const fileMsgs = ae.fields.filter((f) => f.path === 'file' || f.path === 'text').map((f) => f.message);
      if (fileMsgs.length) setFieldErr(fileMsgs);
      setError(ae.status === 413 ? `${ae.message}` : ae.message);
    } finally {
      setBusy(false);
    }
  };

  const ctl = mode === 'file' ? `${id}-file` : `${id}-text`;
  return (
    <form onSubmit={submit} className="mt-4 max-w-3xl space-y-4" data-testid="import-upload" noValidate>
      {error && (
        <div role="alert" className="rounded-8 border-2 border-error-1 bg-red-50 px-4 py-3 text-std-16N-170 text-error-2">
          {error}
        </div>
      )}
      <fieldset className="flex flex-wrap gap-4">
        <legend className={labelCls}>取り込むもの</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name={`${id}-mode`} checked={mode === 'file'} onChange={() => setMode('file')} />
          ファイル（Excel・CSV）
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name={`${id}-mode`} checked={mode === 'text'} onChange={() => setMode('text')} />
          PDFからコピーした文字を貼り付ける
        </label>
      </fieldset>
      {mode === 'file' ? (
        <div>
          <label htmlFor={ctl} className={labelCls}>
            ファイル
          </label>
          <p id={`${id}-file-hint`} className={hintCls}>
            Excel（.xlsx）、CSV（.csv）、タブ区切り（.tsv・.txt）。{sizeLabel(IMPORT_MAX_BYTES)}まで。文字コードは UTF-8・Shift_JIS のどちらでも読めます。
          </p>
          <input
            id={ctl}
            type="file"
            accept=".xlsx,.csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            className="mt-1 block text-std-16N-170"
            aria-invalid={fieldErr ? true : undefined}
            aria-describedby={cx(`${id}-file-hint`, fieldErr && `${ctl}-error`)}
            onChange={(e) => {
              const f = e.target.files?.[0] ?? null;
              setFile(f);
              setFieldErr(f ? (check(f) ? [check(f)!] : undefined) : undefined);
            }}
          />
          {file && !fieldErr && (
            <p className="mt-1 text-dns-14N-130 text-solid-gray-800">
              {file.name}（{sizeLabel(file.size)}）
            </p>
          )}
          <FieldErrorText id={ctl} messages={fieldErr} />
        </div>
      ) : (
        <div>
          <label htmlFor={ctl} className={labelCls}>
            PDFからコピーした文字
          </label>
          <p id={`${id}-text-hint`} className={hintCls}>
            PDFの表を選択してコピーし、ここに貼り付けます。列の区切りは自動で推定し、次の画面で確認できます。
          </p>
          <textarea
            id={ctl}
            rows={10}
            className={cx(inputCls, 'mt-1 font-mono')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={fieldErr ? true : undefined}
            aria-describedby={cx(`${id}-text-hint`, fieldErr && `${ctl}-error`)}
          />
          <FieldErrorText id={ctl} messages={fieldErr} />
        </div>
      )}
      {saved.length > 0 && (
        <div>
          <label htmlFor={`${id}-saved`} className={labelCls}>
            保存した対応づけを使う
          </label>
          <select id={`${id}-saved`} className={cx(selectCls, 'mt-1')} value={mapping} onChange={(e) => setMapping(e.target.value)}>
            <option value="">使わない（見出しから案を作る）</option>
            {saved.map((s) => (
              <option key={s.id} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? '読み込み中…' : '読み込んで対応づけの案を見る'}
      </Button>
    </form>
  );
}

// ───────────── issues ─────────────

const SEVERITY: Record<ImportIssueDto['severity'], { label: string; tone: 'danger' | 'warning' | 'info' }> = {
  error: { label: 'エラー', tone: 'danger' },
  warning: { label: '注意', tone: 'warning' },
  info: { label: '情報', tone: 'info' },
};

/** What an issue's row and column let the user do on the dry-run screen. */
interface IssueActions {
  /** open the correction form for the issue's cell */
  onFix: (row: number, column: number | null) => void;
  /** undo a PDF clean-up: keep the text as it was read */
  onRevert: (change: ImportCellChangeDto) => void;
  cellChanges: ImportCellChangeDto[];
  busy: boolean;
}

function IssueList({ issues, testId = 'import-issues', actions }: { issues: ImportIssueDto[]; testId?: string; actions?: IssueActions }) {
  if (!issues.length) return <p className="text-std-16N-170 text-success-2">問題は見つかりませんでした。</p>;
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...issues].sort((a, b) => order[a.severity] - order[b.severity] || (a.row ?? 0) - (b.row ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const cleanupOf = (i: ImportIssueDto) =>
    i.code === 'text_cleanup' ? actions?.cellChanges.find((c) => c.source === 'cleanup' && c.row === i.row && c.column === i.column) : undefined;
  return (
    <ul className="space-y-1" data-testid={testId}>
      {sorted.map((i, n) => {
        const cleanup = cleanupOf(i);
        const fixable = actions && i.row !== null && !i.code.startsWith('correction_');
        return (
          <li key={n} className={cx('flex items-start gap-2 rounded-4 px-2 py-1 text-std-16N-170', i.severity === 'error' && 'bg-red-50')} data-severity={i.severity} data-code={i.code}>
            <Badge tone={SEVERITY[i.severity].tone} className="mt-1 shrink-0">
              {SEVERITY[i.severity].label}
            </Badge>
            <span className="grow">{i.message}</span>
            {cleanup && actions && (
              <Button size="sm" variant="tertiary" className="shrink-0" disabled={actions.busy} onClick={() => actions.onRevert(cleanup)} data-testid="issue-revert">
                元の文字に戻す
              </Button>
            )}
            {fixable && !cleanup && (
              <Button
                size="sm"
                variant="tertiary"
                className="shrink-0"
                disabled={actions.busy}
                onClick={() => actions.onFix(i.row!, i.column)}
                aria-label={`${i.row}行目${i.field ? `の${i.field}` : ''}を修正する`}
                data-testid="issue-fix"
              >
                修正
              </Button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

// ───────────── step 2 ─────────────

function ColumnTable({
  upload,
  mapping,
  onChange,
}: {
  upload: ImportUploadDto;
  mapping: ImportMappingDto;
  onChange: (m: ImportMappingDto) => void;
}) {
  const header = upload.header!;
  const plan = upload.plan;
  const byIndex = new Map(mapping.columns.map((c) => [c.index, c]));
  const current = mapping.columns.map((c) => roleValue(c.role));
  const options = roleOptions(plan, current);
  const years = yearOptions(plan, mapping.columns.map((c) => yearOf(c.role)));
  const samples = (i: number) =>
    upload.preview.rows
      .map((r) => r.cells[i] ?? '')
      .filter((v) => v.trim() !== '')
      .slice(0, 3);

  const setRole = (index: number, value: string, year: number | null | undefined) => {
    const col = header.columns.find((c) => c.index === index)!;
    const role = roleFrom(value, year, plan.firstFiscalYear);
    const exists = byIndex.has(index);
    const columns = exists
      ? mapping.columns.map((c) => (c.index === index ? { ...c, role } : c))
      : [...mapping.columns, { index, header: col.key, role }].sort((a, b) => a.index - b.index);
    onChange({ ...mapping, columns });
  };

  return (
    <div className={tableWrapCls}>
      <table className={tableCls} data-testid="import-columns">
        <caption className="sr-only">ファイルの列と、計画の項目との対応</caption>
        <thead className={theadCls}>
          <tr>
            <th scope="col" className={cx(thCls, 'w-12')}>
              列
            </th>
            <th scope="col" className={thCls}>
              見出し
            </th>
            <th scope="col" className={thCls}>
              値の例
            </th>
            <th scope="col" className={cx(thCls, 'w-[26rem]')}>
              対応づけ
            </th>
          </tr>
        </thead>
        <tbody>
          {header.columns.map((c) => {
            const m = byIndex.get(c.index);
            const value = m ? roleValue(m.role) : 'ignore';
            const yc = yearChoice(value);
            const fy = m ? yearOf(m.role) : undefined;
            const letter = c.letter ?? `${c.index + 1}列目`;
            const label = `${c.letter ? `${c.letter}列` : letter}（${c.label || '見出しなし'}）の対応づけ`;
            return (
              <tr key={c.index} data-column={c.letter ?? c.index} className={value === 'ignore' ? 'bg-solid-gray-50 text-solid-gray-700' : undefined}>
                <th scope="row" className={cx(tdCls, 'text-center font-bold')}>
                  {letter}
                </th>
                <td className={tdCls}>
                  {c.top || <span className="text-solid-gray-700">（見出しなし）</span>}
                  {c.sub && <span className="block text-dns-14N-130 text-solid-gray-800">{c.sub}</span>}
                </td>
                <td className={cx(tdCls, 'max-w-80 text-dns-14N-130')}>
                  {samples(c.index).map((s, i) => (
                    <span key={i} className="block truncate" title={s}>
                      {s}
                    </span>
                  ))}
                </td>
                <td className={tdCls}>
                  <div className="flex flex-wrap items-center gap-2">
                    <select
                      aria-label={label}
                      data-testid={`role-${c.letter ?? c.index}`}
                      className={selectCls.replace('h-11', 'h-9').replace('text-std-16N-170', 'text-dns-14N-130')}
                      value={value}
                      onChange={(e) => setRole(c.index, e.target.value, fy)}
                    >
                      {options.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                    {yc.needed && (
                      <select
                        aria-label={`${c.letter ? `${c.letter}列` : letter}の年度`}
                        data-testid={`year-${c.letter ?? c.index}`}
                        className={selectCls.replace('h-11', 'h-9').replace('text-std-16N-170', 'text-dns-14N-130')}
                        value={fy === null || fy === undefined ? '' : String(fy)}
                        onChange={(e) => setRole(c.index, value, e.target.value ? Number(e.target.value) : null)}
                      >
                        {yc.nullable && <option value="">最新の年度</option>}
                        {years.map((y) => (
                          <option key={y} value={y}>
                            {yearLabel(y)}
                          </option>
                        ))}
                      </select>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const WORD_STATE: Record<ImportWordDto['state'], string> = { mapped: '対応づけ済み', proposed: '推定', blank: '空欄扱い', unknown: '要選択' };

function WordTable({
  caption,
  words,
  choices,
  map,
  noneLabel,
  onChange,
  testId,
}: {
  caption: string;
  words: ImportWordDto[];
  choices: { code: string; label: string }[];
  map: Record<string, string | null>;
  noneLabel: string;
  onChange: (key: string, code: string | null | undefined) => void;
  testId: string;
}) {
  if (!words.length) return null;
  return (
    <table className={cx(tableCls, 'mt-2 max-w-3xl')} data-testid={testId}>
      <caption className="text-left text-std-16B-170">{caption}</caption>
      <thead className={theadCls}>
        <tr>
          <th scope="col" className={thCls}>
            表の言葉
          </th>
          <th scope="col" className={cx(thCls, 'w-16')}>
            件数
          </th>
          <th scope="col" className={thCls}>
            計画での意味
          </th>
        </tr>
      </thead>
      <tbody>
        {words.map((w) => {
          const v = w.key in map ? (map[w.key] === null ? '__none' : map[w.key]!) : w.code ?? '';
          return (
            <tr key={w.key} className={w.state === 'unknown' ? 'bg-yellow-50' : undefined}>
              <th scope="row" className={cx(tdCls, 'font-normal')}>
                {w.word}
                {w.state !== 'mapped' && (
                  <Badge tone={w.state === 'unknown' ? 'warning' : 'neutral'} className="ml-2">
                    {WORD_STATE[w.state]}
                  </Badge>
                )}
              </th>
              <td className={cx(tdCls, 'text-right tabular-nums')}>{w.count}</td>
              <td className={tdCls}>
                <select
                  aria-label={`「${w.word}」の意味`}
                  className={selectCls.replace('h-11', 'h-9').replace('text-std-16N-170', 'text-dns-14N-130')}
                  value={v}
                  onChange={(e) => onChange(w.key, e.target.value === '' ? undefined : e.target.value === '__none' ? null : e.target.value)}
                >
                  <option value="">（選んでください）</option>
                  {choices.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.label}
                    </option>
                  ))}
                  <option value="__none">{noneLabel}</option>
                </select>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function DepartmentNames({
  dryRun,
  departments,
  mapping,
  onChange,
}: {
  dryRun: ImportDryRunDto;
  departments: DepartmentDto[];
  mapping: ImportMappingDto;
  onChange: (m: ImportMappingDto) => void;
}) {
  const names = dryRun.departmentNames;
  if (!names.length) return null;
  const active = departments.filter((d) => d.active);
  const setDept = (key: string, v: string) => {
    const next = { ...mapping.departmentMap };
    if (v === '') delete next[key];
    else next[key] = v === '__none' ? null : v;
    onChange({ ...mapping, departmentMap: next });
  };
  const stateLabel = { matched: '一致', mapped: '対応づけ済み', ignored: '取り込まない', create: '新しく作成', unknown: '一致なし' } as const;
  return (
    <div className="mt-4">
      <table className={cx(tableCls, 'max-w-4xl')} data-testid="import-departments">
        <caption className="text-left text-std-16B-170">担当課の名前</caption>
        <thead className={theadCls}>
          <tr>
            <th scope="col" className={thCls}>
              表の担当課
            </th>
            <th scope="col" className={thCls}>
              行
            </th>
            <th scope="col" className={thCls}>
              組織
            </th>
          </tr>
        </thead>
        <tbody>
          {names.map((n) => {
            const v = n.key in mapping.departmentMap ? (mapping.departmentMap[n.key] === null ? '__none' : mapping.departmentMap[n.key]!) : '';
            const candidateIds = new Set(n.candidates.map((c) => c.id));
            return (
              <tr key={n.key} className={n.state === 'unknown' ? 'bg-yellow-50' : undefined} data-department={n.name}>
                <th scope="row" className={cx(tdCls, 'font-normal')}>
                  {n.name}
                  <Badge tone={n.state === 'unknown' ? 'danger' : n.state === 'matched' || n.state === 'mapped' ? 'success' : 'neutral'} className="ml-2">
                    {stateLabel[n.state]}
                  </Badge>
                  {n.historical && <span className="ml-1 text-dns-14N-130">（廃止された組織）</span>}
                </th>
                <td className={cx(tdCls, 'text-dns-14N-130')}>{n.rows.slice(0, 8).join('・')}{n.rows.length > 8 ? ' …' : ''}</td>
                <td className={tdCls}>
                  {n.state === 'matched' ? (
                    n.departmentName
                  ) : (
                    <>
                      {n.candidates.length > 0 && <p className="text-dns-14N-130 text-solid-gray-800">近い候補: {n.candidates.map((c) => c.name).join('、')}</p>}
                      <select aria-label={`「${n.name}」に当たる組織`} className={selectCls.replace('h-11', 'h-9').replace('text-std-16N-170', 'text-dns-14N-130')} value={v} onChange={(e) => setDept(n.key, e.target.value)}>
                        <option value="">（選んでください）</option>
                        {n.candidates.length > 0 && (
                          <optgroup label="近い候補">
                            {n.candidates.map((c) => (
                              <option key={c.id} value={c.id}>
                                {c.name}
                              </option>
                            ))}
                          </optgroup>
                        )}
                        <optgroup label="すべての組織">
                          {active
                            .filter((d) => !candidateIds.has(d.id))
                            .map((d) => (
                              <option key={d.id} value={d.id}>
                                {d.name}
                              </option>
                            ))}
                        </optgroup>
                        <option value="__none">取り込まない</option>
                      </select>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <label className="mt-2 flex items-center gap-2 text-std-16N-170">
        <input
          type="checkbox"
          checked={mapping.options.createMissingDepartments}
          onChange={(e) => onChange({ ...mapping, options: { ...mapping.options, createMissingDepartments: e.target.checked } })}
        />
        一致しない担当課は組織一覧に新しく作成する
      </label>
    </div>
  );
}

function SavedMappings({
  code,
  planId,
  mapping,
  saved,
  current,
  onApply,
  onSaved,
}: {
  code: string;
  planId: string;
  mapping: ImportMappingDto;
  saved: ImportSavedMappingDto[];
  current: string | null;
  onApply: (name: string) => Promise<void>;
  onSaved: () => void;
}) {
  const id = useId();
  const [pick, setPick] = useState(current ?? '');
  const [name, setName] = useState(current ?? '');
  const [overwrite, setOverwrite] = useState(false);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [nameErr, setNameErr] = useState<string[] | undefined>();

  const save = async () => {
    setBusy(true);
    setMsg(null);
    setNameErr(undefined);
    try {
      await transferApi.saveMapping(code, { name: name.trim(), planId, mapping, overwrite });
      setMsg({ ok: true, text: `対応づけ「${name.trim()}」を保存しました。翌年度の表にも使えます。` });
      onSaved();
    } catch (e) {
      const ae = asApiError(e);
      if (ae.status === 409) {
        setNameErr([ae.message]);
        setOverwrite(false);
      } else {
        const f = ae.fields.filter((x) => x.path === 'name').map((x) => x.message);
        if (f.length) setNameErr(f);
        else setMsg({ ok: false, text: ae.message });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="mt-2 grid gap-4 md:grid-cols-2">
      <div className="rounded-8 border border-solid-gray-420 bg-white p-3">
        <label htmlFor={`${id}-pick`} className={labelCls}>
          保存した対応づけを読み込む
        </label>
        <div className="mt-1 flex flex-wrap gap-2">
          <select id={`${id}-pick`} className={selectCls} value={pick} onChange={(e) => setPick(e.target.value)} disabled={!saved.length}>
            <option value="">{saved.length ? '（選んでください）' : '保存した対応づけはありません'}</option>
            {saved.map((s) => (
              <option key={s.id} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
          <Button
            disabled={!pick || busy}
            onClick={async () => {
              setBusy(true);
              setMsg(null);
              try {
                await onApply(pick);
                setName(pick);
                setMsg({ ok: true, text: `対応づけ「${pick}」を適用しました。` });
              } catch (e) {
                setMsg({ ok: false, text: asApiError(e).message });
              } finally {
                setBusy(false);
              }
            }}
          >
            読み込む
          </Button>
        </div>
      </div>
      <div className="rounded-8 border border-solid-gray-420 bg-white p-3">
        <label htmlFor={`${id}-name`} className={labelCls}>
          この対応づけに名前を付けて保存
        </label>
        <div className="mt-1 flex flex-wrap items-start gap-2">
          <div className="min-w-60 flex-1">
            <input
              id={`${id}-name`}
              className={inputCls}
              value={name}
              maxLength={100}
              placeholder="例：実施状況表（令和7年度版）"
              onChange={(e) => setName(e.target.value)}
              aria-invalid={nameErr ? true : undefined}
              aria-describedby={nameErr ? `${id}-name-error` : undefined}
            />
            <FieldErrorText id={`${id}-name`} messages={nameErr} />
          </div>
          <Button disabled={!name.trim() || busy} onClick={save}>
            保存
          </Button>
        </div>
        <label className="mt-1 flex items-center gap-2 text-dns-14N-130">
          <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />
          同じ名前があれば上書きする
        </label>
      </div>
      {msg && (
        <p role={msg.ok ? 'status' : 'alert'} className={cx('md:col-span-2 text-std-16N-170', msg.ok ? 'text-success-2' : 'text-error-1')}>
          {msg.text}
        </p>
      )}
    </div>
  );
}

// ───────────── step 3 ─────────────

function Counts({ d }: { d: ImportDryRunDto }) {
  const c = d.counts;
  const items: [string, number][] = [
    ['新しく作る項目', c.itemsCreate],
    ['更新する項目', c.itemsUpdate],
    ['変更のない項目', c.itemsUnchanged],
    ['新しく作る上位の階層', c.groupsCreate],
    ['既存の上位の階層', c.groupsReuse],
    ['新しく作る組織', c.departmentsCreate],
    ['作成する照会', c.roundsCreate],
    ['取り込む回答', c.answers],
  ];
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="import-counts">
      {items.map(([k, v]) => (
        <div key={k} className="rounded-8 border border-solid-gray-420 bg-white px-3 py-2">
          <dt className="text-dns-14N-130 text-solid-gray-800">{k}</dt>
          <dd className="text-std-20B-150 tabular-nums">{v.toLocaleString('ja-JP')}</dd>
        </div>
      ))}
    </dl>
  );
}

const ACTION: Record<string, string> = { create: '新規', update: '更新', unchanged: '変更なし' };

function ItemPreview({ d, onFix, busy }: { d: ImportDryRunDto; onFix?: (row: number) => void; busy?: boolean }) {
  const years = [...new Set(d.items.flatMap((i) => Object.keys(i.schedule)))].sort();
  const shown = d.items.slice(0, 200);
  return (
    <div className={tableWrapCls}>
      <table className={tableCls} data-testid="import-items">
        <caption className="sr-only">取り込む項目</caption>
        <thead className={theadCls}>
          <tr>
            <th scope="col" className={thCls}>行</th>
            <th scope="col" className={thCls}>内容</th>
            <th scope="col" className={thCls}>番号</th>
            <th scope="col" className={thCls}>上位の階層</th>
            <th scope="col" className={thCls}>項目名</th>
            <th scope="col" className={thCls}>担当課</th>
            {years.map((y) => (
              <th key={y} scope="col" className={thCls}>
                {yearLabel(Number(y)).replace(/（\d+）$/, '')}
              </th>
            ))}
            {onFix && (
              <th scope="col" className={thCls}>
                <span className="sr-only">修正</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {shown.map((i) => (
            <tr key={i.row}>
              <td className={cx(tdCls, 'text-right tabular-nums')}>{i.row}</td>
              <td className={tdCls}>
                <Badge tone={i.action === 'create' ? 'key' : i.action === 'update' ? 'warning' : 'neutral'}>{ACTION[i.action]}</Badge>
                {i.changes.length > 0 && <span className="block text-dns-14N-130">{i.changes.join('・')}</span>}
              </td>
              <td className={tdCls}>{i.number}</td>
              <td className={cx(tdCls, 'text-dns-14N-130')}>{i.path.join(' › ')}</td>
              <td className={tdCls}>{i.title}</td>
              <td className={cx(tdCls, 'text-dns-14N-130')}>
                {i.departments.length ? i.departments.map((x) => `${x.name}${x.create ? '（新規）' : ''}`).join('、') : <span className="text-error-1">なし</span>}
              </td>
              {years.map((y) => (
                <td key={y} className={cx(tdCls, 'text-dns-14N-130')}>
                  {i.schedule[y] ?? ''}
                </td>
              ))}
              {onFix && (
                <td className={tdCls}>
                  <Button size="sm" variant="tertiary" disabled={busy} onClick={() => onFix(i.row)} aria-label={`${i.row}行目（${i.number || i.title}）を修正する`} data-testid="item-fix">
                    修正
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {d.items.length > shown.length && <p className={hintCls}>先頭の{shown.length}件を表示しています（全{d.items.length}件）。</p>}
    </div>
  );
}

// ───────────── corrections on the dry-run screen ─────────────

/** The cell being corrected: its row, and the column the form starts on. */
interface FixTarget {
  row: number;
  column: number | null;
}

/** The value the cell is read as now, as far as the dry run tells: a correction or clean-up, else the item's own fields. */
function currentValue(d: ImportDryRunDto, mapping: ImportMappingDto, row: number, column: number): string {
  const own = mapping.corrections.find((c) => c.row === row && c.column === column);
  if (own) return own.value;
  const changed = d.cellChanges.find((c) => c.row === row && c.column === column);
  if (changed) return changed.after;
  const item = d.items.find((i) => i.row === row);
  const role = mapping.columns.find((c) => c.index === column)?.role;
  if (!item || !role) return '';
  switch (role.kind) {
    case 'number':
      return item.number;
    case 'title':
      return item.title + item.marks.join('');
    case 'level':
      return item.path[role.level] ?? '';
    case 'departments':
      return item.departments.map((x) => x.name).join('、');
    case 'schedule':
      return item.schedule[String(role.fiscalYear)] ?? '';
    case 'status':
      return item.statuses[String(role.fiscalYear)] ?? '';
    default:
      return '';
  }
}

const columnName = (upload: ImportUploadDto, index: number) => {
  const c = upload.header?.columns.find((x) => x.index === index);
  const label = c?.label || '見出しなし';
  return c?.letter ? `${c.letter}列（${label}）` : label;
};

function CorrectionForm({
  upload,
  mapping,
  dryRun,
  target,
  busy,
  onSave,
  onCancel,
}: {
  upload: ImportUploadDto;
  mapping: ImportMappingDto;
  dryRun: ImportDryRunDto;
  target: FixTarget;
  busy: boolean;
  onSave: (c: CellCorrectionDto) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const headRef = useRef<HTMLHeadingElement>(null);
  const mapped = mapping.columns.filter((c) => c.role.kind !== 'ignore');
  // from an item's row: its group (施策 …) is what the printed table most often gets wrong, then its title
  const start = target.column ?? (mapped.find((c) => c.role.kind === 'level') ?? mapped.find((c) => c.role.kind === 'title') ?? mapped[0])?.index ?? 0;
  const [column, setColumn] = useState<number>(start);
  const [value, setValue] = useState(() => currentValue(dryRun, mapping, target.row, start));
  const item = dryRun.items.find((i) => i.row === target.row);
  const role = mapping.columns.find((c) => c.index === column)?.role;
  const levelName = role?.kind === 'level' ? (upload.plan.levelNames[role.level] ?? '上位の階層') : null;
  const choices = mapped.some((c) => c.index === column) ? mapped : [...mapped, { index: column, header: '', role: { kind: 'ignore' as const } }];

  useEffect(() => {
    headRef.current?.focus();
  }, [target.row, target.column]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave({ row: target.row, column, value });
  };

  return (
    <form onSubmit={submit} className="mt-3 max-w-3xl rounded-8 border-2 border-key-900 bg-white p-4" data-testid="correction-form" aria-labelledby={`${id}-h`} noValidate>
      <h3 id={`${id}-h`} ref={headRef} tabIndex={-1} className="text-std-17B-170 outline-none">
        {target.row}行目の値を修正する{item ? `（${[item.number, item.title].filter(Boolean).join(' ')}）` : ''}
      </h3>
      <p className={hintCls}>このファイルの取込みだけに使います（保存した対応づけには残りません）。修正すると、すぐにもう一度確認します。</p>
      <div className="mt-3">
        <label htmlFor={`${id}-col`} className={labelCls}>
          欄
        </label>
        <select
          id={`${id}-col`}
          className={cx(selectCls, 'mt-1')}
          value={column}
          onChange={(e) => {
            const c = Number(e.target.value);
            setColumn(c);
            setValue(currentValue(dryRun, mapping, target.row, c));
          }}
        >
          {choices.map((c) => (
            <option key={c.index} value={c.index}>
              {columnName(upload, c.index)}
            </option>
          ))}
        </select>
      </div>
      <div className="mt-3">
        <label htmlFor={`${id}-val`} className={labelCls}>
          取り込む値
        </label>
        <p id={`${id}-val-hint`} className={hintCls}>
          {levelName
            ? `${levelName}を直すと、下の空欄の行（「上と同じ」）も直した${levelName}に続きます。空にすると上の行と同じ${levelName}になります。`
            : '表のこの欄にこの値が書かれていたものとして読みます。空にすると空欄として読みます。'}
        </p>
        <textarea
          id={`${id}-val`}
          rows={3}
          className={cx(inputCls, 'mt-1')}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-describedby={`${id}-val-hint`}
          data-testid="correction-value"
        />
      </div>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button type="submit" variant="primary" disabled={busy} data-testid="correction-save">
          {busy ? '確認しています…' : '修正して確認し直す'}
        </Button>
        <Button onClick={onCancel} disabled={busy}>
          やめる
        </Button>
      </div>
    </form>
  );
}

function CorrectionList({ upload, mapping, busy, onRemove }: { upload: ImportUploadDto; mapping: ImportMappingDto; busy: boolean; onRemove: (c: CellCorrectionDto) => void }) {
  return (
    <ul className="space-y-1" data-testid="import-corrections">
      {mapping.corrections.map((c) => (
        <li key={`${c.row}:${c.column}`} className="flex items-start gap-2 text-std-16N-170">
          <span className="grow">
            {c.row}行目・{columnName(upload, c.column)}：{c.value ? `「${c.value}」` : '（空欄）'}
          </span>
          <Button size="sm" variant="tertiary" className="shrink-0" disabled={busy} onClick={() => onRemove(c)} aria-label={`${c.row}行目・${columnName(upload, c.column)}の修正を取り消す`}>
            取り消す
          </Button>
        </li>
      ))}
    </ul>
  );
}

// ───────────── step 4 ─────────────

function CommitResult({ code, planId, job }: { code: string; planId: string; job: JobDto }) {
  if (job.state === 'failed') {
    return (
      <div role="alert" className="mt-4 rounded-8 border-2 border-error-1 bg-red-50 p-4" data-testid="import-failed">
        <p className="text-std-17B-170 text-error-2">取り込めませんでした。計画には何も保存されていません。</p>
        <p className="text-std-16N-170">{job.error?.message ?? '原因不明のエラーです。'}</p>
        {job.error?.fields && (
          <ul className="mt-1 list-disc pl-6 text-std-16N-170">
            {job.error.fields.map((f, i) => (
              <li key={i}>{f.message}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  if (job.state !== 'done') {
    const pct = job.total > 0 ? Math.round((job.progress / job.total) * 100) : 0;
    return (
      <div className="mt-4 max-w-xl" role="status" aria-live="polite" data-testid="import-progress">
        <p className="text-std-16B-170">{job.stateLabel}：{job.message || '取込みを準備しています…'}</p>
        <PercentBar percent={pct} label="取込みの進み具合" />
        <p className={hintCls}>この画面を閉じても取込みは続きます。</p>
      </div>
    );
  }
  const r = job.result as ImportCommitResultDto;
  return (
    <div data-testid="import-result">
      <SuccessMessage>
        取り込みました：新しい項目 {r.itemsCreated}件、更新 {r.itemsUpdated}件、変更なし {r.itemsUnchanged}件、上位の階層 {r.groupsCreated}件
      </SuccessMessage>
      <ul className="list-disc pl-6 text-std-16N-170">
        {r.departmentsCreated.length > 0 && <li>作成した組織：{r.departmentsCreated.join('、')}</li>}
        {r.rounds.map((x) => (
          <li key={x.id}>
            照会「{x.label}」を作成し、{x.reportCount}件の回答を取り込みました。
          </li>
        ))}
        {r.roundsSkipped.length > 0 && <li>既にある照会は取り込みませんでした：{r.roundsSkipped.join('、')}</li>}
      </ul>
      <div className="mt-3 flex flex-wrap gap-2">
        <ButtonLink variant="primary" to={paths.plan(code, planId, 'roadmap')}>
          ロードマップで確認する
        </ButtonLink>
        <ButtonLink to={paths.plan(code, planId, 'outline')}>アウトラインで確認する</ButtonLink>
      </div>
    </div>
  );
}

// ───────────── page ─────────────

export function ImportWizardPage({ code, planId }: { code: string; planId: string }) {
  const user = useCurrentUser();
  const office = isOffice(user.role);
  const planRes = useApi<PlanDto>(apiPaths.plan(code, planId));
  const depts = useApi<{ items: DepartmentDto[] }>(apiPaths.departments(code));
  const savedRes = useApi<{ items: ImportSavedMappingDto[] }>(office ? transferApiPaths.mappings(code) : null);
  const [step, setStep] = useState<Step>(1);
  const [upload, setUpload] = useState<ImportUploadDto | null>(null);
  const [mapping, setMapping] = useState<ImportMappingDto | null>(null);
  const [dryRun, setDryRun] = useState<ImportDryRunDto | null>(null);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [job, setJob] = useState<JobDto | null>(null);
  const [commitIssues, setCommitIssues] = useState<string[] | null>(null);
  const [fix, setFix] = useState<FixTarget | null>(null);
  const headRef = useRef<HTMLHeadingElement>(null);

  const take = (u: ImportUploadDto) => {
    setUpload(u);
    setMapping(u.mapping);
    setDryRun(u.dryRun);
    setStale(false);
    setError(null);
  };

  useEffect(() => {
    headRef.current?.focus();
  }, [step]);

  // poll the job until it is done or failed
  useEffect(() => {
    if (!job || job.state === 'done' || job.state === 'failed') return;
    const t = setTimeout(async () => {
      try {
        setJob(await transferApi.job(code, job.id));
      } catch (e) {
        const ae = asApiError(e);
        // the server restarting or its database briefly away: ask again (the effect re-runs on a new object)
        if (ae.status === 503 || ae.status === 0) setJob({ ...job });
        else setError(ae);
      }
    }, 1000);
    return () => clearTimeout(t);
  }, [job, code]);

  useEffect(() => {
    if (job?.state === 'done') invalidate(apiPaths.planPrefix(code, planId), apiPaths.plans(code), apiPaths.departments(code));
  }, [job?.state, code, planId]);

  const changeMapping = (m: ImportMappingDto) => {
    setMapping(m);
    setStale(true);
  };

  const runDryRun = async (next: Step, m: ImportMappingDto | null = mapping) => {
    if (!upload || !m) return;
    setMapping(m);
    setBusy(true);
    setError(null);
    try {
      const d = await transferApi.dryRun(code, upload.sessionId, m);
      setDryRun(d);
      setStale(false);
      setStep(next);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  // a correction replaces an earlier one of the same cell; each one re-runs the dry run at once
  const saveCorrection = (c: CellCorrectionDto) => {
    if (!mapping) return;
    const rest = mapping.corrections.filter((x) => x.row !== c.row || x.column !== c.column);
    setFix(null);
    void runDryRun(3, { ...mapping, corrections: [...rest, c].sort((a, b) => a.row - b.row || a.column - b.column) });
  };
  const removeCorrection = (c: CellCorrectionDto) => {
    if (!mapping) return;
    void runDryRun(3, { ...mapping, corrections: mapping.corrections.filter((x) => x !== c) });
  };
  const issueActions: IssueActions | undefined =
    dryRun && mapping
      ? {
          onFix: (row, column) => setFix({ row, column }),
          onRevert: (ch) => saveCorrection({ row: ch.row, column: ch.column, value: ch.before }),
          cellChanges: dryRun.cellChanges,
          busy,
        }
      : undefined;

  const commit = async () => {
    if (!upload || !mapping) return;
    setBusy(true);
    setError(null);
    setCommitIssues(null);
    try {
      const r = await transferApi.commit(code, upload.sessionId, mapping);
      setJob(r.job);
      setStep(4);
    } catch (e) {
      const ae = asApiError(e);
      if (ae.status === 422 && ae.fields.length) setCommitIssues(ae.fields.map((f) => f.message));
      setError(ae);
    } finally {
      setBusy(false);
    }
  };

  const restart = async () => {
    if (upload) transferApi.discard(code, upload.sessionId).catch(() => undefined);
    setUpload(null);
    setMapping(null);
    setDryRun(null);
    setJob(null);
    setError(null);
    setCommitIssues(null);
    setFix(null);
    setStep(1);
  };

  const plan = planRes.data;
  const frame = (children: ReactNode) => (
    <SecFrame
      code={code}
      section={null}
      crumbs={[{ label: plan?.title ?? '計画', to: paths.plan(code, planId) }, { label: '表の取込み' }]}
      title="表の取込み（Excel・CSV・PDFの文字）"
      docTitle={`表の取込み｜${plan?.title ?? '計画'}`}
      lead={plan ? <>取込み先：{plan.title}（{plan.periodLabel}）</> : undefined}
    >
      {children}
    </SecFrame>
  );

  if (!office) return frame(<NotForRole>表の取込みは事務局が行います。</NotForRole>);
  if (planRes.error && !plan) return frame(<ErrorState error={planRes.error} title="計画を読み込めませんでした。" onRetry={planRes.reload} />);
  if (!plan) return <Loading />;

  const saved = savedRes.data?.items ?? [];
  const errors = dryRun?.counts.errors ?? 0;
  const canCommit = !!dryRun && dryRun.ok && !stale;

  return frame(
    <>
      <StepIndicator step={step} />
      <h2 ref={headRef} tabIndex={-1} className="mt-4 text-std-20B-150 outline-none" data-testid="wizard-step">
        {STEPS[step - 1]!.step}. {STEPS[step - 1]!.label}
      </h2>
      <NothingWritten done={job?.state === 'done'} />
      {error && !commitIssues && <ErrorState error={error} title={error.status === 404 ? 'アップロードしたファイルが見つかりません。' : '処理できませんでした。'} />}

      {step === 1 && <UploadStep code={code} planId={planId} saved={saved} onUploaded={(u) => { take(u); setStep(2); }} />}

      {step >= 2 && upload && (
        <p className="mt-3 text-std-16N-170">
          ファイル：<strong>{upload.fileName}</strong>
          {upload.encoding && <>（{upload.encoding}）</>}・データ {upload.preview.total}行
          <Button size="sm" variant="tertiary" className="ml-2" onClick={restart} disabled={busy}>
            別のファイルにする
          </Button>
        </p>
      )}

      {step === 2 && upload && (
        <>
          {upload.sheets.length > 1 && (
            <div className="mt-3">
              <label htmlFor="imp-sheet" className={labelCls}>
                シート
              </label>
              <select
                id="imp-sheet"
                className={cx(selectCls, 'mt-1')}
                value={upload.sheet ?? ''}
                onChange={async (e) => {
                  setBusy(true);
                  try {
                    take(await transferApi.reloadUpload(code, upload.sessionId, { sheet: e.target.value }));
                  } catch (err) {
                    setError(asApiError(err));
                  } finally {
                    setBusy(false);
                  }
                }}
              >
                {upload.sheets.map((s) => (
                  <option key={s.name} value={s.name} disabled={s.empty}>
                    {s.name}（{s.rowCount}行{s.empty ? '・空' : ''}）
                  </option>
                ))}
              </select>
            </div>
          )}
          {upload.issues.length > 0 && (
            <Section id="imp-pre" title="表を読めませんでした">
              <IssueList issues={upload.issues} testId="import-upload-issues" />
            </Section>
          )}
          {upload.header && mapping && (
            <>
              <Section id="imp-cols" title="列の対応づけ">
                <p className={cx(hintCls, 'mb-2')}>
                  見出し（{upload.header.rows.join('・')}行目）から案を作りました。違っている列は選び直してください。計画の階層：{upload.plan.levelNames.join(' › ')}
                </p>
                {upload.header.preamble.length > 0 && <p className={cx(hintCls, 'mb-2')}>表の上の行：{upload.header.preamble.join(' ／ ')}</p>}
                <ColumnTable upload={upload} mapping={mapping} onChange={changeMapping} />
              </Section>
              {dryRun && (
                <Section id="imp-words" title="表の言葉と計画の凡例">
                  {stale && <p className={cx(hintCls, 'mb-1')}>列の対応づけを変えました。「確認する」で言葉の一覧も新しくなります。</p>}
                  <WordTable
                    caption="取組状況の記号・言葉 → 凡例"
                    words={dryRun.statusWords}
                    choices={upload.plan.legend.map((l) => ({ code: l.code, label: `${l.symbol} ${l.label}` }))}
                    map={mapping.statusMap}
                    noneLabel="回答なしとする"
                    testId="import-status-words"
                    onChange={(k, v) => {
                      const statusMap = { ...mapping.statusMap };
                      if (v === undefined) delete statusMap[k];
                      else statusMap[k] = v;
                      changeMapping({ ...mapping, statusMap });
                    }}
                  />
                  <WordTable
                    caption="スケジュールの言葉 → 計画の段階"
                    words={dryRun.phaseWords}
                    choices={upload.plan.phases.map((p) => ({ code: p.code, label: p.symbol ? `${p.label}（${p.symbol}）` : p.label }))}
                    map={mapping.phaseMap}
                    noneLabel="空欄とする"
                    testId="import-phase-words"
                    onChange={(k, v) => {
                      const phaseMap = { ...mapping.phaseMap };
                      if (v === undefined) delete phaseMap[k];
                      else phaseMap[k] = v;
                      changeMapping({ ...mapping, phaseMap });
                    }}
                  />
                  {dryRun.statusWords.length === 0 && dryRun.phaseWords.length === 0 && <p className={hintCls}>凡例に対応づける言葉はありません。</p>}
                  <DepartmentNames dryRun={dryRun} departments={depts.data?.items ?? []} mapping={mapping} onChange={changeMapping} />
                </Section>
              )}
              <Section id="imp-saved" title="保存した対応づけ">
                <SavedMappings
                  code={code}
                  planId={planId}
                  mapping={mapping}
                  saved={saved}
                  current={upload.savedMappingName}
                  onApply={async (name) => take(await transferApi.reloadUpload(code, upload.sessionId, { sheet: upload.sheet, mapping: name }))}
                  onSaved={() => invalidate(transferApiPaths.mappings(code))}
                />
              </Section>
              <div className="mt-6 flex flex-wrap gap-2">
                <Button variant="primary" onClick={() => runDryRun(3)} disabled={busy}>
                  {busy ? '確認しています…' : '確認する（試行・保存しません）'}
                </Button>
              </div>
            </>
          )}
        </>
      )}

      {step === 3 && upload && mapping && dryRun && (
        <>
          <div
            role={dryRun.ok ? 'status' : 'alert'}
            className={cx('mt-3 rounded-8 border-2 px-4 py-3 text-std-16B-170', dryRun.ok ? 'border-success-1 bg-green-50 text-success-2' : 'border-error-1 bg-red-50 text-error-2')}
            data-testid="dry-run-verdict"
          >
            {dryRun.ok
              ? `取り込めます。エラーはありません（注意 ${dryRun.counts.warnings}件）。`
              : `エラーが${errors}件あります。直すまで取り込めません（何も保存していません）。`}
          </div>
          {fix && (
            <CorrectionForm
              key={`${fix.row}:${fix.column}`}
              upload={upload}
              mapping={mapping}
              dryRun={dryRun}
              target={fix}
              busy={busy}
              onSave={saveCorrection}
              onCancel={() => setFix(null)}
            />
          )}
          <Section id="imp-counts" title="取り込む内容">
            <Counts d={dryRun} />
          </Section>
          {mapping.corrections.length > 0 && (
            <Section id="imp-corrections" title={`修正した欄（${mapping.corrections.length}件）`}>
              <p className={cx(hintCls, 'mb-1')}>このファイルの取込みだけに使います。保存した対応づけには残りません。</p>
              <CorrectionList upload={upload} mapping={mapping} busy={busy} onRemove={removeCorrection} />
            </Section>
          )}
          <Section id="imp-issues" title={`問題の一覧（エラー ${dryRun.counts.errors}件・注意 ${dryRun.counts.warnings}件・情報 ${dryRun.counts.infos}件）`}>
            <p className={cx(hintCls, 'mb-1')}>行の値が違っているときは「修正」で、その行の欄の値を直せます（ファイルは変わりません）。</p>
            <IssueList issues={dryRun.issues} actions={issueActions} />
          </Section>
          {!dryRun.ok && dryRun.departmentNames.some((n) => n.state === 'unknown') && (
            <Section id="imp-fix-dept" title="担当課を直す">
              <p className={hintCls}>一致しない担当課に組織を選ぶか、CSVを直してもう一度アップロードしてください。</p>
              <DepartmentNames dryRun={dryRun} departments={depts.data?.items ?? []} mapping={mapping} onChange={changeMapping} />
            </Section>
          )}
          {commitIssues && (
            <Section id="imp-refused" title="取込みを断られました">
              <div role="alert">
                <p className="text-std-16B-170 text-error-2">{error?.message}</p>
                <ul className="list-disc pl-6">
                  {commitIssues.map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </ul>
              </div>
            </Section>
          )}
          <Section id="imp-items" title={`項目（${dryRun.items.length}件）`}>
            <ItemPreview d={dryRun} busy={busy} onFix={(row) => setFix({ row, column: null })} />
          </Section>
          <div className="mt-6 flex flex-wrap items-center gap-2">
            <Button onClick={() => setStep(2)} disabled={busy}>
              対応づけに戻る
            </Button>
            {stale && (
              <Button onClick={() => runDryRun(3)} disabled={busy}>
                もう一度確認する
              </Button>
            )}
            <Button variant="primary" onClick={commit} disabled={busy || !canCommit} aria-describedby="imp-commit-hint">
              {busy ? '処理しています…' : `取り込む（${dryRun.counts.itemsCreate + dryRun.counts.itemsUpdate}件）`}
            </Button>
            <span id="imp-commit-hint" className={hintCls}>
              {canCommit ? '1つの処理で全件を保存します。' : stale ? '対応づけを変えたので、もう一度確認してください。' : 'エラーを直すと取り込めます。'}
            </span>
          </div>
        </>
      )}

      {step === 4 && job && (
        <>
          <CommitResult code={code} planId={planId} job={job} />
          {job.state === 'failed' && (
            <div className="mt-3 flex gap-2">
              {job.error?.code === 'interrupted' && (
                // the server stopped under the commit, which wrote nothing: the upload is kept, so the same
                // table with the same mapping can be committed again (an expired upload is refused in Japanese)
                <Button variant="primary" onClick={commit} disabled={busy} data-testid="import-retry">
                  もう一度実行
                </Button>
              )}
              <Button onClick={() => setStep(3)}>
                確認に戻る
              </Button>
            </div>
          )}
          {job.state === 'done' && (
            <div className="mt-3">
              <Button variant="tertiary" onClick={restart}>
                別の表を取り込む
              </Button>
            </div>
          )}
        </>
      )}
    </>,
  );
}

export default ImportWizardPage;
