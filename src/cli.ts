#!/usr/bin/env node
/**
 * Operators' commands: `node dist/cli.js <command> [subcommand] [--options]`
 * (in development: `npx tsx src/cli.ts …`). Each command lives in src/cli/<name>.ts and
 * returns its exit code; messages go to stderr/stdout in Japanese.
 */
import { CliError, type CliCommand } from './cli/common.js';

const commands: Record<string, () => Promise<{ command: CliCommand }>> = {
  admin: () => import('./cli/admin.js'),
  municipality: () => import('./cli/municipality.js'),
  migrate: () => import('./cli/migrate.js'),
  backup: () => import('./cli/backup.js'),
  restore: () => import('./cli/restore.js'),
  demo: () => import('./cli/demo.js'),
  site: () => import('./cli/site.js'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log('使い方: gyokaku <コマンド> [サブコマンド] [オプション]\n');
    for (const key of Object.keys(commands)) {
      const { command } = await commands[key]!();
      console.log(`  ${key.padEnd(14)}${command.summary}`);
    }
    console.log('\n各コマンドの詳細: gyokaku <コマンド> --help');
    return 0;
  }
  const load = commands[name];
  if (!load) {
    console.error(`コマンド「${name}」はありません。gyokaku help で一覧を表示します。`);
    return 2;
  }
  const { command } = await load();
  return command.run(rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof CliError) {
    console.error(e.message);
    process.exitCode = e.exitCode;
  } else {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
  }
}
