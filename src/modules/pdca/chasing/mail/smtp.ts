/**
 * A minimal SMTP client (RFC 5321) on node:net / node:tls: EHLO (HELO
 * fallback), STARTTLS and AUTH PLAIN or LOGIN when configured, then per message
 * MAIL FROM / RCPT TO / DATA on one connection, RSET after a refused message,
 * QUIT. Enough for a municipality's internal relay; see docs/decisions/0003-smtp.md.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { SmtpAuthMethod, SmtpConfig } from './config.js';
import { dotStuff, isValidAddress } from './message.js';

export interface SmtpReply {
  code: number;
  lines: string[];
}

export class SmtpError extends Error {
  override name = 'SmtpError';
  constructor(
    message: string,
    readonly reply?: SmtpReply,
  ) {
    super(message);
  }
}

const replyText = (r: SmtpReply) => `${r.code} ${r.lines.join(' / ')}`;

/** Line-oriented reply reader on a socket that may be upgraded to TLS. */
class Connection {
  private socket: net.Socket;
  private buffer = '';
  private pending: string[] = [];
  private replies: SmtpReply[] = [];
  private waiter: { resolve: (r: SmtpReply) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(
    socket: net.Socket,
    private readonly timeoutMs: number,
  ) {
    this.socket = socket;
    this.attach(socket);
  }

  private readonly onData = (chunk: Buffer) => {
    this.buffer += chunk.toString('latin1');
    let i: number;
    while ((i = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, i).replace(/\r$/, '');
      this.buffer = this.buffer.slice(i + 1);
      this.pending.push(line);
      const m = /^(\d{3})([ -]?)(.*)$/.exec(line);
      if (!m) {
        this.fail(new SmtpError(`SMTPサーバーの応答を読み取れません: ${line.slice(0, 100)}`));
        return;
      }
      if (m[2] !== '-') {
        const reply = { code: Number(m[1]), lines: this.pending.map((l) => l.slice(4)) };
        this.pending = [];
        this.deliver(reply);
      }
    }
  };
  private readonly onError = (err: Error) => this.fail(new SmtpError(`SMTPサーバーとの通信でエラーが発生しました: ${err.message}`));
  private readonly onClose = () => this.fail(new SmtpError('SMTPサーバーが接続を閉じました。'));
  private readonly onTimeout = () => {
    this.fail(new SmtpError('SMTPサーバーの応答がありません（タイムアウト）。'));
    this.socket.destroy();
  };

  private attach(s: net.Socket) {
    s.setTimeout(this.timeoutMs);
    s.on('data', this.onData);
    s.on('error', this.onError);
    s.on('close', this.onClose);
    s.on('timeout', this.onTimeout);
  }

  private detach(s: net.Socket) {
    s.off('data', this.onData);
    s.off('error', this.onError);
    s.off('close', this.onClose);
    s.off('timeout', this.onTimeout);
  }

  private deliver(r: SmtpReply) {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve(r);
    } else this.replies.push(r);
  }

  private fail(e: Error) {
    if (this.failure) return;
    this.failure = e;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.reject(e);
    }
  }

  read(): Promise<SmtpReply> {
    const r = this.replies.shift();
    if (r) return Promise.resolve(r);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  write(data: string): void {
    this.socket.write(data, 'utf8');
  }

  async command(line: string, expect: readonly number[], what: string): Promise<SmtpReply> {
    this.write(`${line}\r\n`);
    const r = await this.read();
    if (!expect.includes(r.code)) throw new SmtpError(`${what}がSMTPサーバーに拒否されました（${replyText(r)}）。`, r);
    return r;
  }

  async upgrade(options: tls.ConnectionOptions): Promise<void> {
    const plain = this.socket;
    this.detach(plain);
    // anything the server sent after its 220 is discarded (STARTTLS command injection)
    this.buffer = '';
    this.pending = [];
    this.replies = [];
    const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({ ...options, socket: plain }, () => resolve(s));
      s.once('error', reject);
    });
    this.socket = secure;
    this.attach(secure);
  }

  close(): void {
    this.detach(this.socket);
    this.socket.on('error', () => {});
    this.socket.end();
    this.socket.destroy();
  }
}

/** SNI only for host names (RFC 6066 forbids IP addresses); the certificate is still checked against the host. */
const serverName = (host: string) => (net.isIP(host) ? {} : { servername: host });

function connect(cfg: SmtpConfig): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const onErr = (e: Error) => reject(new SmtpError(`SMTPサーバー ${cfg.host}:${cfg.port} に接続できません: ${e.message}`));
    const timer = setTimeout(() => {
      s.destroy();
      reject(new SmtpError(`SMTPサーバー ${cfg.host}:${cfg.port} に接続できません（タイムアウト）。`));
    }, cfg.timeoutMs);
    const done = () => {
      clearTimeout(timer);
      s.off('error', onErr);
      resolve(s);
    };
    const s: net.Socket =
      cfg.tls === 'implicit'
        ? tls.connect({ host: cfg.host, port: cfg.port, ...serverName(cfg.host), ...cfg.tlsOptions }, done)
        : net.connect({ host: cfg.host, port: cfg.port }, done);
    s.once('error', (e) => {
      clearTimeout(timer);
      onErr(e);
    });
  });
}

/** EHLO keywords (upper case) → parameters. */
function extensions(r: SmtpReply): Map<string, string> {
  return new Map(
    r.lines.slice(1).map((l) => {
      const [k, ...rest] = l.trim().split(/\s+/);
      return [(k ?? '').toUpperCase(), rest.join(' ')] as const;
    }),
  );
}

async function greet(conn: Connection, name: string): Promise<Map<string, string>> {
  conn.write(`EHLO ${name}\r\n`);
  const r = await conn.read();
  if (r.code === 250) return extensions(r);
  await conn.command(`HELO ${name}`, [250], '挨拶（HELO）');
  return new Map();
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/**
 * The AUTH mechanism to use: the forced one when the server offers it, otherwise PLAIN, then LOGIN.
 * Throws a Japanese SmtpError naming what the server offers when none fits.
 */
export function chooseAuthMethod(ext: Map<string, string>, forced: SmtpAuthMethod | undefined): SmtpAuthMethod {
  const offered = (ext.get('AUTH') ?? '').toUpperCase().split(/\s+/).filter(Boolean);
  const list = offered.length ? offered.join(' ') : 'なし';
  if (forced) {
    if (offered.includes(forced.toUpperCase())) return forced;
    throw new SmtpError(`SMTPサーバーが認証方式 ${forced.toUpperCase()}（SMTP_AUTH=${forced}）に対応していません。サーバーが対応する方式: ${list}。`);
  }
  if (offered.includes('PLAIN')) return 'plain';
  if (offered.includes('LOGIN')) return 'login';
  if (!offered.length)
    throw new SmtpError('SMTPサーバーが認証（AUTH）を提供していません。暗号化（SMTP_TLS）の設定を確認するか、認証が不要なら SMTP_USER を設定しないでください。');
  throw new SmtpError(`SMTPサーバーが対応する認証方式（${list}）に PLAIN も LOGIN もありません。サーバー側で PLAIN か LOGIN を有効にしてください。`);
}

/**
 * Authenticates with PLAIN (one line) or LOGIN (user name and password, each on a 334 prompt).
 * Error messages carry the server's reply only, never what was sent (the password).
 */
async function authenticate(conn: Connection, cfg: SmtpConfig, ext: Map<string, string>): Promise<void> {
  const method = chooseAuthMethod(ext, cfg.authMethod);
  const what = '認証（AUTH）';
  try {
    if (method === 'plain') {
      await conn.command(`AUTH PLAIN ${b64(`\0${cfg.user ?? ''}\0${cfg.pass ?? ''}`)}`, [235], what);
    } else {
      await conn.command('AUTH LOGIN', [334], what);
      await conn.command(b64(cfg.user ?? ''), [334], what);
      await conn.command(b64(cfg.pass ?? ''), [235], what);
    }
  } catch (e) {
    if (e instanceof SmtpError && e.reply && (e.reply.code === 535 || e.reply.code === 534 || e.reply.code === 530))
      throw new SmtpError(`${e.message.replace(/。$/, '')}（方式: ${method.toUpperCase()}）。SMTP_USER と SMTP_PASS を確認してください。`, e.reply);
    throw e;
  }
}

export interface Envelope {
  /** caller's key, returned with the result */
  id: string;
  to: string;
  /** the message (headers + body, CRLF), not yet dot-stuffed */
  data: string;
}

export type SendResult = { id: string; ok: true } | { id: string; ok: false; error: string; permanent: boolean };

/**
 * Sends the messages on one connection and resolves with one result per
 * message, in order. A refused message (4xx/5xx) fails alone; when the session
 * itself fails (connect, greeting, TLS, AUTH, a dropped connection) every
 * message not yet accepted fails with that cause. Never rejects.
 */
export async function sendMessages(cfg: SmtpConfig, messages: readonly Envelope[]): Promise<SendResult[]> {
  let socket: net.Socket;
  try {
    socket = await connect(cfg);
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return messages.map((m) => ({ id: m.id, ok: false as const, error, permanent: false }));
  }
  const conn = new Connection(socket, cfg.timeoutMs);
  const results: SendResult[] = [];
  try {
    const hello = await conn.read();
    if (hello.code !== 220) throw new SmtpError(`SMTPサーバーが接続を受け付けません（${replyText(hello)}）。`, hello);
    let ext = await greet(conn, cfg.clientName);
    if (cfg.tls === 'starttls') {
      if (!ext.has('STARTTLS')) throw new SmtpError('SMTPサーバーが STARTTLS に対応していません（SMTP_TLS=starttls）。');
      await conn.command('STARTTLS', [220], '暗号化（STARTTLS）');
      await conn.upgrade({ host: cfg.host, ...serverName(cfg.host), ...cfg.tlsOptions });
      ext = await greet(conn, cfg.clientName);
    }
    if (cfg.user) await authenticate(conn, cfg, ext);
    for (const m of messages) {
      try {
        if (!isValidAddress(m.to)) throw new SmtpError(`宛先のメールアドレスが正しくありません: ${m.to}`, { code: 550, lines: [] });
        await conn.command(`MAIL FROM:<${cfg.from.address}>`, [250], '送信元（MAIL FROM）');
        await conn.command(`RCPT TO:<${m.to}>`, [250, 251], `宛先 ${m.to}（RCPT TO）`);
        await conn.command('DATA', [354], '本文の送信開始（DATA）');
        const body = dotStuff(m.data.endsWith('\r\n') ? m.data : `${m.data}\r\n`);
        conn.write(body);
        await conn.command('.', [250], '本文（DATA）');
        results.push({ id: m.id, ok: true });
      } catch (e) {
        if (!(e instanceof SmtpError) || !e.reply) throw e; // the session broke: stop here
        results.push({ id: m.id, ok: false, error: e.message, permanent: e.reply.code >= 500 });
        await conn.command('RSET', [250], 'リセット（RSET）');
      }
    }
    try {
      await conn.command('QUIT', [221], '終了（QUIT）');
    } catch {
      // the messages are already accepted; a rude goodbye changes nothing
    }
    return results;
  } catch (e) {
    // messages accepted before the session broke stay sent; the rest fail with the cause
    const msg = e instanceof Error ? e.message : String(e);
    const done = new Set(results.map((r) => r.id));
    return [...results, ...messages.filter((m) => !done.has(m.id)).map((m) => ({ id: m.id, ok: false as const, error: msg, permanent: false }))];
  } finally {
    conn.close();
  }
}
