/**
 * The H.264 encoder asked for NVENC, through the real ffmpeg. On a machine without an NVENC engine (no NVIDIA
 * driver, as on CI; or a data-centre GPU such as the H200, where this was also run) it says so once and encodes
 * with libx264; on a workstation whose GPU has NVENC the frames come from NVENC.
 */
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../../runtime/core/world-model.ts';
import { memoryLogger } from '../../../test/helpers/log.ts';
import { until } from '../../../test/helpers/wait.ts';
import { H264Encoder } from './h264.ts';
import type { EncodedFrame } from './types.ts';

const W = 160;
const H = 96;
const frame = (step: number): Frame => {
  const data = new Uint8Array(W * H * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 5 + step * 3) & 0xff;
  return { width: W, height: H, data, step, at: performance.now() };
};

describe('H.264 with h264_nvenc asked for', () => {
  it('gives frames on any machine: from NVENC where the GPU has it, else from libx264 with one warning', async () => {
    const { log, lines } = memoryLogger();
    const h264 = new H264Encoder({ encoder: 'h264_nvenc', bitrateKbps: 1000, keyframeSeconds: 1, fps: 30 }, log);
    const got: EncodedFrame[] = [];
    h264.onFrame((e) => got.push(e));
    const crop = { x: 0, y: 0, width: W, height: H };
    let step = 0;
    // frames keep coming as the loop hands them in; those pushed while NVENC was being tried are dropped
    await until(
      () => {
        h264.push(frame(step++), crop);
        return got.length >= 5;
      },
      'five encoded frames',
      30_000,
    );
    await h264.close();
    const warnings = lines.filter((l) => /NVENC is not available/.test(l.msg));
    if (h264.encoderInUse === 'libx264') {
      expect(warnings).toHaveLength(1);
      expect(String(warnings[0]!.reason)).toMatch(/libcuda|OpenEncodeSessionEx|No capable devices|cuInit|CUDA_ERROR/);
    } else {
      expect(h264.encoderInUse).toBe('h264_nvenc');
      expect(warnings).toHaveLength(0);
    }
    expect(got[0]!.key).toBe(true);
    expect(got[0]!.codecString).toMatch(/^avc1\.42/); // constrained baseline, as the page's decoder is told
    expect(lines.filter((l) => /the H.264 encoder stopped/.test(l.msg))).toHaveLength(0);
  });
});
