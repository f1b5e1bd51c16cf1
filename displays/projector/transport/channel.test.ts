import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../runtime/core/log.ts';
import type { Frame } from '../../../runtime/core/world-model.ts';
import { displaySchema } from '../schema.ts';
import { FrameChannels } from './channel.ts';
import type { EncodedFrame } from './types.ts';
import { until } from '../../../test/helpers/wait.ts';

const frame = (step: number, w = 64, h = 32): Frame => {
  const data = new Uint8Array(w * h * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + step) & 0xff;
  return { width: w, height: h, data, step, at: performance.now() };
};

describe('frame channels', () => {
  it('displays with the same transport share one channel and one encode per frame; others get their own', async () => {
    const channels = new FrameChannels(silentLogger());
    const a = channels.get(displaySchema.parse({ id: 'a', transport: 'jpeg' }));
    const b = channels.get(displaySchema.parse({ id: 'b', transport: 'jpeg' }));
    const c = channels.get(displaySchema.parse({ id: 'c', transport: 'jpeg', jpeg: { quality: 50 } }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    const got: EncodedFrame[] = [];
    a.onFrame((e) => got.push(e));
    const f = frame(1);
    a.submit(f);
    b.submit(f); // the second display hands in the same frame: not encoded again
    await until(() => got.length === 1, 'the JPEG');
    expect(a.stats()).toMatchObject({ transport: 'jpeg', encoded: 1, encoderDropped: 0 });
    expect(got[0]!.data.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    await channels.close();
  });

  it('a raw region is the frame’s pixels, row for row', () => {
    const channels = new FrameChannels(silentLogger());
    const ch = channels.get(displaySchema.parse({ id: 'r', region: { x: 0.25, y: 0.5, width: 0.5, height: 0.5 } }));
    const got: EncodedFrame[] = [];
    ch.onFrame((e) => got.push(e));
    const f = frame(3);
    ch.submit(f);
    const e = got[0]!;
    expect([e.width, e.height]).toEqual([32, 16]);
    for (const [x, y] of [
      [0, 0],
      [31, 15],
      [10, 7],
    ] as const)
      expect(e.data.readUInt32LE((y * 32 + x) * 4)).toBe(
        Buffer.from(f.data.buffer).readUInt32LE(((16 + y) * 64 + 16 + x) * 4),
      );
  });

  it('an encoder still busy drops the newest frame and counts it, never queues', async () => {
    const channels = new FrameChannels(silentLogger());
    const ch = channels.get(displaySchema.parse({ id: 'j', transport: 'jpeg' }));
    const got: EncodedFrame[] = [];
    ch.onFrame((e) => got.push(e));
    for (let s = 0; s < 6; s++) ch.submit(frame(s, 1024, 512));
    const { encoded, encoderDropped } = ch.stats();
    expect(encoded + encoderDropped).toBe(6);
    expect(encoderDropped).toBeGreaterThan(0);
    await until(() => got.length === encoded, 'the encodes that were taken');
    // out in order
    expect(got.map((e) => e.step)).toEqual([...got.map((e) => e.step)].sort((x, y) => x - y));
    await channels.close();
  });
});
