import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', sequence: { groupOrder: 0 } },
      },
      {
        test: {
          name: 'db',
          include: ['tests/db/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/globalSetup.ts'],
          // quiet runs: a test that checks the logs passes createApp its own logger
          env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // PGlite instances are large: two files at a time fit 2 cores well
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
          // pages on a loaded 2-core machine can take seconds to settle; polls wait, assertions stay exact
          expect: { poll: { timeout: 20_000, interval: 100 } },
        },
      },
      {
        // the release bundle, installed into an empty folder and started as an operator would
        test: { name: 'release', include: ['tests/release/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 300_000, sequence: { groupOrder: 3 } },
      },
    ],
  },
});
