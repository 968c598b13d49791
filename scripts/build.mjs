// Production build: the server compiled to dist/ (no TypeScript, tsx or Vite at run time), the files
// it loads beside its code (the worker bootstrap, the two PDF font weights it uses), and the staff UI
// in web/dist.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const require = createRequire(import.meta.url);
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const step = (label, fn) => {
  const t = Date.now();
  fn();
  console.log(`build: ${label} (${Date.now() - t} ms)`);
};

step('clean dist/', () => fs.rmSync(dist, { recursive: true, force: true }));
step('server → dist/ (tsc)', () => execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' }));
step('non-TypeScript server files', () => {
  // plain .mjs files (the worker threads' bootstrap) are loaded by path, not compiled
  const walk = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(path.join(root, 'src')).filter((f) => f.endsWith('.mjs'))) {
    const target = path.join(dist, path.relative(path.join(root, 'src'), file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }
});
step('PDF fonts → dist/fonts (Noto Sans JP 400, 700)', () => {
  // only the two weights the PDFs use; the package's other seven stay behind (see publish/pdf/render.ts)
  fs.mkdirSync(path.join(dist, 'fonts'), { recursive: true });
  for (const f of ['400Regular/NotoSansJP_400Regular.ttf', '700Bold/NotoSansJP_700Bold.ttf']) {
    const src = require.resolve(`@expo-google-fonts/noto-sans-jp/${f}`);
    fs.copyFileSync(src, path.join(dist, 'fonts', path.basename(f)));
  }
  const license = path.join(path.dirname(require.resolve('@expo-google-fonts/noto-sans-jp/package.json')), 'LICENSE');
  if (fs.existsSync(license)) fs.copyFileSync(license, path.join(dist, 'fonts', 'LICENSE-NotoSansJP.txt'));
});
step('staff UI → web/dist (vite)', () =>
  execFileSync(bin('vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' }),
);
