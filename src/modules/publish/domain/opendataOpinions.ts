/**
 * Records of the open-data resource `opinions` (審議会等の意見と市の対応). Pure. One row per closed
 * opinion of a published meeting, newest meeting first, in the order the opinions were recorded —
 * the same set as the citizens' page /m/:code/council.
 */
import { record, RESOURCES, wareki, type OpenRecord } from './opendata.js';
import type { Publisher } from './opendataRecords.js';

export interface OpinionOpenInput {
  meeting: { id: string; body: string; title: string; heldOn: string; publishedOn: string };
  opinions: readonly {
    id: string;
    body: string;
    response: string;
    departmentName: string | null;
    node: { id: string; planId: string; number: string; title: string } | null;
  }[];
}

export function opinionRecords(m: Publisher, meetings: readonly OpinionOpenInput[]): OpenRecord[] {
  return meetings.flatMap(({ meeting: mt, opinions }) =>
    opinions.map((o) =>
      record(RESOURCES.opinions, m, {
        opinion_id: o.id,
        meeting_id: mt.id,
        meeting_body: mt.body,
        meeting_title: mt.title,
        held_on: mt.heldOn,
        held_on_wareki: wareki(mt.heldOn),
        published_on: mt.publishedOn,
        published_on_wareki: wareki(mt.publishedOn),
        plan_id: o.node?.planId ?? null,
        node_id: o.node?.id ?? null,
        node_number: o.node?.number ?? null,
        node_title: o.node?.title ?? null,
        opinion: o.body,
        response: o.response,
        department: o.departmentName,
      }),
    ),
  );
}
