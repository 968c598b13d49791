/** The suite's closing line (scripts/test-summary.mjs) counts a test file that failed to load as a failure. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = path.resolve(import.meta.dirname, '../../scripts/test-summary.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gyokaku-summary-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function summary(report: unknown): string {
  const file = path.join(dir, `${Math.random()}.json`);
  if (report !== undefined) fs.writeFileSync(file, JSON.stringify(report));
  return execFileSync(process.execPath, [script, file], { encoding: 'utf8' });
}

const passedFile = { name: '/repo/tests/unit/a.test.ts', status: 'passed', message: '', assertionResults: [{ status: 'passed' }, { status: 'passed' }] };
const failedFile = { name: '/repo/tests/unit/b.test.ts', status: 'failed', message: '', assertionResults: [{ status: 'passed' }, { status: 'failed' }] };
const unloadedFile = { name: '/repo/tests/db/c.test.ts', status: 'failed', message: "ENOENT: no such file or directory, open 'fixtures/missing.txt'", assertionResults: [] };

describe('closing line of the test suite', () => {
  it('counts passed and failed tests', () => {
    const out = summary({ numPassedTests: 3, numFailedTests: 1, numPendingTests: 0, numTodoTests: 0, testResults: [passedFile, failedFile] });
    expect(out.trim().split('\n').pop()).toBe('tests: 3 passed, 1 failed');
  });

  it('counts a file that could not load as a failure, and names it', () => {
    const out = summary({ numPassedTests: 2, numFailedTests: 0, numPendingTests: 1, numTodoTests: 0, testResults: [passedFile, unloadedFile] });
    const lines = out.trim().split('\n');
    expect(lines.pop()).toBe('tests: 2 passed, 1 failed, 1 skipped');
    expect(lines.join('\n')).toContain('failed to run: /repo/tests/db/c.test.ts');
    expect(lines.join('\n')).toContain('ENOENT');
  });

  it('reports a failure when no report was written at all', () => {
    expect(summary(undefined).trim()).toBe('tests: 0 passed, 1 failed (no test report was written)');
  });
});
