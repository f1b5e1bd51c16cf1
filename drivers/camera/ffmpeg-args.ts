import type { CameraConfig, CameraSource, Fit } from './schema.ts';
import { isStillImage, sourceKind } from './source.ts';

/** what ffmpeg needs of a camera's config (a perception stage's extra fields are ignored) */
export type CaptureSettings = Pick<
  CameraConfig,
  'source' | 'width' | 'height' | 'fps' | 'fit' | 'inputFormat' | 'rtspTransport' | 'timeoutSeconds'
>;

/**
 * The full ffmpeg argument list: one input, its first video stream at exactly width x height and fps,
 * as raw rgb24 on stdout, only errors on stderr, and never reading stdin (a capture in a kiosk has no tty).
 */
export function ffmpegArgs(c: CaptureSettings): string[] {
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-nostats',
    ...inputArgs(c),
    '-map',
    '0:v:0',
    '-vf',
    videoFilter(c.width, c.height, c.fps, c.fit),
    // the fps filter already makes the rate; the muxer must neither duplicate nor drop on top of it
    '-fps_mode',
    'passthrough',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  ];
}

export function inputArgs(c: CaptureSettings): string[] {
  const s = c.source;
  if ('device' in s) return v4l2Input(s.device, c);
  if ('file' in s) return fileInput(s, c.fps);
  return sourceKind(s) === 'rtsp' ? rtspInput(s.url, c) : httpInput(s.url, c);
}

function v4l2Input(device: string, c: CaptureSettings): string[] {
  // asking the camera for the output size and rate saves scaling; a driver that cannot gives its nearest mode
  const format = c.inputFormat ? ['-input_format', c.inputFormat] : [];
  return ['-f', 'v4l2', ...format, '-video_size', `${c.width}x${c.height}`, '-framerate', num(c.fps), '-i', device];
}

function rtspInput(url: string, c: CaptureSettings): string[] {
  // -timeout is the RTSP socket I/O timeout in ffmpeg 5+ (it was -stimeout before): a dead camera ends ffmpeg
  return ['-rtsp_transport', c.rtspTransport, '-timeout', micros(c.timeoutSeconds), '-fflags', 'nobuffer', '-i', url];
}

function httpInput(url: string, c: CaptureSettings): string[] {
  // No -reconnect: the supervisor owns reconnection (DESIGN.md section 3), so a loss shows in status and
  // logs and gets the one backoff. ffmpeg's own retries also multiply the time to notice a hung camera:
  // each reconnect waits out -rw_timeout again (measured: 7 s instead of 1 s with a 1 s timeout).
  // MJPEG over HTTP carries no timestamps: ffmpeg would assume 25 fps and the fps filter would then drop
  // frames of a slower camera (15 sent, 9 kept); arrival time is the camera's real timing.
  return [
    '-rw_timeout',
    micros(c.timeoutSeconds),
    '-use_wallclock_as_timestamps',
    '1',
    '-fflags',
    'nobuffer',
    '-i',
    url,
  ];
}

function fileInput(s: Extract<CameraSource, { file: string }>, fps: number): string[] {
  const pace = s.realtime ? ['-re'] : [];
  if (isStillImage(s.file)) {
    // image2 reads the still again for every frame; -framerate gives those frames their timestamps
    return [...pace, '-f', 'image2', '-loop', s.loop ? '1' : '0', '-framerate', num(fps), '-i', s.file];
  }
  return [...pace, ...(s.loop ? ['-stream_loop', '-1'] : []), '-i', s.file];
}

/**
 * fps first, so frames that are dropped are never scaled. The scaler converts straight to rgb24 before pad
 * or crop, so those work on whole pixels (no chroma subsampling to round odd offsets against).
 */
export function videoFilter(width: number, height: number, fps: number, fit: Fit): string {
  const size = `${width}:${height}`;
  const rate = `fps=${num(fps)}`;
  switch (fit) {
    case 'pad':
      return `${rate},scale=${size}:force_original_aspect_ratio=decrease:flags=bilinear,format=rgb24,pad=${size}:(ow-iw)/2:(oh-ih)/2:black`;
    case 'crop':
      return `${rate},scale=${size}:force_original_aspect_ratio=increase:flags=bilinear,format=rgb24,crop=${size}`;
    case 'stretch':
      return `${rate},scale=${size}:flags=bilinear,format=rgb24`;
  }
}

const num = (n: number) => String(Number(n.toFixed(3)));
const micros = (seconds: number) => String(Math.round(seconds * 1e6));
