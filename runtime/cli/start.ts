import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { OnnxWorldModel } from '../../models/onnx/model.ts';
import type { Provider } from '../../models/onnx/protocol.ts';
import type { ModelSession } from '../../models/world-model.ts';
import { logger } from '../log.ts';
import type { Conditions } from '../types.ts';
import { frameToJpeg } from './encode.ts';

export interface StartOptions {
  model: string;
  provider: Provider;
  seconds?: number;
  /** a JPEG of the latest frame, rewritten every 2 s (the display pages arrive with issue #3) */
  preview: string;
}

const log = logger('start');

/** A slow walk with gentle turns: what the kiosk shows until drivers and displays are wired in. */
function autopilot(t: number): Partial<Conditions> {
  return { move: [0, 0.7], look: [0.22 * Math.sin(t / 6.5) + 0.08 * Math.sin(t / 2.3), 0], actions: {} };
}

async function writePreview(path: string, jpeg: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, jpeg);
  await rename(`${path}.tmp`, path);
}

interface Stats { steps: number; runMs: number; lateMs: number }

async function runSession(model: OnnxWorldModel, session: ModelSession, o: StartOptions, stop: AbortSignal): Promise<void> {
  const { fps } = model.manifest;
  const presets = Object.keys(model.manifest.style?.presets ?? {});
  const period = 1000 / fps;
  const t0 = performance.now();
  let due = t0;
  let stats: Stats = { steps: 0, runMs: 0, lateMs: 0 };
  let lastReport = t0;
  let lastPreview = 0;
  while (!stop.aborted) {
    const now = performance.now();
    const t = (now - t0) / 1000;
    session.push(autopilot(t));
    const mood = presets[Math.floor(t / 45) % Math.max(1, presets.length)];
    if (mood && mood !== session.style) log.info(session.instruct({ text: mood }), 'instruction');
    const out = await session.next();
    stats = { steps: stats.steps + 1, runMs: stats.runMs + out.runMs, lateMs: Math.max(stats.lateMs, performance.now() - due) };
    if (now - lastPreview > 2000 && out.frames[0]) {
      lastPreview = now;
      await writePreview(o.preview, frameToJpeg(out.frames[0]));
    }
    if (now - lastReport >= 5000) {
      const secs = (now - lastReport) / 1000;
      log.info({ stepsPerSecond: +(stats.steps / secs).toFixed(1), runMs: +(stats.runMs / stats.steps).toFixed(1), style: session.style, preview: o.preview }, 'world running');
      stats = { steps: 0, runMs: 0, lateMs: 0 };
      lastReport = now;
    }
    due = Math.max(due + period, performance.now() - period);
    await sleep(Math.max(0, due - performance.now()));
  }
}

/** Runs the world until stopped; a crashed model is reloaded after a pause that doubles up to 30 s. */
export async function start(o: StartOptions): Promise<number> {
  const stop = new AbortController();
  const quit = () => stop.abort();
  process.once('SIGINT', quit);
  process.once('SIGTERM', quit);
  if (o.seconds) setTimeout(quit, o.seconds * 1000).unref();
  let backoff = 1000;
  while (!stop.signal.aborted) {
    const model = await OnnxWorldModel.load(o.model, { provider: o.provider });
    const failed = new Promise<Error>((resolve) => model.onFailure(resolve));
    try {
      const session = await model.openSession({ seed: Date.now() % 100000 });
      log.info({ model: model.manifest.name, size: `${model.manifest.width}x${model.manifest.height}`, fps: model.manifest.fps }, 'world started');
      const outcome = await Promise.race([runSession(model, session, o, stop.signal).then(() => undefined), failed]);
      if (outcome) throw outcome;
      backoff = 1000;
    } catch (err) {
      log.error({ err: (err as Error).message, retryInMs: backoff }, 'world model failed; restarting it');
      await sleep(backoff);
      backoff = Math.min(backoff * 2, 30_000);
    } finally {
      await model.close();
    }
  }
  log.info('stopped');
  return 0;
}
