import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from '../../src/db/lock.js';
import { openStore } from '../../src/db/client.js';

const dirs: string[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('embedded data directory lock', () => {
  it('refuses a directory owned by another live process, naming it in Japanese', async () => {
    const dir = tmpDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      fs.writeFileSync(path.join(dir, 'gyokaku.lock'), String(other.pid));
      let err: unknown;
      try {
        acquireDataDirLock(dir);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DataDirLockedError);
      expect((err as Error).message).toContain(`PID ${other.pid}`);
      expect((err as Error).message).toContain('別のプロセス');
    } finally {
      other.kill();
    }
  });

  it('takes over a lock left by a process that has ended', () => {
    const dir = tmpDir();
    const dead = spawn(process.execPath, ['-e', '0']);
    const pid = dead.pid!;
    return new Promise<void>((resolve) =>
      dead.on('exit', () => {
        fs.writeFileSync(path.join(dir, 'gyokaku.lock'), String(pid));
        const lock = acquireDataDirLock(dir);
        expect(fs.readFileSync(lock.path, 'utf8')).toBe(String(process.pid));
        lock.release();
        expect(fs.existsSync(lock.path)).toBe(false);
        resolve();
      }),
    );
  });

  it('a second store on the same directory fails instead of corrupting it; the first keeps working', async () => {
    const dir = tmpDir();
    const first = await openStore({ dataDir: dir });
    try {
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
