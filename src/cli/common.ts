/** What every operators' command shares: its shape, its errors, and opening the configured store. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type Config } from '../config.js';
import { openStore, type Store } from '../db/client.js';

export interface CliCommand {
  /** one line for `gyokaku help` */
  summary: string;
  /** returns the exit code */
  run(argv: string[]): Promise<number>;
}

/** A refusal the operator can act on: printed without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** node:util parseArgs, with its English errors turned into one Japanese line. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n${usage}`, 2);
  }
}

/** The store the server would open with the same environment (DATABASE_URL or GYOKAKU_DATA). */
export async function openConfiguredStore(config: Config = loadConfig(), opts: { migrate?: boolean } = {}): Promise<Store> {
  return openStore({ databaseUrl: config.databaseUrl, dataDir: `${config.dataDir}/pglite`, migrate: opts.migrate ?? true });
}
