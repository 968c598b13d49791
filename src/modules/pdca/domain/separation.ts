/**
 * 職務の分離 (separation of duties) in the reporting workflow. Pure.
 *
 * The approver of a report must not be its last writer: whoever last changed its contents or
 * submitted it (reports.last_writer, an actor label "id:name") cannot approve it too, so no one
 * takes a report from draft to approved alone. A municipality with one-person departments may
 * allow 自己承認 (municipalities.allow_self_approval, changed by a system administrator and
 * audited); an approval made that way is recorded as a self-approval in the audit log.
 */

/** Who wrote the report last, as far as approval is concerned ('' = not recorded). */
export interface ApprovalFacts {
  lastWriter: string;
  allowSelfApproval: boolean;
}

export type ApprovalCheck =
  | { ok: true; selfApproval: boolean }
  | { ok: false; reason: 'self_approval'; writerName: string };

/** The id part of an actor label ("id:name"); labels of old rows without ':' are ids. */
function labelId(label: string): string {
  const i = label.indexOf(':');
  return i < 0 ? label : label.slice(0, i);
}

function labelName(label: string): string {
  const i = label.indexOf(':');
  return i < 0 ? label : label.slice(i + 1);
}

/** May this actor approve a report whose last writer is `facts.lastWriter`? */
export function checkApproval(actor: { id: string }, facts: ApprovalFacts): ApprovalCheck {
  const self = facts.lastWriter !== '' && labelId(facts.lastWriter) === actor.id;
  if (!self) return { ok: true, selfApproval: false };
  if (facts.allowSelfApproval) return { ok: true, selfApproval: true };
  return { ok: false, reason: 'self_approval', writerName: labelName(facts.lastWriter) };
}

/**
 * Why approval is refused, naming who must approve instead (Japanese).
 * `leadName`: the item's lead department (主担当課), when known.
 */
export function selfApprovalMessage(writerName: string, leadName?: string): string {
  const who = leadName ? `${leadName}の別の承認者（課長など）か事務局` : '担当課の別の承認者（課長など）か事務局';
  return (
    `職務の分離のため、この報告を最後に作成・提出した人（${writerName}さん）は、同じ報告を承認できません。` +
    `${who}が承認してください。一人の課で自己承認が必要な場合は、システム管理者が団体の設定で「自己承認を認める」にします。`
  );
}

/** The actions that make someone the report's writer: changing its contents, or submitting them. */
export function makesWriter(action: string): boolean {
  return action === 'save' || action === 'submit';
}
