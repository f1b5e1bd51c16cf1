import { z } from 'zod';
import type { ProjectionMapping } from '../../../runtime/core/display-protocol.ts';

/** a position on the projector's picture (or the source picture), as fractions from the top left; a little outside is allowed */
const point = z.tuple([z.number().min(-1).max(2), z.number().min(-1).max(2)]);

const edge = z.strictObject({
  /** how far the ramp reaches into the picture, as a fraction of its width (left/right) or height (top/bottom) */
  width: z.number().min(0).max(0.5),
  /** the ramp's shape: 1 linear, 2 the usual S (a higher power is steeper in the middle) */
  curve: z.number().min(0.5).max(8).default(2),
  /** the projector's gamma: the ramp is corrected so the two overlapping pictures add up to the same light */
  gamma: z.number().min(1).max(3.5).default(2.2),
});

const mesh = z
  .strictObject({
    cols: z.number().int().min(2).max(16),
    rows: z.number().int().min(2).max(16),
    /** false: straight between points (bilinear); true: a smooth curve through them (Catmull-Rom) */
    smooth: z.boolean().default(true),
    /** rows x cols points, row by row from the top left, in the corner-pinned square (0..1) */
    points: z.array(point),
  })
  .refine((m) => m.points.length === m.cols * m.rows, 'mesh.points must have cols x rows points');

export const DEFAULT_CORNERS: ProjectionMapping['corners'] = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];

export const mappingSchema = z.strictObject({
  /**
   * where the picture's corners land on the projector: top left, top right, bottom right, bottom left; null:
   * the picture fitted into the projector's picture, its aspect kept (letterboxed), as without a mapping
   */
  corners: z.tuple([point, point, point, point]).nullable().default(null),
  mesh: mesh.nullable().default(null),
  blend: z
    .strictObject({ left: edge.optional(), right: edge.optional(), top: edge.optional(), bottom: edge.optional() })
    .default({}),
  /** light added outside the overlaps so they match the overlaps' brighter black (0 to 0.25) */
  blackLift: z.number().min(0).max(0.25).default(0),
  /** polygons on the projector's picture: nothing is drawn outside them (none: the whole picture) */
  mask: z.array(z.array(point).min(3)).default([]),
});

export const IDENTITY_MAPPING: ProjectionMapping = mappingSchema.parse({});

/** a regular grid of cols x rows points over the unit square: a mesh that changes nothing */
export function flatMesh(cols: number, rows: number): [number, number][] {
  const points: [number, number][] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) points.push([c / (cols - 1), r / (rows - 1)]);
  return points;
}
