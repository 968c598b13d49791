/**
 * The release bundle installs and runs on a machine without a registry: built once with
 * `npm run bundle` (reusing the suite's build), extracted into an empty folder outside the
 * repository (so no module can resolve from the repository's node_modules), checked complete by npm
 * with the registry unreachable, then started with `node dist/main.js`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/process.js';

const repo = path.resolve(import.meta.dirname, '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-release-'));
// an address nothing listens on: any attempt to reach a registry fails at once
const offline = { npm_config_registry: 'http://127.0.0.1:9/', npm_config_offline: 'true', HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' };
let root = '';
let server: ChildProcess | undefined;

/** Environment for the installed copy: nothing from the test runner's own settings. */
const cleanEnv = (extra: Record<string, string>) => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, LANG: 'C.UTF-8', ...offline, ...extra });

beforeAll(() => {
  const env = { ...process.env, BUNDLE_OUT: path.join(work, 'out'), ...(fs.existsSync(path.join(repo, 'dist/main.js')) ? { BUNDLE_SKIP_BUILD: '1' } : {}) };
  execFileSync('bash', ['scripts/bundle.sh'], { cwd: repo, env, stdio: 'pipe' });
  const [archive] = fs.readdirSync(path.join(work, 'out'));
  expect(archive).toMatch(/^gyokaku-.+-linux-x64\.tar\.gz$/);
  const target = path.join(work, 'install');
  fs.mkdirSync(target);
  execFileSync('tar', ['-xzf', path.join(work, 'out', archive!), '-C', target]);
  root = path.join(target, archive!.replace(/\.tar\.gz$/, ''));
}, 300_000);

afterAll(async () => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  fs.rmSync(work, { recursive: true, force: true });
});

describe('release bundle', () => {
  it('holds the built server, UI, migrations, operators’ documents and runtime packages only', () => {
    for (const f of ['dist/main.js', 'dist/cli.js', 'dist/fonts/NotoSansJP_400Regular.ttf', 'dist/fonts/NotoSansJP_700Bold.ttf', 'web/dist/index.html', 'migrations/meta/_journal.json', 'deploy/gyokaku.service', 'README.md']) {
      expect(fs.existsSync(path.join(root, f)), f).toBe(true);
    }
    // build tools and unused font weights stay out
    for (const dev of ['typescript', 'tsx', 'vite', 'vitest', 'react', 'tailwindcss', 'drizzle-kit', 'playwright-core', '@expo-google-fonts', '@fontsource']) {
      expect(fs.existsSync(path.join(root, 'node_modules', dev)), dev).toBe(false);
    }
    expect(fs.readdirSync(path.join(root, 'dist/fonts')).filter((f) => f.endsWith('.ttf'))).toHaveLength(2);
    const unit = fs.readFileSync(path.join(root, 'deploy/gyokaku.service'), 'utf8');
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^User=gyokaku$/m);
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node dist\/main\.js$/m);
  });

  it('is complete by npm’s own check with the registry unreachable', () => {
    // exits non-zero on any missing or invalid runtime dependency
    const out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, env: cleanEnv({}), encoding: 'utf8' });
    expect(out.split('\n').filter(Boolean).length).toBeGreaterThan(50);
  });

  it('lays out a Japanese PDF with the bundled fonts, away from the repository', () => {
    const script = `import('./dist/modules/publish/pdf/render.js').then(async (m) => { const b = await m.renderPdf({ content: ['行政改革大綱 令和8年度 実施状況'], defaultStyle: { font: m.FONT } }); process.stdout.write(String(b.length)); })`;
    const size = Number(execFileSync(process.execPath, ['-e', script], { cwd: root, env: cleanEnv({}), encoding: 'utf8' }));
    expect(size).toBeGreaterThan(1000);
  });

  it('draws a chart with the bundled chart library (its browser bundles left out)', () => {
    expect(fs.existsSync(path.join(root, 'node_modules/echarts/dist'))).toBe(false);
    const spec = { kind: 'kpiPath', title: '電子申請の利用率', unit: '%', actuals: [{ fiscalYear: 2025, value: 34.5 }], baseline: { fiscalYear: 2024, value: 20 }, target: { fiscalYear: 2027, value: 60 } };
    const script = `import('./dist/shared/charts/index.js').then(async (m) => { const c = await m.renderChart(${JSON.stringify(spec)}); process.stdout.write(c.svg); process.exit(0); })`;
    const svg = execFileSync(process.execPath, ['-e', script], { cwd: root, env: cleanEnv({}), encoding: 'utf8' });
    expect(svg).toMatch(/^<svg[^>]*role="img"/);
    expect(svg).toContain('電子申請の利用率');
  });

  it('starts with node dist/main.js on an empty data directory, without demo data, and stops on SIGTERM', async () => {
    const port = await freePort();
    const data = path.join(work, 'data');
    let output = '';
    server = spawn(process.execPath, ['dist/main.js'], { cwd: root, env: cleanEnv({ PORT: String(port), GYOKAKU_DATA: data, LOG_LEVEL: 'info' }) });
    server.stdout!.on('data', (d) => (output += d));
    server.stderr!.on('data', (d) => (output += d));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    let ready: Response | undefined;
    while (Date.now() < deadline && server.exitCode === null) {
      ready = await fetch(`${base}/api/ready`).catch(() => undefined);
      if (ready?.status === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(ready?.status, output).toBe(200);
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    // a production store has no demo municipality and no demo account
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'fetch', origin: base },
      body: JSON.stringify({ municipalityCode: '432041', loginId: 'admin', password: 'gyokaku-demo-2026' }),
    });
    expect(login.status).toBeGreaterThanOrEqual(400);
    const exited = new Promise<number | null>((resolve) => server!.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(fs.existsSync(path.join(data, 'pglite', 'gyokaku.lock'))).toBe(false);
  }, 120_000);
});
