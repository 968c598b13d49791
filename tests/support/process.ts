/** The server as a real process: a free port, and `src/main.ts` started on a data directory (through tsx). */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { expect } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface MainProcess {
  proc: ChildProcess;
  url: string;
  /** everything it printed so far */
  out: () => string;
  exited: Promise<number | null>;
}

/** Starts `src/main.ts` on `data` and waits until it prints `waitFor` (or exits first). */
export async function startMain(data: string, extraEnv: NodeJS.ProcessEnv = {}, waitFor = 'gyokaku を起動しました'): Promise<MainProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GYOKAKU_DATA: data, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...extraEnv };
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  try {
    await Promise.race([expect.poll(() => out, { timeout: 60_000, interval: 100 }).toContain(waitFor), exited]);
  } catch (e) {
    if (proc.exitCode === null) proc.kill('SIGKILL'); // never left running behind a failed start
    throw e;
  }
  return { proc, url: `http://127.0.0.1:${port}`, out: () => out, exited };
}
