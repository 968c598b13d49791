/**
 * Row ids are UUIDs. A path or body value that is not one cannot name a row: routes answer 404 (or a
 * field message) before it reaches a uuid column, where the database would refuse it with an error.
 */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
