/**
 * Settings from the environment: one schema (zod), read once at start. Every variable is listed in
 * the README's table; a bad value stops the start with a message naming the variable and what it
 * accepts, instead of surfacing later as a strange failure.
 */
import { z } from 'zod';
import { smtpConfigFromEnv, SmtpConfigError, type SmtpConfig } from './modules/pdca/chasing/mail/config.js';
import { LOG_LEVELS, type LogLevel } from './shared/log.js';
import { parseClock } from './modules/backup/domain/schedule.js';
import { parseTrustedProxies } from './shared/http/request.js';
import { parsePublicUrl } from './shared/http/publicUrl.js';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** PostgreSQL connection pool size */
  pgPoolSize: number;
  dataDir: string;
  /** load the demo municipalities into an empty store (and create the demo accounts) */
  demo: boolean;
  auth: 'required' | 'demo';
  trustProxy: boolean;
  /** reverse proxies (addresses, CIDR ranges) whose X-Forwarded-* headers are believed; empty: loopback when trustProxy */
  trustedProxies: string[];
  /** origins besides the server's own that may send state-changing requests */
  allowedOrigins: string[];
  /** public base URL (https://host[:port]) for absolute links in public documents; undefined: relative links */
  publicUrl: string | undefined;
  logLevel: LogLevel;
  /** how long SIGTERM waits for requests, jobs and mail before closing anyway */
  shutdownTimeoutMs: number;
  /** background jobs (imports, exports) running at once in this process */
  jobConcurrency: number;
  /** embedded store: requests that may wait for it beyond those being handled; more are answered 503 at once */
  pgliteQueue: number;
  smtp: SmtpConfig | null;
  /** the server's own nightly full backup (GYOKAKU_BACKUP_DIR); null: off */
  backup: { dir: string; atMinutes: number; keep: number } | null;
}

/** One line per variable: what it is and what it accepts (the README's table says the same). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`設定（環境変数）に誤りがあるため起動できません:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const flag = (name: string) =>
  z
    .enum(['0', '1', 'true', 'false'], { error: () => `${name} は 0 または 1 を指定してください` })
    .optional()
    .transform((v) => v === '1' || v === 'true');

const int = (name: string, min: number, max: number, dflt: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return dflt;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${name} は ${min}〜${max} の整数を指定してください` });
        return z.NEVER;
      }
      return n;
    });

const schema = z.object({
  PORT: int('PORT', 0, 65535, 3000),
  HOST: z.string().trim().min(1, 'HOST は待ち受けるアドレス（例: 127.0.0.1, 0.0.0.0）を指定してください').default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : undefined))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), 'DATABASE_URL は postgres:// または postgresql:// で始まる接続URLを指定してください'),
  GYOKAKU_PG_POOL: int('GYOKAKU_PG_POOL', 1, 200, 10),
  GYOKAKU_DATA: z.string().trim().min(1, 'GYOKAKU_DATA はデータディレクトリのパスを指定してください').default('./data'),
  GYOKAKU_DEMO: flag('GYOKAKU_DEMO'),
  GYOKAKU_AUTH: z.enum(['required', 'demo'], { error: () => 'GYOKAKU_AUTH は required または demo を指定してください' }).default('required'),
  GYOKAKU_TRUST_PROXY: flag('GYOKAKU_TRUST_PROXY'),
  GYOKAKU_TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const { entries, invalid } = parseTrustedProxies(v);
      if (invalid.length) {
        ctx.addIssue({ code: 'custom', message: `GYOKAKU_TRUSTED_PROXIES はプロキシのIPアドレスまたはCIDR（例: 10.0.0.5, 10.1.0.0/16）をカンマ区切りで指定してください（「${invalid.join('」「')}」）` });
        return z.NEVER;
      }
      return entries;
    }),
  GYOKAKU_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const list = (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const o of list) {
        if (!/^https?:\/\/[^/\s]+$/.test(o)) {
          ctx.addIssue({ code: 'custom', message: `GYOKAKU_ALLOWED_ORIGINS は https://host:port の形をカンマ区切りで指定してください（「${o}」）` });
          return z.NEVER;
        }
      }
      return list;
    }),
  GYOKAKU_PUBLIC_URL: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || !v.trim()) return undefined;
      const r = parsePublicUrl(v);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: `GYOKAKU_PUBLIC_URL は公開する URL を https://host[:port] の形で指定してください（${r.reason}）` });
        return z.NEVER;
      }
      return r.url;
    }),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: () => `LOG_LEVEL は ${LOG_LEVELS.join(' / ')} のいずれかを指定してください` }).default('info'),
  GYOKAKU_SHUTDOWN_TIMEOUT: int('GYOKAKU_SHUTDOWN_TIMEOUT', 1, 3600, 30),
  GYOKAKU_JOB_CONCURRENCY: int('GYOKAKU_JOB_CONCURRENCY', 1, 16, 2),
  GYOKAKU_PGLITE_QUEUE: int('GYOKAKU_PGLITE_QUEUE', 1, 10000, 100),
  GYOKAKU_BACKUP_DIR: z.string().trim().optional(),
  GYOKAKU_BACKUP_AT: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const minutes = parseClock(v ?? '02:30');
      if (minutes === null) {
        ctx.addIssue({ code: 'custom', message: 'GYOKAKU_BACKUP_AT は定時バックアップの時刻を 24時間制の HH:MM（日本時間、例: 02:30）で指定してください' });
        return z.NEVER;
      }
      return minutes;
    }),
  GYOKAKU_BACKUP_KEEP: int('GYOKAKU_BACKUP_KEEP', 1, 3650, 14),
});

/** Reads and checks every setting; throws ConfigError listing every bad one. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: { demo?: boolean } = {}): Config {
  const problems: string[] = [];
  // an empty variable (FOO=) means "not set", as in most shells' habits
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '');
      const value = env[name];
      problems.push(`${issue.message}${value !== undefined && !/PASS|URL/.test(name) ? `（現在の値「${value}」）` : ''}`);
    }
  }
  let smtp: SmtpConfig | null = null;
  try {
    smtp = smtpConfigFromEnv(env);
  } catch (e) {
    if (!(e instanceof SmtpConfigError)) throw e;
    problems.push(e.message);
  }
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  const v = parsed.data;
  return {
    port: v.PORT,
    host: v.HOST,
    databaseUrl: v.DATABASE_URL,
    pgPoolSize: v.GYOKAKU_PG_POOL,
    dataDir: v.GYOKAKU_DATA,
    demo: opts.demo ?? v.GYOKAKU_DEMO,
    auth: v.GYOKAKU_AUTH,
    trustProxy: v.GYOKAKU_TRUST_PROXY,
    trustedProxies: v.GYOKAKU_TRUSTED_PROXIES,
    allowedOrigins: v.GYOKAKU_ALLOWED_ORIGINS,
    publicUrl: v.GYOKAKU_PUBLIC_URL,
    logLevel: v.LOG_LEVEL,
    shutdownTimeoutMs: v.GYOKAKU_SHUTDOWN_TIMEOUT * 1000,
    jobConcurrency: v.GYOKAKU_JOB_CONCURRENCY,
    pgliteQueue: v.GYOKAKU_PGLITE_QUEUE,
    smtp,
    backup: v.GYOKAKU_BACKUP_DIR ? { dir: v.GYOKAKU_BACKUP_DIR, atMinutes: v.GYOKAKU_BACKUP_AT, keep: v.GYOKAKU_BACKUP_KEEP } : null,
  };
}
