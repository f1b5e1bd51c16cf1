import { defineConfig } from 'vitest/config';

// Hardware tests run inside the QEMU guest (test/rigs/qemu): `npm run test:hardware`. Only *.hw.test.ts files;
// the main config excludes them. The guest emulates its CPU (TCG), so timeouts are generous.
export default defineConfig({
  test: {
    include: ['test/hardware/**/*.hw.test.ts'],
    setupFiles: ['test/hardware/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    // Devices are shared kernel state (one dummy_hcd, one uinput): one file at a time.
    fileParallelism: false,
  },
});
