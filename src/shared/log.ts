/**
 * The process's logger: JSON lines (pino) on stdout, one per request and one per notable event.
 * Level from LOG_LEVEL (see config.ts). Secrets never reach it: the request logger writes chosen
 * fields only, and the redaction below is a second fence for anything logged by hand.
 */
import { pino, type Logger } from 'pino';
import { sanitizeError } from './logSanitize.js';

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
      // every logged error goes through the one sanitizer: no statement parameters, row values, hashes or tokens
      serializers: { err: sanitizeError, error: sanitizeError, cause: sanitizeError },
      hooks: {
        logMethod(args, method) {
          // log.error(err) would take err.message, unscrubbed, as the line's msg: log it as { err } instead
          const [first, ...rest] = args as unknown[];
          const list = first instanceof Error ? [{ err: first }, ...(typeof rest[0] === 'string' ? rest : [first.message, ...rest])] : (args as unknown[]);
          // a message written by hand (e.g. an error's message as text) is scrubbed the same way
          method.apply(this, list.map((a) => (typeof a === 'string' ? (sanitizeError(a) as string) : a)) as Parameters<typeof method>);
        },
      },
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
