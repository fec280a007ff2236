import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/support/build-once.ts'],
    coverage: {
      provider: 'v8',
      include: ['app/**/*.ts', 'infra/**/*.ts', 'rollouts/**/*.ts', 'grafana/**/*.ts'],
      // Process entry points only wire modules that are tested in-process; the
      // real-process tests exercise them, which v8 coverage cannot see.
      exclude: ['app/main.ts', 'infra/main.ts', '**/*-cli.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 90, branches: 90 },
    },
  },
});
