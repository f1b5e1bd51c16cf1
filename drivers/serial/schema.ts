import { z } from 'zod';

const field = z.strictObject({
  name: z.string().min(1),
  type: z.enum(['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'f32']),
  /** multiply the raw number by this (e.g. 0.01 for centi-degrees) */
  scale: z.number().default(1),
});
export type BinaryField = z.infer<typeof field>;

const lines = z.strictObject({
  type: z.literal('lines'),
  /** kv: "temp=21.5 button=1"; csv: "21.5,1" (named by `fields`); json: {"temp": 21.5} */
  format: z.enum(['kv', 'csv', 'json']).default('kv'),
  fields: z.array(z.string()).default([]),
  /** a line longer than this is garbage: dropped and counted */
  maxLength: z.number().int().positive().max(1_048_576).default(1024),
});

const binary = z.strictObject({
  /** SLIP (RFC 1055) or COBS framed binary records, little-endian fields in order */
  type: z.enum(['slip', 'cobs']),
  fields: z.array(field).min(1),
});

export const serialSchema = z
  .strictObject({
    id: z.string().regex(/^[\w-]+$/),
    /** a stable path: /dev/serial/by-id/... (ttyUSB0 and ttyUSB1 swap at reboot; by-id does not) */
    path: z.string().optional(),
    /** or find the device by what it is: re-attached wherever it comes back */
    match: z
      .strictObject({
        serialNumber: z.string().optional(),
        vendorId: z.string().optional(),
        productId: z.string().optional(),
      })
      .optional(),
    baudRate: z.number().int().positive().max(4_000_000).default(115200),
    framing: z
      .discriminatedUnion('type', [lines, binary])
      .default({ type: 'lines', format: 'kv', fields: [], maxLength: 1024 }),
    /** no byte for this long means the device is gone (a sensor that streams); 0 = off */
    heartbeatSeconds: z.number().nonnegative().max(3600).default(0),
  })
  .refine((c) => c.path || c.match, {
    message: 'give the device a "path" (/dev/serial/by-id/...) or a "match" (serialNumber, vendorId, productId)',
  });

export type SerialConfig = z.infer<typeof serialSchema>;
