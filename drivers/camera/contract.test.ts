/**
 * The Driver contract for the camera driver: real ffmpeg reading a real MJPEG network camera (test/rigs/mjpeg)
 * that serves people walking (opencv's vtest.avi), and the real perception worker.
 */
import { beforeAll } from 'vitest';
import { driverContract } from '../driver.contract.ts';
import { footage, jpegFrames, mjpegCamera } from '../../test/rigs/mjpeg.ts';
import { cameraDeviceSchema } from './config.ts';
import { CameraDriver } from './driver.ts';

let frames: Buffer[];
beforeAll(async () => {
  frames = await jpegFrames(footage, 40, 160);
});

driverContract(
  'camera',
  async (log) => {
    const camera = await mjpegCamera(frames, 10);
    const c = cameraDeviceSchema.parse({
      id: 'street',
      source: { url: camera.url },
      width: 160,
      height: 120,
      fps: 10,
      timeoutSeconds: 2,
      perception: { faces: false, holdSeconds: 0.2 },
    });
    let closed = false;
    return {
      driver: new CameraDriver(c, log, { snapshot: () => undefined }),
      // the footage moves by itself: every frame is motion
      stimulate: () => undefined,
      unplug: async () => {
        closed = true;
        await camera.close();
      },
      cleanup: () => (closed ? undefined : camera.close()),
    };
  },
  { write: { channel: 'snapshot', value: true }, timeoutMs: 15_000 },
);
