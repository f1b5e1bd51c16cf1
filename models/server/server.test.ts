/**
 * The PyTorch model server (models/server, Debian's python3-torch + python3-grpcio): its own suite over real
 * gRPC (test_server.py), and its frames against the embedded ONNX default world's for the same seed and actions.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import { OnnxWorldModel } from '../onnx/model.ts';
import { startServer, type ServerProcess } from './server-process.ts';

const PYTHON = '/usr/bin/python3';
const MODEL = 'default-320x180';
// The spawn spot comes from a hash of sin() at large arguments (world.py Init), which float32 sin implementations
// round differently: torch and onnxruntime agree for about 40% of seeds (1, 7, 11, 12, 13, ...), seed 1 among them.
const SEED = 1;
const STEPS = 5;
const WALK = { move: [0, 1] as [number, number], look: [0.5, 0] as [number, number] };
const WALK_ACTION = '0,1,0.5,0,0,0,0';

function python(args: string[], cwd = 'models/server'): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

const missing = spawnSync(PYTHON, ['-c', 'import torch, grpc, google.protobuf, PIL'], { encoding: 'utf8' });
if (missing.status !== 0) {
  throw new Error(
    `the model server needs Debian's python3-torch, python3-grpcio, python3-protobuf, python3-pil and ` +
      `protobuf-compiler (scripts/install-system-packages.sh): ${missing.stderr.trim().split('\n').pop()}`,
  );
}

describe('nacre model-server', () => {
  it('passes its own suite over real gRPC (sequences, errors, idle timeout, SIGTERM)', async () => {
    const { code, output } = await python(['-m', 'unittest', '-v', 'test_server']);
    expect(code, output).toBe(0);
  }, 120_000);

  describe('against the embedded ONNX default world', () => {
    let server: ServerProcess;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'nacre-server-'));
      server = await startServer(['--model', MODEL, '--port', '0']);
    });
    afterAll(async () => {
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('shows the same landscape for the same seed and actions', async () => {
      const out = join(dir, 'frames.rgba');
      const run = await python(
        [
          'models/server/wm_client.py',
          '--target',
          server.target,
          '--model',
          MODEL,
          '--seed',
          String(SEED),
          '--steps',
          String(STEPS),
          '--action',
          WALK_ACTION,
          '--style',
          'day',
          '--out',
          out,
        ],
        '.',
      );
      expect(run.code, run.output).toBe(0);
      const torchFrames = readFileSync(out);
      const model = await OnnxWorldModel.load(`models/${MODEL}`, { lookahead: 0, log: silentLogger() });
      try {
        const session = await model.openSession({ seed: SEED });
        session.push(WALK);
        const size = model.manifest.width * model.manifest.height * 4;
        expect(torchFrames.length).toBe(size * STEPS);
        for (let i = 0; i < STEPS; i++) {
          const onnx = (await session.next()).frames[0]!.data;
          const stats = compare(onnx, torchFrames.subarray(i * size, (i + 1) * size));
          expect(Math.max(...stats.meanAbs), `step ${i}: ${JSON.stringify(stats)}`).toBeLessThan(2);
          expect(stats.within8, `step ${i}: ${JSON.stringify(stats)}`).toBeGreaterThan(0.99);
        }
      } finally {
        await model.close();
      }
    });
  });
});

/** mean absolute difference per RGB channel, and the share of pixels whose channels all differ by <= 8 */
function compare(a: Uint8Array, b: Uint8Array): { meanAbs: number[]; within8: number } {
  const sums = [0, 0, 0];
  let close = 0;
  const pixels = a.length / 4;
  for (let p = 0; p < a.length; p += 4) {
    let worst = 0;
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(a[p + c]! - b[p + c]!);
      sums[c]! += d;
      worst = Math.max(worst, d);
    }
    if (worst <= 8) close++;
  }
  return { meanAbs: sums.map((s) => Math.round((s / pixels) * 1000) / 1000), within8: close / pixels };
}
