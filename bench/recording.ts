/**
 * Recording a visit (phones.recording): the loop's steps/s and the main thread's load while a visit is
 * recorded to MP4 by ffmpeg, against the same runtime between visits (nothing recorded), same run, alternating.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startRuntime } from '../test/e2e/harness.ts';
import { poll } from './poll.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function recordingLoad(model: string, seconds: number, rounds: number) {
  const dir = await mkdtemp(join(tmpdir(), 'nacre-bench-visits-'));
  const { runtime } = await startRuntime({
    model: { path: model },
    phones: { enabled: true, recording: { enabled: true, dir } },
    session: { mode: 'wander', idleSeconds: 600, maxSeconds: 0, endingSeconds: 0 },
  });
  const window = async () => {
    const steps = runtime.loop.steps;
    const elu = performance.eventLoopUtilization();
    await sleep(seconds * 1000);
    return {
      stepsPerSecond: (runtime.loop.steps - steps) / seconds,
      mainLoad: performance.eventLoopUtilization(elu).utilization,
    };
  };
  const idle: Awaited<ReturnType<typeof window>>[] = [];
  const recording: Awaited<ReturnType<typeof window>>[] = [];
  try {
    await sleep(1500);
    for (let r = 0; r < rounds; r++) {
      idle.push(await window());
      runtime.commands.start();
      await poll(() => runtime.visits!.recording > 0.5, 'recording');
      recording.push(await window());
      runtime.commands.reset();
      await runtime.visits!.settled();
      await poll(() => runtime.session.now.phase === 'attract', 'between visits', 30_000);
    }
  } finally {
    await runtime.close();
  }
  const mean = (xs: { stepsPerSecond: number; mainLoad: number }[]) => ({
    stepsPerSecond: xs.reduce((a, x) => a + x.stepsPerSecond, 0) / xs.length,
    mainLoad: xs.reduce((a, x) => a + x.mainLoad, 0) / xs.length,
  });
  return { idle: mean(idle), recording: mean(recording) };
}
