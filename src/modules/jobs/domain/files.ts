/**
 * Rules for the files background jobs produce (exports): how long they are kept, how big they may
 * be, and how their Japanese names are sent in Content-Disposition. Pure.
 */

/**
 * A job's file is kept this many days after it was made. Expired files are deleted when the
 * same municipality starts another file job (no timer, so nothing runs while nobody exports),
 * and are never served: the job then says the file must be made again.
 */
export const JOB_FILE_RETENTION_DAYS = 7;

/** Larger outputs are refused with a message instead of filling the database. */
export const MAX_JOB_FILE_BYTES = 200 * 1024 * 1024;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Files made before this instant are expired at `now`. */
export function retentionCutoff(now: Date, days = JOB_FILE_RETENTION_DAYS): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** When a file made at `createdAt` stops being served. */
export function fileExpiresAt(createdAt: Date, days = JOB_FILE_RETENTION_DAYS): Date {
  return new Date(createdAt.getTime() + days * DAY_MS);
}

export function isFileExpired(createdAt: Date, now: Date, days = JOB_FILE_RETENTION_DAYS): boolean {
  return createdAt.getTime() <= retentionCutoff(now, days).getTime();
}

/** RFC 5987 value characters (attr-char); everything else is percent-encoded as UTF-8. */
const ATTR_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~]/;

export function encodeRfc5987(value: string): string {
  let out = '';
  for (const ch of value) {
    if (ATTR_CHAR.test(ch)) out += ch;
    else for (const byte of new TextEncoder().encode(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A file name without characters Windows refuses or that would break a header (control characters). */
export function cleanFileName(name: string, fallback = 'file'): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001F\u007F]/g, '_').trim().slice(0, 120);
  return cleaned || fallback;
}

/** The ASCII stand-in for clients without filename*: non-ASCII runs become '_', the extension stays. */
export function asciiFallback(name: string, fallback = 'download'): string {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && /^\.[A-Za-z0-9]{1,8}$/.test(name.slice(dot)) ? name.slice(dot) : '';
  const stem = (ext ? name.slice(0, dot) : name)
    .replace(/[^\x20-\x7E]+/g, '_')
    .replace(/["\\;%]/g, '_')
    .replace(/\s+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[_.]+|_+$/g, '');
  // what is left of a Japanese name ('6' of 令和6年度…) says nothing: use the generic name
  return /[A-Za-z]/.test(stem) ? `${stem.slice(0, 80)}${ext}` : `${fallback}${ext}`;
}

/**
 * Content-Disposition with the Japanese name as filename* (RFC 5987/6266) and an ASCII filename for
 * old clients. `inline` opens PDFs in the browser's viewer; `attachment` saves the file.
 */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string, fallback?: string): string {
  const name = cleanFileName(fileName);
  const ascii = asciiFallback(fallback ?? name);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
