/**
 * SMTP settings from the environment. No SMTP_HOST = mail is off (in-app
 * notifications only, nothing is written to email_outbox).
 *
 *   SMTP_HOST   relay host (e.g. the LGWAN mail relay)
 *   SMTP_PORT   default 25 (465 implies implicit TLS)
 *   SMTP_FROM   sender, 'addr@x' or '行革事務局 <addr@x>' (required when SMTP_HOST is set)
 *   SMTP_USER / SMTP_PASS   optional AUTH PLAIN (only over TLS)
 *   SMTP_TLS    off | starttls | implicit — default: implicit on 465, starttls when
 *               SMTP_USER is set (credentials never travel in clear), otherwise off
 */
import { parseMailbox, type Mailbox } from './message.js';

export type SmtpTls = 'off' | 'starttls' | 'implicit';

export interface SmtpConfig {
  host: string;
  port: number;
  from: Mailbox;
  tls: SmtpTls;
  user?: string | undefined;
  pass?: string | undefined;
  /** name sent with EHLO */
  clientName: string;
  /** per-reply timeout in ms */
  timeoutMs: number;
  /** verify the server certificate (default true); tests pass a CA instead */
  tlsOptions?: { ca?: string | Buffer; rejectUnauthorized?: boolean; servername?: string };
}

export class SmtpConfigError extends Error {
  override name = 'SmtpConfigError';
}

export function smtpConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SmtpConfig | null {
  const host = env.SMTP_HOST?.trim();
  if (!host) return null;
  const port = env.SMTP_PORT ? Number(env.SMTP_PORT) : 25;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SmtpConfigError(`SMTP_PORT の値「${env.SMTP_PORT}」が正しくありません。`);
  const from = parseMailbox(env.SMTP_FROM ?? '');
  if (!from) throw new SmtpConfigError(`SMTP_FROM（送信元メールアドレス）が正しくありません: 「${env.SMTP_FROM ?? ''}」`);
  const user = env.SMTP_USER || undefined;
  const tlsEnv = env.SMTP_TLS?.trim();
  if (tlsEnv && !['off', 'starttls', 'implicit'].includes(tlsEnv)) throw new SmtpConfigError(`SMTP_TLS は off / starttls / implicit のいずれかを指定してください（「${tlsEnv}」）。`);
  const tls: SmtpTls = (tlsEnv as SmtpTls | undefined) ?? (port === 465 ? 'implicit' : user ? 'starttls' : 'off');
  if (user && tls === 'off') throw new SmtpConfigError('SMTP_USER を使う場合は SMTP_TLS を starttls か implicit にしてください（パスワードを平文で送らないため）。');
  return { host, port, from, tls, user, pass: env.SMTP_PASS ?? '', clientName: env.SMTP_CLIENT_NAME?.trim() || 'gyokaku.localdomain', timeoutMs: 30_000 };
}
