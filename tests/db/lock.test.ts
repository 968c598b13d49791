import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, LOCK_STALE_AFTER_MS, parseLock, processStartTime, type LockOwner } from '../../src/db/lock.js';
import { openStore } from '../../src/db/client.js';

const dirs: string[] = [];
const children: ChildProcess[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  children.splice(0).forEach((c) => c.kill());
});

/** A process that stays alive for the test (its PID is "in use"). */
async function liveProcess(cmd: string, args: string[]): Promise<number> {
  const c = spawn(cmd, args, { stdio: 'ignore' });
  children.push(c);
  await new Promise((r) => c.once('spawn', r));
  return c.pid!;
}

const lockFile = (dir: string) => path.join(dir, 'gyokaku.lock');
const owner = (o: Partial<LockOwner> & { pid: number }): string =>
  JSON.stringify({ startTime: processStartTime(o.pid), host: os.hostname(), bootId: fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(), token: 'feedfacefeedfacefeedface', ...o });

function refusal(dir: string): unknown {
  try {
    acquireDataDirLock(dir).release();
  } catch (e) {
    return e;
  }
  return null;
}

/** Takes the lock (it must be taken over) and checks it now names this process. */
function takesOver(dir: string): void {
  const lock = acquireDataDirLock(dir);
  try {
    expect(parseLock(fs.readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname() });
  } finally {
    lock.release();
  }
  expect(fs.existsSync(lockFile(dir))).toBe(false);
}

const hasProc = fs.existsSync('/proc/self/stat');

describe('embedded data directory lock', () => {
  it('records more than the PID: start time, host, boot id and a token', () => {
    const dir = tmpDir();
    const lock = acquireDataDirLock(dir);
    try {
      const o = parseLock(fs.readFileSync(lock.path, 'utf8'));
      expect(o).toMatchObject({ pid: process.pid, host: os.hostname() });
      expect(o.token).toMatch(/^[0-9a-f]{24}$/);
      if (hasProc) expect(o.startTime).toBe(processStartTime(process.pid));
    } finally {
      lock.release();
    }
  });

  it('refuses a directory owned by another live gyokaku process, naming it in Japanese', async () => {
    const dir = tmpDir();
    const pid = await liveProcess(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    fs.writeFileSync(lockFile(dir), owner({ pid }));
    const err = refusal(dir);
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as Error).message).toContain(`PID ${pid}`);
    expect((err as Error).message).toContain('別のプロセス');
    // a lock of the older format (the PID only) of a live Node.js process is refused too
    fs.writeFileSync(lockFile(dir), String(pid));
    expect(refusal(dir)).toBeInstanceOf(DataDirLockedError);
  });

  it('takes over a lock left by a process that has ended', () => {
    const dir = tmpDir();
    const dead = spawn(process.execPath, ['-e', '0']);
    const pid = dead.pid!;
    return new Promise<void>((resolve) =>
      dead.on('exit', () => {
        fs.writeFileSync(lockFile(dir), String(pid));
        takesOver(dir);
        resolve();
      }),
    );
  });

  it.skipIf(!hasProc)('takes over a lock whose PID now belongs to another process (PID reuse)', async () => {
    const dir = tmpDir();
    // the PID is alive, but the process started at another time than the one recorded
    const pid = await liveProcess(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    fs.writeFileSync(lockFile(dir), owner({ pid, startTime: String(Number(processStartTime(pid)) - 100) }));
    takesOver(dir);
    // an older lock (PID only) whose PID now runs another program than Node.js
    const sleeper = await liveProcess('sleep', ['20']);
    fs.writeFileSync(lockFile(dir), String(sleeper));
    takesOver(dir);
  });

  it('takes over a lock naming this very PID left by a predecessor (PID 1 restarted in a container)', () => {
    const dir = tmpDir();
    fs.writeFileSync(lockFile(dir), owner({ pid: process.pid, token: 'aaaaaaaaaaaaaaaaaaaaaaaa' }));
    takesOver(dir);
    fs.writeFileSync(lockFile(dir), String(process.pid));
    takesOver(dir);
  });

  it.skipIf(!hasProc)('takes over a lock written before the machine rebooted', async () => {
    const dir = tmpDir();
    const pid = await liveProcess(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    fs.writeFileSync(lockFile(dir), owner({ pid, bootId: '00000000-0000-0000-0000-000000000000' }));
    takesOver(dir);
  });

  it('refuses a lock of another host while it is kept fresh, and takes it over once it is not', () => {
    const dir = tmpDir();
    fs.writeFileSync(lockFile(dir), owner({ pid: 4242, host: 'other-host.example' }));
    const err = refusal(dir);
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as Error).message).toContain('ホスト other-host.example');
    const old = new Date(Date.now() - LOCK_STALE_AFTER_MS - 5_000);
    fs.utimesSync(lockFile(dir), old, old);
    takesOver(dir);
  });

  it('a second store on the same directory fails instead of corrupting it; the first keeps working', async () => {
    const dir = tmpDir();
    const first = await openStore({ dataDir: dir });
    try {
      // the same PID holds it, but live: refused (only a predecessor's lock with this PID is stale)
      await expect(openStore({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
      const rows = await first.rawQuery<{ n: number }>('select 1 as n');
      expect(rows[0]!.n).toBe(1);
    } finally {
      await first.close();
    }
    // released on close: the directory can be opened again, with its data
    const again = await openStore({ dataDir: dir });
    await again.close();
  }, 120_000);
});
