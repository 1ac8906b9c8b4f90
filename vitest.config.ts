import { defineConfig } from 'vitest/config';

// Workspace packages resolve each other's TypeScript source through the `@rimjs/source`
// export condition, so tests need no build step.
const conditions = ['@rimjs/source', 'node', 'import', 'module', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@rimjs/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // CI asks for a JSON report (scripts/test-summary.mjs prints the closing line from it).
    reporters: process.env.VITEST_JSON ? ['default', ['json', { outputFile: process.env.VITEST_JSON }]] : ['default'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
