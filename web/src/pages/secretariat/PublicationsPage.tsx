/** @jsxImportSource react */
/**
 * 公表: what citizens see is published here, separately from closing a round. The page lists what
 * can be published (締め切った照会, each plan's KPI 実績 by year, each finance / staffing table by
 * 年度版) with its state, opens a panel that previews one (changes since the last publication, the
 * answers the secretariat has not accepted, the citizens' page as it would look) and publishes it —
 * a second publication is a correction (正誤) and must say what it corrects — withdraws what is
 * published, and shows the history of every publication.
 *
 * The subject being previewed lives in the query string (?kind=&plan=&subject=&fy=), so the panel
 * survives a reload and can be linked to (the round dashboard does).
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { FieldErrorText, Optional, Required, describedBy, fieldsetCls, hintCls, inputCls, labelCls, legendCls } from '../../components/form';
import { ConfirmDialog, Section, tableCls, tableWrapCls, tdCls, thCls, theadCls } from '../../components/secretariat-ui';
import { Badge, Button, ErrorState, Loading, SuccessMessage, cx } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { navigate, useLocation } from '../../lib/router';
import { invalidate, useApi } from '../../lib/useApi';
import type {
  PublicationDto,
  PublicationKindDto,
  PublicationListDto,
  PublicationPreviewDto,
  PublicationSubjectDto,
  UnacceptedDecisionDto,
} from '../../../../src/shared/api-types-publish.js';
import { NotForRole, SecFrame } from './frame';
import { asApiError, num, secApi, secApiPaths, secPaths, useStaff, type PublicationSubjectRef } from './lib';

/**
 * A table's scroll box, positioned so that the visually hidden captions and link texts inside (absolutely
 * positioned) stay in the box instead of widening the page on a narrow screen.
 */
const wrapCls = cx(tableWrapCls, 'relative');

const KINDS: readonly PublicationKindDto[] = ['round', 'kpi_values', 'fiscal_table'];
const KIND_HEADINGS: Record<PublicationKindDto, string> = {
  round: '進捗状況',
  kpi_values: '数値目標・KPI の実績',
  fiscal_table: '財政・定員の表',
};
const UNACCEPTED_CHOICES: { value: UnacceptedDecisionDto; label: string; note: string }[] = [
  { value: 'exclude', label: '表から除く', note: '確認していない回答の項目を、公表する表に載せません。' },
  { value: 'no_answer', label: '回答なし として載せる', note: '項目は載せ、状況の欄を「回答なし」にします。' },
];

const keyOf = (s: PublicationSubjectRef) => `${s.kind}:${s.subjectId}:${s.kind === 'round' ? 0 : (s.fiscalYear ?? 0)}`;
const refOf = (s: PublicationSubjectDto): PublicationSubjectRef => ({ kind: s.kind, planId: s.planId, subjectId: s.subjectId, fiscalYear: s.kind === 'round' ? undefined : s.fiscalYear });

function readSelection(search: string): PublicationSubjectRef | null {
  const q = new URLSearchParams(search);
  const kind = q.get('kind');
  const planId = q.get('plan');
  const subjectId = q.get('subject');
  if (!kind || !(KINDS as readonly string[]).includes(kind) || !planId || !subjectId) return null;
  const fy = Number(q.get('fy'));
  return { kind: kind as PublicationKindDto, planId, subjectId, fiscalYear: kind === 'round' ? undefined : Number.isInteger(fy) && fy > 0 ? fy : undefined };
}

/** Drop every cached answer that shows publications (the lists, previews, the rounds' 公表済み). */
function invalidatePublications(code: string) {
  invalidate(secApiPaths.publications(code), secApiPaths.roundsPrefix(code), secApiPaths.plansPrefix(code));
}

function StateBadge({ latest }: { latest: PublicationSubjectDto['latest'] }) {
  if (!latest) return <Badge tone="neutral">未公表</Badge>;
  if (latest.state === 'published') return <Badge tone="success">公表中 第{latest.seq}版</Badge>;
  if (latest.state === 'withdrawn') return <Badge tone="warning">取下げ（第{latest.seq}版）</Badge>;
  return <Badge tone="neutral">{latest.stateLabel}</Badge>;
}

// ───────────── the list of subjects ─────────────

function SubjectTable({
  kind,
  subjects,
  selectedKey,
  onPreview,
  onWithdraw,
}: {
  kind: PublicationKindDto;
  subjects: PublicationSubjectDto[];
  selectedKey: string | null;
  onPreview: (s: PublicationSubjectDto) => void;
  onWithdraw: (s: PublicationSubjectDto) => void;
}) {
  if (!subjects.length)
    return <p className="text-std-16N-170 text-solid-gray-800">{kind === 'round' ? '締め切った照会はまだありません。' : '公表できるものはまだありません。'}</p>;
  return (
    <div className={wrapCls}>
      <table className={tableCls}>
        <caption className="sr-only">
          {KIND_HEADINGS[kind]}（{subjects.length}件）：計画、対象、公表の状態、最後の公表、操作
        </caption>
        <thead className={theadCls}>
          <tr>
            <th scope="col" className={thCls}>
              計画
            </th>
            <th scope="col" className={thCls}>
              対象
            </th>
            <th scope="col" className={thCls}>
              公表の状態
            </th>
            <th scope="col" className={thCls}>
              最後の公表
            </th>
            <th scope="col" className={cx(thCls, 'no-print')}>
              操作
            </th>
          </tr>
        </thead>
        <tbody>
          {subjects.map((s) => {
            const key = keyOf(refOf(s));
            const selected = key === selectedKey;
            return (
              <tr key={key} className={selected ? 'bg-key-50' : undefined} aria-current={selected ? 'true' : undefined}>
                <td className={tdCls}>{s.planTitle}</td>
                <th scope="row" className={cx(tdCls, 'font-normal')}>
                  {s.title}
                  {s.kind === 'round' && s.roundState !== 'closed' && (
                    <span className="ml-2 text-dns-14N-130 text-solid-gray-700">（再開中：締め切るまで公表できません）</span>
                  )}
                </th>
                <td className={tdCls}>
                  <StateBadge latest={s.latest} />
                </td>
                <td className={cx(tdCls, 'text-dns-14N-130')}>
                  {s.latest ? (
                    <>
                      {formatDateTime(s.latest.publishedAt)}
                      <span className="block text-solid-gray-700">{s.latest.publishedBy}</span>
                    </>
                  ) : (
                    'なし'
                  )}
                </td>
                <td className={cx(tdCls, 'no-print')}>
                  <span className="flex flex-wrap gap-1.5">
                    <Button
                      id={`pub-open-${key}`}
                      size="sm"
                      variant={selected ? 'primary' : 'secondary'}
                      aria-label={`プレビューと公表（${s.title}）`}
                      onClick={() => onPreview(s)}
                    >
                      プレビューと公表
                    </Button>
                    {s.latest?.state === 'published' && (
                      <Button size="sm" variant="tertiary" aria-label={`取り下げる（${s.title} 第${s.latest.seq}版）`} onClick={() => onWithdraw(s)}>
                        取り下げる
                      </Button>
                    )}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

// ───────────── preview and publish ─────────────

type FieldMessages = Partial<Record<'correction' | 'reason' | 'unaccepted', string[]>>;

function PublishPanel({
  code,
  subject,
  subjectDto,
  onClose,
  onPublished,
}: {
  code: string;
  subject: PublicationSubjectRef;
  /** the list's row (plan title, round state); undefined while the list loads or for an unknown subject */
  subjectDto: PublicationSubjectDto | undefined;
  onClose: () => void;
  onPublished: (p: PublicationDto) => void;
}) {
  const uid = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [unaccepted, setUnaccepted] = useState<UnacceptedDecisionDto | null>(null);
  const previewPath = secApiPaths.publicationPreview(code, subject, unaccepted);
  const res = useApi<PublicationPreviewDto>(previewPath, { keepPrevious: true });
  const p = res.data;
  const [correction, setCorrection] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<FieldMessages>({});
  const [alert, setAlert] = useState<string[]>([]);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const needsDecision = !!p && p.unaccepted.count > 0;
  const blockers: string[] = [];
  if (p?.problems.length) blockers.push('上の「公表できない理由」を解消してください。');
  if (needsDecision && !unaccepted) blockers.push('確認していない回答の扱いを選んでください。');
  const disabled = busy || !p || res.stale || blockers.length > 0;

  const publish = async () => {
    if (!p) return;
    setBusy(true);
    setFields({});
    setAlert([]);
    try {
      const r = await secApi.publish(code, {
        kind: subject.kind,
        planId: subject.planId,
        subjectId: subject.subjectId,
        ...(subject.kind === 'round' ? {} : { fiscalYear: subject.fiscalYear }),
        expectedSeq: p.expectedSeq,
        correction: p.correctionRequired ? correction : '',
        reason,
        unaccepted: needsDecision ? unaccepted : null,
      });
      onPublished(r);
    } catch (e) {
      const err = asApiError(e);
      if (err.status === 409) {
        // someone published or withdrew it since the preview, or the round was reopened: show the server's words, load the new state
        setAlert([err.message, '公表の状態とプレビューを最新にしました。内容を確かめてから、もう一度公表してください。']);
        invalidatePublications(code);
      } else if (err.status === 422 && err.fields.length) {
        const next: FieldMessages = {};
        const rest: string[] = [];
        for (const f of err.fields) {
          const k = f.path === 'correction' || f.path === 'reason' || f.path === 'unaccepted' ? f.path : null;
          if (k) next[k] = [...(next[k] ?? []), f.message];
          else rest.push(f.message);
        }
        setFields(next);
        setAlert(rest.length ? rest : ['入力内容を確認してください。各欄の下にメッセージがあります。']);
        const first = next.unaccepted ? `${uid}-unaccepted-0` : next.correction ? `${uid}-correction` : next.reason ? `${uid}-reason` : null;
        if (first) document.getElementById(first)?.focus();
      } else {
        setAlert([err.message]);
      }
    } finally {
      setBusy(false);
    }
  };

  const title = p?.title ?? subjectDto?.title ?? '';
  const currentText = p?.current
    ? `第${p.current.seq}版を${formatDateTime(p.current.publishedAt)}から公表しています。公表すると第${p.current.seq + 1}版に置き換わり、市民向けページに正誤（訂正のお知らせ）が載ります。`
    : p && p.expectedSeq > 0
      ? `前回の公表（第${p.expectedSeq}版）は取り下げています。公表すると第${p.expectedSeq + 1}版として載ります。`
      : 'まだ公表していません。公表すると第1版として市民向けページとオープンデータに載ります。';
  const errId = (k: keyof FieldMessages) => (fields[k]?.length ? `${uid}-${k}-error` : undefined);

  return (
    <section aria-labelledby={`${uid}-h`} className="mt-4 rounded-8 border-2 border-key-900 bg-white p-4" data-testid="publication-panel">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h2 id={`${uid}-h`} ref={headingRef} tabIndex={-1} className="text-std-20B-150 outline-none">
          公表の確認：{subjectDto ? `${subjectDto.planTitle} ` : ''}
          {title}
        </h2>
        <Button size="sm" variant="tertiary" onClick={onClose} disabled={busy}>
          閉じる
        </Button>
      </div>
      {res.error && !p ? (
        <ErrorState error={res.error} title="プレビューを読み込めませんでした。" onRetry={res.reload} />
      ) : !p ? (
        <Loading label="プレビューを作っています…" />
      ) : (
        <form
          noValidate
          className="mt-2 grid gap-4"
          aria-busy={res.stale || undefined}
          onSubmit={(e) => {
            e.preventDefault();
            if (!disabled) void publish();
          }}
        >
          <p className="text-std-16N-170" data-testid="publication-current">
            {subjectDto?.kindLabel ? `${subjectDto.kindLabel}。` : ''}
            {currentText}
          </p>

          {alert.length > 0 && (
            <div role="alert" className="rounded-8 border-2 border-error-1 bg-red-50 px-4 py-3 text-std-16N-170 text-error-2" data-testid="publication-alert">
              <ul className="list-disc pl-5">
                {alert.map((m, i) => (
                  <li key={i}>{m}</li>
                ))}
              </ul>
            </div>
          )}

          {p.problems.length > 0 && (
            <div role="alert" className="rounded-8 border-2 border-warning-orange-1 bg-orange-50 px-4 py-3 text-std-16N-170" data-testid="publication-problems">
              <p className="font-bold">公表できない理由</p>
              <ul className="list-disc pl-5">
                {p.problems.map((m, i) => (
                  <li key={i}>{m}</li>
                ))}
              </ul>
            </div>
          )}

          {needsDecision && (
            <fieldset
              className={cx(fieldsetCls, !!fields.unaccepted?.length && 'border-2 border-error-1')}
              aria-describedby={describedBy(`${uid}-unaccepted-hint`, errId('unaccepted'))}
              data-testid="publication-unaccepted"
            >
              <legend className={legendCls}>
                事務局が確認していない回答（{num(p.unaccepted.count)}件）の扱い
                <Required />
              </legend>
              <p id={`${uid}-unaccepted-hint`} className={hintCls}>
                内訳：{p.unaccepted.byState.map((b) => `${b.label} ${num(b.count)}件`).join('、')}。
                公表するのは事務局が確認した回答です。確認していない回答をどう載せるかを選んでください（選ぶとプレビューが変わります）。
              </p>
              {UNACCEPTED_CHOICES.map((c, i) => (
                <label key={c.value} className="mt-2 flex items-start gap-2 text-std-16N-170">
                  <input
                    id={`${uid}-unaccepted-${i}`}
                    type="radio"
                    name={`${uid}-unaccepted`}
                    className="mt-1.5 size-5 shrink-0"
                    checked={unaccepted === c.value}
                    onChange={() => {
                      setUnaccepted(c.value);
                      setFields((f) => ({ ...f, unaccepted: undefined }));
                    }}
                    aria-invalid={fields.unaccepted?.length ? true : undefined}
                  />
                  <span>
                    <span className="font-bold">{c.label}</span>
                    <span className="block text-dns-14N-130 text-solid-gray-700">{c.note}</span>
                  </span>
                </label>
              ))}
              <FieldErrorText id={`${uid}-unaccepted`} messages={fields.unaccepted} />
            </fieldset>
          )}

          <div>
            <h3 className="text-std-17B-170">前回の公表からの変更</h3>
            {!p.current && p.expectedSeq === 0 ? (
              <p className="text-std-16N-170 text-solid-gray-800">初めての公表です（比べる前回の公表はありません）。</p>
            ) : p.changes.length === 0 ? (
              <p className="text-std-16N-170 text-solid-gray-800" data-testid="publication-no-changes">
                前回の公表（第{p.expectedSeq}版）から変わった点はありません。
              </p>
            ) : (
              <div className={cx(wrapCls, 'max-h-96 overflow-y-auto')} tabIndex={0} role="region" aria-label={`前回の公表からの変更（${p.changes.length}件）`}>
                <table className={tableCls} data-testid="publication-changes">
                  <caption className="sr-only">前回の公表からの変更（{p.changes.length}件）</caption>
                  <thead className={theadCls}>
                    <tr>
                      <th scope="col" className={thCls}>
                        場所
                      </th>
                      <th scope="col" className={thCls}>
                        前回の公表
                      </th>
                      <th scope="col" className={thCls}>
                        今回
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.changes.map((c, i) => (
                      <tr key={i}>
                        <th scope="row" className={cx(tdCls, 'font-normal')}>
                          {c.where}
                        </th>
                        <td className={cx(tdCls, 'whitespace-pre-wrap')}>{c.before || '（なし）'}</td>
                        <td className={cx(tdCls, 'whitespace-pre-wrap')}>{c.after || '（なし）'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>

          <p className="text-std-16N-170">
            <a href={p.previewPath} target="_blank" rel="noopener" data-testid="publication-preview-link">
              市民向けページのプレビューを開く
              <span className="sr-only">（新しいタブで開きます）</span>
            </a>
            <span className={cx(hintCls, 'ml-2')}>公表したときと同じ形で表示します（まだ公表されません）。</span>
          </p>

          {p.correctionRequired && (
            <div>
              <label htmlFor={`${uid}-correction`} className={labelCls}>
                訂正の内容（正誤。市民向けページに載ります）
                <Required />
              </label>
              <textarea
                id={`${uid}-correction`}
                className={cx(inputCls, 'min-h-24')}
                value={correction}
                maxLength={2000}
                onChange={(e) => setCorrection(e.target.value)}
                aria-invalid={fields.correction?.length ? true : undefined}
                aria-describedby={describedBy(`${uid}-correction-hint`, errId('correction'))}
              />
              <p id={`${uid}-correction-hint`} className={hintCls}>
                何をどう訂正したかを、市民が読んで分かるように書いてください（例：「取組(3)の状況を『遅れ』から『順調』に訂正しました。」）。2,000文字以内。
              </p>
              <FieldErrorText id={`${uid}-correction`} messages={fields.correction} />
            </div>
          )}

          <div>
            <label htmlFor={`${uid}-reason`} className={labelCls}>
              理由（記録に残ります。市民向けページには載りません）
              <Optional />
            </label>
            <textarea
              id={`${uid}-reason`}
              className={cx(inputCls, 'min-h-16')}
              value={reason}
              maxLength={1000}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={fields.reason?.length ? true : undefined}
              aria-describedby={errId('reason')}
            />
            <FieldErrorText id={`${uid}-reason`} messages={fields.reason} />
          </div>

          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" variant="primary" disabled={disabled} aria-describedby={blockers.length ? `${uid}-blockers` : undefined}>
              {busy ? '公表しています…' : '公表する'}
            </Button>
            <Button onClick={onClose} disabled={busy}>
              やめる
            </Button>
            {res.stale && <span className={hintCls}>プレビューを更新しています…</span>}
          </div>
          {blockers.length > 0 && (
            <ul id={`${uid}-blockers`} className={cx(hintCls, 'list-disc pl-6')}>
              {blockers.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          )}
        </form>
      )}
    </section>
  );
}

// ───────────── withdraw ─────────────

function WithdrawDialog({
  code,
  subject,
  onClose,
  onDone,
}: {
  code: string;
  subject: PublicationSubjectDto & { latest: NonNullable<PublicationSubjectDto['latest']> };
  onClose: () => void;
  onDone: (p: PublicationDto) => void;
}) {
  const uid = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<string[] | undefined>();
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    setFieldError(undefined);
    try {
      onDone(await secApi.withdrawPublication(code, subject.latest.id, { expectedSeq: subject.latest.seq, reason }));
    } catch (e) {
      const err = asApiError(e);
      const own = err.fields.filter((f) => f.path === 'reason').map((f) => f.message);
      if (own.length) {
        setFieldError(own);
        document.getElementById(`${uid}-reason`)?.focus();
      } else {
        setError(err.status === 409 ? `${err.message} 一覧を最新にしました。` : err.message);
        if (err.status === 409) invalidatePublications(code);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog
      title={`公表の取下げ（${subject.title} 第${subject.latest.seq}版）`}
      confirmLabel="取り下げる"
      busyLabel="取り下げています…"
      danger
      busy={busy}
      testId="publication-withdraw-dialog"
      error={error}
      onClose={onClose}
      onConfirm={() => void run()}
    >
      <p>
        取り下げると、「{subject.planTitle} {subject.title}」は<strong>市民向けページにもオープンデータにも載らなくなります</strong>
        （そのページを開くと「見つかりません」と表示されます）。公表の記録は履歴に残り、あとでもう一度公表できます。
      </p>
      <div>
        <label htmlFor={`${uid}-reason`} className={labelCls}>
          取り下げる理由
          <Required />
        </label>
        <textarea
          id={`${uid}-reason`}
          className={cx(inputCls, 'min-h-20')}
          value={reason}
          maxLength={1000}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={fieldError?.length ? true : undefined}
          aria-describedby={describedBy(`${uid}-reason-hint`, !!fieldError?.length && `${uid}-reason-error`)}
        />
        <p id={`${uid}-reason-hint`} className={hintCls}>
          記録（公表の履歴と監査ログ）に残ります。1,000文字以内。
        </p>
        <FieldErrorText id={`${uid}-reason`} messages={fieldError} />
      </div>
    </ConfirmDialog>
  );
}

// ───────────── history ─────────────

function HistoryTable({ history, live }: { history: PublicationDto[]; live: ReadonlySet<string> }) {
  if (!history.length) return <p className="text-std-16N-170 text-solid-gray-800">まだ何も公表していません。</p>;
  return (
    <div className={wrapCls}>
      <table className={tableCls} data-testid="publication-history">
        <caption className="sr-only">公表の履歴（{history.length}件、新しい順）</caption>
        <thead className={theadCls}>
          <tr>
            <th scope="col" className={thCls}>
              公表日時
            </th>
            <th scope="col" className={thCls}>
              対象
            </th>
            <th scope="col" className={thCls}>
              版
            </th>
            <th scope="col" className={thCls}>
              状態
            </th>
            <th scope="col" className={thCls}>
              公表した人
            </th>
            <th scope="col" className={thCls}>
              正誤・理由
            </th>
            <th scope="col" className={thCls}>
              市民向けページ
            </th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => {
            const isLive = h.state !== 'withdrawn' && live.has(keyOf({ kind: h.kind, planId: h.planId, subjectId: h.subjectId, fiscalYear: h.fiscalYear }));
            return (
              <tr key={h.id}>
                <td className={cx(tdCls, 'whitespace-nowrap')}>{formatDateTime(h.publishedAt)}</td>
                <th scope="row" className={cx(tdCls, 'font-normal')}>
                  <span className="block text-dns-14N-130 text-solid-gray-700">{h.kindLabel}</span>
                  {h.title}
                </th>
                <td className={cx(tdCls, 'whitespace-nowrap')}>第{h.seq}版</td>
                <td className={tdCls}>
                  <Badge tone={h.state === 'published' ? 'success' : h.state === 'withdrawn' ? 'warning' : 'neutral'}>{h.stateLabel}</Badge>
                  {h.state === 'withdrawn' && h.withdrawnAt && (
                    <span className="mt-1 block text-dns-14N-130">
                      {formatDateTime(h.withdrawnAt)}
                      {h.withdrawnBy && `（${h.withdrawnBy}）`}
                    </span>
                  )}
                </td>
                <td className={tdCls}>{h.publishedBy}</td>
                <td className={cx(tdCls, 'whitespace-pre-wrap')}>
                  {h.correction && (
                    <span className="block">
                      <span className="font-bold">正誤：</span>
                      {h.correction}
                    </span>
                  )}
                  {h.reason && (
                    <span className="block">
                      <span className="font-bold">理由：</span>
                      {h.reason}
                    </span>
                  )}
                  {h.unacceptedCount > 0 && (
                    <span className="block">
                      <span className="font-bold">確認していない回答：</span>
                      {num(h.unacceptedCount)}件を{h.unaccepted === 'exclude' ? '表から除いた' : '「回答なし」として載せた'}
                    </span>
                  )}
                  {h.state === 'withdrawn' && h.withdrawReason && (
                    <span className="block">
                      <span className="font-bold">取下げの理由：</span>
                      {h.withdrawReason}
                    </span>
                  )}
                </td>
                <td className={tdCls}>
                  {isLive ? (
                    <a href={h.publicPath} target="_blank" rel="noopener">
                      {h.state === 'published' ? '市民向けページ' : '現在の市民向けページ'}
                      <span className="sr-only">（{h.title}、新しいタブで開きます）</span>
                    </a>
                  ) : (
                    <span className="text-solid-gray-700">{h.state === 'withdrawn' ? '取下げ済み' : '公表中の版はありません'}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

// ───────────── page ─────────────

export function PublicationsPage({ code }: { code: string }) {
  const staff = useStaff();
  const { search } = useLocation();
  const selection = readSelection(search);
  const res = useApi<PublicationListDto>(staff.isOffice ? secApiPaths.publications(code) : null, { keepPrevious: true });
  const [message, setMessage] = useState<{ text: string; link?: { href: string; label: string } } | null>(null);
  const [withdrawing, setWithdrawing] = useState<string | null>(null);

  const frame = (children: ReactNode) => (
    <SecFrame
      code={code}
      section="publications"
      crumbs={[{ label: '公表' }]}
      title="公表"
      docTitle="公表"
      lead="締め切った照会の結果、数値目標・KPI の実績、財政・定員の表を、内容を確かめてから市民向けページとオープンデータに載せます。照会を締め切っただけでは何も載りません。"
    >
      {children}
    </SecFrame>
  );

  if (!staff.loading && !staff.isOffice) return frame(<NotForRole>公表を行えるのは事務局とシステム管理者だけです。</NotForRole>);
  if (res.error && !res.data) return frame(<ErrorState error={res.error} title="公表の一覧を読み込めませんでした。" onRetry={res.reload} />);
  if (!res.data) return frame(<Loading />);

  const { subjects, history } = res.data;
  const selectedKey = selection ? keyOf(selection) : null;
  const selectedDto = selection ? subjects.find((s) => keyOf(refOf(s)) === selectedKey) : undefined;
  const live = new Set(subjects.filter((s) => s.latest?.state === 'published').map((s) => keyOf(refOf(s))));
  const withdrawSubject = withdrawing ? subjects.find((s) => keyOf(refOf(s)) === withdrawing && s.latest?.state === 'published') : undefined;

  const closePanel = (focusKey: string | null) => {
    navigate(secPaths.publications(code), { keepScroll: true });
    // back to the row the panel was opened from
    if (focusKey) window.requestAnimationFrame(() => document.getElementById(`pub-open-${focusKey}`)?.focus());
  };

  return frame(
    <>
      <div aria-live="polite">
        {message && (
          <SuccessMessage onClose={() => setMessage(null)}>
            {message.text}
            {message.link && (
              <>
                {' '}
                <a href={message.link.href} target="_blank" rel="noopener">
                  {message.link.label}
                  <span className="sr-only">（新しいタブで開きます）</span>
                </a>
              </>
            )}
          </SuccessMessage>
        )}
      </div>

      {selection && (
        <PublishPanel
          key={selectedKey}
          code={code}
          subject={selection}
          subjectDto={selectedDto}
          onClose={() => closePanel(selectedKey)}
          onPublished={(p) => {
            invalidatePublications(code);
            setMessage({
              text: `「${p.title}」を公表しました（第${p.seq}版${p.seq > 1 ? '・正誤を載せました' : ''}）。`,
              link: { href: p.publicPath, label: '市民向けページを開く' },
            });
            navigate(secPaths.publications(code), { keepScroll: true });
          }}
        />
      )}

      <p className="mt-4 text-std-16N-170" data-testid="publication-summary">
        公表中 {num(live.size)}件／公表できるもの {num(subjects.length)}件
      </p>
      {KINDS.map((kind) => (
        <Section key={kind} id={`pub-${kind}`} title={KIND_HEADINGS[kind]} testId={`publication-subjects-${kind}`}>
          <SubjectTable
            kind={kind}
            subjects={subjects.filter((s) => s.kind === kind)}
            selectedKey={selectedKey}
            onPreview={(s) => {
              setMessage(null);
              navigate(secPaths.publications(code, refOf(s)), { keepScroll: true });
            }}
            onWithdraw={(s) => {
              setMessage(null);
              setWithdrawing(keyOf(refOf(s)));
            }}
          />
        </Section>
      ))}

      <Section id="pub-history" title={`公表の履歴（${num(history.length)}件）`}>
        <p className={cx(hintCls, 'mb-2')}>すべての公表を新しい順に載せています。日時は日本時間です。</p>
        <HistoryTable history={history} live={live} />
      </Section>

      {withdrawSubject?.latest && (
        <WithdrawDialog
          code={code}
          subject={withdrawSubject as PublicationSubjectDto & { latest: NonNullable<PublicationSubjectDto['latest']> }}
          onClose={() => setWithdrawing(null)}
          onDone={(p) => {
            setWithdrawing(null);
            invalidatePublications(code);
            setMessage({ text: `「${p.title}」（第${p.seq}版）を取り下げました。市民向けページとオープンデータには載りません。` });
          }}
        />
      )}
    </>,
  );
}
