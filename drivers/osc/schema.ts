import { z } from 'zod';

const endpoint = z.strictObject({
  address: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535),
});

export const oscSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[\w-]+$/)
    .default('osc'),
  /** UDP in (and out, for feedback); loopback by default: open it to the network on purpose */
  udp: endpoint.default({ address: '127.0.0.1', port: 9000 }),
  /** TCP in, SLIP framed (OSC 1.1); off unless configured */
  tcp: endpoint.optional(),
  /** senders allowed (IP addresses); empty = anyone who can reach the port */
  allow: z.array(z.string()).default([]),
  /** where feedback goes: session state, the current prompt and style */
  feedback: endpoint.optional(),
  /** per address: more messages a second than this are dropped (a runaway fader cannot flood the show) */
  maxPerSecond: z.number().positive().max(1_000_000).default(500),
  /** action verbs `/nacre/action/<verb>` may hold besides those the model advertises (any other is dropped) */
  verbs: z
    .array(z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ or -'))
    .max(256)
    .default([]),
  /** bundles further in the future than this are refused (a wrong clock would hold them forever) */
  maxDelaySeconds: z.number().positive().max(3600).default(60),
  /** time-tagged messages waiting for their time, at most: more are dropped (counted) */
  maxScheduled: z.number().int().positive().max(100_000).default(1000),
  /** and at most this many bytes of them */
  maxScheduledBytes: z
    .number()
    .int()
    .positive()
    .max(64 * 1024 * 1024)
    .default(256 * 1024),
});

export type OscConfig = z.infer<typeof oscSchema>;
