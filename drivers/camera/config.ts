import { z } from 'zod';
import { cameraSchema } from './schema.ts';

const region = z.strictObject({
  cols: z.number().int().min(1).max(16).default(3),
  rows: z.number().int().min(1).max(16).default(2),
});

/** A camera as the runtime configures it: capture (schema.ts), what perception looks for, snapshots, privacy. */
export const cameraDeviceSchema = cameraSchema.extend({
  perception: z
    .strictObject({
      /** look for faces (BlazeFace); off: motion and presence only */
      faces: z.boolean().default(true),
      /** lowest face score counted: 0.75 keeps book covers and posters out; lower it for far visitors */
      minFaceScore: z.number().gt(0).lt(1).default(0.75),
      /** run the face model on every Nth frame (1: every frame) */
      faceInterval: z.number().int().min(1).max(1000).default(1),
      /** motion energy per cell of this grid: signals motion:0 ... motion:(cols*rows-1), row by row from the top left */
      regions: region.default({ cols: 3, rows: 2 }),
      /** a pixel counts as moving when it changes by more than this (0..255): raise it for a noisy camera */
      noise: z.number().min(0).max(255).default(12),
      /** presence from motion: on above this energy, off below `motionOff`, held `holdSeconds` after the last evidence */
      motionOn: z.number().min(0).max(1).default(0.002),
      motionOff: z.number().min(0).max(1).default(0.001),
      holdSeconds: z.number().min(0).max(3600).default(3),
      /** parts of the picture to leave out (a screen or a door in view): fractions 0..1 from the top left */
      ignore: z
        .array(
          z.strictObject({
            x: z.number().min(0).max(1),
            y: z.number().min(0).max(1),
            width: z.number().gt(0).max(1),
            height: z.number().gt(0).max(1),
          }),
        )
        .default([]),
    })
    .default({
      faces: true,
      minFaceScore: 0.75,
      faceInterval: 1,
      regions: { cols: 3, rows: 2 },
      noise: 12,
      motionOn: 0.002,
      motionOff: 0.001,
      holdSeconds: 3,
      ignore: [],
    }),
  /** someone in front of the camera wakes the kiosk and keeps the visit going */
  wakes: z.boolean().default(true),
  /** what starts a new world from this camera's picture: signals (a button, an OSC address) that turn true */
  snapshot: z
    .strictObject({ trigger: z.array(z.strictObject({ source: z.string(), channel: z.string() })).default([]) })
    .optional(),
  /** privacy: camera pictures never leave the machine or reach the console unless this is true */
  showOnConsole: z.boolean().default(false),
});

export type CameraDeviceConfig = z.infer<typeof cameraDeviceSchema>;
