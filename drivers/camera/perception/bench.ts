/** Perception micro-benchmark, for bench/run.ts: each figure is a median over real vtest.avi frames. */
import { ensureBlazeFace } from './assets.ts';
import { FaceDetector } from './blazeface.ts';
import type { RgbFrame } from './frame.ts';
import { MotionDetector } from './motion.ts';
import { Perception } from './perceive.ts';
import { decodeFrames, VTEST } from './testing.ts';

export interface PerceptionBench {
  width: number;
  height: number;
  /** Perception.process: motion + letterbox + model + decode + presence */
  msPerFrame: number;
  /** a bare session.run on a prepared input tensor: the floor */
  rawInferenceMs: number;
  /** FaceDetector.detect (letterbox, run(s), decode, NMS): compare with rawInferenceMs */
  detectMs: number;
  /** the letterbox into the model's input alone */
  preprocessMs: number;
  motionMs: number;
  /** share of one core that msPerFrame takes at 15 frames per second */
  coreShareAt15fps: number;
}

export interface BenchOptions {
  width?: number;
  height?: number;
  frames?: number;
  threads?: number;
}

export async function benchPerception(opts: BenchOptions = {}): Promise<PerceptionBench> {
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  const n = opts.frames ?? 60;
  const modelPath = await ensureBlazeFace();
  const frames = await decodeFrames(VTEST, { frames: n, width, height });
  const detector = await FaceDetector.load(modelPath, { threads: opts.threads ?? 1 });
  const perception = await Perception.create({ modelPath, threads: opts.threads ?? 1 });
  try {
    const motion = new MotionDetector();
    const msPerFrame = await medianMs(frames, (f) => perception.process(f));
    const rawInferenceMs = await medianMs(frames, () => detector.runRaw());
    const detectMs = await medianMs(frames, (f) => detector.detect(f));
    const preprocessMs = await medianMs(frames, (f) => detector.preprocess(f));
    const motionMs = await medianMs(frames, (f) => motion.update(f));
    return {
      width,
      height,
      msPerFrame,
      rawInferenceMs,
      detectMs,
      preprocessMs,
      motionMs,
      coreShareAt15fps: (msPerFrame * 15) / 1000,
    };
  } finally {
    await detector.close();
    await perception.close();
  }
}

/** median time of fn over the frames, after one warm-up pass */
async function medianMs(frames: readonly RgbFrame[], fn: (f: RgbFrame) => unknown): Promise<number> {
  for (const f of frames.slice(0, 10)) await fn(f);
  const times: number[] = [];
  for (const f of frames) {
    const t0 = performance.now();
    await fn(f);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}
