/** The rules for files made by jobs: retention, file names, Content-Disposition (RFC 5987 / 6266). */
import { describe, expect, it } from 'vitest';
import {
  JOB_FILE_RETENTION_DAYS,
  asciiFallback,
  cleanFileName,
  contentDisposition,
  encodeRfc5987,
  fileExpiresAt,
  isFileExpired,
  retentionCutoff,
} from '../../src/modules/jobs/domain/files.js';

const DAY = 24 * 3600 * 1000;

describe('retention of job files', () => {
  const now = new Date('2026-04-10T03:00:00Z');

  it('keeps a file for JOB_FILE_RETENTION_DAYS days, then it is expired', () => {
    expect(JOB_FILE_RETENTION_DAYS).toBe(7);
    expect(retentionCutoff(now).toISOString()).toBe('2026-04-03T03:00:00.000Z');
    expect(isFileExpired(new Date(now.getTime() - 7 * DAY + 1), now)).toBe(false);
    expect(isFileExpired(new Date(now.getTime() - 7 * DAY), now)).toBe(true);
    expect(isFileExpired(new Date(now.getTime() - 30 * DAY), now)).toBe(true);
    expect(isFileExpired(now, now)).toBe(false);
  });

  it('says when a file stops being served, with the same rule', () => {
    const made = new Date('2026-04-01T00:00:00Z');
    expect(fileExpiresAt(made).toISOString()).toBe('2026-04-08T00:00:00.000Z');
    expect(isFileExpired(made, fileExpiresAt(made))).toBe(true);
    expect(isFileExpired(made, new Date(fileExpiresAt(made).getTime() - 1))).toBe(false);
    expect(fileExpiresAt(made, 1).toISOString()).toBe('2026-04-02T00:00:00.000Z');
  });
});

describe('file names in Content-Disposition', () => {
  it('percent-encodes everything outside RFC 5987 attr-char as UTF-8, including ( ) * and quotes', () => {
    expect(encodeRfc5987('progress.xlsx')).toBe('progress.xlsx');
    expect(encodeRfc5987('実施状況 (R6).xlsx')).toBe('%E5%AE%9F%E6%96%BD%E7%8A%B6%E6%B3%81%20%28R6%29.xlsx');
    expect(encodeRfc5987("a'b*c")).toBe('a%27b%2Ac');
    expect(encodeRfc5987('𠮷野家.pdf')).toBe('%F0%A0%AE%B7%E9%87%8E%E5%AE%B6.pdf');
    for (const s of ['令和6年度実績_実施状況.xlsx', '個票_(1)_窓口・手続の見直し.pdf', "体系図 'A' 100%.pdf"]) expect(decodeURIComponent(encodeRfc5987(s))).toBe(s);
  });

  it('cleans names of characters Windows refuses and of control characters (no header injection)', () => {
    expect(cleanFileName('令和6年度/実績:案?.xlsx')).toBe('令和6年度_実績_案_.xlsx');
    expect(cleanFileName('a\r\nSet-Cookie: x.pdf')).toBe('a__Set-Cookie_ x.pdf');
    expect(cleanFileName('   ')).toBe('file');
    expect(cleanFileName('あ'.repeat(200))).toHaveLength(120);
  });

  it('gives old clients an ASCII name that keeps the extension', () => {
    expect(asciiFallback('progress-012345-2025-03-31.pdf')).toBe('progress-012345-2025-03-31.pdf');
    expect(asciiFallback('令和6年度実績_実施状況.xlsx')).toBe('download.xlsx');
    expect(asciiFallback('R6_実施状況.xlsx')).toBe('R6.xlsx');
    expect(asciiFallback('実施状況.xlsx')).toBe('download.xlsx');
    expect(asciiFallback('a "quoted"; name.zip')).toBe('a_quoted_name.zip');
    expect(asciiFallback('体系図')).toBe('download');
  });

  it('builds inline / attachment with filename and filename*', () => {
    expect(contentDisposition('attachment', '令和6年度実績_実施状況.xlsx', 'progress.xlsx')).toBe(
      `attachment; filename="progress.xlsx"; filename*=UTF-8''%E4%BB%A4%E5%92%8C6%E5%B9%B4%E5%BA%A6%E5%AE%9F%E7%B8%BE_%E5%AE%9F%E6%96%BD%E7%8A%B6%E6%B3%81.xlsx`,
    );
    const inline = contentDisposition('inline', '体系図_"大綱".pdf');
    expect(inline.startsWith('inline; filename="download.pdf"; filename*=UTF-8\'\'')).toBe(true);
    // the quote became '_' in the cleaned name; nothing unescaped reaches the header
    expect(inline).not.toMatch(/[\r\n]/);
    expect(decodeURIComponent(inline.split("''")[1]!)).toBe('体系図__大綱_.pdf');
  });
});
