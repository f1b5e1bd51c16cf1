import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `check` until it gives a truthy value (the benchmarks run outside vitest, so no vi.waitFor here). */
export async function poll<T>(check: () => T | Promise<T>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (performance.now() > deadline) throw new Error(`bench: gave up waiting for ${what}`);
    await sleep(20);
  }
}
