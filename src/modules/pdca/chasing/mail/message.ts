/**
 * Building an RFC 5322 message with a Japanese subject and body, pure.
 * - Subject and display names: RFC 2047 encoded-words (=?UTF-8?B?…?=), split on
 *   character boundaries (never inside a UTF-8 sequence), folded onto
 *   continuation lines so no line exceeds 78 characters.
 * - Body: text/plain; charset=UTF-8, Content-Transfer-Encoding: base64
 *   (7-bit safe through any relay, no 8BITMIME/SMTPUTF8 needed), lines of 76.
 * - All line ends are CRLF; header values cannot carry CR/LF (no header injection).
 */

/** A bare address: local@domain, no spaces, brackets, quotes or line breaks. */
const ADDRESS_RE = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

export function isValidAddress(addr: string): boolean {
  return addr.length <= 254 && ADDRESS_RE.test(addr);
}

export interface Mailbox {
  name: string;
  address: string;
}

/** Parses 'addr@x' or 'Name <addr@x>' (the name may be Japanese); null if malformed. */
export function parseMailbox(s: string): Mailbox | null {
  const t = s.trim();
  const m = /^(.*?)\s*<([^<>]+)>$/.exec(t);
  const name = m ? m[1]!.replace(/^"(.*)"$/, '$1').trim() : '';
  const address = (m ? m[2]! : t).trim();
  if (/[\r\n]/.test(name) || !isValidAddress(address)) return null;
  return { name, address };
}

const needsEncoding = (s: string) => /[^\x20-\x7e]/.test(s);

/** Max UTF-8 bytes per encoded-word: 42 bytes → 56 base64 chars → 68-char word; 'Subject: ' + word ≤ 78. */
const WORD_BYTES = 42;

/** Splits text into chunks of at most `max` UTF-8 bytes without cutting a character. */
export function splitUtf8(text: string, max: number): string[] {
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > max && cur) {
      out.push(cur);
      cur = '';
      bytes = 0;
    }
    cur += ch;
    bytes += n;
  }
  if (cur) out.push(cur);
  return out;
}

/** RFC 2047 B-encoded words for a header value, or the value itself when it is printable ASCII. */
export function encodeWords(value: string): string[] {
  const v = value.replace(/[\r\n]+/g, ' ');
  if (!needsEncoding(v) && !v.includes('=?')) return [v];
  return splitUtf8(v, WORD_BYTES).map((c) => `=?UTF-8?B?${Buffer.from(c, 'utf8').toString('base64')}?=`);
}

/** 'Name: value' folded: each encoded-word on its own continuation line (CRLF + space). */
export function headerLine(name: string, value: string): string {
  return `${name}: ${encodeWords(value).join('\r\n ')}`;
}

export function formatMailbox(m: Mailbox): string {
  if (!m.name) return m.address;
  if (needsEncoding(m.name)) return `${encodeWords(m.name).join(' ')} <${m.address}>`;
  return `"${m.name.replace(/["\\]/g, '\\$&')}" <${m.address}>`;
}

/** RFC 5322 date in Japan Standard Time (no daylight saving): 'Sat, 21 Nov 2026 09:05:00 +0900'. */
export function rfc5322Date(instant: Date): string {
  const d = new Date(instant.getTime() + 9 * 3_600_000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0900`;
}

/** Base64 of the UTF-8 text with CRLF line ends (canonical form), in lines of 76. */
export function base64Body(text: string): string {
  const canonical = text.replace(/\r?\n/g, '\r\n');
  const b64 = Buffer.from(canonical, 'utf8').toString('base64');
  return (b64.match(/.{1,76}/g) ?? ['']).join('\r\n');
}

export interface OutgoingMail {
  from: Mailbox;
  to: string;
  subject: string;
  body: string;
  date: Date;
  messageId: string;
}

/** The message as sent after DATA (before dot-stuffing), CRLF line ends. */
export function buildMessage(m: OutgoingMail): string {
  if (!isValidAddress(m.to)) throw new RangeError(`宛先のメールアドレスが正しくありません: ${m.to}`);
  const domain = m.from.address.split('@')[1] ?? 'localhost';
  const headers = [
    `From: ${formatMailbox(m.from)}`,
    `To: ${m.to}`,
    headerLine('Subject', m.subject),
    `Date: ${rfc5322Date(m.date)}`,
    `Message-ID: <${m.messageId}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${base64Body(m.body)}\r\n`;
}

/** SMTP transparency (RFC 5321 4.5.2): a line starting with '.' gets another '.'. */
export function dotStuff(data: string): string {
  return data.replace(/(^|\r\n)\./g, '$1..');
}
