/** @jsxImportSource react */
/**
 * Download and upload parts used by existing pages: the plan header (体系図PDF,
 * 取込み, 出力レイアウト), the round dashboard (公表用の表 Excel/PDF, 担当課の回答用
 * ファイル zip and per department), the node page (個票PDF) and the inbox
 * (「Excelで回答する」: download, fill in, upload; the result list in Japanese).
 *
 * Every file is made by a background job on the server (POST on the export's URL): the button
 * shows 「作成中… n/m」 with a bar while it runs, then the download link (spreadsheets and zips
 * are also saved at once; a PDF opens from the link, as browsers block tabs opened later).
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { FieldErrorText, hintCls, labelCls, selectCls } from '../../components/form';
import { PercentBar, tableCls, tdCls, thCls, theadCls } from '../../components/secretariat-ui';
import { Button, ButtonLink, cx } from '../../components/ui';
import { apiPaths, type DepartmentDto } from '../../lib/api';
import { isOffice, useCurrentUser } from '../../lib/auth';
import { Link, paths } from '../../lib/router';
import { invalidate, useApi } from '../../lib/useApi';
import { asApiError } from '../secretariat/lib';
import { WORKBOOK_MAX_BYTES, downloadFile, sizeLabel, transferApi, transferApiPaths, transferPaths, type JobDto, type WorkbookImportResultDto } from './api';

/** How long to wait before asking the job again: quickly at first (small files are ready at once). */
const pollDelay = (polls: number) => (polls < 3 ? 300 : polls < 10 ? 700 : 1500);

/**
 * A button that makes a file in a background job: progress while it runs, then the link; the
 * server's refusal or the job's failure in Japanese beside it. `pdf`: opened in a new tab.
 */
export function ExportJobButton({ code, path, children, testId, pdf = false }: { code: string; path: string; children: ReactNode; testId?: string; pdf?: boolean }) {
  const [job, setJob] = useState<JobDto | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [polls, setPolls] = useState(0);
  const saved = useRef<string | null>(null);
  const running = starting || job?.state === 'queued' || job?.state === 'running';

  useEffect(() => {
    if (!job || (job.state !== 'queued' && job.state !== 'running')) return;
    const t = setTimeout(async () => {
      try {
        setJob(await transferApi.job(code, job.id));
        setPolls((n) => n + 1);
      } catch (e) {
        const ae = asApiError(e);
        // the server restarting or its database briefly away (503, no answer): keep following the job
        if (ae.status === 503 || ae.status === 0) {
          setPolls((n) => n + 1);
          return;
        }
        setError(ae.message);
        setJob(null);
      }
    }, pollDelay(polls));
    return () => clearTimeout(t);
  }, [job, code, polls]);

  // a spreadsheet or zip is saved as soon as it is ready (once per job)
  useEffect(() => {
    if (pdf || job?.state !== 'done' || !job.file || saved.current === job.id) return;
    saved.current = job.id;
    downloadFile(job.file.url, job.file.name).catch((e: unknown) => setError(asApiError(e).message));
  }, [job, pdf]);

  const start = async () => {
    setStarting(true);
    setError(null);
    setJob(null);
    setPolls(0);
    try {
      setJob((await transferApi.startExport(path)).job);
    } catch (e) {
      setError(asApiError(e).message);
    } finally {
      setStarting(false);
    }
  };

  const pct = job && job.total > 0 ? Math.round((job.progress / job.total) * 100) : 0;
  return (
    <span className="inline-flex flex-col items-start" data-testid={testId ? `${testId}-job` : undefined}>
      <Button size="sm" data-testid={testId} disabled={running} onClick={start}>
        {running ? '作成中…' : children}
      </Button>
      {job && (job.state === 'queued' || job.state === 'running') && (
        <span role="status" aria-live="polite" className="mt-1 flex max-w-80 flex-col text-dns-14N-130 text-solid-gray-800">
          <span>
            作成中…{job.total > 0 ? ` ${job.progress}/${job.total}` : ''}
            {job.message ? `　${job.message}` : ''}
          </span>
          <PercentBar percent={pct} label="作成の進み具合" />
        </span>
      )}
      {job?.state === 'done' && job.file && (
        <span role="status" className="mt-1 max-w-80 text-dns-14N-130">
          {pdf ? (
            <a href={job.file.url} target="_blank" rel="noopener" data-testid={testId ? `${testId}-file` : undefined}>
              PDFを開く（{sizeLabel(job.file.size)}）<span className="sr-only">（新しいタブで開きます）</span>
            </a>
          ) : (
            <a href={job.file.url} download={job.file.name} data-testid={testId ? `${testId}-file` : undefined}>
              {job.file.name}（{sizeLabel(job.file.size)}）を保存
            </a>
          )}
        </span>
      )}
      {job?.state === 'failed' && (
        <span role="alert" className="mt-1 max-w-80 text-dns-14N-130 text-error-1">
          作成できませんでした：{job.error?.message ?? job.message}
        </span>
      )}
      {job?.state === 'failed' && job.error?.code === 'interrupted' && (
        // the server stopped under the job: the same export (same URL, same parameters) can simply run again
        <Button size="sm" variant="tertiary" className="mt-1" data-testid={testId ? `${testId}-retry` : undefined} onClick={start}>
          もう一度実行
        </Button>
      )}
      {error && (
        <span role="alert" className="mt-1 max-w-80 text-dns-14N-130 text-error-1">
          {error}
        </span>
      )}
    </span>
  );
}

/** Plan header: 体系図PDF for everyone who sees the plan; 取込み and 出力レイアウト for the secretariat. */
export function PlanTransferLinks({ code, planId }: { code: string; planId: string }) {
  const user = useCurrentUser();
  return (
    <>
      <ExportJobButton code={code} path={transferApiPaths.diagramPdf(code, planId)} testId="diagram-pdf" pdf>
        体系図PDF
      </ExportJobButton>
      {isOffice(user.role) && (
        <>
          <ButtonLink size="sm" to={transferPaths.importWizard(code, planId)}>
            取込み
          </ButtonLink>
          <ButtonLink size="sm" to={transferPaths.exportLayout(code, planId)}>
            出力レイアウト
          </ButtonLink>
        </>
      )}
    </>
  );
}

/** Node page: the item's 個票 as PDF. */
export function NodeSheetLink({ code, planId, nodeId }: { code: string; planId: string; nodeId: string }) {
  return (
    <ExportJobButton code={code} path={transferApiPaths.sheetPdf(code, planId, nodeId)} testId="sheet-pdf" pdf>
      個票PDF
    </ExportJobButton>
  );
}

/** Round dashboard: the published table and the department workbooks. */
export function RoundExportLinks({
  code,
  roundId,
  planId,
  open,
}: {
  code: string;
  roundId: string;
  planId: string;
  /** workbooks exist only while the round is open */
  open: boolean;
}) {
  const id = useId();
  const depts = useApi<{ items: DepartmentDto[] }>(apiPaths.departments(code));
  const departments = (depts.data?.items ?? []).filter((d) => d.active);
  const [dept, setDept] = useState('');
  const user = useCurrentUser();
  const office = isOffice(user.role);
  return (
    <div className="no-print mt-3 flex flex-wrap items-end gap-x-6 gap-y-3 rounded-8 border border-solid-gray-420 bg-white px-4 py-3" data-testid="round-exports">
      <div>
        <p className="text-dns-14B-130 text-solid-gray-800">公表用の表（事務局確認済みの回答）</p>
        <div className="mt-1 flex flex-wrap gap-2">
          <ExportJobButton code={code} path={transferApiPaths.progressXlsx(code, roundId)} testId="progress-xlsx">
            Excel
          </ExportJobButton>
          <ExportJobButton code={code} path={transferApiPaths.progressPdf(code, roundId)} testId="progress-pdf" pdf>
            PDF
          </ExportJobButton>
          {office && (
            <Link to={transferPaths.exportLayout(code, planId)} className="self-center text-dns-14N-130">
              出力レイアウト
            </Link>
          )}
        </div>
      </div>
      {office && (
        <div>
          <p className="text-dns-14B-130 text-solid-gray-800">担当課の回答用ファイル（Excel）</p>
          {open ? (
            <div className="mt-1 flex flex-wrap items-start gap-2">
              <ExportJobButton code={code} path={transferApiPaths.workbooksZip(code, roundId)} testId="workbooks-zip">
                全担当課（zip）
              </ExportJobButton>
              <label htmlFor={`${id}-dept`} className="sr-only">
                担当課
              </label>
              <select id={`${id}-dept`} className={selectCls.replace('h-11', 'h-8').replace('text-std-16N-170', 'text-dns-14N-130')} value={dept} onChange={(e) => setDept(e.target.value)}>
                <option value="">担当課を選ぶ</option>
                {departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
              {dept && (
                <ExportJobButton key={dept} code={code} path={transferApiPaths.workbook(code, roundId, dept)} testId="workbook-dept">
                  この課のファイル
                </ExportJobButton>
              )}
            </div>
          ) : (
            <p className={cx(hintCls, 'mt-1')}>照会中の照会だけ作れます。</p>
          )}
        </div>
      )}
    </div>
  );
}

function ResultList({ code, r }: { code: string; r: WorkbookImportResultDto }) {
  return (
    <div className="mt-3" data-testid="workbook-result">
      <p role="status" className="rounded-8 border-2 border-success-1 bg-green-50 px-4 py-2 text-std-16B-170 text-success-2">
        {r.message}
      </p>
      <p className="mt-1 text-dns-14N-130 text-solid-gray-800">
        {r.fileName}（{r.department.name}）：保存 {r.saved.length}件・取り込まなかった行 {r.skipped.length}件・変更なし {r.unchangedCount}件
      </p>
      {(r.saved.length > 0 || r.skipped.length > 0) && (
        <table className={cx(tableCls, 'mt-2 max-w-5xl')}>
          <thead className={theadCls}>
            <tr>
              <th scope="col" className={thCls}>行</th>
              <th scope="col" className={thCls}>項目</th>
              <th scope="col" className={thCls}>結果</th>
            </tr>
          </thead>
          <tbody>
            {r.saved.map((s) => (
              <tr key={`s-${s.reportId}`}>
                <td className={cx(tdCls, 'text-right tabular-nums')}>{s.row}</td>
                <td className={tdCls}>
                  <Link to={paths.report(code, s.reportId)}>{`${s.number} ${s.title}`.trim()}</Link>
                </td>
                <td className={tdCls}>下書きとして保存しました（{s.state}）</td>
              </tr>
            ))}
            {r.skipped.map((s) => (
              <tr key={`k-${s.reportId}`} className="bg-yellow-50">
                <td className={cx(tdCls, 'text-right tabular-nums')}>{s.row}</td>
                <td className={tdCls}>{`${s.number} ${s.title}`.trim()}</td>
                <td className={tdCls}>
                  取り込みませんでした（{s.state}）：{s.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Inbox: 「Excelで回答する」 for one department (download → fill in → upload). */
export function WorkbookRoundTrip({ code, roundId, department, open }: { code: string; roundId: string; department: DepartmentDto | { id: string; name: string } | null; open: boolean }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string[] | undefined>();
  const [result, setResult] = useState<WorkbookImportResultDto | null>(null);
  if (!department || !open) return null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setResult(null);
    const f = input.current?.files?.[0];
    if (!f) return setError(['記入した回答用ファイル（.xlsx）を選んでください。']);
    if (!f.name.toLowerCase().endsWith('.xlsx')) return setError([`「${f.name}」は回答用ファイルではありません。ダウンロードした .xlsx ファイルに記入して選んでください。`]);
    if (f.size > WORKBOOK_MAX_BYTES) return setError([`「${f.name}」は${sizeLabel(f.size)}あります。${sizeLabel(WORKBOOK_MAX_BYTES)}までです（画像などを貼り付けていないか確認してください）。`]);
    setBusy(true);
    try {
      const r = await transferApi.uploadWorkbook(code, roundId, f, department.id);
      setResult(r);
      invalidate(`/api/m/${encodeURIComponent(code)}/rounds/${encodeURIComponent(roundId)}`, `/api/m/${encodeURIComponent(code)}/reports`);
      if (input.current) input.current.value = '';
    } catch (err) {
      const ae = asApiError(err);
      const msgs = ae.fields.length ? ae.fields.map((x) => x.message) : [ae.message];
      setError(msgs);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="mt-4 rounded-8 border border-solid-gray-420 bg-white [&[open]>summary]:border-b [&[open]>summary]:border-solid-gray-200" data-testid="workbook-roundtrip">
      <summary className="cursor-pointer px-4 py-2 text-std-16B-170 text-key-1000">Excelで回答する（{department.name}）</summary>
      <div className="px-4 py-3">
        <ol className="list-decimal pl-6 text-std-16N-170">
          <li>
            回答用ファイルをダウンロードします（自課の項目、前回の回答、記入要領、凡例の選択肢入り）。
            <span className="ml-2 inline-block">
              <ExportJobButton code={code} path={transferApiPaths.workbook(code, roundId, department.id)} testId="workbook-download">
                回答用ファイル（Excel）
              </ExportJobButton>
            </span>
          </li>
          <li>Excelで「回答」シートに記入し、保存します（キー列と管理情報は変えないでください）。</li>
          <li>記入したファイルをアップロードします。各行は下書きとして保存され、提出はこの画面から行います。</li>
        </ol>
        <form onSubmit={submit} className="mt-3 flex flex-wrap items-end gap-3" noValidate>
          <div>
            <label htmlFor={`${id}-file`} className={labelCls}>
              記入した回答用ファイル
            </label>
            <input
              ref={input}
              id={`${id}-file`}
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              className="mt-1 block text-std-16N-170"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-file-error` : undefined}
            />
            <FieldErrorText id={`${id}-file`} messages={error} />
          </div>
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? '取り込んでいます…' : 'アップロードして下書きに保存'}
          </Button>
        </form>
        {result && <ResultList code={code} r={result} />}
      </div>
    </details>
  );
}
