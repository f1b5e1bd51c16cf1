/** The number options of the CLI and their limits: a value outside them is refused (exit 2), never run. */
interface Limit {
  min: number;
  max: number;
  /** true: min itself is refused (a duration of 0) */
  aboveMin?: boolean;
  integer?: boolean;
  what: string;
}

/** the longest a Node timer waits (2^31 - 1 ms); --seconds beyond it would end at once */
const MAX_TIMER_SECONDS = Math.floor(2_147_483_647 / 1000);

export const NUMBER_OPTIONS: Record<string, Limit> = {
  seconds: { min: 0, max: MAX_TIMER_SECONDS, aboveMin: true, what: 'a number of seconds' },
  seed: { min: 0, max: 2 ** 32 - 1, integer: true, what: 'a whole number' },
  steps: { min: 1, max: 100_000, integer: true, what: 'a whole number of steps' },
  width: { min: 1, max: 7680, integer: true, what: 'a width in pixels' },
  height: { min: 1, max: 4320, integer: true, what: 'a height in pixels' },
  fps: { min: 0, max: 240, aboveMin: true, what: 'frames a second' },
  frames: { min: 1, max: 1_000_000_000, integer: true, what: 'a whole number of frames' },
  'min-face-score': { min: 0, max: 1, aboveMin: true, what: 'a score' },
};

/** The problem with `--name value`, or undefined when it is a number within its limits. */
export function numberProblem(name: string, value: string): string | undefined {
  const limit = NUMBER_OPTIONS[name];
  if (!limit) return undefined;
  const n = value.trim() === '' ? NaN : Number(value);
  const fits =
    Number.isFinite(n) &&
    (limit.aboveMin ? n > limit.min : n >= limit.min) &&
    n <= limit.max &&
    (!limit.integer || Number.isInteger(n));
  if (fits) return undefined;
  const from = limit.aboveMin ? `above ${limit.min}` : `from ${limit.min}`;
  return `--${name} must be ${limit.what}${limit.integer ? ' (whole)' : ''} ${from} up to ${limit.max}, not "${value}"`;
}
