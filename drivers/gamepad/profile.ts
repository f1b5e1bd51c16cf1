import { z } from 'zod';

/**
 * A profile names a controller's controls (data, not code): which raw control is the left stick, which
 * button is "south", its calibration and, for HID pads, where rumble and LED values go in its output report.
 * Raw control names are what the decoder reports: HID usage names ("X", "Rz", "Hat switch", "Button 3")
 * or Linux input event codes ("ABS_X", "BTN_SOUTH").
 */
const hex16 = z.union([
  z.number().int().min(0).max(0xffff),
  z
    .string()
    .regex(/^(0x)?[0-9a-fA-F]{1,4}$/)
    .transform((s) => parseInt(s.replace(/^0x/, ''), 16)),
]);

const stick = z.strictObject({ x: z.string(), y: z.string(), invertY: z.boolean().default(true) });
export const stickCalibrationSchema = z.strictObject({
  /** radial: a deflection below this (fraction of full travel) reads 0; the rest is rescaled, no jump */
  deadzone: z.number().min(0).lt(1).default(0.1),
  /** where the stick rests, as read (some pads rest off centre) */
  center: z.tuple([z.number(), z.number()]).default([0, 0]),
  /** a deflection beyond this reads as full travel (worn sticks never reach 1) */
  outer: z.number().gt(0).max(1).default(0.98),
});
export type StickCalibration = z.infer<typeof stickCalibrationSchema>;

export const calibrationSchema = z.strictObject({
  left: stickCalibrationSchema.optional(),
  right: stickCalibrationSchema.optional(),
  /** a trigger below this reads 0 */
  triggerDeadzone: z.number().min(0).lt(1).optional(),
});
export type Calibration = z.infer<typeof calibrationSchema>;

const dpad = z.union([
  z.strictObject({ hat: z.string() }),
  z.strictObject({ x: z.string(), y: z.string() }),
  z.strictObject({ up: z.string(), down: z.string(), left: z.string(), right: z.string() }),
]);

const outputs = z.strictObject({
  /** the whole output report as hex, report id first; values are written into it at the offsets below */
  report: z.string().regex(/^[\s0-9a-fA-F]+$/),
  rumble: z
    .strictObject({ strong: z.number().int().min(0).max(0xffff), weak: z.number().int().min(0).max(0xffff) })
    .optional(),
  led: z
    .strictObject({
      r: z.number().int().min(0).max(255),
      g: z.number().int().min(0).max(255),
      b: z.number().int().min(0).max(255),
    })
    .optional(),
});
export type OutputLayout = z.infer<typeof outputs>;

export const profileSchema = z.strictObject({
  name: z.string(),
  match: z
    .array(
      z.strictObject({
        backend: z.enum(['hid', 'evdev']),
        vendorId: hex16,
        productId: z.union([hex16, z.array(hex16)]).optional(),
      }),
    )
    .default([]),
  sticks: z.strictObject({ left: stick.optional(), right: stick.optional() }).default({}),
  triggers: z.strictObject({ lt: z.string().optional(), rt: z.string().optional() }).default({}),
  dpad: dpad.optional(),
  /** pad button name (south, east, west, north, l1, r1, l2, r2, select, start, home, l3, r3, touchpad, ...) -> raw control */
  buttons: z.record(z.string().regex(/^[a-z][a-z0-9]*$/), z.string()).default({}),
  /** evdev only: raw ranges of absolute axes, [min, max]; unknown axes learn theirs from what they report */
  ranges: z.record(z.string(), z.tuple([z.number(), z.number()])).default({}),
  calibration: calibrationSchema.default({}),
  outputs: outputs.optional(),
});
export type Profile = z.infer<typeof profileSchema>;
export type ProfileInput = z.input<typeof profileSchema>;
