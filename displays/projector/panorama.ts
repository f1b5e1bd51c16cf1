import { z } from 'zod';
import type { BlendEdge } from '../../runtime/core/display-protocol.ts';
import { mappingSchema } from './mapping/schema.ts';
import type { DisplayConfig, Region } from './schema.ts';

/** One wide picture over N projectors side by side, each taking its part of the frame with the overlap its blend needs. */
export const panoramaSchema = z.strictObject({
  /** the displays from left to right */
  displays: z.array(z.string()).min(2, 'a panorama needs at least two displays'),
  /** how much neighbours overlap, as a fraction of one display's picture width */
  overlap: z.number().min(0).max(0.5).default(0.15),
  /** the blend ramps in the overlaps (a display's own mapping.blend edges take precedence) */
  curve: z.number().min(0.5).max(8).default(2),
  gamma: z.number().min(1).max(3.5).default(2.2),
});
export type PanoramaConfig = z.infer<typeof panoramaSchema>;

export interface PanoramaPart {
  region: Region;
  left?: BlendEdge;
  right?: BlendEdge;
}

/**
 * The parts of the frame: n equal widths w with n - 1 overlaps of `overlap` x w, so w = 1 / (n - (n - 1) x overlap);
 * part i starts at i x (1 - overlap) x w. Each inner edge blends over the overlap.
 */
export function panoramaLayout(p: PanoramaConfig): PanoramaPart[] {
  const n = p.displays.length;
  const w = 1 / (n - (n - 1) * p.overlap);
  const edge: BlendEdge = { width: p.overlap, curve: p.curve, gamma: p.gamma };
  return p.displays.map((_, i) => ({
    region: { x: Math.min(i * (1 - p.overlap) * w, 1 - w), y: 0, width: w, height: 1 },
    ...(i > 0 && p.overlap > 0 ? { left: edge } : {}),
    ...(i < n - 1 && p.overlap > 0 ? { right: edge } : {}),
  }));
}

/** the displays with their panorama region and blends filled in (what a display sets itself stays) */
export function applyPanorama(displays: DisplayConfig[], p: PanoramaConfig | undefined): DisplayConfig[] {
  if (!p) return displays;
  const parts = panoramaLayout(p);
  return displays.map((d) => {
    const i = p.displays.indexOf(d.id);
    const part = parts[i];
    if (!part) return d;
    const mapping = d.mapping ?? mappingSchema.parse({});
    const blend = { ...mapping.blend };
    if (part.left && !blend.left) blend.left = part.left;
    if (part.right && !blend.right) blend.right = part.right;
    return { ...d, region: d.region ?? part.region, mapping: { ...mapping, blend } };
  });
}
