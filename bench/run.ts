/**
 * npm run bench: every figure next to its floor measured in the same run. Run on an otherwise idle
 * machine; figures are medians. Goals (issue #2): host/raw <= 1.05; 640x360 >= 30 steps/s;
 * 1280x720 >= 25 steps/s on 2 cores.
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { hostStepMs, rawStepMs } from './model.ts';

const STEPS = Number(process.env.BENCH_STEPS ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MODELS = ['models/default', 'models/default-320x180', 'models/default-1280x720'].filter((d) => existsSync(d));

console.log(`nacre bench: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.versions.node}, ${STEPS} steps x ${ROUNDS} rounds\n`);
console.log('model                     raw run ms  host step ms  host/raw  steps/s  worker run ms  main-thread stall ms (p99 / max)');
for (const dir of MODELS) {
  const raws: number[] = [];
  const hosts: Awaited<ReturnType<typeof hostStepMs>>[] = [];
  // interleaved rounds, so a noisy neighbour hurts both sides alike
  for (let r = 0; r < ROUNDS; r++) {
    raws.push(await rawStepMs(dir, STEPS));
    hosts.push(await hostStepMs(dir, STEPS));
  }
  const raw = Math.min(...raws);
  const host = hosts.reduce((a, b) => (b.stepMs < a.stepMs ? b : a));
  const stall = Math.max(...hosts.map((h) => h.maxStallMs));
  const p99 = Math.max(...hosts.map((h) => h.p99StallMs));
  console.log(
    `${dir.padEnd(26)}${raw.toFixed(2).padStart(10)}${host.stepMs.toFixed(2).padStart(14)}${(host.stepMs / raw).toFixed(3).padStart(10)}` +
      `${(1000 / host.stepMs).toFixed(1).padStart(9)}${host.runMs.toFixed(2).padStart(15)}${`${p99.toFixed(1)} / ${stall.toFixed(1)}`.padStart(26)}`,
  );
}
