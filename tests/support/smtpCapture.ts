/**
 * A local SMTP server for tests: listens on 127.0.0.1, port 0, speaks enough
 * SMTP (EHLO/HELO, STARTTLS, AUTH PLAIN and LOGIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT)
 * and records every accepted message. Never relays anything anywhere.
 *
 * Decoding helpers (parseCapturedMail) are written independently of the
 * application's encoder, so a test compares against RFC 2047 / base64 as
 * specified, not against the code under test.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

/** A throwaway key and certificate for 127.0.0.1 (openssl), or null where openssl is missing. */
export function selfSignedCert(): { key: string; cert: string } | null {
  let dir: string | undefined;
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-smtp-'));
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    return { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
  } catch {
    return null;
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface CapturedMail {
  from: string;
  to: string[];
  /** the message as received, dot-stuffing removed, CRLF line ends */
  data: string;
  /** decoded AUTH credentials, if the client authenticated */
  auth: { user: string; pass: string } | null;
  /** the mechanism the client authenticated with ('PLAIN' | 'LOGIN'), or null */
  authMechanism: string | null;
  /** whether the session was on TLS (STARTTLS) */
  secure: boolean;
  /** the EHLO/HELO name */
  clientName: string;
}

export interface CaptureOptions {
  /** RCPT TO for these addresses is refused with 550 */
  rejectRecipients?: string[];
  /** offer STARTTLS with this key and certificate (PEM) */
  tls?: { key: string; cert: string };
  /**
   * require AUTH with these credentials before MAIL. `mechanisms` is what EHLO offers (default
   * ['PLAIN']); only PLAIN and LOGIN can succeed, any other name (e.g. 'CRAM-MD5') is offered only.
   */
  auth?: { user: string; pass: string; mechanisms?: string[] };
}

export interface SmtpCapture {
  port: number;
  messages: CapturedMail[];
  /** every command line received, for assertions on the dialogue */
  commands: string[];
  close(): Promise<void>;
  /** resolves once `count` messages have been received (or rejects after timeoutMs) */
  waitFor(count: number, timeoutMs?: number): Promise<CapturedMail[]>;
}

export async function startSmtpCapture(opts: CaptureOptions = {}): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const commands: string[] = [];
  const sockets = new Set<net.Socket>();
  const reject = new Set((opts.rejectRecipients ?? []).map((a) => a.toLowerCase()));

  const server = net.createServer((raw) => {
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    let socket: net.Socket = raw;
    let buffer = '';
    let inData = false;
    let dataLines: string[] = [];
    let from = '';
    let to: string[] = [];
    let auth: CapturedMail['auth'] = null;
    let authMechanism: string | null = null;
    /** AUTH LOGIN in progress: the next line is the base64 user name, then the password */
    let login: { step: 'user' | 'pass'; user: string } | null = null;
    const offered = (opts.auth?.mechanisms ?? ['PLAIN']).map((m) => m.toUpperCase());
    const fromB64 = (t: string) => Buffer.from(t, 'base64').toString('utf8');
    const accept = (mechanism: string, cred: { user: string; pass: string }) => {
      if (opts.auth && (cred.user !== opts.auth.user || cred.pass !== opts.auth.pass)) return send('535 5.7.8 Authentication credentials invalid');
      auth = cred;
      authMechanism = mechanism;
      return send('235 2.7.0 Authentication successful');
    };
    let secure = false;
    let clientName = '';
    const send = (line: string) => socket.write(`${line}\r\n`);

    const onLine = (line: string) => {
      if (inData) {
        if (line === '.') {
          inData = false;
          const data = dataLines.map((l) => (l.startsWith('.') ? l.slice(1) : l)).join('\r\n') + '\r\n';
          messages.push({ from, to, data, auth, authMechanism, secure, clientName });
          from = '';
          to = [];
          dataLines = [];
          send('250 2.0.0 OK queued');
        } else dataLines.push(line);
        return;
      }
      commands.push(line);
      if (login) {
        if (line === '*') {
          login = null;
          return send('501 5.7.0 Authentication cancelled');
        }
        if (login.step === 'user') {
          login = { step: 'pass', user: fromB64(line) };
          return send('334 UGFzc3dvcmQ6'); // "Password:"
        }
        const user = login.user;
        login = null;
        return accept('LOGIN', { user, pass: fromB64(line) });
      }
      const [verb = '', ...rest] = line.split(' ');
      const arg = rest.join(' ');
      switch (verb.toUpperCase()) {
        case 'EHLO': {
          clientName = arg;
          const ext = ['250-capture.test Hello', '250-8BITMIME'];
          if (opts.tls && !secure) ext.push('250-STARTTLS');
          if (opts.auth && offered.length) ext.push(`250-AUTH ${offered.join(' ')}`);
          ext.push('250 SIZE 10485760');
          socket.write(ext.join('\r\n') + '\r\n');
          return;
        }
        case 'HELO':
          clientName = arg;
          return send('250 capture.test');
        case 'STARTTLS': {
          if (!opts.tls || secure) return send('454 TLS not available');
          send('220 2.0.0 Ready to start TLS');
          socket.removeListener('data', onData);
          buffer = '';
          const secureSocket = new tls.TLSSocket(socket, { isServer: true, key: opts.tls.key, cert: opts.tls.cert });
          secureSocket.on('data', onData);
          secureSocket.on('error', () => {});
          socket = secureSocket;
          secure = true;
          return;
        }
        case 'AUTH': {
          const [mech = '', token] = arg.split(' ');
          const m = mech.toUpperCase();
          if (!offered.includes(m) || (m !== 'PLAIN' && m !== 'LOGIN')) return send('504 5.5.4 Unrecognized authentication type');
          if (m === 'LOGIN') {
            if (token) {
              login = { step: 'pass', user: fromB64(token) };
              return send('334 UGFzc3dvcmQ6');
            }
            login = { step: 'user', user: '' };
            return send('334 VXNlcm5hbWU6'); // "Username:"
          }
          if (!token) return send('501 5.5.2 PLAIN needs an initial response');
          const parts = fromB64(token).split('\0');
          return accept('PLAIN', { user: parts[1] ?? '', pass: parts[2] ?? '' });
        }
        case 'MAIL': {
          if (opts.auth && !auth) return send('530 5.7.0 Authentication required');
          const m = /^FROM:\s*<([^>]*)>/i.exec(arg);
          if (!m) return send('501 5.5.4 Syntax: MAIL FROM:<address>');
          from = m[1]!;
          return send('250 2.1.0 OK');
        }
        case 'RCPT': {
          const m = /^TO:\s*<([^>]*)>/i.exec(arg);
          if (!m) return send('501 5.5.4 Syntax: RCPT TO:<address>');
          if (reject.has(m[1]!.toLowerCase())) return send('550 5.1.1 No such user here');
          to.push(m[1]!);
          return send('250 2.1.5 OK');
        }
        case 'DATA':
          if (!from || !to.length) return send('503 5.5.1 Bad sequence of commands');
          inData = true;
          dataLines = [];
          return send('354 End data with <CR><LF>.<CR><LF>');
        case 'RSET':
          from = '';
          to = [];
          return send('250 2.0.0 OK');
        case 'NOOP':
          return send('250 2.0.0 OK');
        case 'QUIT':
          send('221 2.0.0 Bye');
          socket.end();
          return;
        default:
          return send('502 5.5.2 Command not recognized');
      }
    };

    function onData(chunk: Buffer) {
      buffer += chunk.toString('utf8');
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        onLine(line);
      }
    }
    raw.on('data', onData);
    raw.on('error', () => {});
    send('220 capture.test ESMTP test capture');
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    messages,
    commands,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async waitFor(count, timeoutMs = 10_000) {
      const start = Date.now();
      while (messages.length < count) {
        if (Date.now() - start > timeoutMs) throw new Error(`SMTP capture: ${messages.length} of ${count} messages after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return messages;
    },
  };
}

/** Decodes RFC 2047 encoded-words (B and Q, UTF-8) in an unfolded header value. */
export function decodeWords(value: string): string {
  // whitespace between two encoded-words is not part of the text (RFC 2047 §6.2)
  const joined = value.replace(/\?=\s+=\?/g, '?==?');
  return joined.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, charset: string, enc: string, text: string) => {
    if (!/^utf-?8$/i.test(charset)) throw new Error(`unexpected charset ${charset}`);
    const bytes =
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    return bytes.toString('utf8');
  });
}

export interface ParsedMail {
  /** header names lower-cased; values unfolded, raw (not decoded) */
  headers: Map<string, string>;
  subject: string;
  body: string;
  /** the longest physical line, to check the 78/998 limits */
  longestLine: number;
}

export function parseCapturedMail(data: string): ParsedMail {
  const split = data.indexOf('\r\n\r\n');
  const head = data.slice(0, split);
  const rawBody = data.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  const cte = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  const body = cte === 'base64' ? Buffer.from(rawBody.replace(/\s+/g, ''), 'base64').toString('utf8') : rawBody;
  return {
    headers,
    subject: decodeWords(headers.get('subject') ?? ''),
    body,
    longestLine: Math.max(...data.split('\r\n').map((l) => l.length)),
  };
}
