/** Printed words shared by the publishing outputs. Pure. */

/** Shown beside an item that has left the plan. */
export const ENDED_LABELS: Readonly<Record<string, string>> = { stopped: '（中止）', merged: '（統合）' };
