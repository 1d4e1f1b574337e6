import { defineConfig } from 'vitest/config';

// Sibling packages resolve to their TypeScript sources (the "source" export condition), so tests
// never run against a stale dist/. Worker entries are still JavaScript (see packages/schedulers).
export default defineConfig({
  resolve: { conditions: ['source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'import', 'default'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
