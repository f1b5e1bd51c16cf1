/** One camera frame: packed rgb24 rows, no padding between rows. */
export interface RgbFrame {
  data: Uint8Array;
  width: number;
  height: number;
}

export function checkFrame(f: RgbFrame): void {
  if (!Number.isInteger(f.width) || !Number.isInteger(f.height) || f.width < 1 || f.height < 1) {
    throw new RangeError(`frame size ${f.width}x${f.height} is not a positive integer size`);
  }
  if (f.data.length < f.width * f.height * 3) {
    throw new RangeError(
      `frame data has ${f.data.length} bytes; rgb24 ${f.width}x${f.height} needs ${f.width * f.height * 3}`,
    );
  }
}
