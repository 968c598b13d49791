// The suite's closing line from vitest's JSON report. A file that failed to load (a missing
// fixture, a syntax error) has no failed test inside it, yet it is a failure: it is counted as one.
import fs from 'node:fs';

const file = process.argv[2] ?? '.tmp/vitest.json';
let r;
try {
  r = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch {
  console.log('tests: 0 passed, 1 failed (no test report was written)');
  process.exit(0);
}
const unloaded = r.testResults.filter(
  (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
);
for (const f of unloaded) console.log(`failed to run: ${f.name}${f.message ? `\n  ${f.message.split('\n')[0]}` : ''}`);
const skipped = r.numPendingTests + r.numTodoTests;
const failed = r.numFailedTests + unloaded.length;
console.log(`tests: ${r.numPassedTests} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
