/** `nacre doctor` tells an integrator what this machine offers, and fails when the model cannot run. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/remote.ts';

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
    // each kind of device reports through its factory: cameras say whether ffmpeg is there
    expect(r.out).toMatch(/^(ok|info) {2,4}ffmpeg (found|not found): cameras/m);
    expect(r.out).toMatch(
      /^ok {4}model models\/default-320x180: nacre-default 320x180 at 30 fps \(onnx: onnxruntime cpu in a worker thread\), one step [\d.]+ ms/m,
    );
  });

  it('fails, saying why, on a model that cannot run', async () => {
    const r = await doctor(['--model', 'models/nowhere']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL {2}models\/nowhere\/manifest\.json: file not found/m);
  });

  it('runs a remote model folder through its backend, and says which server does not answer', async () => {
    const port = await freePort();
    const manifest = JSON.parse(readFileSync('models/default-remote/manifest.json', 'utf8')) as Record<string, unknown>;
    manifest.remote = { url: `grpc://127.0.0.1:${port}`, model: 'default' };
    const dir = mkdtempSync(join(tmpdir(), 'nacre-doctor-'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const r = await doctor(['--model', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`^FAIL {2}.*127\\.0\\.0\\.1:${port}`, 'm'));
  });
});
