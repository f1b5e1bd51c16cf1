import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FlvReader, type FlvVideo } from './flv.ts';
import { ffmpegArgs } from './h264.ts';

/** ten frames of a moving gradient through the real ffmpeg, with the arguments the encoder uses */
function encode(width: number, height: number, frames: number): Buffer {
  const raw = Buffer.alloc(width * height * 4 * frames);
  for (let f = 0; f < frames; f++)
    for (let i = 0; i < width * height; i++)
      raw.writeUInt32LE(((i + f * 8) & 0xff) * 0x010101 + 0xff000000, (f * width * height + i) * 4);
  const crop = { x: 0, y: 0, width, height };
  const args = ffmpegArgs(
    { encoder: 'libx264', bitrateKbps: 2000, keyframeSeconds: 0.2, fps: 25 },
    width,
    height,
    crop,
  );
  const out = spawnSync('ffmpeg', args, { input: raw, maxBuffer: 64 << 20 });
  expect(out.status, out.stderr.toString()).toBe(0);
  return out.stdout;
}

describe('FLV from ffmpeg', () => {
  it('gives the decoder configuration, then one access unit per frame, key frames where the GOP says', () => {
    const flv = encode(64, 48, 10);
    const reader = new FlvReader();
    const got: FlvVideo[] = [];
    // fed in awkward pieces, as a pipe delivers it
    for (let i = 0; i < flv.length; i += 37) got.push(...reader.push(flv.subarray(i, i + 37)));
    const [config, ...frames] = got;
    expect(config?.kind).toBe('config');
    expect(config?.kind === 'config' && config.codec).toMatch(/^avc1\.42[0-9a-f]{4}$/);
    expect(frames).toHaveLength(10);
    // 0.2 s at 25 frames/s: a key frame every 5 frames
    expect(frames.map((f) => f.kind === 'frame' && f.key)).toEqual([
      true,
      false,
      false,
      false,
      false,
      true,
      false,
      false,
      false,
      false,
    ]);
    // AVCC: the first NAL unit's 4-byte length fits in the access unit
    for (const f of frames) if (f.kind === 'frame') expect(f.data.readUInt32BE(0)).toBeLessThan(f.data.length);
  });

  it('refuses a stream that is not FLV', () => {
    expect(() => new FlvReader().push(Buffer.from('RIFF....WAVE'))).toThrow(/not an FLV stream/);
  });
});
