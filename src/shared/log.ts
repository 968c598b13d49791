/**
 * The process's logger: JSON lines (pino) on stdout, one per request and one per notable event.
 * Level from LOG_LEVEL (see config.ts). Secrets never reach it: the request logger writes chosen
 * fields only, and the redaction below is a second fence for anything logged by hand.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const REDACT = [
  'password',
  '*.password',
  'pass',
  '*.pass',
  'token',
  '*.token',
  'cookie',
  '*.cookie',
  'authorization',
  '*.authorization',
  'req.headers.cookie',
  'req.headers.authorization',
];

export function createLogger(level: LogLevel = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'gyokaku' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT, censor: '[秘匿]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** The logger used by code that has no request at hand; main.ts sets its level from the configuration. */
// a bad LOG_LEVEL must not stop the import: loadConfig reports it in Japanese
const envLevel = LOG_LEVELS.find((l) => l === process.env.LOG_LEVEL) ?? 'info';
export let log: Logger = createLogger(envLevel);

export function setLogger(next: Logger): void {
  log = next;
}
