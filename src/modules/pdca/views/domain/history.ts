/**
 * An item's progress over the plan period, pure: one column per fiscal year
 * (like R1…R4 of the printed table) and every past answer.
 */
import { compareRounds, countedCode, type AnswerBasis, type AnswerIndex, type Axis, type ViewAnswer, type ViewRound } from './model.js';

export interface YearColumn {
  fiscalYear: number;
  /** the round whose answer fills the column; null = no answer for that year */
  roundId: string | null;
  answer: ViewAnswer | null;
  code: string | null;
  /** true when the answer comes from a round still open (not final) */
  provisional: boolean;
}

/**
 * Per target fiscal year: the answer of the latest closed round of that year
 * that has a (counted) answer for the item; failing that, the latest open
 * round's. Draft rounds are never used.
 */
export function yearColumns(input: {
  nodeId: string;
  fiscalYears: readonly number[];
  rounds: readonly ViewRound[];
  answers: AnswerIndex;
  axis: Axis;
  basis: AnswerBasis;
}): YearColumn[] {
  const newestFirst = [...input.rounds].sort((a, b) => compareRounds(b, a));
  return input.fiscalYears.map((fy) => {
    const ofYear = newestFirst.filter((r) => r.targetFiscalYear === fy);
    const pick = (state: 'closed' | 'open') => {
      for (const r of ofYear.filter((x) => x.state === state)) {
        const a = input.answers.get(r.id)?.get(input.nodeId);
        const code = countedCode(a, input.axis, input.basis);
        if (a && code !== null) return { round: r, answer: a, code };
      }
      return null;
    };
    const closed = pick('closed');
    const hit = closed ?? pick('open');
    return {
      fiscalYear: fy,
      roundId: hit?.round.id ?? null,
      answer: hit?.answer ?? null,
      code: hit?.code ?? null,
      provisional: hit !== null && closed === null,
    };
  });
}

/** Rounds with an answer (any state) for the item, newest first. */
export function answeredRoundsNewestFirst(nodeId: string, rounds: readonly ViewRound[], answers: AnswerIndex): ViewRound[] {
  return rounds.filter((r) => answers.get(r.id)?.has(nodeId)).sort((a, b) => compareRounds(b, a));
}
