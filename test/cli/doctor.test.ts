/** `nacre doctor` tells an integrator what this machine offers, and fails when the model cannot run. */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function doctor(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'runtime/cli/index.ts', 'doctor', ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

describe('nacre doctor', () => {
  it('checks node, onnxruntime, devices, tools and a step of the model', async () => {
    const r = await doctor(['--model', 'models/default-320x180']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok {4}node 2\d/m);
    expect(r.out).toMatch(/^ok {4}onnxruntime-node .* backends: cpu/m);
    expect(r.out).toMatch(/^(ok|info) {2,4}chromium (found|not found)/m);
    expect(r.out).toMatch(
      /^ok {4}model models\/default-320x180: nacre-default 320x180 at 30 fps on cpu, one step [\d.]+ ms/m,
    );
  });

  it('fails, saying why, on a model that cannot run', async () => {
    const r = await doctor(['--model', 'models/nowhere']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL {2}models\/nowhere\/manifest\.json: file not found/m);
  });
});
