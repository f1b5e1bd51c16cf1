import turbo from '@julusian/jpeg-turbo';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeJpeg, FAST_DCT_MAX_QUALITY } from './jpeg-codec.ts';
import type { Crop } from './types.ts';

const W = 320;
const H = 180;
/** smooth gradients (JPEG keeps them well) with a different colour in each quarter, alpha 255 */
const frame = (() => {
  const data = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4;
      data[i] = x < W / 2 ? 40 + x / 2 : 200;
      data[i + 1] = y < H / 2 ? 60 + y : 30;
      data[i + 2] = (x + y) / 2;
      data[i + 3] = 255;
    }
  return { width: W, height: H, data };
})();

/** the crop's RGB pixels as they are in the frame */
function rgbOf(c: Crop): Uint8Array {
  const out = new Uint8Array(c.width * c.height * 3);
  for (let y = 0; y < c.height; y++)
    for (let x = 0; x < c.width; x++)
      for (let k = 0; k < 3; k++) out[(y * c.width + x) * 3 + k] = frame.data[((c.y + y) * W + c.x + x) * 4 + k]!;
  return out;
}

/** decoded, the JPEG is the crop's pixels within JPEG's error */
async function expectPicture(jpeg: Buffer, c: Crop): Promise<void> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height, info.channels]).toEqual([c.width, c.height, 3]);
  const want = rgbOf(c);
  let sum = 0;
  for (let i = 0; i < want.length; i++) sum += Math.abs(data[i]! - want[i]!);
  expect(sum / want.length).toBeLessThan(2);
}

const sharpJpeg = (c: Crop, quality: number) =>
  sharp(Buffer.from(frame.data), { raw: { width: W, height: H, channels: 4 } })
    .extract({ left: c.x, top: c.y, width: c.width, height: c.height })
    .removeAlpha()
    .jpeg({ quality, chromaSubsampling: '4:2:0', optimiseCoding: false })
    .toBuffer();

describe('encodeJpeg', () => {
  const whole = { x: 0, y: 0, width: W, height: H };

  it('encodes the whole frame through TurboJPEG, straight from its RGBA rows', async () => {
    const jpeg = await encodeJpeg(frame, whole, 80);
    await expectPicture(jpeg, whole);
    const direct = turbo.compressSync(Buffer.from(frame.data), {
      format: turbo.FORMAT_RGBA,
      width: W,
      height: H,
      subsampling: turbo.SAMP_420,
      quality: 80,
    });
    expect(jpeg.equals(direct)).toBe(true);
  });

  it('encodes a crop in place, and one that ends on the last row right of column 0 through sharp', async () => {
    const inner = { x: 40, y: 20, width: 120, height: 100 };
    await expectPicture(await encodeJpeg(frame, inner, 80), inner);
    const bottomRight = { x: 160, y: 90, width: 160, height: 90 };
    const jpeg = await encodeJpeg(frame, bottomRight, 80);
    await expectPicture(jpeg, bottomRight);
    expect(jpeg.equals(await sharpJpeg(bottomRight, 80))).toBe(true);
  });

  it("keeps the accurate DCT (sharp's) above the quality where the fast one starts to cost", async () => {
    const jpeg = await encodeJpeg(frame, whole, FAST_DCT_MAX_QUALITY + 5);
    await expectPicture(jpeg, whole);
    expect(jpeg.equals(await sharpJpeg(whole, FAST_DCT_MAX_QUALITY + 5))).toBe(true);
    expect((await encodeJpeg(frame, whole, FAST_DCT_MAX_QUALITY)).equals(await sharpJpeg(whole, 90))).toBe(false);
  });

  it('gives each encode its own bytes, though the output buffers are reused', async () => {
    const [a, b] = await Promise.all([encodeJpeg(frame, whole, 30), encodeJpeg(frame, whole, 80)]);
    const again = await encodeJpeg(frame, whole, 30);
    expect(a.equals(again)).toBe(true);
    expect(a.equals(b)).toBe(false);
    // small results may share Node's Buffer pool, never bytes
    const overlap =
      a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.length && b.byteOffset < a.byteOffset + a.length;
    expect(overlap).toBe(false);
  });
});
