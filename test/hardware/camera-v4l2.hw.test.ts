/**
 * A V4L2 camera (the kernel's vivid test driver, a webcam input) in the QEMU guest: discovered by its sysfs
 * name, captured through ffmpeg's v4l2 input, and run as a camera of the supervisor with perception.
 */
import { describe, expect, it } from 'vitest';
import { FfmpegCapture } from '../../drivers/camera/capture.ts';
import { cameraDeviceSchema } from '../../drivers/camera/config.ts';
import { listV4l2Devices } from '../../drivers/camera/discover.ts';
import { createCameraFactory } from '../../drivers/camera/factory.ts';
import { silentLogger } from '../../runtime/core/log.ts';
import { Supervisor } from '../../runtime/supervisor/supervisor.ts';
import type { Signal } from '../../runtime/core/signals.ts';
import { until } from './pads.ts';

describe('a V4L2 camera', () => {
  it('is listed with its name, and ffmpeg captures exact rgb24 frames from it', { timeout: 300_000 }, async () => {
    const devices = await listV4l2Devices();
    const vivid = devices.find((d) => /vivid/i.test(d.label ?? ''));
    expect(vivid, JSON.stringify(devices)).toBeDefined();
    // the guest emulates its CPU: on a busy host, ffmpeg alone takes more than the default 10 s to its first frame
    const capture = new FfmpegCapture(
      cameraDeviceSchema.parse({ id: 'v4l2', source: { device: vivid!.path }, width: 320, height: 240, fps: 10 }),
      { stallTimeoutMs: 120_000 },
    );
    try {
      await capture.start();
      const first = await capture.next(-1);
      const later = await capture.next(first.seq + 1);
      expect(first.data.length).toBe(320 * 240 * 3);
      expect(later.seq).toBeGreaterThan(first.seq);
    } finally {
      await capture.stop();
    }
  });

  it('runs as a supervised camera and sends its perception as signals', { timeout: 600_000 }, async () => {
    const [vivid] = (await listV4l2Devices()).filter((d) => /vivid/i.test(d.label ?? ''));
    // the guest emulates its CPU: the perception worker alone (a worker thread loading its modules) takes seconds
    const supervisor = new Supervisor({ log: silentLogger(), openDeadlineMs: 180_000 });
    supervisor.add(
      createCameraFactory(),
      cameraDeviceSchema.parse({
        id: 'cam',
        source: { device: vivid!.path },
        width: 320,
        height: 240,
        fps: 10,
        stallSeconds: 120,
        perception: { faces: false },
      }),
    );
    const signals: Signal[] = [];
    supervisor.onSignal((s) => signals.push(s));
    supervisor.start();
    try {
      await until(() => supervisor.status()[0]?.state === 'open', 'the camera open', 400_000).catch((err: Error) => {
        throw new Error(`${err.message}; supervisor status: ${JSON.stringify(supervisor.status())}`);
      });
      await until(
        () => signals.some((s) => s.source === 'camera:cam' && s.channel === 'motion:0'),
        'motion signals',
        120_000,
      );
      expect(signals.some((s) => s.channel === 'presence')).toBe(true);
    } finally {
      await supervisor.stop();
    }
  });
});
