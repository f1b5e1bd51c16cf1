import type { RgbImage } from '../runtime/core/world-model.ts';

/**
 * The picture at exactly width x height for a model's init.onnx: centre-cropped to that aspect (a model's
 * palette reading should not see letterbox bars), then each output pixel the mean of the source pixels it
 * covers. Model inputs are small (64x48 for the default world), so a direct box average is enough.
 */
export function fitRgb(src: RgbImage, width: number, height: number): Uint8Array {
  if (src.data.length < src.width * src.height * 3)
    throw new RangeError(
      `image data has ${src.data.length} bytes; rgb24 ${src.width}x${src.height} needs ${src.width * src.height * 3}`,
    );
  const aspect = width / height;
  const cropW = Math.min(src.width, src.height * aspect);
  const cropH = cropW / aspect;
  const x0 = (src.width - cropW) / 2;
  const y0 = (src.height - cropH) / 2;
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const top = Math.floor(y0 + (y * cropH) / height);
    const bottom = Math.max(top + 1, Math.floor(y0 + ((y + 1) * cropH) / height));
    for (let x = 0; x < width; x++) {
      const left = Math.floor(x0 + (x * cropW) / width);
      const right = Math.max(left + 1, Math.floor(x0 + ((x + 1) * cropW) / width));
      const sum = [0, 0, 0];
      for (let sy = top; sy < bottom; sy++) {
        for (let sx = left; sx < right; sx++) {
          const p = (sy * src.width + sx) * 3;
          sum[0]! += src.data[p]!;
          sum[1]! += src.data[p + 1]!;
          sum[2]! += src.data[p + 2]!;
        }
      }
      const n = (bottom - top) * (right - left);
      const o = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) out[o + c] = Math.round(sum[c]! / n);
    }
  }
  return out;
}
