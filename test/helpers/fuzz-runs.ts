/**
 * How many cases a fuzz property runs: `inTests` in `npm test`, FUZZ_RUNS in the fuzz soak
 * (`npm run soak:fuzz`, 100,000 each: README "Operations").
 */
export function fuzzRuns(inTests: number): { numRuns: number } {
  const soak = Number(process.env.FUZZ_RUNS);
  return { numRuns: Number.isInteger(soak) && soak > 0 ? soak : inTests };
}
