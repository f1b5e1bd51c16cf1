import { ensureBlazeFace } from './perception/assets.ts';
import { Perception } from './perception/perceive.ts';
import { FfmpegCapture } from './capture.ts';
import { cameraDeviceSchema } from './config.ts';
import { perceptionSignals } from './signals.ts';

export interface InspectOptions {
  /** /dev/video0 or /dev/v4l/by-id/..., rtsp:// or http:// URL, or a video or image file */
  source: string;
  width?: number;
  height?: number;
  fps?: number;
  /** stop after this many frames (default: until interrupted, or the end of a file that does not loop) */
  frames?: number;
  minFaceScore?: number;
  signal?: AbortSignal;
}

function sourceOf(s: string): { device: string } | { url: string } | { file: string; loop: boolean } {
  if (s.startsWith('/dev/')) return { device: s };
  if (/^(rtsps?|https?):\/\//i.test(s)) return { url: s };
  return { file: s, loop: false };
}

/**
 * nacre camera inspect: what perception sees, one JSON line per frame (the signals the camera would send),
 * to tune thresholds. Runs in this process; nothing is stored.
 */
export async function inspectCamera(o: InspectOptions, print: (line: string) => void): Promise<number> {
  const config = cameraDeviceSchema.parse({
    id: 'inspect',
    source: sourceOf(o.source),
    ...(o.width ? { width: o.width } : {}),
    ...(o.height ? { height: o.height } : {}),
    ...(o.fps ? { fps: o.fps } : {}),
  });
  const perception = await Perception.create({
    modelPath: await ensureBlazeFace(),
    minFaceScore: o.minFaceScore ?? config.perception.minFaceScore,
    motion: { ...config.perception.regions, noise: config.perception.noise },
    presence: { holdFrames: Math.round(config.perception.holdSeconds * config.fps) },
    ignore: config.perception.ignore,
  });
  const capture = new FfmpegCapture(config);
  let ended: Error | undefined;
  capture.onExit((err) => (ended = err));
  try {
    await capture.start(o.signal);
    let seq = -1;
    for (let n = 0; (o.frames === undefined || n < o.frames) && !o.signal?.aborted; n++) {
      const frame = await capture.next(seq, o.signal).catch(() => undefined);
      if (!frame) break;
      seq = frame.seq;
      const r = await perception.process(frame);
      print(JSON.stringify({ frame: frame.seq, ...Object.fromEntries(perceptionSignals(r)) }));
    }
  } finally {
    await capture.stop();
    await perception.close();
  }
  // a file that simply ended is not an error
  return ended && !/exited with code 0/.test(ended.message) ? 1 : 0;
}
