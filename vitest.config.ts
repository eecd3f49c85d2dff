import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: process.env.CI ? ['default'] : ['default'],
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'src/{zoo,study,imaging,data,worker,cli,client,refusal,grid,engine}/**/*.test.ts',
            'scripts/**/*.test.ts',
            'e2e/**/*.test.ts',
          ],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['src/{ui,state}/**/*.test.{ts,tsx}'],
        },
      },
    ],
  },
});
