/** What a remote step costs, measured through the runtime's own RemoteWorldModel (for bench/remote.ts and
 * bench/remote-torch.ts). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { WorldModel } from '../runtime/core/world-model.ts';
import type { RemoteSession } from '../models/remote/session.ts';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface StepFigures {
  /** median time of next() with lookahead 0: the latency of one step */
  stepMs: number;
  /** steps/s with lookahead 1 (the round trip hidden behind the previous step) */
  stepsPerSecond: number;
  /** share of the main thread's time busy while stepping with lookahead 1 (event-loop utilisation) */
  mainShare: number;
  /** frame bytes that came over the wire per frame (0 in-process) */
  bytesPerFrame: number;
}

async function run(
  model: WorldModel,
  steps: number,
): Promise<{ times: number[]; seconds: number; elu: number; bytes: number[] }> {
  const s = await model.openSession({ seed: 1 });
  for (let i = 0; i < 3; i++) await s.next();
  const times: number[] = [];
  const bytes: number[] = [];
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    s.push({ move: [0, 1], look: [Math.sin(i / 10), 0] });
    const t = performance.now();
    await s.next();
    times.push(performance.now() - t);
    if ('lastFrameBytes' in s) bytes.push((s as RemoteSession).lastFrameBytes);
  }
  const seconds = (performance.now() - t0) / 1000;
  const elu = performance.eventLoopUtilization(elu0).utilization;
  await s.close();
  return { times, seconds, elu, bytes };
}

/** lookahead 0 for the latency, lookahead 1 for throughput and the main thread's share */
export async function figures(load: (lookahead: 0 | 1) => Promise<WorldModel>, steps: number): Promise<StepFigures> {
  const lat = await load(0);
  const a = await run(lat, steps).finally(() => lat.close());
  const thr = await load(1);
  const b = await run(thr, steps).finally(() => thr.close());
  return {
    stepMs: median(a.times),
    stepsPerSecond: steps / b.seconds,
    mainShare: b.elu,
    bytesPerFrame: b.bytes.length ? median(b.bytes) : 0,
  };
}

export function remoteFolder(from: string, remote: Record<string, unknown>): string {
  const m = JSON.parse(readFileSync(join(from, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  for (const k of ['state', 'stateBudgetBytes', 'init', 'build']) delete m[k];
  m.remote = { stepTimeoutMs: 10_000, ...remote };
  const dir = mkdtempSync(join(tmpdir(), 'nacre-bench-remote-'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  return dir;
}
