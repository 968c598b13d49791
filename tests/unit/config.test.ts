import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const root = path.resolve(import.meta.dirname, '../..');

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('configuration (environment variables)', () => {
  it('has the defaults a fresh machine needs, and no demo unless told', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, dataDir: './data', demo: false, auth: 'required', logLevel: 'info', smtp: null });
    expect(loadConfig({ GYOKAKU_DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({}, { demo: true }).demo).toBe(true);
  });

  it('reads every setting it documents', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://gyokaku@db/gyokaku',
      GYOKAKU_PG_POOL: '20',
      GYOKAKU_DATA: '/var/lib/gyokaku',
      GYOKAKU_TRUST_PROXY: '1',
      GYOKAKU_ALLOWED_ORIGINS: 'https://gyokaku.example.lg.jp, http://10.0.0.5:8080',
      LOG_LEVEL: 'debug',
      GYOKAKU_SHUTDOWN_TIMEOUT: '5',
      GYOKAKU_JOB_CONCURRENCY: '4',
      SMTP_HOST: 'mail.example.lg.jp',
      SMTP_FROM: '行革事務局 <gyokaku@example.lg.jp>',
    });
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgresql://gyokaku@db/gyokaku',
      pgPoolSize: 20,
      dataDir: '/var/lib/gyokaku',
      trustProxy: true,
      allowedOrigins: ['https://gyokaku.example.lg.jp', 'http://10.0.0.5:8080'],
      logLevel: 'debug',
      shutdownTimeoutMs: 5000,
      jobConcurrency: 4,
    });
    expect(c.smtp?.host).toBe('mail.example.lg.jp');
  });

  it('treats an empty variable as not set', () => {
    expect(loadConfig({ PORT: '', GYOKAKU_DEMO: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, demo: false, databaseUrl: undefined });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['GYOKAKU_PG_POOL', '0'],
    ['DATABASE_URL', 'mysql://db/x'],
    ['GYOKAKU_DEMO', 'yes'],
    ['GYOKAKU_AUTH', 'none'],
    ['GYOKAKU_TRUST_PROXY', 'on'],
    ['GYOKAKU_ALLOWED_ORIGINS', 'gyokaku.example.lg.jp'],
    ['LOG_LEVEL', 'loud'],
    ['GYOKAKU_SHUTDOWN_TIMEOUT', '-1'],
    ['GYOKAKU_JOB_CONCURRENCY', '1.5'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    const found = problems({ [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(name);
  });

  it('names every bad variable at once, and never echoes a password or a connection URL', () => {
    const found = problems({ PORT: 'x', LOG_LEVEL: 'y', DATABASE_URL: 'mysql://user:secret@db/x', SMTP_HOST: 'mail', SMTP_FROM: '' });
    expect(found.length).toBe(4);
    expect(found.join('\n')).not.toContain('secret');
    expect(found.some((p) => p.includes('SMTP_FROM'))).toBe(true);
  });

  it('every variable the server reads is in the README table', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') || e.name.endsWith('.tsx') ? [path.join(dir, e.name)] : []));
    const names = new Set<string>();
    for (const file of walk(path.join(root, 'src'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
      for (const m of text.matchAll(/^\s+([A-Z][A-Z0-9_]+): (?:int|flag|z)\b/gm)) names.add(m[1]!);
    }
    // the operating system's own variables are not settings of ours
    for (const os of ['NODE_ENV', 'USER', 'USERNAME', 'HOME', 'PATH', 'TZ']) names.delete(os);
    expect(names.size).toBeGreaterThan(15);
    const missing = [...names].filter((n) => !readme.includes(`\`${n}\``));
    expect(missing).toEqual([]);
  });
});
