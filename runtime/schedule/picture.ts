import { readFile } from 'node:fs/promises';
import sharp from 'sharp';

/** The closed picture as the display pages load it (GET /assets/closed-picture). */
export interface ClosedPicture {
  data: Buffer;
  type: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}

/**
 * Reads and decodes the configured closed picture: a file that is not a PNG or JPEG, or that does not decode,
 * stops the exhibit at start with the reason (a kiosk should not find out at closing time).
 */
export async function loadClosedPicture(file: string): Promise<ClosedPicture> {
  const where = `schedule.closedImage (${file})`;
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (err) {
    throw new Error(`${where} cannot be read: ${(err as Error).message}`);
  }
  try {
    const image = sharp(data);
    const { format } = await image.metadata();
    if (format !== 'png' && format !== 'jpeg') throw new Error(`it is ${format ?? 'not an image'}, not a PNG or JPEG`);
    // decoding every pixel finds a truncated or corrupt file, which the header alone does not
    const { info } = await image.raw().toBuffer({ resolveWithObject: true });
    return { data, type: format === 'png' ? 'image/png' : 'image/jpeg', width: info.width, height: info.height };
  } catch (err) {
    throw new Error(`${where} is not a picture Nacre can show: ${(err as Error).message}`);
  }
}
