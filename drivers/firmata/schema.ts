import { z } from 'zod';

/** A digital pin number (0 and 1 are the UART Firmata talks over) or an analog pin A0..A5. */
const analogPin = z.enum(['A0', 'A1', 'A2', 'A3', 'A4', 'A5']);
const pin = z.union([z.number().int().min(2).max(69), analogPin]);
export type Pin = z.infer<typeof pin>;

const input = z.strictObject({
  pin,
  /** motion: a PIR or proximity sensor's digital output */
  kind: z.enum(['button', 'switch', 'analog', 'motion']),
  channel: z.string().min(1).optional(),
  /** the board's internal pull-up; such inputs read pressed/closed when pulled low (unless `invert` says otherwise) */
  pullup: z.boolean().optional(),
  /** swaps what a high pin means; defaults to `pullup` */
  invert: z.boolean().optional(),
});

const output = z.strictObject({
  pin,
  kind: z.enum(['led', 'relay']),
  channel: z.string().min(1).optional(),
});

export const firmataSchema = z
  .strictObject({
    id: z.string().regex(/^[\w-]+$/),
    /** the stable name of the board, e.g. /dev/serial/by-id/usb-Arduino__www.arduino.cc__0043_...-if00 */
    path: z.string().min(1),
    /** the sketch's Firmata.begin() rate */
    baudRate: z.number().int().positive().max(4_000_000).default(57600),
    /** how long the firmware has to answer after the port opens (an Uno resets and blinks for ~2-3 s first) */
    readyTimeoutMs: z.number().int().positive().max(600_000).default(6000),
    inputs: z.array(input).default([]),
    outputs: z.array(output).default([]),
  })
  .superRefine((c, ctx) => {
    const pins = new Set<string>();
    const channels = new Set<string>();
    const check = (
      list: 'inputs' | 'outputs',
      index: number,
      part: { pin: Pin; kind: string; channel?: string | undefined },
    ) => {
      if (part.kind === 'analog' && typeof part.pin === 'number') {
        ctx.addIssue({
          code: 'custom',
          path: [list, index, 'pin'],
          message: `an analog input needs an analog pin (A0..A5), got ${part.pin}`,
        });
      }
      const channel = channelOf(part);
      if (pins.has(String(part.pin)))
        ctx.addIssue({ code: 'custom', path: [list, index, 'pin'], message: `pin ${part.pin} is configured twice` });
      else if (channels.has(channel))
        ctx.addIssue({ code: 'custom', path: [list, index, 'channel'], message: `channel "${channel}" is used twice` });
      pins.add(String(part.pin));
      channels.add(channel);
    };
    c.inputs.forEach((part, i) => check('inputs', i, part));
    c.outputs.forEach((part, i) => check('outputs', i, part));
  });

export type FirmataConfig = z.infer<typeof firmataSchema>;
export type InputConfig = FirmataConfig['inputs'][number];
export type OutputConfig = FirmataConfig['outputs'][number];

/** the configured channel, or `pin:7` / `analog:A0` */
export function channelOf(part: { pin: Pin; channel?: string | undefined }): string {
  return part.channel ?? (typeof part.pin === 'number' ? `pin:${part.pin}` : `analog:${part.pin}`);
}

/** ttyUSBn / ttyACMn name whichever board the kernel found first, and change with the plugging order */
export function isUnstablePath(path: string): boolean {
  return /^\/dev\/tty(USB|ACM)\d+$/.test(path);
}
