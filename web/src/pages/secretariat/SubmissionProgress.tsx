/** @jsxImportSource react */
/**
 * A round's progress in one line that adds up: 提出済 n／全 m件 with every state on its side
 * (submissionBreakdown, the server's rule), under a bar of the percentage handed in.
 */
import { PercentBar } from '../../components/secretariat-ui';
import type { ReportStateDto } from '../../../../src/shared/api-types-pdca.js';
import { submissionBreakdown } from './domain';

export function SubmissionProgress({ counts, label, testId = 'round-progress' }: { counts: Record<ReportStateDto, number>; label: string; testId?: string }) {
  const b = submissionBreakdown(counts);
  const pct = b.total ? Math.floor((b.submitted.count * 100) / b.total) : 0;
  return (
    <>
      <PercentBar percent={pct} label={label} tone={pct === 100 ? 'success' : 'key'} />
      <span className="text-dns-14N-130 text-solid-gray-800" data-testid={testId} data-submitted={b.submitted.count} data-total={b.total}>
        {b.text}
      </span>
    </>
  );
}
