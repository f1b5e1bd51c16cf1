/** The package's bin entry: `npx nacre ...` runs the CLI like every Node tool. */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function npx(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['--no-install', 'nacre', ...args], { timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npx nacre', () => {
  it('prints its usage, and refuses a bad option with exit 2', async () => {
    const help = await npx(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: nacre <command>/);
    const bad = await npx(['start', '--seconds', 'abc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--seconds must be/);
  });
});
