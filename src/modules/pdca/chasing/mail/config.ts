/**
 * SMTP settings from the environment. No SMTP_HOST = mail is off (in-app
 * notifications only, nothing is written to email_outbox).
 *
 *   SMTP_HOST   relay host (e.g. the LGWAN mail relay)
 *   SMTP_PORT   default 25 (465 implies implicit TLS)
 *   SMTP_FROM   sender, 'addr@x' or '行革事務局 <addr@x>' (required when SMTP_HOST is set)
 *   SMTP_USER / SMTP_PASS   optional authentication (only over TLS)
 *   SMTP_AUTH   plain | login — default: the one the server offers (PLAIN when it offers both);
 *               Exchange relays offer LOGIN only
 *   SMTP_TLS    off | starttls | implicit — default: implicit on 465, starttls when
 *               SMTP_USER is set (credentials never travel in clear), otherwise off
 */
import { parseMailbox, type Mailbox } from './message.js';

export type SmtpTls = 'off' | 'starttls' | 'implicit';
export type SmtpAuthMethod = 'plain' | 'login';

export interface SmtpConfig {
  host: string;
  port: number;
  from: Mailbox;
  tls: SmtpTls;
  user?: string | undefined;
  pass?: string | undefined;
  /** force one AUTH mechanism; absent = chosen from the server's EHLO (PLAIN preferred) */
  authMethod?: SmtpAuthMethod | undefined;
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
  const authEnv = env.SMTP_AUTH?.trim().toLowerCase() || undefined;
  if (authEnv && authEnv !== 'plain' && authEnv !== 'login')
    throw new SmtpConfigError(`SMTP_AUTH は plain または login を指定してください（「${env.SMTP_AUTH?.trim()}」）。指定しなければサーバーが対応する方式を自動で選びます。`);
  if (authEnv && !user) throw new SmtpConfigError('SMTP_AUTH を指定する場合は SMTP_USER と SMTP_PASS（認証に使うアカウント）も指定してください。');
  return {
    host,
    port,
    from,
    tls,
    user,
    pass: env.SMTP_PASS ?? '',
    authMethod: authEnv as SmtpAuthMethod | undefined,
    clientName: env.SMTP_CLIENT_NAME?.trim() || 'gyokaku.localdomain',
    timeoutMs: 30_000,
  };
}
