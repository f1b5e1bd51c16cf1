import { vi } from 'vitest';

/** A value that passed an `if`: what `until` hands back. */
export type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/**
 * The one wait of the tests, on vitest's vi.waitFor: polls `check` (awaited) until it gives a truthy value,
 * which it returns; a check that throws is tried again. Tests wait on states, never on durations: the
 * timeout only turns a hang into a message that says what was awaited and what was last seen.
 */
export function until<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 20_000,
  intervalMs = 50,
): Promise<Truthy<T>> {
  return vi.waitFor(
    async () => {
      let v: T;
      try {
        v = await check();
      } catch (err) {
        throw new Error(`gave up waiting for ${what} (last: ${err instanceof Error ? err.message : String(err)})`, {
          cause: err,
        });
      }
      if (!v) throw new Error(`gave up waiting for ${what} (last: ${JSON.stringify(v)})`);
      return v as Truthy<T>;
    },
    { timeout: timeoutMs, interval: intervalMs },
  );
}
