// @ts-check
// The closed picture (opening hours): loaded from the runtime, fitted to the display with black bars, drawn
// through the display's mapping instead of the world, whatever carries the world's frames.

/**
 * @param {string} address where the runtime serves it (same origin)
 * @returns {Promise<ImageBitmap>}
 */
export async function loadClosedPicture(address) {
  const res = await fetch(address);
  if (!res.ok) throw new Error(`the closed picture did not load: HTTP ${res.status}`);
  return createImageBitmap(await res.blob());
}

/**
 * The picture scaled to fit `width` x `height`, centred, black around it.
 * @param {ImageBitmap} image
 * @param {number} width
 * @param {number} height
 * @returns {HTMLCanvasElement}
 */
export function fitted(image, width, height) {
  const canvas = Object.assign(document.createElement('canvas'), { width, height });
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, width, height);
  const scale = Math.min(width / image.width, height / image.height);
  const [w, h] = [image.width * scale, image.height * scale];
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, (width - w) / 2, (height - h) / 2, w, h);
  return canvas;
}
