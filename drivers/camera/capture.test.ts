/** FfmpegCapture with the real ffmpeg over real footage, a real photo and a real HTTP MJPEG camera. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FfmpegCapture, type CameraFrame } from './capture.ts';
import { grabFrame } from './grab.ts';
import { closedPort, footage, jpegFrames, mjpegCamera, still } from '../../test/rigs/mjpeg.ts';
import { rtspCamera } from '../../test/rigs/rtsp.ts';
import { cameraSchema } from './schema.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function capture(source: Record<string, unknown>, extra: Record<string, unknown> = {}, opts = {}) {
  const cap = new FfmpegCapture(
    cameraSchema.parse({ id: 'cam', source, width: 320, height: 240, fps: 15, ...extra }),
    opts,
  );
  const frames: CameraFrame[] = [];
  const exits: Error[] = [];
  cap.onFrame((f) => frames.push(f));
  cap.onExit((err) => exits.push(err));
  cleanup.push(() => cap.stop());
  return { cap, frames, exits };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const same = (a: CameraFrame, b: CameraFrame) => Buffer.compare(a.data, b.data) === 0;
const pixel = (f: CameraFrame, x: number, y: number) => [
  ...f.data.subarray((y * f.width + x) * 3, (y * f.width + x) * 3 + 3),
];

describe('FfmpegCapture', () => {
  it('captures a video file as exact frames at about the configured rate', async () => {
    const { cap, frames } = capture({ file: footage });
    await cap.start();
    await sleep(2000);
    const n = frames.length;
    expect(n).toBeGreaterThan(10); // 15 fps for 2 s is ~30; wide bounds, no timing is asserted
    expect(n).toBeLessThan(60);
    expect(frames.every((f) => f.data.byteLength === 320 * 240 * 3 && f.width === 320 && f.height === 240)).toBe(true);
    expect(frames.map((f) => f.seq)).toEqual([...Array(n).keys()]);
    expect(frames.every((f, i) => i === 0 || f.t >= frames[i - 1]!.t)).toBe(true);
    expect(same(frames[0]!, frames[n - 1]!)).toBe(false); // pedestrians walk
    expect(cap.latest()?.seq).toBeGreaterThanOrEqual(n - 1);
  });

  it('repeats a still image as identical frames, letterboxed by default and cropped on request', async () => {
    const padded = capture({ file: still });
    await padded.cap.start();
    await vi.waitFor(() => expect(padded.frames.length >= 3, 'three frames').toBe(true), {
      timeout: 15_000,
      interval: 20,
    });
    const [a, , c] = padded.frames as [CameraFrame, CameraFrame, CameraFrame];
    expect(same(a, c)).toBe(true);
    expect(pixel(a, 0, 120)).toEqual([0, 0, 0]); // a square photo in a 4:3 frame: bars left and right
    expect(pixel(a, 160, 120)).not.toEqual([0, 0, 0]);
    const cropped = await grabFrame({ file: still }, { width: 320, height: 240, fit: 'crop' });
    expect(pixel(cropped, 0, 120)).not.toEqual([0, 0, 0]);
    expect(cropped.data.byteLength).toBe(320 * 240 * 3);
  });

  it('reports ffmpeg killed from outside once, and the same source captures again', async () => {
    const first = capture({ file: footage });
    await first.cap.start();
    process.kill(first.cap.pid!, 'SIGKILL');
    await vi.waitFor(() => expect(first.exits.length > 0, 'the exit').toBe(true), { timeout: 15_000, interval: 20 });
    await sleep(100);
    expect(first.exits).toHaveLength(1);
    expect(first.exits[0]!.message).toMatch(/camera "cam" \(file .*vtest\.avi\): ffmpeg was killed by SIGKILL/);
    expect(first.exits[0]).toMatchObject({ disconnected: true, signal: 'SIGKILL' });
    await expect(first.cap.next(first.cap.latest()!.seq)).rejects.toThrow(/SIGKILL/);
    const again = capture({ file: footage });
    await again.cap.start();
    await vi.waitFor(() => expect(again.frames.length >= 3, 'frames from the new capture').toBe(true), {
      timeout: 15_000,
      interval: 20,
    });
  });

  it("a missing file fails the start with ffmpeg's words and the file name", async () => {
    const { cap, exits } = capture({ file: '/srv/footage/no-such-clip.mp4' });
    const err = await cap.start().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/no-such-clip\.mp4.*: ffmpeg exited with code 1: .*No such file or directory/);
    expect(exits).toEqual([]); // reported once, by start()
    expect(cap.phase).toBe('ended');
  });

  it('a network camera that refuses the connection fails within its timeout', async () => {
    const port = await closedPort();
    for (const url of [`http://127.0.0.1:${port}/video.mjpg`, `rtsp://user:pw@127.0.0.1:${port}/stream`]) {
      const { cap } = capture({ url }, { timeoutSeconds: 2 });
      const t0 = Date.now();
      const err = await cap.start().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(/Connection refused/);
      expect(err?.message).not.toMatch(/pw/);
      expect(Date.now() - t0).toBeLessThan(10_000);
    }
  });

  it('captures an HTTP MJPEG camera, and reports it when the camera goes away', async () => {
    const camera = await mjpegCamera(await jpegFrames(footage, 30), 15);
    cleanup.push(() => camera.close());
    const { cap, frames, exits } = capture({ url: camera.url }, { timeoutSeconds: 1 });
    await cap.start();
    await vi.waitFor(() => expect(frames.length >= 15, 'fifteen frames').toBe(true), { timeout: 15_000, interval: 20 });
    expect(frames.every((f) => f.data.byteLength === 320 * 240 * 3)).toBe(true);
    expect(same(frames[0]!, frames[14]!)).toBe(false);
    await camera.close();
    await vi.waitFor(() => expect(exits.length > 0, 'the exit').toBe(true), { timeout: 15_000, interval: 20 });
    expect(exits[0]!.message).toMatch(
      /^camera "cam" \(http:\/\/127\.0\.0\.1:\d+\/video\.mjpg\): the camera ended the stream/,
    );
  });

  it('an HTTP camera that hangs with its connection open ends ffmpeg through its I/O timeout', async () => {
    const camera = await mjpegCamera(await jpegFrames(footage, 10), 15);
    cleanup.push(() => camera.close());
    const { cap, exits } = capture({ url: camera.url }, { timeoutSeconds: 1 }, { stallTimeoutMs: 60_000 });
    await cap.start();
    camera.freeze();
    await vi.waitFor(() => expect(exits.length > 0, 'the exit').toBe(true), { timeout: 15_000, interval: 20 });
    expect(exits[0]!.message).toMatch(/Connection timed out/); // ffmpeg's own timeout, not the stall watchdog
  });

  it('captures an RTSP camera (H.264, RTP over TCP); a hung one ends through the socket timeout', async () => {
    const camera = await rtspCamera(footage);
    cleanup.push(() => camera.close());
    const url = camera.url.replace('rtsp://', 'rtsp://admin:secret@');
    const { cap, frames, exits } = capture({ url }, { timeoutSeconds: 1 }, { stallTimeoutMs: 60_000 });
    await cap.start();
    await vi.waitFor(() => expect(frames.length >= 15, 'fifteen frames').toBe(true), { timeout: 15_000, interval: 20 });
    expect(frames.every((f) => f.data.byteLength === 320 * 240 * 3)).toBe(true);
    expect(same(frames[0]!, frames[14]!)).toBe(false);
    camera.freeze();
    await vi.waitFor(() => expect(exits.length > 0, 'the exit').toBe(true), { timeout: 15_000, interval: 20 });
    expect(exits[0]!.message).toMatch(/^camera "cam" \(rtsp:\/\/127\.0\.0\.1:\d+\/stream\): /);
    expect(exits[0]!.message).not.toMatch(/secret|no frame for/);
  });

  it('stop() while running resolves once ffmpeg is gone, fires no onExit, and is idempotent', async () => {
    const { cap, exits } = capture({ file: footage });
    await cap.start();
    const pid = cap.pid!;
    const stopping = cap.stop();
    expect(cap.stop()).toBe(stopping);
    await stopping;
    expect(() => process.kill(pid, 0)).toThrow(); // no such process
    await sleep(100);
    expect(exits).toEqual([]);
    expect(cap.phase).toBe('ended');
    await expect(cap.next(cap.latest()!.seq)).rejects.toThrow(/stopped/);
    await expect(cap.start()).rejects.toThrow(/create a new FfmpegCapture/);
  });

  it('stop() or an abort before the first frame rejects start()', async () => {
    const { cap } = capture({ file: footage });
    const starting = cap.start().catch((e: Error) => e);
    await cap.stop();
    expect((await starting)?.message).toMatch(/stopped/);
    const aborted = capture({ file: footage });
    await expect(aborted.cap.start(AbortSignal.abort())).rejects.toThrow(/stopped/);
  });

  it('next() hands a busy consumer the newest frame and skips the rest, without a queue', async () => {
    const { cap } = capture({ file: footage });
    await cap.start();
    let f = await cap.next();
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      await sleep(250); // a slow consumer: ~4 frames arrive meanwhile
      f = await cap.next(f.seq);
      seen.push(f.seq);
    }
    const gaps = seen.slice(1).map((s, i) => s - seen[i]!);
    expect(gaps.every((g) => g >= 1)).toBe(true);
    expect(Math.max(...gaps)).toBeGreaterThan(1);
  });

  it('a source that stops sending is killed after the stall timeout and reported', async () => {
    const { cap, exits } = capture({ file: footage }, {}, { stallTimeoutMs: 1000 });
    await cap.start();
    process.kill(cap.pid!, 'SIGSTOP'); // a hung camera: ffmpeg alive, nothing coming
    await vi.waitFor(() => expect(exits.length > 0, 'the stall').toBe(true), { timeout: 15_000, interval: 20 });
    expect(exits[0]!.message).toMatch(/no frame for 1 s/);
  });

  it('names a missing ffmpeg and what to do', async () => {
    const { cap } = capture({ file: footage }, {}, { ffmpegPath: '/opt/none/ffmpeg' });
    await expect(cap.start()).rejects.toThrow(/cannot run ffmpeg \("\/opt\/none\/ffmpeg"\): not found: install it/);
  });

  it('grabFrame: one frame from a video, after skipping some', async () => {
    const f = await grabFrame({ file: footage }, { width: 160, height: 120 }, { skip: 2 });
    expect(f.seq).toBe(2);
    expect(f.data.byteLength).toBe(160 * 120 * 3);
  });
});
