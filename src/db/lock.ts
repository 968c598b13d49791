/**
 * Single-owner lock for an embedded data directory. PGlite itself does not lock: two processes on one
 * directory both write and corrupt it, so the second start must fail with a clear message. A lock left
 * by a process that is gone is taken over.
 *
 * A PID alone does not say that its process is gone: the number is reused (another program may hold
 * it now), and in a container gyokaku is PID 1 at every start, so its own predecessor's lock names it.
 * The lock therefore records who holds it (JSON): PID, the process's start time (/proc/<pid>/stat, in
 * clock ticks since boot), host name, the kernel's boot id, and a random token; the owner touches the
 * file every LOCK_HEARTBEAT_MS. The lock is stale when
 *   - it names this process's own PID but a token this process does not hold (a restarted PID 1),
 *   - the machine has rebooted since (another boot id on the same host),
 *   - its PID is not running, or runs a process started at another time (PID reused), or — for a lock
 *     written without a start time — a process that is not Node.js,
 *   - it was written on another host and has not been touched for LOCK_STALE_AFTER_MS (its PIDs cannot
 *     be checked from here).
 * A live owner — another process, or another store of this same process — is always refused.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { log } from '../shared/log.js';

export interface DataDirLock {
  path: string;
  release(): void;
}

/** What the lock file holds. */
export interface LockOwner {
  pid: number;
  /** /proc/<pid>/stat field 22; null where /proc is not available */
  startTime: string | null;
  host: string;
  bootId: string | null;
  token: string;
}

export const LOCK_HEARTBEAT_MS = 10_000;
export const LOCK_STALE_AFTER_MS = 60_000;

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number, host?: string) {
    const where = host && host !== os.hostname() ? `ホスト ${host} の` : '';
    super(
      `データディレクトリ ${dir} は${where}別のプロセス (PID ${pid}) が使用中です。` +
        `同じデータを2つのプロセスで開くと壊れるため起動を中止しました。` +
        `先に起動したgyokakuを停止するか、GYOKAKU_DATA に別のディレクトリを指定してください。`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** Tokens of the locks this process holds (a second store of the same process must be refused too). */
const held = new Set<string>();

function readProc(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised name, which may contain spaces). */
export function processStartTime(pid: number): string | null {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null; // field 3 is index 0 here
}

const bootId = (): string | null => readProc('/proc/sys/kernel/random/boot_id')?.trim() ?? null;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process that runs Node.js (gyokaku, or its CLI); unknown (no /proc) counts as yes. */
function isNode(pid: number): boolean {
  const comm = readProc(`/proc/${pid}/comm`);
  if (comm === null) return true;
  if (/^node/.test(comm.trim())) return true;
  const cmd = readProc(`/proc/${pid}/cmdline`) ?? '';
  return /node|gyokaku/.test(cmd);
}

/** The lock file's content; a lock of an older version holds the PID only. */
export function parseLock(text: string): Partial<LockOwner> & { pid: number } {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { pid: Number(t) };
  try {
    const v = JSON.parse(t) as Partial<LockOwner>;
    if (typeof v.pid === 'number') return v as Partial<LockOwner> & { pid: number };
  } catch {
    /* unreadable: treated as no owner */
  }
  return { pid: 0 };
}

/** Why the recorded owner is no longer there, or null when it may still be (then the lock holds). */
export function staleReason(owner: Partial<LockOwner> & { pid: number }, mtimeMs: number, now = Date.now()): string | null {
  if (owner.token && held.has(owner.token)) return null;
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return '内容を読めないロック';
  const sameHost = owner.host === undefined || owner.host === os.hostname();
  if (!sameHost) {
    return now - mtimeMs > LOCK_STALE_AFTER_MS ? `ホスト ${owner.host} のプロセスが ${Math.round((now - mtimeMs) / 1000)} 秒以上更新していない` : null;
  }
  const boot = bootId();
  if (owner.bootId && boot && owner.bootId !== boot) return '記録した後にサーバーが再起動された';
  if (owner.pid === process.pid) return '同じPIDの以前のプロセス（コンテナの再起動など）';
  if (!alive(owner.pid)) return 'プロセスが終了している';
  const started = processStartTime(owner.pid);
  if (owner.startTime && started && owner.startTime !== started) return 'PIDが別のプロセスに再利用されている';
  if (!owner.startTime && !isNode(owner.pid)) return 'PIDが別のプログラムに再利用されている';
  return null;
}

export function acquireDataDirLock(dir: string): DataDirLock {
  const file = path.join(dir, 'gyokaku.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    const me: LockOwner = {
      pid: process.pid,
      startTime: processStartTime(process.pid),
      host: os.hostname(),
      bootId: bootId(),
      token: randomBytes(12).toString('hex'),
    };
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify(me));
      fs.closeSync(fd);
      held.add(me.token);
      const mine = () => {
        const text = readProc(file);
        return text !== null && parseLock(text).token === me.token;
      };
      // a lock another host sees must show that its owner is alive
      const heartbeat = setInterval(() => {
        try {
          if (mine()) fs.utimesSync(file, new Date(), new Date());
        } catch {
          /* the next beat tries again */
        }
      }, LOCK_HEARTBEAT_MS);
      heartbeat.unref();
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        clearInterval(heartbeat);
        held.delete(me.token);
        process.removeListener('exit', release);
        try {
          if (mine()) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { path: file, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let text: string;
      let mtimeMs: number;
      try {
        text = fs.readFileSync(file, 'utf8');
        mtimeMs = fs.statSync(file).mtimeMs;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
        throw err;
      }
      const owner = parseLock(text);
      const reason = staleReason(owner, mtimeMs);
      if (reason === null) throw new DataDirLockedError(dir, owner.pid, owner.host);
      log.warn({ file, previous: owner, reason }, `前回のプロセスのロックを引き継ぎます（${reason}）`);
      // stale: take it over (only if it is still the same file, so two starters cannot both win)
      try {
        if (fs.readFileSync(file, 'utf8') === text) fs.unlinkSync(file);
      } catch {
        /* gone meanwhile */
      }
    }
  }
  throw new Error(`ロックファイル ${file} を取得できませんでした。`);
}
