/**
 * Errors of pages (the citizens' site, anything outside /api) as a small HTML page in Japanese rather
 * than the API's JSON: a citizen following a link while the server is busy or the database restarting
 * reads what happened and when to try again. No styles or scripts from anywhere.
 */
const escape = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

/** Whether an answer to this path is read by a person in a browser (not the JSON API). */
export const isPagePath = (path: string): boolean => !path.startsWith('/api/') && path !== '/api';

export function errorPageHtml(title: string, message: string): string {
  return `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title></head><body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.7"><main><h1>${escape(title)}</h1><p>${escape(message)}</p></main></body></html>`;
}
