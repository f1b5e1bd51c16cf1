import { FfmpegCapture, type CameraFrame, type CaptureOptions } from './capture.ts';
import { cameraSchema, type CameraSourceInput, type Fit } from './schema.ts';
import { describeSource } from './source.ts';

export interface GrabOptions extends CaptureOptions {
  /** give up after this long (default 15000) */
  timeoutMs?: number;
  /** frames to let pass first: a live camera's first frames are often dark while its exposure settles */
  skip?: number;
  fps?: number;
}

/** One frame from a source, then ffmpeg is stopped: for the snapshot CLI and tests. */
export async function grabFrame(
  source: CameraSourceInput,
  size: { width: number; height: number; fit?: Fit },
  opts: GrabOptions = {},
): Promise<CameraFrame> {
  const config = cameraSchema.parse({ id: 'snapshot', source, ...size, ...(opts.fps ? { fps: opts.fps } : {}) });
  const capture = new FfmpegCapture(config, opts);
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    await capture.start(abort.signal);
    let frame = capture.latest()!;
    while (frame.seq < (opts.skip ?? 0)) frame = await capture.next(frame.seq, abort.signal);
    return frame;
  } catch (err) {
    if (!abort.signal.aborted) throw err;
    throw new Error(`camera snapshot: no frame from ${describeSource(config.source)} within ${timeoutMs / 1000} s`, {
      cause: err,
    });
  } finally {
    clearTimeout(timer);
    await capture.stop();
  }
}
