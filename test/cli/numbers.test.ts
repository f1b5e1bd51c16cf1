/** Every number the CLI takes is checked before anything runs: a bad one is refused with exit 2. */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { numberProblem } from '../../runtime/cli/numbers.ts';

function nacre(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'runtime/cli/index.ts', ...args], { timeout: 60_000 }, (err, _stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

describe('CLI numbers', () => {
  it.each([
    [['start', '--seconds', 'abc'], /--seconds must be a number of seconds above 0/],
    [['start', '--seconds', '1e10'], /up to 2147483/], // a timer that long ends at once
    [['snapshot', '--steps', 'many'], /--steps must be a whole number of steps/],
    [['camera', 'inspect', 'x.jpg', '--fps', '0'], /--fps must be frames a second above 0/],
  ])('nacre %s is refused', async (args, message) => {
    const r = await nacre(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('each option against its limits', () => {
    expect(numberProblem('seconds', '3')).toBeUndefined();
    expect(numberProblem('seconds', '0')).toMatch(/above 0/);
    expect(numberProblem('seconds', '')).toBeDefined();
    expect(numberProblem('seconds', 'Infinity')).toBeDefined();
    expect(numberProblem('seed', '1.5')).toMatch(/whole/);
    expect(numberProblem('width', '100000')).toMatch(/up to 7680/);
    expect(numberProblem('frames', '0')).toBeDefined();
    expect(numberProblem('min-face-score', '0.5')).toBeUndefined();
    expect(numberProblem('min-face-score', '1.5')).toBeDefined();
  });
});
