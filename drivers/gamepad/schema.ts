import { z } from 'zod';
import { calibrationSchema } from './profile.ts';

const hexId = z.union(
  [
    z.number().int().min(0).max(0xffff),
    z
      .string()
      .regex(/^(0x)?[0-9a-fA-F]{1,4}$/)
      .transform((s) => parseInt(s.replace(/^0x/, ''), 16)),
  ],
  {
    error: 'a USB id in hex as text, e.g. "054c" (nacre doctor lists the pads plugged in with their ids)',
  },
);

export const gamepadSchema = z.strictObject({
  /** the pad's name in signals (`gamepad:<id>`); with `count`, slots are <id>1 ... <id>N */
  id: z.string().regex(/^[\w-]+$/),
  /** how many pads this entry takes at once, each in its own slot (a two-player pedestal: 2) */
  count: z.number().int().min(1).max(16).default(1),
  /** auto: HID pads through hidraw, the others (wired Xbox under xpad) through evdev */
  backend: z.enum(['auto', 'hid', 'evdev']).default('auto'),
  /** which pads: any when left out */
  match: z
    .strictObject({
      vendorId: hexId.optional(),
      productId: hexId.optional(),
      serialNumber: z.string().optional(),
      /** a /dev/input/by-id/... or /dev/hidrawN path */
      path: z.string().optional(),
    })
    .default({}),
  /** a shipped profile (drivers/gamepad/profiles/<name>.yaml); chosen by vendor and product when left out */
  profile: z.string().optional(),
  /** or a profile of your own: a YAML file laid out like drivers/gamepad/profiles/*.yaml (nacre hid inspect shows the control names) */
  profileFile: z.string().optional(),
  /** per-pad calibration over the profile's: stick deadzones, resting centres, outer edges, trigger deadzone */
  calibration: calibrationSchema.default({}),
});

export type GamepadConfig = z.infer<typeof gamepadSchema>;
export type GamepadConfigInput = z.input<typeof gamepadSchema>;

/** one supervised slot per pad: `count: 3` on "player" gives player1, player2, player3 */
export function gamepadSlots(c: GamepadConfig): GamepadConfig[] {
  if (c.count === 1) return [c];
  return Array.from({ length: c.count }, (_, i) => ({ ...c, id: `${c.id}${i + 1}`, count: 1 }));
}
