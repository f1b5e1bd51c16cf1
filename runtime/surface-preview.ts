import type { SurfacePreviewMeta } from './core/display-protocol.ts';

/** a preview JPEG of a page-hosted world is small (320 px wide, ~15 KB), under the page socket's message limit */
const MAX_BYTES = 60 * 1024;
const MAX_SIDE = 1920;

const side = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= MAX_SIDE;

/**
 * A page's preview of the world it hosts, checked before it goes to the consoles: for the surface the page
 * was given, a plausible size, and a JPEG (its start-of-image marker), nothing bigger than a preview needs.
 * Returns why not, or the checked picture.
 */
export function checkSurfacePreview(
  meta: unknown,
  jpeg: unknown,
  surfaceId: string | undefined,
): { meta: SurfacePreviewMeta; jpeg: Buffer } | { refused: string } {
  const m = meta as Partial<SurfacePreviewMeta> | null;
  if (!m || typeof m !== 'object' || typeof m.id !== 'string') return { refused: 'no surface id' };
  if (!surfaceId || m.id !== surfaceId) return { refused: 'not the surface this page hosts now' };
  if (!side(m.width) || !side(m.height)) return { refused: 'a size out of range' };
  if (!Buffer.isBuffer(jpeg)) return { refused: 'not binary' };
  if (jpeg.byteLength > MAX_BYTES) return { refused: `over ${MAX_BYTES} bytes` };
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return { refused: 'not a JPEG' };
  return { meta: { id: m.id, width: m.width, height: m.height }, jpeg };
}
