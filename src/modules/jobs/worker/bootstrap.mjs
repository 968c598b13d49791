// Entry of every worker thread (and worker process, pool.ts isolation 'process': the entry is its first
// argument): TypeScript sources (dev, tests, `npm start` through tsx) need the tsx loader registered in
// this thread first; compiled .js entries are imported as they are.
import { workerData } from 'node:worker_threads';

const entry = workerData?.entry ?? process.argv[2];
if (typeof entry !== 'string') throw new Error('worker entry missing');
if (entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(entry);
