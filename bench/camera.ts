/** Cameras: perception per frame against a bare model run, and the camera driver's main-thread load against capture alone. */
import { performance } from 'node:perf_hooks';
import { FfmpegCapture } from '../drivers/camera/capture.ts';
import { cameraDeviceSchema } from '../drivers/camera/config.ts';
import { CameraDriver } from '../drivers/camera/driver.ts';
import { benchPerception, type PerceptionBench } from '../drivers/camera/perception/bench.ts';
import { VTEST } from '../drivers/camera/perception/testing.ts';
import { silentLogger } from '../runtime/core/log.ts';

export { benchPerception, type PerceptionBench };

const config = cameraDeviceSchema.parse({ id: 'bench', source: { file: VTEST }, width: 640, height: 480, fps: 15 });

/** share of the main thread busy while `run` goes on for `ms` (event loop utilisation) */
async function mainThreadLoad(ms: number, start: () => Promise<() => Promise<void>>): Promise<number> {
  const alive = setInterval(() => undefined, 1000); // capture processes are unref'd: keep this process up
  const stop = await start().finally(() => clearInterval(alive));
  await new Promise((r) => setTimeout(r, 500)); // past start-up
  const before = performance.eventLoopUtilization();
  await new Promise((r) => setTimeout(r, ms));
  const load = performance.eventLoopUtilization(before).utilization;
  await stop();
  return load;
}

/** main-thread load of the whole camera driver (capture + perception worker + signals) and of a bare ffmpeg capture, 640x480 at 15 fps */
export async function cameraLoad(ms = 5000): Promise<{ driver: number; capture: number }> {
  const capture = await mainThreadLoad(ms, async () => {
    const c = new FfmpegCapture(config);
    await c.start();
    return () => c.stop();
  });
  const driver = await mainThreadLoad(ms, async () => {
    const d = new CameraDriver(config, silentLogger());
    await d.open(new AbortController().signal);
    return () => d.close();
  });
  return { driver, capture };
}
