/** The suite runs on a bare clone: no test, source or script reads files from beside the repository. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const walk = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? (e.name === 'node_modules' || e.name === 'fixtures' ? [] : walk(path.join(dir, e.name))) : [path.join(dir, e.name)]))
    .filter((f) => /\.(ts|tsx|mjs|js|sh)$/.test(f));

describe('self-contained repository', () => {
  it('nothing reads the seeds or any other folder beside the repository', () => {
    const offenders: string[] = [];
    for (const top of ['src', 'tests', 'scripts', 'bench', 'web/src']) {
      for (const file of walk(path.join(root, top))) {
        if (file === import.meta.filename) continue;
        const text = fs.readFileSync(file, 'utf8');
        // a path that climbs out of the repository from its own folder depth, or names the shared seeds
        const depth = path.relative(root, path.dirname(file)).split(path.sep).length;
        const escape = new RegExp(`['"\`](\\.\\./){${depth + 1},}`);
        if (/shared\/seeds/.test(text) || escape.test(text)) offenders.push(path.relative(root, file));
      }
    }
    expect(offenders).toEqual([]);
  });
});
