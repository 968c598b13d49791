/**
 * Helpers shared by the benchmark scripts: environment numbers, a deterministic
 * PRNG for data of the same shape on every run, a free 団体コード, batched inserts and a
 * throwaway PostgreSQL (scripts/pg-throwaway.sh) when none is given.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '../src/db/client.js';
import { PREFECTURES, withCheckDigit } from '../src/modules/municipalities/domain/localGovCode.js';

const BATCH = 500;

export const TITLE_WORDS = ['窓口業務', '内部事務', '公共施設', '補助金', '使用料', '電子申請', 'ペーパーレス', '業務委託', '職員配置', '庁内ネットワーク', '文書管理', '財産管理'];
export const TITLE_VERBS = ['の見直し', 'の効率化', 'の推進', 'の最適化', 'のデジタル化', 'の適正化'];

export function positiveInt(v: string | undefined, dflt: number, allowZero = false): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) throw new Error(`not a ${allowZero ? 'non-negative' : 'positive'} integer: ${v}`);
  return n;
}

/** Deterministic PRNG so every run builds the same shape of data. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

export async function uniqueMunicipalityCode(store: Store, r: ReturnType<typeof rng>): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const pref = r.int(1, PREFECTURES.length);
    const code = withCheckDigit(`${String(pref).padStart(2, '0')}${String(r.int(900, 999))}`);
    const rows = await store.rawQuery('select 1 from municipalities where code = $1', [code]);
    if (!rows.length) return code;
  }
  throw new Error('could not find a free municipality code');
}

export async function batched<R>(rows: R[], insert: (chunk: R[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function startThrowaway(): { url: string; dir: string } {
  const script = path.join(ROOT, 'scripts/pg-throwaway.sh');
  const r = spawnSync('bash', [script, 'start'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/pg-throwaway.sh start failed (${r.status}): ${r.stderr || r.error?.message}`);
  const url = r.stdout.trim().split('\n').pop() ?? '';
  const dir = r.stderr.trim().split('\n').pop() ?? '';
  if (!url.startsWith('postgres') || !dir) throw new Error(`unexpected output from pg-throwaway.sh: ${r.stdout} / ${r.stderr}`);
  return { url, dir };
}

export function stopThrowaway(dir: string): void {
  spawnSync('bash', [path.join(ROOT, 'scripts/pg-throwaway.sh'), 'stop', dir], { stdio: 'inherit' });
}

/** The URL without its password, for printing. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
