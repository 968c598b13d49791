/**
 * Who an operators' command acts as: a system actor named after the OS user who ran it, so the
 * audit log says who registered a municipality or its first administrator.
 */
import os from 'node:os';
import type { Actor } from '../modules/access/domain/policy.js';
import { AppError } from '../shared/errors.js';
import { DataDirLockedError } from '../db/lock.js';
import type { Store } from '../db/client.js';
import { CliError, openConfiguredStore } from './common.js';

export function operatorActor(username: string = safeUsername()): Actor {
  return { id: 'system', name: `OSユーザー ${username}（コマンド）`, role: 'system_admin', municipalityId: null, departmentIds: [] };
}

function safeUsername(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? '不明';
  }
}

/** A refusal from a command of the application, as one or more lines the operator can act on. */
export function asCliError(e: unknown): unknown {
  if (e instanceof AppError) return new CliError(e.fields?.length ? e.fields.map((f) => f.message).join('\n') : e.message);
  if (e instanceof DataDirLockedError) return new CliError(e.message);
  return e;
}

/** Opens the configured store, runs fn, closes it; application refusals become CliErrors. */
export async function withConfiguredStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  let store: Store;
  try {
    store = await openConfiguredStore();
  } catch (e) {
    throw asCliError(e);
  }
  try {
    return await fn(store);
  } catch (e) {
    throw asCliError(e);
  } finally {
    await store.close();
  }
}
