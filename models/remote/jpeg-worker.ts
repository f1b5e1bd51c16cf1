/** Decodes a step's JPEG frames to RGBA off the main thread (jpeg-js); the pixels are transferred back. */
import { parentPort } from 'node:worker_threads';
import jpeg from 'jpeg-js';
import type { FromJpegWorker, ToJpegWorker } from './jpeg.ts';

const port = parentPort!;

port.on('message', (m: ToJpegWorker) => {
  try {
    const frames = m.jpegs.map((bytes, i) => {
      const img = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: 100,
        maxMemoryUsageInMB: 1024,
      });
      if (img.width !== m.width || img.height !== m.height) {
        throw new Error(`JPEG frame ${i} is ${img.width}x${img.height}, the manifest says ${m.width}x${m.height}`);
      }
      return img.data;
    });
    const reply: FromJpegWorker = { id: m.id, frames };
    port.postMessage(
      reply,
      frames.map((f) => f.buffer as ArrayBuffer),
    );
  } catch (err) {
    const reply: FromJpegWorker = { id: m.id, error: `JPEG frame cannot be decoded: ${(err as Error).message}` };
    port.postMessage(reply);
  }
});
