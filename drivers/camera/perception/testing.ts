/** Test helpers: real images and footage decoded to rgb24 frames by ffmpeg. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RgbFrame } from './frame.ts';

const run = promisify(execFile);

export const SKIMAGE = '/usr/lib/python3/dist-packages/skimage/data';
export const ASTRONAUT = `${SKIMAGE}/astronaut.png`;
export const COFFEE = `${SKIMAGE}/coffee.png`;
export const CHELSEA = `${SKIMAGE}/chelsea.png`;
/** 768x576, 10 fps, 79.5 s of pedestrians seen from above, static camera */
export const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';

export interface DecodeOptions {
  /** output size; the source size when left out (and no filter is given) */
  width?: number;
  height?: number;
  /** frames to decode (1 for an image) */
  frames?: number;
  /** seconds into the source */
  start?: number;
  /** an ffmpeg -vf filter chain applied before the output scaling, e.g. padding */
  filter?: string;
}

export async function probeSize(path: string): Promise<{ width: number; height: number }> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height',
    '-of',
    'csv=p=0',
    path,
  ]);
  const [width, height] = stdout.trim().split(',').map(Number);
  if (!width || !height) throw new Error(`ffprobe found no video size in ${path}: ${stdout}`);
  return { width, height };
}

/** Decodes `frames` frames of an image or video into rgb24 frames. */
export async function decodeFrames(path: string, opts: DecodeOptions = {}): Promise<RgbFrame[]> {
  const size = opts.width && opts.height ? { width: opts.width, height: opts.height } : await probeSize(path);
  if (opts.filter && !(opts.width && opts.height)) throw new Error('decodeFrames: give width and height with a filter');
  const frames = opts.frames ?? 1;
  const vf = [opts.filter, `scale=${size.width}:${size.height}:flags=area`].filter(Boolean).join(',');
  const args = [
    '-v',
    'error',
    ...(opts.start ? ['-ss', String(opts.start)] : []),
    '-i',
    path,
    '-frames:v',
    String(frames),
    '-vf',
    vf,
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-',
  ];
  const bytes = size.width * size.height * 3;
  const { stdout } = await run('ffmpeg', args, { encoding: 'buffer', maxBuffer: bytes * frames + 1024 });
  const n = Math.floor(stdout.length / bytes);
  if (n < frames) throw new Error(`ffmpeg gave ${n} of ${frames} frames of ${path}`);
  return Array.from({ length: n }, (_, i) => ({
    ...size,
    data: new Uint8Array(stdout.buffer, stdout.byteOffset + i * bytes, bytes),
  }));
}

export async function decodeImage(path: string, opts: Omit<DecodeOptions, 'frames' | 'start'> = {}): Promise<RgbFrame> {
  const [frame] = await decodeFrames(path, { ...opts, frames: 1 });
  if (!frame) throw new Error(`no frame decoded from ${path}`);
  return frame;
}

/** A synthetic frame, e.g. a smooth gradient (no face, no edges). */
export function makeFrame(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number],
): RgbFrame {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 3);
  }
  return { data, width, height };
}
