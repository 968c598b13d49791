/**
 * The reporting workflow as an explicit state machine. Pure: commands look up
 * the transition here and re-check the stored state inside their transaction.
 *
 *   not_started ─save→ draft ─submit→ submitted ─approve→ approved ─accept→ accepted
 *                        ↑                │return              │return        │reopen
 *                        └── returned ←───┴────────────────────┴──────────────┘
 */
export const REPORT_STATES = ['not_started', 'draft', 'submitted', 'returned', 'approved', 'accepted'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export const REPORT_STATE_LABELS: Record<ReportState, string> = {
  not_started: '未着手',
  draft: '作成中',
  submitted: '提出済み（課長承認待ち）',
  returned: '差戻し',
  approved: '課長承認済み（事務局確認待ち）',
  accepted: '事務局確認済み',
};

export const REPORT_ACTIONS = ['save', 'submit', 'approve', 'return_by_approver', 'accept', 'return_by_secretariat', 'reopen'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

export const REPORT_ACTION_LABELS: Record<ReportAction, string> = {
  save: '保存',
  submit: '提出',
  approve: '承認',
  return_by_approver: '差戻し（課長）',
  accept: '確認',
  return_by_secretariat: '差戻し（事務局）',
  reopen: '確認の取消し',
};

/** Who performs an action, by role family; department scoping is the policy's job. */
export type WorkflowRole = 'reporter' | 'approver' | 'secretariat';

interface Transition {
  from: readonly ReportState[];
  to: ReportState | 'same';
  by: readonly WorkflowRole[];
  commentRequired: boolean;
}

export const TRANSITIONS: Record<ReportAction, Transition> = {
  // saving keeps a returned report marked as returned until it is submitted again
  save: { from: ['not_started', 'draft', 'returned'], to: 'same', by: ['reporter', 'approver', 'secretariat'], commentRequired: false },
  submit: { from: ['not_started', 'draft', 'returned'], to: 'submitted', by: ['reporter', 'approver', 'secretariat'], commentRequired: false },
  approve: { from: ['submitted'], to: 'approved', by: ['approver', 'secretariat'], commentRequired: false },
  return_by_approver: { from: ['submitted'], to: 'returned', by: ['approver'], commentRequired: true },
  accept: { from: ['approved'], to: 'accepted', by: ['secretariat'], commentRequired: false },
  return_by_secretariat: { from: ['submitted', 'approved', 'accepted'], to: 'returned', by: ['secretariat'], commentRequired: true },
  reopen: { from: ['accepted'], to: 'approved', by: ['secretariat'], commentRequired: false },
};

export type TransitionResult =
  | { ok: true; to: ReportState }
  | { ok: false; reason: 'round_not_open' | 'wrong_state' | 'not_allowed' | 'comment_required'; message: string };

/**
 * After the deadline the departments' part is over, but the review goes on until the secretariat
 * publishes the round: a head may still approve and the secretariat accept (or take back an
 * acceptance), so answers in the pipeline are not lost to the publication.
 */
export const AFTER_CLOSE_ACTIONS: readonly ReportAction[] = ['approve', 'accept', 'reopen'];

export function nextState(
  action: ReportAction,
  from: ReportState,
  opts: { role: WorkflowRole; roundState: RoundState; comment?: string; roundPublished?: boolean },
): TransitionResult {
  const t = TRANSITIONS[action];
  const reviewAfterClose = opts.roundState === 'closed' && !opts.roundPublished && AFTER_CLOSE_ACTIONS.includes(action);
  if (opts.roundState !== 'open' && !reviewAfterClose)
    return {
      ok: false,
      reason: 'round_not_open',
      message:
        opts.roundState !== 'closed'
          ? 'この照会はまだ開始されていません。'
          : opts.roundPublished
            ? 'この照会は締め切り、結果を公表しました。回答を変えるには、照会を再開してください（公表中の内容は、次に公表するまで変わりません）。'
            : `この照会は締め切られています。締切後に公表までできるのは「${AFTER_CLOSE_ACTIONS.map((a) => REPORT_ACTION_LABELS[a]).join('」「')}」だけです。`,
    };
  if (!t.by.includes(opts.role)) return { ok: false, reason: 'not_allowed', message: `「${REPORT_ACTION_LABELS[action]}」を行う権限がありません。` };
  if (!t.from.includes(from))
    return { ok: false, reason: 'wrong_state', message: `状態が「${REPORT_STATE_LABELS[from]}」の報告には「${REPORT_ACTION_LABELS[action]}」はできません。` };
  if (t.commentRequired && !opts.comment?.trim()) return { ok: false, reason: 'comment_required', message: '差戻しの理由（コメント）を入力してください。' };
  if (action === 'save' && from === 'not_started') return { ok: true, to: 'draft' };
  return { ok: true, to: t.to === 'same' ? from : t.to };
}

/** Editable contents: only while the department holds the report. */
export function isEditable(state: ReportState): boolean {
  return state === 'not_started' || state === 'draft' || state === 'returned';
}

/** Counts as answered for submission-completion figures. */
export function isSubmitted(state: ReportState): boolean {
  return state === 'submitted' || state === 'approved' || state === 'accepted';
}

export const ROUND_STATES = ['draft', 'open', 'closed'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

export const ROUND_STATE_LABELS: Record<RoundState, string> = { draft: '準備中', open: '照会中', closed: '締切済み' };

export type RoundAction = 'open' | 'close' | 'reopen';

/** Published since it was last closed: the snapshot citizens see is this closing's (a reopen and a new close start over). */
export function isRoundPublished(r: { state: string; closedAt: Date | null; publishedAt: Date | null }): boolean {
  return r.state === 'closed' && !!r.publishedAt && !!r.closedAt && r.publishedAt.getTime() >= r.closedAt.getTime();
}

export function nextRoundState(action: RoundAction, from: RoundState): RoundState | null {
  if (action === 'open' && from === 'draft') return 'open';
  if (action === 'close' && from === 'open') return 'closed';
  if (action === 'reopen' && from === 'closed') return 'open';
  return null;
}
