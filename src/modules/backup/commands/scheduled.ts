/**
 * The server's own nightly backup (GYOKAKU_BACKUP_DIR): a full backup at GYOKAKU_BACKUP_AT (Asia/Tokyo)
 * into the folder, then the oldest files beyond GYOKAKU_BACKUP_KEEP are removed. A failed backup is
 * logged at error level and leaves the earlier files alone (backupStore never leaves a partial file).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Store } from '../../../db/client.js';
import { log } from '../../../shared/log.js';
import { backupFileName, filesToRotate, nextRunAt } from '../domain/schedule.js';
import { backupStore } from './backupStore.js';

export interface BackupSchedule {
  dir: string;
  /** minutes after midnight, Asia/Tokyo */
  atMinutes: number;
  keep: number;
}

/** One scheduled run: back up, then rotate. Returns the file written. */
export async function runScheduledBackup(store: Store, schedule: BackupSchedule, now: Date = new Date()): Promise<string> {
  fs.mkdirSync(schedule.dir, { recursive: true });
  const out = path.join(schedule.dir, backupFileName(now));
  const t0 = performance.now();
  const result = await backupStore(store, { out });
  const removed = filesToRotate(fs.readdirSync(schedule.dir), schedule.keep);
  for (const name of removed) fs.rmSync(path.join(schedule.dir, name), { force: true });
  log.info({ file: out, ms: Math.round(performance.now() - t0), rows: result.rows, bytes: result.bytes, removed }, '定時バックアップを作成しました');
  return out;
}

/** Starts the daily timer; returns a function that stops it and waits for a run in progress. */
export function startBackupSchedule(store: Store, schedule: BackupSchedule): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    const next = nextRunAt(new Date(), schedule.atMinutes);
    // long timeouts are fine in Node up to ~24.8 days; a day is well inside
    timer = setTimeout(() => {
      running = runScheduledBackup(store, schedule)
        .catch((err: unknown) => log.error({ err, dir: schedule.dir }, '定時バックアップに失敗しました。前回までのファイルはそのまま残っています'))
        .finally(arm);
    }, next.getTime() - Date.now());
    timer.unref();
  };
  arm();
  log.info({ dir: schedule.dir, keep: schedule.keep }, '定時バックアップを有効にしました');
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
