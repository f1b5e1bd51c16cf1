import { z } from 'zod';
import { mappingSchema } from './mapping/schema.ts';

const fraction = z.number().min(0).max(1);

/** A part of the model's frame, as fractions of its width and height from the top left (a panorama's share). */
export const regionSchema = z
  .strictObject({ x: fraction, y: fraction, width: fraction.positive(), height: fraction.positive() })
  .refine((r) => r.x + r.width <= 1.000001 && r.y + r.height <= 1.000001, 'the region must lie inside the frame');
export type Region = z.infer<typeof regionSchema>;

export const jpegSchema = z.strictObject({
  /** libjpeg-turbo quality, 10..100 */
  quality: z.number().int().min(10).max(100).default(80),
});

export const h264Schema = z.strictObject({
  /** libx264 on the CPU (ultrafast, zerolatency), or NVENC on an NVIDIA GPU */
  encoder: z.enum(['libx264', 'h264_nvenc']).default('libx264'),
  bitrateKbps: z.number().int().min(200).max(100_000).default(6000),
  /** a page that joins or falls behind waits for the next key frame: at most this long */
  keyframeSeconds: z.number().min(0.1).max(10).default(1),
});

export const displaySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][\w-]*$/i, 'letters, digits, "-" and "_" (it is the page address /display/<id>)'),
  title: z.string().optional(),
  /** play the model's sound through this page's Web Audio */
  audio: z.boolean().default(true),
  /**
   * how frames travel to the page: raw RGBA (a page on the same machine), JPEG (libjpeg-turbo), or H.264
   * (decoded by WebCodecs in the page). Pages of displays with the same transport share one encode per frame.
   */
  transport: z.enum(['raw', 'jpeg', 'h264']).default('raw'),
  jpeg: jpegSchema.default(jpegSchema.parse({})),
  h264: h264Schema.default(h264Schema.parse({})),
  /** the part of the model's frame this display shows (a panorama sets it); the whole frame when absent */
  region: regionSchema.optional(),
  /** corner pin, mesh warp, edge blends, black level and mask; the console's calibration overrides it */
  mapping: mappingSchema.optional(),
  /** the video output of the projector PC this display is on (`nacre kiosk`): e.g. HDMI-1, DP-2 */
  output: z.string().min(1).optional(),
});
export type DisplayConfig = z.infer<typeof displaySchema>;
