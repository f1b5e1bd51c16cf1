import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', '**/*.hw.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Model tests load ONNX sessions on a 2-core machine: run files one after another.
    fileParallelism: false,
  },
});
