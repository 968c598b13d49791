/**
 * The embedded store on a full disk (fault test, real process): the data directory lives on a small
 * tmpfs; the disk is filled with a file, then tags are written through the API until a write fails.
 * Measured with PGlite 0.5: a failed write returns SQLSTATE 53100, and the next statement on that
 * instance never returns (the process spins, answers nothing, ignores SIGTERM). The server must answer
 * that write and everything after it with 503 quickly, stop cleanly on SIGTERM, refuse to start while the
 * disk is still full (exit 75), restart by itself (exit 75) once space is freed, and keep every write
 * answered 201 before the failure.
 * Needs root (mount); skipped otherwise.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/client.js';
import { STORE_BROKEN_MESSAGE } from '../../src/db/availability.js';
import { createTestMunicipality } from '../support/stores.js';
import { startMain as startProcess, type MainProcess } from '../support/process.js';

const isRoot = process.platform === 'linux' && process.getuid?.() === 0;
const headers = { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' };

/** main.ts in demo sign-in mode (the test writes through the API without a session) */
const startMain = (data: string, waitFor?: string) => startProcess(data, { GYOKAKU_AUTH: 'demo' }, waitFor);

/** Writes 1 MB blocks until the file system refuses (ENOSPC). */
function fill(file: string): void {
  const fd = fs.openSync(file, 'w');
  const block = Buffer.alloc(1 << 20, 1);
  try {
    for (;;) fs.writeSync(fd, block);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    // the last partial block: fill to the last byte
    try {
      for (;;) fs.writeSync(fd, block, 0, 4096);
    } catch {
      /* full */
    }
    fs.closeSync(fd);
  }
}

const timed = async (url: string, init?: RequestInit) => {
  const t0 = Date.now();
  const r = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  return { status: r.status, body: (await r.json().catch(() => null)) as { error?: { code: string; message: string } } | null, ms: Date.now() - t0, headers: r.headers };
};

describe.skipIf(!isRoot)('embedded store on a full disk (needs root for a small tmpfs)', () => {
  let mount = '';
  const children: MainProcess[] = [];
  beforeAll(() => {
    mount = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=128m', 'tmpfs', mount]);
  });
  afterAll(() => {
    for (const c of children) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
    try {
      execFileSync('umount', ['-l', mount]);
    } catch {
      /* not mounted */
    }
    fs.rmSync(mount, { recursive: true, force: true });
  });

  it('answers 503 from the failed write on, stops on SIGTERM, restarts once there is space, and keeps what was saved', async () => {
    const data = mount;
    const store = await openStore({ dataDir: path.join(data, 'pglite') });
    const m = await createTestMunicipality(store.db, '満杯市');
    await store.close();

    let c = await startMain(data);
    children.push(c);
    const saved: string[] = [];
    const first = await timed(`${c.url}/api/m/${m.code}/tags`, { method: 'POST', headers, body: JSON.stringify({ name: '満杯前', category: '視点' }) });
    expect(first.status).toBe(201);
    saved.push('満杯前');

    const filler = path.join(data, 'filler.bin');
    fill(filler);
    let failed: Awaited<ReturnType<typeof timed>> | undefined;
    for (let i = 0; i < 3000 && !failed; i++) {
      const name = `満杯後${i}${'あ'.repeat(40)}`;
      const r = await timed(`${c.url}/api/m/${m.code}/tags`, { method: 'POST', headers, body: JSON.stringify({ name, category: '視点' }) });
      if (r.status === 201) saved.push(name);
      else failed = r;
    }
    expect(failed, 'a write must fail once the disk is full').toBeDefined();
    expect(failed!.status).toBe(503);
    expect(failed!.body?.error?.code).toBe('disk_full');
    expect(failed!.ms).toBeLessThan(5_000);

    // everything after answers at once, with the reason; the process is alive
    const read = await timed(`${c.url}/api/m/${m.code}/tags`);
    expect(read.status).toBe(503);
    expect(read.body).toEqual({ error: { code: 'disk_full', message: STORE_BROKEN_MESSAGE } });
    expect(read.headers.get('retry-after')).toBeTruthy();
    expect(read.ms).toBeLessThan(2_000);
    const ready = await timed(`${c.url}/api/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ reason: 'disk_full' });
    expect((await timed(`${c.url}/api/health`)).status).toBe(200);
    expect(c.out()).toContain('組み込みDBのディスク');

    // SIGTERM is answered: a clean stop, not a kill -9
    c.proc.kill('SIGTERM');
    const code = await Promise.race([c.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000))]);
    expect(code).toBe(0);

    // while the disk is still full, a start is refused at once (exit 75), before PGlite could hang
    c = await startMain(data, 'ディスクの空き');
    children.push(c);
    expect(await c.exited).toBe(75);

    // space again: the data saved before the failure is all there
    fs.rmSync(filler);
    c = await startMain(data);
    children.push(c);
    const after = await timed(`${c.url}/api/m/${m.code}/tags`);
    expect(after.status).toBe(200);
    const names = (after.body as unknown as { items: { name: string }[] }).items.map((t) => t.name);
    expect(names.sort()).toEqual([...saved].sort());

    // full again while running, then freed: the server restarts itself (exit 75 → systemd starts it anew)
    fill(filler);
    let broke = false;
    for (let i = 0; i < 3000 && !broke; i++) {
      const r = await timed(`${c.url}/api/m/${m.code}/tags`, { method: 'POST', headers, body: JSON.stringify({ name: `二度目${i}${'い'.repeat(40)}`, category: '視点' }) });
      if (r.status !== 201) broke = r.status === 503;
    }
    expect(broke).toBe(true);
    fs.rmSync(filler);
    const code2 = await Promise.race([c.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000))]);
    expect(code2).toBe(75);
  }, 300_000);
});
