/** Test rig: a tiny MJPEG network camera (HTTP multipart/x-mixed-replace) serving JPEGs cut from real footage. */
import { execFile } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';

export const footage = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
export const still = '/usr/lib/python3/dist-packages/skimage/data/astronaut.png';

/** `count` consecutive frames of a video as JPEG files' bytes, made by ffmpeg */
export async function jpegFrames(video: string, count: number, width = 384): Promise<Buffer[]> {
  const args = [
    '-loglevel',
    'error',
    '-nostdin',
    '-i',
    video,
    '-frames:v',
    String(count),
    '-vf',
    `scale=${width}:-2`,
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    '-q:v',
    '5',
    'pipe:1',
  ];
  const { stdout } = await promisify(execFile)('ffmpeg', args, { encoding: 'buffer', maxBuffer: 64 << 20 });
  return splitJpegs(stdout);
}

/** a JPEG ends at FF D9: entropy-coded data stuffs every FF byte, so the marker cannot occur inside */
function splitJpegs(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let end = bytes.indexOf('ffd9', start, 'hex'); end >= 0; end = bytes.indexOf('ffd9', start, 'hex')) {
    out.push(bytes.subarray(start, end + 2));
    start = end + 2;
  }
  return out;
}

export interface MjpegCamera {
  url: string;
  /** the camera hangs: connections stay open, nothing more is sent on them or on new ones */
  freeze(): void;
  /** the camera goes away: connections cut, port closed */
  close(): Promise<void>;
}

/** serves `frames` round and round at `fps` to every client, each frame a part with its own headers, as IP cameras do */
export async function mjpegCamera(frames: Buffer[], fps: number): Promise<MjpegCamera> {
  const timers = new Set<NodeJS.Timeout>();
  let frozen = false;
  const server = createServer((req, res) => {
    res.writeHead(200, {
      'Content-Type': 'multipart/x-mixed-replace; boundary=nacreframe',
      'Cache-Control': 'no-cache',
    });
    let i = 0;
    const timer = setInterval(() => frozen || part(res, frames[i++ % frames.length]!), 1000 / fps);
    timers.add(timer);
    res.on('close', () => (clearInterval(timer), timers.delete(timer)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/video.mjpg`,
    freeze: () => void (frozen = true),
    close: () => {
      for (const t of timers) clearInterval(t);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function part(res: ServerResponse, jpeg: Buffer): void {
  res.write(`--nacreframe\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
  res.write(jpeg);
  res.write('\r\n');
}

/** a port on 127.0.0.1 that nothing listens on (just closed) */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
